run models/bad/annual-no-frequency.ini -o gen/out
