/*
 * profile.c - one institution's providers, paths, single points of
 * failure, false redundancies and cut sets, read off the sector analysis;
 * the indicators of every institution and where each stands among its
 * peers (chokepoint-report(5), PROFILE FILES).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "sim/profile.h"

/* Marks of a breadth-first search, reused across searches by epoch. */
struct bfs {
	uint32_t *seen, *dist, *parent, *queue;
	uint32_t epoch;
	uint32_t n;
};

static void bfs_init(struct bfs *b, uint32_t n_nodes)
{
	b->seen = xcalloc((size_t)n_nodes + 1, sizeof *b->seen);
	b->dist = xcalloc((size_t)n_nodes + 1, sizeof *b->dist);
	b->parent = xcalloc((size_t)n_nodes + 1, sizeof *b->parent);
	b->queue = xcalloc((size_t)n_nodes + 1, sizeof *b->queue);
	b->epoch = 0;
}

static void bfs_free(struct bfs *b)
{
	free(b->seen);
	free(b->dist);
	free(b->parent);
	free(b->queue);
}

/*
 * Forward breadth-first search along the dependency edges (from a
 * dependent to what it needs, parents included) from the nodes
 * src[0 .. n): every node they depend on, the length of the shortest path
 * to it and its predecessor on one such path.  Sources in the order given,
 * each node's groups and members in the engine's (file) order, so the path
 * found is the same on every run.  The visited nodes are b->queue[0 .. b->n).
 */
static void bfs_forward(const struct engine *e, struct bfs *b, const uint32_t *src,
                        uint32_t n)
{
	uint32_t ep = ++b->epoch, head = 0, tail = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (b->seen[src[i]] == ep)
			continue;
		b->seen[src[i]] = ep;
		b->dist[src[i]] = 0;
		b->parent[src[i]] = NODE_NONE;
		b->queue[tail++] = src[i];
	}
	while (head < tail) {
		uint32_t u = b->queue[head++];
		for (uint32_t g = e->grp_off[u]; g < e->grp_off[u + 1]; g++)
			for (uint32_t m = e->grp_mem_off[g]; m < e->grp_mem_off[g + 1];
			     m++) {
				uint32_t v = e->mem_to[m];
				if (b->seen[v] == ep)
					continue;
				b->seen[v] = ep;
				b->dist[v] = b->dist[u] + 1;
				b->parent[v] = u;
				b->queue[tail++] = v;
			}
	}
	b->n = tail;
}

/* The first row of r->spof whose service is >= v. */
static size_t spof_lower(const struct conc_result *r, uint32_t v)
{
	size_t lo = 0, hi = r->n_spof;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->spof[mid].service < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first row of r->cut_hit whose service is >= v. */
static size_t hit_lower(const struct conc_result *r, uint32_t v)
{
	size_t lo = 0, hi = r->n_cut_hit;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->cut_hit[mid].service < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static enum cp_status spof_complete(const struct conc_result *r, char *err, size_t errsz)
{
	if (!r->spof_truncated)
		return CP_OK;
	snprintf(err, errsz,
	         "more than %" PRIu64 " single points of failure: the "
	         "profiles need them all (--limit spof=N)",
	         r->spof_limit);
	return CP_ERR_LIMIT;
}

static int cmp_prov(const void *a, const void *b)
{
	const struct prof_provider *x = a, *y = b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

static int cmp_hit_pair(const void *a, const void *b)
{
	const struct conc_cut_hit *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return (x->service > y->service) - (x->service < y->service);
}

static int cmp_cut(const void *a, const void *b)
{
	const struct prof_cut *x = a, *y = b;
	if (x->services != y->services)
		return x->services > y->services ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

/* Its order-2 cut sets, from r->cut_hit (sorted by service). */
static void profile_cuts(const struct conc_result *r, uint32_t s_lo, uint32_t s_hi,
                         struct profile *p)
{
	size_t lo = hit_lower(r, s_lo), hi = hit_lower(r, s_hi);
	if (hi == lo)
		return;
	struct conc_cut_hit *h = xcalloc(hi - lo, sizeof *h);
	memcpy(h, r->cut_hit + lo, (hi - lo) * sizeof *h);
	qsort(h, hi - lo, sizeof *h, cmp_hit_pair);
	p->cut = xcalloc(hi - lo, sizeof *p->cut);
	for (size_t k = 0; k < hi - lo; k++) {
		struct prof_cut *c = p->n_cut ? &p->cut[p->n_cut - 1] : NULL;
		if (c && c->a == h[k].a && c->b == h[k].b) {
			c->services++; /* services ascending: the example is the first */
			continue;
		}
		p->cut[p->n_cut++] = (struct prof_cut){h[k].a, h[k].b, 1, h[k].service};
	}
	free(h);
	qsort(p->cut, p->n_cut, sizeof *p->cut, cmp_cut);
}

int profile_build(const struct dataset *ds, const struct engine *e,
                  const struct conc_result *r, uint32_t inst, struct profile *p,
                  char *err, size_t errsz)
{
	memset(p, 0, sizeof *p);
	p->inst = inst;
	if (inst >= ds->n_nodes || ds->nodes[inst].kind != NODE_INSTITUTION ||
	    e->n_nodes != ds->n_nodes) {
		snprintf(err, errsz, "profile: not an institution of the data set");
		return CP_ERR_INVALID;
	}
	enum cp_status rc = spof_complete(r, err, errsz);
	if (rc != CP_OK)
		return rc;
	const struct node *in = &ds->nodes[inst];
	const uint32_t s_lo = in->first_service,
	               s_hi = in->first_service + in->n_services;
	uint32_t *svc = xcalloc((size_t)in->n_services + 1, sizeof *svc);
	for (uint32_t k = 0; k < in->n_services; k++)
		svc[k] = s_lo + k;
	uint32_t *pos = xreallocarray(NULL, (size_t)ds->n_nodes + 1, sizeof *pos);
	struct bfs b;
	bfs_init(&b, ds->n_nodes);

	/* The providers, with their depth and a shortest path. */
	bfs_forward(e, &b, svc, in->n_services);
	p->prov = xcalloc((size_t)b.n + 1, sizeof *p->prov);
	for (uint32_t q = 0; q < b.n; q++) {
		uint32_t v = b.queue[q];
		if (!node_is_provider(&ds->nodes[v]))
			continue;
		struct prof_provider *pr = &p->prov[p->n_prov++];
		pr->node = v;
		pr->depth = b.dist[v];
		pr->path = xcalloc((size_t)pr->depth + 1, sizeof *pr->path);
		uint32_t x = v;
		for (uint32_t k = pr->depth + 1; k-- > 0; x = b.parent[x])
			pr->path[k] = x;
		p->n_direct += pr->depth == 1;
	}
	qsort(p->prov, p->n_prov, sizeof *p->prov, cmp_prov);
	for (uint32_t k = 0; k < p->n_prov; k++)
		pos[p->prov[k].node] = k;

	/* Services reached: one search from each service. */
	for (uint32_t k = 0; k < in->n_services; k++) {
		bfs_forward(e, &b, &svc[k], 1);
		for (uint32_t q = 0; q < b.n; q++)
			if (node_is_provider(&ds->nodes[b.queue[q]]))
				p->prov[pos[b.queue[q]]].services_reached++;
	}

	/* Single points of failure: its rows of spof.csv. */
	p->spof_lo = spof_lower(r, s_lo);
	p->spof_hi = spof_lower(r, s_hi);
	for (size_t k = p->spof_lo; k < p->spof_hi; k++)
		p->prov[pos[r->spof[k].provider]].spof_services++;

	/* False redundancy: the rows of its services' groups. */
	p->fr = xcalloc(r->n_fr + 1, sizeof *p->fr);
	for (size_t k = 0; k < r->n_fr; k++) {
		uint32_t v = ds->groups[r->fr[k].group].node;
		if (v >= s_lo && v < s_hi)
			p->fr[p->n_fr++] = k;
	}

	profile_cuts(r, s_lo, s_hi, p);
	bfs_free(&b);
	free(pos);
	free(svc);
	return CP_OK;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (uint32_t k = 0; k < p->n_prov; k++)
		free(p->prov[k].path);
	free(p->prov);
	free(p->fr);
	free(p->cut);
	memset(p, 0, sizeof *p);
}

/* ---- the indicators ---------------------------------------------------- */

/* The structural indicators of institution i from its rows of spof.csv
 * and the search b; cnt and stamp count each provider's services. */
static void struct_indicators(const struct dataset *ds, const struct engine *e,
                              const struct conc_result *r, uint32_t i, struct bfs *b,
                              uint32_t *cnt, uint32_t *stamp, double *out)
{
	const struct node *in = &ds->nodes[i];
	const uint32_t s_lo = in->first_service, s_hi = s_lo + in->n_services;
	uint32_t *svc = xcalloc((size_t)in->n_services + 1, sizeof *svc);
	for (uint32_t k = 0; k < in->n_services; k++)
		svc[k] = s_lo + k;
	bfs_forward(e, b, svc, in->n_services);
	free(svc);
	uint32_t n_prov = 0;
	for (uint32_t q = 0; q < b->n; q++)
		n_prov += node_is_provider(&ds->nodes[b->queue[q]]) ? 1u : 0u;

	size_t k = spof_lower(r, s_lo); /* the loader keeps them contiguous */
	uint32_t with = 0, hidden = 0, most = 0;
	while (k < r->n_spof && r->spof[k].service < s_hi) {
		uint32_t v = r->spof[k].service;
		int nth = 0;
		for (; k < r->n_spof && r->spof[k].service == v; k++) {
			uint32_t pv = r->spof[k].provider;
			nth |= r->spof[k].depth >= 2;
			if (stamp[pv] != i + 1) {
				stamp[pv] = i + 1;
				cnt[pv] = 0;
			}
			if (++cnt[pv] > most)
				most = cnt[pv];
		}
		with++;
		hidden += nth ? 1u : 0u;
	}
	double ns = in->n_services;
	out[PROF_SVC_SPOF] = with;
	out[PROF_HIDDEN_SPOF_SHARE] = ns > 0 ? hidden / ns : 0;
	out[PROF_PROVIDERS] = n_prov;
	out[PROF_LARGEST_SHARE] = ns > 0 ? most / ns : 0;
}

int prof_table_build(const struct dataset *ds, const struct engine *e,
                     const struct conc_result *r, const struct prof_run *runs,
                     size_t n_runs, struct prof_table *t, char *err, size_t errsz)
{
	memset(t, 0, sizeof *t);
	enum cp_status rc = spof_complete(r, err, errsz);
	if (rc != CP_OK)
		return rc;
	static const char *const names[PROF_N_STRUCT] = {"services_with_spof",
	                                                 "hidden_spof_share", "providers",
	                                                 "largest_provider_share"};
	t->n_inst = ds->n_kind[NODE_INSTITUTION];
	t->n_ind = PROF_N_STRUCT + 2 * (uint32_t)n_runs;
	t->names = xcalloc(t->n_ind, sizeof *t->names);
	for (uint32_t k = 0; k < PROF_N_STRUCT; k++)
		t->names[k] = xstrdup(names[k]);
	for (size_t m = 0; m < n_runs; m++) {
		t->names[PROF_N_STRUCT + 2 * m] = xasprintf("p_breach:%s", runs[m].name);
		t->names[PROF_N_STRUCT + 2 * m + 1] =
		    xasprintf("worst_service_mean_downtime:%s", runs[m].name);
	}
	t->value = xcalloc((size_t)t->n_inst * t->n_ind + 1, sizeof *t->value);

	struct bfs b;
	bfs_init(&b, ds->n_nodes);
	uint32_t *cnt = xcalloc((size_t)ds->n_nodes + 1, sizeof *cnt);
	uint32_t *stamp = xcalloc((size_t)ds->n_nodes + 1, sizeof *stamp);
	const uint32_t s0 = ds->first_kind[NODE_SERVICE];
	for (uint32_t i = 0; i < t->n_inst; i++) {
		double *out = &t->value[(size_t)i * t->n_ind];
		struct_indicators(ds, e, r, i, &b, cnt, stamp, out);
		const struct node *in = &ds->nodes[i];
		for (size_t m = 0; m < n_runs; m++) {
			const struct mc_result *res = runs[m].res;
			double n = (double)res->trials, worst = 0;
			for (uint32_t s = in->first_service;
			     s < in->first_service + in->n_services; s++) {
				double d = res->svc_down_sum[s - s0] / n;
				if (d > worst)
					worst = d;
			}
			out[PROF_N_STRUCT + 2 * m] =
			    (double)res->inst_breach_trials[i] / n;
			out[PROF_N_STRUCT + 2 * m + 1] = worst;
		}
	}
	free(cnt);
	free(stamp);
	bfs_free(&b);
	return CP_OK;
}

void prof_table_free(struct prof_table *t)
{
	if (!t)
		return;
	for (uint32_t k = 0; k < t->n_ind; k++)
		free(t->names[k]);
	free(t->names);
	free(t->value);
	memset(t, 0, sizeof *t);
}

/* ---- peers -------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The group of each institution: its type's number, or 0 for all; the
 * group of a named type is 'fixed' (UINT32_MAX if no institution has it). */
static uint32_t peer_groups(const struct dataset *ds, const struct prof_peers *pe,
                            uint32_t *group, uint32_t *fixed)
{
	uint32_t ni = ds->n_kind[NODE_INSTITUTION];
	const char **types = xcalloc((size_t)ni + 1, sizeof *types);
	uint32_t nt = dataset_number_types(ds, NODE_INSTITUTION, group, types);
	*fixed = UINT32_MAX;
	if (pe->type)
		for (uint32_t k = 0; k < nt; k++)
			if (strcmp(types[k], pe->type) == 0)
				*fixed = k;
	free(types);
	if (pe->all) {
		memset(group, 0, (size_t)ni * sizeof *group);
		*fixed = 0;
		return 1;
	}
	return nt;
}

struct stats_peer *prof_peer_table(const struct dataset *ds, const struct prof_table *t,
                                   const struct prof_peers *pe)
{
	const uint32_t ni = t->n_inst;
	uint32_t *group = xcalloc((size_t)ni + 1, sizeof *group);
	uint32_t fixed;
	uint32_t ng = peer_groups(ds, pe, group, &fixed);
	struct stats_peer *out = xcalloc((size_t)ni * t->n_ind + 1, sizeof *out);
	/* the members of each group, as CSR, in node order */
	uint32_t *off = xcalloc((size_t)ng + 2, sizeof *off);
	uint32_t *mem = xcalloc((size_t)ni + 1, sizeof *mem);
	for (uint32_t i = 0; i < ni; i++)
		off[group[i] + 1]++;
	for (uint32_t g = 0; g < ng; g++)
		off[g + 1] += off[g];
	uint32_t *fill = xcalloc((size_t)ng + 1, sizeof *fill);
	for (uint32_t i = 0; i < ni; i++)
		mem[off[group[i]] + fill[group[i]]++] = i;
	free(fill);
	double *v = xcalloc((size_t)ni + 1, sizeof *v);
	const int named = pe->type && !pe->all;
	for (uint32_t k = 0; k < t->n_ind; k++)
		for (uint32_t g = 0; g < ng; g++) {
			if (named && g != fixed)
				continue;
			size_t n = 0;
			for (uint32_t j = off[g]; j < off[g + 1]; j++)
				v[n++] = t->value[(size_t)mem[j] * t->n_ind + k];
			qsort(v, n, sizeof *v, cmp_double);
			/* a named type: everyone against it, itself left out */
			for (uint32_t j = named ? 0 : off[g];
			     j < (named ? ni : off[g + 1]); j++) {
				uint32_t i = named ? j : mem[j];
				double x = t->value[(size_t)i * t->n_ind + k];
				stats_peer(v, n, x, group[i] == g,
				           &out[(size_t)i * t->n_ind + k]);
			}
		}
	if (named && fixed == UINT32_MAX) /* nobody of that type */
		for (size_t x = 0; x < (size_t)ni * t->n_ind; x++)
			stats_peer(NULL, 0, 0, 0, &out[x]);
	free(v);
	free(mem);
	free(off);
	free(group);
	return out;
}

double *prof_peer_values(const struct dataset *ds, const struct prof_table *t,
                         const struct prof_peers *pe, uint32_t inst, uint32_t k,
                         size_t *n)
{
	uint32_t *group = xcalloc((size_t)t->n_inst + 1, sizeof *group);
	uint32_t fixed;
	peer_groups(ds, pe, group, &fixed);
	uint32_t g = pe->type || pe->all ? fixed : group[inst];
	double *v = xcalloc((size_t)t->n_inst + 1, sizeof *v);
	*n = 0;
	for (uint32_t i = 0; i < t->n_inst; i++)
		if (i != inst && group[i] == g)
			v[(*n)++] = t->value[(size_t)i * t->n_ind + k];
	qsort(v, *n, sizeof *v, cmp_double);
	free(group);
	return v;
}
