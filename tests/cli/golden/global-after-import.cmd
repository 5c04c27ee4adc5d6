import roi/set/pkgA -o gen/imp -q --limit records=1e6
