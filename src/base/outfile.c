/*
 * outfile.c - atomic output files and their cleanup on signals (outfile.h).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"


/*
 * Temporary files not yet renamed into place, removed by the signal
 * handler.
 *
 * Creating and listing a temporary file, and renaming a set of them into
 * place, are critical sections: a signal that arrives meanwhile is held
 * and acted on at its end, so the handler never sees a file that exists
 * but is not listed, and a set of outputs is replaced all or not at all.
 * Blocking the signals would not do: with OpenMP, the kernel may deliver
 * them to any thread.  So the handler and the sections agree through one
 * atomic state instead (lock-free atomics are async-signal-safe).
 */
#define MAX_PENDING 256
static char *volatile pending[MAX_PENDING];
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

enum { SIG_STATE_IDLE, SIG_STATE_CRITICAL, SIG_STATE_DYING };
static atomic_int sig_state = SIG_STATE_IDLE;
static volatile sig_atomic_t sig_held;  /* signal that arrived in a section */

static int pending_add(char *p)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (!pending[i]) {
			pending[i] = p;
			return 0;
		}
	return -1;
}

static void pending_del(const char *p)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == p)
			pending[i] = NULL;
}

static void on_signal(int sig)
{
	/* Noted first: a section ending meanwhile still sees it. */
	sig_held = sig;
	int expect = SIG_STATE_IDLE;
	if (!atomic_compare_exchange_strong(&sig_state, &expect, SIG_STATE_DYING))
		return; /* held for critical_end, or another thread is cleaning up */
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void critical_begin(void)
{
	int expect = SIG_STATE_IDLE;
	while (!atomic_compare_exchange_strong(&sig_state, &expect, SIG_STATE_CRITICAL))
		pause(); /* another thread is cleaning up: the process is ending */
}

static void critical_end(void)
{
	atomic_store(&sig_state, SIG_STATE_IDLE);
	int sig = sig_held;
	if (sig)
		on_signal(sig); /* ends the process (or another thread does) */
}

void outfile_install_signal_cleanup(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		/* An ignored signal stays ignored (nohup, background jobs). */
		struct sigaction old;
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

int tmpfile_create(char *templ)
{
	critical_begin();
	int fd = mkstemp(templ);
	if (fd >= 0 && pending_add(templ) != 0) {
		unlink(templ);
		close(fd);
		fd = -1;
		errno = EMFILE;
	}
	critical_end();
	if (fd >= 0) {
		/* mkstemp makes 0600; output files are ordinary documents. */
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	return fd;
}

void tmpfile_discard(const char *templ)
{
	critical_begin();
	unlink(templ);
	pending_del(templ);
	critical_end();
}

/*
 * Renames held back between outfile_defer_begin and outfile_defer_end:
 * the temporary files stay listed in pending[] until renamed.
 */
struct deferred {
	char *tmppath, *path;
};
static int defer_on;
static struct deferred *deferred;
static size_t n_deferred;

void outfile_defer_begin(void)
{
	defer_on = 1;
}

int outfile_defer_end(int commit, char *err, size_t errsz)
{
	int r = 0;
	critical_begin();
	for (size_t i = 0; i < n_deferred; i++) {
		struct deferred *q = &deferred[i];
		if (!q->tmppath) /* outfile_remove: after every rename */
			continue;
		if (commit && r == 0 && rename(q->tmppath, q->path) != 0) {
			if (err)
				snprintf(err, errsz, "%s: cannot rename into place: %s", q->path,
				         strerror(errno));
			r = -1;
		}
		if (!commit || r != 0)
			unlink(q->tmppath);
		pending_del(q->tmppath);
	}
	for (size_t i = 0; i < n_deferred; i++) {
		struct deferred *q = &deferred[i];
		if (!q->tmppath && commit && r == 0 && unlink(q->path) != 0 &&
		    errno != ENOENT) {
			if (err)
				snprintf(err, errsz, "%s: cannot remove a stale file: %s", q->path,
				         strerror(errno));
			r = -1;
		}
	}
	critical_end();
	for (size_t i = 0; i < n_deferred; i++) {
		free(deferred[i].tmppath);
		free(deferred[i].path);
	}
	free(deferred);
	deferred = NULL;
	n_deferred = 0;
	defer_on = 0;
	return r;
}

int outfile_remove(const char *path)
{
	/* Only a file (or a link) is an earlier run's output; refuse anything
	 * else now, before any rename is committed. */
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EPERM;
		return -1;
	}
	if (defer_on) {
		deferred = xreallocarray(deferred, n_deferred + 1, sizeof *deferred);
		deferred[n_deferred].tmppath = NULL;
		deferred[n_deferred].path = xstrdup(path);
		n_deferred++;
		return 0;
	}
	return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

int tmpfile_commit(char *tmppath, char *path)
{
	if (defer_on) {
		deferred = xreallocarray(deferred, n_deferred + 1, sizeof *deferred);
		deferred[n_deferred].tmppath = tmppath;
		deferred[n_deferred].path = path;
		n_deferred++;
		return 0;
	}
	critical_begin();
	int r = rename(tmppath, path);
	int e = errno;
	if (r != 0)
		unlink(tmppath);
	pending_del(tmppath);
	critical_end();
	free(tmppath);
	free(path);
	errno = e;
	return r;
}

int outfile_open(struct outfile *of, const char *path)
{
	memset(of, 0, sizeof *of);
	if (strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	/* rename(2) would fail at the end; say so before any work */
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	/* A device, FIFO or socket (-o /dev/null, a pipe): written in place.
	 * A temporary file renamed over it would replace the node itself
	 * (as root, even /dev/null); and nothing is lost by writing to it. */
	if (exists && !S_ISREG(st.st_mode)) {
		of->fp = fopen(path, "w");
		if (!of->fp)
			return -1;
		of->path = xstrdup(path);
		return 0;
	}
	of->path = xstrdup(path);
	of->tmppath = xasprintf("%s.tmp.XXXXXX", path);
	int fd = tmpfile_create(of->tmppath);
	if (fd < 0) {
		int e = errno;
		free(of->path);
		free(of->tmppath);
		memset(of, 0, sizeof *of);
		errno = e;
		return -1;
	}
	of->fp = fdopen(fd, "w");
	if (!of->fp) {
		int e = errno;
		close(fd);
		outfile_abort(of);
		errno = e;
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *of)
{
	if (!of->path) { /* stdout */
		int r = fflush(of->fp) == 0 && !ferror(of->fp) ? 0 : -1;
		of->fp = NULL;
		return r;
	}
	int bad = ferror(of->fp);
	int e = errno;
	if (fclose(of->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	of->fp = NULL;
	if (!of->tmppath) { /* a device or FIFO, written in place */
		free(of->path);
		memset(of, 0, sizeof *of);
		errno = e ? e : EIO;
		return bad ? -1 : 0;
	}
	if (bad) {
		outfile_abort(of);
		errno = e ? e : EIO;
		return -1;
	}
	int r = tmpfile_commit(of->tmppath, of->path); /* frees both */
	memset(of, 0, sizeof *of);
	return r;
}

void outfile_abort(struct outfile *of)
{
	if (of->fp && of->path)
		fclose(of->fp);
	if (of->tmppath)
		tmpfile_discard(of->tmppath);
	free(of->tmppath);
	free(of->path);
	memset(of, 0, sizeof *of);
}


int outfile_write(const char *dir, const char *name, void (*fn)(FILE *, const void *),
                  const void *arg, char *err, size_t errsz)
{
	char *path = path_join(dir, name);
	struct outfile of;
	int r = CP_OK;
	if (outfile_open(&of, path) != 0) {
		snprintf(err, errsz, "%s: cannot create: %s", path, strerror(errno));
		r = CP_ERR_CREATE;
	} else {
		fn(of.fp, arg);
		if (outfile_commit(&of) != 0) {
			snprintf(err, errsz, "%s: write failed: %s", path, strerror(errno));
			r = CP_ERR_WRITE;
		}
	}
	free(path);
	return r;
}
