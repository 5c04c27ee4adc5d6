/* util.c - allocation wrappers, small string helpers, atomic output files. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* Out of memory: nothing sensible to do but stop with EX_OSERR. */
static void oom(void)
{
	fputs("chokepoint: out of memory\n", stderr);
	exit(CP_EXIT_OSERR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	return xrealloc(p, nmemb * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n > 0 && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (size_t j = 1; j <= n; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	/* Two-row dynamic programme over b. */
	size_t *prev = xmalloc((lb + 1) * sizeof *prev);
	size_t *cur = xmalloc((lb + 1) * sizeof *cur);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t rowmin = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
			if (cur[j] < rowmin)
				rowmin = cur[j];
		}
		size_t *t = prev;
		prev = cur;
		cur = t;
		if (rowmin > cap) {
			free(prev);
			free(cur);
			return cap + 1;
		}
	}
	size_t r = prev[lb];
	free(prev);
	free(cur);
	return r > cap ? cap + 1 : r;
}

void fmt_num(char *buf, size_t size, double x, int prec)
{
	if (isnan(x)) {
		snprintf(buf, size, "nan");
		return;
	}
	if (isinf(x)) {
		snprintf(buf, size, x > 0 ? "inf" : "-inf");
		return;
	}
	int n = snprintf(buf, size, "%.*f", prec, x);
	if (n < 0 || (size_t)n >= size) {
		/* Too long for buf (|x| near DBL_MAX): the shortest %g form that
		 * reads back as x beats a truncated, wrong number. */
		for (int p = 1; p <= 17; p++) {
			snprintf(buf, size, "%.*g", p, x);
			if (strtod(buf, NULL) == x)
				break;
		}
		return;
	}
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
}

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
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
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

/* A CSV field, quoted when it holds a comma, quote or line break. */
void csv_put(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}


/*
 * The absolute form of 'path', which need not exist: its longest existing
 * prefix through realpath(3) (symbolic links resolved), then the rest with
 * "." and ".." applied as make_dirs would create it.  NULL when not even
 * the working directory resolves.
 */
static char *path_resolve(const char *path)
{
	char *head = xstrdup(*path ? path : ".");
	char *tail = xstrdup("");
	char *real;
	while (!(real = realpath(head, NULL))) {
		char *slash = strrchr(head, '/');
		char *t;
		if (!slash) { /* a relative name, nothing of it exists */
			t = xasprintf("%s/%s", head, tail);
			strcpy(head, ".");
		} else if (slash == head) { /* "/name" */
			t = xasprintf("%s/%s", head + 1, tail);
			head[1] = '\0';
		} else {
			t = xasprintf("%s/%s", slash + 1, tail);
			*slash = '\0';
		}
		free(tail);
		tail = t;
		if (strcmp(head, ".") == 0 && !(real = realpath(head, NULL)))
			break;
		if (real)
			break;
	}
	free(head);
	if (!real) {
		free(tail);
		return NULL;
	}
	/* append tail's components to real: "." skipped, ".." drops one */
	size_t cap = strlen(real) + strlen(tail) + 2, n = strlen(real);
	char *out = xmalloc(cap);
	memcpy(out, real, n + 1);
	free(real);
	for (char *save = NULL, *c = strtok_r(tail, "/", &save); c;
	     c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			char *sl = strrchr(out, '/');
			if (sl)
				*(sl == out ? sl + 1 : sl) = '\0';
			n = strlen(out);
			continue;
		}
		if (n > 0 && out[n - 1] != '/')
			out[n++] = '/';
		size_t cl = strlen(c);
		memcpy(out + n, c, cl + 1);
		n += cl;
	}
	free(tail);
	return out;
}

int path_inside(const char *path, const char *dir)
{
	char *d = realpath(dir, NULL);
	if (!d)
		return 0;
	char *p = path_resolve(path);
	int in = 0;
	if (p) {
		size_t n = strlen(d);
		in = strcmp(d, "/") == 0 ||
		     (strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/'));
	}
	free(p);
	free(d);
	return in;
}

char *path_clean(const char *path)
{
	size_t n = strlen(path);
	char *out = xmalloc(n + 2), *o = out;
	int abs = path[0] == '/';
	if (abs)
		*o++ = '/';
	char *base = o; /* start of the relative part */
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		size_t len = (size_t)(q - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			/* drop the last component unless it is "..", or we are at "/" */
			char *last = o;
			while (last > base && last[-1] != '/')
				last--;
			int last_dotdot = o - last == 2 && last[0] == '.' && last[1] == '.';
			if (o > base && !last_dotdot) {
				o = last > base ? last - 1 : base;
			} else if (!abs) {
				if (o > base)
					*o++ = '/';
				*o++ = '.';
				*o++ = '.';
			}
		} else {
			if (o > base)
				*o++ = '/';
			memcpy(o, p, len);
			o += len;
		}
		p = q;
	}
	if (o == out)
		*o++ = '.';
	*o = '\0';
	return out;
}

int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *make_dirs_strerror(int e)
{
	if (e == ENOTDIR || e == EEXIST)
		return "a file that is not a directory is in the way";
	return strerror(e);
}

int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int r = mkdir(p, 0777);
	free(p);
	if (r != 0 && errno != EEXIST)
		return -1;
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int parse_decimal(const char *s, double *out)
{
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789+-.eE", *p))
			return -1;
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	/* ERANGE on underflow (1e-320) still gives a finite, correct value;
	 * only overflow (an infinity) is refused. */
	if (*end || end == s || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

int outfile_write(const char *dir, const char *name, void (*fn)(FILE *, const void *),
                  const void *arg, char *err, size_t errsz)
{
	char *path = path_join(dir, name);
	struct outfile of;
	int r = 0;
	if (outfile_open(&of, path) != 0) {
		snprintf(err, errsz, "%s: cannot create: %s", path, strerror(errno));
		r = -1;
	} else {
		fn(of.fp, arg);
		if (outfile_commit(&of) != 0) {
			snprintf(err, errsz, "%s: write failed: %s", path, strerror(errno));
			r = -2;
		}
	}
	free(path);
	return r;
}

void fmt_bytes(char *buf, size_t size, double bytes)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	if (bytes < 1024) {
		snprintf(buf, size, "%.0f bytes", bytes);
		return;
	}
	int u = 0;
	bytes /= 1024;
	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, size, "%.1f %s", bytes, unit[u]);
}
