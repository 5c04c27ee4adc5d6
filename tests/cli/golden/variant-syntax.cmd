run models/bad/variant-syntax.ini -o gen/out
