init gen/a-file
