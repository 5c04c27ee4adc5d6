explain models/profile-stress.ini --trial 20001
