validate bad/misnamed-column
