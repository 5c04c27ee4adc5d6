/*
 * conc_work.c - the working state of the concentration analysis: its
 * set-up, the epoch marks that count each institution once, the outcome
 * of one propagation (conc_tally) and the propagation of a set of roots.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/conc_internal.h"

/* A fresh mark for inst_stamp (cleared when the counter wraps). */
uint32_t conc_next_epoch(struct work *w)
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
void conc_outcome_add(struct work *w, struct conc_outcome *out, uint32_t v,
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

void conc_outcome_finish(const struct dataset *ds, struct conc_outcome *out)
{
	out->assets_share = assets_share(ds, out->assets);
}

/*
 * The services of the current propagation that are affected (down > 0)
 * or in breach (down > tolerance), each with its downtime taken as
 * min(cap, down): a single-root propagation without limit replays as one
 * of 'cap' hours (engine_effect).  'only' (optional) restricts the count
 * to a bitset of services.
 */
void conc_tally(struct work *w, enum tally_mode mode, const uint64_t *only,
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
void conc_propagate(struct work *w, const uint32_t *roots, size_t n, double dur)
{
	for (size_t i = 0; i < n; i++)
		w->dur[i] = dur;
	engine_propagate(w->e, w->s, roots, w->dur, n);
}

int conc_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Set up w for an analysis of ds on e; numbers the types of r on the way. */
void conc_work_init(struct work *w, const struct dataset *ds, const struct engine *e,
                    struct conc_result *r)
{
	const uint32_t n = ds->n_nodes;
	*w = (struct work){.ds = ds, .e = e};
	w->s = engine_scratch_new(e);
	w->s0 = ds->first_kind[NODE_SERVICE];
	w->n_svc = ds->n_kind[NODE_SERVICE];
	w->svc_words = ((size_t)w->n_svc + 63) / 64;
	w->inst_stamp = xcalloc((size_t)n + 1, sizeof *w->inst_stamp);
	w->inst_type = xcalloc((size_t)n + 1, sizeof *w->inst_type);
	conc_index_groups(w);
	conc_collect_types(w, r);
	w->n_types = r->n_types;
	w->type_stamp = xcalloc((size_t)r->n_types + 1, sizeof *w->type_stamp);
	w->type_pos = xcalloc((size_t)r->n_types + 1, sizeof *w->type_pos);
	w->dur = xcalloc((size_t)n + 2, sizeof *w->dur);
}

/* Free what conc_work_init allocated (a zeroed w is fine). */
void conc_work_free(struct work *w)
{
	free(w->inst_stamp);
	free(w->inst_type);
	free(w->type_stamp);
	free(w->type_pos);
	free(w->grp_off);
	free(w->grp_idx);
	free(w->buf);
	free(w->dur);
	engine_scratch_free(w->s);
}
