validate bad/no-headline
