validate bad/misnamed-cloud
