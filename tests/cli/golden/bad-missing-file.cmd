validate bad/missing-file
