run models/tiny-clearing.ini --importance --top 0 -o gen/out
