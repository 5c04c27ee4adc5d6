/*
 * conc_reach.c - who relies on whom: the institution types, the direct
 * reliance on each provider and the markets it makes up (concentration.csv),
 * and reach, every dependent with a path to a provider (reach.csv,
 * reach_by_type.csv), with the per-type shares behind the DORA-style flag.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/conc_internal.h"

/* ---- institution types ------------------------------------------------ */

/* Number the institution types in order of first appearance. */
void conc_collect_types(struct work *w, struct conc_result *r)
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
 * Is vendor t's outage its parent's alone?  A vendor whose parent is a
 * vendor, with no outage rate of its own and no dependency but the
 * parent edge, goes down exactly when the parent does: a per-customer
 * fleet (edr-a@INST) or a per-institution piece of one system.  For the
 * markets it is a part of its parent, not a competitor of it.
 */
static int outage_is_parents(const struct dataset *ds, const struct engine *e,
                             uint32_t t)
{
	const struct node *v = &ds->nodes[t];
	if (v->kind != NODE_VENDOR || v->parent == NODE_NONE ||
	    ds->nodes[v->parent].kind != NODE_VENDOR || v->annual_outage_rate > 0)
		return 0;
	if (e->grp_off[t + 1] - e->grp_off[t] != 1)
		return 0;
	uint32_t g = e->grp_off[t];
	return e->grp_mem_off[g + 1] - e->grp_mem_off[g] == 1 &&
	       e->mem_to[e->grp_mem_off[g]] == v->parent;
}

/* The market owner of every provider (parents are acyclic). */
void conc_market_owners(const struct work *w, struct conc_result *r)
{
	for (uint32_t i = 0; i < r->n_prov; i++) {
		uint32_t x = r->prov[i].node;
		for (uint32_t hops = 0; hops <= w->ds->n_nodes &&
		                        outage_is_parents(w->ds, w->e, x);
		     hops++)
			x = w->ds->nodes[x].parent;
		r->prov[i].owner = x;
	}
}

/* A market participant for numbering the group slots. */
struct slot_key {
	enum node_kind kind;
	const char *type, *group;
	uint32_t i; /* index into r->prov */
};

static int cmp_slot_key(const void *a, const void *b)
{
	const struct slot_key *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->type, y->type);
	if (!c)
		c = strcmp(x->group, y->group);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* One slot per (kind, type, group) of the market participants. */
static void number_slots(const struct dataset *ds, struct conc_result *r)
{
	r->prov_slot = xcalloc((size_t)r->n_prov + 1, sizeof *r->prov_slot);
	r->slot_rel = xcalloc((size_t)r->n_prov + 1, sizeof *r->slot_rel);
	struct slot_key *k = xcalloc((size_t)r->n_prov + 1, sizeof *k);
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->n_prov; i++) {
		r->prov_slot[i] = NONE32;
		if (r->prov[i].owner != r->prov[i].node)
			continue;
		const struct node *v = &ds->nodes[r->prov[i].node];
		k[n++] = (struct slot_key){v->kind, v->type, v->group, i};
	}
	qsort(k, n, sizeof *k, cmp_slot_key);
	uint32_t slot = 0;
	for (uint32_t j = 0; j < n; j++) {
		if (j > 0 && (k[j].kind != k[j - 1].kind || strcmp(k[j].type, k[j - 1].type) ||
		              strcmp(k[j].group, k[j - 1].group)))
			slot++;
		r->prov_slot[k[j].i] = slot;
	}
	free(k);
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
void conc_compute_reliance(struct work *w, struct conc_result *r,
                           const uint32_t *pidx)
{
	const struct dataset *ds = w->ds;
	const struct engine *e = w->e;
	size_t n = ds->n_nodes;
	struct credit direct = {xcalloc(n, sizeof(uint32_t)),
	                        xcalloc(n, sizeof(uint32_t))};
	struct credit market = {xcalloc(n, sizeof(uint32_t)),
	                        xcalloc(n, sizeof(uint32_t))};
	struct credit gmarket = {xcalloc(n, sizeof(uint32_t)),
	                         xcalloc(n, sizeof(uint32_t))};
	number_slots(ds, r);
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
					uint32_t o = pt->owner;
					credit_add(ds, &market, r->prov[pidx[o]].reliance,
					           NULL, o, v);
					uint32_t so = r->prov_slot[pidx[o]];
					credit_add(ds, &gmarket, r->slot_rel[so], NULL, so, v);
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
					ALLOC_GROW(seen_types, ns + 1, cap);
					seen_types[ns++] = ds->nodes[x].type;
					credit_add(ds, &market, r->prov[pidx[x]].reliance,
					           NULL, x, v);
					uint32_t sx = r->prov_slot[pidx[x]];
					credit_add(ds, &gmarket, r->slot_rel[sx], NULL, sx, v);
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
	free(gmarket.svc);
	free(gmarket.inst);
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

/* The market's indices over its provider groups (the slots of its
 * members, in order of their first member). */
static void group_index(const struct dataset *ds, struct conc_result *r,
                        struct conc_market *mk, double *wv, unsigned char *gseen)
{
	uint32_t *first = xcalloc((size_t)mk->n_members + 1, sizeof *first);
	uint32_t ng = 0;
	for (uint32_t j = 0; j < mk->n_members; j++) {
		uint32_t s = r->prov_slot[mk->members[j]];
		if (!gseen[s]) {
			gseen[s] = 1;
			first[ng++] = j;
		}
	}
	for (uint32_t g = 0; g < ng; g++)
		gseen[r->prov_slot[mk->members[first[g]]]] = 0;
	mk->n_groups = ng;
	for (int k = 0; k < CONC_W_COUNT; k++) {
		for (uint32_t g = 0; g < ng; g++)
			wv[g] = r->slot_rel[r->prov_slot[mk->members[first[g]]]][k];
		conc_index_compute(wv, ng, &mk->gidx[k]);
		mk->top_group[k] = mk->gidx[k].top == NONE32
		                       ? NULL
		                       : ds->nodes[r->prov[mk->members[first[mk->gidx[k].top]]].node]
		                             .group;
	}
	free(first);
}

/* One market per vendor type (first appearance) and per cloud level. */
void conc_compute_markets(const struct dataset *ds, struct conc_result *r)
{
	r->markets = xcalloc((size_t)r->n_prov + 1, sizeof *r->markets);
	const enum node_kind kinds[2] = {NODE_VENDOR, NODE_CLOUD};
	for (int kk = 0; kk < 2; kk++) {
		uint32_t first = r->n_markets;
		for (uint32_t i = 0; i < r->n_prov; i++) {
			const struct node *v = &ds->nodes[r->prov[i].node];
			if (v->kind != kinds[kk] || r->prov[i].owner != r->prov[i].node)
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
	unsigned char *gseen = xcalloc((size_t)r->n_prov + 1, 1); /* by slot */
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
		group_index(ds, r, mk, wv, gseen);
	}
	free(gseen);
	free(wv);
}

/* ---- reach ------------------------------------------------------------ */

/*
 * Reverse breadth-first search from p over every edge (parents included):
 * the dependents with a path to p and the length of the shortest one.
 * Visited nodes are marked seen[v] == ep and listed in queue[0 .. *nq).
 */
void conc_reach_bfs(const struct engine *e, uint32_t p, uint32_t *seen,
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

static int cmp_type_share(const void *a, const void *b)
{
	const struct conc_type_share *x = a, *y = b;
	return (x->type > y->type) - (x->type < y->type);
}

/* Exposure, per-type shares and the DORA-style flag of provider pr. */
void conc_exposure(struct work *w, struct conc_result *r, struct conc_provider *pr,
                   const uint32_t *queue, uint32_t nq)
{
	const struct dataset *ds = w->ds;
	uint32_t ep = conc_next_epoch(w);
	uint32_t n = 0;
	size_t cap = 0;
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
				ALLOC_GROW(ts, n + 1, cap);
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
