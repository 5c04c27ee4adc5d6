import roi/set/pkgC -o gen/import-bad-assume-numbers --assumptions roi/bad-assumptions-numbers.ini
