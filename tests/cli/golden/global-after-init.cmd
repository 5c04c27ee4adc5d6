init gen/init-q -q --no-progress
