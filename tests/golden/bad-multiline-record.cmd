validate bad/multiline-record
