/* stats.c - Wilson intervals, means and exact percentiles (via GSL). */
#include "config.h"

#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_statistics_uint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/stats.h"

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

/* The index of the q-quantile in sorted order (see stats_quantile_sorted). */
static size_t quantile_index(size_t n, double q)
{
	double k = ceil(q * (double)n);
	size_t i = k < 1 ? 0 : (size_t)k - 1;
	return i >= n ? n - 1 : i;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	if (n == 0)
		return 0;
	return sorted[quantile_index(n, q)];
}

static inline void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/*
 * Reorder v[0..n) so that v[k] is the value sorted order would put there,
 * everything before it <= v[k] and everything after >= v[k]; return v[k].
 * Quickselect with a median-of-three pivot and a three-way partition (the
 * per-trial counts have long runs of equal values).
 */
static double select_partition(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n; /* v[k] lies in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2, last = hi - 1;
		if (v[mid] < v[lo])
			swap_d(&v[mid], &v[lo]);
		if (v[last] < v[lo])
			swap_d(&v[last], &v[lo]);
		if (v[last] < v[mid])
			swap_d(&v[last], &v[mid]);
		double pivot = v[mid];
		/* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot */
		size_t lt = lo, i = lo, gt = hi;
		while (i < gt) {
			if (v[i] < pivot)
				swap_d(&v[lt++], &v[i++]);
			else if (v[i] > pivot)
				swap_d(&v[i], &v[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return pivot;
	}
	return v[k];
}

/* The percentiles of a summary, ascending, and where each goes. */
static const double summary_q[] = { 0.50, 0.90, 0.95, 0.99, 0.995, 0.999 };
#define SUMMARY_Q (sizeof summary_q / sizeof summary_q[0])

static double *summary_slot(struct stats_summary *out, size_t j)
{
	double *slot[SUMMARY_Q] = { &out->p50, &out->p90, &out->p95, &out->p99,
	                            &out->p99_5, &out->p99_9 };
	return slot[j];
}

/* The interval of the mean of n values from out's mean and sd. */
static void summary_interval(struct stats_summary *out, size_t n)
{
	double half = Z975 * out->sd / sqrt((double)n);
	out->lo = out->mean - half;
	out->hi = out->mean + half;
}

void stats_summarise_inplace(double *v, size_t n, struct stats_summary *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	/* Mean and sd first, in trial order: they sum in that order. */
	out->mean = gsl_stats_mean(v, 1, n);
	out->sd = n > 1 ? gsl_stats_sd_m(v, 1, n, out->mean) : 0;
	summary_interval(out, n);
	/*
	 * Exact percentiles by selection instead of a sort.  Each selection
	 * leaves v partitioned at its index, so the next, higher one looks
	 * only at what lies above: n + n/2 + n/10 + ... elements in all
	 * rather than n for each.  The k-th smallest value is one number, so
	 * the result is that of any exact method.
	 */
	size_t from = 0;
	for (size_t j = 0; j < SUMMARY_Q; j++) {
		size_t k = quantile_index(n, summary_q[j]); /* non-decreasing in j */
		*summary_slot(out, j) = select_partition(v + from, n - from, k - from);
		from = k;
	}
	out->max = gsl_stats_max(v + from, 1, n - from);
}

size_t *stats_value_counts(const uint32_t *v, size_t n, uint32_t *max)
{
	uint32_t m = 0;
	for (size_t i = 0; i < n; i++)
		m = v[i] > m ? v[i] : m;
	/* m is a count of institutions or services, far below UINT32_MAX */
	size_t *count = xcalloc((size_t)m + 1, sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[v[i]]++;
	*max = m;
	return count;
}

void stats_summarise_counts(const uint32_t *v, size_t n, struct stats_summary *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	/* GSL's unsigned int mean and sd are its double ones instantiated
	 * for another type, accumulating in long double: each value is the
	 * same long double either way, so the results are the same bits. */
	out->mean = gsl_stats_uint_mean(v, 1, n);
	out->sd = n > 1 ? gsl_stats_uint_sd_m(v, 1, n, out->mean) : 0;
	summary_interval(out, n);
	/* The k-th smallest value is the least x whose count of values <= x
	 * passes k: one pass to count, one over the counts. */
	uint32_t max;
	size_t *count = stats_value_counts(v, n, &max);
	size_t below = 0; /* values < x */
	uint32_t x = 0;
	for (size_t j = 0; j < SUMMARY_Q; j++) {
		size_t k = quantile_index(n, summary_q[j]); /* non-decreasing in j */
		while (below + count[x] <= k)
			below += count[x++];
		*summary_slot(out, j) = x;
	}
	out->max = max;
	free(count);
}

/* The first index of sorted[0..n) whose value is >= x (< x when upper == 0),
 * or > x (upper == 1). */
static size_t bound(const double *sorted, size_t n, double x, int upper)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (upper ? sorted[mid] <= x : sorted[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void stats_peer(const double *sorted, size_t n, double x, int skip_self,
                struct stats_peer *out)
{
	size_t below = bound(sorted, n, x, 0), upto = bound(sorted, n, x, 1);
	/* Leaving out one copy of x: the one at index 'below' (present,
	 * since self's own value is in the array). */
	size_t gap = n, m = n;
	if (skip_self && upto > below) {
		gap = below;
		m = n - 1;
	}
	out->peers = m;
	if (m == 0) {
		out->p25 = out->p50 = out->p75 = out->percentile = NAN;
		return;
	}
	const double q[3] = {0.25, 0.50, 0.75};
	double *dst[3] = {&out->p25, &out->p50, &out->p75};
	for (int j = 0; j < 3; j++) {
		size_t k = quantile_index(m, q[j]);
		*dst[j] = sorted[k < gap ? k : k + 1];
	}
	double equal = (double)(upto - below) - (m < n ? 1.0 : 0.0);
	out->percentile = 100.0 * ((double)below + equal / 2.0) / (double)m;
}
