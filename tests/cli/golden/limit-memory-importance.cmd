run models/tiny-clearing.ini --importance --no-charts -o gen/out --limit memory=600K --set model.mode=annual --set model.baseline=yes
