validate extra-files
