sweep models/tiny-clearing.ini --vary model.seed -o gen/s.csv
