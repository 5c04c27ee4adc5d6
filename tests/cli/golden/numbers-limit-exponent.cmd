validate tiny --limit nodes=1e1
