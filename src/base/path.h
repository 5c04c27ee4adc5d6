/*
 * path.h - file names: joining, cleaning, comparing, creating directories.
 * Strings returned are owned by the caller and released with free().
 */
#ifndef CHOKEPOINT_PATH_H
#define CHOKEPOINT_PATH_H

/* mkdir -p: create path and its missing parents; 0 or -1 (errno, ENOTDIR
 * when something other than a directory is in the way). */
int make_dirs(const char *path);
/* Is 'path' (which need not exist yet) the directory 'dir' or inside it,
 * symbolic links followed?  0 when dir does not exist. */
int path_inside(const char *path, const char *dir);

/* Do a and b name the same existing file? */
int same_file(const char *a, const char *b);

/* The reason make_dirs failed with errno e, for a message. */
const char *make_dirs_strerror(int e);

/*
 * The lexically shortest form of a path: "." and empty components
 * dropped, "NAME/.." removed ("models/../data/x" -> "data/x").  Owned by
 * the caller.  It names the same file only when no NAME is a symbolic
 * link: check with same_file before using it for anything but display.
 */
char *path_clean(const char *path);

/* Join a directory and a file name with one '/'. */
char *path_join(const char *dir, const char *name);

#endif
