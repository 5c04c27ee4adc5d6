/*
 * rng.h - random number streams for common random numbers.
 *
 * Every (trial, source) pair draws from its own stream, keyed by
 * (seed, trial, stream id) through SplitMix64 mixing.  So a trial's draws
 * for one outage source do not depend on the thread that runs it, on the
 * other sources of the model, or on the source's own parameters: changing
 * a provider's outage rate, a shock's probability or a tolerance between
 * two runs with the same seed changes nothing else, and results move
 * monotonically with such parameters (chokepoint-method(7)).
 *
 * The streams are GSL generators (gsl_rng) of type rng_splitmix64, so all
 * of GSL's distributions draw from them.  SplitMix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
 * passes BigCrush and, unlike GSL's built-in generators, seeds in O(1)
 * from a full 64-bit key: the per-(trial, source) seeding would cost more
 * than the simulation with mt19937, and 32-bit seeds would collide.
 */
#ifndef CHOKEPOINT_RNG_H
#define CHOKEPOINT_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

extern const gsl_rng_type *rng_splitmix64;

/* SplitMix64 finaliser: a bijective 64-bit mix. */
static inline uint64_t rng_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The key of stream 'stream' in trial 'trial' of a run seeded 'seed'. */
static inline uint64_t rng_key(uint64_t seed, uint64_t trial, uint64_t stream)
{
	return rng_mix(rng_mix(rng_mix(seed) ^ trial) ^ stream);
}

/* A uniform in [0, 1) taken from a key (53 bits). */
static inline double rng_key_uniform(uint64_t key)
{
	return (double)(rng_mix(key ^ 0x2545f4914f6cdd1dULL) >> 11) * 0x1.0p-53;
}

/*
 * Poisson(lambda) by inversion of a single uniform u: the count is
 * non-decreasing in lambda for a fixed u, which keeps annual-mode results
 * monotone in outage rates under common random numbers.  lambda <= 700
 * (exp(-lambda) stays a normal double); callers check.
 */
unsigned int rng_poisson_inv(double u, double lambda);

#define RNG_POISSON_MAX 700.0

#endif
