run models/tiny-clearing.ini --precision 0.1 --target volume_disrupted -o gen/out
