run models/bad/huge-numbers.ini -o gen/out
