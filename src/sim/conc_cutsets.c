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
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/par.h"
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

/*
 * What a pair reads of each candidate, packed by position (the (rank,
 * node) order the candidate lists are in, so a pair's candidates are
 * read in ascending order): the service, its institution and tolerance,
 * and for a service without dependents its groups, member after member
 * with their failover caps (struct engine_pmem at 'mem', as in struct
 * engine_pack).  In the engine these are five arrays, each a cache miss
 * per candidate or group at EU scale (perf: most of G(g)'s time was
 * spent waiting on grp_mem_off, mem_to and mem_failover).
 */
struct cand_rec {
	uint32_t node, inst;
	uint32_t mem;         /* first of its members in cw->mem */
	uint16_t n_groups;    /* of a packed leaf */
	uint8_t leaf, cyclic; /* no dependents; on a cycle */
	double tolerance;
};

/* Working space of the cut-set search. */
struct cut_work {
	uint32_t *poff, *pprov; /* P_s as CSR by position: providers with s in C_p */
	uint64_t *partners;     /* [pw] bit set of the partners of the base */
	uint32_t *mark;         /* [n_svc] by position: == base + 1 when in C_base */
	uint32_t *both;         /* [n_svc] C_base & C_q, ascending */
	double *base_down;      /* [n_nodes] down(v) in the base's lone outage */
	uint32_t *stack;        /* [n_nodes] the undo walk */
	uint64_t *cand;         /* [svc_words] service bit set, for the fallback */
	struct engine inner;    /* the engine with only the dependents that have
	                         * dependents themselves in its reverse lists */
	uint32_t *inner_off;    /* [n_nodes + 1] inner.rev_off */
	uint32_t *inner_grp;    /* inner.rev_grp */
	uint64_t *inner_key;    /* inner.rev_key */
	struct engine_pack inner_pack; /* inner.pack: the groups of the inner nodes */
	struct cand_rec *rec;   /* [n_svc] by position */
	struct engine_pmem *mem; /* the packed groups of the leaves */
	double *gbuf;           /* [max_group_size] a thread's G(g) values */
	double *leaf_down;      /* [n_svc] a candidate's downtime before the pair */
	uint32_t *stamp;        /* [n_prov] == base + 1 once looked at for it */
	uint32_t *bcnt, *boff;  /* [n_prov] the base's partners: |C_base & C_q| */
	uint32_t *blist;        /* and C_base & C_q at blist + boff[q] */
	size_t cap_blist;
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
static void joint_tally(struct work *w, const struct cut_work *cw, const uint32_t *both,
                        uint32_t nb, struct conc_outcome *out, uint32_t *example)
{
	const struct dataset *ds = w->ds;
	memset(out, 0, sizeof *out);
	*example = NODE_NONE;
	uint32_t ep = conc_next_epoch(w);
	for (uint32_t y = 0; y < nb; y++) {
		const struct cand_rec *c = &cw->rec[both[y]];
		uint32_t v = c->node;
		if (!(w->s->down[v] > c->tolerance))
			continue;
		/* conc_outcome_add, with the institution from the record */
		out->services++;
		if (w->inst_stamp[c->inst] != ep) {
			w->inst_stamp[c->inst] = ep;
			out->institutions++;
			out->systemic += ds->nodes[c->inst].systemic ? 1u : 0u;
			out->assets += ds->nodes[c->inst].total_assets;
		}
		if (v < *example)
			*example = v;
	}
	conc_outcome_finish(ds, out);
}

/*
 * The downtime of packed leaf c from the downtimes in s: max(x, G(g)
 * of each of its groups), as engine_propagate evaluates a node, from the
 * packed members in the engine's member order.
 */
static double leaf_down(const struct cut_work *cw, const struct engine_scratch *s,
                        const struct cand_rec *c, double x)
{
	const struct engine_pmem *m = cw->mem + c->mem;
	for (uint32_t g = 0; g < c->n_groups; g++) {
		x = engine_packed_group_max(s->down, m, cw->gbuf, x);
		m += m[0].nr & 0xffffu;
	}
	return x;
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
 * Pair {i, j} on the outage of its base i (in the scratch, n_base nodes),
 * with candidates both[0 .. nb) = C_i & C_j (ascending): add j, count,
 * undo.  A pair with a candidate on a cycle is deferred.
 */
static void cut_pair_on_base(struct work *w, struct conc_result *r, struct cut_work *cw,
                             uint32_t i, uint32_t j, const uint32_t *both, uint32_t nb,
                             uint32_t n_base)
{
	const double unlimited = INFINITY;
	int cyclic = 0;
	for (uint32_t y = 0; y < nb; y++)
		cyclic |= cw->rec[both[y]].cyclic;
	if (cyclic) {
		ALLOC_GROW(cw->deferred, cw->n_deferred + 1, cw->cap_deferred);
		cw->deferred[cw->n_deferred++] = (uint64_t)i << 32 | j;
		return;
	}
	/* Only the candidates are counted, so of the nodes nothing depends on
	 * only they matter (most of what q's outage touches is services of
	 * its own customers): the worklist runs on the inner nodes, those
	 * with dependents (cw->inner), then each candidate without dependents
	 * is evaluated once, from members that are final by then; that is
	 * the value the worklist would give it. */
	const struct engine *e = w->e;
	struct engine_scratch *s = w->s;
	const uint32_t q = r->prov[j].node;
	w->e = &cw->inner;
	engine_propagate(w->e, s, &q, &unlimited, 1);
	for (uint32_t y = 0; y < nb; y++) {
		const struct cand_rec *c = &cw->rec[both[y]];
		uint32_t v = c->node;
		double x = s->down[v];
		cw->leaf_down[y] = x;
		if (!c->leaf)
			continue; /* inner: the worklist had it */
		if (c->mem != NONE32) {
			x = leaf_down(cw, s, c, x);
		} else { /* a group too large to pack */
			for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++) {
				double gd = engine_group_down(e, s, g);
				if (gd > x)
					x = gd;
			}
		}
		s->down[v] = x;
	}
	struct conc_outcome o;
	uint32_t example;
	joint_tally(w, cw, both, nb, &o, &example);
	if (cut_add(r, cw, r->prov[i].node, q, &o, example) && cw->hits)
		for (uint32_t y = 0; y < nb; y++) {
			const struct cand_rec *c = &cw->rec[both[y]];
			if (s->down[c->node] > c->tolerance)
				hit_add(r, cw, c->node);
		}
	for (uint32_t y = 0; y < nb; y++) {
		const struct cand_rec *c = &cw->rec[both[y]];
		if (c->leaf)
			s->down[c->node] = cw->leaf_down[y];
	}
	conc_undo_second(w, cw->base_down, cw->stack, q, n_base);
	w->e = e;
}

/*
 * cw->inner: the engine e with only the inner nodes (those with
 * dependents) in its reverse lists, in the same order, and their groups
 * packed (engine_pack_build).  Propagating on it
 * gives every inner node its value in e, as no inner node depends on a
 * node without dependents.
 */
static void inner_engine(const struct engine *e, struct cut_work *cw)
{
	const uint32_t n = e->n_nodes;
	cw->inner = *e;
	cw->inner_off = xcalloc((size_t)n + 1, sizeof *cw->inner_off);
	uint32_t m = 0;
	for (uint32_t u = 0; u < n; u++) {
		for (uint32_t k = e->rev_off[u]; k < e->rev_off[u + 1]; k++) {
			uint32_t v = e->grp_node[e->rev_grp[k]];
			m += e->rev_off[v + 1] > e->rev_off[v];
		}
		cw->inner_off[u + 1] = m;
	}
	cw->inner_grp = xreallocarray(NULL, (size_t)m + 1, sizeof *cw->inner_grp);
	cw->inner_key = xreallocarray(NULL, (size_t)m + 1, sizeof *cw->inner_key);
	m = 0;
	for (uint32_t u = 0; u < n; u++)
		for (uint32_t k = e->rev_off[u]; k < e->rev_off[u + 1]; k++) {
			uint32_t v = e->grp_node[e->rev_grp[k]];
			if (e->rev_off[v + 1] > e->rev_off[v]) {
				cw->inner_grp[m] = e->rev_grp[k];
				cw->inner_key[m++] = e->rev_key[k];
			}
		}
	cw->inner.rev_off = cw->inner_off;
	cw->inner.rev_grp = cw->inner_grp;
	cw->inner.rev_key = cw->inner_key;
	/* The worklist evaluates only inner nodes: pack their groups. */
	uint8_t *which = xcalloc((size_t)n + 1, 1);
	for (uint32_t u = 0; u < n; u++)
		which[u] = e->rev_off[u + 1] > e->rev_off[u];
	engine_pack_build(e, which, &cw->inner_pack);
	free(which);
	cw->inner.pack = &cw->inner_pack;
}

/*
 * cw->rec and cw->mem: the candidate records by position, with the
 * groups of each service without dependents packed; a service with a
 * group of 65,536 members or more (or past 2^32 packed members) keeps
 * the engine's arrays (mem NONE32).
 */
static void pack_candidates(const struct work *w, const struct cand_lists *C,
                            struct cut_work *cw)
{
	const struct engine *e = w->e;
	const uint32_t ns = w->n_svc;
	cw->rec = xcalloc((size_t)ns + 1, sizeof *cw->rec);
	size_t n_mem = 0, cap = 0;
	for (uint32_t x = 0; x < ns; x++) {
		struct cand_rec *c = &cw->rec[x];
		uint32_t v = w->s0 + C->svc_at[x];
		c->node = v;
		c->inst = w->ds->nodes[v].institution;
		c->tolerance = e->tolerance[v];
		c->cyclic = e->cyclic[v];
		c->leaf = e->rev_off[v + 1] == e->rev_off[v];
		c->mem = NONE32;
		uint32_t ng = e->grp_off[v + 1] - e->grp_off[v];
		if (!c->leaf || ng > UINT16_MAX)
			continue;
		size_t need = 0;
		int fits = 1;
		for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++) {
			uint32_t n = e->grp_mem_off[g + 1] - e->grp_mem_off[g];
			fits &= n <= UINT16_MAX;
			need += n;
		}
		if (!fits || n_mem + need >= NONE32)
			continue;
		ALLOC_GROW(cw->mem, n_mem + need + 1, cap);
		c->mem = (uint32_t)n_mem;
		c->n_groups = (uint16_t)ng;
		for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++) {
			uint32_t lo = e->grp_mem_off[g], hi = e->grp_mem_off[g + 1];
			uint32_t n = hi - lo, r = n - e->grp_k[g] + 1;
			for (uint32_t k = lo; k < hi; k++)
				cw->mem[n_mem++] =
				    (struct engine_pmem){e->mem_failover[k], e->mem_to[k],
				                         k == lo ? (n | r << 16) : 0};
		}
	}
}

/*
 * The partners q of base i (cw->partners) and C_i & C_q for each
 * (cw->blist + cw->boff[q], cw->bcnt[q] entries, ascending), both from
 * the inverted lists in one pass over C_i: a partner shares a candidate
 * with i, has a smaller lone outage (ties: a later index), and neither
 * keeps the other down without limit (dom), where the joint outage is
 * the larger one's alone.  The number of partners.
 */
static uint32_t base_partners(const struct cand_lists *C, struct cut_work *cw,
                              const uint64_t *dom, size_t pw, uint32_t i)
{
	const uint32_t *ci = C->pos + C->off[i];
	const uint32_t ni = C->off[i + 1] - C->off[i];
	uint32_t n_partners = 0;
	size_t total = 0;
	for (uint32_t x = 0; x < ni; x++) {
		for (uint32_t y = cw->poff[ci[x]]; y < cw->poff[ci[x] + 1]; y++) {
			uint32_t j = cw->pprov[y];
			if (j == i || C->size[j] > C->size[i] ||
			    (C->size[j] == C->size[i] && j < i))
				continue;
			if (cw->stamp[j] != i + 1) {
				cw->stamp[j] = i + 1;
				if (bit_get(dom, pw, i, j) || bit_get(dom, pw, j, i))
					continue;
				cw->partners[j / 64] |= (uint64_t)1 << (j % 64);
				n_partners++;
			} else if (!cw->bcnt[j]) {
				continue; /* kept down by i or keeps it down */
			}
			cw->bcnt[j]++;
			total++;
		}
	}
	if (!n_partners)
		return 0;
	ALLOC_GROW(cw->blist, total, cw->cap_blist);
	size_t off = 0;
	for (size_t pwd = 0; pwd < pw; pwd++)
		for (uint64_t bits = cw->partners[pwd]; bits; bits &= bits - 1) {
			uint32_t j = (uint32_t)(pwd * 64) + (uint32_t)__builtin_ctzll(bits);
			cw->boff[j] = (uint32_t)off;
			off += cw->bcnt[j];
			cw->bcnt[j] = 0; /* counts again as the lists fill */
		}
	for (uint32_t x = 0; x < ni; x++)
		for (uint32_t y = cw->poff[ci[x]]; y < cw->poff[ci[x] + 1]; y++) {
			uint32_t j = cw->pprov[y];
			if (cw->stamp[j] == i + 1 && cw->partners[j / 64] >> (j % 64) & 1u)
				cw->blist[cw->boff[j] + cw->bcnt[j]++] = ci[x];
		}
	return n_partners;
}

/*
 * MPI (base/par.h): the bases of the search are dealt to the ranks in
 * turn; each rank searches the pairs of its own bases (and the pairs it
 * defers), and the findings of every rank are gathered to every rank.
 * A pair is searched by the rank of its base only, with the same figures
 * as in one process, and the findings are sorted by a total order
 * (cmp_cut, cmp_hit), so the result is the same bytes for any number of
 * ranks.  When the findings pass the cutsets limit, which keeps the first
 * found in one process's order, every rank searches again alone.
 */
static int cut_base_mine(uint32_t i)
{
	return i % (uint32_t)par_size() == (uint32_t)par_rank();
}

/* Gather every rank's findings into r; 1 (r emptied) when they pass the
 * limit and the search must be done again in one process's order. */
static int cut_gather(struct conc_result *r)
{
	if (par_size() == 1)
		return 0;
	struct cut_counts {
		uint64_t full, n_cut, services, propagated;
	} mine = { (uint64_t)r->cut_truncated, r->n_cut, r->cut_services,
		   r->cut_pairs_propagated }, *all;
	size_t bytes;
	par_allgather(&mine, sizeof mine, (void **)&all, &bytes, NULL);
	uint64_t full = 0, n_cut = 0, services = 0, propagated = 0;
	for (int k = 0; k < par_size(); k++) {
		full |= all[k].full;
		n_cut += all[k].n_cut;
		services += all[k].services;
		propagated += all[k].propagated;
	}
	free(all);
	if (full || n_cut > r->cut_limit) {
		free(r->cut);
		free(r->cut_hit);
		r->cut = NULL;
		r->cut_hit = NULL;
		r->n_cut = r->n_cut_hit = 0;
		r->cut_services = r->cut_pairs_propagated = 0;
		r->cut_truncated = 0;
		return 1;
	}
	void *cut, *hit;
	size_t cut_bytes, hit_bytes;
	par_allgather(r->cut, r->n_cut * sizeof *r->cut, &cut, &cut_bytes, NULL);
	par_allgather(r->cut_hit, r->n_cut_hit * sizeof *r->cut_hit, &hit, &hit_bytes, NULL);
	free(r->cut);
	free(r->cut_hit);
	r->cut = cut;
	r->n_cut = cut_bytes / sizeof *r->cut;
	r->cut_hit = hit;
	r->n_cut_hit = hit_bytes / sizeof *r->cut_hit;
	r->cut_services = services;
	r->cut_pairs_propagated = propagated;
	return 0;
}

/* The working space of one thread: its own scratch, marks and findings. */
struct cut_thread {
	struct work w;
	struct cut_work cw;
	struct conc_cutset *cut;
	struct conc_cut_hit *hit;
	size_t n_cut, n_hit;
	uint64_t services, propagated;
	int full;
};

static void cut_work_alloc(struct cut_work *cw, const struct cut_work *shared,
                           const struct engine *e, uint32_t np, uint32_t ns,
                           size_t pw, size_t svc_words)
{
	*cw = *shared;
	cw->partners = xcalloc(pw + 1, sizeof *cw->partners);
	cw->mark = xcalloc((size_t)ns + 1, sizeof *cw->mark);
	cw->both = xreallocarray(NULL, (size_t)ns + 1, sizeof *cw->both);
	cw->base_down = xcalloc((size_t)e->n_nodes + 1, sizeof *cw->base_down);
	cw->stack = xreallocarray(NULL, (size_t)e->n_nodes + 1, sizeof *cw->stack);
	cw->cand = xcalloc(svc_words + 1, sizeof *cw->cand);
	cw->stamp = xcalloc((size_t)np + 1, sizeof *cw->stamp);
	cw->bcnt = xcalloc((size_t)np + 1, sizeof *cw->bcnt);
	cw->boff = xcalloc((size_t)np + 1, sizeof *cw->boff);
	cw->leaf_down = xreallocarray(NULL, (size_t)ns + 1, sizeof *cw->leaf_down);
	cw->gbuf = xreallocarray(NULL, (size_t)e->max_group_size + 1, sizeof *cw->gbuf);
}

static void cut_work_release(struct cut_work *cw)
{
	free(cw->partners);
	free(cw->mark);
	free(cw->both);
	free(cw->base_down);
	free(cw->stack);
	free(cw->cand);
	free(cw->leaf_down);
	free(cw->gbuf);
	free(cw->stamp);
	free(cw->bcnt);
	free(cw->boff);
	free(cw->blist);
	free(cw->deferred);
}

/* The pairs of base i, on w's scratch (clean before and after). */
static void cut_base(struct work *w, struct conc_result *r, const struct cand_lists *C,
                     struct cut_work *cw, const uint64_t *dom, size_t pw, uint32_t i)
{
	const double unlimited = INFINITY;
	uint32_t n_partners = base_partners(C, cw, dom, pw, i);
	if (!n_partners)
		return;
	const uint32_t p = r->prov[i].node;
	engine_propagate(w->e, w->s, &p, &unlimited, 1);
	const uint32_t n_base = w->s->n_touched;
	for (uint32_t t = 0; t < n_base; t++)
		cw->base_down[w->s->touched[t]] = w->s->down[w->s->touched[t]];
	for (size_t pwd = 0; pwd < pw; pwd++)
		while (cw->partners[pwd]) {
			uint32_t j = (uint32_t)(pwd * 64) +
			             (uint32_t)__builtin_ctzll(cw->partners[pwd]);
			cw->partners[pwd] &= cw->partners[pwd] - 1;
			uint32_t nb = cw->bcnt[j];
			cw->bcnt[j] = 0;
			if (cw->full)
				continue; /* only clearing the partners */
			r->cut_pairs_propagated++;
			cut_pair_on_base(w, r, cw, i, j, cw->blist + cw->boff[j], nb, n_base);
		}
	for (uint32_t t = 0; t < n_base; t++)
		cw->base_down[w->s->touched[t]] = 0.0;
	engine_scratch_reset(w->s);
}

/*
 * The bases of this rank on 'threads' threads, each with its own scratch
 * and findings, appended to r in thread order (cut_pairs_propagated and
 * cut_services summed), with the deferred pairs in ascending (i, j), the
 * order one thread defers them in.  1 when a thread filled the cutsets
 * limit or the findings together pass it: which ones are kept then
 * depends on the order, and the caller searches again on one thread.
 */
static int cut_bases_threads(struct work *w, struct conc_result *r,
                             const struct cand_lists *C, struct cut_work *cw,
                             const uint64_t *dom, size_t pw, int threads)
{
	const uint32_t np = r->n_prov;
	struct cut_thread *T = xcalloc((size_t)threads, sizeof *T);
	int stop = 0;
#pragma omp parallel num_threads(threads)
	{
		int tid = 0;
#ifdef _OPENMP
		tid = omp_get_thread_num();
#endif
		struct cut_thread *t = &T[tid];
		struct conc_result lr = *r;
		lr.cut = NULL;
		lr.cut_hit = NULL;
		lr.n_cut = lr.n_cut_hit = 0;
		lr.cut_services = lr.cut_pairs_propagated = 0;
		lr.cut_truncated = 0;
		t->w = *w;
		t->w.s = engine_scratch_new(w->e);
		t->w.inst_stamp = xcalloc((size_t)w->ds->n_nodes + 1, sizeof *t->w.inst_stamp);
		t->w.epoch = 0;
		t->w.type_stamp = NULL; /* conc_next_epoch clears only what it has */
		t->w.n_types = 0;
		cut_work_alloc(&t->cw, cw, w->e, np, w->n_svc, pw, w->svc_words);
#pragma omp for schedule(dynamic, 1)
		for (uint32_t i = 0; i < np; i++) {
			int halt;
#pragma omp atomic read
			halt = stop;
			if (halt || !cut_base_mine(i)) /* MPI: another rank's base */
				continue;
			cut_base(&t->w, &lr, C, &t->cw, dom, pw, i);
			if (t->cw.full) {
#pragma omp atomic write
				stop = 1;
			}
		}
		t->cut = lr.cut;
		t->hit = lr.cut_hit;
		t->n_cut = lr.n_cut;
		t->n_hit = lr.n_cut_hit;
		t->services = lr.cut_services;
		t->propagated = lr.cut_pairs_propagated;
		t->full = t->cw.full;
		engine_scratch_free(t->w.s);
		free(t->w.inst_stamp);
	}
	size_t n_cut = 0, n_hit = 0, n_def = 0;
	int full = 0;
	for (int k = 0; k < threads; k++) {
		n_cut += T[k].n_cut;
		n_hit += T[k].n_hit;
		n_def += T[k].cw.n_deferred;
		full |= T[k].full;
	}
	if (full || n_cut > r->cut_limit) {
		full = 1;
	} else {
		r->cut = xreallocarray(NULL, n_cut + 1, sizeof *r->cut);
		r->cut_hit = xreallocarray(NULL, n_hit + 1, sizeof *r->cut_hit);
		cw->deferred = xreallocarray(NULL, n_def + 1, sizeof *cw->deferred);
		cw->cap_cut = n_cut + 1;
		cw->cap_hit = n_hit + 1;
		cw->cap_deferred = n_def + 1;
		for (int k = 0; k < threads; k++) {
			if (T[k].n_cut)
				memcpy(r->cut + r->n_cut, T[k].cut, T[k].n_cut * sizeof *r->cut);
			if (T[k].n_hit)
				memcpy(r->cut_hit + r->n_cut_hit, T[k].hit,
				       T[k].n_hit * sizeof *r->cut_hit);
			if (T[k].cw.n_deferred)
				memcpy(cw->deferred + cw->n_deferred, T[k].cw.deferred,
				       T[k].cw.n_deferred * sizeof *cw->deferred);
			r->n_cut += T[k].n_cut;
			r->n_cut_hit += T[k].n_hit;
			cw->n_deferred += T[k].cw.n_deferred;
			r->cut_services += T[k].services;
			r->cut_pairs_propagated += T[k].propagated;
		}
		if (cw->n_deferred)
			qsort(cw->deferred, cw->n_deferred, sizeof *cw->deferred, cmp_u64);
	}
	for (int k = 0; k < threads; k++) {
		free(T[k].cut);
		free(T[k].hit);
		cut_work_release(&T[k].cw);
	}
	free(T);
	return full;
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
 *
 * With threads > 1 the bases are shared among threads (each pair's
 * figures do not depend on which thread finds it, and the findings are
 * sorted by a total order), so the result is the same at any count.
 */
void conc_find_cutsets(struct work *w, struct conc_result *r,
                       const struct cand_lists *C, const uint64_t *dom, size_t pw,
                       int hits, int threads)
{
	const struct engine *e = w->e;
	const uint32_t np = r->n_prov, ns = w->n_svc;
	r->cut_pairs = (uint64_t)np * (np > 0 ? np - 1 : 0) / 2;
	if (threads < 1 || np < 2)
		threads = 1;

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
	inner_engine(e, &cw);
	pack_candidates(w, C, &cw);
	{
		struct cut_work shared = cw;
		cut_work_alloc(&cw, &shared, e, np, ns, pw, w->svc_words);
	}

	if (threads > 1 && cut_bases_threads(w, r, C, &cw, dom, pw, threads)) {
		/* the limit was reached: again on one thread, in its order */
		free(r->cut);
		free(r->cut_hit);
		r->cut = NULL;
		r->cut_hit = NULL;
		r->n_cut = r->n_cut_hit = 0;
		r->cut_services = r->cut_pairs_propagated = 0;
		r->cut_truncated = 0;
		cw.cap_cut = cw.cap_hit = 0;
		threads = 1;
	}
	if (threads == 1)
		for (uint32_t i = 0; i < np && !cw.full; i++)
			if (cut_base_mine(i)) /* MPI: else another rank's base */
				cut_base(w, r, C, &cw, dom, pw, i);

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
	free(cw.inner_off);
	free(cw.inner_grp);
	free(cw.inner_key);
	engine_pack_free(&cw.inner_pack);
	free(cw.rec);
	free(cw.mem);
	cut_work_release(&cw);
	if (cut_gather(r)) { /* truncated: the search again, on each rank alone */
		par_solo(1);
		conc_find_cutsets(w, r, C, dom, pw, hits, 1);
		par_solo(0);
		return;
	}
	if (r->n_cut)
		qsort(r->cut, r->n_cut, sizeof *r->cut, cmp_cut);
	if (r->n_cut_hit)
		qsort(r->cut_hit, r->n_cut_hit, sizeof *r->cut_hit, cmp_hit);
}
