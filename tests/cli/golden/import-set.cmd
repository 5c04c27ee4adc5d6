import roi/set/pkgA roi/set/pkgB.zip roi/set/pkgC -o gen/import-set
