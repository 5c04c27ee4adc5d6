run models/bad/unknown-section.ini -o gen/out
