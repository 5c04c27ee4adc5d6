explain models/profile-stress.ini --trial 1 --worst
