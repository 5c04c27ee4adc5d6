import roi/bad/size-lie.zip -o gen/import-size-lie
