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

#endif
