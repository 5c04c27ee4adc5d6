graph tiny -f csv
