/*
 * year-bound.c - the work a simulated year cannot avoid, timed alone
 * (bench/README, "A simulated year at EU scale").
 *
 * A year of the EU preset's baseline model draws, for each outage source,
 * a keyed uniform (is there an event?) and, for each event, a duration;
 * then it compares the downtime of each service the event reaches with
 * that service's tolerance.  This program does exactly that and nothing
 * else, with chokepoint's own generator (rng_key, rng_splitmix64), the
 * counts of a real year given on the command line, and each source's
 * reached services stored contiguously (the cheapest layout there is):
 *
 *   year-bound YEARS SOURCES EVENTS_PER_YEAR PAIRS_PER_YEAR SERVICES
 *
 * It prints the milliseconds a year takes, for the draws alone and for
 * the draws and the comparisons.  Build from the top of a built tree:
 *
 *   cc -O2 -I. -Isrc -o year-bound bench/year-bound.c src/base/libbase.a \
 *      -lgsl -lgslcblas -lm
 */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/rng.h"

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One pass over 'years' years; compare: also the (event, service) pairs. */
static double run(int years, uint32_t n_src, double rate, const uint32_t *off,
                  const uint32_t *svc, const double *cap, const double *tol, int compare,
                  uint64_t *sink)
{
	gsl_rng *r = gsl_rng_alloc(rng_splitmix64);
	double p0 = exp(-rate), t0 = seconds();
	uint64_t n = 0;
	for (int t = 0; t < years; t++)
		for (uint32_t k = 0; k < n_src; k++) {
			uint64_t key = rng_key(1, (uint64_t)t, k);
			if (rng_key_uniform(key) < p0)
				continue;
			gsl_rng_set(r, key);
			double d = gsl_ran_lognormal(r, 1.0, 1.0);
			if (!compare) {
				n += d > 4.0;
				continue;
			}
			for (uint32_t i = off[k]; i < off[k + 1]; i++) {
				double x = cap[i] < d ? cap[i] : d;
				n += x > tol[svc[i]];
			}
		}
	double dt = seconds() - t0;
	gsl_rng_free(r);
	*sink += n;
	return 1e3 * dt / years;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: year-bound YEARS SOURCES EVENTS_PER_YEAR "
		                "PAIRS_PER_YEAR SERVICES\n");
		return 64;
	}
	int years = atoi(argv[1]);
	uint32_t n_src = (uint32_t)strtoul(argv[2], NULL, 10);
	double events = strtod(argv[3], NULL), pairs = strtod(argv[4], NULL);
	uint32_t ns = (uint32_t)strtoul(argv[5], NULL, 10);
	if (years < 1 || n_src < 1 || !(events > 0) || !(pairs > 0) || ns < 1) {
		fprintf(stderr, "year-bound: expected positive counts\n");
		return 64;
	}
	/* a source's reach: the mean pairs per event, spread 0.5 to 1.5 times */
	double mean = pairs / events;
	uint32_t *off = calloc((size_t)n_src + 1, sizeof *off);
	for (uint32_t k = 0; k < n_src; k++)
		off[k + 1] =
		    off[k] +
		    (uint32_t)(mean * (0.5 + (double)(rng_key(2, 0, k) % 1000) / 1000));
	uint32_t *svc = calloc((size_t)off[n_src] + 1, sizeof *svc);
	double *cap = calloc((size_t)off[n_src] + 1, sizeof *cap);
	double *tol = calloc(ns, sizeof *tol);
	if (!off || !svc || !cap || !tol) {
		fprintf(stderr, "year-bound: out of memory\n");
		return 71;
	}
	for (uint32_t i = 0; i < off[n_src]; i++) {
		svc[i] = (uint32_t)(rng_key(3, 0, i) % ns);
		cap[i] = 1.0 + (double)(rng_key(4, 0, i) % 100);
	}
	for (uint32_t s = 0; s < ns; s++)
		tol[s] = 2.0 + 4.0 * (s % 7);
	uint64_t sink = 0;
	double draws = run(years, n_src, events / n_src, off, svc, cap, tol, 0, &sink);
	double all = run(years, n_src, events / n_src, off, svc, cap, tol, 1, &sink);
	printf("draws %.3f ms/year, draws and comparisons %.3f ms/year (%llu)\n", draws,
	       all, (unsigned long long)sink);
	free(off);
	free(svc);
	free(cap);
	free(tol);
	return 0;
}
