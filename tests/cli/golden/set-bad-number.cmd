run models/tiny-clearing.ini --set model.trials=2.5 -o gen/out
