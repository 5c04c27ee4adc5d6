run models/tiny-clearing.ini -n 99999999999999999999 -o gen/out
