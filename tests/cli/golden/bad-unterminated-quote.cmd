validate bad/unterminated-quote
