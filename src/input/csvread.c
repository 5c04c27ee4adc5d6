/*
 * csvread.c - libcsv wrapper: a whole CSV file into a struct csvtab.
 *
 * libcsv reports fields and records through callbacks but not where they
 * are.  We feed it one physical line at a time and note the line on which
 * each record begins (the first line with content after the previous
 * record ended), so a record with quoted newlines is still reported at the
 * line where it starts.
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/text.h"
#include "input/csvread.h"

struct reader {
	struct csvtab *t;
	struct diag *d;
	int header_done;
	int failed;

	/* current record */
	char **fields;
	size_t nfields, capfields;
	int rec_bad;              /* an error was reported for this record */
	unsigned long rec_line;   /* its first physical line */
	int rec_open;             /* content seen since the last record ended */
	size_t line_alloc, cell_alloc; /* allocated elements of t->line, t->cell */
};

/*
 * Field text is copied into chunks of at least CHUNK_BYTES, one after the
 * other; an empty field costs no copy.  A malloc per field cost 32 bytes
 * or more on top of the text, so a file of commas took 40 times its size.
 */
#define CHUNK_BYTES (1u << 20)
struct csv_chunk {
	struct csv_chunk *next;
	size_t used, cap;
	char data[];
};

static char empty_field[1];

static char *chunk_strndup(struct csvtab *t, const char *s, size_t len)
{
	if (len == 0)
		return empty_field;
	struct csv_chunk *c = t->chunks;
	if (!c || c->cap - c->used < len + 1) {
		size_t cap = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;
		c = xmalloc(sizeof *c + cap);
		c->next = t->chunks;
		c->used = 0;
		c->cap = cap;
		t->chunks = c;
	}
	char *p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

/* Give back the newest string of the newest chunk, when str is that. */
static void chunk_unget(struct csvtab *t, const char *str)
{
	struct csv_chunk *c = t->chunks;
	if (str == empty_field || !c)
		return;
	size_t n = strlen(str) + 1;
	if (str + n == c->data + c->used)
		c->used -= n;
}

static void add_row(struct reader *r)
{
	struct csvtab *t = r->t;
	ALLOC_GROW(t->cell, (t->nrows + 1) * t->ncols, r->cell_alloc);
	ALLOC_GROW(t->line, t->nrows + 1, r->line_alloc);
	memcpy(t->cell + t->nrows * t->ncols, r->fields, t->ncols * sizeof *r->fields);
	t->line[t->nrows] = r->rec_line;
	t->nrows++;
	r->nfields = 0;
}

static void drop_fields(struct reader *r)
{
	for (size_t i = r->nfields; i-- > 0;)
		chunk_unget(r->t, r->fields[i]);
	r->nfields = 0;
}

/* libcsv field callback: s is NUL-terminated (CSV_APPEND_NULL). */
static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	const char *str = s ? s : "";
	if (s == NULL)
		len = 0;
	if (r->failed)
		return;
	if (!r->rec_bad && r->nfields >= limit_get(LIMIT_FIELDS)) {
		diag_error(r->d, r->t->path, r->rec_line, NULL,
		           "more than %" PRIu64 " fields in the record; the limit is %" PRIu64
		           " (--limit fields=N)", limit_get(LIMIT_FIELDS),
		           limit_get(LIMIT_FIELDS));
		r->rec_bad = 1;
	}
	if (!r->rec_bad && len > limit_get(LIMIT_FIELD_SIZE)) {
		diag_error(r->d, r->t->path, r->rec_line, NULL,
		           "field %zu is %zu bytes long; the limit is %" PRIu64
		           " bytes (--limit field-size=N)", r->nfields + 1, len,
		           limit_get(LIMIT_FIELD_SIZE));
		r->rec_bad = 1;
	}
	if (!r->rec_bad && memchr(str, '\0', len)) {
		diag_error(r->d, r->t->path, r->rec_line, NULL,
		           "field %zu contains a NUL byte: expected UTF-8 text, "
		           "got binary data", r->nfields + 1);
		r->rec_bad = 1;
	}
	if (!r->rec_bad) {
		/* C0 controls other than tab and line breaks, and the
		 * noncharacters U+FFFE/U+FFFF, are not text (and cannot appear
		 * in XML exports at all). */
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)str[i];
			if (ch && ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
				diag_error(r->d, r->t->path, r->rec_line, NULL,
				           "field %zu contains the control character U+%04X: "
				           "expected text", r->nfields + 1, ch);
				r->rec_bad = 1;
				break;
			}
			/* the noncharacters U+FFFE and U+FFFF (EF BF BE, EF BF BF) */
			if (ch == 0xEF && i + 2 < len && (unsigned char)str[i + 1] == 0xBF &&
			    ((unsigned char)str[i + 2] & 0xFE) == 0xBE) {
				diag_error(r->d, r->t->path, r->rec_line, NULL,
				           "field %zu contains the noncharacter U+FFF%c: "
				           "expected text", r->nfields + 1,
				           (unsigned char)str[i + 2] == 0xBE ? 'E' : 'F');
				r->rec_bad = 1;
				break;
			}
		}
	}
	if (!r->rec_bad && !utf8_valid(str, len)) {
		diag_error(r->d, r->t->path, r->rec_line, NULL,
		           "field %zu is not valid UTF-8", r->nfields + 1);
		r->rec_bad = 1;
	}
	if (r->rec_bad)
		return;
	ALLOC_GROW(r->fields, r->nfields + 1, r->capfields);
	r->fields[r->nfields++] = chunk_strndup(r->t, str, len);
}

/* Header fields by name, then position: duplicates end up side by side. */
static const struct csvtab *sort_tab;
static int cmp_head(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_tab->head[i], sort_tab->head[j]);
	return c ? c : (i > j) - (i < j);
}

/*
 * Every column named twice (empty names aside), reported at its second
 * place with its first, in the order of the second places.  By sorting:
 * a header of 65,536 fields (the ceiling of --limit fields) would take
 * seconds pair by pair.
 */
static void check_duplicate_columns(struct reader *r)
{
	const struct csvtab *t = r->t;
	size_t n = t->ncols;
	size_t *ix = xcalloc(n + 1, sizeof *ix), *first = xcalloc(n + 1, sizeof *first);
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	sort_tab = t;
	qsort(ix, n, sizeof *ix, cmp_head);
	sort_tab = NULL;
	/* first[i]: the first place of column i's name, or i itself */
	for (size_t k = 0; k < n; k++)
		first[ix[k]] = k > 0 && strcmp(t->head[ix[k]], t->head[ix[k - 1]]) == 0
		               ? first[ix[k - 1]] : ix[k];
	for (size_t i = 0; i < n; i++)
		if (first[i] != i && t->head[i][0]) {
			diag_error(r->d, t->path, t->head_line, t->head[i],
			           "column appears twice in the header (fields %zu and %zu)",
			           first[i] + 1, i + 1);
			r->failed = 1;
		}
	free(first);
	free(ix);
}

/* libcsv record callback. */
static void on_record(int c, void *data)
{
	(void)c;
	struct reader *r = data;
	struct csvtab *t = r->t;
	r->rec_open = 0;
	if (r->failed)
		return;
	if (r->rec_bad) {
		drop_fields(r);
		r->rec_bad = 0;
		if (!r->header_done)
			r->failed = 1;
		return;
	}
	if (!r->header_done) {
		t->ncols = r->nfields;
		t->head = xreallocarray(NULL, t->ncols, sizeof *t->head);
		memcpy(t->head, r->fields, t->ncols * sizeof *t->head);
		t->head_line = r->rec_line;
		r->nfields = 0;
		r->header_done = 1;
		check_duplicate_columns(r);
		return;
	}
	if (r->nfields != t->ncols) {
		diag_error(r->d, t->path, r->rec_line, NULL,
		           "expected %zu fields as in the header, found %zu",
		           t->ncols, r->nfields);
		drop_fields(r);
		return;
	}
	if (t->nrows >= limit_get(LIMIT_RECORDS)) {
		diag_error(r->d, t->path, r->rec_line, NULL,
		           "more than %" PRIu64 " records; the limit is %" PRIu64
		           " (--limit records=N)", limit_get(LIMIT_RECORDS),
		           limit_get(LIMIT_RECORDS));
		drop_fields(r);
		r->failed = 1;
		return;
	}
	uint64_t cells = limit_get(LIMIT_CELLS);
	if (t->ncols > 0 && (uint64_t)(t->nrows + 1) > cells / t->ncols) {
		diag_error(r->d, t->path, r->rec_line, NULL,
		           "more than %" PRIu64 " fields in the file (records times columns); "
		           "the limit is %" PRIu64 " (--limit cells=N)", cells, cells);
		drop_fields(r);
		r->failed = 1;
		return;
	}
	add_row(r);
}

/*
 * csv_parse over one physical line, in chunks.  libcsv grows a field's
 * buffer by blk_size bytes at a time (128 by default): a field of n bytes
 * would cost n^2 / 256 bytes of copying, minutes for a 10 MB field under
 * valgrind.  Before each chunk the step is raised to the buffer's size,
 * so the buffer doubles instead.  Returns the bytes consumed.
 */
#define PARSE_CHUNK 65536
static size_t parse_line(struct csv_parser *p, const char *s, size_t len,
                         struct reader *r)
{
	size_t done = 0;
	while (done < len) {
		size_t chunk = len - done < PARSE_CHUNK ? len - done : PARSE_CHUNK;
		csv_set_blk_size(p, p->entry_size > 128 ? p->entry_size : 128);
		size_t got = csv_parse(p, s + done, chunk, on_field, on_record, r);
		done += got;
		if (got != chunk)
			break;
	}
	return done;
}

/* Read the whole file; -1 with errno on failure. */
static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	struct stat st;
	int have_st = fstat(fileno(fp), &st) == 0;
	if (have_st && S_ISDIR(st.st_mode)) {
		fclose(fp);
		errno = EISDIR;
		return -1;
	}
	/* A regular file's size is known: refuse a huge one before reading. */
	uint64_t lim = limit_get(LIMIT_FILE_SIZE);
	if (have_st && S_ISREG(st.st_mode) && (uint64_t)st.st_size > lim) {
		fclose(fp);
		errno = EFBIG;
		return -1;
	}
	size_t cap = 65536, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			/* a pipe's size is unknown: grow to one byte past the limit */
			cap = cap <= (lim + 1) / 2 ? 2 * cap : (size_t)lim + 1;
			b = xrealloc(b, cap);
		}
		size_t got = fread(b + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
		if (n > lim) {
			fclose(fp);
			free(b);
			errno = EFBIG;
			return -1;
		}
	}
	int err = ferror(fp);
	fclose(fp);
	if (err) {
		free(b);
		errno = EIO;
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

int csvtab_read(struct csvtab *t, const char *path, struct diag *d, int *missing)
{
	*missing = 0;
	char *buf;
	size_t len;
	if (slurp(path, &buf, &len) != 0) {
		int e = errno;
		memset(t, 0, sizeof *t);
		t->path = xstrdup(path);
		if (e == ENOENT) {
			*missing = 1;
		} else if (e == EFBIG) { /* invalid rather than unreadable */
			diag_error(d, path, 0, NULL, "larger than %" PRIu64 " bytes; the limit is %"
			           PRIu64 " (--limit file-size=N)", limit_get(LIMIT_FILE_SIZE),
			           limit_get(LIMIT_FILE_SIZE));
		} else {
			*missing = 2;
			diag_error(d, path, 0, NULL, "cannot read: %s", strerror(e));
		}
		return -1;
	}
	int r = csvtab_parse(t, path, buf, len, d);
	free(buf);
	return r;
}

int csvtab_parse(struct csvtab *t, const char *path, const char *buf, size_t len,
                 struct diag *d)
{
	memset(t, 0, sizeof *t);
	t->path = xstrdup(path);

	size_t errors_before = d->n_errors;
	size_t off = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	if (len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0)) {
		diag_error(d, path, 1, NULL,
		           "the file is UTF-16 encoded: expected UTF-8 (save it as CSV UTF-8)");
		return -1;
	}

	/* A header without a comma but with semicolons or tabs: a file saved
	 * with another separator, which would read as one column (or as
	 * "malformed quoting" when its fields are quoted). */
	size_t head_end = off;
	int commas = 0, semis = 0, tabs = 0;
	for (; head_end < len && buf[head_end] != '\n' && buf[head_end] != '\r'; head_end++) {
		commas += buf[head_end] == ',';
		semis += buf[head_end] == ';';
		tabs += buf[head_end] == '\t';
	}
	if (commas == 0 && (semis > 0 || tabs > 0)) {
		diag_error(d, path, 1, NULL,
		           "the fields are separated by %s: expected commas (in a "
		           "spreadsheet, save as \"CSV UTF-8 (comma delimited)\")",
		           semis >= tabs ? "semicolons (;)" : "tabs");
		return -1;
	}

	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		diag_error(d, path, 0, NULL, "cannot initialise the CSV parser");
		return -1;
	}
	struct reader r = { .t = t, .d = d };
	unsigned long line = 1;
	while (off < len && !r.failed) {
		/* One physical line: up to LF, CRLF or a lone CR. */
		size_t end = off;
		int content = 0;
		while (end < len && buf[end] != '\n' && buf[end] != '\r') {
			if (buf[end] != ' ' && buf[end] != '\t')
				content = 1;
			end++;
		}
		if (end < len && buf[end] == '\r' && end + 1 < len && buf[end + 1] == '\n')
			end += 2;
		else if (end < len)
			end += 1;
		if (!r.rec_open && content) {
			r.rec_open = 1;
			r.rec_line = line;
		}
		size_t n = parse_line(&p, buf + off, end - off, &r);
		if (n != end - off) {
			if (csv_error(&p) == CSV_EPARSE)
				diag_error(d, path, line, NULL,
				           "malformed quoting: expected a quote only around a "
				           "whole field (a quote inside a field is written as \"\")");
			else
				diag_error(d, path, line, NULL, "CSV parser: %s",
				           csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
		off = end;
		line++;
	}
	if (!r.failed && csv_fini(&p, on_field, on_record, &r) != 0) {
		diag_error(d, path, r.rec_line, NULL,
		           "unterminated quoted field: expected a closing quote before "
		           "the end of the file");
		r.failed = 1;
	}
	csv_free(&p);
	drop_fields(&r);
	free(r.fields);

	if (!r.failed && !r.header_done) {
		diag_error(d, path, 0, NULL, "the file is empty: expected a header row");
		r.failed = 1;
	}
	if (r.failed || d->n_errors > errors_before)
		return -1;
	return 0;
}

void csvtab_free(struct csvtab *t)
{
	if (!t)
		return;
	free(t->head);
	free(t->cell);
	while (t->chunks) {
		struct csv_chunk *c = t->chunks;
		t->chunks = c->next;
		free(c);
	}
	free(t->line);
	free(t->path);
	memset(t, 0, sizeof *t);
}

long csvtab_col(const struct csvtab *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], name) == 0)
			return (long)i;
	return -1;
}

const char *csvtab_get(const struct csvtab *t, size_t row, long col)
{
	if (col < 0)
		return "";
	return t->cell[row * t->ncols + (size_t)col];
}
