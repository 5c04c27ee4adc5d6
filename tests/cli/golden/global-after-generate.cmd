generate --preset jp --scale 0.01 -o gen/g -s 1e3 -q
