compare tiny profile
