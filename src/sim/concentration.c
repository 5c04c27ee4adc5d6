/*
 * concentration.c - the deterministic analyses of `chokepoint analyze`
 * (DESIGN.md §5; every figure is defined in chokepoint-report(5)).
 *
 * One pass over the providers does most of the work.  For provider p:
 *
 *   1. a reverse breadth-first search from p over every edge gives its
 *      exposure (all dependents with a path to p, redundancy ignored) and
 *      the length of the shortest dependency path to each;
 *   2. one engine propagation of p alone down without limit gives the
 *      services affected (down > 0) and breached (down > tolerance), the
 *      single points of failure (breached; depth from step 1) and the
 *      redundancy groups p defeats;
 *   3. one propagation per duration of the grid gives the breach curve.
 *
 * Cut sets and the reverse stress test then reuse the sets of step 1 and
 * 2 to prune the provider pairs and sets worth propagating.  One engine
 * scratch serves every propagation; engine_scratch_reset undoes each in
 * time proportional to what it touched.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/concentration.h"
#include "base/limits.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/text.h"

#define NONE32 UINT32_MAX

/* ---- the indices ------------------------------------------------------ */

/*
 * With weights w_1 .. w_n of the participants of one market and
 * W = sum w_i, participant i's share is s_i = w_i / W and
 *
 *   HHI = 10000 * sum_i s_i^2        (0 .. 10000; 10000 is a monopoly)
 *   CR3 = s_(1) + s_(2) + s_(3)      (the three largest shares, 0 .. 1)
 *
 * A market with W = 0 (nobody relies on it) has no index: class "none".
 */
void conc_index_compute(const double *w, uint32_t n, struct conc_index *out)
{
	memset(out, 0, sizeof *out);
	out->top = NONE32;
	double W = 0;
	for (uint32_t i = 0; i < n; i++)
		if (w[i] > 0) {
			W += w[i];
			out->n_active++;
		}
	out->total = W;
	if (!(W > 0)) {
		out->cls = CONC_CLASS_NONE;
		return;
	}
	double first = -1, second = -1, third = -1, sum2 = 0;
	for (uint32_t i = 0; i < n; i++) {
		double x = w[i] > 0 ? w[i] : 0;
		double s = x / W;
		sum2 += s * s;
		if (x > first) {
			third = second;
			second = first;
			first = x;
			out->top = i;
		} else if (x > second) {
			third = second;
			second = x;
		} else if (x > third) {
			third = x;
		}
	}
	out->hhi = 10000.0 * sum2;
	double top3 = 0;
	if (first > 0)
		top3 += first;
	if (second > 0)
		top3 += second;
	if (third > 0)
		top3 += third;
	out->cr3 = top3 / W;
	out->top_share = first / W;
	out->cls = conc_classify(out->hhi);
}

enum conc_class conc_classify(double hhi)
{
	if (hhi > CONC_HHI_HIGH)
		return CONC_CLASS_HIGH;
	if (hhi >= CONC_HHI_MODERATE)
		return CONC_CLASS_MODERATE;
	return CONC_CLASS_UNCONCENTRATED;
}

const char *conc_class_name(enum conc_class c)
{
	switch (c) {
	case CONC_CLASS_UNCONCENTRATED:
		return "unconcentrated";
	case CONC_CLASS_MODERATE:
		return "moderate";
	case CONC_CLASS_HIGH:
		return "high";
	case CONC_CLASS_NONE:
		break;
	}
	return "none";
}

const char *conc_weight_name(enum conc_weight w)
{
	static const char *const names[CONC_W_COUNT] = {"services", "institutions",
	                                                "assets", "volume"};
	return (unsigned)w < CONC_W_COUNT ? names[w] : "?";
}

/* ---- working state ---------------------------------------------------- */

struct work {
	const struct dataset *ds;
	const struct engine *e;
	struct engine_scratch *s;
	uint32_t s0, n_svc;   /* first service node, number of services */
	size_t svc_words;     /* 64-bit words of a service bitset */
	uint32_t *inst_stamp; /* [n_nodes] distinct-institution marks */
	uint32_t epoch;
	uint32_t *inst_type; /* [n_nodes] institution -> type index */
	uint32_t *type_stamp, *type_pos; /* [n_types] per-provider type entries */
	uint32_t n_types;
	uint32_t *grp_off;   /* [n_nodes + 1] dataset groups of each node */
	uint32_t *grp_idx;   /* [n_groups] */
	double *buf;         /* [max group size] */
	double *dur;         /* [n_prov + 2] durations of the roots */
};

/* A fresh mark for inst_stamp (cleared when the counter wraps). */
static uint32_t conc_next_epoch(struct work *w)
{
	if (++w->epoch == 0) {
		memset(w->inst_stamp, 0, (size_t)w->ds->n_nodes * sizeof *w->inst_stamp);
		if (w->type_stamp)
			memset(w->type_stamp, 0, (size_t)w->n_types * sizeof *w->type_stamp);
		w->epoch = 1;
	}
	return w->epoch;
}

static double assets_share(const struct dataset *ds, double assets)
{
	return ds->total_assets > 0 ? assets / ds->total_assets : 0.0;
}

/* Count service v (and its institution, once per epoch) into out. */
static void conc_outcome_add(struct work *w, struct conc_outcome *out, uint32_t v,
                             uint32_t ep)
{
	const struct dataset *ds = w->ds;
	uint32_t inst = ds->nodes[v].institution;
	out->services++;
	if (w->inst_stamp[inst] != ep) {
		w->inst_stamp[inst] = ep;
		out->institutions++;
		out->systemic += ds->nodes[inst].systemic ? 1u : 0u;
		out->assets += ds->nodes[inst].total_assets;
	}
}

static void conc_outcome_finish(const struct dataset *ds, struct conc_outcome *out)
{
	out->assets_share = assets_share(ds, out->assets);
}

enum tally_mode { TALLY_AFFECTED, TALLY_BREACHED };

/*
 * The services of the current propagation that are affected (down > 0)
 * or in breach (down > tolerance), each with its downtime taken as
 * min(cap, down): a single-root propagation without limit replays as one
 * of 'cap' hours (engine_effect).  'only' (optional) restricts the count
 * to a bitset of services.
 */
static void conc_tally(struct work *w, enum tally_mode mode, const uint64_t *only,
                       double cap, struct conc_outcome *out)
{
	const struct engine *e = w->e;
	const struct engine_scratch *s = w->s;
	memset(out, 0, sizeof *out);
	uint32_t ep = conc_next_epoch(w);
	for (uint32_t i = 0; i < s->n_touched; i++) {
		uint32_t v = s->touched[i];
		if (!e->is_service[v])
			continue;
		double d = s->down[v] < cap ? s->down[v] : cap;
		if (mode == TALLY_BREACHED ? !(d > e->tolerance[v]) : !(d > 0))
			continue;
		uint32_t k = v - w->s0;
		if (only && !(only[k / 64] >> (k % 64) & 1u))
			continue;
		conc_outcome_add(w, out, v, ep);
	}
	conc_outcome_finish(w->ds, out);
}

/* Propagate 'n' roots each down for 'dur' hours (scratch must be clean). */
static void conc_propagate(struct work *w, const uint32_t *roots, size_t n, double dur)
{
	for (size_t i = 0; i < n; i++)
		w->dur[i] = dur;
	engine_propagate(w->e, w->s, roots, w->dur, n);
}

/* ---- institution types ------------------------------------------------ */

/* Number the institution types in order of first appearance. */
static void conc_collect_types(struct work *w, struct conc_result *r)
{
	const struct dataset *ds = w->ds;
	uint32_t i0 = ds->first_kind[NODE_INSTITUTION], ni = ds->n_kind[NODE_INSTITUTION];
	r->types = xcalloc((size_t)ni + 1, sizeof *r->types);
	r->type_count = xcalloc((size_t)ni + 1, sizeof *r->type_count);
	r->type_assets = xcalloc((size_t)ni + 1, sizeof *r->type_assets);
	r->n_types = dataset_number_types(ds, NODE_INSTITUTION, w->inst_type + i0, r->types);
	/* Sums in node order. */
	for (uint32_t i = i0; i < i0 + ni; i++) {
		r->type_count[w->inst_type[i]]++;
		r->type_assets[w->inst_type[i]] += ds->nodes[i].total_assets;
	}
}

/* ---- reliance and markets --------------------------------------------- */

/* Stamps for counting each service and institution once per provider. */
struct credit {
	uint32_t *svc, *inst; /* [n_nodes] last service / institution + 1 */
};

/* Credit service v (of institution inst) to x's weights. */
static void credit_add(const struct dataset *ds, struct credit *c, double *rel,
                       struct conc_outcome *out, uint32_t x, uint32_t v)
{
	uint32_t inst = ds->nodes[v].institution;
	if (c->svc[x] == v + 1)
		return;
	c->svc[x] = v + 1;
	if (rel) {
		rel[CONC_W_SERVICES] += 1;
		rel[CONC_W_VOLUME] += ds->nodes[v].daily_volume;
	}
	if (out)
		out->services++;
	if (c->inst[x] == inst + 1)
		return;
	c->inst[x] = inst + 1;
	if (rel) {
		rel[CONC_W_INSTITUTIONS] += 1;
		rel[CONC_W_ASSETS] += ds->nodes[inst].total_assets;
	}
	if (out) {
		out->institutions++;
		out->systemic += ds->nodes[inst].systemic ? 1u : 0u;
		out->assets += ds->nodes[inst].total_assets;
	}
}

/*
 * Direct reliance.  A provider's direct dependents are the services with
 * an edge to it in dependencies.csv (after the institution shorthand is
 * expanded); edges from providers (parents, subcontracting) are not
 * direct reliance, they are what reach.csv calls hidden.  For the cloud
 * markets a service that relies on a zone also relies on its region and
 * its provider: the reliance on cloud node c is credited to the nearest
 * ancestor-or-self of c of each level, so each level's market counts a
 * service at most once per node and a provider's weight is the reliance
 * on any node under it.
 *
 * Services are visited in node order and an institution's services are
 * contiguous, so "last institution seen" counts distinct institutions.
 */
static void conc_compute_reliance(struct work *w, struct conc_result *r,
                                  const uint32_t *pidx)
{
	const struct dataset *ds = w->ds;
	const struct engine *e = w->e;
	size_t n = ds->n_nodes;
	struct credit direct = {xcalloc(n, sizeof(uint32_t)),
	                        xcalloc(n, sizeof(uint32_t))};
	struct credit market = {xcalloc(n, sizeof(uint32_t)),
	                        xcalloc(n, sizeof(uint32_t))};
	const char **seen_types = NULL;
	size_t cap = 0;
	for (uint32_t v = w->s0; v < w->s0 + w->n_svc; v++) {
		for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++)
			for (uint32_t m = e->grp_mem_off[g]; m < e->grp_mem_off[g + 1];
			     m++) {
				uint32_t t = e->mem_to[m];
				if (!node_is_provider(&ds->nodes[t]))
					continue;
				struct conc_provider *pt = &r->prov[pidx[t]];
				credit_add(ds, &direct, NULL, &pt->direct, t, v);
				if (ds->nodes[t].kind != NODE_CLOUD) {
					credit_add(ds, &market, pt->reliance, NULL, t, v);
					continue;
				}
				size_t ns = 0;
				for (uint32_t x = t, hops = 0;
				     x != NODE_NONE && hops <= ds->n_nodes;
				     x = ds->nodes[x].parent, hops++) {
					if (ds->nodes[x].kind != NODE_CLOUD)
						break;
					size_t k = 0;
					while (k < ns && strcmp(seen_types[k],
					                        ds->nodes[x].type) != 0)
						k++;
					if (k < ns)
						continue; /* a nearer node of this level
						             has it */
					if (ns == cap) {
						cap = cap ? 2 * cap : 8;
						seen_types = xreallocarray(
						    seen_types, cap, sizeof *seen_types);
					}
					seen_types[ns++] = ds->nodes[x].type;
					credit_add(ds, &market, r->prov[pidx[x]].reliance,
					           NULL, x, v);
				}
			}
	}
	for (uint32_t i = 0; i < r->n_prov; i++)
		conc_outcome_finish(ds, &r->prov[i].direct);
	free(seen_types);
	free(direct.svc);
	free(direct.inst);
	free(market.svc);
	free(market.inst);
}

/* Order of the cloud levels in concentration.csv. */
static int level_rank(const char *type)
{
	if (strcmp(type, "provider") == 0)
		return 0;
	if (strcmp(type, "region") == 0)
		return 1;
	if (strcmp(type, "zone") == 0)
		return 2;
	return 3;
}

/* One market per vendor type (first appearance) and per cloud level. */
static void conc_compute_markets(const struct dataset *ds, struct conc_result *r)
{
	r->markets = xcalloc((size_t)r->n_prov + 1, sizeof *r->markets);
	const enum node_kind kinds[2] = {NODE_VENDOR, NODE_CLOUD};
	for (int kk = 0; kk < 2; kk++) {
		uint32_t first = r->n_markets;
		for (uint32_t i = 0; i < r->n_prov; i++) {
			const struct node *v = &ds->nodes[r->prov[i].node];
			if (v->kind != kinds[kk])
				continue;
			uint32_t m = first;
			while (m < r->n_markets &&
			       strcmp(r->markets[m].type, v->type) != 0)
				m++;
			if (m == r->n_markets) {
				r->markets[m].kind = v->kind;
				r->markets[m].type = v->type;
				r->markets[m].members =
				    xreallocarray(NULL, r->n_prov, sizeof(uint32_t));
				r->n_markets++;
			}
			r->markets[m].members[r->markets[m].n_members++] = i;
		}
		if (kinds[kk] != NODE_CLOUD)
			continue;
		/* provider, region, zone (stable insertion sort: few levels) */
		for (uint32_t a = first + 1; a < r->n_markets; a++) {
			struct conc_market x = r->markets[a];
			uint32_t b = a;
			for (; b > first &&
			       level_rank(r->markets[b - 1].type) > level_rank(x.type);
			     b--)
				r->markets[b] = r->markets[b - 1];
			r->markets[b] = x;
		}
	}
	double *wv = xcalloc((size_t)r->n_prov + 1, sizeof *wv);
	for (uint32_t m = 0; m < r->n_markets; m++) {
		struct conc_market *mk = &r->markets[m];
		for (int k = 0; k < CONC_W_COUNT; k++) {
			for (uint32_t j = 0; j < mk->n_members; j++)
				wv[j] = r->prov[mk->members[j]].reliance[k];
			conc_index_compute(wv, mk->n_members, &mk->idx[k]);
			mk->top_node[k] = mk->idx[k].top == NONE32
			                      ? NODE_NONE
			                      : r->prov[mk->members[mk->idx[k].top]].node;
		}
	}
	free(wv);
}

/* ---- per provider ----------------------------------------------------- */

/*
 * Reverse breadth-first search from p over every edge (parents included):
 * the dependents with a path to p and the length of the shortest one.
 * Visited nodes are marked seen[v] == ep and listed in queue[0 .. *nq).
 */
static void conc_reach_bfs(const struct engine *e, uint32_t p, uint32_t *seen,
                           uint32_t ep, uint32_t *dist, uint32_t *queue, uint32_t *nq)
{
	uint32_t head = 0, tail = 0;
	seen[p] = ep;
	dist[p] = 0;
	queue[tail++] = p;
	while (head < tail) {
		uint32_t u = queue[head++];
		for (uint32_t i = e->rev_off[u]; i < e->rev_off[u + 1]; i++) {
			uint32_t v = e->grp_node[e->rev_grp[i]];
			if (seen[v] == ep)
				continue;
			seen[v] = ep;
			dist[v] = dist[u] + 1;
			queue[tail++] = v;
		}
	}
	*nq = tail;
}

/* Dataset groups of each node, as CSR (the loader sorts them by node,
 * but counting them costs nothing and assumes nothing). */
static void conc_index_groups(struct work *w)
{
	const struct dataset *ds = w->ds;
	w->grp_off = xcalloc((size_t)ds->n_nodes + 1, sizeof *w->grp_off);
	w->grp_idx = xcalloc((size_t)ds->n_groups + 1, sizeof *w->grp_idx);
	uint32_t maxn = 1;
	for (uint32_t g = 0; g < ds->n_groups; g++) {
		w->grp_off[ds->groups[g].node + 1]++;
		if (ds->groups[g].size > maxn)
			maxn = ds->groups[g].size;
	}
	for (uint32_t v = 0; v < ds->n_nodes; v++)
		w->grp_off[v + 1] += w->grp_off[v];
	uint32_t *fill = xreallocarray(NULL, (size_t)ds->n_nodes + 1, sizeof *fill);
	memcpy(fill, w->grp_off, (size_t)ds->n_nodes * sizeof *fill);
	for (uint32_t g = 0; g < ds->n_groups; g++)
		w->grp_idx[fill[ds->groups[g].node]++] = g;
	free(fill);
	w->buf = xreallocarray(NULL, maxn, sizeof *w->buf);
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y;
}

/*
 * The redundancy groups (min_up k < size n) that the current propagation
 * defeats: with e_i = min(down(m_i), failover_i), group g is down while
 * fewer than k members are up, i.e. G(g) = the (n - k + 1)-th largest e_i
 * is > 0.  Only groups of touched nodes can be down (down(v) >= G(g)).
 */
static void conc_find_false_redundancy(struct work *w, uint32_t p, struct conc_result *r,
                                       size_t *cap, uint32_t *n_groups)
{
	const struct dataset *ds = w->ds;
	const struct engine_scratch *s = w->s;
	for (uint32_t i = 0; i < s->n_touched; i++) {
		uint32_t v = s->touched[i];
		for (uint32_t j = w->grp_off[v]; j < w->grp_off[v + 1]; j++) {
			const struct group *gr = &ds->groups[w->grp_idx[j]];
			if (gr->min_up >= gr->size)
				continue;
			uint32_t np = 0;
			for (uint32_t m = 0; m < gr->size; m++) {
				const struct dep *d = &ds->deps[gr->first_dep + m];
				double x = s->down[d->to];
				if (d->failover_hours < x)
					x = d->failover_hours;
				if (x > 0)
					w->buf[np++] = x;
			}
			uint32_t need = gr->size - gr->min_up + 1; /* n - k + 1 */
			if (np < need)
				continue;
			qsort(w->buf, np, sizeof *w->buf, cmp_desc);
			if (r->n_fr == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				r->fr = xreallocarray(r->fr, *cap, sizeof *r->fr);
			}
			r->fr[r->n_fr++] = (struct conc_false_red){w->grp_idx[j], p, np,
			                                           w->buf[need - 1]};
			(*n_groups)++;
		}
	}
}

static int conc_cmp_spof(const void *a, const void *b)
{
	const struct conc_spof *x = a, *y = b;
	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return (x->provider > y->provider) - (x->provider < y->provider);
}

static int conc_cmp_fr(const void *a, const void *b)
{
	const struct conc_false_red *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->provider > y->provider) - (x->provider < y->provider);
}

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

/* Bit i of a row-major bit matrix with 'words' words per row. */
static inline int bit_get(const uint64_t *m, size_t words, uint32_t row, uint32_t i)
{
	return (int)(m[(size_t)row * words + i / 64] >> (i % 64) & 1u);
}

static inline void bit_set(uint64_t *m, size_t words, uint32_t row, uint32_t i)
{
	m[(size_t)row * words + i / 64] |= (uint64_t)1 << (i % 64);
}

/*
 * Cut-set candidates of each provider, as CSR: C_p = the services p
 * exposes (a dependency path to p) but does not breach alone.  A service
 * is stored as its position in the order of the services by (rank, node)
 * (svc_at maps a position back to the service index, node - s0), and
 * each list is ascending: the order in which a propagation first raises
 * the services off every cycle (see joint_tally).
 */
struct cand_lists {
	uint32_t *off;    /* [n_prov + 1] into pos */
	uint32_t *pos;    /* positions in the (rank, node) order */
	uint32_t *svc_at; /* [n_svc] position -> service index */
	uint32_t *pos_of; /* [n_svc] service index -> position */
	uint32_t *size;   /* [n_prov] nodes the provider's lone outage takes down */
	size_t n, cap;
	size_t max;       /* most entries: the memory limit, and 32-bit off[] */
	int over;         /* one more was pushed: the analysis is refused */
};

static void conc_cand_push(struct cand_lists *c, uint32_t x)
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

static int conc_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The services in (rank, node) order: c->svc_at and c->pos_of. */
static void conc_cand_order(const struct work *w, struct cand_lists *c)
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

static void conc_cand_free(struct cand_lists *c)
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
	size_t n_deferred, cap_deferred, cap_cut;
	int full;               /* one pair more than the cutsets limit found */
};

/* Record the finding o of pair {p, q} (nodes) if it breaches anything. */
static void cut_add(struct conc_result *r, struct cut_work *cw, uint32_t p, uint32_t q,
                    const struct conc_outcome *o, uint32_t example)
{
	if (o->services == 0)
		return;
	if (r->n_cut >= r->cut_limit) { /* keep the first cut_limit; stop */
		cw->full = 1;
		r->cut_truncated = 1;
		return;
	}
	if (r->n_cut == cw->cap_cut) {
		cw->cap_cut = cw->cap_cut ? 2 * cw->cap_cut : 64;
		r->cut = xreallocarray(r->cut, cw->cap_cut, sizeof *r->cut);
	}
	r->cut[r->n_cut++] =
	    (struct conc_cutset){p < q ? p : q, p < q ? q : p, *o, example};
	r->cut_services += o->services;
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
static void conc_undo_second(struct work *w, const double *base_down, uint32_t *stack,
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
		if (cw->n_deferred == cw->cap_deferred) {
			cw->cap_deferred = cw->cap_deferred ? 2 * cw->cap_deferred : 64;
			cw->deferred = xreallocarray(cw->deferred, cw->cap_deferred,
			                             sizeof *cw->deferred);
		}
		cw->deferred[cw->n_deferred++] = (uint64_t)i << 32 | j;
		return;
	}
	const uint32_t q = r->prov[j].node;
	engine_propagate(w->e, w->s, &q, &unlimited, 1);
	struct conc_outcome o;
	uint32_t example;
	joint_tally(w, C, cw->both, nb, &o, &example);
	cut_add(r, cw, r->prov[i].node, q, &o, example);
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
static void conc_find_cutsets(struct work *w, struct conc_result *r,
                              const struct cand_lists *C, const uint64_t *dom, size_t pw)
{
	const struct engine *e = w->e;
	const uint32_t np = r->n_prov, ns = w->n_svc;
	const double unlimited = INFINITY;
	r->cut_pairs = (uint64_t)np * (np > 0 ? np - 1 : 0) / 2;

	struct cut_work cw = {0};
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
		cut_add(r, &cw, roots[0], roots[1], &o, example);
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
}

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
			if (nx == cap) {
				cap *= 2;
				rw->xpos = xreallocarray(rw->xpos, cap, sizeof *rw->xpos);
			}
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

static void conc_reverse_stress(struct work *w, struct conc_result *r,
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

static int cmp_type_share(const void *a, const void *b)
{
	const struct conc_type_share *x = a, *y = b;
	return (x->type > y->type) - (x->type < y->type);
}

/* Exposure, per-type shares and the DORA-style flag of provider pr. */
static void conc_exposure(struct work *w, struct conc_result *r, struct conc_provider *pr,
                          const uint32_t *queue, uint32_t nq)
{
	const struct dataset *ds = w->ds;
	uint32_t ep = conc_next_epoch(w);
	uint32_t n = 0, cap = 0;
	struct conc_type_share *ts = NULL;
	for (uint32_t k = 0; k < nq; k++) {
		uint32_t v = queue[k];
		if (ds->nodes[v].kind != NODE_SERVICE)
			continue;
		uint32_t inst = ds->nodes[v].institution;
		int fresh = w->inst_stamp[inst] != ep;
		conc_outcome_add(w, &pr->exposed, v, ep);
		if (fresh) {
			uint32_t t = w->inst_type[inst];
			if (w->type_stamp[t] != ep) { /* first institution of t */
				w->type_stamp[t] = ep;
				if (n == cap) {
					cap = cap ? 2 * cap : 8;
					ts = xreallocarray(ts, cap, sizeof *ts);
				}
				w->type_pos[t] = n;
				ts[n++] = (struct conc_type_share){t, 0, 0};
			}
			/* each type's assets summed in queue order */
			ts[w->type_pos[t]].institutions++;
			ts[w->type_pos[t]].assets += ds->nodes[inst].total_assets;
		}
	}
	conc_outcome_finish(ds, &pr->exposed);
	if (n > 1) /* ts is NULL when no institution is exposed */
		qsort(ts, n, sizeof *ts, cmp_type_share);
	pr->type_shares = ts;
	pr->n_type_shares = n;
	/* The largest share of a type, by number or by assets; types in
	 * order, the first of equal shares wins (types without an exposed
	 * institution have share 0 and never win). */
	pr->dora_type = NONE32;
	pr->dora_max_share = 0;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t t = ts[k].type;
		double si = r->type_count[t] ? (double)ts[k].institutions / r->type_count[t] : 0;
		double sa = r->type_assets[t] > 0 ? ts[k].assets / r->type_assets[t] : 0;
		double x = si > sa ? si : sa;
		if (x > pr->dora_max_share) {
			pr->dora_max_share = x;
			pr->dora_type = t;
		}
	}
	pr->dora_flag = pr->dora_max_share >= CONC_DORA_SHARE && pr->exposed.systemic > 0;
}

uint32_t conc_provider_index(const struct conc_result *r, uint32_t v)
{
	uint32_t lo = 0, hi = r->n_prov;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (r->prov[mid].node < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_prov && r->prov[lo].node == v ? lo : NONE32;
}

int conc_analyze(const struct dataset *ds, const struct engine *e,
                 const struct conc_options *o, struct conc_result *r, char *err,
                 size_t errsz)
{
	memset(r, 0, sizeof *r);
	if (e->n_nodes != ds->n_nodes) {
		snprintf(err, errsz, "analyze: engine and data set do not match");
		return CP_ERR_INVALID;
	}
	const uint32_t n = ds->n_nodes;
	/* The quadratic part first, before anything is allocated: the
	 * provider-by-provider matrix of the cut-set search (dom below). */
	uint64_t np = 0;
	for (uint32_t v = 0; v < n; v++)
		np += node_is_provider(&ds->nodes[v]);
	uint64_t dom_bytes = np * ((np + 63) / 64) * 8, mem = limit_get(LIMIT_MEMORY);
	if (dom_bytes > mem) {
		char need[32], have[32];
		fmt_bytes(need, sizeof need, (double)dom_bytes);
		fmt_bytes(have, sizeof have, (double)mem);
		snprintf(err, errsz, "%" PRIu64 " providers: the cut-set search needs a %s "
		         "provider-by-provider matrix (providers^2 / 8 bytes); the limit is %s "
		         "(--limit memory=SIZE)", np, need, have);
		return CP_ERR_LIMIT;
	}
	struct work w = {.ds = ds, .e = e};
	w.s = engine_scratch_new(e);
	w.s0 = ds->first_kind[NODE_SERVICE];
	w.n_svc = ds->n_kind[NODE_SERVICE];
	w.svc_words = ((size_t)w.n_svc + 63) / 64;
	w.inst_stamp = xcalloc((size_t)n + 1, sizeof *w.inst_stamp);
	w.inst_type = xcalloc((size_t)n + 1, sizeof *w.inst_type);
	conc_index_groups(&w);
	conc_collect_types(&w, r);
	w.n_types = r->n_types;
	w.type_stamp = xcalloc((size_t)r->n_types + 1, sizeof *w.type_stamp);
	w.type_pos = xcalloc((size_t)r->n_types + 1, sizeof *w.type_pos);
	w.dur = xcalloc((size_t)n + 2, sizeof *w.dur);

	/* Providers, in node order; pidx maps node -> provider index. */
	uint32_t *pidx = xreallocarray(NULL, (size_t)n + 1, sizeof *pidx);
	r->prov = xcalloc((size_t)n + 1, sizeof *r->prov);
	for (uint32_t v = 0; v < n; v++) {
		pidx[v] = NONE32;
		if (node_is_provider(&ds->nodes[v])) {
			pidx[v] = r->n_prov;
			r->prov[r->n_prov++].node = v;
		}
	}
	conc_compute_reliance(&w, r, pidx);
	conc_compute_markets(ds, r);

	r->n_durations = o->n_durations;
	r->durations = xcalloc(o->n_durations + 1, sizeof *r->durations);
	if (o->n_durations)
		memcpy(r->durations, o->durations, o->n_durations * sizeof *r->durations);
	r->curve = xcalloc((size_t)r->n_prov * o->n_durations + 1, sizeof *r->curve);

	const size_t pw = ((size_t)r->n_prov + 63) / 64;
	r->cut_limit = limit_get(LIMIT_CUTSETS);
	r->spof_limit = limit_get(LIMIT_SPOF);
	struct cand_lists C = {0};
	/* The candidate lists, 4 bytes an entry, share the memory limit with
	 * the matrix, and their offsets are 32-bit. */
	C.max = (size_t)((mem - dom_bytes) / sizeof *C.pos);
	if (C.max > UINT32_MAX - 1)
		C.max = UINT32_MAX - 1;
	/* never NULL: C.pos + C.off[i] is formed even for empty lists */
	C.cap = 1024;
	C.pos = xreallocarray(NULL, C.cap, sizeof *C.pos);
	C.off = xcalloc((size_t)r->n_prov + 1, sizeof *C.off);
	C.size = xcalloc((size_t)r->n_prov + 1, sizeof *C.size);
	conc_cand_order(&w, &C);
	uint64_t *dom =
	    xcalloc((size_t)r->n_prov * pw + 1, sizeof *dom); /* p keeps q down */
	uint32_t *seen = xcalloc((size_t)n + 1, sizeof *seen);
	uint32_t *dist = xcalloc((size_t)n + 1, sizeof *dist);
	uint32_t *queue = xreallocarray(NULL, (size_t)n + 1, sizeof *queue);
	size_t spof_cap = 0, fr_cap = 0;
	uint8_t *has_spof = xcalloc((size_t)w.n_svc + 1, 1);

	for (uint32_t i = 0; i < r->n_prov; i++) {
		struct conc_provider *pr = &r->prov[i];
		const uint32_t p = pr->node;
		uint32_t nq;
		conc_reach_bfs(e, p, seen, i + 1, dist, queue, &nq);
		conc_exposure(&w, r, pr, queue, nq);

		/* p alone, down without limit; replayable when off every cycle */
		int replay = engine_effect(e, w.s, p) == 0;
		conc_tally(&w, TALLY_AFFECTED, NULL, INFINITY, &pr->affected);
		conc_tally(&w, TALLY_BREACHED, NULL, INFINITY, &pr->breached);
		/* cut-set candidates: exposed, not breached alone */
		for (uint32_t k = 0; k < nq; k++) {
			uint32_t v = queue[k];
			double d = w.s->down[v];
			if (e->is_service[v] && !(d > 0 && d > e->tolerance[v]))
				conc_cand_push(&C, C.pos_of[v - w.s0]);
		}
		C.off[i + 1] = (uint32_t)C.n;
		qsort(C.pos + C.off[i], C.off[i + 1] - C.off[i], sizeof *C.pos,
		      conc_cmp_u32);
		C.size[i] = w.s->n_touched;
		uint32_t ep = conc_next_epoch(&w);
		for (uint32_t k = 0; k < w.s->n_touched; k++) {
			uint32_t v = w.s->touched[k];
			double d = w.s->down[v];
			if (node_is_provider(&ds->nodes[v]) && d == INFINITY)
				bit_set(dom, pw, i, pidx[v]);
			if (!e->is_service[v] || !(d > e->tolerance[v]))
				continue;
			/* breached, so downstream of p: the search above reached it */
			if (!has_spof[v - w.s0]) {
				has_spof[v - w.s0] = 1;
				r->spof_services++;
			}
			if (r->n_spof >= r->spof_limit) {
				r->spof_truncated = 1; /* rows stop; counts go on */
			} else {
				if (r->n_spof == spof_cap) {
					spof_cap = spof_cap ? 2 * spof_cap : 256;
					r->spof = xreallocarray(r->spof, spof_cap, sizeof *r->spof);
				}
				r->spof[r->n_spof++] = (struct conc_spof){v, p, dist[v], d};
			}
			pr->spof_services++;
			pr->spof_nth_services += dist[v] >= 2;
			uint32_t inst = ds->nodes[v].institution;
			if (w.inst_stamp[inst] != ep) {
				w.inst_stamp[inst] = ep;
				pr->spof_institutions++;
			}
		}
		conc_find_false_redundancy(&w, p, r, &fr_cap, &pr->fr_groups);

		/*
		 * The breach curve and the one-day figure.  Off every cycle a
		 * d-hour outage of p gives every node min(d, its downtime
		 * without limit), listed in the same order (engine.h), so the
		 * tallies replay the propagation above; else propagate each.
		 */
		struct conc_outcome *row = &r->curve[(size_t)i * o->n_durations];
		if (replay) {
			for (size_t k = 0; k < o->n_durations; k++)
				conc_tally(&w, TALLY_BREACHED, NULL, o->durations[k],
				           &row[k]);
			conc_tally(&w, TALLY_BREACHED, NULL, CONC_DAY_HOURS,
			           &pr->breached_day);
			engine_scratch_reset(w.s);
		} else {
			engine_scratch_reset(w.s);
			for (size_t k = 0; k < o->n_durations; k++) {
				conc_propagate(&w, &p, 1, o->durations[k]);
				conc_tally(&w, TALLY_BREACHED, NULL, INFINITY, &row[k]);
				engine_scratch_reset(w.s);
			}
			conc_propagate(&w, &p, 1, CONC_DAY_HOURS);
			conc_tally(&w, TALLY_BREACHED, NULL, INFINITY, &pr->breached_day);
			engine_scratch_reset(w.s);
		}
	}
	if (r->n_spof)
		qsort(r->spof, r->n_spof, sizeof *r->spof, conc_cmp_spof);
	if (r->n_fr)
		qsort(r->fr, r->n_fr, sizeof *r->fr, conc_cmp_fr);

	int rc = CP_OK;
	if (C.over) {
		char have[32];
		fmt_bytes(have, sizeof have, (double)mem);
		snprintf(err, errsz, "the cut-set search needs more than %zu candidate entries "
		         "(services exposed to a provider that it does not breach alone, 4 bytes "
		         "each) besides its %" PRIu64 "-provider matrix; the limit is %s "
		         "(--limit memory=SIZE)", C.max, np, have);
		rc = CP_ERR_LIMIT;
	} else {
		conc_find_cutsets(&w, r, &C, dom, pw);
		if (o->reverse_share > 0)
			conc_reverse_stress(&w, r, &C, o->reverse_share);
	}

	conc_cand_free(&C);
	free(dom);
	free(seen);
	free(dist);
	free(has_spof);
	free(queue);
	free(pidx);
	free(w.inst_stamp);
	free(w.inst_type);
	free(w.type_stamp);
	free(w.type_pos);
	free(w.grp_off);
	free(w.grp_idx);
	free(w.buf);
	free(w.dur);
	engine_scratch_free(w.s);
	return rc;
}

void conc_result_free(struct conc_result *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; i < r->n_prov; i++) {
		free(r->prov[i].type_shares);
	}
	for (uint32_t m = 0; m < r->n_markets; m++)
		free(r->markets[m].members);
	free(r->types);
	free(r->type_count);
	free(r->type_assets);
	free(r->prov);
	free(r->markets);
	free(r->durations);
	free(r->curve);
	free(r->spof);
	free(r->fr);
	free(r->cut);
	free(r->rs);
	memset(r, 0, sizeof *r);
}
