validate bad/no-headline -q
