/*
 * montecarlo.c - trial blocks, RNG streams, OpenMP threads, accumulation.
 */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/error.h"
#include "base/limits.h"
#include "base/par.h"
#include "base/rng.h"
#include "base/stats.h"
#include "base/text.h"
#include "sim/montecarlo.h"

#define HOURS_PER_YEAR 8760.0

/* Histogram bin of downtime x > 0. */
static uint32_t hist_bin(double x, uint32_t n_bins)
{
	if (x <= HIST_MIN)
		return 0;
	double b = ceil(log(x / HIST_MIN) / log(HIST_RATIO));
	if (!(b < n_bins - 1))
		return n_bins - 1;
	return (uint32_t)b;
}

/* Representative value of bin i: its geometric midpoint, clamped. */
static double hist_value(uint32_t i, uint32_t n_bins)
{
	if (i == 0)
		return HIST_MIN;
	if (i == n_bins - 1)
		return HIST_MAX;
	return HIST_MIN * pow(HIST_RATIO, (double)i - 0.5);
}

double mc_service_quantile(const struct mc_result *res, uint32_t s, double q)
{
	/* Inverse empirical CDF: the smallest x with F(x) >= q; trials without
	 * downtime count as 0 h. */
	double need = ceil(q * (double)res->trials);
	if (need < 1)
		need = 1;
	uint64_t zeros = res->trials - res->svc_affected[s];
	if ((double)zeros >= need)
		return 0.0;
	uint64_t cum = zeros;
	const struct mc_hist_row *h = &res->svc_hist[s];
	for (uint32_t i = 0; i < h->len; i++) {
		cum += h->count[i];
		if ((double)cum >= need)
			return hist_value(h->lo + i, res->n_bins);
	}
	return hist_value(res->n_bins - 1, res->n_bins);
}

/* Widen row h's window to take bin b, then add 'count' to it. */
static void hist_row_grow(struct mc_hist_row *h, uint32_t b, uint32_t n_bins,
                          uint32_t count)
{
	/* Grow by half the width (at least 8 bins) on both sides: amortised
	 * O(1), and a row settles after a few steps. */
	uint32_t lo = h->len ? (b < h->lo ? b : h->lo) : b;
	uint32_t hi = h->len ? (b >= h->lo + h->len ? b + 1 : h->lo + h->len) : b + 1;
	uint32_t slack = h->len / 2 > 8 ? h->len / 2 : 8;
	lo = lo > slack ? lo - slack : 0;
	hi = n_bins - hi > slack ? hi + slack : n_bins;
	uint32_t *c = xcalloc(hi - lo, sizeof *c);
	if (h->len)
		memcpy(c + (h->lo - lo), h->count, (size_t)h->len * sizeof *c);
	free(h->count);
	h->count = c;
	h->lo = lo;
	h->len = hi - lo;
	h->count[b - lo] += count;
}

/* Add 'count' to bin b of row h. */
static inline void hist_row_add(struct mc_hist_row *h, uint32_t b, uint32_t n_bins,
                                uint32_t count)
{
	if (b - h->lo < h->len) /* unsigned: also false when b < lo */
		h->count[b - h->lo] += count;
	else
		hist_row_grow(h, b, n_bins, count);
}

static void hist_rows_free(struct mc_hist_row *rows, uint32_t n)
{
	if (!rows)
		return;
	for (uint32_t s = 0; s < n; s++)
		free(rows[s].count);
	free(rows);
}

/*
 * hist_bin costs a log(), and end_trial bins every touched service of a
 * trial.  The same bins from a table: t[b], the least double x with
 * hist_bin(x) >= b (found by bisection over the ordered bit patterns of
 * positive doubles), and for each cell of doubles that share their
 * exponent and first BIN_CELL_BITS bits of mantissa (a relative width
 * of 2^-8, less than a bin's 2 %), the bin of the cell's least value.
 * A value's bin is then its cell's bin, or the next when the next's
 * threshold is at or below it (a cell is narrower than a bin, so it holds
 * at most one threshold).  Exact where hist_bin is monotone: the rest
 * of it is roundings of monotone operations, and glibc's log was checked
 * (every threshold +-3,000 ULPs, every cell boundary, 200 million
 * values); C does not promise a monotone log, and on a libm without one
 * the table could differ from hist_bin next to a threshold (results
 * would still not depend on -j).  Bin b holds the x with t[b] <= x <
 * t[b + 1].
 */
#define BIN_CELL_BITS 8u
#define BIN_CELL_SHIFT (52u - BIN_CELL_BITS)

struct bin_table {
	uint32_t n_bins;
	double *t;       /* [n_bins + 1], t[n_bins] infinite */
	uint64_t k_lo, k_hi; /* cells [k_lo, k_hi): HIST_MIN to t[n_bins - 1] */
	uint16_t *cell;  /* [k_hi - k_lo] */
};

static double from_bits(uint64_t u)
{
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

static uint64_t to_bits(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

static void bin_table_init(struct bin_table *bt, uint32_t n_bins)
{
	bt->n_bins = n_bins;
	bt->t = xcalloc((size_t)n_bins + 1, sizeof *bt->t);
	bt->t[n_bins] = INFINITY;
	/* hist_bin is 0 at HIST_MIN and n_bins - 1 at 2 HIST_MAX */
	uint64_t lo0 = to_bits(HIST_MIN), hi0 = to_bits(2 * HIST_MAX);
	for (uint32_t b = 1; b < n_bins; b++) {
		uint64_t lo = lo0, hi = hi0; /* hist_bin(lo) < b <= hist_bin(hi) */
		while (hi - lo > 1) {
			uint64_t mid = lo + (hi - lo) / 2;
			if (hist_bin(from_bits(mid), n_bins) >= b)
				hi = mid;
			else
				lo = mid;
		}
		bt->t[b] = from_bits(hi);
		lo0 = lo;
	}
	bt->k_lo = to_bits(HIST_MIN) >> BIN_CELL_SHIFT;
	bt->k_hi = (to_bits(bt->t[n_bins - 1]) >> BIN_CELL_SHIFT) + 1;
	bt->cell = xcalloc(bt->k_hi - bt->k_lo, sizeof *bt->cell);
	for (uint64_t k = bt->k_lo; k < bt->k_hi; k++)
		bt->cell[k - bt->k_lo] =
		    (uint16_t)hist_bin(from_bits(k << BIN_CELL_SHIFT), n_bins);
}

static void bin_table_free(struct bin_table *bt)
{
	free(bt->t);
	free(bt->cell);
}

/* hist_bin(x, bt->n_bins) for x > 0. */
static inline uint32_t bin_table_get(const struct bin_table *bt, double x)
{
	/* unsigned: k wraps above the range when below the table */
	uint64_t k = (to_bits(x) >> BIN_CELL_SHIFT) - bt->k_lo;
	if (k >= bt->k_hi - bt->k_lo)
		return hist_bin(x, bt->n_bins);
	uint32_t b = bt->cell[k];
	return b + (bt->t[b + 1] <= x);
}

/* Floating-point sums of one block, merged into the result in block order. */
struct block_sums {
	double *svc_down;  /* [n_services] */
	double *src_events; /* [n_sources] events each source was present in */
	double *track;     /* [n_track * n_sources] tracked institutions' attribution */
};

/* Per-thread working memory. */
struct worker {
	struct engine_scratch *sc;
	gsl_rng *rng;
	uint32_t *roots;
	double *dur;
	size_t n_roots, cap_roots, cap_dur;
	/* sources present in the current event, and the first of each one's
	 * roots in roots[] (a source's roots are contiguous) */
	uint32_t *ev_src;
	uint32_t *ev_src_lo;
	size_t n_ev_src;
	uint8_t *src_seen;
	/* the current event's breached services, in touched order, and each
	 * institution's position in inst_ev_list */
	uint32_t *ev_svc_list;
	uint32_t *inst_pos;
	/* attribution: re-propagations of parts of the event */
	struct engine_scratch *sc2;
	uint32_t *sub_roots;
	double *sub_dur;
	size_t cap_sub_roots, cap_sub_dur;
	uint8_t *out; /* outcome rows, one per coalition */
	size_t cap_out;
	uint8_t *inc;                   /* [n_sources] coalition being propagated */
	uint32_t *player;       /* [n_sources] positions of the relevant sources */
	uint32_t *stamp, epoch; /* [n_nodes] reachability marks */
	uint32_t *queue;        /* [n_nodes] */
	uint8_t *ev_brk;        /* [ns] breached in the current event */
	uint64_t *attr[3][MC_N_SCOPES]; /* alone, necessary, shapley; [n_sources] */
	uint64_t attr_total[MC_N_SCOPES], attr_joint, attr_fallback;
	/* per service: the trial's longest downtime (0: untouched), and what
	 * fold_service and breach_service read of it */
	double *svc_max;
	struct svc_slot *svc;
	uint64_t *bmark; /* fold_effect: positions of breaching entries */
	/* fold_effect: replay single-root events through the effects' prefix
	 * sums (not when institutions are tracked: track_event needs the
	 * event's list of them), and count them here (struct effect) */
	int use_prefix;
	uint64_t *pcnt;
	uint32_t *svc_list;
	uint32_t n_svc_list;
	/* end_trial will walk every service (the last trial touched many of
	 * a large sector's): fold_effect need not keep svc_list */
	int walk_all;
	/* annual_trial: the sources with an event this trial, their uniforms
	 * and keys; and each source's effect when it is one node's outage */
	uint32_t *occ_src;
	double *occ_u;
	uint64_t *occ_key;
	const struct effect **src_effect;
	/* per institution (node index): total assets, read per breach */
	double *inst_assets;
	/* histogram bins of the last hb_n trials that walked every service
	 * (end_trial), trial-major ([hb_cap][ns], HB_NONE: untouched), added
	 * to hist[] service by service in hist_flush */
	uint16_t *hb;
	uint32_t hb_n, hb_cap;
	/* per event / per trial institution marks */
	uint8_t *inst_ev;
	uint32_t *inst_ev_list;
	uint32_t *inst_trial_svc;  /* distinct services breached this trial */
	uint32_t *inst_trial_list; /* (end_trial: those it breached) */
	uint32_t n_inst_trial;
	/* integer accumulators (exact, merged in any order) */
	uint64_t *svc_breach_trials, *svc_breaches;
	struct mc_hist_row *hist;  /* [ns] */
	uint64_t *inst_breach_trials, *inst_svc_breached;
	uint64_t *track_events;    /* [n_track] */
	struct block_sums bs;
};

/* What fold_service and breach_service read of service s (end_trial
 * reads the flat c->svc_tol and c->svc_inst). */
struct svc_slot {
	double tol;    /* tolerance, hours */
	uint32_t inst; /* institution's node index */
};

/*
 * Trials whose histogram bins hist_flush adds at once, on a sector of
 * HB_MIN_SERVICES or more (smaller ones never buffer): 512 bytes a
 * service, a third of what its histogram row takes.  Each flush fetches
 * every touched row's lines of counts (a sector's rows are far larger
 * than the caches: 90 MB on the EU preset), so the more trials a fetch
 * serves the better, and the same number at every size keeps the cost of
 * a service's year the same.  And its mark of an untouched service.
 */
#define HB_TRIALS 256u
#define HB_NONE UINT16_MAX
/* Services below which end_trial never buffers: their histogram rows (a
 * few hundred bytes each) stay in a core's cache, and a walk over every
 * service would cost more than the misses it saves. */
#define HB_MIN_SERVICES 16384u

/*
 * A node's single-root effect (engine_effect): the services it takes
 * down and the downtime each would have with the node down without
 * limit, its cap.  An event with that node as its only root gives a
 * service the downtime min(d, cap).  Few caps are distinct (most are
 * infinite, the rest failover times), so svc holds the services by cap
 * (ascending, then in the order engine_propagate touched them): the
 * ncap distinct caps gcap, the services of gcap[g] ending at gcend[g].
 */
struct effect {
	uint32_t n;
	uint32_t *svc;   /* service index (node - first service) */
	uint32_t ncap;
	double *gcap;
	uint32_t *gcend;
	/* the entries that can breach (cap > tolerance): with a root down d
	 * they breach exactly when d > tolerance.  bsvc in effect order (the
	 * order engine_propagate touched them, which breach_service keeps);
	 * btol ascending, bpos the position in bsvc of each */
	uint32_t nb;
	uint32_t *bsvc;
	double *btol;
	uint32_t *bpos;
	/*
	 * The event's sums by tolerance: the entries that can breach have ng
	 * distinct tolerances gtol (ascending), and a root down d breaches
	 * the first g groups of them (those of tolerance below d), the first
	 * gend[g] entries of btol.  pinst[g] institutions are then in
	 * breach, with assets passets[g], added in effect order as
	 * breach_service adds them: the same double.  An event replayed
	 * through them counts itself in its worker's pcnt[pcnt_off + g];
	 * prefix_flush turns the counts into svc_breaches (tsvc: bsvc in btol
	 * order).  All NULL, and ng 0, when the distinct tolerances pass
	 * PREFIX_MAX_GROUPS: ng means something only with pinst.
	 */
	uint32_t ng;
	double *gtol;
	uint32_t *gend;
	uint32_t *pinst;
	double *passets;
	uint32_t *tsvc;
	uint32_t pcnt_off;
};

/* Distinct tolerances above which an effect keeps no sums by tolerance
 * (building them costs ng passes over its nb entries).  Data sets use a
 * few: six in the EU preset. */
#define PREFIX_MAX_GROUPS 64u

/* Entries kept over all effects at most (4 bytes each, 20 more with the
 * sums by tolerance for one that can breach, 12 a distinct cap). */
#define EFFECT_BUDGET (16u << 20)

struct ctx {
	const struct model *m;
	const struct dataset *ds;
	const struct engine *e;
	struct mc_result *res;
	uint32_t s0, ns, ni;
	/* per service: what run_event reads, in flat arrays */
	const double *svc_tol;
	const uint32_t *svc_inst;
	/* per source: exp(-rate), the Poisson chance of no event (annual),
	 * and its stream (res->sources[k].stream, in a dense array) */
	const double *src_p0;
	const uint64_t *src_stream;
	/* per node: its effect, or NULL (not precomputed, or on a cycle) */
	struct effect *const *effect;
	/* the prefix counts of all effects with prefix sums (worker pcnt) */
	size_t n_pcnt;
	struct bin_table bins; /* hist_bin by table */
	/* per node: index in res->track of a tracked institution, else
	 * UINT32_MAX; NULL when none is tracked */
	const uint32_t *track_pos;
	/* MPI ranks other than 0 (run_round): each block's sums are kept at
	 * keep + block * keep_stride for rank 0, not merged into res */
	double *keep;
	size_t keep_stride;
};

static void add_root(struct worker *w, uint32_t node, double d)
{
	ALLOC_GROW(w->roots, w->n_roots + 1, w->cap_roots);
	ALLOC_GROW(w->dur, w->n_roots + 1, w->cap_dur);
	w->roots[w->n_roots] = node;
	w->dur[w->n_roots] = d;
	w->n_roots++;
}

/* Source src is present in the current event with its roots from lo on. */
static void note_source(struct worker *w, uint32_t src, size_t lo)
{
	if (!w->src_seen[src]) {
		w->src_seen[src] = 1;
		w->ev_src_lo[w->n_ev_src] = (uint32_t)lo;
		w->ev_src[w->n_ev_src++] = src;
	}
}

/*
 * Add the roots of one occurrence of shock sh.  Every target consumes a
 * hit draw and (unless shared) a duration draw whether or not it is hit,
 * so the draws of later targets do not depend on hit_probability.
 */
static void shock_roots(struct worker *w, const struct shock *sh)
{
	double shared = sh->shared_duration ? dist_sample(&sh->duration, w->rng) : 0;
	for (uint32_t t = 0; t < sh->n_targets; t++) {
		double u = gsl_rng_uniform(w->rng);
		double d = sh->shared_duration ? shared : dist_sample(&sh->duration, w->rng);
		if (u < sh->hit_probability)
			add_root(w, sh->target_nodes[t], d);
	}
}

/* Add the roots of one occurrence of source src: its shock's, or its
 * node's own outage with a drawn duration.  Every caller that replays a
 * trial (the trials themselves, mc_trial_events) draws through here. */
static inline void source_roots(struct worker *w, const struct model *m,
                                const struct mc_source *src)
{
	if (src->kind == SOURCE_SHOCK)
		shock_roots(w, &m->shocks[src->shock]);
	else
		add_root(w, src->node, dist_sample(&src->duration, w->rng));
}

/* The sector figures of one event, summed over its services in order. */
struct event_sums {
	uint32_t svc, inst;
	double assets;
};

/* Service s is breached in the current event.  (Whether it is breached in
 * the trial, end_trial reads off its longest downtime.) */
static inline void breach_service(struct worker *w, uint32_t s, struct event_sums *ev)
{
	uint32_t inst = w->svc[s].inst;
	w->ev_svc_list[ev->svc++] = s;
	w->svc_breaches[s]++;
	if (!w->inst_ev[inst]) {
		w->inst_ev[inst] = 1;
		w->inst_pos[inst] = ev->inst;
		w->inst_ev_list[ev->inst++] = inst;
		ev->assets += w->inst_assets[inst];
	}
}

/* Fold service s, down d > 0 hours in the current event, into the trial
 * and the event's sums.  The sums are floating point: callers must visit
 * services in engine_propagate's touched order. */
static inline void fold_service(struct worker *w, uint32_t s, double d,
                                struct event_sums *ev)
{
	if (w->svc_max[s] == 0)
		w->svc_list[w->n_svc_list++] = s;
	if (d > w->svc_max[s])
		w->svc_max[s] = d;
	if (d > w->svc[s].tol)
		breach_service(w, s, ev);
}

/*
 * Fold a root down d > 0 hours whose single-root effect is eff: what
 * fold_service does for each entry, in two passes.  The trial maxima take
 * every entry in any order (a maximum, and end_trial does not care about
 * the order of svc_list); the breaches, whose order the event's sums and
 * lists keep, come from the entries that can breach, in effect order.
 * Most entries cannot, so most of the work is the first, branch-free pass.
 * With the effect's prefix sums the breaches are not visited at all: the
 * event's sums are looked up and the event counted for svc_breaches.
 * Returns whether the event's lists (ev_svc_list, inst_ev_list and
 * inst_pos) were filled; ev must be the event's first fold.  Not filling
 * them is safe only because nothing after reads them for such an event:
 * use_prefix is off when institutions are tracked (track_event reads
 * inst_ev_list), and a single root is a single source, whose attribution
 * (attribute_event's one-source branch) reads counts only.  A new reader
 * of the lists must check 'listed' in run_event.
 */
static int fold_effect(struct worker *w, const struct effect *eff, double d,
                       struct event_sums *ev)
{
	double *restrict max = w->svc_max;
	uint32_t *restrict list = w->svc_list;
	const uint32_t *restrict svc = eff->svc;
	uint32_t n_list = w->n_svc_list;
	for (uint32_t g = 0, k = 0; g < eff->ncap; g++) {
		double x = eff->gcap[g] < d ? eff->gcap[g] : d;
		uint32_t end = eff->gcend[g];
		if (w->walk_all) {
			for (; k < end; k++) {
				uint32_t s = svc[k];
				max[s] = x > max[s] ? x : max[s];
			}
			continue;
		}
		for (; k < end; k++) {
			uint32_t s = svc[k];
			double m = max[s];
			list[n_list] = s; /* kept only when s was untouched */
			n_list += m == 0;
			max[s] = x > m ? x : m;
		}
	}
	w->n_svc_list = n_list;
	if (w->use_prefix && eff->pinst) {
		uint32_t g = 0;
		while (g < eff->ng && d > eff->gtol[g])
			g++;
		ev->svc = eff->gend[g];
		ev->inst = eff->pinst[g];
		ev->assets = eff->passets[g];
		w->pcnt[eff->pcnt_off + g]++;
		return 0;
	}
	/* the entries that breach: those of tolerance below d, a prefix of
	 * the ascending list; back into effect order through a bitmap */
	uint32_t nbr = 0;
	while (nbr < eff->nb && d > eff->btol[nbr])
		nbr++;
	if (nbr == eff->nb) {
		for (uint32_t k = 0; k < eff->nb; k++)
			breach_service(w, eff->bsvc[k], ev);
		return 1;
	}
	uint64_t *mark = w->bmark;
	for (uint32_t j = 0; j < nbr; j++)
		mark[eff->bpos[j] >> 6] |= 1ULL << (eff->bpos[j] & 63);
	for (uint32_t i = 0; nbr > 0; i++) {
		for (uint64_t word = mark[i]; word; word &= word - 1, nbr--)
			breach_service(
			    w, eff->bsvc[i << 6 | (uint32_t)__builtin_ctzll(word)], ev);
		mark[i] = 0;
	}
	return 1;
}

/* Count the current event for the tracked institutions among the n_inst
 * it breaches (their sources' shares: attribute_event). */
static void track_event(const struct ctx *c, struct worker *w, uint32_t n_inst)
{
	for (uint32_t i = 0; i < n_inst; i++) {
		uint32_t t = c->track_pos[w->inst_ev_list[i]];
		if (t != UINT32_MAX)
			w->track_events[t]++;
	}
}

/*
 * Attribution (montecarlo.h, attr_*).  A coalition's outcome row has one
 * byte per unit of the event: its n_svc breached services (in touched
 * order), its n_inst institutions in breach (in inst_ev_list order) and
 * whether it is systemic; 1 when the unit breaches with the roots of the
 * coalition's sources alone.
 */

/* The row of the coalition marked in w->inc, by re-propagation. */
static void coalition_row(const struct ctx *c, struct worker *w, uint8_t *row,
                          uint32_t n_svc, uint32_t n_inst)
{
	size_t n = 0;
	for (size_t q = 0; q < w->n_ev_src; q++) {
		if (!w->inc[q])
			continue;
		size_t hi = q + 1 < w->n_ev_src ? w->ev_src_lo[q + 1] : w->n_roots;
		for (size_t r = w->ev_src_lo[q]; r < hi; r++) {
			ALLOC_GROW(w->sub_roots, n + 1, w->cap_sub_roots);
			ALLOC_GROW(w->sub_dur, n + 1, w->cap_sub_dur);
			w->sub_roots[n] = w->roots[r];
			w->sub_dur[n] = w->dur[r];
			n++;
		}
	}
	engine_propagate(c->e, w->sc2, w->sub_roots, w->sub_dur, n);
	uint8_t *ri = row + n_svc;
	memset(ri, 0, n_inst + 1);
	for (uint32_t j = 0; j < n_svc; j++) {
		uint32_t s = w->ev_svc_list[j];
		row[j] = w->sc2->down[c->s0 + s] > c->svc_tol[s];
		if (row[j])
			ri[w->inst_pos[c->svc_inst[s]]] = 1;
	}
	engine_scratch_reset(w->sc2);
	uint32_t cnt = 0;
	double assets = 0;
	for (uint32_t i = 0; i < n_inst; i++)
		if (ri[i]) {
			cnt++;
			assets += c->ds->nodes[w->inst_ev_list[i]].total_assets;
		}
	double share = c->ds->total_assets > 0 ? assets / c->ds->total_assets : 0;
	ri[n_inst] = cnt > 0 && share >= c->m->systemic_assets_share &&
	             cnt >= c->res->systemic_min_inst;
}

/* Credit source position q of the event with a unit of 'scope': 'part'
 * Shapley units, and the institution's tracked share when it is one. */
static void credit(const struct ctx *c, struct worker *w, int scope, uint32_t unit_inst,
                   size_t q, uint64_t part)
{
	uint32_t src = w->ev_src[q];
	w->attr[2][scope][src] += part;
	if (scope == MC_SCOPE_INSTITUTIONS && c->track_pos) {
		uint32_t t = c->track_pos[unit_inst];
		if (t != UINT32_MAX)
			w->bs.track[(size_t)t * c->res->n_sources + src] +=
			    (double)part / MC_SHAPLEY_UNIT;
	}
}

/* Split one unit equally among the sources q with mark[q] (m of them):
 * whole Shapley units, the remainder to the first in source order. */
static void credit_equal(const struct ctx *c, struct worker *w, int scope,
                         uint32_t unit_inst, const uint8_t *mark, size_t m)
{
	uint64_t part = MC_SHAPLEY_UNIT / m, rest = MC_SHAPLEY_UNIT % m;
	for (size_t q = 0; q < w->n_ev_src; q++)
		if (mark[q]) {
			credit(c, w, scope, unit_inst, q, part + rest);
			rest = 0;
		}
}

/*
 * The positions of the event's sources from whose roots one of its n_svc
 * breached services can be reached (downstream through any dependency),
 * into w->player; their count.  The others change no node upstream of a
 * breached service, so no breach in any coalition: they are null players
 * (Shapley value 0, never necessary), and leaving them out of the
 * enumeration changes no one else's value.
 */
static size_t relevant_sources(const struct ctx *c, struct worker *w, uint32_t n_svc)
{
	const struct engine *e = c->e;
	for (uint32_t j = 0; j < n_svc; j++)
		w->ev_brk[w->ev_svc_list[j]] = 1;
	size_t np = 0;
	for (size_t q = 0; q < w->n_ev_src; q++) {
		if (++w->epoch == 0) {
			memset(w->stamp, 0, (size_t)e->n_nodes * sizeof *w->stamp);
			w->epoch = 1;
		}
		size_t hi = q + 1 < w->n_ev_src ? w->ev_src_lo[q + 1] : w->n_roots;
		uint32_t head = 0, tail = 0;
		int hit = 0;
		for (size_t r = w->ev_src_lo[q]; r < hi; r++) {
			uint32_t v = w->roots[r];
			if (w->stamp[v] != w->epoch) {
				w->stamp[v] = w->epoch;
				w->queue[tail++] = v;
			}
		}
		while (head < tail && !hit) {
			uint32_t v = w->queue[head++];
			if (e->is_service[v] && w->ev_brk[v - c->s0]) {
				hit = 1;
				break;
			}
			for (uint32_t i = e->rev_off[v]; i < e->rev_off[v + 1]; i++) {
				uint32_t d = e->grp_node[e->rev_grp[i]];
				if (w->stamp[d] != w->epoch) {
					w->stamp[d] = w->epoch;
					w->queue[tail++] = d;
				}
			}
		}
		if (hit)
			w->player[np++] = (uint32_t)q;
	}
	for (uint32_t j = 0; j < n_svc; j++)
		w->ev_brk[w->ev_svc_list[j]] = 0;
	return np;
}

/* Attribute the units of the current event (n_svc services, n_inst
 * institutions, systemic or not) to its sources. */
static void attribute_event(const struct ctx *c, struct worker *w, uint32_t n_svc,
                            uint32_t n_inst, int systemic)
{
	const uint32_t nu = n_svc + n_inst + 1;
	w->attr_total[MC_SCOPE_SERVICES] += n_svc;
	w->attr_total[MC_SCOPE_INSTITUTIONS] += n_inst;
	w->attr_total[MC_SCOPE_SYSTEMIC] += (uint64_t)systemic;
	if (w->n_ev_src == 0 || n_svc == 0)
		return;
	/* the players: the sources that can reach a breached service */
	size_t n = 1;
	w->player[0] = 0;
	if (w->n_ev_src > 1) {
		w->attr_joint++;
		n = relevant_sources(c, w, n_svc);
		if (n == 0) { /* cannot happen: some source reaches a breach */
			for (size_t q = 0; q < w->n_ev_src; q++)
				w->player[q] = (uint32_t)q;
			n = w->n_ev_src;
		}
	}
	const uint32_t *pl = w->player;
	if (n == 1) { /* one source: every unit is its alone */
		const uint64_t cnt[MC_N_SCOPES] = {n_svc, n_inst, (uint64_t)systemic};
		uint32_t src = w->ev_src[pl[0]];
		for (int sc = 0; sc < MC_N_SCOPES; sc++) {
			w->attr[0][sc][src] += cnt[sc];
			w->attr[1][sc][src] += cnt[sc];
		}
		w->attr[2][MC_SCOPE_SERVICES][src] += (uint64_t)n_svc * MC_SHAPLEY_UNIT;
		w->attr[2][MC_SCOPE_SYSTEMIC][src] +=
		    (uint64_t)systemic * MC_SHAPLEY_UNIT;
		if (!c->track_pos) /* credit's sum, at once */
			w->attr[2][MC_SCOPE_INSTITUTIONS][src] +=
			    (uint64_t)n_inst * MC_SHAPLEY_UNIT;
		else
			for (uint32_t i = 0; i < n_inst; i++)
				credit(c, w, MC_SCOPE_INSTITUTIONS, w->inst_ev_list[i],
				       pl[0], MC_SHAPLEY_UNIT);
		return;
	}
	const int exact = n <= MC_SHAPLEY_EXACT;
	/* exact: row S for every coalition (bit q: source position q);
	 * fallback: row q = {q}, row n + q = all but q */
	const size_t n_rows = exact ? (size_t)1 << n : 2 * n;
	if (!exact)
		w->attr_fallback++;
	const size_t need = n_rows * nu;
	if (need > w->cap_out) {
		free(w->out);
		w->out = xcalloc(need, 1);
		w->cap_out = need;
	}
	const size_t full = exact ? n_rows - 1 : 0;
	for (size_t r = 0; r < n_rows; r++) {
		uint8_t *row = w->out + r * nu;
		if (exact && r == 0) {
			memset(row, 0, nu);
			continue;
		}
		if (exact && r == full) {
			memset(row, 1, nu - 1);
			row[nu - 1] = (uint8_t)systemic;
			continue;
		}
		memset(w->inc, 0, w->n_ev_src);
		for (size_t q = 0; q < n; q++)
			w->inc[pl[q]] = (uint8_t)(exact   ? (r >> q) & 1
			                          : r < n ? q == r
			                                  : q != r - n);
		coalition_row(c, w, row, n_svc, n_inst);
	}
	/* s! (n - s - 1)! / n! in Shapley units (n <= 8: 8!/n! is whole) */
	uint64_t fact[MC_SHAPLEY_EXACT + 1], wt[MC_SHAPLEY_EXACT];
	fact[0] = 1;
	for (unsigned i = 1; i <= MC_SHAPLEY_EXACT; i++)
		fact[i] = fact[i - 1] * i;
	if (exact)
		for (size_t sz = 0; sz < n; sz++)
			wt[sz] = MC_SHAPLEY_UNIT / fact[n] * fact[sz] * fact[n - sz - 1];
	uint8_t *mark = w->inc; /* reused: the fallback's chosen sources */
	for (uint32_t u = 0; u < nu; u++) {
		int scope = u < n_svc            ? MC_SCOPE_SERVICES
		            : u < n_svc + n_inst ? MC_SCOPE_INSTITUTIONS
		                                 : MC_SCOPE_SYSTEMIC;
		if (scope == MC_SCOPE_SYSTEMIC && !systemic)
			continue;
		uint32_t inst =
		    scope == MC_SCOPE_INSTITUTIONS ? w->inst_ev_list[u - n_svc] : 0;
#define V(r) (w->out[(size_t)(r)*nu + u])
		size_t n_nec = 0, n_alone_ok = 0;
		for (size_t q = 0; q < n; q++) {
			int suff = exact ? V((size_t)1 << q) : V(q);
			int nec = !(exact ? V(full ^ ((size_t)1 << q)) : V(n + q));
			uint32_t src = w->ev_src[pl[q]];
			w->attr[1][scope][src] += (uint64_t)nec;
			w->attr[0][scope][src] += (uint64_t)(nec && suff);
			n_nec += (size_t)nec;
			n_alone_ok += (size_t)suff;
		}
		if (exact) {
			for (size_t q = 0; q < n; q++) {
				const size_t bit = (size_t)1 << q;
				uint64_t phi = 0;
				for (size_t S = 0; S < n_rows; S++)
					if (!(S & bit) && V(S | bit) && !V(S))
						phi += wt[__builtin_popcountll(S)];
				if (phi)
					credit(c, w, scope, inst, pl[q], phi);
			}
			continue;
		}
		size_t m = 0;
		memset(mark, 0, w->n_ev_src);
		for (size_t q = 0; q < n; q++) {
			mark[pl[q]] = n_nec ? !V(n + q) : n_alone_ok ? V(q) : 1;
			m += mark[pl[q]];
		}
		credit_equal(c, w, scope, inst, mark, m);
#undef V
	}
}

/*
 * Propagate the current event (w's roots) and fold it into the trial: its
 * services' maxima and breaches, and its sector figures into the trial's.
 */
static void run_event(const struct ctx *c, struct worker *w, uint64_t trial)
{
	const struct dataset *ds = c->ds;
	const struct engine *e = c->e;
	struct mc_result *res = c->res;
	struct event_sums ev = { 0, 0, 0 };
	const struct effect *eff = w->n_roots == 1 ? c->effect[w->roots[0]] : NULL;
	int listed = 1; /* the lists hold the event (fold_effect) */
	if (eff) {
		/* One root with a precomputed effect: replay it (engine.h). */
		double d = w->dur[0];
		if (d > 0.0) /* engine_propagate ignores a root with d <= 0 or NaN */
			listed = fold_effect(w, eff, d, &ev);
	} else {
		engine_propagate(e, w->sc, w->roots, w->dur, w->n_roots);
		const struct engine_scratch *sc = w->sc;
		for (uint32_t t = 0; t < sc->n_touched; t++) {
			uint32_t v = sc->touched[t];
			if (e->is_service[v])
				fold_service(w, v - c->s0, sc->down[v], &ev);
		}
		engine_scratch_reset(w->sc);
	}
	uint32_t ev_svc = ev.svc, ev_inst = ev.inst;
	double ev_assets = ev.assets;
	for (uint32_t i = 0; listed && i < ev_inst; i++)
		w->inst_ev[w->inst_ev_list[i]] = 0;
	if (c->track_pos)
		track_event(c, w, ev_inst);

	double share = ds->total_assets > 0 ? ev_assets / ds->total_assets : 0;
	/* The asset threshold alone, which one large institution can reach;
	 * a systemic event also needs systemic_min_institutions of them. */
	int threshold = ev_inst > 0 && share >= c->m->systemic_assets_share;
	int systemic = threshold && ev_inst >= c->res->systemic_min_inst;
	res->t_events[trial]++;
	if (ev_inst > res->t_inst[trial])
		res->t_inst[trial] = ev_inst;
	if (ev_svc > res->t_svc[trial])
		res->t_svc[trial] = ev_svc;
	if (share > res->t_assets[trial])
		res->t_assets[trial] = share;
	if (threshold)
		res->t_threshold[trial] = 1;
	if (systemic)
		res->t_systemic[trial] = 1;

	attribute_event(c, w, ev_svc, ev_inst, systemic);
	for (size_t k = 0; k < w->n_ev_src; k++) {
		uint32_t src = w->ev_src[k];
		w->bs.src_events[src] += 1;
		w->src_seen[src] = 0;
	}
	w->n_ev_src = 0;
	w->n_roots = 0;
}

/*
 * Add the buffered histogram bins to the rows.  Service by service over
 * up to HB_TRIALS trials, so that each row (a few hundred bytes of counts,
 * somewhere in memory) is fetched once for them all rather than once a
 * trial; the counts are whole numbers, so the order is free.
 */
static void hist_flush(const struct ctx *c, struct worker *w)
{
	const uint32_t nb = c->res->n_bins, ns = c->ns, n = w->hb_n;
	enum { TILE = 32 }; /* services a pass: one cache line of each trial's bins */
	for (uint32_t s0 = 0; s0 < ns; s0 += TILE) {
		uint32_t s1 = s0 + TILE < ns ? s0 + TILE : ns;
		for (uint32_t t = 0; t < n; t++) {
			const uint16_t *row = w->hb + (size_t)t * ns;
			for (uint32_t s = s0; s < s1; s++)
				if (row[s] != HB_NONE)
					hist_row_add(&w->hist[s], row[s], nb, 1);
		}
	}
	w->hb_n = 0;
}

/*
 * What a service's trial is folded into at the trial's end (end_fold):
 * the worker's per-service and per-institution arrays, restrict locals
 * the compiler can keep in registers over a loop (loaded through w and c
 * for every service, they cost a sixth of a year on the EU preset, since
 * any store might alias them).
 */
struct end_arrays {
	double *restrict max, *restrict down;
	const double *restrict tol;
	const uint32_t *restrict inst;
	uint64_t *restrict btrials;
	uint32_t *restrict inst_svc, *restrict inst_list;
	uint32_t n_inst;
};

static inline struct end_arrays end_arrays_of(const struct ctx *c, struct worker *w)
{
	return (struct end_arrays){
		.max = w->svc_max, .down = w->bs.svc_down, .tol = c->svc_tol,
		.inst = c->svc_inst, .btrials = w->svc_breach_trials,
		.inst_svc = w->inst_trial_svc, .inst_list = w->inst_trial_list,
		.n_inst = w->n_inst_trial};
}

/*
 * Fold service s's trial, its longest downtime m, into the arrays of a
 * and reset it.  An untouched service (m = 0) goes through the same
 * steps to no effect: its sum gains +0 and 0 > tolerance is false (a
 * tolerance is at least 0).  Free of unpredictable branches: end_walk
 * calls it for every service of a large sector every year.
 */
static inline void end_fold(struct end_arrays *a, uint32_t s, double m)
{
	a->down[s] += m;
	/* breached in some event of the trial: exactly when its longest
	 * downtime passes its tolerance (fold_service, fold_effect) */
	uint32_t br = m > a->tol[s];
	a->btrials[s] += br;
	/* the institution's distinct breached services; listed at its first */
	uint32_t inst = a->inst[s], had = a->inst_svc[inst];
	a->inst_svc[inst] = had + br;
	a->inst_list[a->n_inst] = inst;
	a->n_inst += br & (had == 0);
	a->max[s] = 0;
}

/* Fold each service of the trial's list (svc_list, each touched) and add
 * its bin to its histogram row.  A stress trial on a small sector spends
 * most of its time here. */
static void end_list(const struct ctx *c, struct worker *w)
{
	struct end_arrays a = end_arrays_of(c, w);
	const struct bin_table bins = c->bins;
	const uint32_t *restrict list = w->svc_list;
	struct mc_hist_row *restrict hist = w->hist;
	const uint32_t n = w->n_svc_list;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t s = list[k];
		double m = a.max[s];
		hist_row_add(&hist[s], bin_table_get(&bins, m), bins.n_bins, 1);
		end_fold(&a, s, m);
	}
	w->n_inst_trial = a.n_inst;
}

/*
 * Fold every service in index order, its bin written to row (HB_NONE
 * where untouched; hist_flush adds them), and return the number the
 * trial touched.  An untouched service's bin is taken of 1 h and
 * replaced, so the loop has no branch but the rare value outside the
 * bin table.
 */
static uint32_t end_walk(const struct ctx *c, struct worker *w, uint16_t *restrict row)
{
	struct end_arrays a = end_arrays_of(c, w);
	const struct bin_table bins = c->bins;
	const uint32_t ns = c->ns;
	uint32_t touched = 0;
	for (uint32_t s = 0; s < ns; s++) {
		double m = a.max[s];
		uint32_t t = m != 0;
		uint32_t b = bin_table_get(&bins, t ? m : 1.0);
		/* b, or HB_NONE (all ones) when untouched: an OR, which the
		 * compiler keeps without a branch (a select it made one) */
		row[s] = (uint16_t)(b | (t - 1u));
		touched += t;
		end_fold(&a, s, m);
	}
	w->n_inst_trial = a.n_inst;
	return touched;
}

/* Set in bits the services the trial breached: its list's, or (list 0)
 * any service's.  Before end_fold resets their maxima. */
static void mark_breached(const struct ctx *c, const struct worker *w, uint8_t *bits,
                          int list)
{
	const uint32_t n = list ? w->n_svc_list : c->ns;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t s = list ? w->svc_list[k] : k;
		bits[s / 8] |= (uint8_t)((w->svc_max[s] > c->svc_tol[s]) << (s % 8));
	}
}

/*
 * Fold the finished trial into the worker's accumulators and reset.  A
 * trial that touched few services, or one on a small sector, visits its
 * list; one that touched many of a large sector's (a year on the EU
 * preset touches nine in ten) walks all services in index order, which
 * the hardware can prefetch, and leaves the histogram bins to hist_flush.
 * Whether the next trial walks is guessed from this one (walk_all): the
 * outputs are the same either way.  Each service's sums still take its
 * trials in order.
 */
static void end_trial(const struct ctx *c, struct worker *w, uint64_t trial)
{
	struct mc_result *res = c->res;
	uint32_t touched;
	int list = !w->walk_all &&
	           (c->ns < HB_MIN_SERVICES || (uint64_t)w->n_svc_list * 4 < c->ns);
	if (res->t_svc_bits) /* --trials-out: the services the trial breached */
		mark_breached(c, w, res->t_svc_bits + trial * res->svc_stride, list);
	if (list) {
		end_list(c, w);
		touched = w->n_svc_list;
	} else {
		touched = end_walk(c, w, w->hb + (size_t)w->hb_n * c->ns);
		if (++w->hb_n == w->hb_cap)
			hist_flush(c, w);
	}
	w->n_svc_list = 0;
	w->walk_all = c->ns >= HB_MIN_SERVICES && (uint64_t)touched * 4 >= c->ns;
	for (uint32_t k = 0; k < w->n_inst_trial; k++) {
		uint32_t i = w->inst_trial_list[k];
		w->inst_breach_trials[i]++;
		if (res->t_inst_bits)
			res->t_inst_bits[trial * res->inst_stride + i / 8] |=
				(uint8_t)(1u << (i % 8));
		w->inst_svc_breached[i] += w->inst_trial_svc[i];
		w->inst_trial_svc[i] = 0;
	}
	w->n_inst_trial = 0;
}

/* One trial: stress mode, one event. */
static void stress_trial(const struct ctx *c, struct worker *w, uint64_t trial)
{
	const struct model *m = c->m;
	const struct mc_result *res = c->res;
	for (size_t k = 0; k < res->n_sources; k++) {
		const struct mc_source *src = &res->sources[k];
		uint64_t key = rng_key(m->seed, trial, src->stream);
		/* occurs with probability rate: u < rate (monotone in rate) */
		if (rng_key_uniform(key) >= src->rate)
			continue;
		gsl_rng_set(w->rng, key);
		size_t before = w->n_roots;
		source_roots(w, m, src);
		if (w->n_roots > before)
			note_source(w, (uint32_t)k, before);
	}
	run_event(c, w, trial);
	end_trial(c, w, trial);
}

/* Ask for source k's precomputed effect, if it has one: its header, or
 * with 'arrays' (the header must be in cache) what fold_effect reads of
 * its arrays, up to PREFETCH_BYTES of each; the hardware's stream
 * prefetcher takes over the rest of a longer one. */
#define PREFETCH_BYTES 2048u
static inline void prefetch_lines(const void *p, size_t bytes)
{
	if (bytes > PREFETCH_BYTES)
		bytes = PREFETCH_BYTES;
	for (size_t off = 0; off < bytes; off += 64)
		__builtin_prefetch((const char *)p + off);
}

static inline void prefetch_effect(const struct worker *w, uint32_t k, int arrays)
{
	const struct effect *ef = w->src_effect[k];
	if (!ef)
		return;
	if (!arrays) { /* the header, 128 bytes, on up to three lines */
		__builtin_prefetch(ef);
		__builtin_prefetch((const char *)ef + 64);
		__builtin_prefetch((const char *)ef + 127);
		return;
	}
	__builtin_prefetch(ef->gcap);
	prefetch_lines(ef->svc, (size_t)ef->n * sizeof *ef->svc);
	if (w->use_prefix && ef->pinst) {
		__builtin_prefetch(ef->gtol);
		__builtin_prefetch(ef->gend);
	} else {
		__builtin_prefetch(ef->btol);
		__builtin_prefetch(ef->bsvc);
	}
}

/* One trial: annual mode, a year of independent events. */
static void annual_trial(const struct ctx *c, struct worker *w, uint64_t trial)
{
	const struct model *m = c->m;
	const struct mc_result *res = c->res;
	/*
	 * First the sources that have an event this year (a key and a uniform
	 * each), then their events in the same order.  Knowing the sources
	 * ahead lets their effects be fetched from memory a few events early:
	 * each is a few hundred bytes somewhere in a large table.
	 */
	uint32_t n_occ = 0;
	for (size_t k = 0; k < res->n_sources; k++) {
		uint64_t key = rng_key(m->seed, trial, c->src_stream[k]);
		/* Rates are at most MODEL_MAX_RATE = RNG_POISSON_MAX (checked
		 * when read): the count is exact inversion of one uniform, and
		 * rng_poisson_inv returns 0 exactly when u < exp(-rate).  Kept
		 * when u >= exp(-rate), without a branch (one in five is). */
		double u = rng_key_uniform(key);
		w->occ_src[n_occ] = (uint32_t)k;
		w->occ_u[n_occ] = u;
		w->occ_key[n_occ] = key;
		n_occ += !(u < c->src_p0[k]);
	}
	enum { AHEAD = 4 }; /* occurrences between a header's fetch and its arrays' */
	for (uint32_t i = 0; i < n_occ && i < 2 * AHEAD; i++)
		prefetch_effect(w, w->occ_src[i], 0);
	for (uint32_t i = 0; i < n_occ; i++) {
		if (i + 2 * AHEAD < n_occ)
			prefetch_effect(w, w->occ_src[i + 2 * AHEAD], 0);
		if (i + AHEAD < n_occ)
			prefetch_effect(w, w->occ_src[i + AHEAD], 1);
		uint32_t k = w->occ_src[i];
		const struct mc_source *src = &res->sources[k];
		unsigned int n = rng_poisson_inv(w->occ_u[i], src->rate);
		if (n == 0)
			continue;
		gsl_rng_set(w->rng, w->occ_key[i]);
		for (unsigned int j = 0; j < n; j++) {
			source_roots(w, m, src);
			if (w->n_roots == 0)
				continue; /* no target hit: no event */
			note_source(w, k, 0);
			run_event(c, w, trial);
		}
	}
	end_trial(c, w, trial);
}

static struct worker *worker_new(const struct ctx *c)
{
	struct worker *w = xcalloc(1, sizeof *w);
	size_t nsrc = c->res->n_sources ? c->res->n_sources : 1;
	w->sc = engine_scratch_new(c->e);
	w->rng = gsl_rng_alloc(rng_splitmix64);
	if (!w->rng)
		msg_die(CP_EXIT_OSERR, "out of memory");
	w->ev_src = xcalloc(nsrc, sizeof *w->ev_src);
	w->ev_src_lo = xcalloc(nsrc, sizeof *w->ev_src_lo);
	w->ev_svc_list = xcalloc(c->ns + 1, sizeof *w->ev_svc_list);
	w->inst_pos = xcalloc(c->ds->n_nodes + 1, sizeof *w->inst_pos);
	w->sc2 = engine_scratch_new(c->e);
	w->inc = xcalloc(nsrc, 1);
	w->player = xcalloc(nsrc, sizeof *w->player);
	w->stamp = xcalloc((size_t)c->e->n_nodes + 1, sizeof *w->stamp);
	w->queue = xcalloc((size_t)c->e->n_nodes + 1, sizeof *w->queue);
	w->ev_brk = xcalloc(c->ns + 1, 1);
	for (int a = 0; a < 3; a++)
		for (int sc = 0; sc < MC_N_SCOPES; sc++)
			w->attr[a][sc] = xcalloc(nsrc, sizeof(uint64_t));
	w->src_seen = xcalloc(nsrc, 1);
	w->occ_src = xcalloc(nsrc, sizeof *w->occ_src);
	w->occ_u = xcalloc(nsrc, sizeof *w->occ_u);
	w->occ_key = xcalloc(nsrc, sizeof *w->occ_key);
	w->src_effect = xcalloc(nsrc, sizeof *w->src_effect);
	for (size_t k = 0; k < c->res->n_sources; k++)
		if (c->res->sources[k].kind == SOURCE_BASELINE)
			w->src_effect[k] = c->effect[c->res->sources[k].node];
	w->bmark = xcalloc((size_t)c->ns / 64 + 1, sizeof *w->bmark);
	w->use_prefix = !c->track_pos;
	w->pcnt = xcalloc(c->n_pcnt + 1, sizeof *w->pcnt);
	w->svc_max = xcalloc(c->ns + 1, sizeof *w->svc_max);
	w->svc = xcalloc(c->ns + 1, sizeof *w->svc);
	for (uint32_t s = 0; s < c->ns; s++) {
		w->svc[s].tol = c->svc_tol[s];
		w->svc[s].inst = c->svc_inst[s];
	}
	w->inst_assets = xcalloc(c->ds->n_nodes + 1, sizeof *w->inst_assets);
	for (uint32_t v = 0; v < c->ds->n_nodes; v++)
		if (c->ds->nodes[v].kind == NODE_INSTITUTION)
			w->inst_assets[v] = c->ds->nodes[v].total_assets;
	w->hb_cap = c->ns >= HB_MIN_SERVICES ? HB_TRIALS : 0;
	w->hb = xcalloc((size_t)w->hb_cap * c->ns + 1, sizeof *w->hb);
	w->svc_list = xcalloc(c->ns + 1, sizeof *w->svc_list); /* + 1: fold_effect */
	w->inst_ev = xcalloc(c->ds->n_nodes, 1);
	w->inst_ev_list = xcalloc(c->ni + 1, sizeof *w->inst_ev_list);
	w->inst_trial_svc = xcalloc(c->ds->n_nodes, sizeof *w->inst_trial_svc);
	w->inst_trial_list = xcalloc(c->ni + 1, sizeof *w->inst_trial_list);
	w->svc_breach_trials = xcalloc(c->ns + 1, sizeof(uint64_t));
	w->svc_breaches = xcalloc(c->ns + 1, sizeof(uint64_t));
	w->hist = xcalloc(c->ns + 1, sizeof *w->hist);
	w->inst_breach_trials = xcalloc(c->ni + 1, sizeof(uint64_t));
	w->inst_svc_breached = xcalloc(c->ni + 1, sizeof(uint64_t));
	w->bs.svc_down = xcalloc(c->ns + 1, sizeof(double));
	w->bs.src_events = xcalloc(nsrc, sizeof(double));
	w->track_events = xcalloc((size_t)c->res->n_track + 1, sizeof(uint64_t));
	w->bs.track = xcalloc((size_t)c->res->n_track * nsrc + 1, sizeof(double));
	return w;
}

static void worker_free(struct worker *w, uint32_t ns)
{
	engine_scratch_free(w->sc);
	gsl_rng_free(w->rng);
	free(w->roots);
	free(w->dur);
	free(w->ev_src);
	free(w->ev_src_lo);
	free(w->ev_svc_list);
	free(w->inst_pos);
	engine_scratch_free(w->sc2);
	free(w->sub_roots);
	free(w->sub_dur);
	free(w->out);
	free(w->inc);
	free(w->player);
	free(w->stamp);
	free(w->queue);
	free(w->ev_brk);
	for (int a = 0; a < 3; a++)
		for (int sc = 0; sc < MC_N_SCOPES; sc++)
			free(w->attr[a][sc]);
	free(w->src_seen);
	free(w->occ_src);
	free(w->occ_u);
	free(w->occ_key);
	free(w->src_effect);
	free(w->bmark);
	free(w->pcnt);
	free(w->svc_max);
	free(w->svc);
	free(w->inst_assets);
	free(w->hb);
	free(w->svc_list);
	free(w->inst_ev);
	free(w->inst_ev_list);
	free(w->inst_trial_svc);
	free(w->inst_trial_list);
	free(w->svc_breach_trials);
	free(w->svc_breaches);
	hist_rows_free(w->hist, ns);
	free(w->inst_breach_trials);
	free(w->inst_svc_breached);
	free(w->bs.svc_down);
	free(w->bs.src_events);
	free(w->track_events);
	free(w->bs.track);
	free(w);
}

/* The model's outage sources: provider baselines (if on), then shocks. */
/* FNV-1a of s: the stream of a provider the reference data set lacks. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void make_sources_ref(const struct model *m, const struct dataset *ds,
                             const struct dataset *ref, struct mc_result *res)
{
	size_t cap = m->n_shocks + ds->n_kind[NODE_VENDOR] + ds->n_kind[NODE_CLOUD];
	res->sources = xcalloc(cap ? cap : 1, sizeof *res->sources);
	if (model_baseline(m)) {
		for (uint32_t v = 0; v < ds->n_nodes; v++) {
			const struct node *n = &ds->nodes[v];
			if (!node_is_provider(n) || n->annual_outage_rate <= 0)
				continue;
			struct mc_source *s = &res->sources[res->n_sources++];
			s->kind = SOURCE_BASELINE;
			s->node = v;
			s->stream = v;
			if (ref) {
				uint32_t r = dataset_find(ref, n->id);
				s->stream = r != NODE_NONE ? r
				          : (1ULL << 63) | (id_hash(n->id) >> 1);
			}
			s->name = xstrdup(n->id);
			s->duration = dist_lognormal(n->outage_median_hours, n->outage_p95_hours);
			/* Stress mode: the chance of at least one own outage in the
			 * window, 1 - exp(-rate * window / 8760). */
			s->rate = m->mode == MODE_ANNUAL
			        ? n->annual_outage_rate
			        : 1.0 - exp(-n->annual_outage_rate * m->window_hours / HOURS_PER_YEAR);
		}
	}
	for (size_t k = 0; k < m->n_shocks; k++) {
		const struct shock *sh = &m->shocks[k];
		struct mc_source *s = &res->sources[res->n_sources++];
		s->kind = SOURCE_SHOCK;
		s->shock = k;
		s->stream = (uint64_t)(ref ? ref->n_nodes : ds->n_nodes) + k;
		s->name = xstrdup(sh->name);
		s->node = NODE_NONE;
		if (m->mode == MODE_ANNUAL)
			/* a probability p of at least one occurrence a year is a
			 * Poisson rate of -ln(1 - p) */
			s->rate = model_shock_frequency(sh);
		else
			s->rate = sh->has_probability ? sh->probability : 1.0;
	}
}

void mc_make_sources(const struct model *m, const struct dataset *ds, struct mc_result *res)
{
	make_sources_ref(m, ds, NULL, res);
}

/* Grow the per-trial arrays to hold 'cap' trials (zeroed). */
static void grow_trials(struct mc_result *res, uint64_t old, uint64_t cap)
{
#define GROW(f) do { \
		res->f = xreallocarray(res->f, cap, sizeof *res->f); \
		memset(res->f + old, 0, (cap - old) * sizeof *res->f); \
	} while (0)
	GROW(t_events);
	GROW(t_inst);
	GROW(t_svc);
	GROW(t_assets);
	GROW(t_systemic);
	GROW(t_threshold);
#undef GROW
}

/*
 * Finished blocks waiting for their turn in the block-order reduction.
 * A thread that ends block b parks its sums in slot b % n_slots (swapping
 * arrays, no copy) and reduces every parked block from 'next' on; no
 * thread waits for a slower one unless it runs n_slots blocks ahead of
 * the oldest unfinished block (then the slot is not yet its own).
 * An `ordered` section would make a thread that finished early wait (and
 * spin, burning the CPU another process needs) for the block before it.
 */
struct parked {
	int64_t block;    /* -1: free */
	uint64_t hi;      /* trials done after it, for progress */
	struct block_sums bs;
};

/* Reduce the parked blocks from *next on while they are in turn; call in
 * the critical section. */
static void reduce_parked(const struct ctx *c, struct parked *slot, int64_t n_slots,
                          int64_t *next, const struct mc_options *opt)
{
	struct mc_result *res = c->res;
	for (;;) {
		struct parked *p = &slot[*next % n_slots];
		if (p->block != *next)
			return;
		double *down = res->svc_down_sum, *ev = res->src_events, *tr = res->track_src;
		if (c->keep) { /* zeroed: the block's sums, exactly */
			down = c->keep + (size_t)*next * c->keep_stride;
			ev = down + c->ns;
			tr = ev + res->n_sources;
		}
		for (uint32_t s = 0; s < c->ns; s++) {
			down[s] += p->bs.svc_down[s];
			p->bs.svc_down[s] = 0;
		}
		for (size_t k = 0; k < res->n_sources; k++) {
			ev[k] += p->bs.src_events[k];
			p->bs.src_events[k] = 0;
		}
		for (size_t k = 0; k < (size_t)res->n_track * res->n_sources; k++) {
			tr[k] += p->bs.track[k];
			p->bs.track[k] = 0;
		}
		if (opt && opt->progress && !c->keep)
			opt->progress(opt->progress_arg, p->hi);
		p->block = -1;
		(*next)++;
	}
}

/* Run trials [first, last) on the workers; blocks of MC_BLOCK from first. */
static void run_trials(const struct ctx *c, struct worker **workers, int threads,
                       uint64_t first, uint64_t last, const struct mc_options *opt)
{
	const struct model *m = c->m;
	int64_t nb = (int64_t)((last - first + MC_BLOCK - 1) / MC_BLOCK);
	const int64_t n_slots = 4 * (int64_t)threads;
	const size_t nsrc = c->res->n_sources ? c->res->n_sources : 1;
	struct parked *slot = xcalloc((size_t)n_slots, sizeof *slot);
	for (int64_t i = 0; i < n_slots; i++) {
		slot[i].block = -1;
		slot[i].bs.svc_down = xcalloc(c->ns + 1, sizeof(double));
		slot[i].bs.src_events = xcalloc(nsrc, sizeof(double));
		slot[i].bs.track =
		    xcalloc((size_t)c->res->n_track * nsrc + 1, sizeof(double));
	}
	int64_t next = 0; /* the next block to reduce */
#pragma omp parallel num_threads(threads)
	{
		int tid = 0;
#ifdef _OPENMP
		tid = omp_get_thread_num();
#endif
		if (!workers[tid])
			workers[tid] = worker_new(c);
		struct worker *w = workers[tid];
#pragma omp for schedule(dynamic, 1)
		for (int64_t b = 0; b < nb; b++) {
			uint64_t lo = first + (uint64_t)b * MC_BLOCK;
			uint64_t hi = lo + MC_BLOCK < last ? lo + MC_BLOCK : last;
			for (uint64_t t = lo; t < hi; t++) {
				if (m->mode == MODE_ANNUAL)
					annual_trial(c, w, t);
				else
					stress_trial(c, w, t);
			}
			/* Floating-point sums in block order: the same bytes for
			 * any number of threads. */
			for (int parked = 0; !parked;) {
#pragma omp critical(mc_reduce)
				{
					/* blocks next .. next + n_slots - 1 have slots
					 * of their own; a later one waits */
					struct parked *p = &slot[b % n_slots];
					if (b - next < n_slots && p->block < 0) {
						struct block_sums t = p->bs;
						p->bs = w->bs;
						w->bs = t; /* zeroed when it was reduced */
						p->block = b;
						p->hi = hi;
						parked = 1;
					}
					reduce_parked(c, slot, n_slots, &next, opt);
				}
				if (!parked) /* n_slots blocks ahead: let the others catch up */
					sched_yield();
			}
		}
	}
	for (int64_t i = 0; i < n_slots; i++) {
		free(slot[i].bs.svc_down);
		free(slot[i].bs.src_events);
		free(slot[i].bs.track);
	}
	free(slot);
}

/* A value and its position, sorted by value then position. */
struct val_pos {
	double val;
	uint32_t pos;
};

static int cmp_val_pos(const void *a, const void *b)
{
	const struct val_pos *x = a, *y = b;
	if (x->val != y->val)
		return x->val < y->val ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Distinct values above which sort_val_pos leaves the work to qsort. */
#define FEW_VALUES 16u

/*
 * Sort a[0 .. n), whose positions ascend, by (value, position), as qsort
 * with cmp_val_pos would.  An effect's caps and tolerances take a few
 * distinct values, most often one, while its entries number up to the
 * sector's services: so the distinct values are found and ordered, and
 * the entries placed after them in the order they come (that is, by
 * position), in time linear in n.  A cloud region's effect at scale 4
 * has some 100,000 entries, and its n log n sort was a sixth of the run's
 * start.  With more than FEW_VALUES distinct values, qsort.
 */
static void sort_val_pos(struct val_pos *a, uint32_t n)
{
	double val[FEW_VALUES];
	uint32_t nv = 0, last = 0, at[FEW_VALUES + 1] = { 0 };
	for (uint32_t i = 0; i < n; i++) {
		if (nv && a[i].val == val[last])
			continue;
		if (isnan(a[i].val)) { /* equal to nothing: qsort's affair */
			qsort(a, n, sizeof *a, cmp_val_pos);
			return;
		}
		uint32_t v = 0;
		while (v < nv && a[i].val != val[v])
			v++;
		if (v == nv) {
			if (nv == FEW_VALUES) {
				qsort(a, n, sizeof *a, cmp_val_pos);
				return;
			}
			val[nv++] = a[i].val;
		}
		last = v;
	}
	for (uint32_t i = 1; i < nv; i++) { /* the values, ascending */
		double x = val[i];
		uint32_t j = i;
		for (; j > 0 && val[j - 1] > x; j--)
			val[j] = val[j - 1];
		val[j] = x;
	}
	for (uint32_t i = 0; i < n; i++) { /* at[v + 1]: entries of val[v] */
		uint32_t v = 0;
		while (a[i].val != val[v])
			v++;
		at[v + 1]++;
	}
	for (uint32_t v = 1; v <= nv; v++)
		at[v] += at[v - 1];
	struct val_pos *out = xcalloc((size_t)n + 1, sizeof *out);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = 0;
		while (a[i].val != val[v])
			v++;
		out[at[v]++] = a[i];
	}
	memcpy(a, out, (size_t)n * sizeof *a);
	free(out);
}

/*
 * Fill ef's prefix sums.  With the first J entries of btol breaching, the
 * breaching entry at effect position p (rank[p] < J) brings its
 * institution in, and adds its assets, when no earlier position of the
 * same institution breaches: when J <= first[p], the least rank among the
 * institution's earlier positions.  breach_service adds the assets of the
 * institutions in that order, from 0, so the same loop gives the same
 * double.  J takes the ng group ends only: ng * nb steps.
 */
static void effect_prefix_sums(const struct ctx *c, struct effect *ef, uint32_t ng)
{
	const uint32_t nb = ef->nb;
	uint32_t *rank = xcalloc((size_t)nb + 1, sizeof *rank);
	uint32_t *first = xcalloc((size_t)nb + 1, sizeof *first);
	double *assets = xcalloc((size_t)nb + 1, sizeof *assets);
	for (uint32_t j = 0; j < nb; j++) {
		rank[ef->bpos[j]] = j;
		ef->tsvc[j] = ef->bsvc[ef->bpos[j]];
	}
	/* first[p], positions in order: each institution's least rank so
	 * far, kept in a hash of the institutions met (linear in nb) */
	uint32_t slots = 16;
	while (slots < 2 * (uint64_t)nb)
		slots *= 2;
	struct { uint32_t inst1, least; } *seen = xcalloc(slots, sizeof *seen);
	for (uint32_t p = 0; p < nb; p++) {
		uint32_t inst = c->svc_inst[ef->bsvc[p]];
		assets[p] = c->ds->nodes[inst].total_assets;
		uint32_t i = (inst * 2654435761u) & (slots - 1);
		while (seen[i].inst1 && seen[i].inst1 != inst + 1)
			i = (i + 1) & (slots - 1);
		if (!seen[i].inst1) { /* the institution's first position */
			seen[i].inst1 = inst + 1;
			seen[i].least = UINT32_MAX;
		}
		first[p] = seen[i].least;
		if (rank[p] < seen[i].least)
			seen[i].least = rank[p];
	}
	free(seen);
	ef->ng = ng;
	ef->gend[0] = 0;
	ef->pinst[0] = 0;
	ef->passets[0] = 0;
	for (uint32_t j = 0, g = 0; j < nb; j++) {
		if (j + 1 < nb && ef->btol[j + 1] == ef->btol[j])
			continue;
		/* the first J = j + 1 entries are group g's end */
		uint32_t J = j + 1, n = 0;
		double a = 0;
		for (uint32_t p = 0; p < nb; p++)
			if (rank[p] < J && J <= first[p]) {
				n++;
				a += assets[p];
			}
		ef->gtol[g] = ef->btol[j];
		g++;
		ef->gend[g] = J;
		ef->pinst[g] = n;
		ef->passets[g] = a;
	}
	free(rank);
	free(first);
	free(assets);
}

/*
 * The effect of the propagation in sc, which takes ns services down, in
 * one allocation: the header, then its arrays, so that replaying it reads
 * one stretch of memory.
 */
static struct effect *effect_new(const struct ctx *c, const struct engine_scratch *sc,
                                 uint32_t ns)
{
	const struct engine *e = c->e;
	/* the services by cap, and the entries that can breach: tolerance
	 * and position among them */
	struct val_pos *cp = xcalloc((size_t)ns + 1, sizeof *cp);
	uint32_t *svc = xcalloc((size_t)ns + 1, sizeof *svc);
	uint32_t n = 0, nb = 0;
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		if (!e->is_service[v])
			continue;
		svc[n] = v - c->s0;
		cp[n] = (struct val_pos){sc->down[v], n};
		n++;
		nb += sc->down[v] > c->svc_tol[v - c->s0];
	}
	sort_val_pos(cp, n);
	uint32_t ncap = 0;
	for (uint32_t k = 0; k < n; k++)
		ncap += k == 0 || cp[k].val != cp[k - 1].val;
	struct val_pos *tp = xcalloc((size_t)nb + 1, sizeof *tp);
	for (uint32_t k = 0, j = 0; k < n; k++) {
		double tol = c->svc_tol[svc[k]];
		if (sc->down[svc[k] + c->s0] > tol) {
			tp[j] = (struct val_pos){tol, j};
			j++;
		}
	}
	sort_val_pos(tp, nb);
	uint32_t ng = 0; /* distinct tolerances */
	for (uint32_t j = 0; j < nb; j++)
		ng += j == 0 || tp[j].val != tp[j - 1].val;
	/* prefix sums: gtol [ng], passets, gend and pinst [ng + 1], tsvc [nb] */
	size_t np = ng <= PREFIX_MAX_GROUPS ? (size_t)ng + 1 : 0;
	/* doubles first: every part stays aligned */
	size_t size = sizeof(struct effect) + ((size_t)ncap + nb) * sizeof(double) +
	              ((size_t)ns + ncap + 2 * (size_t)nb) * sizeof(uint32_t);
	if (np)
		size += (2 * np - 1) * sizeof(double) +
		        (2 * np + nb) * sizeof(uint32_t);
	struct effect *ef = xcalloc(1, size);
	ef->gcap = (double *)(ef + 1);
	ef->btol = ef->gcap + ncap;
	double *dend = ef->btol + nb;
	if (np) {
		ef->gtol = dend;
		ef->passets = ef->gtol + ng;
		dend = ef->passets + np;
	}
	ef->svc = (uint32_t *)dend;
	ef->gcend = ef->svc + ns;
	ef->bsvc = ef->gcend + ncap;
	ef->bpos = ef->bsvc + nb;
	if (np) {
		ef->gend = ef->bpos + nb;
		ef->pinst = ef->gend + np;
		ef->tsvc = ef->pinst + np;
	}
	ef->n = n;
	for (uint32_t k = 0; k < n; k++) {
		if (k == 0 || cp[k].val != cp[k - 1].val)
			ef->gcap[ef->ncap++] = cp[k].val;
		ef->gcend[ef->ncap - 1] = k + 1;
		ef->svc[k] = svc[cp[k].pos];
	}
	for (uint32_t k = 0; k < n; k++)
		if (sc->down[svc[k] + c->s0] > c->svc_tol[svc[k]])
			ef->bsvc[ef->nb++] = svc[k];
	for (uint32_t j = 0; j < ef->nb; j++) {
		ef->btol[j] = tp[j].val;
		ef->bpos[j] = tp[j].pos;
	}
	free(cp);
	free(svc);
	free(tp);
	if (np)
		effect_prefix_sums(c, ef, ng);
	return ef;
}

/*
 * Precompute the single-root effects of the nodes that can be an event's
 * only root: every provider with a baseline source, and the targets of
 * shocks with few targets.  Each node's effect is independent of the
 * others, so threads share the work without changing any result; a node
 * whose effect would pass the memory budget is left to engine_propagate.
 */
static struct effect **effects_new(const struct ctx *c, int threads, size_t *n_pcnt)
{
	const struct engine *e = c->e;
	const struct mc_result *res = c->res;
	const uint32_t n = e->n_nodes;
	struct effect **effect = xcalloc((size_t)n + 1, sizeof *effect);
	uint8_t *want = xcalloc((size_t)n + 1, 1);
	uint32_t *list = xcalloc((size_t)n + 1, sizeof *list);
	uint32_t n_list = 0;
	for (size_t k = 0; k < res->n_sources; k++) {
		const struct mc_source *src = &res->sources[k];
		if (src->kind == SOURCE_BASELINE) {
			if (!want[src->node]++)
				list[n_list++] = src->node;
			continue;
		}
		const struct shock *sh = &c->m->shocks[src->shock];
		if (sh->n_targets > 256) /* events of many roots: little to gain */
			continue;
		for (uint32_t t = 0; t < sh->n_targets; t++)
			if (sh->target_nodes[t] < n && !want[sh->target_nodes[t]]++)
				list[n_list++] = sh->target_nodes[t];
	}
	free(want);
	size_t used = 0; /* entries kept, under EFFECT_BUDGET */
#pragma omp parallel num_threads(threads)
	{
		struct engine_scratch *sc = engine_scratch_new(e);
#pragma omp for schedule(dynamic, 16)
		for (int64_t i = 0; i < (int64_t)n_list; i++) {
			uint32_t r = list[i];
			int ok = engine_effect(e, sc, r) == 0;
			uint32_t ns = 0;
			for (uint32_t t = 0; ok && t < sc->n_touched; t++)
				ns += e->is_service[sc->touched[t]];
#pragma omp critical(effect_budget)
			{
				if (used + ns > EFFECT_BUDGET)
					ok = 0;
				else if (ok)
					used += ns;
			}
			if (ok) {
				effect[r] = effect_new(c, sc, ns);
			}
			engine_scratch_reset(sc);
		}
		engine_scratch_free(sc);
	}
	free(list);
	/* each effect's place in the workers' prefix counts, in node order */
	size_t off = 0;
	for (uint32_t v = 0; v < n; v++)
		if (effect[v] && effect[v]->pinst) {
			effect[v]->pcnt_off = (uint32_t)off;
			off += (size_t)effect[v]->ng + 1;
		}
	*n_pcnt = off;
	return effect;
}

static void effects_free(struct effect **effect, uint32_t n)
{
	if (!effect)
		return;
	for (uint32_t v = 0; v < n; v++)
		if (effect[v]) {
			free(effect[v]);
		}
	free(effect);
}

/* Add the events fold_effect counted by tolerance group to svc_breaches:
 * an entry of group g - 1 breaches in the events that breach g groups or
 * more. */
static void prefix_flush(const struct ctx *c, struct worker *w)
{
	for (uint32_t v = 0; v < c->e->n_nodes; v++) {
		const struct effect *ef = c->effect[v];
		if (!ef || !ef->pinst)
			continue;
		const uint64_t *cnt = w->pcnt + ef->pcnt_off;
		uint64_t acc = 0; /* events that breach group g - 1 */
		for (uint32_t g = ef->ng; g > 0; g--) {
			acc += cnt[g];
			for (uint32_t r = ef->gend[g - 1]; r < ef->gend[g]; r++)
				w->svc_breaches[ef->tsvc[r]] += acc;
		}
	}
	memset(w->pcnt, 0, c->n_pcnt * sizeof *w->pcnt);
}

/*
 * Merge the workers' exact integer counts into the result, on 'threads'
 * threads: first each worker's buffered bins and prefix counts (its own
 * arrays), then the services, each taking the workers in order, so that
 * a histogram row grows by the same steps as on one thread (integer
 * counts: any order would give the same figures).  The rest is small.
 */
static void merge_workers(const struct ctx *c, struct worker **workers, int threads)
{
	struct mc_result *res = c->res;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static, 1)
	for (int k = 0; k < threads; k++) {
		struct worker *w = workers[k];
		if (!w)
			continue;
		if (w->hb_n)
			hist_flush(c, w); /* the bins end_trial left buffered */
		prefix_flush(c, w);
	}
	int first = -1; /* the worker whose rows become the result's */
	for (int k = 0; k < threads && !res->svc_hist; k++)
		if (workers[k]) {
			first = k;
			res->svc_hist = workers[k]->hist;
			workers[k]->hist = NULL;
		}
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
	for (uint32_t s = 0; s < c->ns; s++) {
		for (int k = 0; k < threads; k++) {
			const struct worker *w = workers[k];
			if (!w)
				continue;
			/* the trials that touched s: one bin each (end_trial) */
			const struct mc_hist_row *h = k == first ? &res->svc_hist[s] : &w->hist[s];
			for (uint32_t i = 0; i < h->len; i++)
				res->svc_affected[s] += h->count[i];
			res->svc_breach_trials[s] += w->svc_breach_trials[s];
			res->svc_breaches[s] += w->svc_breaches[s];
			if (k == first)
				continue;
			for (uint32_t i = 0; i < h->len; i++)
				if (h->count[i])
					hist_row_add(&res->svc_hist[s], h->lo + i, res->n_bins,
					             h->count[i]);
		}
	}
	for (int k = 0; k < threads; k++) {
		struct worker *w = workers[k];
		if (!w)
			continue;
		for (uint32_t i = 0; i < c->ni; i++) {
			res->inst_breach_trials[i] += w->inst_breach_trials[i];
			res->inst_svc_breached[i] += w->inst_svc_breached[i];
		}
		for (uint32_t t = 0; t < res->n_track; t++)
			res->track_events[t] += w->track_events[t];
		for (int a = 0; a < 3; a++) {
			uint64_t **to = a == 0   ? res->attr_alone
			                : a == 1 ? res->attr_necessary
			                         : res->attr_shapley;
			for (int sc = 0; sc < MC_N_SCOPES; sc++)
				for (size_t j = 0; j < res->n_sources; j++)
					to[sc][j] += w->attr[a][sc][j];
		}
		for (int sc = 0; sc < MC_N_SCOPES; sc++)
			res->attr_total[sc] += w->attr_total[sc];
		res->attr_joint_events += w->attr_joint;
		res->attr_fallback_events += w->attr_fallback;
	}
	/* the Shapley shares as breaches, for the writers */
	double *as[MC_N_SCOPES] = {res->src_svc_breaches, res->src_inst_breaches,
	                           res->src_systemic};
	for (int sc = 0; sc < MC_N_SCOPES; sc++)
		for (size_t j = 0; j < res->n_sources; j++)
			as[sc][j] = (double)res->attr_shapley[sc][j] / MC_SHAPLEY_UNIT;
}

/* ---- MPI ranks (base/par.h) --------------------------------------------- */

/* Rank 0 receives from peer what the other ranks send to it. */
static void move(int peer, void *buf, size_t bytes)
{
	if (par_rank() == 0)
		par_recv(peer, buf, bytes);
	else
		par_send(peer, buf, bytes);
}

/* Per-trial arrays of trials [lo, hi): sent by a rank, received by rank 0. */
static void trials_move(struct mc_result *res, uint64_t lo, uint64_t hi, int peer)
{
	if (hi <= lo)
		return;
	size_t n = hi - lo;
	move(peer, res->t_events + lo, n * sizeof *res->t_events);
	move(peer, res->t_inst + lo, n * sizeof *res->t_inst);
	move(peer, res->t_svc + lo, n * sizeof *res->t_svc);
	move(peer, res->t_assets + lo, n * sizeof *res->t_assets);
	move(peer, res->t_systemic + lo, n * sizeof *res->t_systemic);
	move(peer, res->t_threshold + lo, n * sizeof *res->t_threshold);
	if (res->t_inst_bits) {
		move(peer, res->t_inst_bits + lo * res->inst_stride, n * res->inst_stride);
		move(peer, res->t_svc_bits + lo * res->svc_stride, n * res->svc_stride);
	}
}

/*
 * Trials [first, last) on every rank of an MPI job: rank r runs its share
 * of the blocks (par_range: contiguous, rank 0 first), keeping each
 * block's floating-point sums apart; rank 0 adds the blocks of ranks 1, 2,
 * ... after its own, one by one, which is block order, the order of
 * run_trials in one process, and stores their per-trial figures at their
 * trial index.  On one process, run_trials.
 */
static void run_round(struct ctx *c, struct worker **workers, int threads, uint64_t first,
                      uint64_t last, const struct mc_options *opt)
{
	const int size = par_size(), rank = par_rank();
	if (size == 1) {
		run_trials(c, workers, threads, first, last, opt);
		return;
	}
	struct mc_result *res = c->res;
	const uint64_t nb = (last - first + MC_BLOCK - 1) / MC_BLOCK;
	const size_t stride = c->ns + res->n_sources + (size_t)res->n_track * res->n_sources;
	uint64_t b0, b1;
#define TRIAL_AT(b) (first + (b) * MC_BLOCK < last ? first + (b) * MC_BLOCK : last)
	par_range(nb, rank, &b0, &b1);
	if (rank != 0) {
		c->keep = xcalloc((size_t)(b1 - b0) * stride + 1, sizeof *c->keep);
		c->keep_stride = stride;
		if (b1 > b0)
			run_trials(c, workers, threads, TRIAL_AT(b0), TRIAL_AT(b1), NULL);
		for (uint64_t b = b0; b < b1; b++)
			par_send(0, c->keep + (size_t)(b - b0) * stride, stride * sizeof *c->keep);
		trials_move(res, TRIAL_AT(b0), TRIAL_AT(b1), 0);
		free(c->keep);
		c->keep = NULL;
		return;
	}
	if (b1 > b0)
		run_trials(c, workers, threads, TRIAL_AT(b0), TRIAL_AT(b1), opt);
	double *buf = xcalloc(stride + 1, sizeof *buf);
	for (int r = 1; r < size; r++) {
		par_range(nb, r, &b0, &b1);
		for (uint64_t b = b0; b < b1; b++) {
			par_recv(r, buf, stride * sizeof *buf);
			const double *ev = buf + c->ns, *tr = ev + res->n_sources;
			for (uint32_t s = 0; s < c->ns; s++)
				res->svc_down_sum[s] += buf[s];
			for (size_t k = 0; k < res->n_sources; k++)
				res->src_events[k] += ev[k];
			for (size_t k = 0; k < (size_t)res->n_track * res->n_sources; k++)
				res->track_src[k] += tr[k];
			if (opt && opt->progress)
				opt->progress(opt->progress_arg, TRIAL_AT(b + 1));
		}
		trials_move(res, TRIAL_AT(b0), TRIAL_AT(b1), r);
	}
#undef TRIAL_AT
	free(buf);
}

/* The precision check of rank 0, which holds every trial, on every rank. */
static void share_precision(struct mc_result *res)
{
	if (par_size() == 1)
		return;
	struct {
		int target, met;
		double est, half;
	} p = { (int)res->target_used, res->precision_met, res->target_estimate,
		res->target_half_width };
	par_bcast(&p, sizeof p, 0);
	res->target_used = (enum mc_target)p.target;
	res->precision_met = p.met;
	res->target_estimate = p.est;
	res->target_half_width = p.half;
}

/*
 * The exact counts of every rank summed into rank 0's result (in any
 * order: integers), histograms included, and the Shapley shares computed
 * again from the sums.
 */
static void merge_ranks(const struct ctx *c)
{
	struct mc_result *res = c->res;
	const size_t nsrc = res->n_sources;
	if (par_size() == 1)
		return;
	par_reduce_sum_u64(res->svc_affected, c->ns);
	par_reduce_sum_u64(res->svc_breach_trials, c->ns);
	par_reduce_sum_u64(res->svc_breaches, c->ns);
	par_reduce_sum_u64(res->inst_breach_trials, c->ni);
	par_reduce_sum_u64(res->inst_svc_breached, c->ni);
	par_reduce_sum_u64(res->track_events, res->n_track);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		par_reduce_sum_u64(res->attr_alone[sc], nsrc);
		par_reduce_sum_u64(res->attr_necessary[sc], nsrc);
		par_reduce_sum_u64(res->attr_shapley[sc], nsrc);
	}
	uint64_t tot[MC_N_SCOPES + 2];
	for (int sc = 0; sc < MC_N_SCOPES; sc++)
		tot[sc] = res->attr_total[sc];
	tot[MC_N_SCOPES] = res->attr_joint_events;
	tot[MC_N_SCOPES + 1] = res->attr_fallback_events;
	par_reduce_sum_u64(tot, MC_N_SCOPES + 2);
	for (int sc = 0; sc < MC_N_SCOPES; sc++)
		res->attr_total[sc] = tot[sc];
	res->attr_joint_events = tot[MC_N_SCOPES];
	res->attr_fallback_events = tot[MC_N_SCOPES + 1];

	/* histograms: rows (service, lo, len, counts...) of the rows in use */
	if (par_rank() != 0) {
		uint64_t n = 0;
		for (uint32_t s = 0; s < c->ns; s++)
			n += res->svc_hist[s].len ? 3 + (uint64_t)res->svc_hist[s].len : 0;
		uint32_t *pack = xcalloc((size_t)n + 1, sizeof *pack), *q = pack;
		for (uint32_t s = 0; s < c->ns; s++) {
			const struct mc_hist_row *h = &res->svc_hist[s];
			if (!h->len)
				continue;
			*q++ = s;
			*q++ = h->lo;
			*q++ = h->len;
			memcpy(q, h->count, (size_t)h->len * sizeof *q);
			q += h->len;
		}
		par_send(0, &n, sizeof n);
		par_send(0, pack, (size_t)n * sizeof *pack);
		free(pack);
	} else {
		for (int r = 1; r < par_size(); r++) {
			uint64_t n;
			par_recv(r, &n, sizeof n);
			uint32_t *pack = xcalloc((size_t)n + 1, sizeof *pack);
			par_recv(r, pack, (size_t)n * sizeof *pack);
			for (uint64_t x = 0; x < n; x += 3 + (uint64_t)pack[x + 2]) {
				const uint32_t s = pack[x], lo = pack[x + 1], len = pack[x + 2];
				for (uint32_t i = 0; i < len; i++)
					if (pack[x + 3 + i])
						hist_row_add(&res->svc_hist[s], lo + i, res->n_bins,
						             pack[x + 3 + i]);
			}
			free(pack);
		}
	}
	double *as[MC_N_SCOPES] = {res->src_svc_breaches, res->src_inst_breaches,
	                           res->src_systemic};
	for (int sc = 0; sc < MC_N_SCOPES; sc++)
		for (size_t j = 0; j < nsrc; j++)
			as[sc][j] = (double)res->attr_shapley[sc][j] / MC_SHAPLEY_UNIT;
}

int mc_trial_events(const struct model *m, const struct mc_source *sources,
                    size_t n_sources, uint64_t trial, mc_event_fn fn, void *arg)
{
	/* The draws of stress_trial and annual_trial, in their order. */
	struct worker w = { 0 };
	uint32_t *root_src = NULL;
	size_t cap_src = 0;
	w.rng = gsl_rng_alloc(rng_splitmix64);
	if (!w.rng)
		return -1;
#define MARK_SRC(k, from) do { \
		ALLOC_GROW(root_src, w.n_roots + 1, cap_src); \
		for (size_t r_ = (from); r_ < w.n_roots; r_++) \
			root_src[r_] = (uint32_t)(k); \
	} while (0)
	for (size_t k = 0; k < n_sources; k++) {
		const struct mc_source *src = &sources[k];
		uint64_t key = rng_key(m->seed, trial, src->stream);
		double u = rng_key_uniform(key);
		if (m->mode != MODE_ANNUAL) {
			if (u >= src->rate)
				continue;
			gsl_rng_set(w.rng, key);
			size_t before = w.n_roots;
			source_roots(&w, m, src);
			MARK_SRC(k, before);
			continue;
		}
		if (u < exp(-src->rate))
			continue;
		unsigned int n = rng_poisson_inv(u, src->rate);
		if (n == 0)
			continue;
		gsl_rng_set(w.rng, key);
		for (unsigned int j = 0; j < n; j++) {
			source_roots(&w, m, src);
			if (w.n_roots == 0)
				continue;
			MARK_SRC(k, 0);
			fn(arg, w.roots, w.dur, root_src, w.n_roots);
			w.n_roots = 0;
		}
	}
#undef MARK_SRC
	if (m->mode != MODE_ANNUAL)
		fn(arg, w.roots, w.dur, root_src, w.n_roots);
	gsl_rng_free(w.rng);
	free(w.roots);
	free(w.dur);
	free(root_src);
	return 0;
}

const char *mc_target_name(enum mc_target t)
{
	static const char *const names[] = { "auto", "p_systemic", "institutions_breached",
		"assets_share_breached", "services_breached" };
	return names[t];
}

int mc_target_parse(const char *s, enum mc_target *out)
{
	for (int t = MC_TARGET_AUTO; t <= MC_TARGET_SERVICES; t++)
		if (strcmp(s, mc_target_name((enum mc_target)t)) == 0) {
			*out = (enum mc_target)t;
			return 0;
		}
	return -1;
}

/*
 * The target's estimate and the half-width of its 95 % interval after n
 * trials: Wilson for p_systemic, mean +/- Z975 sd / sqrt(n) for the sector
 * means (sd with n - 1).  'auto' is p_systemic once a systemic trial has
 * been seen, else institutions_breached.
 */
static void target_precision(const struct mc_result *res, uint64_t n, enum mc_target t,
                             enum mc_target *used, double *est, double *half)
{
	uint64_t nsys = 0;
	for (uint64_t i = 0; i < n; i++)
		nsys += res->t_systemic[i];
	if (t == MC_TARGET_AUTO)
		t = nsys > 0 ? MC_TARGET_P_SYSTEMIC : MC_TARGET_INSTITUTIONS;
	*used = t;
	if (t == MC_TARGET_P_SYSTEMIC) {
		double lo, hi;
		stats_wilson(nsys, n, &lo, &hi);
		*est = (double)nsys / (double)n;
		*half = (hi - lo) / 2;
		return;
	}
	/* Welford's running mean and variance, in trial order. */
	double mean = 0, m2 = 0;
	for (uint64_t i = 0; i < n; i++) {
		double x = t == MC_TARGET_INSTITUTIONS ? res->t_inst[i]
		         : t == MC_TARGET_ASSETS ? res->t_assets[i]
		                                : res->t_svc[i];
		double dlt = x - mean;
		mean += dlt / (double)(i + 1);
		m2 += dlt * (x - mean);
	}
	double sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0;
	*est = mean;
	*half = Z975 * sd / sqrt((double)n);
}

int mc_run(const struct model *m, const struct dataset *ds, const struct engine *e,
           const struct mc_options *opt, struct mc_result *res, char *err, size_t errsz)
{
	memset(res, 0, sizeof *res);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint64_t round = m->trials, lim = limit_get(LIMIT_TRIALS);
	if (round == 0 || round > lim) {
		snprintf(err, errsz, "trials must be between 1 and %" PRIu64
		         " (--limit trials=N)", lim);
		return -1;
	}
	/*
	 * Per-trial results are kept for exact percentiles: refuse a run whose
	 * arrays would pass the memory limit before allocating anything.  The
	 * default ceiling of a precision run (100 rounds) is lowered to fit.
	 */
	/* per-trial breach marks (record_breaches): a bit per institution
	 * and per service, each trial in whole bytes */
	uint64_t per_trial = MC_TRIAL_BYTES;
	if (opt && opt->record_breaches && opt->precision <= 0)
		per_trial += ((uint64_t)ds->n_kind[NODE_INSTITUTION] + 7) / 8 +
		             ((uint64_t)ds->n_kind[NODE_SERVICE] + 7) / 8;
	uint64_t mem = limit_get(LIMIT_MEMORY), fit = mem / per_trial;
	uint64_t max_trials = round;
	if (opt && opt->precision > 0) {
		if (opt->max_trials) {
			max_trials = opt->max_trials;
		} else {
			max_trials = round <= UINT64_MAX / 100 ? 100 * round : UINT64_MAX;
			if (max_trials > lim)
				max_trials = lim;
			if (max_trials > fit)
				max_trials = fit / round * round;
		}
	}
	if (max_trials < round)
		max_trials = round;
	if (max_trials > lim)
		max_trials = lim;
	if (max_trials > fit) {
		char need[32], have[32];
		fmt_bytes(need, sizeof need, (double)max_trials * (double)per_trial);
		fmt_bytes(have, sizeof have, (double)mem);
		if (strcmp(need, have) == 0) { /* equal once rounded: exact bytes */
			snprintf(need, sizeof need, "%" PRIu64 " bytes", max_trials * per_trial);
			snprintf(have, sizeof have, "%" PRIu64 " bytes", mem);
		}
		snprintf(err, errsz, "%" PRIu64 " trials keep %s of per-trial results "
		         "(%" PRIu64 " bytes a trial); the limit is %s: run fewer trials or "
		         "raise it with --limit memory=SIZE", max_trials, need, per_trial, have);
		return -1;
	}
	/* MPI: no rank starts splitting the trials while another has failed
	 * (one that failed above goes on to par_finish: base/par.h) */
	if (par_agree(CP_EXIT_OK) != 0) {
		snprintf(err, errsz, "another MPI rank failed");
		return -1;
	}
	int threads = opt && opt->threads > 0 ? opt->threads : 1;

	res->mode = m->mode;
	res->systemic_share = m->systemic_assets_share;
	res->systemic_min_inst = m->systemic_min_institutions;
	struct ctx c = { .m = m, .ds = ds, .e = e, .res = res,
		.s0 = ds->first_kind[NODE_SERVICE], .ns = ds->n_kind[NODE_SERVICE],
		.ni = ds->n_kind[NODE_INSTITUTION] };
	res->n_services = c.ns;
	res->n_institutions = c.ni;
	res->n_bins = (uint32_t)ceil(log(HIST_MAX / HIST_MIN) / log(HIST_RATIO)) + 2;
	/* 816 bins; end_trial's buffer keeps a bin in 16 bits below HB_NONE.
	 * (Checked here: a floating-point _Static_assert is a GNU extension
	 * that clang refuses.) */
	if (res->n_bins >= HB_NONE) {
		snprintf(err, errsz, "%u histogram bins do not fit the 16-bit bin buffer",
		         res->n_bins);
		return -1;
	}
	make_sources_ref(m, ds, opt ? opt->stream_ref : NULL, res);
	size_t nsrc = res->n_sources ? res->n_sources : 1;

	res->svc_affected = xcalloc(c.ns + 1, sizeof(uint64_t));
	res->svc_breach_trials = xcalloc(c.ns + 1, sizeof(uint64_t));
	res->svc_breaches = xcalloc(c.ns + 1, sizeof(uint64_t));
	res->svc_down_sum = xcalloc(c.ns + 1, sizeof(double));
	res->inst_breach_trials = xcalloc(c.ni + 1, sizeof(uint64_t));
	res->inst_svc_breached = xcalloc(c.ni + 1, sizeof(uint64_t));
	for (int k = 0; k < 4; k++)
		(&res->src_events)[k] = xcalloc(nsrc, sizeof(double));
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		res->attr_alone[sc] = xcalloc(nsrc, sizeof(uint64_t));
		res->attr_necessary[sc] = xcalloc(nsrc, sizeof(uint64_t));
		res->attr_shapley[sc] = xcalloc(nsrc, sizeof(uint64_t));
	}
	res->threads = threads;
	res->ranks = par_size();
	uint32_t *track_pos = NULL;
	if (opt && opt->n_track) {
		res->n_track = opt->n_track;
		res->track = xcalloc(opt->n_track, sizeof *res->track);
		memcpy(res->track, opt->track, opt->n_track * sizeof *res->track);
		res->track_events = xcalloc(opt->n_track, sizeof(uint64_t));
		res->track_src = xcalloc((size_t)opt->n_track * nsrc, sizeof(double));
		track_pos = xreallocarray(NULL, (size_t)ds->n_nodes + 1, sizeof *track_pos);
		for (uint32_t v = 0; v <= ds->n_nodes; v++)
			track_pos[v] = UINT32_MAX;
		for (uint32_t t = 0; t < opt->n_track; t++)
			track_pos[opt->track[t]] = t;
	}
	c.track_pos = track_pos;
	if (opt && opt->record_breaches && opt->precision <= 0) {
		res->inst_stride = ((size_t)c.ni + 7) / 8;
		res->svc_stride = ((size_t)c.ns + 7) / 8;
		res->t_inst_bits = xcalloc(round * res->inst_stride + 1, 1);
		res->t_svc_bits = xcalloc(round * res->svc_stride + 1, 1);
	}

	double *svc_tol = xcalloc(c.ns + 1, sizeof *svc_tol);
	uint32_t *svc_inst = xcalloc(c.ns + 1, sizeof *svc_inst);
	for (uint32_t s = 0; s < c.ns; s++) {
		const struct node *sv = &ds->nodes[c.s0 + s];
		svc_tol[s] = e->tolerance[c.s0 + s];
		svc_inst[s] = sv->institution;
	}
	double *src_p0 = xcalloc(nsrc, sizeof *src_p0);
	uint64_t *src_stream = xcalloc(nsrc, sizeof *src_stream);
	for (size_t k = 0; k < res->n_sources; k++) {
		src_p0[k] = exp(-res->sources[k].rate);
		src_stream[k] = res->sources[k].stream;
	}
	c.svc_tol = svc_tol;
	c.svc_inst = svc_inst;
	c.src_p0 = src_p0;
	c.src_stream = src_stream;
	bin_table_init(&c.bins, res->n_bins);
	struct effect **effect = effects_new(&c, threads, &c.n_pcnt);
	c.effect = effect;

	struct worker **workers = xcalloc((size_t)threads, sizeof *workers);
	/*
	 * Rounds of 'trials' trials.  Without a precision target there is one
	 * round.  With one, the target is checked only at round ends, which
	 * depend on the trial count alone, so the stopping point (and every
	 * output) is the same for any number of threads.
	 */
	uint64_t done = 0;
	for (;;) {
		uint64_t next = done + round <= max_trials ? done + round : max_trials;
		grow_trials(res, done, next);
		run_round(&c, workers, threads, done, next, opt);
		done = next;
		res->trials = done;
		if (!opt || opt->precision <= 0)
			break;
		double est, half;
		target_precision(res, done, opt->target, &res->target_used, &est, &half);
		res->target_estimate = est;
		res->target_half_width = half;
		res->precision_met = est > 0 && half <= opt->precision * est;
		res->precision_checked = 1;
		share_precision(res); /* rank 0's, which has every trial */
		if (res->precision_met || done >= max_trials)
			break;
	}
	merge_workers(&c, workers, threads);
	if (!res->svc_hist)
		res->svc_hist = xcalloc(c.ns + 1, sizeof *res->svc_hist);
	merge_ranks(&c);
	for (int k = 0; k < threads; k++)
		if (workers[k])
			worker_free(workers[k], c.ns);
	free(workers);
	effects_free(effect, ds->n_nodes);
	bin_table_free(&c.bins);
	free(svc_tol);
	free(svc_inst);
	free(src_p0);
	free(src_stream);
	free(track_pos);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->wall_seconds = (double)(t1.tv_sec - t0.tv_sec) +
	                    1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
	return 0;
}

void mc_result_free(struct mc_result *res)
{
	if (!res)
		return;
	for (size_t k = 0; k < res->n_sources; k++)
		free(res->sources[k].name);
	free(res->sources);
	free(res->svc_affected);
	free(res->svc_breach_trials);
	free(res->svc_breaches);
	free(res->svc_down_sum);
	hist_rows_free(res->svc_hist, res->n_services);
	free(res->inst_breach_trials);
	free(res->inst_svc_breached);
	free(res->t_events);
	free(res->t_inst);
	free(res->t_svc);
	free(res->t_assets);
	free(res->t_systemic);
	free(res->t_threshold);
	free(res->t_inst_bits);
	free(res->t_svc_bits);
	for (int k = 0; k < 4; k++)
		free((&res->src_events)[k]);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		free(res->attr_alone[sc]);
		free(res->attr_necessary[sc]);
		free(res->attr_shapley[sc]);
	}
	free(res->track);
	free(res->track_events);
	free(res->track_src);
	memset(res, 0, sizeof *res);
}
