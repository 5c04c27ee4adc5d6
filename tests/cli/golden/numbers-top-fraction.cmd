analyze tiny --top 2.5 -o gen/a
