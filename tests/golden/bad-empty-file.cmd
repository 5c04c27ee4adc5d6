validate bad/empty-file
