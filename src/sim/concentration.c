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
 *
 * This file holds the market indices and conc_analyze, which runs the
 * parts: conc_reach.c (institution types, reliance, markets and reach),
 * conc_spof.c (false redundancy), conc_cutsets.c (the candidate lists
 * and the cut sets) and conc_stress.c (the reverse stress test), on the
 * working state of conc_internal.h (conc_work.c).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/concentration.h"
#include "sim/conc_internal.h"
#include "base/limits.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/text.h"

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

/* ---- the analysis ----------------------------------------------------- */

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
