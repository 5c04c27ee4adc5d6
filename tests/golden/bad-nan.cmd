validate bad/nan
