validate gen/wide-header
