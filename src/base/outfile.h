/*
 * outfile.h - output files that are complete or absent, never half
 * written, and never lost to an interrupted or failed run.
 */
#ifndef CHOKEPOINT_OUTFILE_H
#define CHOKEPOINT_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Atomic output: the data go to a temporary file beside 'path' and are
 * renamed over it only by outfile_commit.  outfile_abort (or a failed
 * commit) removes the temporary file, so an interrupted or failed run
 * never leaves a file that looks complete.  Temporary files still open
 * are removed on SIGINT/SIGTERM by outfile_install_signal_cleanup.
 * A path that names a device, FIFO or socket (/dev/null, a named pipe)
 * is written in place instead: no temporary file, no rename.
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
 * Write dir/name atomically with fn(fp, arg).  CP_OK; CP_ERR_CREATE when
 * the file cannot be created, CP_ERR_WRITE when writing it fails (message
 * in err either way): an enum cp_status of base/error.h.
 */
int outfile_write(const char *dir, const char *name, void (*fn)(FILE *, const void *),
                  const void *arg, char *err, size_t errsz);

#endif
