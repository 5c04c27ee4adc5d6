/* test_dist.c - duration distributions: parsing, closed forms, sampling. */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "input/dist.h"

/* Draws per Monte Carlo check. */
#define N_DRAWS 200000
/* Allowed distance from the exact value, in standard errors. */
#define N_SE 4.0

static void quiet_gsl(void)
{
	gsl_set_error_handler_off();
}

TestSuite(dist, .init = quiet_gsl);

static struct dist parse_ok(const char *s)
{
	struct dist d;
	char err[256] = "";
	cr_assert_eq(dist_parse(s, &d, err, sizeof err), 0, "\"%s\": %s", s, err);
	return d;
}

Test(dist, parse_good)
{
	struct dist d = parse_ok("fixed 3");
	cr_assert_eq(d.kind, DIST_FIXED);
	cr_assert_eq(d.a, 3.0);

	d = parse_ok("  Uniform\t0   4.5 ");
	cr_assert_eq(d.kind, DIST_UNIFORM);
	cr_assert_eq(d.a, 0.0);
	cr_assert_eq(d.b, 4.5);

	d = parse_ok("exponential 2.5");
	cr_assert_eq(d.kind, DIST_EXPONENTIAL);
	cr_assert_eq(d.a, 2.5);

	d = parse_ok("lognormal 12 72");
	cr_assert_eq(d.kind, DIST_LOGNORMAL);
	cr_assert_eq(d.a, 12.0);
	cr_assert_eq(d.b, 72.0);

	d = parse_ok("lognormal 5 5"); /* sigma 0: always 5 */
	cr_assert_eq(d.b, 5.0);

	d = parse_ok("weibull 1.5 1e1");
	cr_assert_eq(d.kind, DIST_WEIBULL);
	cr_assert_eq(d.a, 1.5);
	cr_assert_eq(d.b, 10.0);

	d = parse_ok("uniform 2 2");
	cr_assert_eq(d.a, 2.0);
}

Test(dist, parse_bad)
{
	static const char *const bad[] = {
		"", "   ", "gamma 1 2", "fixed", "fixed 0", "fixed -1", "fixed 1 2",
		"fixed nan", "fixed inf", "fixed 0x10", "fixed 1e999", "fixed 3h",
		"uniform 3 2", "uniform -1 2", "uniform 0 0", "uniform 1",
		"exponential 0", "exponential", "lognormal 12", "lognormal 12 6",
		"lognormal 0 5", "lognormal 12 72 3", "weibull 0 1", "weibull 1 0",
		"weibull 1", "fixed 1,5",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct dist d;
		char err[256] = "";
		cr_expect_eq(dist_parse(bad[i], &d, err, sizeof err), -1, "accepted \"%s\"",
		             bad[i]);
		cr_expect(strstr(err, "expected") != NULL, "\"%s\": %s", bad[i], err);
	}
}

Test(dist, parse_messages)
{
	struct dist d;
	char err[256];
	dist_parse("lognormal 12", &d, err, sizeof err);
	cr_assert_str_eq(err, "expected \"lognormal MEDIAN P95\" with 0 < MEDIAN <= P95, "
	                      "got \"lognormal 12\"");
	dist_parse("uniform 3 2", &d, err, sizeof err);
	cr_assert_str_eq(err, "expected \"uniform A B\" with 0 <= A <= B and B > 0, "
	                      "got \"uniform 3 2\"");
	dist_parse("normal 3 2", &d, err, sizeof err);
	cr_assert(strstr(err, "expected a distribution: fixed H, uniform A B") != NULL, "%s", err);
	cr_assert(strstr(err, "got \"normal 3 2\"") != NULL, "%s", err);
}

Test(dist, format_round_trip)
{
	static const char *const canon[] = {
		"fixed 3", "uniform 0.5 1.25", "exponential 2.5", "lognormal 12 72",
		"weibull 1.5 10", "fixed 1000000",
	};
	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		struct dist d = parse_ok(canon[i]);
		char buf[128];
		dist_format(&d, buf, sizeof buf);
		cr_expect_str_eq(buf, canon[i]);
	}
	/* Written differently, printed canonically (no exponent notation). */
	struct dist d = parse_ok("LOGNORMAL 1.2e1 72.000");
	char buf[128];
	dist_format(&d, buf, sizeof buf);
	cr_assert_str_eq(buf, "lognormal 12 72");
	d = dist_lognormal(4, 24);
	dist_format(&d, buf, sizeof buf);
	cr_assert_str_eq(buf, "lognormal 4 24");
}

Test(dist, survival_closed_forms)
{
	struct dist d = parse_ok("fixed 3");
	cr_assert_eq(dist_survival(&d, 2.9), 1.0);
	cr_assert_eq(dist_survival(&d, 3.0), 0.0);

	/* uniform on [2, 6]: P(D > 3) = (6 - 3) / (6 - 2) = 0.75 */
	d = parse_ok("uniform 2 6");
	cr_assert_eq(dist_survival(&d, 1.0), 1.0);
	cr_assert_float_eq(dist_survival(&d, 3.0), 0.75, 1e-15);
	cr_assert_eq(dist_survival(&d, 6.0), 0.0);

	/* exponential mean 5: P(D > 5) = e^-1 = 0.36787944117144233 */
	d = parse_ok("exponential 5");
	cr_assert_float_eq(dist_survival(&d, 5.0), 0.36787944117144233, 1e-15);
	cr_assert_eq(dist_survival(&d, 0.0), 1.0);

	/* Weibull(1.5, 10): P(D > 10) = exp(-(10/10)^1.5) = e^-1 */
	d = parse_ok("weibull 1.5 10");
	cr_assert_float_eq(dist_survival(&d, 10.0), 0.36787944117144233, 1e-15);

	/* Lognormal(12, 72): P(D > median) = 1/2, P(D > p95) = 0.05 by
	 * construction (sigma = ln(72/12) / Z95). */
	d = parse_ok("lognormal 12 72");
	cr_assert_float_eq(dist_survival(&d, 12.0), 0.5, 1e-12);
	cr_assert_float_eq(dist_survival(&d, 72.0), 0.05, 1e-9);
	cr_assert_eq(dist_survival(&d, 0.0), 1.0);

	d = parse_ok("lognormal 5 5"); /* degenerate: fixed 5 */
	cr_assert_eq(dist_survival(&d, 4.99), 1.0);
	cr_assert_eq(dist_survival(&d, 5.0), 0.0);
}

Test(dist, mean_closed_forms)
{
	struct dist d = parse_ok("uniform 2 6");
	cr_assert_eq(dist_mean(&d), 4.0);
	/* Lognormal(12, 72): sigma = ln 6 / 1.6448536 = 1.0893124104598;
	 * mean = 12 exp(sigma^2 / 2) = 12 exp(0.5933009) = 21.7194335175 */
	d = parse_ok("lognormal 12 72");
	cr_assert_float_eq(dist_mean(&d), 21.71943351749272, 1e-9);
	/* Weibull(1.5, 10): 10 Gamma(1 + 1/1.5) = 10 Gamma(5/3) = 9.0274529295 */
	d = parse_ok("weibull 1.5 10");
	cr_assert_float_eq(dist_mean(&d), 9.027452929509337, 1e-9);
}

/*
 * The mean of N_DRAWS draws lies within N_SE standard errors of
 * dist_mean, the standard error being sqrt(sample variance / N).
 */
static void check_sample_mean(const char *spec, unsigned long seed)
{
	struct dist d = parse_ok(spec);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	cr_assert_not_null(r);
	gsl_rng_set(r, seed);
	/* Welford's running mean and sum of squared deviations. */
	double mean = 0, m2 = 0;
	for (long i = 1; i <= N_DRAWS; i++) {
		double x = dist_sample(&d, r);
		cr_assert(x > 0 && isfinite(x), "%s drew %g", spec, x);
		double delta = x - mean;
		mean += delta / (double)i;
		m2 += delta * (x - mean);
	}
	gsl_rng_free(r);
	double var = m2 / (N_DRAWS - 1);
	double se = sqrt(var / N_DRAWS);
	double want = dist_mean(&d);
	if (se == 0)
		cr_assert_eq(mean, want, "%s: mean %g, expected %g", spec, mean, want);
	else
		cr_assert(fabs(mean - want) <= N_SE * se,
		          "%s: sample mean %.6f, expected %.6f (se %.6f)", spec, mean, want, se);
}

Test(dist, sample_mean_fixed) { check_sample_mean("fixed 3", 1); }
Test(dist, sample_mean_uniform) { check_sample_mean("uniform 2 6", 2); }
Test(dist, sample_mean_uniform_from_zero) { check_sample_mean("uniform 0 1", 3); }
Test(dist, sample_mean_exponential) { check_sample_mean("exponential 5", 4); }
Test(dist, sample_mean_lognormal) { check_sample_mean("lognormal 12 72", 5); }
Test(dist, sample_mean_weibull) { check_sample_mean("weibull 1.5 10", 6); }

/*
 * Empirical tail of the lognormal: P(D > 12) = 0.5 and P(D > 72) = 0.05.
 * A proportion of N draws has standard error sqrt(p (1 - p) / N):
 *   p = 0.5:  sqrt(0.25 / 200000)   = 0.001118, 4 se = 0.00447
 *   p = 0.05: sqrt(0.0475 / 200000) = 0.000487, 4 se = 0.00195
 */
Test(dist, lognormal_empirical_tail)
{
	struct dist d = parse_ok("lognormal 12 72");
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	cr_assert_not_null(r);
	gsl_rng_set(r, 42);
	long over_median = 0, over_p95 = 0;
	for (long i = 0; i < N_DRAWS; i++) {
		double x = dist_sample(&d, r);
		over_median += x > 12.0;
		over_p95 += x > 72.0;
	}
	gsl_rng_free(r);
	double p50 = (double)over_median / N_DRAWS, p05 = (double)over_p95 / N_DRAWS;
	cr_assert(fabs(p50 - dist_survival(&d, 12.0)) <= 0.00447, "P(D > 12) = %.5f", p50);
	cr_assert(fabs(p05 - dist_survival(&d, 72.0)) <= 0.00195, "P(D > 72) = %.5f", p05);
}

/* A Weibull with a tiny shape underflows to 0 for draws near the mode and
 * is huge in the tail: every draw must still be > 0 and finite. */
Test(dist, samples_positive_and_finite)
{
	/* Below DIST_MIN_SHAPE, so dist_parse refuses it (out_of_bounds below);
	 * dist_sample must still keep every draw finite and positive. */
	struct dist d = { DIST_WEIBULL, 0.01, 1 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	cr_assert_not_null(r);
	gsl_rng_set(r, 7);
	for (long i = 0; i < N_DRAWS; i++) {
		double x = dist_sample(&d, r);
		cr_assert(x >= DBL_MIN && x <= DBL_MAX, "drew %g", x);
	}
	gsl_rng_free(r);
}

/* Parameters outside dist.h's bounds: draws or their sums would overflow. */
Test(dist, out_of_bounds)
{
	static const char *const bad[] = { "weibull 0.01 1", "fixed 0.0000001",
		"lognormal 1e-300 1", "lognormal 1 1e300", "exponential 2000000",
		"uniform 0 1e7", "weibull 2 1e9", "weibull 1e9 2" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct dist d;
		char err[256];
		cr_assert_eq(dist_parse(bad[i], &d, err, sizeof err), -1, "%s accepted", bad[i]);
		cr_assert(strstr(err, "expected durations from 0.000001 to 1000000 hours"),
		          "%s: %s", bad[i], err);
	}
	struct dist ok = { DIST_UNIFORM, 0, 1000000 };
	char err[256];
	cr_assert_eq(dist_check(&ok, err, sizeof err), 0, "%s", err);
	ok.b = 1000001;
	cr_assert_eq(dist_check(&ok, err, sizeof err), -1);
}
