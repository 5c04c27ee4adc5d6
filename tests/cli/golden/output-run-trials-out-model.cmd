run gen/model.ini -d tiny -n 10 -o gen/out --trials-out gen/model.ini
