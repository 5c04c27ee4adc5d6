run models/bad/huge-trials.ini -o gen/out
