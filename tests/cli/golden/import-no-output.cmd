import roi/set/pkgC
