run models/tiny-clearing.ini --importance --top many -o gen/out
