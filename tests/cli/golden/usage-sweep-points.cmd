sweep models/tiny-clearing.ini --vary model.seed=1:2:100001 -o gen/s.csv
