explain models/profile-stress.ini --worst losses
