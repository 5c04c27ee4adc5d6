explain --worst models/tiny-clearing.ini
