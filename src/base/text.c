/*
 * text.c - numbers and strings in and out (text.h).
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/text.h"

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

int parse_count(const char *s, int bytes, uint64_t *out)
{
	typedef unsigned __int128 u128;
	const u128 max = UINT64_MAX;
	const char *p = s;
	u128 mant = 0;
	int nfrac = 0, ndigits = 0;
	for (; *p >= '0' && *p <= '9'; p++, ndigits++)
		if ((mant = mant * 10 + (unsigned)(*p - '0')) > max)
			return -1;
	if (ndigits == 0)
		return -1;
	if (*p == '.') {
		if (!(p[1] >= '0' && p[1] <= '9'))
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++, ndigits++, nfrac++)
			if ((mant = mant * 10 + (unsigned)(*p - '0')) > max)
				return -1;
	}
	if (ndigits == 0)
		return -1;
	int exp = 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((exp = exp * 10 + (*p - '0')) > 40)
				return -1;
	}
	u128 mul = 1;
	if (*p) {
		static const char suffix[] = "kKMGT";
		const char *k = strchr(suffix, *p);
		if (!k || (bytes && *k == 'k'))
			return -1;
		int power = k - suffix < 2 ? 1 : (int)(k - suffix);
		for (int i = 0; i < power; i++)
			mul *= bytes ? 1024 : 1000;
		p++;
	}
	if (*p)
		return -1;
	/* value = mant * mul * 10^(exp - nfrac), which must be whole */
	u128 num = mant * mul, den = 1;
	for (int e = exp - nfrac; e > 0; e--)
		if (num != 0 && (num *= 10) > max)
			return -1;
	if (nfrac - exp > 36) /* mant * mul < 10^32: whole only when 0 */
		den = num ? 0 : 1;
	else
		for (int e = nfrac - exp; e > 0; e--)
			den *= 10;
	if (den == 0 || num % den != 0 || num / den > max)
		return -1;
	*out = (uint64_t)(num / den);
	return 0;
}

int parse_hours_unit(const char *s, double *h)
{
	static const struct {
		const char *unit;
		double hours;
	} units[] = {
		{ "h", 1 }, { "hr", 1 }, { "hrs", 1 }, { "hour", 1 }, { "hours", 1 },
		{ "m", 1.0 / 60 }, { "min", 1.0 / 60 }, { "mins", 1.0 / 60 },
		{ "minute", 1.0 / 60 }, { "minutes", 1.0 / 60 },
		{ "d", 24 }, { "day", 24 }, { "days", 24 },
	};
	size_t n = strspn(s, "0123456789.");
	if (n == 0 || n > 30)
		return -1;
	char num[32];
	memcpy(num, s, n);
	num[n] = '\0';
	double x;
	if (parse_decimal(num, &x) != 0)
		return -1;
	const char *u = s + n + strspn(s + n, " ");
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcasecmp(u, units[i].unit) == 0) {
			*h = x * units[i].hours;
			return 0;
		}
	return -1;
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

/* 10^k for k = 0 .. 27, exact in a long double of 64 bits or more
 * (5^27 < 2^64); as a double (53 bits) exact up to 10^22. */
static long double pow10_ld(int k)
{
	static const long double p[] = {
	    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
	    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
	    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
	return p[k];
}

/* The largest power of ten the table holds exactly on this platform. */
static int pow10_exact_max(void)
{
	return LDBL_MANT_DIG >= 64 ? 27 : 22;
}

/*
 * y = a * 10^k (k >= 0) or a / 10^-k, rounded once to a long double,
 * and the whole number nearest to the exact product in *r: 0, or -1 when
 * the exact product may lie too close to a half (or is too large) for
 * the rounded y to tell which way it rounds, and the caller must use
 * printf's exact conversion instead.  a >= 0.
 */
static int scaled_round(double a, int k, uint64_t *r)
{
	if (k > pow10_exact_max() || -k > pow10_exact_max())
		return -1;
	long double y = k >= 0 ? (long double)a * pow10_ld(k) : (long double)a / pow10_ld(-k);
	if (!(y < 9e18L))
		return -1;
	/* one rounding: |y - exact| <= y * LDBL_EPSILON / 2; keep 8 times that */
	long double fl = floorl(y), f = y - fl, tol = (y + 1) * LDBL_EPSILON * 4;
	if (fabsl(f - 0.5L) <= tol)
		return -1;
	*r = (uint64_t)fl + (f > 0.5L);
	return 0;
}

/* The decimal digits of u, at least 'min' of them (leading zeros), to p;
 * their number. */
static int put_digits(char *p, uint64_t u, int min)
{
	char t[24];
	int n = 0;
	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n < min)
		t[n++] = '0';
	for (int i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

/*
 * %.*f of x with prec decimals, trailing zeros and a bare point removed,
 * "-0" as "0" (fmt_num's form), without printf: the number scaled by
 * 10^prec and rounded, when that rounding is certain.  0, or -1 (buf
 * untouched) when printf must decide.
 */
static int fmt_num_fast(char *buf, size_t size, double x, int prec)
{
	uint64_t r;
	if (prec < 0 || prec > 18 || size < 48 || scaled_round(fabs(x), prec, &r) != 0)
		return -1;
	if (r == 0) {
		strcpy(buf, "0");
		return 0;
	}
	char *p = buf;
	if (x < 0)
		*p++ = '-';
	uint64_t scale = (uint64_t)pow10_ld(prec);
	uint64_t ip = r / scale, fp = r % scale;
	p += put_digits(p, ip, 1);
	if (fp) {
		int nd = prec;
		while (fp % 10 == 0) { /* trailing zeros go */
			fp /= 10;
			nd--;
		}
		*p++ = '.';
		p += put_digits(p, fp, nd);
	}
	*p = '\0';
	return 0;
}

int fmt_g(char *buf, size_t size, double x, int prec)
{
	if (prec < 1 || prec > 15 || size < 48 || !isfinite(x) || x == 0 ||
	    !(fabs(x) >= 1e-15 && fabs(x) < 1e25))
		return snprintf(buf, size, "%.*g", prec, x);
	const double a = fabs(x);
	/* X: the decimal exponent of x rounded to prec digits; a guess, then
	 * set by the digits themselves */
	int X = (int)floor(log10(a));
	uint64_t r, lo = (uint64_t)pow10_ld(prec - 1), hi = lo * 10;
	for (int tries = 0;; tries++) {
		if (tries == 3 || scaled_round(a, prec - 1 - X, &r) != 0)
			return snprintf(buf, size, "%.*g", prec, x);
		if (r < lo)
			X--;
		else if (r > hi)
			X++;
		else
			break;
	}
	if (r == hi) { /* rounded up to the next power of ten */
		r = lo;
		X++;
	}
	char d[24], *p = buf;
	put_digits(d, r, prec);
	int nd = prec; /* significant digits left once trailing zeros go */
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	if (x < 0)
		*p++ = '-';
	if (X < -4 || X >= prec) { /* style e */
		*p++ = d[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, d + 1, (size_t)nd - 1);
			p += nd - 1;
		}
		*p++ = 'e';
		*p++ = X < 0 ? '-' : '+';
		p += put_digits(p, (uint64_t)(X < 0 ? -X : X), 2);
	} else if (X >= 0) { /* style f, X + 1 digits before the point */
		memcpy(p, d, (size_t)X + 1);
		p += X + 1;
		if (nd > X + 1) {
			*p++ = '.';
			memcpy(p, d + X + 1, (size_t)(nd - X - 1));
			p += nd - X - 1;
		}
	} else { /* style f, 0.000ddd */
		*p++ = '0';
		*p++ = '.';
		for (int i = 0; i < -X - 1; i++)
			*p++ = '0';
		memcpy(p, d, (size_t)nd);
		p += nd;
	}
	*p = '\0';
	return (int)(p - buf);
}

void fmt_num(char *buf, size_t size, double x, int prec)
{
	if (isfinite(x) && fmt_num_fast(buf, size, x, prec) == 0)
		return;
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
