sweep models/tiny-clearing.ini --vary model.seed=1,2 -n 10 -o gen
