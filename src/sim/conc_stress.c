/*
 * conc_stress.c - the greedy reverse stress test (reverse_stress.csv).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/par.h"
#include "sim/conc_internal.h"

/*
 * Reverse stress test, greedy: starting from no provider, add at each
 * step the provider whose addition to the joint unlimited outage raises
 * the breached asset share the most (ties: more institutions, more
 * services, earlier provider), until the share reaches the target or no
 * provider raises it.  Finding the smallest such set is a set-cover
 * problem (NP-hard); greedy is the usual approximation, and with k-of-n
 * groups it can stall where only a pair would help (see cutsets.csv).
 *
 * By the definition each step propagates the picked set S afresh with
 * every candidate c and tallies the breach in the order of s->touched.
 * The figures below are those, to the last bit, at a fraction of the
 * cost:
 *
 *   - S's joint outage is kept in the scratch (the base), and c is
 *     propagated on top of it and undone (conc_undo_second), as the cut-set
 *     search does with a pair;
 *   - c can only change the services it exposes, X_c (a path to c);
 *     with B the services S breaches and I(B) their institutions,
 *
 *       assets(S + c) <= assets(S) + g_c,
 *       g_c = sum of the assets of the institutions of X_c not in I(B),
 *
 *     and g_c only falls as S grows, so the candidates are visited by
 *     their last g_c, largest first (a lazy greedy), and a candidate
 *     whose bound is below the best found so far is not propagated;
 *   - a candidate that opens nothing (every service of X_c is already
 *     breached or comes after a breached service of its institution)
 *     leaves the institutions and their order as they are: its assets
 *     are exactly S's, it cannot raise the share, and is skipped.
 *
 * The order of the sum.  Off every cycle a fresh propagation lists the
 * services in (rank, node) order (joint_tally), so S + c counts the
 * institutions in the order of their first breached service in it: the
 * institutions of B in that order with prefix sums of their assets
 * (rs_base), into which the institutions c adds or moves forward are
 * merged, summing on from the prefix before the first of them.  When B
 * or X_c holds a service on a cycle, whose order depends on the
 * propagation, the candidate is propagated afresh with S and tallied as
 * the definition says; the bound and the skip hold there too (X_c
 * without a service on a cycle leaves the order of the others alone).
 */

/*
 * Relative slack of the bound test.  A sum of m <= 2^32 non-negative
 * doubles, in any order, is within a factor 1 +- m 2^-53 (< 2^-21) of
 * its exact value: the computed assets of S + c and the computed bound
 * (S's sum plus g_c) may each be off by that much, so the bound proves
 * "fewer assets" only when it falls short by more; 1e-5 > 4 * 2^-21.
 */
#define RS_SLACK 1e-5

struct rs_cand {
	double g;   /* bound on the assets the candidate adds (last computed) */
	uint32_t i; /* provider index */
};

struct rs_work {
	uint32_t *xoff, *xpos; /* X_c as CSR: positions in (rank, node) order,
	                        * ascending */
	uint8_t *xcyc;         /* [n_prov] X_c holds a service on a cycle */
	double *base_down;     /* [n_nodes] S's joint outage */
	uint32_t *stack;       /* [n_nodes] the undo walk */
	uint32_t *fp;          /* [n_nodes] by institution: position of its first
	                        * service in B, NONE32 when none */
	uint32_t *newfp;       /* [n_nodes] the same for S + c where it moves,
	                        * else NONE32 */
	uint32_t *seq;         /* I(B) by fp */
	double *pre;           /* [m + 1] pre[k] = the sum of the first k */
	uint32_t m;
	int base_cyc;          /* B holds a service on a cycle */
	uint32_t *chg;         /* institutions c adds or moves, by new fp */
	struct conc_outcome base; /* S's breach */
	struct engine_scratch *fresh;
	uint32_t *roots;       /* S in the order picked, then the candidate */
	struct rs_cand *heap;  /* candidates by g, largest first */
	uint32_t n_heap;
};

static int rs_above(const struct rs_cand *a, const struct rs_cand *b)
{
	return a->g > b->g || (a->g == b->g && a->i < b->i);
}

static void rs_heap_push(struct rs_work *rw, struct rs_cand c)
{
	uint32_t k = rw->n_heap++;
	while (k > 0 && rs_above(&c, &rw->heap[(k - 1) / 2])) {
		rw->heap[k] = rw->heap[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	rw->heap[k] = c;
}

static struct rs_cand rs_heap_pop(struct rs_work *rw)
{
	struct rs_cand top = rw->heap[0], last = rw->heap[--rw->n_heap];
	uint32_t k = 0, n = rw->n_heap;
	for (;;) {
		uint32_t c = 2 * k + 1;
		if (c >= n)
			break;
		if (c + 1 < n && rs_above(&rw->heap[c + 1], &rw->heap[c]))
			c++;
		if (!rs_above(&rw->heap[c], &last))
			break;
		rw->heap[k] = rw->heap[c];
		k = c;
	}
	if (n > 0)
		rw->heap[k] = last;
	return top;
}

/* X_c of every provider, by a reverse search from it (conc_reach_bfs). */
static void rs_exposure(struct work *w, const struct conc_result *r,
                        const struct cand_lists *C, struct rs_work *rw)
{
	const struct engine *e = w->e;
	const uint32_t n = e->n_nodes;
	uint32_t *seen = xcalloc((size_t)n + 1, sizeof *seen);
	uint32_t *dist = xreallocarray(NULL, (size_t)n + 1, sizeof *dist);
	uint32_t *queue = xreallocarray(NULL, (size_t)n + 1, sizeof *queue);
	size_t cap = 1024, nx = 0;
	rw->xoff = xcalloc((size_t)r->n_prov + 1, sizeof *rw->xoff);
	rw->xpos = xreallocarray(NULL, cap, sizeof *rw->xpos);
	rw->xcyc = xcalloc((size_t)r->n_prov + 1, 1);
	for (uint32_t i = 0; i < r->n_prov; i++) {
		uint32_t nq;
		conc_reach_bfs(e, r->prov[i].node, seen, i + 1, dist, queue, &nq);
		for (uint32_t k = 0; k < nq; k++) {
			uint32_t v = queue[k];
			if (!e->is_service[v])
				continue;
			ALLOC_GROW(rw->xpos, nx + 1, cap);
			rw->xpos[nx++] = C->pos_of[v - w->s0];
			rw->xcyc[i] |= e->cyclic[v];
		}
		rw->xoff[i + 1] = (uint32_t)nx;
		qsort(rw->xpos + rw->xoff[i], nx - rw->xoff[i], sizeof *rw->xpos,
		      conc_cmp_u32);
	}
	free(seen);
	free(dist);
	free(queue);
}

/* fp, seq and pre of the breach in base_down, S's (outcome 'base'). */
static void rs_base(struct work *w, const struct cand_lists *C, struct rs_work *rw)
{
	const struct dataset *ds = w->ds;
	const struct engine *e = w->e;
	for (uint32_t k = 0; k < rw->m; k++)
		rw->fp[rw->seq[k]] = NONE32;
	rw->m = 0;
	rw->base_cyc = 0;
	for (uint32_t x = 0; x < w->n_svc; x++) {
		uint32_t v = w->s0 + C->svc_at[x];
		if (!(rw->base_down[v] > e->tolerance[v]))
			continue;
		rw->base_cyc |= e->cyclic[v];
		uint32_t inst = ds->nodes[v].institution;
		if (rw->fp[inst] != NONE32)
			continue;
		rw->fp[inst] = x;
		rw->pre[rw->m + 1] = rw->pre[rw->m] + ds->nodes[inst].total_assets;
		rw->seq[rw->m++] = inst;
	}
}

/*
 * g_c against the current B (see above), and whether c opens anything: a
 * service of X_c before the first breached service of its institution
 * (so not breached itself), which may add the institution or move it.
 */
static double rs_bound(struct work *w, const struct rs_work *rw, uint32_t c,
                       const struct cand_lists *C, int *opens)
{
	const struct dataset *ds = w->ds;
	uint32_t ep = conc_next_epoch(w);
	double g = 0;
	*opens = 0;
	for (uint32_t y = rw->xoff[c]; y < rw->xoff[c + 1]; y++) {
		uint32_t x = rw->xpos[y];
		uint32_t inst = ds->nodes[w->s0 + C->svc_at[x]].institution;
		if (x < rw->fp[inst])
			*opens = 1;
		if (rw->fp[inst] == NONE32 && w->inst_stamp[inst] != ep) {
			w->inst_stamp[inst] = ep;
			g += ds->nodes[inst].total_assets;
		}
	}
	return g;
}

/*
 * The breach of S + c, off every cycle: c on top of the base, the
 * services of X_c it newly breaches, and the institutions they add or
 * move forward merged into I(B) by position, summed on from the prefix
 * before the first change.  Restores the base.
 */
static void rs_on_base(struct work *w, const struct cand_lists *C, struct rs_work *rw,
                       uint32_t c, uint32_t node, struct conc_outcome *o)
{
	const struct dataset *ds = w->ds;
	const struct engine *e = w->e;
	struct engine_scratch *s = w->s;
	const double unlimited = INFINITY;
	const uint32_t n_base = s->n_touched;
	engine_propagate(e, s, &node, &unlimited, 1);
	*o = rw->base;
	uint32_t nc = 0;
	for (uint32_t y = rw->xoff[c]; y < rw->xoff[c + 1]; y++) {
		uint32_t x = rw->xpos[y];
		uint32_t v = w->s0 + C->svc_at[x];
		if (!(s->down[v] > e->tolerance[v]) || rw->base_down[v] > e->tolerance[v])
			continue;
		o->services++;
		uint32_t inst = ds->nodes[v].institution;
		if (x > rw->fp[inst] || rw->newfp[inst] != NONE32)
			continue; /* not its first breached service */
		rw->newfp[inst] = x;
		rw->chg[nc++] = inst;
		if (rw->fp[inst] == NONE32) {
			o->institutions++;
			o->systemic += ds->nodes[inst].systemic ? 1u : 0u;
		}
	}
	conc_undo_second(w, rw->base_down, rw->stack, node, n_base);
	if (nc == 0)
		return; /* the same institutions in the same order */
	/* the institutions of B before the first change keep their prefix */
	uint32_t x0 = rw->newfp[rw->chg[0]], lo = 0, hi = rw->m;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (rw->fp[rw->seq[mid]] < x0)
			lo = mid + 1;
		else
			hi = mid;
	}
	double sum = rw->pre[lo];
	for (uint32_t a = lo, b = 0; a < rw->m || b < nc;) {
		if (a < rw->m && rw->newfp[rw->seq[a]] != NONE32) {
			a++; /* moved forward: counted with the changes */
			continue;
		}
		uint32_t inst;
		if (b == nc || (a < rw->m && rw->fp[rw->seq[a]] < rw->newfp[rw->chg[b]]))
			inst = rw->seq[a++];
		else
			inst = rw->chg[b++];
		sum += ds->nodes[inst].total_assets;
	}
	for (uint32_t b = 0; b < nc; b++)
		rw->newfp[rw->chg[b]] = NONE32;
	o->assets = sum;
	conc_outcome_finish(ds, o);
}

/* The breach of S + c by the definition: all roots afresh, tally. */
static void rs_fresh(struct work *w, struct rs_work *rw, size_t n, uint32_t node,
                     struct conc_outcome *o)
{
	struct engine_scratch *keep = w->s;
	w->s = rw->fresh;
	rw->roots[n] = node;
	conc_propagate(w, rw->roots, n + 1, INFINITY);
	conc_tally(w, TALLY_BREACHED, NULL, INFINITY, o);
	engine_scratch_reset(w->s);
	w->s = keep;
}

/* Does o (provider i) come before the best so far, bo (provider best)? */
static int rs_better(const struct conc_outcome *o, uint32_t i,
                     const struct conc_outcome *bo, uint32_t best)
{
	if (best == NONE32 || o->assets != bo->assets)
		return best == NONE32 || o->assets > bo->assets;
	if (o->institutions != bo->institutions)
		return o->institutions > bo->institutions;
	if (o->services != bo->services)
		return o->services > bo->services;
	return i < best;
}

/* Is a candidate with bound g sure to have fewer assets than the best? */
static int rs_below(const struct rs_work *rw, double g, const struct conc_outcome *bo,
                    uint32_t best)
{
	return best != NONE32 && (rw->base.assets + g) * (1 + RS_SLACK) < bo->assets;
}

/*
 * MPI (base/par.h): the candidates are dealt to the ranks in turn, each
 * rank keeps the lazy heap of its own, and every step takes the best of
 * the ranks' bests by rs_better, a total order: the provider one process
 * picks, with the figures it computes (the same propagation and tally on
 * whichever rank evaluates it).  A rank's pruning by its own best is
 * safe: its best is never above the step's.
 */
static void rs_agree(uint32_t *best, struct conc_outcome *bo)
{
	if (par_size() == 1)
		return;
	struct rs_pick {
		struct conc_outcome o;
		uint32_t i;
	} mine, *all;
	memset(&mine, 0, sizeof mine); /* padding too: the bytes are sent */
	mine.o = *bo;
	mine.i = *best;
	size_t bytes;
	par_allgather(&mine, sizeof mine, (void **)&all, &bytes, NULL);
	for (int k = 0; k < par_size(); k++)
		if (all[k].i != NONE32 && rs_better(&all[k].o, all[k].i, bo, *best)) {
			*best = all[k].i;
			*bo = all[k].o;
		}
	free(all);
}

void conc_reverse_stress(struct work *w, struct conc_result *r,
                         const struct cand_lists *C, double target)
{
	const struct engine *e = w->e;
	const uint32_t n_nodes = e->n_nodes, np = r->n_prov;
	const double unlimited = INFINITY;
	r->rs_run = 1;
	r->rs_target = target;
	r->rs = xcalloc((size_t)np + 1, sizeof *r->rs);

	struct rs_work rw = {0};
	rs_exposure(w, r, C, &rw);
	rw.base_down = xcalloc((size_t)n_nodes + 1, sizeof *rw.base_down);
	rw.stack = xreallocarray(NULL, (size_t)n_nodes + 1, sizeof *rw.stack);
	rw.fp = xreallocarray(NULL, (size_t)n_nodes + 1, sizeof *rw.fp);
	rw.newfp = xreallocarray(NULL, (size_t)n_nodes + 1, sizeof *rw.newfp);
	for (uint32_t v = 0; v < n_nodes; v++)
		rw.fp[v] = rw.newfp[v] = NONE32;
	rw.seq = xreallocarray(NULL, (size_t)w->n_svc + 1, sizeof *rw.seq);
	rw.pre = xcalloc((size_t)w->n_svc + 2, sizeof *rw.pre);
	rw.chg = xreallocarray(NULL, (size_t)w->n_svc + 1, sizeof *rw.chg);
	rw.fresh = engine_scratch_new(e);
	rw.roots = xcalloc((size_t)np + 1, sizeof *rw.roots);
	rw.heap = xreallocarray(NULL, (size_t)np + 1, sizeof *rw.heap);
	struct rs_cand *aside = xreallocarray(NULL, (size_t)np + 1, sizeof *aside);
	for (uint32_t i = 0; i < np; i++) {
		int opens;
		if (i % (uint32_t)par_size() != (uint32_t)par_rank())
			continue; /* MPI: another rank's candidate (rs_agree) */
		rs_heap_push(&rw, (struct rs_cand){rs_bound(w, &rw, i, C, &opens), i});
	}

	size_t n = 0;
	double share = 0;
	while (share < target && n < np) {
		uint32_t best = NONE32, n_aside = 0;
		struct conc_outcome bo = {0};
		while (rw.n_heap > 0) {
			/* no candidate left can reach the best: stop */
			if (rs_below(&rw, rw.heap[0].g, &bo, best))
				break;
			struct rs_cand c = rs_heap_pop(&rw);
			int opens;
			c.g = rs_bound(w, &rw, c.i, C, &opens);
			aside[n_aside++] = c;
			if (rs_below(&rw, c.g, &bo, best))
				continue;
			if (!opens && !rw.xcyc[c.i])
				continue;
			struct conc_outcome o;
			if (rw.base_cyc || rw.xcyc[c.i])
				rs_fresh(w, &rw, n, r->prov[c.i].node, &o);
			else
				rs_on_base(w, C, &rw, c.i, r->prov[c.i].node, &o);
			if (rs_better(&o, c.i, &bo, best)) {
				best = c.i;
				bo = o;
			}
		}
		rs_agree(&best, &bo);
		for (uint32_t k = 0; k < n_aside; k++)
			if (aside[k].i != best || !(bo.assets_share > share))
				rs_heap_push(&rw, aside[k]);
		if (best == NONE32 || !(bo.assets_share > share))
			break;
		const uint32_t p = r->prov[best].node;
		rw.roots[n] = p;
		r->rs[n] = (struct conc_rs_step){p, bo.assets_share - share, bo};
		share = bo.assets_share;
		n++;
		/* S + best is the new base */
		engine_propagate(e, w->s, &p, &unlimited, 1);
		for (uint32_t t = 0; t < w->s->n_touched; t++)
			rw.base_down[w->s->touched[t]] = w->s->down[w->s->touched[t]];
		rw.base = bo;
		rs_base(w, C, &rw);
	}
	r->n_rs = n;
	r->rs_reached = share >= target;

	engine_scratch_reset(w->s);
	engine_scratch_free(rw.fresh);
	free(rw.xoff);
	free(rw.xpos);
	free(rw.xcyc);
	free(rw.base_down);
	free(rw.stack);
	free(rw.fp);
	free(rw.newfp);
	free(rw.seq);
	free(rw.pre);
	free(rw.chg);
	free(rw.roots);
	free(rw.heap);
	free(aside);
}
