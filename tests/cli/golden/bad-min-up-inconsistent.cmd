validate bad/min-up-inconsistent
