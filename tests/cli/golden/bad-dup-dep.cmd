validate bad/dup-dep
