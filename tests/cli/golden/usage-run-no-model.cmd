run -o gen/out
