profile profile bank-x -o out
