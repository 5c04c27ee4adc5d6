import roi/bad/r805 -o roi/bad/r805/out
