validate bad/inst-as-to
