validate bad/empty-group
