import roi/bad/r807 -o gen/import-r807
