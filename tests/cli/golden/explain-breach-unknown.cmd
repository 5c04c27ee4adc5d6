explain models/profile-stress.ini --breach nosuch
