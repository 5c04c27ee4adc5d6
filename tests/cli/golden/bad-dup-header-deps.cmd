validate bad/dup-header-deps
