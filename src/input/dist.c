/* dist.c - outage duration distributions: parsing, sampling, closed forms. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "base/text.h"
#include "input/dist.h"

/* Most parameters any distribution takes. */
#define DIST_MAX_PARAMS 2
/* Decimals kept by dist_format: enough to round-trip hours to the microsecond. */
#define DIST_FORMAT_PREC 9

struct dist_syntax {
	const char *name;
	enum dist_kind kind;
	int nparams;
	const char *expect; /* what was expected, for the error message */
};

static const struct dist_syntax syntaxes[] = {
	{ "fixed", DIST_FIXED, 1, "\"fixed H\" with H > 0" },
	{ "uniform", DIST_UNIFORM, 2, "\"uniform A B\" with 0 <= A <= B and B > 0" },
	{ "exponential", DIST_EXPONENTIAL, 1, "\"exponential MEAN\" with MEAN > 0" },
	{ "lognormal", DIST_LOGNORMAL, 2,
	  "\"lognormal MEDIAN P95\" with 0 < MEDIAN <= P95" },
	{ "weibull", DIST_WEIBULL, 2, "\"weibull SHAPE SCALE\" with SHAPE > 0 and SCALE > 0" },
};
#define N_SYNTAXES (sizeof syntaxes / sizeof syntaxes[0])

/* parse_decimal (base/text.h) of the word s[0..len). */
static int parse_word(const char *s, size_t len, double *out)
{
	char buf[64];
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_decimal(buf, out);
}

/* Are the parameters in range for the kind? */
static int params_valid(enum dist_kind kind, double a, double b)
{
	switch (kind) {
	case DIST_FIXED:
	case DIST_EXPONENTIAL:
		return a > 0;
	case DIST_UNIFORM:
		return a >= 0 && a <= b && b > 0;
	case DIST_LOGNORMAL:
		return a > 0 && a <= b;
	case DIST_WEIBULL:
		return a > 0 && b > 0;
	}
	return 0;
}

/* Are the parameters within DIST_MIN/MAX_HOURS and DIST_MIN/MAX_SHAPE? */
static int params_bounded(enum dist_kind kind, double a, double b)
{
#define HOURS(x) ((x) >= DIST_MIN_HOURS && (x) <= DIST_MAX_HOURS)
	switch (kind) {
	case DIST_FIXED:
	case DIST_EXPONENTIAL:
		return HOURS(a);
	case DIST_UNIFORM:
		return (a == 0 || HOURS(a)) && HOURS(b);
	case DIST_LOGNORMAL:
		return HOURS(a) && HOURS(b);
	case DIST_WEIBULL:
		return a >= DIST_MIN_SHAPE && a <= DIST_MAX_SHAPE && HOURS(b);
	}
	return 0;
#undef HOURS
}

/* The message for parameters out of bounds; "got" the distribution's text. */
static void bounds_error(char *err, size_t errsz, const char *got)
{
	char lo[32], hi[32];
	fmt_num(lo, sizeof lo, DIST_MIN_HOURS, 6);
	fmt_num(hi, sizeof hi, DIST_MAX_HOURS, 6);
	snprintf(err, errsz, "expected durations from %s to %s hours (and a Weibull "
	         "SHAPE from %g to %g), got \"%s\"", lo, hi, DIST_MIN_SHAPE,
	         DIST_MAX_SHAPE, got);
}

int dist_check(const struct dist *d, char *err, size_t errsz)
{
	const struct dist_syntax *syn = NULL;
	for (size_t i = 0; i < N_SYNTAXES; i++)
		if (syntaxes[i].kind == d->kind)
			syn = &syntaxes[i];
	char text[128];
	if (syn && syn->nparams == 1)
		snprintf(text, sizeof text, "%s %.9g", syn->name, d->a);
	else
		snprintf(text, sizeof text, "%s %.9g %.9g", syn ? syn->name : "?", d->a, d->b);
	if (!syn || !params_valid(d->kind, d->a, d->b)) {
		snprintf(err, errsz, "expected %s, got \"%s\"", syn ? syn->expect : "a distribution",
		         text);
		return -1;
	}
	if (!params_bounded(d->kind, d->a, d->b)) {
		bounds_error(err, errsz, text);
		return -1;
	}
	return 0;
}

int dist_parse(const char *s, struct dist *out, char *err, size_t errsz)
{
	/* Split into at most 1 + DIST_MAX_PARAMS words (one more to detect extras). */
	const char *w[DIST_MAX_PARAMS + 2];
	size_t wl[DIST_MAX_PARAMS + 2];
	int nw = 0;
	for (const char *p = s; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && !isspace((unsigned char)*q))
			q++;
		if (nw < DIST_MAX_PARAMS + 2) {
			w[nw] = p;
			wl[nw] = (size_t)(q - p);
		}
		nw++;
		p = q;
	}
	const struct dist_syntax *syn = NULL;
	for (size_t i = 0; nw > 0 && i < N_SYNTAXES; i++)
		if (strlen(syntaxes[i].name) == wl[0] &&
		    strncasecmp(syntaxes[i].name, w[0], wl[0]) == 0)
			syn = &syntaxes[i];
	if (!syn) {
		snprintf(err, errsz,
		         "expected a distribution: fixed H, uniform A B, exponential MEAN, "
		         "lognormal MEDIAN P95 or weibull SHAPE SCALE, got \"%s\"", s);
		return -1;
	}
	double v[DIST_MAX_PARAMS] = { 0, 0 };
	int ok = nw == 1 + syn->nparams;
	for (int i = 0; ok && i < syn->nparams; i++)
		ok = parse_word(w[1 + i], wl[1 + i], &v[i]) == 0;
	if (ok && syn->nparams == 1)
		v[1] = 0;
	if (!ok || !params_valid(syn->kind, v[0], v[1])) {
		/* "fixed 6h": the first parameter written with a unit */
		char word[64], hint[160] = "";
		double h;
		for (int i = 1; i < nw && i < DIST_MAX_PARAMS + 2 && !*hint; i++) {
			if (wl[i] >= sizeof word)
				continue;
			memcpy(word, w[i], wl[i]);
			word[wl[i]] = '\0';
			double x;
			if (parse_decimal(word, &x) != 0 && parse_hours_unit(word, &h) == 0) {
				char n[32];
				fmt_num(n, sizeof n, h, 6);
				snprintf(hint, sizeof hint, " (hours without a unit: write %s for "
				         "\"%s\")", n, word);
			}
		}
		snprintf(err, errsz, "expected %s, got \"%s\"%s", syn->expect, s, hint);
		return -1;
	}
	if (!params_bounded(syn->kind, v[0], v[1])) {
		bounds_error(err, errsz, s);
		return -1;
	}
	out->kind = syn->kind;
	out->a = v[0];
	out->b = v[1];
	return 0;
}

struct dist dist_lognormal(double median, double p95)
{
	struct dist d = { DIST_LOGNORMAL, median, p95 };
	return d;
}

/* sigma = ln(P95 / MEDIAN) / Z95, since P95 = exp(mu + Z95 sigma) and MEDIAN = exp(mu). */
static double lognormal_sigma(const struct dist *d)
{
	return (log(d->b) - log(d->a)) / Z95;
}

/*
 * Keep a draw inside (0, DBL_MAX]: GSL's exponential returns 0 when the
 * uniform variate is 0, a Weibull with a small shape underflows to 0 or
 * overflows, and uniform 0 B may draw exactly 0.  A duration of 0 would
 * be "no outage", inf would poison sums downstream.
 */
static double clamp_draw(double x)
{
	if (!(x >= DBL_MIN)) /* also catches NaN */
		return DBL_MIN;
	if (x > DBL_MAX)
		return DBL_MAX;
	return x;
}

double dist_sample(const struct dist *d, gsl_rng *r)
{
	double x;
	switch (d->kind) {
	case DIST_FIXED:
		return d->a;
	case DIST_UNIFORM:
		x = d->a + (d->b - d->a) * gsl_rng_uniform(r);
		break;
	case DIST_EXPONENTIAL:
		x = gsl_ran_exponential(r, d->a);
		break;
	case DIST_LOGNORMAL: {
		double sigma = lognormal_sigma(d);
		x = gsl_ran_lognormal(r, log(d->a), sigma);
		/* P95 = MEDIAN: exactly the median, but the draw is still made so
		 * that sweeping P95 away from the median keeps later draws in step
		 * (common random numbers). */
		if (sigma == 0)
			return d->a;
		break;
	}
	case DIST_WEIBULL:
		/* GSL's argument order is (scale, shape). */
		x = gsl_ran_weibull(r, d->b, d->a);
		break;
	default:
		return DBL_MIN;
	}
	return clamp_draw(x);
}

double dist_survival(const struct dist *d, double t)
{
	switch (d->kind) {
	case DIST_FIXED:
		return t < d->a ? 1.0 : 0.0;
	case DIST_UNIFORM:
		/* Uniform on [A, B]: P(D > t) = (B - t) / (B - A) between A and B. */
		if (t < d->a)
			return 1.0;
		if (t >= d->b)
			return 0.0;
		return (d->b - t) / (d->b - d->a);
	case DIST_EXPONENTIAL:
		return t <= 0 ? 1.0 : exp(-t / d->a);
	case DIST_LOGNORMAL: {
		/* P(D > t) = Q((ln t - mu) / sigma), Q the standard normal tail. */
		if (t <= 0)
			return 1.0;
		double sigma = lognormal_sigma(d);
		if (sigma == 0)
			return t < d->a ? 1.0 : 0.0;
		return gsl_cdf_ugaussian_Q((log(t) - log(d->a)) / sigma);
	}
	case DIST_WEIBULL:
		/* P(D > t) = exp(-(t / SCALE)^SHAPE). */
		return t <= 0 ? 1.0 : exp(-pow(t / d->b, d->a));
	}
	return 0.0;
}

double dist_mean(const struct dist *d)
{
	switch (d->kind) {
	case DIST_FIXED:
	case DIST_EXPONENTIAL:
		return d->a;
	case DIST_UNIFORM:
		return 0.5 * (d->a + d->b);
	case DIST_LOGNORMAL: {
		/* E[D] = exp(mu + sigma^2 / 2) = MEDIAN exp(sigma^2 / 2). */
		double sigma = lognormal_sigma(d);
		return d->a * exp(0.5 * sigma * sigma);
	}
	case DIST_WEIBULL:
		/* E[D] = SCALE Gamma(1 + 1 / SHAPE); through lngamma so a small
		 * shape gives inf rather than a GSL overflow error. */
		return d->b * exp(gsl_sf_lngamma(1.0 + 1.0 / d->a));
	}
	return 0.0;
}

void dist_format(const struct dist *d, char *buf, size_t size)
{
	const struct dist_syntax *syn = NULL;
	for (size_t i = 0; i < N_SYNTAXES; i++)
		if (syntaxes[i].kind == d->kind)
			syn = &syntaxes[i];
	if (!syn) {
		snprintf(buf, size, "?");
		return;
	}
	/* %.9f of the largest double takes 319 characters. */
	char a[400], b[400];
	fmt_num(a, sizeof a, d->a, DIST_FORMAT_PREC);
	if (syn->nparams == 1) {
		snprintf(buf, size, "%s %s", syn->name, a);
	} else {
		fmt_num(b, sizeof b, d->b, DIST_FORMAT_PREC);
		snprintf(buf, size, "%s %s %s", syn->name, a, b);
	}
}
