profile profile bank-a --peers regional -o out
