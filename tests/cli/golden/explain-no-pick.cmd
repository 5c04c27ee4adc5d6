explain models/profile-stress.ini
