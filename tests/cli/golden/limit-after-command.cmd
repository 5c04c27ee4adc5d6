validate --limit nodes=3 tiny
