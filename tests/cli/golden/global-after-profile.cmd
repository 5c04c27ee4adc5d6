profile tiny bank-a -n 1e3 -o gen/p -q --limit trials=999
