run models/tiny-clearing.ini --variant x=models/bad/no-such-file -o gen/out
