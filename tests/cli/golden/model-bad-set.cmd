run models/bad/bad-set.ini -o gen/out
