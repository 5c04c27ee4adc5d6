explain models/profile-stress.ini --trial 2
