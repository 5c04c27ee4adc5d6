validate bad/neg-number
