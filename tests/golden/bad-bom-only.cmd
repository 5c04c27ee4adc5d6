validate bad/bom-only
