validate bad/nul-byte
