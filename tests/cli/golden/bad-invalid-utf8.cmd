validate bad/invalid-utf8
