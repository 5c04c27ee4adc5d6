profile profile -o out
