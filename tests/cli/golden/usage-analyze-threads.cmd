analyze tiny -j 0 -o gen/an
