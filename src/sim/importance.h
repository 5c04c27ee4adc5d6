/*
 * importance.h - importance measures of providers (run --importance,
 * importance.csv; chokepoint-report(5), chokepoint-method(7)).
 *
 * For each provider i and each sector metric X (institutions_breached:
 * the institutions in breach in the trial's worst event; p_systemic: 1
 * when the trial has a systemic event) three values per trial, on the
 * same random draws (common random numbers):
 *
 *   X_t       the trial as simulated;
 *   X_t(down) the trial with i down IMP_DOWN_HOURS from the start: a
 *             forced event of its own, and every event of the trial
 *             with i added to its roots for IMP_DOWN_HOURS;
 *   X_t(up)   the trial with i held up: its own outages removed and no
 *             event able to take it down (engine_scratch.pin_up).
 *
 * With R = mean X_t, R(down) = mean X_t(down), R(up) = mean X_t(up):
 *
 *   birnbaum       = R(down) - R(up)
 *   fussell_vesely = (R - R(up)) / R
 *   raw            = R(down) / R
 *   rrw            = R / R(up)
 *
 * Intervals (95 %): birnbaum from the paired per-trial differences
 * X_t(down) - X_t(up); the ratios a / b by the delta method on the paired
 * trials, r +/- Z975 * sqrt(sum (a_t - r b_t)^2 / (T (T - 1))) / mean b;
 * fussell_vesely as 1 minus the interval of R(up) / R.  A ratio whose
 * denominator is 0 is undefined: NAN, and its interval too.
 *
 * Cost.  The trials are replayed once and each event's institutions in
 * breach kept (from single-root effects, importance.c).  For provider i,
 * X_t(down) of an event whose downtimes cannot meet i's forced ones in a
 * group that tolerates failures (no group with min_up < size has a
 * member the event can reach and a member down in i's forced event) is
 * the union of the two, counted from prefix sums over the root's effect;
 * for a single-root event that can meet them, one propagation of the
 * root without limit on top of i's forced event serves every duration;
 * an event of several roots is re-propagated with i added.  X_t(up)
 * differs from X_t only in trials with an event that takes i down; a
 * single-root one is again one propagation per root (with i held up), an
 * event of several roots is re-propagated.  Per-provider sums are
 * integers, providers are independent and written at their index: the
 * same results for any thread count.
 */
#ifndef CHOKEPOINT_IMPORTANCE_H
#define CHOKEPOINT_IMPORTANCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "input/dataset.h"
#include "input/model.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"

/* A provider forced down is down this long: a whole year (hours). */
#define IMP_DOWN_HOURS 8760.0

enum imp_metric { IMP_INSTITUTIONS, IMP_SYSTEMIC, IMP_N_METRICS };

/* One metric's measures for one provider; NAN where undefined. */
struct imp_measure {
	double r, r_down, r_up;
	double birnbaum, birnbaum_lo, birnbaum_hi;
	double fv, fv_lo, fv_hi;
	double raw, raw_lo, raw_hi;
	double rrw, rrw_lo, rrw_hi;
};

/* Integer sums over the trials of x = X_t, d = X_t(down), u = X_t(up). */
struct imp_sums {
	uint64_t x, d, u, xx, dd, uu, xd, xu, du;
};

struct imp_provider {
	uint32_t node;       /* provider node index */
	/* institutions in breach when the provider alone is down
	 * IMP_DOWN_HOURS (the order of the table and of --top) */
	uint32_t exposure;
	struct imp_sums sums[IMP_N_METRICS];
	struct imp_measure m[IMP_N_METRICS];
};

struct imp_result {
	uint64_t trials;
	enum model_mode mode;
	uint32_t n_candidates;   /* providers considered before --top */
	size_t n;                /* rows, by exposure (largest first), then node */
	struct imp_provider *p;
	/* events re-propagated with the provider down / held up, summed over
	 * providers (for the record: how much the shortcuts left) */
	uint64_t repropagated_down, repropagated_up;
};

/*
 * The measures for the providers of m over res's trials (res from mc_run
 * with the same m, ds and e): every provider in annual mode, the
 * providers among the shocks' targets in stress mode; with top > 0 only
 * the top with the largest exposure.  CP_OK; CP_ERR_LIMIT when the
 * replayed events pass the memory limit (limits.h); CP_ERR_INVALID when
 * the replay does not agree with res.  A message in err either way.
 */
enum cp_status imp_run(const struct model *m, const struct dataset *ds,
                       const struct engine *e, const struct mc_result *res, int threads,
                       uint32_t top, struct imp_result *out, char *err, size_t errsz);

/* The measures from the sums over T trials (exposed for tests). */
void imp_measure_from_sums(const struct imp_sums *s, uint64_t T, struct imp_measure *out);

void imp_result_free(struct imp_result *r);

#endif
