/*
 * conc_cutsets.c - order-2 minimal cut sets (cutsets.csv): the candidate
 * lists the per-provider pass fills, the search over the provider pairs
 * they leave, and the undo of a second root that the reverse stress test
 * uses too.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/conc_internal.h"

static int cmp_cut(const void *a, const void *b)
{
	const struct conc_cutset *x = a, *y = b;
	if (x->broken.institutions != y->broken.institutions)
		return x->broken.institutions > y->broken.institutions ? -1 : 1;
	if (x->broken.services != y->broken.services)
		return x->broken.services > y->broken.services ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

void conc_cand_push(struct cand_lists *c, uint32_t x)
{
	if (c->n >= c->max) {
		c->over = 1;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		if (c->cap > c->max)
			c->cap = c->max;
		c->pos = xreallocarray(c->pos, c->cap, sizeof *c->pos);
	}
	c->pos[c->n++] = x;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The services in (rank, node) order: c->svc_at and c->pos_of. */
void conc_cand_order(const struct work *w, struct cand_lists *c)
{
	const uint32_t ns = w->n_svc;
	uint64_t *key = xreallocarray(NULL, (size_t)ns + 1, sizeof *key);
	for (uint32_t k = 0; k < ns; k++)
		key[k] = (uint64_t)w->e->rank[w->s0 + k] << 32 | (w->s0 + k);
	qsort(key, ns, sizeof *key, cmp_u64);
	c->svc_at = xreallocarray(NULL, (size_t)ns + 1, sizeof *c->svc_at);
	c->pos_of = xreallocarray(NULL, (size_t)ns + 1, sizeof *c->pos_of);
	for (uint32_t x = 0; x < ns; x++) {
		uint32_t k = (uint32_t)key[x] - w->s0;
		c->svc_at[x] = k;
		c->pos_of[k] = x;
	}
	free(key);
}

void conc_cand_free(struct cand_lists *c)
{
	free(c->off);
	free(c->pos);
	free(c->svc_at);
	free(c->pos_of);
	free(c->size);
}

/* Is x in the ascending list l[0 .. n)? */
static int in_sorted(const uint32_t *l, uint32_t n, uint32_t x)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (l[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && l[lo] == x;
}

/* Working space of the cut-set search. */
struct cut_work {
	uint32_t *poff, *pprov; /* P_s as CSR by position: providers with s in C_p */
	uint64_t *partners;     /* [pw] bit set of the partners of the base */
	uint32_t *mark;         /* [n_svc] by position: == base + 1 when in C_base */
	uint32_t *both;         /* [n_svc] C_base & C_q, ascending */
	double *base_down;      /* [n_nodes] down(v) in the base's lone outage */
	uint32_t *stack;        /* [n_nodes] the undo walk */
	uint64_t *cand;         /* [svc_words] service bit set, for the fallback */
	uint64_t *deferred;     /* pairs i << 32 | j propagated afresh afterwards */
	size_t n_deferred, cap_deferred, cap_cut, cap_hit;
	int full;               /* one pair more than the cutsets limit found */
	int hits;               /* record r->cut_hit */
};

static int cmp_hit(const void *a, const void *b)
{
	const struct conc_cut_hit *x = a, *y = b;
	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

/* Record that the pair of the last cut set breaches service v. */
static void hit_add(struct conc_result *r, struct cut_work *cw, uint32_t v)
{
	const struct conc_cutset *c = &r->cut[r->n_cut - 1];
	ALLOC_GROW(r->cut_hit, r->n_cut_hit + 1, cw->cap_hit);
	r->cut_hit[r->n_cut_hit++] = (struct conc_cut_hit){v, c->a, c->b};
}

/* Record the finding o of pair {p, q} (nodes) if it breaches anything;
 * 1 when it was recorded. */
static int cut_add(struct conc_result *r, struct cut_work *cw, uint32_t p, uint32_t q,
                   const struct conc_outcome *o, uint32_t example)
{
	if (o->services == 0)
		return 0;
	if (r->n_cut >= r->cut_limit) { /* keep the first cut_limit; stop */
		cw->full = 1;
		r->cut_truncated = 1;
		return 0;
	}
	ALLOC_GROW(r->cut, r->n_cut + 1, cw->cap_cut);
	r->cut[r->n_cut++] =
	    (struct conc_cutset){p < q ? p : q, p < q ? q : p, *o, example};
	r->cut_services += o->services;
	return 1;
}

/*
 * The breach of the services both[0 .. nb) (positions, ascending) in the
 * current propagation, counted in that order, and the first of them in
 * service order.  That order is the one in which a fresh propagation of
 * both roots together lists them in s->touched (and so conc_tally counts them,
 * summing the assets in the same order): the worklist pops nodes by
 * (rank, node), the rank of a dependent is never below that of a member,
 * so a node off every cycle (alone in its rank) is popped once, after
 * every node of a lower rank, and first raised then.  Services on a cycle
 * share a rank and break that argument; the caller must not pass them.
 */
static void joint_tally(struct work *w, const struct cand_lists *C, const uint32_t *both,
                        uint32_t nb, struct conc_outcome *out, uint32_t *example)
{
	memset(out, 0, sizeof *out);
	*example = NODE_NONE;
	uint32_t ep = conc_next_epoch(w);
	for (uint32_t y = 0; y < nb; y++) {
		uint32_t v = w->s0 + C->svc_at[both[y]];
		if (!(w->s->down[v] > w->e->tolerance[v]))
			continue;
		conc_outcome_add(w, out, v, ep);
		if (v < *example)
			*example = v;
	}
	conc_outcome_finish(w->ds, out);
}

/*
 * Undo a second root on top of a complete base outage (the base's lone
 * outage here, the picked set's in the reverse stress test): give every
 * node its downtime base_down in the base again.  The nodes the second
 * root raised are those it listed in s->touched after the base's n_base
 * (new) and nodes of the base outage that rose; a node rises only when a
 * member rose (or it is the root), so walking to the dependents of every
 * changed node finds them all, in time proportional to the change.
 * 'stack' has room for every node.
 */
void conc_undo_second(struct work *w, const double *base_down, uint32_t *stack,
                      uint32_t root, uint32_t n_base)
{
	const struct engine *e = w->e;
	struct engine_scratch *s = w->s;
	uint32_t ns = 0;
	for (uint32_t t = n_base; t < s->n_touched; t++)
		stack[ns++] = s->touched[t];
	if (base_down[root] > 0 && s->down[root] != base_down[root]) {
		s->down[root] = base_down[root];
		stack[ns++] = root;
	}
	while (ns > 0) {
		uint32_t u = stack[--ns];
		for (uint32_t i = e->rev_off[u]; i < e->rev_off[u + 1]; i++) {
			uint32_t v = e->grp_node[e->rev_grp[i]];
			if (base_down[v] > 0 && s->down[v] != base_down[v]) {
				s->down[v] = base_down[v];
				stack[ns++] = v;
			}
		}
	}
	for (uint32_t t = n_base; t < s->n_touched; t++) {
		s->down[s->touched[t]] = 0.0;
		s->flag[s->touched[t]] = 0;
	}
	s->n_touched = n_base;
}

/* cw->both = C_i & C_j (ascending), from the shorter list; its length.
 * cw->mark[x] == i + 1 marks C_i. */
static uint32_t cand_both(const struct cand_lists *C, struct cut_work *cw, uint32_t i,
                          uint32_t j)
{
	const uint32_t *ci = C->pos + C->off[i], *cj = C->pos + C->off[j];
	const uint32_t ni = C->off[i + 1] - C->off[i], nj = C->off[j + 1] - C->off[j];
	uint32_t nb = 0;
	if (nj <= ni) {
		for (uint32_t y = 0; y < nj; y++)
			if (cw->mark[cj[y]] == i + 1)
				cw->both[nb++] = cj[y];
	} else {
		for (uint32_t y = 0; y < ni; y++)
			if (in_sorted(cj, nj, ci[y]))
				cw->both[nb++] = ci[y];
	}
	return nb;
}

/*
 * Pair {i, j} on the outage of its base i (in the scratch, n_base nodes):
 * add j, count, undo.  A pair with a candidate on a cycle is deferred.
 */
static void cut_pair_on_base(struct work *w, struct conc_result *r,
                             const struct cand_lists *C, struct cut_work *cw, uint32_t i,
                             uint32_t j, uint32_t n_base)
{
	const double unlimited = INFINITY;
	uint32_t nb = cand_both(C, cw, i, j);
	int cyclic = 0;
	for (uint32_t y = 0; y < nb; y++)
		cyclic |= w->e->cyclic[w->s0 + C->svc_at[cw->both[y]]];
	if (cyclic) {
		ALLOC_GROW(cw->deferred, cw->n_deferred + 1, cw->cap_deferred);
		cw->deferred[cw->n_deferred++] = (uint64_t)i << 32 | j;
		return;
	}
	const uint32_t q = r->prov[j].node;
	engine_propagate(w->e, w->s, &q, &unlimited, 1);
	struct conc_outcome o;
	uint32_t example;
	joint_tally(w, C, cw->both, nb, &o, &example);
	if (cut_add(r, cw, r->prov[i].node, q, &o, example) && cw->hits)
		for (uint32_t y = 0; y < nb; y++) {
			uint32_t v = w->s0 + C->svc_at[cw->both[y]];
			if (w->s->down[v] > w->e->tolerance[v])
				hit_add(r, cw, v);
		}
	conc_undo_second(w, cw->base_down, cw->stack, q, n_base);
}

/*
 * Order-2 minimal cut sets.  {p, q} is one for service s when the joint
 * unlimited outage of p and q breaches s and neither alone does.  Exact
 * pruning, so only pairs that can yield a finding are propagated:
 *   - s must be reachable from both p and q (else the other provider
 *     cannot change s's downtime) and breached by neither alone:
 *     candidates = C_p & C_q, skip the pair when empty;
 *   - when p's outage already keeps q down without limit (q below p, no
 *     failover on the way), the joint outage is p's alone: skip.
 *
 * The pairs with C_p & C_q not empty are found without visiting the
 * others: with the inverted lists P_s = {providers p : s in C_p}, the
 * partners of p are the union over s in C_p of P_s, which costs
 * sum over s of |P_s|^2 instead of n_prov^2 bit set intersections.
 *
 * Each pair is propagated from its base, the provider whose lone outage
 * takes more nodes down (ties: the first): the base is propagated once,
 * and for each partner the second root is added on top of it.  That is
 * the joint outage: every downtime only rises from the base's, which is
 * below the joint least fixed point (the roots of the base are roots of
 * the joint event), so the worklist iteration ends on that fixed point,
 * exactly as from zero.  conc_undo_second then returns to the base outage.
 * A pair whose candidates include a service on a cycle, where the order
 * of joint_tally is not the engine's, is propagated afresh instead.
 */
void conc_find_cutsets(struct work *w, struct conc_result *r,
                       const struct cand_lists *C, const uint64_t *dom, size_t pw,
                       int hits)
{
	const struct engine *e = w->e;
	const uint32_t np = r->n_prov, ns = w->n_svc;
	const double unlimited = INFINITY;
	r->cut_pairs = (uint64_t)np * (np > 0 ? np - 1 : 0) / 2;

	struct cut_work cw = {0};
	cw.hits = hits;
	cw.poff = xcalloc((size_t)ns + 2, sizeof *cw.poff);
	for (size_t x = 0; x < C->off[np]; x++)
		cw.poff[C->pos[x] + 1]++;
	for (uint32_t k = 0; k < ns; k++)
		cw.poff[k + 1] += cw.poff[k];
	cw.pprov = xreallocarray(NULL, (size_t)C->off[np] + 1, sizeof *cw.pprov);
	uint32_t *fill = xreallocarray(NULL, (size_t)ns + 1, sizeof *fill);
	memcpy(fill, cw.poff, (size_t)ns * sizeof *fill);
	for (uint32_t i = 0; i < np; i++)
		for (uint32_t x = C->off[i]; x < C->off[i + 1]; x++)
			cw.pprov[fill[C->pos[x]]++] = i;
	free(fill);
	cw.partners = xcalloc(pw + 1, sizeof *cw.partners);
	cw.mark = xcalloc((size_t)ns + 1, sizeof *cw.mark);
	cw.both = xreallocarray(NULL, (size_t)ns + 1, sizeof *cw.both);
	cw.base_down = xcalloc((size_t)e->n_nodes + 1, sizeof *cw.base_down);
	cw.stack = xreallocarray(NULL, (size_t)e->n_nodes + 1, sizeof *cw.stack);
	cw.cand = xcalloc(w->svc_words + 1, sizeof *cw.cand);

	for (uint32_t i = 0; i < np && !cw.full; i++) {
		const uint32_t *ci = C->pos + C->off[i];
		const uint32_t ni = C->off[i + 1] - C->off[i];
		/* the partners q for which i is the base */
		int any = 0;
		for (uint32_t x = 0; x < ni; x++) {
			cw.mark[ci[x]] = i + 1;
			for (uint32_t y = cw.poff[ci[x]]; y < cw.poff[ci[x] + 1]; y++) {
				uint32_t j = cw.pprov[y];
				if (j == i || C->size[j] > C->size[i] ||
				    (C->size[j] == C->size[i] && j < i))
					continue;
				cw.partners[j / 64] |= (uint64_t)1 << (j % 64);
				any = 1;
			}
		}
		if (!any)
			continue;
		const uint32_t p = r->prov[i].node;
		engine_propagate(e, w->s, &p, &unlimited, 1);
		const uint32_t n_base = w->s->n_touched;
		for (uint32_t t = 0; t < n_base; t++)
			cw.base_down[w->s->touched[t]] = w->s->down[w->s->touched[t]];
		for (size_t pwd = 0; pwd < pw; pwd++)
			while (cw.partners[pwd]) {
				uint32_t j = (uint32_t)(pwd * 64) +
				             (uint32_t)__builtin_ctzll(cw.partners[pwd]);
				cw.partners[pwd] &= cw.partners[pwd] - 1;
				if (cw.full || bit_get(dom, pw, i, j) || bit_get(dom, pw, j, i))
					continue; /* (when full: only clearing the bits) */
				r->cut_pairs_propagated++;
				cut_pair_on_base(w, r, C, &cw, i, j, n_base);
			}
		for (uint32_t t = 0; t < n_base; t++)
			cw.base_down[w->s->touched[t]] = 0.0;
		engine_scratch_reset(w->s);
	}

	/* Pairs with a candidate on a cycle: both roots afresh, as conc_tally does. */
	for (size_t d = 0; d < cw.n_deferred && !cw.full; d++) {
		uint32_t i = (uint32_t)(cw.deferred[d] >> 32),
		         j = (uint32_t)cw.deferred[d];
		for (uint32_t x = C->off[i]; x < C->off[i + 1]; x++)
			cw.mark[C->pos[x]] = i + 1; /* later bases marked over it */
		uint32_t nb = cand_both(C, &cw, i, j);
		for (uint32_t y = 0; y < nb; y++)
			cw.both[y] = C->svc_at[cw.both[y]];
		for (uint32_t y = 0; y < nb; y++)
			cw.cand[cw.both[y] / 64] |= (uint64_t)1 << (cw.both[y] % 64);
		uint32_t roots[2] = {r->prov[i].node, r->prov[j].node};
		conc_propagate(w, roots, 2, INFINITY);
		struct conc_outcome o;
		conc_tally(w, TALLY_BREACHED, cw.cand, INFINITY, &o);
		uint32_t example = NODE_NONE;
		for (uint32_t y = 0; y < nb; y++) {
			uint32_t v = w->s0 + cw.both[y];
			if (w->s->down[v] > e->tolerance[v] && v < example)
				example = v;
		}
		if (cut_add(r, &cw, roots[0], roots[1], &o, example) && cw.hits)
			for (uint32_t y = 0; y < nb; y++) {
				uint32_t v = w->s0 + cw.both[y];
				if (w->s->down[v] > e->tolerance[v])
					hit_add(r, &cw, v);
			}
		engine_scratch_reset(w->s);
		for (uint32_t y = 0; y < nb; y++)
			cw.cand[cw.both[y] / 64] = 0;
	}

	free(cw.poff);
	free(cw.pprov);
	free(cw.partners);
	free(cw.mark);
	free(cw.both);
	free(cw.base_down);
	free(cw.stack);
	free(cw.cand);
	free(cw.deferred);
	if (r->n_cut)
		qsort(r->cut, r->n_cut, sizeof *r->cut, cmp_cut);
	if (r->n_cut_hit)
		qsort(r->cut_hit, r->n_cut_hit, sizeof *r->cut_hit, cmp_hit);
}
