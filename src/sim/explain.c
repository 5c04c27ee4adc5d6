/*
 * explain.c - reproduce one trial and trace its breaches (explain.h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "sim/explain.h"

struct ex_ctx {
	const struct model *m;
	const struct dataset *ds;
	const struct engine *e;
	struct engine_scratch *sc;
	struct explain *x;
	size_t alloc_events;
	uint8_t *mark;  /* [n_nodes] */
	uint32_t watch; /* explain_find_breach: the node, else NODE_NONE */
	int found;
	int trace; /* build events (explain_trial) */
};

/* Own duration of v in the event: the longest of its roots, else 0. */
static double own(const uint32_t *roots, const double *dur, size_t n, uint32_t v)
{
	double d = 0;
	for (size_t i = 0; i < n; i++)
		if (roots[i] == v && dur[i] > d)
			d = dur[i];
	return d;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The value of group g in the scratch (engine.h): the (n - k + 1)-th
 * largest of the members' downtimes after failover; members down in *nd. */
static double group_value(const struct engine *e, const struct engine_scratch *sc,
                          uint32_t g, double *buf, uint32_t *nd)
{
	uint32_t lo = e->grp_mem_off[g], hi = e->grp_mem_off[g + 1], n = hi - lo;
	*nd = 0;
	for (uint32_t i = lo; i < hi; i++) {
		double d = sc->down[e->mem_to[i]];
		*nd += d > 0;
		buf[i - lo] = d < e->mem_failover[i] ? d : e->mem_failover[i];
	}
	qsort(buf, n, sizeof *buf, cmp_desc);
	uint32_t k = e->grp_k[g];
	return k <= n ? buf[n - k] : 0;
}

/* The path from a root to service node v (explain.h). */
static void trace(struct ex_ctx *c, const uint32_t *roots, const double *dur, size_t nr,
                  uint32_t v, struct ex_service *out)
{
	const struct engine *e = c->e;
	const struct engine_scratch *sc = c->sc;
	double *buf = xcalloc(e->max_group_size + 1, sizeof *buf);
	struct ex_hop *h = NULL;
	size_t n = 0, alloc = 0;
	uint32_t *seen = NULL;
	size_t n_seen = 0, alloc_seen = 0;
	for (;;) {
		ALLOC_GROW(h, n + 1, alloc);
		h[n] =
		    (struct ex_hop){.node = v, .down = sc->down[v], .failover = INFINITY};
		n++;
		c->mark[v] = 1;
		ALLOC_GROW(seen, n_seen + 1, alloc_seen);
		seen[n_seen++] = v;
		double d = sc->down[v];
		if (own(roots, dur, nr, v) >= d)
			break; /* a root down d */
		uint32_t next = NODE_NONE, nk = 0, nn = 0, nd = 0;
		double fo = INFINITY;
		for (uint32_t g = e->grp_off[v];
		     g < e->grp_off[v + 1] && next == NODE_NONE; g++) {
			uint32_t down_n;
			if (group_value(e, sc, g, buf, &down_n) != d)
				continue;
			for (uint32_t i = e->grp_mem_off[g]; i < e->grp_mem_off[g + 1];
			     i++) {
				uint32_t u = e->mem_to[i];
				double x = sc->down[u] < e->mem_failover[i]
				               ? sc->down[u]
				               : e->mem_failover[i];
				if (x != d || c->mark[u])
					continue;
				if (next == NODE_NONE || u < next) {
					next = u;
					fo = e->mem_failover[i];
				}
			}
			nk = e->grp_k[g];
			nn = e->grp_mem_off[g + 1] - e->grp_mem_off[g];
			nd = down_n;
		}
		if (next == NODE_NONE)
			break;
		/* the edge next -> v: kept on v's hop until the reversal */
		h[n - 1].k = nk;
		h[n - 1].n = nn;
		h[n - 1].n_down = nd;
		h[n - 1].failover = fo;
		v = next;
	}
	for (size_t i = 0; i < n_seen; i++)
		c->mark[seen[i]] = 0;
	free(seen);
	free(buf);
	/* reverse: root first; the group facts of hop i (built service
	 * first) describe the edge from hop i + 1 to hop i, so after the
	 * reversal they belong to the hop the edge leaves from */
	struct ex_hop *r = xcalloc(n, sizeof *r);
	for (size_t i = 0; i < n; i++) {
		r[i] = h[n - 1 - i];
		r[i].k = r[i].n = r[i].n_down = 0;
		r[i].failover = INFINITY;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		/* h[i] (dependent) -> h[i + 1] (member) is r[n-1-i] <- r[n-2-i] */
		r[n - 2 - i].k = h[i].k;
		r[n - 2 - i].n = h[i].n;
		r[n - 2 - i].n_down = h[i].n_down;
		r[n - 2 - i].failover = h[i].failover;
	}
	free(h);
	out->hops = r;
	out->n_hops = (uint32_t)n;
}

static int cmp_service(const void *a, const void *b)
{
	const struct ex_service *x = a, *y = b;
	double ex = x->down - x->tolerance, ey = y->down - y->tolerance;
	if (ex != ey)
		return ex < ey ? 1 : -1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* One event of the trial (mc_event_fn). */
static void on_event(void *arg, const uint32_t *roots, const double *dur,
                     const uint32_t *root_src, size_t nr)
{
	struct ex_ctx *c = arg;
	const struct dataset *ds = c->ds;
	const struct engine *e = c->e;
	struct explain *x = c->x;
	engine_propagate(e, c->sc, roots, dur, nr);
	const struct engine_scratch *sc = c->sc;
	/* the sector figures as mc_run folds them, in touched order */
	uint32_t n_svc = 0, n_inst = 0, n_aff = 0;
	double assets = 0;
	uint32_t *inst = xcalloc((size_t)ds->n_kind[NODE_INSTITUTION] + 1, sizeof *inst);
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		if (!e->is_service[v])
			continue;
		n_aff++;
		if (!(sc->down[v] > e->tolerance[v]))
			continue;
		n_svc++;
		uint32_t i = ds->nodes[v].institution;
		if (v == c->watch || i == c->watch)
			c->found = 1;
		if (!c->mark[i]) {
			c->mark[i] = 1;
			inst[n_inst++] = i;
			assets += ds->nodes[i].total_assets;
		}
	}
	for (uint32_t i = 0; i < n_inst; i++)
		c->mark[inst[i]] = 0;
	double share = ds->total_assets > 0 ? assets / ds->total_assets : 0;
	int threshold = n_inst > 0 && share >= c->m->systemic_assets_share;
	int systemic = threshold && n_inst >= c->m->systemic_min_institutions;
	x->t_events++;
	if (n_inst > x->t_inst)
		x->t_inst = n_inst;
	if (n_svc > x->t_svc)
		x->t_svc = n_svc;
	if (share > x->t_assets)
		x->t_assets = share;
	if (systemic)
		x->t_systemic = 1;
	if (threshold)
		x->t_threshold = 1;
	if (c->trace) {
		ALLOC_GROW(x->events, x->n_events + 1, c->alloc_events);
		struct ex_event *ev = &x->events[x->n_events++];
		memset(ev, 0, sizeof *ev);
		ev->n_roots = nr;
		ev->roots = xcalloc(nr + 1, sizeof *ev->roots);
		for (size_t i = 0; i < nr; i++)
			ev->roots[i] = (struct ex_root){roots[i], dur[i], root_src[i]};
		ev->services = xcalloc((size_t)n_svc + 1, sizeof *ev->services);
		for (uint32_t t = 0; t < sc->n_touched; t++) {
			uint32_t v = sc->touched[t];
			if (!e->is_service[v] || !(sc->down[v] > e->tolerance[v]))
				continue;
			struct ex_service *s = &ev->services[ev->n_services++];
			s->node = v;
			s->down = sc->down[v];
			s->tolerance = e->tolerance[v];
			trace(c, roots, dur, nr, v, s);
		}
		qsort(ev->services, ev->n_services, sizeof *ev->services, cmp_service);
		qsort(inst, n_inst, sizeof *inst, cmp_u32);
		ev->inst = inst;
		ev->n_inst = n_inst;
		ev->assets_share = share;
		ev->threshold = threshold;
		ev->systemic = systemic;
		ev->n_affected = n_aff;
		inst = NULL;
	}
	free(inst);
	engine_scratch_reset(c->sc);
}

int explain_trial(const struct model *m, const struct dataset *ds, const struct engine *e,
                  uint64_t trial, struct explain *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	out->trial = trial;
	mc_make_sources(m, ds, &out->src);
	struct ex_ctx c = {
	    .m = m, .ds = ds, .e = e, .x = out, .watch = NODE_NONE, .trace = 1};
	c.sc = engine_scratch_new(e);
	c.mark = xcalloc((size_t)ds->n_nodes + 1, 1);
	int r =
	    mc_trial_events(m, out->src.sources, out->src.n_sources, trial, on_event, &c);
	engine_scratch_free(c.sc);
	free(c.mark);
	if (r != 0) {
		snprintf(err, errsz, "out of memory");
		explain_free(out);
		return CP_ERR_INVALID;
	}
	return CP_OK;
}

uint64_t explain_find_breach(const struct model *m, const struct dataset *ds,
                             const struct engine *e, uint32_t node)
{
	struct explain x;
	memset(&x, 0, sizeof x);
	mc_make_sources(m, ds, &x.src);
	struct ex_ctx c = {.m = m, .ds = ds, .e = e, .x = &x, .watch = node};
	c.sc = engine_scratch_new(e);
	c.mark = xcalloc((size_t)ds->n_nodes + 1, 1);
	uint64_t found = UINT64_MAX;
	for (uint64_t t = 0; t < m->trials && found == UINT64_MAX; t++) {
		if (mc_trial_events(m, x.src.sources, x.src.n_sources, t, on_event, &c) !=
		    0)
			break;
		if (c.found)
			found = t;
	}
	engine_scratch_free(c.sc);
	free(c.mark);
	mc_result_free(&x.src);
	return found;
}

void explain_free(struct explain *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_events; i++) {
		struct ex_event *ev = &x->events[i];
		for (size_t j = 0; j < ev->n_services; j++)
			free(ev->services[j].hops);
		free(ev->services);
		free(ev->roots);
		free(ev->inst);
	}
	free(x->events);
	mc_result_free(&x->src);
	memset(x, 0, sizeof *x);
}
