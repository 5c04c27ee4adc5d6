validate bad/not-a-number
