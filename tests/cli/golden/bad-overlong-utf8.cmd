validate bad/overlong-utf8
