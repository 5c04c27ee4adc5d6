validate gen/cycle-every-node
