validate bad/long-id
