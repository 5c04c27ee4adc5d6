run models/tiny-clearing.ini -n 10 --set model.name=tiny -o models/..
