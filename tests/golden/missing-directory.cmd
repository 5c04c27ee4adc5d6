validate no-such-directory
