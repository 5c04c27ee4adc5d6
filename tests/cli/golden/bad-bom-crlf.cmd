validate bad/bom-crlf
