run models/bad/binary-garbage.ini -o gen/out
