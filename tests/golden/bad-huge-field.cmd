validate gen/huge-field
