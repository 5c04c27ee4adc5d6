run models/bad/duplicate-key.ini -o gen/out
