import roi/bad/r805 -o gen/import-r805
