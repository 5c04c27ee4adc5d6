/* rng.c - the SplitMix64 generator as a GSL generator type; Poisson inversion. */
#include "config.h"

#include <math.h>

#include "base/rng.h"

struct splitmix_state {
	uint64_t s;
};

static void sm_set(void *vstate, unsigned long seed)
{
	((struct splitmix_state *)vstate)->s = (uint64_t)seed;
}

/* Next 64-bit output: advance by the golden gamma, then mix. */
static inline uint64_t sm_next(void *vstate)
{
	struct splitmix_state *st = vstate;
	uint64_t z = (st->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long sm_get(void *vstate)
{
	return (unsigned long)(sm_next(vstate) >> 32); /* 32 bits, max 2^32 - 1 */
}

/* A uniform in [0, 1) with 53 random bits. */
static double sm_get_double(void *vstate)
{
	return (double)(sm_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type splitmix_type = {
	"splitmix64", 0xffffffffUL, 0, sizeof(struct splitmix_state),
	sm_set, sm_get, sm_get_double
};

const gsl_rng_type *rng_splitmix64 = &splitmix_type;

unsigned int rng_poisson_inv(double u, double lambda)
{
	if (!(lambda > 0))
		return 0;
	/* P(N = 0) = e^-lambda; P(N = n) = P(N = n - 1) * lambda / n. */
	double p = exp(-lambda), F = p;
	unsigned int n = 0;
	while (u >= F) {
		n++;
		p *= lambda / n;
		F += p;
		if (p < 1e-300 && (double)n > lambda) /* F has stopped growing: the tail */
			break;
	}
	return n;
}
