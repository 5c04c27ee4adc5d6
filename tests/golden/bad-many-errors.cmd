validate bad/many-errors
