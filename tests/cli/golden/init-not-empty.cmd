init gen
