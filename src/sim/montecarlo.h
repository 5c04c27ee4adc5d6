/*
 * montecarlo.h - Monte Carlo trials of a model over a compiled engine.
 *
 * Trials are cut into fixed blocks of MC_BLOCK trials (the last may be
 * shorter).  Every (trial, outage source) pair draws from its own random
 * stream (rng.h), so a trial's random numbers depend neither on the thread
 * that runs it nor on the other sources (common random numbers across the
 * points of a sweep).  OpenMP threads take blocks in any order; each block's
 * floating-point sums are merged into the result in block order (parked
 * until their turn, see run_trials), integer counts in any order (they
 * are exact), and per-trial sector figures are stored at their trial
 * index.  Hence the same data, model, seed and trial count give the same
 * bytes for any thread count.  On several MPI ranks (base/par.h) each rank
 * runs a contiguous run of the blocks and rank 0 adds the others' block
 * sums after its own, in block order (run_round): the same bytes for any
 * number of ranks, in rank 0's result (the other ranks' hold their share).
 *
 * An event with a single root (every baseline outage in annual mode) is
 * not propagated: the root's single-root effect (engine_effect) is
 * computed once per run and replayed as min(d, cap), visiting the
 * services in the order engine_propagate would, so every sum is the same
 * to the last bit.
 *
 * A trial is one event in stress mode and one simulated year (a sequence
 * of independent, non-overlapping events) in annual mode; see
 * chokepoint-method(7).  Per-service downtime percentiles come from
 * log-spaced histograms (HIST_RATIO) with at most 1 % relative error.
 *
 * struct mc_result owns its arrays; mc_result_free releases them.
 */
#ifndef CHOKEPOINT_MONTECARLO_H
#define CHOKEPOINT_MONTECARLO_H

#include <stddef.h>
#include <stdint.h>

#include "input/dataset.h"
#include "input/dist.h"
#include "input/model.h"
#include "sim/engine.h"

#define MC_BLOCK 1000u

/*
 * Bytes of per-trial results a run keeps for each trial: the t_* arrays
 * of struct mc_result (4 + 4 + 4 + 8 + 1 + 1) and the copy that exact
 * percentiles sort (8).  The memory limit (limits.h) is checked with it.
 */
#define MC_TRIAL_BYTES 30

/* Log-spaced downtime histogram: bin i holds (HIST_MIN r^(i-1), HIST_MIN r^i]. */
#define HIST_MIN 0.01      /* hours; smaller downtimes are reported as HIST_MIN */
#define HIST_RATIO 1.02    /* geometric midpoint within sqrt(1.02) - 1 < 1 % */
#define HIST_MAX 100000.0  /* hours; longer downtimes are reported as HIST_MAX */

/*
 * One service's downtime histogram, kept only over the bins it has used:
 * count[i] trials fell in bin lo + i, every other bin holds none.  Counts
 * fit 32 bits: a run has at most 4 * 10^9 trials (the ceiling of the
 * trials limit, limits.h).  At EU
 * scale (60,000 services) full rows of every bin, 8 bytes a count, cost
 * 390 MB per thread; windows of 4-byte counts, allocated on first use,
 * cost a fraction of that and nothing for services no trial touches.
 */
struct mc_hist_row {
	uint32_t lo, len;
	uint32_t *count;             /* [len], NULL when len is 0 */
};

enum source_kind { SOURCE_BASELINE, SOURCE_SHOCK };

/* An outage source: one provider's own outages, or one shock. */
struct mc_source {
	enum source_kind kind;
	uint32_t node;        /* baseline: the provider */
	size_t shock;         /* shock: index into model.shocks */
	uint64_t stream;      /* random stream id: the node index, or n_nodes + shock */
	char *name;           /* provider id or shock name (owned: outlives the data set) */
	double rate;          /* annual: events per year; stress: probability per trial */
	struct dist duration; /* baseline: lognormal(median, p95) */
};

/* What a precision target aims at (--target). */
enum mc_target {
	MC_TARGET_AUTO,          /* p_systemic once seen, else institutions_breached */
	MC_TARGET_P_SYSTEMIC,
	MC_TARGET_INSTITUTIONS,  /* mean institutions_breached */
	MC_TARGET_ASSETS,        /* mean assets_share_breached */
	MC_TARGET_SERVICES       /* mean services_breached */
};

/* The scopes of attribution. */
enum mc_scope {
	MC_SCOPE_SERVICES,
	MC_SCOPE_INSTITUTIONS,
	MC_SCOPE_SYSTEMIC,
	MC_N_SCOPES
};

/* Exact Shapley values up to this many sources in one event (2^n - 2
 * re-propagations each); every such value is a whole multiple of
 * 1/MC_SHAPLEY_UNIT = 1/8!. */
#define MC_SHAPLEY_EXACT 8
#define MC_SHAPLEY_UNIT 40320u

struct mc_result {
	uint64_t trials;
	enum model_mode mode;
	double systemic_share;
	uint32_t systemic_min_inst;

	size_t n_sources;
	struct mc_source *sources;

	uint32_t n_services, n_institutions;
	/* per service s (node index - first service) */
	uint64_t *svc_affected;      /* trials with downtime > 0 */
	uint64_t *svc_breach_trials; /* trials with at least one breach */
	uint64_t *svc_breaches;      /* breaches (events) summed over trials */
	double *svc_down_sum;        /* sum over trials of the trial's downtime */
	uint32_t n_bins;
	struct mc_hist_row *svc_hist; /* [n_services] */

	/* per institution i (node index) */
	uint64_t *inst_breach_trials;
	uint64_t *inst_svc_breached; /* distinct services breached, summed over trials */

	/* per trial */
	uint32_t *t_events;
	uint32_t *t_inst;
	uint32_t *t_svc;
	double *t_assets;            /* share of total assets, 0..1 */
	/* 1: an event with at least systemic_min_inst institutions in breach
	 * holding at least systemic_share of the assets (a systemic event) */
	uint8_t *t_systemic;
	/* 1: an event whose institutions in breach, however few (one will
	 * do), hold at least systemic_share of the assets */
	uint8_t *t_threshold;

	/* per source: events it was present in, summed over trials */
	double *src_events;
	/* Per source, its Shapley share of the breaches (attr_shapley of the
	 * services, institutions and systemic scopes divided by
	 * MC_SHAPLEY_UNIT), summed over trials. */
	double *src_svc_breaches;
	double *src_inst_breaches;
	double *src_systemic;

	/*
	 * Attribution of every breach to the sources of its event
	 * (chokepoint-report(5), sources.csv).  A unit is one breached
	 * service, one institution in breach or one systemic event, in one
	 * event.  The event's sources are the players of a game whose value
	 * for a subset S is 1 when the unit still breaches with the roots of
	 * S alone (re-propagated).  Per scope and source:
	 *   attr_alone      units whose only needed source it is: it breaches
	 *                   them on its own and nothing breaches them without it
	 *   attr_necessary  units that disappear without it (alone included)
	 *   attr_shapley    its Shapley value, in units of 1/MC_SHAPLEY_UNIT
	 * Sources with no dependency path to a breached service of the event
	 * are null players, left out (0 everywhere).  Exact up to
	 * MC_SHAPLEY_EXACT sources left in an event; beyond, the unit
	 * is split equally (integer parts, remainder to the first in source
	 * order) among its necessary sources, else among the sources that
	 * breach it alone, else among all the sources left, and the event
	 * is counted in attr_fallback_events.  Shapley parts of one unit sum
	 * to MC_SHAPLEY_UNIT exactly, so a scope's column sums to
	 * attr_total * MC_SHAPLEY_UNIT.  Integer counts: exact for any
	 * thread count (attr_shapley holds up to 4.5e14 breaches a source).
	 */
	uint64_t *attr_alone[MC_N_SCOPES]; /* [n_sources] each */
	uint64_t *attr_necessary[MC_N_SCOPES];
	uint64_t *attr_shapley[MC_N_SCOPES];
	uint64_t attr_total[MC_N_SCOPES]; /* units breached, summed over trials */
	uint64_t attr_joint_events;       /* events with breaches and >= 2 sources */
	uint64_t attr_fallback_events;    /* of them, with > MC_SHAPLEY_EXACT sources */

	/* Tracked institutions (mc_options.track), for their own attribution:
	 * track_events[t] counts the events in which a service of institution
	 * track[t] breaches; track_src[t * n_sources + k] is source k's
	 * Shapley share of them (the institutions scope of attr_shapley), so a
	 * row sums to track_events[t] (up to rounding).
	 * Summed per block and merged in block order like the src_* sums. */
	uint32_t n_track;
	uint32_t *track;             /* [n_track] institution node indices */
	uint64_t *track_events;      /* [n_track] */
	double *track_src;           /* [n_track * n_sources] */

	/* precision target (mc_options.precision > 0) */
	int precision_checked;
	int precision_met;
	enum mc_target target_used;
	double target_estimate, target_half_width;

	/* Per-trial breach marks (mc_options.record_breaches), for paired
	 * comparisons: bit i % 8 of t_inst_bits[t * inst_stride + i / 8] is
	 * set when institution i has a breach in trial t, and likewise for
	 * service s (index from the first service) in t_svc_bits.  Each
	 * trial owns whole bytes, so threads never share one.  NULL when not
	 * recorded. */
	uint8_t *t_inst_bits, *t_svc_bits;
	size_t inst_stride, svc_stride;

	int threads;
	int ranks;                   /* MPI ranks that shared the trials (1: none) */
	double wall_seconds;
};

/* Is the breach of institution i (service s) in trial t recorded? */
static inline int mc_bit(const uint8_t *bits, size_t stride, uint64_t t, uint32_t i)
{
	return (bits[t * stride + i / 8] >> (i % 8)) & 1;
}

struct mc_options {
	int threads;             /* >= 1 */
	/* --precision: run rounds of model.trials trials until the 95 %
	 * half-width of the target is at most precision * estimate, or
	 * max_trials (0: 100 rounds) is reached.  0: one round. */
	double precision;
	enum mc_target target;
	uint64_t max_trials;
	/* Called in block order with the trials done so far (serialised). */
	void (*progress)(void *arg, uint64_t done);
	void *progress_arg;
	/* Institutions (node indices, distinct) whose breaches are attributed
	 * to the sources (mc_result.track_*); none when n_track is 0. */
	const uint32_t *track;
	uint32_t n_track;
	/* Keep per-trial breach marks (mc_result.t_inst_bits, t_svc_bits);
	 * not with a precision target (the trial count must be fixed). */
	int record_breaches;
	/* When not NULL, the data set whose ids key the random streams: a
	 * provider's own outages draw from the stream of the node with the
	 * same id in stream_ref (its index there), a provider it lacks from
	 * a stream 2^63 + a hash of its id, and shock k from stream_ref's
	 * n_nodes + k.  A variant of a data set run with its baseline as
	 * stream_ref draws the same numbers for the same sources (common
	 * random numbers), whatever nodes it adds or removes. */
	const struct dataset *stream_ref;
};

/* Run m's trials; 0, or -1 with a message in err.  opt may be NULL (one
 * thread, no precision target). */
int mc_run(const struct model *m, const struct dataset *ds, const struct engine *e,
           const struct mc_options *opt, struct mc_result *res, char *err, size_t errsz);

/* Fill res->sources and res->n_sources with m's outage sources, as
 * mc_run does without a stream_ref (release with mc_result_free). */
void mc_make_sources(const struct model *m, const struct dataset *ds,
                     struct mc_result *res);

/*
 * Replay the draws of one trial: call fn once for each of its events, in
 * the order mc_run propagates them, with the event's roots, durations and
 * each root's source (an index into sources, which must be those of
 * mc_make_sources).  A stress trial is one event, possibly without roots.
 * 0, or -1 when out of memory.
 */
typedef void (*mc_event_fn)(void *arg, const uint32_t *roots, const double *dur,
                            const uint32_t *root_src, size_t n_roots);
int mc_trial_events(const struct model *m, const struct mc_source *sources,
                    size_t n_sources, uint64_t trial, mc_event_fn fn, void *arg);

const char *mc_target_name(enum mc_target t);
int mc_target_parse(const char *s, enum mc_target *out);
void mc_result_free(struct mc_result *res);

/* Downtime quantile q (0..1) of service s from its histogram (hours). */
double mc_service_quantile(const struct mc_result *res, uint32_t s, double q);


#endif
