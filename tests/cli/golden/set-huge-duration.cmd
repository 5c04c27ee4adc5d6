run models/tiny-clearing.ini --set shock.clearing-down.duration.median=1e300 -o gen/out
