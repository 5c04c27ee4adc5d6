validate regress/no-edges
