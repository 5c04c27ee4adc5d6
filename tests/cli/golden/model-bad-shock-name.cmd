run models/bad/bad-shock-name.ini -o gen/out
