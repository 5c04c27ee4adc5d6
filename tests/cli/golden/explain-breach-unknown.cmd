explain models/tiny-clearing.ini --breach a-pai
