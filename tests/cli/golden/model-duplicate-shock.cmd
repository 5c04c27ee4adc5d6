run models/bad/duplicate-shock.ini -o gen/out
