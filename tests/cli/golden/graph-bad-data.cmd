graph bad/neg-number -f csv
