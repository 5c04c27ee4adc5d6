validate bad/cycle
