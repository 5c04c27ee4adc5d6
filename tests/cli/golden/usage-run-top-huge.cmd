run models/tiny-clearing.ini --importance --top 99999999999 -o gen/out
