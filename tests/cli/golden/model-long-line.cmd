run models/bad/long-line.ini -o gen/out
