/*
 * roi_zip.c - the reports/ folder of a report package in a zip archive,
 * through libzip.
 *
 * Entry names are checked before anything is read: an absolute name, a
 * backslash or a ".." component (an entry that would climb out of the
 * package when unpacked) refuses the archive.  An entry's uncompressed
 * size is checked against the file-size limit before it is read, and
 * the bytes are counted while reading, since the size in the directory
 * is whatever the archive claims.  Only the entries a package is read
 * for are decompressed (roi_file_wanted), and together they count
 * against the memory limit.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "input/roi_internal.h"

int roi_file_wanted(const char *n)
{
	size_t l = strlen(n);
	return strcmp(n, "report.json") == 0 || strcmp(n, "FilingIndicators.csv") == 0 ||
	       (l == 11 && (n[0] == 'b' || n[0] == 'B') && n[1] == '_' &&
	        strcasecmp(n + 7, ".csv") == 0);
}

void roi_files_free(struct roi_files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->f[i].name);
		free(fs->f[i].disp);
		free(fs->f[i].data);
	}
	free(fs->f);
	fs->f = NULL;
	fs->n = fs->cap = 0;
}

/* Does the entry name stay inside the package when unpacked? */
static int entry_safe(const char *s)
{
	if (!*s || s[0] == '/' || strchr(s, '\\'))
		return 0;
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (!e)
			break;
		p = e + 1;
	}
	return 1;
}

/* The length of the package root before "reports/" in entry s ("" or
 * "NAME/"), or -1 when s is not inside a reports/ folder at depth 0 or 1. */
static long reports_prefix(const char *s)
{
	if (strncmp(s, "reports/", 8) == 0)
		return 0;
	const char *sl = strchr(s, '/');
	if (sl && strncmp(sl + 1, "reports/", 8) == 0)
		return (long)(sl - s) + 1;
	return -1;
}

int roi_zip_files(const char *name, const char *path, const void *buf, size_t len,
                  struct roi_files *out, struct diag *d)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = buf ? zip_source_buffer_create(buf, len, 0, &ze)
	                        : zip_source_file_create(path, 0, -1, &ze);
	zip_t *za = NULL;
	int rc = -1;
	char *root = NULL;
	if (src)
		za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		diag_error(d, name, 0, NULL, "not a readable zip archive: %s",
		           zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	zip_int64_t n = zip_get_num_entries(za, 0);
	uint64_t lim = limit_get(LIMIT_FILE_SIZE), mem = limit_get(LIMIT_MEMORY);
	uint64_t total = 0; /* declared bytes of the entries read so far */
	int bad = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *en = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (!en) {
			diag_error(d, name, 0, NULL, "entry %" PRId64 ": unreadable name", (int64_t)i);
			bad = 1;
			continue;
		}
		if (!entry_safe(en)) {
			diag_error(d, name, 0, NULL, "entry \"%s\" climbs out of the package "
			           "(absolute, \"..\" or backslash): refused", en);
			bad = 1;
		}
	}
	if (bad)
		goto out;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *en = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		long pl = reports_prefix(en);
		if (pl < 0)
			continue;
		if (!root) {
			root = xstrndup(en, (size_t)pl);
		} else if (strlen(root) != (size_t)pl || strncmp(root, en, (size_t)pl) != 0) {
			diag_error(d, name, 0, NULL, "entries \"%sreports/\" and \"%.*sreports/\": "
			           "expected one package per archive", root, (int)pl, en);
			bad = 1;
			goto out;
		}
		const char *fn = en + pl + 8;
		if (!*fn || strchr(fn, '/') || !roi_file_wanted(fn))
			continue; /* the folder itself, a subfolder, a file not read */
		char *disp = xasprintf("%s/%s", name, en);
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_SIZE)) {
			diag_error(d, disp, 0, NULL, "cannot read the entry: %s",
			           zip_strerror(za));
			free(disp);
			bad = 1;
			continue;
		}
		if ((uint64_t)st.size > lim) {
			diag_error(d, disp, 0, NULL, "%" PRIu64 " bytes uncompressed; "
			           "the limit is %" PRIu64 " (--limit file-size=N)",
			           (uint64_t)st.size, lim);
			free(disp);
			bad = 1;
			continue;
		}
		/* Each entry holds at most its declared size (checked below). */
		if ((uint64_t)st.size > mem - total) {
			diag_error(d, name, 0, NULL, "the files read from reports/ "
			           "come to at least %" PRIu64 " bytes uncompressed; "
			           "the limit is %" PRIu64 " (--limit memory=N)",
			           total + (uint64_t)st.size, mem);
			free(disp);
			bad = 1;
			goto out;
		}
		total += (uint64_t)st.size;
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		if (!zf) {
			diag_error(d, disp, 0, NULL, "cannot read the entry: %s", zip_strerror(za));
			free(disp);
			bad = 1;
			continue;
		}
		size_t cap = (size_t)st.size + 1, got = 0;
		char *data = xmalloc(cap + 1);
		int fail = 0;
		for (;;) {
			/* Read one byte past the declared size: more is a lie. */
			zip_int64_t r = zip_fread(zf, data + got, cap - got);
			if (r < 0) {
				diag_error(d, disp, 0, NULL, "cannot read the entry: %s",
				           zip_file_strerror(zf));
				fail = 1;
				break;
			}
			if (r == 0)
				break;
			got += (size_t)r;
			if (got > (size_t)st.size || got > lim) {
				diag_error(d, disp, 0, NULL, "holds more bytes than its declared "
				           "size of %" PRIu64 ": refused", (uint64_t)st.size);
				fail = 1;
				break;
			}
		}
		zip_fclose(zf);
		if (fail) {
			free(data);
			free(disp);
			bad = 1;
			continue;
		}
		data[got] = '\0';
		ALLOC_GROW(out->f, out->n + 1, out->cap);
		out->f[out->n++] = (struct roi_file){ xstrdup(fn), disp, data, got };
	}
	if (!bad && !root) {
		diag_error(d, name, 0, NULL, "no reports/ folder: expected a DORA report "
		           "package (NAME/reports/b_XX.XX.csv)");
		bad = 1;
	}
	rc = bad ? -1 : 0;
out:
	if (rc != 0)
		roi_files_free(out);
	free(root);
	zip_discard(za);
	return rc;
}
