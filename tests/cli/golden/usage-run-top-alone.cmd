run models/tiny-clearing.ini --top 3 -o gen/out
