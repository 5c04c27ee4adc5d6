validate bad/bad-country
