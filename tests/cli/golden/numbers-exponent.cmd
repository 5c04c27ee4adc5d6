run models/tiny-clearing.ini -n 1e4 -s 1e3 -j 1 --max-trials 2e4 --precision 0.5 -o gen/out -q --no-charts
