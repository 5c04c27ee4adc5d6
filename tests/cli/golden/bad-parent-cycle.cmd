validate bad/parent-cycle
