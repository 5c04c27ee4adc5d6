run models/bad/bad-duration.ini -o gen/out
