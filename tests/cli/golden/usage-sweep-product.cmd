sweep models/tiny-clearing.ini --vary model.seed=1:10:1000 --vary model.trials=1:10:1000 -o gen/s.csv
