run models/tiny-clearing.ini --set model.trails=10 -o gen/out
