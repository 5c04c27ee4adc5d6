validate bad/binary-garbage
