run models/tiny-clearing.ini -n 0 -o gen/out
