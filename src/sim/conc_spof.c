/*
 * conc_spof.c - what one provider's lone outage defeats: the redundancy
 * groups it brings down (false_redundancy.csv), and the orders of
 * spof.csv and false_redundancy.csv.  The single points of failure are
 * counted in the per-provider pass of conc_analyze.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/conc_internal.h"

/* Dataset groups of each node, as CSR (the loader sorts them by node,
 * but counting them costs nothing and assumes nothing). */
void conc_index_groups(struct work *w)
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
	w->buf_n = maxn;
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
void conc_find_false_redundancy(struct work *w, uint32_t p, struct conc_false_red **fr,
                                size_t *n_fr, size_t *cap, uint32_t *n_groups)
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
			ALLOC_GROW(*fr, *n_fr + 1, *cap);
			(*fr)[(*n_fr)++] = (struct conc_false_red){w->grp_idx[j], p, np,
			                                           w->buf[need - 1]};
			(*n_groups)++;
		}
	}
}

int conc_cmp_spof(const void *a, const void *b)
{
	const struct conc_spof *x = a, *y = b;
	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return (x->provider > y->provider) - (x->provider < y->provider);
}

int conc_cmp_fr(const void *a, const void *b)
{
	const struct conc_false_red *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->provider > y->provider) - (x->provider < y->provider);
}
