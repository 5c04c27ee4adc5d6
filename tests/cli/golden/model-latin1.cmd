run models/bad/latin1.ini -o gen/out
