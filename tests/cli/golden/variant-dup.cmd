run models/bad/variant-dup.ini -o gen/out
