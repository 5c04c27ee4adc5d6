/* emit.c - numbers, CSV fields and JSON values shared by the report writers. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

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
