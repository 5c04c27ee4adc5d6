validate bad/utf16be
