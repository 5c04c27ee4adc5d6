validate gen/dir-as-file
