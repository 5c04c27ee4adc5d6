validate gen/comma-bomb
