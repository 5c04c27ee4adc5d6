import roi/set/pkgC -o gen/import-systemic --systemic roi/systemic.txt
