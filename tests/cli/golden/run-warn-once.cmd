run models/tiny-clearing.ini models/headline.ini -d bad/no-headline -o gen/out -q --no-charts
