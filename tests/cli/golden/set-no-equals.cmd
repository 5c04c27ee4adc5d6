run models/tiny-clearing.ini --set model.trials -o gen/out
