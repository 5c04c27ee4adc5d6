validate --bogus tiny
