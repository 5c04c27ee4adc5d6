/*
 * util.h - allocation wrappers that never return NULL, string helpers,
 * atomic output files.
 *
 * The x* allocators print a message and exit(EX_OSERR) when memory runs
 * out: there is no sensible recovery for a batch analytics program, and
 * it keeps every caller free of NULL checks.  Strings returned by
 * xstrdup/xasprintf are owned by the caller and released with free().
 */
#ifndef CHOKEPOINT_UTIL_H
#define CHOKEPOINT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes, from sysexits.h (named here so main reads as the design). */
enum cp_exit {
	CP_EXIT_OK = 0,
	CP_EXIT_USAGE = 64,    /* EX_USAGE: bad command line */
	CP_EXIT_DATAERR = 65,  /* EX_DATAERR: invalid data or model */
	CP_EXIT_NOINPUT = 66,  /* EX_NOINPUT: input file missing */
	CP_EXIT_SOFTWARE = 70, /* EX_SOFTWARE: internal error */
	CP_EXIT_OSERR = 71,    /* EX_OSERR: out of memory and the like */
	CP_EXIT_CANTCREAT = 73,/* EX_CANTCREAT: cannot create output */
	CP_EXIT_IOERR = 74     /* EX_IOERR: I/O error */
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size bytes, checking for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Write s as one CSV field, quoted when it holds a comma, quote or line break. */
void csv_put(FILE *fp, const char *s);

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

/*
 * A plain finite decimal: optional sign, digits, fraction, exponent.
 * strtod would also take "nan", "inf" and hex floats, which no input of
 * chokepoint holds.  0, or -1 (out untouched).
 */
int parse_decimal(const char *s, double *out);

/* Is s valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF)? */
int utf8_valid(const char *s, size_t len);

/* Levenshtein distance, capped: returns cap + 1 once it exceeds cap. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/*
 * Format a double the same way on every platform and never in
 * exponent notation: up to 'prec' significant decimals, trailing zeros
 * removed ("12", "0.125", "1000000").  Infinity prints as "inf".  A number
 * too long for buf in that form (|x| near DBL_MAX) is written in the
 * shortest exponent form that reads back exactly ("1e+300").
 */
void fmt_num(char *buf, size_t size, double x, int prec);

/* A size in bytes for a message: "512 bytes", "1.5 MiB", "34.5 GiB". */
void fmt_bytes(char *buf, size_t size, double bytes);

/*
 * Atomic output: the data go to a temporary file beside 'path' and are
 * renamed over it only by outfile_commit.  outfile_abort (or a failed
 * commit) removes the temporary file, so an interrupted or failed run
 * never leaves a file that looks complete.  Temporary files still open
 * are removed on SIGINT/SIGTERM by outfile_install_signal_cleanup.
 */
struct outfile {
	char *path;
	char *tmppath;
	FILE *fp;
};

/* Open 'path' for atomic writing; "-" means stdout.  0 or -1 (errno;
 * EISDIR when path is a directory). */
int outfile_open(struct outfile *of, const char *path);
/* Flush, fsync-free close and rename into place.  0 or -1 (errno). */
int outfile_commit(struct outfile *of);
/* Discard the temporary file.  Safe on a closed or never-opened outfile. */
void outfile_abort(struct outfile *of);
void outfile_install_signal_cleanup(void);

/*
 * Several files replaced together: between outfile_defer_begin and
 * outfile_defer_end, outfile_commit and tmpfile_commit only queue the
 * rename.  outfile_defer_end(1, ...) then renames every queued file with
 * SIGINT, SIGTERM and SIGHUP held back, and outfile_defer_end(0, ...)
 * removes them: an interrupted or failed run leaves every earlier output
 * as it was, a finished one replaces them all.  0, or -1 with a message in
 * err (which may be NULL).
 */
void outfile_defer_begin(void);
int outfile_defer_end(int commit, char *err, size_t errsz);

/*
 * Remove a stale output (an earlier run's file this one does not write),
 * absent or not: at once, or, between outfile_defer_begin and
 * outfile_defer_end, only when the queued files are committed (after
 * every rename), so a failed run loses nothing.  A directory or other
 * non-file in its place is refused at once.  0, or -1 with errno.
 */
int outfile_remove(const char *path);

/*
 * Lower level, for files written by a library (PLplot): create the
 * temporary file 'templ' ("PATH.tmp.XXXXXX", mkstemp(3)) and list it for
 * removal on SIGINT/SIGTERM/SIGHUP; the fd, or -1 (errno).  templ must
 * stay allocated until tmpfile_commit or tmpfile_discard.
 * tmpfile_commit renames it to path (or queues that, see above) and
 * takes ownership of both strings (free'd); 0 or -1 (errno, the temporary
 * file removed).  tmpfile_discard removes it (the caller frees templ).
 */
int tmpfile_create(char *templ);
int tmpfile_commit(char *tmppath, char *path);
void tmpfile_discard(const char *templ);

/*
 * Write dir/name atomically with fn(fp, arg).  0; -1 when the file cannot
 * be created, -2 when writing it fails (message in err either way).
 */
int outfile_write(const char *dir, const char *name, void (*fn)(FILE *, const void *),
                  const void *arg, char *err, size_t errsz);

#endif
