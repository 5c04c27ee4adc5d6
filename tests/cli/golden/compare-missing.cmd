compare no-such-dir tiny
