run models/bad/variant-ids.ini -o gen/out
