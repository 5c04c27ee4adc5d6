sweep gen/model.ini -d tiny --vary model.seed=1,2 -n 10 -o gen/model.ini
