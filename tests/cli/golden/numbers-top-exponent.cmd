analyze tiny --top 1e3 -o gen/a2 --no-charts -q
