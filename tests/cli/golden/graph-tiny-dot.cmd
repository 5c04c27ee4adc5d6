graph tiny -f dot
