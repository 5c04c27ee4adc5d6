run models/bad/empty.ini -o gen/out
