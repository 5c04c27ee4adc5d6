explain models/profile-stress.ini --breach a-atm
