import roi/bad/r805-prefix -o gen/import-r805-prefix
