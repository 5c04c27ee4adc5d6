import roi/nope -o gen/import-nope
