/* emit.c - numbers, CSV fields and JSON values shared by the report writers. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/text.h"
#include "report/emit.h"

/* A number in the one format of CSV and text outputs (fmt_num). */
void emit_num(FILE *fp, double x, int prec)
{
	char buf[64];
	fmt_num(buf, sizeof buf, x, prec);
	fputs(buf, fp);
}

/* ",NUMBER": the next CSV field. */
void emit_sep_num(FILE *fp, double x, int prec)
{
	fputc(',', fp);
	emit_num(fp, x, prec);
}

/* ",FIELD": the next CSV field, quoted by csv_put when needed. */
void emit_sep_str(FILE *fp, const char *s)
{
	fputc(',', fp);
	csv_put(fp, s);
}

/* ",COUNT": the next CSV field. */
void emit_sep_uint(FILE *fp, uint64_t x)
{
	char t[24];
	int k = 24;
	do {
		t[--k] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	t[--k] = ',';
	fwrite(t + k, 1, (size_t)(24 - k), fp);
}

/* A JSON number to 10 significant digits, or null. */
json_t *emit_jnum(double x)
{
	if (!isfinite(x))
		return json_null();
	char buf[64];
	snprintf(buf, sizeof buf, "%.10g", x);
	return json_real(strtod(buf, NULL));
}

/* A JSON integer. */
json_t *emit_jint(uint64_t x)
{
	return json_integer((json_int_t)x);
}

/* A JSON document and its final line break. */
void emit_json(FILE *fp, const json_t *doc)
{
	json_dumpf(doc, fp, EMIT_JSON_FLAGS);
	fputc('\n', fp);
}

/* json_dump_callback output collected in a buffer, each line break
 * followed by 'indent' spaces: one fwrite per value instead of one call
 * per token. */
struct indented {
	char *buf;
	size_t n, cap;
	int indent;
};

static void put_bytes(struct indented *o, const char *p, size_t n)
{
	ALLOC_GROW(o->buf, o->n + n, o->cap);
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

static int put_indented(const char *buf, size_t size, void *data)
{
	struct indented *o = data;
	while (size > 0) {
		const char *nl = memchr(buf, '\n', size);
		size_t n = nl ? (size_t)(nl - buf) + 1 : size;
		put_bytes(o, buf, n);
		if (nl) {
			ALLOC_GROW(o->buf, o->n + (size_t)o->indent, o->cap);
			memset(o->buf + o->n, ' ', (size_t)o->indent);
			o->n += (size_t)o->indent;
		}
		buf += n;
		size -= n;
	}
	return 0;
}

/* A value as nested 'indent' spaces deep (emit.h). */
int emit_json_at(FILE *fp, const json_t *v, int indent)
{
	struct emit_buf b = {NULL, 0, 0};
	int rc = emit_json_buf(&b, v, indent);
	if (b.n)
		fwrite(b.p, 1, b.n, fp);
	free(b.p);
	return rc;
}

int emit_json_buf(struct emit_buf *b, const json_t *v, int indent)
{
	struct indented o = {b->p, b->n, b->cap, indent};
	int rc =
	    v ? json_dump_callback(v, put_indented, &o, EMIT_JSON_FLAGS | JSON_ENCODE_ANY)
	      : -1;
	b->p = o.buf;
	b->n = o.n;
	b->cap = o.cap;
	return rc;
}

/* One element of a long array (emit.h). */
int emit_array_item(struct emit_buf *b, size_t i, int in,
                    void (*direct)(struct emit_jw *, const void *, size_t),
                    json_t *(*tree)(const void *, size_t), const void *arg)
{
	if (i)
		eb_putc(b, ',');
	eb_newline(b, in + 2);
	size_t mark = b->n;
	struct emit_jw j;
	jw_begin(&j, b, in + 2);
	direct(&j, arg, i);
	if (!j.bad)
		return 0;
	b->n = mark;
	json_t *e = tree(arg, i);
	int bad = emit_json_buf(b, e, in + 2);
	json_decref(e);
	return bad;
}

/* ---- formatting into memory ------------------------------------------ */

void emit_buf_reserve(struct emit_buf *b, size_t more)
{
	if (b->cap - b->n >= more)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->n < more)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void eb_newline(struct emit_buf *b, int n)
{
	emit_buf_reserve(b, (size_t)n + 1);
	b->p[b->n++] = '\n';
	memset(b->p + b->n, ' ', (size_t)n);
	b->n += (size_t)n;
}

void eb_uint(struct emit_buf *b, uint64_t x)
{
	char t[24];
	int k = 24;
	do {
		t[--k] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	eb_write(b, t + k, (size_t)(24 - k));
}

void eb_csv(struct emit_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		eb_puts(b, s);
		return;
	}
	eb_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			eb_putc(b, '"');
		eb_putc(b, *s);
	}
	eb_putc(b, '"');
}

void eb_sep_str(struct emit_buf *b, const char *s)
{
	eb_putc(b, ',');
	eb_csv(b, s);
}

void eb_sep_num(struct emit_buf *b, double x, int prec)
{
	char buf[64];
	fmt_num(buf, sizeof buf, x, prec);
	eb_putc(b, ',');
	eb_puts(b, buf);
}

void eb_sep_uint(struct emit_buf *b, uint64_t x)
{
	eb_putc(b, ',');
	eb_uint(b, x);
}

/* ---- JSON without a tree ---------------------------------------------- */

void jw_begin(struct emit_jw *j, struct emit_buf *b, int indent)
{
	j->b = b;
	j->indent = indent;
	j->depth = 0;
	j->bad = 0;
}

void jw_open(struct emit_jw *j, char c)
{
	eb_putc(j->b, c);
	if (j->depth == EMIT_JW_DEPTH) {
		j->bad = 1;
		return;
	}
	j->empty[j->depth++] = 1;
}

void jw_close(struct emit_jw *j, char c)
{
	if (j->depth == 0) {
		j->bad = 1;
		return;
	}
	j->depth--;
	/* jansson: "[]" and "{}" when empty, else the closing bracket on a
	 * line of its own at the container's depth */
	if (!j->empty[j->depth])
		eb_newline(j->b, j->indent + 2 * j->depth);
	eb_putc(j->b, c);
}

void jw_item(struct emit_jw *j)
{
	if (j->depth == 0)
		return; /* the value itself, no separator */
	if (!j->empty[j->depth - 1])
		eb_putc(j->b, ',');
	j->empty[j->depth - 1] = 0;
	eb_newline(j->b, j->indent + 2 * j->depth);
}

void jw_key(struct emit_jw *j, const char *key)
{
	jw_item(j);
	jw_str(j, key);
	eb_write(j->b, ": ", 2);
}

/* A non-ASCII string through jansson itself (its UTF-8 check and dump). */
static void jw_str_jansson(struct emit_jw *j, const char *s)
{
	json_t *v = json_string(s);
	if (!v || emit_json_buf(j->b, v, 0) != 0)
		j->bad = 1;
	json_decref(v);
}

void jw_str(struct emit_jw *j, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s) {
		j->bad = 1; /* json_string(NULL) is NULL: no member */
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	int plain = 1; /* nothing to escape */
	for (; u[n]; n++) {
		if (u[n] >= 0x80) {
			jw_str_jansson(j, s);
			return;
		}
		plain &= u[n] >= 0x20 && u[n] != '"' && u[n] != '\\';
	}
	struct emit_buf *b = j->b;
	emit_buf_reserve(b, n + 2);
	b->p[b->n++] = '"';
	if (plain) { /* ids and names: one copy */
		memcpy(b->p + b->n, s, n);
		b->n += n;
		b->p[b->n++] = '"';
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			eb_putc(b, (char)c);
			continue;
		}
		/* jansson's escapes: \\ \" \b \f \n \r \t, else \u00XX */
		static const char from[] = "\"\\\b\f\n\r\t", to[] = "\"\\bfnrt";
		const char *k = strchr(from, (char)c); /* c is not 0 */
		char e[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
		size_t len = 6;
		if (k) {
			e[1] = to[k - from];
			len = 2;
		}
		eb_write(b, e, len);
	}
	eb_putc(b, '"');
}

void jw_int(struct emit_jw *j, uint64_t x)
{
	json_int_t v = (json_int_t)x; /* emit_jint's conversion */
	if (v < 0) {
		eb_putc(j->b, '-');
		eb_uint(j->b, (uint64_t)0 - (uint64_t)v);
	} else {
		eb_uint(j->b, (uint64_t)v);
	}
}

void jw_num(struct emit_jw *j, double x)
{
	if (!isfinite(x)) {
		jw_null(j);
		return;
	}
	/* emit_jnum reads "%.10g" back and jansson prints that with %.10g
	 * again: the same digits, except where strtod leaves the normal
	 * doubles (it overflows or loses digits): jansson decides those. */
	double a = fabs(x);
	if (a > 1e307 || (a > 0 && a < 1e-290)) {
		j->bad = 1;
		return;
	}
	char buf[64];
	int n = fmt_g(buf, sizeof buf, x, 10);
	if (n < 0 || n > 40) {
		j->bad = 1;
		return;
	}
	/* jansson's jsonp_dtostr: ".0" when neither '.' nor 'e', and the
	 * exponent without '+' and leading zeros */
	char *e = strchr(buf, 'e');
	if (!e) {
		if (!strchr(buf, '.')) {
			memcpy(buf + n, ".0", 3);
			n += 2;
		}
	} else {
		char *start = e + 1, *end = e + 2;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(buf + n - end) + 1);
			n -= (int)(end - start);
		}
	}
	eb_write(j->b, buf, (size_t)n);
}

void jw_null(struct emit_jw *j)
{
	eb_write(j->b, "null", 4);
}

void jw_bool(struct emit_jw *j, int x)
{
	if (x)
		eb_write(j->b, "true", 4);
	else
		eb_write(j->b, "false", 5);
}

/* ---- items on threads ------------------------------------------------- */

/* Items per block: what one thread formats before it writes. */
#define ITEMS_BLOCK 1024

/*
 * Wait until *turn is k: a short sleep between looks, not OpenMP's
 * spinning, which on a loaded machine took the CPU from the very thread
 * being waited for (libgomp spins some 300,000 pauses per wait; with
 * one block per wait that was most of the run at EU scale 4).
 */
static void wait_turn(const size_t *turn, size_t k)
{
	for (;;) {
		size_t t;
#pragma omp atomic read seq_cst
		t = *turn;
		if (t == k)
			return;
		struct timespec ts = {0, 20000};
		nanosleep(&ts, NULL);
	}
}

int emit_items(FILE *fp, size_t n, int (*fn)(struct emit_buf *, const void *, size_t),
               const void *arg, int threads)
{
	size_t nb = (n + ITEMS_BLOCK - 1) / ITEMS_BLOCK;
	if (threads < 1 || nb < 2)
		threads = 1;
	if ((size_t)threads > nb)
		threads = (int)nb;
	int bad = 0;
	size_t next = 0, turn = 0; /* the next block to format, to write */
	/* Each thread takes the next block, formats it into its own buffer
	 * and writes it when its turn comes: blocks are written in order. */
#pragma omp parallel num_threads(threads) if (threads > 1) reduction(| : bad)
	{
		struct emit_buf b = {NULL, 0, 0};
		for (;;) {
			size_t k;
#pragma omp atomic capture seq_cst
			k = next++;
			if (k >= nb)
				break;
			size_t lo = k * ITEMS_BLOCK;
			size_t hi = lo + ITEMS_BLOCK < n ? lo + ITEMS_BLOCK : n;
			b.n = 0;
			for (size_t i = lo; i < hi; i++)
				bad |= fn(&b, arg, i) != 0;
			wait_turn(&turn, k);
			if (b.n)
				fwrite(b.p, 1, b.n, fp);
#pragma omp atomic write seq_cst
			turn = k + 1;
		}
		free(b.p);
	}
	return bad ? -1 : 0;
}
