graph tiny
