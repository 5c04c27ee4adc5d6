import roi/bad/warn -o gen/import-warn
