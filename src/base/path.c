/*
 * path.c - file names and directories (path.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/path.h"

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n > 0 && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
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
