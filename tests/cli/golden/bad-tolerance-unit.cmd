validate bad/tolerance-unit
