init gen/x gen/y
