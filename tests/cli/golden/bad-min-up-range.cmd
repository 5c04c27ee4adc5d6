validate bad/min-up-range
