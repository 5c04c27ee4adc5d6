init --froce gen/x
