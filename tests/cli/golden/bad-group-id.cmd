validate bad/group-id
