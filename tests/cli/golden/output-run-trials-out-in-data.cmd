run models/tiny-clearing.ini -n 10 -o gen/out --trials-out tiny/trials.csv
