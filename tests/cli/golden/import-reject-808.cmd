import roi/bad/r808 -o gen/import-r808
