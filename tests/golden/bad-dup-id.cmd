validate bad/dup-id
