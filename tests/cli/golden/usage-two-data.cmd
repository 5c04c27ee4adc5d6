validate tiny tiny
