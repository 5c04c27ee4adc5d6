sweep models/tiny-clearing.ini --vary model.trials=10,20 -o gen/new/sub/x.csv -q --no-progress
