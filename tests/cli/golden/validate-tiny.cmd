validate tiny
