run models/tiny-clearing.ini -n 10 -o tiny/out
