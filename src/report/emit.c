/* emit.c - numbers, CSV fields and JSON values shared by the report writers. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	fprintf(fp, ",%llu", (unsigned long long)x);
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
	struct indented o = {NULL, 0, 0, indent};
	int rc =
	    v ? json_dump_callback(v, put_indented, &o, EMIT_JSON_FLAGS | JSON_ENCODE_ANY)
	      : -1;
	if (o.n)
		fwrite(o.buf, 1, o.n, fp);
	free(o.buf);
	return rc;
}
