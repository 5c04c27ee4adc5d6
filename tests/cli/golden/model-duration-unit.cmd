run models/bad/duration-unit.ini -o gen/out
