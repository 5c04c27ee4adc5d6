validate bad/utf16
