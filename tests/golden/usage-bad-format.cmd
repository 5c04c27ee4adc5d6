graph tiny -f svg
