run models/bad/nul-byte.ini -o gen/out
