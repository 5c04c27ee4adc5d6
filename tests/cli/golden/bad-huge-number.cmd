validate bad/huge-number
