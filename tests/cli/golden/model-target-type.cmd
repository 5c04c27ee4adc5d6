run models/bad/target-type.ini -o gen/out
