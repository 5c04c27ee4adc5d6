validate bad/misnamed-deps
