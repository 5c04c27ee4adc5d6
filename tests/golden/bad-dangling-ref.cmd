validate bad/dangling-ref
