run models/tiny-clearing.ini -j 0 -o gen/out
