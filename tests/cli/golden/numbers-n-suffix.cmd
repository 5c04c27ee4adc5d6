run models/tiny-clearing.ini -n 20k --limit trials=20k -o gen/out -q --no-charts
