validate bad/infinity
