/*
 * dist.h - outage duration distributions (chokepoint-model(5)).
 *
 *   fixed H              always H hours                      H > 0
 *   uniform A B          uniform on [A, B]                   0 <= A <= B, B > 0
 *   exponential MEAN     exponential with that mean          MEAN > 0
 *   lognormal MEDIAN P95 mu = ln MEDIAN, sigma = ln(P95 / MEDIAN) / Z95,
 *                        Z95 = 1.6448536 (the standard normal 95th percentile);
 *                        0 < MEDIAN <= P95, MEDIAN == P95 is fixed MEDIAN
 *   weibull SHAPE SCALE  Weibull(k = SHAPE, lambda = SCALE)  SHAPE, SCALE > 0
 *
 * Names are case-insensitive; numbers are plain finite decimals (no nan,
 * inf or hex).  All parameters in hours; every sample is > 0 and finite:
 * a draw of exactly 0 (uniform 0 B, GSL's exponential at a zero uniform
 * variate, a Weibull underflow) is returned as DBL_MIN and an overflow as
 * DBL_MAX.
 */
#ifndef CHOKEPOINT_DIST_H
#define CHOKEPOINT_DIST_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/*
 * Ranges that keep every draw, and its sums over 10^9 trials and products
 * with volumes, finite: parameters in hours (uniform's A may also be 0)
 * from DIST_MIN_HOURS to DIST_MAX_HOURS (114 years), a Weibull SHAPE from
 * DIST_MIN_SHAPE to DIST_MAX_SHAPE.  A lognormal's sigma is then at most
 * ln(10^12) / Z95 = 16.8.
 */
#define DIST_MIN_HOURS 1e-6
#define DIST_MAX_HOURS 1e6
#define DIST_MIN_SHAPE 0.1
#define DIST_MAX_SHAPE 1000.0

/* The 95th percentile of the standard normal distribution. */
#define Z95 1.6448536269514722

enum dist_kind { DIST_FIXED, DIST_UNIFORM, DIST_EXPONENTIAL, DIST_LOGNORMAL, DIST_WEIBULL };

struct dist {
	enum dist_kind kind;
	double a, b; /* parameters as written (b unused by fixed, exponential) */
};

/*
 * Parse "lognormal 12 72" and the like; 0, or -1 with a message in err
 * saying what was expected and what was found, e.g.
 *   expected "lognormal MEDIAN P95" with 0 < MEDIAN <= P95, got "lognormal 12"
 */
int dist_parse(const char *s, struct dist *out, char *err, size_t errsz);

/* Are d's parameters valid and within the ranges above?  0, or -1 with a
 * message in err saying what was expected. */
int dist_check(const struct dist *d, char *err, size_t errsz);

/* Lognormal from a median and a 95th percentile (both hours, p95 >= median). */
struct dist dist_lognormal(double median, double p95);

/* One draw, in hours. */
double dist_sample(const struct dist *d, gsl_rng *r);

/* P(D > t): the survival function, for closed-form checks and reports. */
double dist_survival(const struct dist *d, double t);

/* The distribution's mean in hours. */
double dist_mean(const struct dist *d);

/* Canonical text ("lognormal 12 72"), as dist_parse reads it; numbers are
 * rounded to 9 decimals and never in exponent notation. */
void dist_format(const struct dist *d, char *buf, size_t size);

#endif
