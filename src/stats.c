/* stats.c - Wilson intervals, means and exact percentiles (via GSL). */
#include "config.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

void stats_wilson(uint64_t x, uint64_t n, double *lo, double *hi)
{
	if (n == 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	double nn = (double)n, p = (double)x / nn, z2 = Z975 * Z975;
	double denom = 1 + z2 / nn;
	double c = (p + z2 / (2 * nn)) / denom;
	double h = Z975 / denom * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
	/* At x = 0 (x = n) the lower (upper) bound is exactly 0 (1). */
	if (x == 0)
		*lo = 0;
	if (x == n)
		*hi = 1;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	if (n == 0)
		return 0;
	double k = ceil(q * (double)n);
	size_t i = k < 1 ? 0 : (size_t)k - 1;
	if (i >= n)
		i = n - 1;
	return sorted[i];
}

void stats_summarise(const double *v, size_t n, struct stats_summary *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	out->mean = gsl_stats_mean(v, 1, n);
	out->sd = n > 1 ? gsl_stats_sd_m(v, 1, n, out->mean) : 0;
	double half = Z975 * out->sd / sqrt((double)n);
	out->lo = out->mean - half;
	out->hi = out->mean + half;
	double *s = xreallocarray(NULL, n, sizeof *s);
	memcpy(s, v, n * sizeof *s);
	gsl_sort(s, 1, n);
	out->p50 = stats_quantile_sorted(s, n, 0.50);
	out->p90 = stats_quantile_sorted(s, n, 0.90);
	out->p95 = stats_quantile_sorted(s, n, 0.95);
	out->p99 = stats_quantile_sorted(s, n, 0.99);
	out->p99_5 = stats_quantile_sorted(s, n, 0.995);
	out->p99_9 = stats_quantile_sorted(s, n, 0.999);
	out->max = s[n - 1];
	free(s);
}
