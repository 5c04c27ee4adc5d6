/*
 * text.h - numbers and strings in and out: the one number format of every
 * output, CSV fields, strict decimals, UTF-8 checks, edit distance for
 * "did you mean".
 */
#ifndef CHOKEPOINT_TEXT_H
#define CHOKEPOINT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Write s as one CSV field, quoted when it holds a comma, quote or line break. */
void csv_put(FILE *fp, const char *s);

/*
 * A plain finite decimal: optional sign, digits, fraction, exponent.
 * strtod would also take "nan", "inf" and hex floats, which no input of
 * chokepoint holds.  0, or -1 (out untouched).
 */
int parse_decimal(const char *s, double *out);

/*
 * A count, as every count of the command line and of model files is
 * written (chokepoint(1) Counts): digits, an optional fraction, an
 * optional exponent ("e4") and an optional suffix, with a whole value:
 * "20000", "2e4", "2.5e4", "20k".  Counts take k or K (10^3), M (10^6),
 * G (10^9) and T (10^12); with 'bytes' the suffixes K, M, G and T are
 * powers of 1024 instead ("1.5K" is 1536).  No sign, no blanks.  0, or
 * -1 (out untouched) when malformed, not whole or above 2^64 - 1.
 */
int parse_count(const char *s, int bytes, uint64_t *out);

/*
 * A duration written with a unit, as users write hours where chokepoint
 * wants a bare number: a plain decimal, optional spaces, then h, hr, hrs,
 * hour, hours, m, min, mins, minute, minutes, d, day or days (any case):
 * "4h", "2 hours", "30m", "1.5 days".  Its value in hours in *h (4, 2,
 * 0.5, 36), and 0; -1 when s is not one.
 */
int parse_hours_unit(const char *s, double *h);

/* Is s valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF)? */
int utf8_valid(const char *s, size_t len);

/* Levenshtein distance, capped: returns cap + 1 once it exceeds cap. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/*
 * Format a double the same way on every platform and never in
 * exponent notation: up to 'prec' significant decimals, trailing zeros
 * removed ("12", "0.125", "1000000").  Infinity prints as "inf".  A number
 * too long for buf in that form (|x| near DBL_MAX) is written in the
 * shortest exponent form that reads back exactly ("1e+300").
 */
void fmt_num(char *buf, size_t size, double x, int prec);

/*
 * snprintf(buf, size, "%.*g", prec, x), byte for byte, but without
 * printf for the common case (1 <= prec <= 15, 1e-15 <= |x| < 1e25, size
 * >= 48): the digits come from one scaling by a power of ten in long
 * double, and printf still decides when the exact value may lie too
 * close to a rounding boundary.  The length, as snprintf returns it.
 */
int fmt_g(char *buf, size_t size, double x, int prec);

/* A size in bytes for a message: "512 bytes", "1.5 MiB", "34.5 GiB". */
void fmt_bytes(char *buf, size_t size, double bytes);

#endif
