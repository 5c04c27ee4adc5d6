sweep models/tiny-clearing.ini --vary variant=none,second-region -n 10
