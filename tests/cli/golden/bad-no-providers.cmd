validate bad/no-providers
