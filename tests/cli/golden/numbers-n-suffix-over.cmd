run models/tiny-clearing.ini -n 20k --limit trials=19999 -o gen/out
