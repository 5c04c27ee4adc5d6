validate gen/many-unknown
