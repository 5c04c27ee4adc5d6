validate bad/semicolon
