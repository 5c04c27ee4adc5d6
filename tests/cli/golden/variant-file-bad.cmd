run models/tiny-clearing.ini --variant drop=models/bad/variant-file.txt -o gen/out
