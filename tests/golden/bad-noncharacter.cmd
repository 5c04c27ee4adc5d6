validate bad/noncharacter
