/*
 * stats.h - the few statistics every report needs: Wilson intervals for
 * proportions, normal intervals for means, exact percentiles.
 */
#ifndef CHOKEPOINT_STATS_H
#define CHOKEPOINT_STATS_H

#include <stddef.h>
#include <stdint.h>

/* z for a two-sided 95 % interval: the 97.5th percentile of N(0,1). */
#define Z975 1.959963984540054

/*
 * Wilson score interval for x successes in n trials (Wilson 1927):
 *   c = (p + z^2/2n) / (1 + z^2/n),
 *   h = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
 */
void stats_wilson(uint64_t x, uint64_t n, double *lo, double *hi);

/* Summary of a sample: mean, 95 % interval of the mean, sd, percentiles. */
struct stats_summary {
	double mean, lo, hi, sd;
	double p50, p90, p95, p99, p99_5, p99_9, max;
};

/*
 * Summarise v[0..n), reordering it in place (the caller passes a scratch
 * copy; for a million-trial run that saves 8 MB and a sort per figure).
 * Percentiles are exact: the q-quantile is the smallest value x with at
 * least q*n values <= x (the inverse of the empirical distribution
 * function, no interpolation).  The interval of the mean is
 * mean +/- Z975 * sd / sqrt(n).
 */
void stats_summarise_inplace(double *v, size_t n, struct stats_summary *out);

/*
 * stats_summarise_inplace of the counts v[0..n) taken as doubles, with
 * the same result bits, leaving v as it is: the percentiles from a count
 * of each value (linear in n and the largest count, no scratch copy of
 * v).  For the per-trial counts of institutions and services breached.
 */
void stats_summarise_counts(const uint32_t *v, size_t n, struct stats_summary *out);

/* How many of v[0 .. n) equal each value 0 .. *max, *max set to the
 * largest (0 when n is 0): an array of *max + 1 counts the caller frees.
 * For counts of institutions or services, whose largest is small. */
size_t *stats_value_counts(const uint32_t *v, size_t n, uint32_t *max);

/* The exact q-quantile of sorted[0..n), as above. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/*
 * Where x stands among n peers, from their values sorted[0..n), leaving
 * out one value equal to 'self' when skip_self is set (an institution
 * among the others of its type: the array holds them all, itself too).
 * p25, p50, p75 are the exact quantiles of the peers as above; the
 * percentile is the mid-rank percentile rank
 *
 *   percentile = 100 * (L + E / 2) / n
 *
 * with L peers below x and E equal to it: 0 when every peer is above,
 * 100 when every peer is below, 50 when all are equal to x.  With no
 * peer (n = 0 after leaving self out) only peers (0) is set, the other
 * fields are NAN.
 */
struct stats_peer {
	double p25, p50, p75, percentile;
	size_t peers;
};
void stats_peer(const double *sorted, size_t n, double x, int skip_self,
                struct stats_peer *out);

#endif
