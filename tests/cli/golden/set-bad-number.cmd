run models/tiny-clearing.ini --set model.trials=1e3 -o gen/out
