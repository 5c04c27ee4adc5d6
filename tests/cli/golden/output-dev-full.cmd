graph tiny -f csv -o /dev/full
