validate bad/self-dep
