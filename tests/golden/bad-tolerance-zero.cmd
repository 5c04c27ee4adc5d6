validate bad/tolerance-zero
