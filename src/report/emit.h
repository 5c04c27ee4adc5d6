/*
 * emit.h - what every report writer shares: the one number format of CSV
 * and text outputs (fmt_num of base/text.h), CSV fields (csv_put) and
 * JSON values and documents (jansson).  The json_t values returned are
 * the caller's.
 */
#ifndef CHOKEPOINT_EMIT_H
#define CHOKEPOINT_EMIT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

/* How every JSON output is laid out: 2-space indent, reals to 10 digits. */
#define EMIT_JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(10))

/* Write a number with up to prec decimals and no exponent (CSV, text). */
void emit_num(FILE *fp, double x, int prec);

/* The next CSV field of a row: ",", then a number as emit_num writes it. */
void emit_sep_num(FILE *fp, double x, int prec);

/* The next CSV field of a row: ",", then s, quoted when it needs to be. */
void emit_sep_str(FILE *fp, const char *s);

/* The next CSV field of a row: ",", then a count. */
void emit_sep_uint(FILE *fp, uint64_t x);

/* A JSON number rounded to 10 significant digits, so the text is stable
 * and short; null when x is not finite (an unlimited duration). */
json_t *emit_jnum(double x);

/* A JSON integer from a count. */
json_t *emit_jint(uint64_t x);

/* Write doc as a whole JSON output (EMIT_JSON_FLAGS) and a line break. */
void emit_json(FILE *fp, const json_t *doc);

/*
 * Write v (any JSON value) as jansson writes it with EMIT_JSON_FLAGS
 * nested inside a larger document: each of its line breaks followed by
 * 'indent' more spaces.  With it a writer streams a long array element
 * by element and still gives the bytes of the whole document.  0, or -1
 * when v is NULL or jansson cannot encode it (out of memory).
 */
int emit_json_at(FILE *fp, const json_t *v, int indent);

/* ---- formatting into memory ------------------------------------------ */

/*
 * A growing byte buffer.  The long outputs (the big CSVs, summary.json's
 * long arrays) are formatted into buffers, block by block on several
 * threads, and written in order (emit_items): the same bytes for any
 * number of threads.
 */
struct emit_buf {
	char *p;
	size_t n, cap;
};

/* Room for 'more' bytes after b->n. */
void emit_buf_reserve(struct emit_buf *b, size_t more);

/* Append n bytes. */
static inline void eb_write(struct emit_buf *b, const char *s, size_t n)
{
	if (b->cap - b->n < n)
		emit_buf_reserve(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* Append one byte. */
static inline void eb_putc(struct emit_buf *b, char c)
{
	if (b->cap == b->n)
		emit_buf_reserve(b, 1);
	b->p[b->n++] = c;
}

/* Append a string. */
static inline void eb_puts(struct emit_buf *b, const char *s)
{
	eb_write(b, s, strlen(s));
}

/* Append "\n" and n spaces. */
void eb_newline(struct emit_buf *b, int n);
/* A count in decimal. */
void eb_uint(struct emit_buf *b, uint64_t x);
/* As csv_put, emit_sep_str, emit_sep_num and emit_sep_uint, into b. */
void eb_csv(struct emit_buf *b, const char *s);
void eb_sep_str(struct emit_buf *b, const char *s);
void eb_sep_num(struct emit_buf *b, double x, int prec);
void eb_sep_uint(struct emit_buf *b, uint64_t x);

/*
 * A JSON value as json_dump_callback(EMIT_JSON_FLAGS) writes it, written
 * directly, without a json_t tree: the bytes of emit_json_at(v, indent)
 * for the value v the calls describe.  Containers nest up to
 * EMIT_JW_DEPTH deep.  jw.bad is set when a value is one jansson would
 * refuse or print otherwise (a string that is not valid UTF-8, a number
 * near the limits of a double): the caller then writes that value with
 * jansson instead.
 */
#define EMIT_JW_DEPTH 16
struct emit_jw {
	struct emit_buf *b;
	int indent, depth, bad;
	unsigned char empty[EMIT_JW_DEPTH]; /* the open container has no member yet */
};

/* Start a value nested 'indent' spaces deep (emit_json_at). */
void jw_begin(struct emit_jw *j, struct emit_buf *b, int indent);
/* Open an object ('{') or array ('['); close it ('}' or ']'). */
void jw_open(struct emit_jw *j, char c);
void jw_close(struct emit_jw *j, char c);
/* The next member of an object, up to its value; the next array element. */
void jw_key(struct emit_jw *j, const char *key);
void jw_item(struct emit_jw *j);
/* Values: a string (json_string), emit_jint, emit_jnum, null, a boolean. */
void jw_str(struct emit_jw *j, const char *s);
void jw_int(struct emit_jw *j, uint64_t x);
void jw_num(struct emit_jw *j, double x);
void jw_null(struct emit_jw *j);
void jw_bool(struct emit_jw *j, int x);

/* emit_json_at into a buffer.  0, or -1. */
int emit_json_buf(struct emit_buf *b, const json_t *v, int indent);
/*
 * Element i of a long JSON array whose members are 'in' spaces deep, for
 * an emit_items function: the separator and line break before it, then
 * the element as direct(j, arg, i) writes it, or, when jansson would
 * write it otherwise (emit_jw.bad), the tree tree(arg, i) dumped by
 * jansson (and freed).  0, or -1.
 */
int emit_array_item(struct emit_buf *b, size_t i, int in,
                    void (*direct)(struct emit_jw *, const void *, size_t),
                    json_t *(*tree)(const void *, size_t), const void *arg);

/*
 * Items 0 .. n-1 written to fp, each formatted by fn(b, arg, i) (which
 * appends to b and returns 0, or -1 on an encoding failure): blocks of
 * items are formatted on 'threads' threads and written in item order, so
 * the bytes do not depend on the count.  fn must only read shared data.
 * 0, or -1 when an fn failed.
 */
int emit_items(FILE *fp, size_t n, int (*fn)(struct emit_buf *, const void *, size_t),
               const void *arg, int threads);

#endif
