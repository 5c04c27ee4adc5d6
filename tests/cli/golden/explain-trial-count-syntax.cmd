explain models/tiny-clearing.ini --trial 4e0
