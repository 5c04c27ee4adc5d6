validate bad/dup-column
