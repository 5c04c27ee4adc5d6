validate bad/misnamed-file
