run models/tiny-clearing.ini --set shock.clearing-down.targets=claering -o gen/out
