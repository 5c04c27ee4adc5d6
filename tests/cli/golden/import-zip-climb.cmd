import roi/bad/climb.zip -o gen/import-climb
