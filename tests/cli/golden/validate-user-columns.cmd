validate user-columns
