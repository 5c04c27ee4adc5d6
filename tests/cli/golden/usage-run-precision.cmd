run models/tiny-clearing.ini --precision 1.5 -o gen/out
