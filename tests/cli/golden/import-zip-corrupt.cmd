import roi/bad/corrupt.zip -o gen/import-corrupt
