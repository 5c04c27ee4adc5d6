init gen/init-new
