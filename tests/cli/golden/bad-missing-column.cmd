validate bad/missing-column
