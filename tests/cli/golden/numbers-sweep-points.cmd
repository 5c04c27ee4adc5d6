sweep models/tiny-clearing.ini --vary shock.clearing-down.probability=0:1:1e6 --limit sweep-points=10
