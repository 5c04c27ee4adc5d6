import roi/set/pkgC -o gen/import-bad-systemic --systemic roi/bad-systemic.txt
