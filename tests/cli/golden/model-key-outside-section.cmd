run models/bad/key-outside-section.ini -o gen/out
