validate bad/many-columns
