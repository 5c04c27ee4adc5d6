validate bad/control-char
