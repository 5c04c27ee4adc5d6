import roi/set/pkgC -o gen/import-bad-assume --assumptions roi/bad-assumptions.ini
