validate bad/huge-min-up
