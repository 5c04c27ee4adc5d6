run models/bad/unknown-target.ini -o gen/out
