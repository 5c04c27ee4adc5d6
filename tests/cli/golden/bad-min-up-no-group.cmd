validate bad/min-up-no-group
