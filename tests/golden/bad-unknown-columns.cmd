validate bad/unknown-columns
