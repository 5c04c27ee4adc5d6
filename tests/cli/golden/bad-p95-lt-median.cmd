validate bad/p95-lt-median
