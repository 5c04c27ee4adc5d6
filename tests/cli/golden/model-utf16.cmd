run models/bad/utf16.ini -o gen/out
