run models/bad/min-institutions.ini -o gen/out
