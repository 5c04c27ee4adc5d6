run models/bad/empty-shock.ini -o gen/out
