analyze tiny --durations 0,nan -o gen/an
