validate bad/cloud-type
