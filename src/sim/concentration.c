/*
 * concentration.c - the deterministic analyses of `chokepoint analyze`
 * (chokepoint-method(7), CONCENTRATION ANALYSIS; every figure is defined
 * in chokepoint-report(5)).
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
 * scratch serves every propagation of a thread; engine_scratch_reset
 * undoes each in time proportional to what it touched.  The pass runs on
 * the threads of conc_options (provider_pass), its rows merged in
 * provider order.
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
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/error.h"
#include "base/limits.h"
#include "base/text.h"
#include "sim/conc_internal.h"
#include "sim/concentration.h"

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

/* What conc_analyze allocates for its own use; analysis_free frees it. */
struct analysis {
	struct work w;
	struct cand_lists C;
	uint64_t n_prov;    /* providers, counted before anything is allocated */
	uint64_t dom_bytes; /* size of dom */
	uint64_t mem;       /* the memory limit */
	uint32_t *pidx;     /* [n_nodes] node -> provider index, NONE32 if none */
	uint64_t *dom;      /* [n_prov * pw] bit (i, j): i's outage keeps j down */
	size_t pw;          /* 64-bit words of a row of dom */
};

/*
 * One thread of the per-provider pass: its own scratch and marks (w, a
 * copy of the analysis' work with its own writable arrays), the arrays
 * of the reverse search, and the rows its providers gave, which
 * merge_pass appends to the result in provider order.
 */
struct pass_thread {
	struct work w;
	uint32_t *seen;         /* [n_nodes] the reverse search from a provider: */
	uint32_t *dist;         /* marks, path lengths */
	uint32_t *queue;        /* and the nodes it reached */
	uint8_t *has_spof;      /* [n_svc] the service has a single point of failure */
	struct cand_lists c;    /* candidates (pos, n, cap, max, over only) */
	struct conc_spof *spof; /* spof rows, at most the spof limit */
	size_t n_spof, spof_cap;
	uint64_t spof_rows; /* rows found, kept or not */
	struct conc_false_red *fr;
	size_t n_fr, fr_cap;
};

/* Where the rows of provider i are, in the lists of the thread that did it. */
struct pass_rows {
	uint32_t tid;
	uint32_t n_cand, n_spof, n_fr;
	size_t cand, spof, fr; /* the first */
};

/*
 * The quadratic part first, before anything is allocated: refuse a data
 * set whose provider-by-provider matrix of the cut-set search (dom) does
 * not fit the memory limit.
 */
static enum cp_status check_matrix(const struct dataset *ds, struct analysis *a,
                                   char *err, size_t errsz)
{
	const uint32_t n = ds->n_nodes;
	uint64_t np = 0;
	for (uint32_t v = 0; v < n; v++)
		np += node_is_provider(&ds->nodes[v]);
	a->n_prov = np;
	a->dom_bytes = np * ((np + 63) / 64) * 8;
	a->mem = limit_get(LIMIT_MEMORY);
	if (a->dom_bytes > a->mem) {
		char need[32], have[32];
		fmt_bytes(need, sizeof need, (double)a->dom_bytes);
		fmt_bytes(have, sizeof have, (double)a->mem);
		snprintf(err, errsz, "%" PRIu64 " providers: the cut-set search needs a %s "
		         "provider-by-provider matrix (providers^2 / 8 bytes); the limit is %s "
		         "(--limit memory=SIZE)", np, need, have);
		return CP_ERR_LIMIT;
	}
	return CP_OK;
}

/* The providers, in node order (r->prov); returns the map node -> index. */
static uint32_t *list_providers(const struct dataset *ds, struct conc_result *r)
{
	const uint32_t n = ds->n_nodes;
	uint32_t *pidx = xreallocarray(NULL, (size_t)n + 1, sizeof *pidx);
	r->prov = xcalloc((size_t)n + 1, sizeof *r->prov);
	for (uint32_t v = 0; v < n; v++) {
		pidx[v] = NONE32;
		if (node_is_provider(&ds->nodes[v])) {
			pidx[v] = r->n_prov;
			r->prov[r->n_prov++].node = v;
		}
	}
	return pidx;
}

/* A copy of the grid of the breach curve, and the curve's rows. */
static void alloc_curve(struct conc_result *r, const struct conc_options *o)
{
	r->n_durations = o->n_durations;
	r->durations = xcalloc(o->n_durations + 1, sizeof *r->durations);
	if (o->n_durations)
		memcpy(r->durations, o->durations, o->n_durations * sizeof *r->durations);
	r->curve = xcalloc((size_t)r->n_prov * o->n_durations + 1, sizeof *r->curve);
}

/* Empty cut-set candidate lists for the n_prov providers. */
static void cand_init(struct analysis *a, uint32_t n_prov)
{
	struct cand_lists *C = &a->C;
	/* The candidate lists, 4 bytes an entry, share the memory limit with
	 * the matrix, and their offsets are 32-bit. */
	C->max = (size_t)((a->mem - a->dom_bytes) / sizeof *C->pos);
	if (C->max > UINT32_MAX - 1)
		C->max = UINT32_MAX - 1;
	/* never NULL: C->pos + C->off[i] is formed even for empty lists */
	C->cap = 1024;
	C->pos = xreallocarray(NULL, C->cap, sizeof *C->pos);
	C->off = xcalloc((size_t)n_prov + 1, sizeof *C->off);
	C->size = xcalloc((size_t)n_prov + 1, sizeof *C->size);
	conc_cand_order(&a->w, C);
}

/* The matrix dom, for the pass. */
static void pass_init(struct analysis *a, uint32_t n_prov)
{
	a->pw = ((size_t)n_prov + 63) / 64;
	a->dom = xcalloc((size_t)n_prov * a->pw + 1, sizeof *a->dom); /* p keeps q down */
}

/* Thread t of the pass: the analysis' work with its own scratch, marks
 * and buffers (the rest is read only), and empty lists. */
static void pass_thread_init(struct pass_thread *t, const struct analysis *a)
{
	const struct work *w = &a->w;
	const uint32_t n = w->ds->n_nodes;
	memset(t, 0, sizeof *t);
	t->w = *w;
	t->w.s = engine_scratch_new(w->e);
	t->w.inst_stamp = xcalloc((size_t)n + 1, sizeof *t->w.inst_stamp);
	t->w.epoch = 0;
	t->w.type_stamp = xcalloc((size_t)w->n_types + 1, sizeof *t->w.type_stamp);
	t->w.type_pos = xcalloc((size_t)w->n_types + 1, sizeof *t->w.type_pos);
	t->w.buf = xreallocarray(NULL, (size_t)w->buf_n + 1, sizeof *t->w.buf);
	t->w.dur = xcalloc((size_t)n + 2, sizeof *t->w.dur);
	t->seen = xcalloc((size_t)n + 1, sizeof *t->seen);
	t->dist = xcalloc((size_t)n + 1, sizeof *t->dist);
	t->queue = xreallocarray(NULL, (size_t)n + 1, sizeof *t->queue);
	t->has_spof = xcalloc((size_t)w->n_svc + 1, 1);
	t->c.max = a->C.max;
}

/* Free thread t's working arrays (its lists stay for merge_pass). */
static void pass_thread_done(struct pass_thread *t)
{
	engine_scratch_free(t->w.s);
	free(t->w.inst_stamp);
	free(t->w.type_stamp);
	free(t->w.type_pos);
	free(t->w.buf);
	free(t->w.dur);
	free(t->seen);
	free(t->dist);
	free(t->queue);
	t->w.s = NULL;
	t->seen = t->dist = t->queue = NULL;
}

/* Provider i's cut-set candidates: exposed (queue[0 .. nq)), not breached
 * alone, ascending, into t's list. */
static void collect_candidates(struct analysis *a, struct pass_thread *t, uint32_t i,
                               uint32_t nq, struct pass_rows *row)
{
	const struct work *w = &t->w;
	const struct engine *e = w->e;
	struct cand_lists *c = &t->c;
	size_t first = c->n;
	for (uint32_t k = 0; k < nq; k++) {
		uint32_t v = t->queue[k];
		double d = w->s->down[v];
		if (e->is_service[v] && !(d > 0 && d > e->tolerance[v]))
			conc_cand_push(c, a->C.pos_of[v - w->s0]);
	}
	if (c->n > first)
		qsort(c->pos + first, c->n - first, sizeof *c->pos, conc_cmp_u32);
	row->cand = first;
	row->n_cand = (uint32_t)(c->n - first);
	a->C.size[i] = w->s->n_touched;
}

/*
 * From provider i's lone outage (in the scratch): the services it
 * breaches, of which it is a single point of failure (spof.csv and the
 * counts), and the providers it keeps down without limit (row i of dom).
 */
static void count_spof(struct analysis *a, struct pass_thread *t, struct conc_result *r,
                       uint32_t i, struct pass_rows *row)
{
	struct work *w = &t->w;
	const struct dataset *ds = w->ds;
	const struct engine *e = w->e;
	struct conc_provider *pr = &r->prov[i];
	const uint32_t p = pr->node;
	uint32_t ep = conc_next_epoch(w);
	row->spof = t->n_spof;
	for (uint32_t k = 0; k < w->s->n_touched; k++) {
		uint32_t v = w->s->touched[k];
		double d = w->s->down[v];
		if (node_is_provider(&ds->nodes[v]) && d == INFINITY)
			bit_set(a->dom, a->pw, i, a->pidx[v]);
		if (!e->is_service[v] || !(d > e->tolerance[v]))
			continue;
		/* breached, so downstream of p: the reverse search reached it */
		t->has_spof[v - w->s0] = 1;
		/* A thread keeps its first spof_limit rows: as it takes its
		 * providers in ascending order, those include every one of its
		 * rows among the first spof_limit of all (merge_pass). */
		t->spof_rows++;
		if (t->n_spof < r->spof_limit) {
			ALLOC_GROW(t->spof, t->n_spof + 1, t->spof_cap);
			t->spof[t->n_spof++] = (struct conc_spof){v, p, t->dist[v], d};
		}
		pr->spof_services++;
		pr->spof_nth_services += t->dist[v] >= 2;
		uint32_t inst = ds->nodes[v].institution;
		if (w->inst_stamp[inst] != ep) {
			w->inst_stamp[inst] = ep;
			pr->spof_institutions++;
		}
	}
	row->n_spof = (uint32_t)(t->n_spof - row->spof);
}

/*
 * The breach curve and the one-day figure of provider i, whose lone
 * unlimited outage is in the scratch.  Off every cycle (replay) a d-hour
 * outage of p gives every node min(d, its downtime without limit), listed
 * in the same order (engine.h), so the tallies replay that propagation;
 * else propagate each.  Leaves the scratch clean.
 */
static void breach_curve(struct work *w, struct conc_result *r,
                         const struct conc_options *o, uint32_t i, int replay)
{
	struct conc_provider *pr = &r->prov[i];
	const uint32_t p = pr->node;
	struct conc_outcome *row = &r->curve[(size_t)i * o->n_durations];
	if (replay) {
		for (size_t k = 0; k < o->n_durations; k++)
			conc_tally(w, TALLY_BREACHED, NULL, o->durations[k], &row[k]);
		conc_tally(w, TALLY_BREACHED, NULL, CONC_DAY_HOURS, &pr->breached_day);
		engine_scratch_reset(w->s);
	} else {
		engine_scratch_reset(w->s);
		for (size_t k = 0; k < o->n_durations; k++) {
			conc_propagate(w, &p, 1, o->durations[k]);
			conc_tally(w, TALLY_BREACHED, NULL, INFINITY, &row[k]);
			engine_scratch_reset(w->s);
		}
		conc_propagate(w, &p, 1, CONC_DAY_HOURS);
		conc_tally(w, TALLY_BREACHED, NULL, INFINITY, &pr->breached_day);
		engine_scratch_reset(w->s);
	}
}

/* The per-provider pass for provider i on thread t: steps 1 to 3 of the
 * top comment.  It writes provider i's own figures in r (prov[i], its
 * curve rows, row i of dom, C.size[i]) and appends its rows to t's lists. */
static void analyze_provider(struct analysis *a, struct pass_thread *t,
                             struct conc_result *r, const struct conc_options *o,
                             uint32_t i, struct pass_rows *row)
{
	struct work *w = &t->w;
	struct conc_provider *pr = &r->prov[i];
	const uint32_t p = pr->node;
	uint32_t nq;
	conc_reach_bfs(w->e, p, t->seen, i + 1, t->dist, t->queue, &nq);
	conc_exposure(w, r, pr, t->queue, nq);

	/* p alone, down without limit; replayable when off every cycle */
	int replay = engine_effect(w->e, w->s, p) == 0;
	conc_tally(w, TALLY_AFFECTED, NULL, INFINITY, &pr->affected);
	conc_tally(w, TALLY_BREACHED, NULL, INFINITY, &pr->breached);
	collect_candidates(a, t, i, nq, row);
	count_spof(a, t, r, i, row);
	row->fr = t->n_fr;
	conc_find_false_redundancy(w, p, &t->fr, &t->n_fr, &t->fr_cap, &pr->fr_groups);
	row->n_fr = (uint32_t)(t->n_fr - row->fr);
	breach_curve(w, r, o, i, replay);
}

/*
 * The lists of the threads appended to the result in provider order:
 * the candidate lists (C->off, C->pos; C->over when they pass the
 * limit), the first spof_limit spof rows, the false redundancy rows, and
 * the services with a single point of failure.  What one thread would
 * have appended, in the same order.
 */
static void merge_pass(struct analysis *a, struct conc_result *r, struct pass_thread *T,
                       int nt, const struct pass_rows *rows)
{
	struct cand_lists *C = &a->C;
	const uint32_t np = r->n_prov;
	size_t n_cand = 0, n_spof = 0, n_fr = 0;
	uint64_t spof_rows = 0;
	for (int k = 0; k < nt; k++) {
		C->over |= T[k].c.over;
		n_cand += T[k].c.n;
		n_spof += T[k].n_spof;
		n_fr += T[k].n_fr;
		spof_rows += T[k].spof_rows;
	}
	if (n_cand > C->max)
		C->over = 1;
	if (!C->over) {
		C->pos = xreallocarray(C->pos, n_cand + 1, sizeof *C->pos);
		C->cap = n_cand + 1;
		C->n = 0;
		for (uint32_t i = 0; i < np; i++) {
			const struct pass_thread *t = &T[rows[i].tid];
			if (rows[i].n_cand)
				memcpy(C->pos + C->n, t->c.pos + rows[i].cand,
				       rows[i].n_cand * sizeof *C->pos);
			C->n += rows[i].n_cand;
			C->off[i + 1] = (uint32_t)C->n;
		}
	}
	r->spof_truncated = spof_rows > r->spof_limit; /* rows stop; counts go on */
	if (n_spof > r->spof_limit)
		n_spof = r->spof_limit;
	r->spof = xreallocarray(NULL, n_spof + 1, sizeof *r->spof);
	r->fr = xreallocarray(NULL, n_fr + 1, sizeof *r->fr);
	for (uint32_t i = 0; i < np; i++) {
		const struct pass_thread *t = &T[rows[i].tid];
		size_t ns = rows[i].n_spof;
		if (ns > n_spof - r->n_spof)
			ns = n_spof - r->n_spof;
		if (ns)
			memcpy(r->spof + r->n_spof, t->spof + rows[i].spof,
			       ns * sizeof *r->spof);
		r->n_spof += ns;
		if (rows[i].n_fr)
			memcpy(r->fr + r->n_fr, t->fr + rows[i].fr,
			       rows[i].n_fr * sizeof *r->fr);
		r->n_fr += rows[i].n_fr;
	}
	for (uint32_t x = 0; x < a->w.n_svc; x++) {
		uint8_t any = 0;
		for (int k = 0; k < nt; k++)
			any |= T[k].has_spof[x];
		r->spof_services += any;
	}
}

/* Providers a thread takes at a time. */
#define PASS_CHUNK 8

/*
 * The per-provider pass on 'threads' threads.  Providers are taken in
 * chunks in ascending order (an atomic counter), each thread with its
 * own scratch and lists, and the lists are merged in provider order
 * (merge_pass): every figure and row is the same for any count.
 */
static void provider_pass(struct analysis *a, struct conc_result *r,
                          const struct conc_options *o)
{
	const uint32_t np = r->n_prov;
	int nt = o->threads < 1 ? 1 : o->threads;
	if ((uint32_t)nt > np / PASS_CHUNK + 1)
		nt = (int)(np / PASS_CHUNK + 1);
	struct pass_thread *T = xcalloc((size_t)nt, sizeof *T);
	struct pass_rows *rows = xcalloc((size_t)np + 1, sizeof *rows);
	uint32_t next = 0;
#pragma omp parallel num_threads(nt) if (nt > 1)
	{
		int tid = 0;
#ifdef _OPENMP
		tid = omp_get_thread_num();
#endif
		struct pass_thread *t = &T[tid];
		pass_thread_init(t, a);
		for (;;) {
			uint32_t i0;
#pragma omp atomic capture
			{
				i0 = next;
				next += PASS_CHUNK;
			}
			if (i0 >= np)
				break;
			uint32_t i1 = np - i0 < PASS_CHUNK ? np : i0 + PASS_CHUNK;
			for (uint32_t i = i0; i < i1; i++) {
				rows[i].tid = (uint32_t)tid;
				analyze_provider(a, t, r, o, i, &rows[i]);
			}
		}
		pass_thread_done(t);
	}
	merge_pass(a, r, T, nt, rows);
	for (int k = 0; k < nt; k++) {
		free(T[k].c.pos);
		free(T[k].spof);
		free(T[k].fr);
		free(T[k].has_spof);
	}
	free(T);
	free(rows);
}

/* spof.csv and false_redundancy.csv in their order. */
static void sort_findings(struct conc_result *r)
{
	if (r->n_spof)
		qsort(r->spof, r->n_spof, sizeof *r->spof, conc_cmp_spof);
	if (r->n_fr)
		qsort(r->fr, r->n_fr, sizeof *r->fr, conc_cmp_fr);
}

/* The message when the candidate lists outgrew the memory limit. */
static enum cp_status cand_over(const struct analysis *a, char *err, size_t errsz)
{
	char have[32];
	fmt_bytes(have, sizeof have, (double)a->mem);
	snprintf(err, errsz,
	         "the cut-set search needs more than %zu candidate entries "
	         "(services exposed to a provider that it does not breach alone, 4 bytes "
	         "each) besides its %" PRIu64 "-provider matrix; the limit is %s "
	         "(--limit memory=SIZE)",
	         a->C.max, a->n_prov, have);
	return CP_ERR_LIMIT;
}

/* Free what conc_analyze allocated for its own use (a zeroed a is fine). */
static void analysis_free(struct analysis *a)
{
	conc_cand_free(&a->C);
	free(a->dom);
	free(a->pidx);
	conc_work_free(&a->w);
}

int conc_analyze(const struct dataset *ds, const struct engine *e,
                 const struct conc_options *o, struct conc_result *r, char *err,
                 size_t errsz)
{
	struct analysis a = {0};
	enum cp_status rc = CP_OK;
	memset(r, 0, sizeof *r);
	if (e->n_nodes != ds->n_nodes) {
		snprintf(err, errsz, "analyze: engine and data set do not match");
		rc = CP_ERR_INVALID;
		goto out;
	}
	rc = check_matrix(ds, &a, err, errsz);
	if (rc != CP_OK)
		goto out;
	conc_work_init(&a.w, ds, e, r);
	a.pidx = list_providers(ds, r);
	conc_market_owners(&a.w, r);
	conc_compute_reliance(&a.w, r, a.pidx);
	conc_compute_markets(ds, r);
	alloc_curve(r, o);
	r->cut_limit = limit_get(LIMIT_CUTSETS);
	r->spof_limit = limit_get(LIMIT_SPOF);
	cand_init(&a, r->n_prov);
	pass_init(&a, r->n_prov);

	provider_pass(&a, r, o);
	sort_findings(r);

	if (a.C.over) {
		rc = cand_over(&a, err, errsz);
		goto out;
	}
	conc_find_cutsets(&a.w, r, &a.C, a.dom, a.pw, o->cut_hits, o->threads);
	if (o->reverse_share > 0)
		conc_reverse_stress(&a.w, r, &a.C, o->reverse_share);
out:
	analysis_free(&a);
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
	free(r->prov_slot);
	free(r->slot_rel);
	free(r->durations);
	free(r->curve);
	free(r->spof);
	free(r->fr);
	free(r->cut);
	free(r->cut_hit);
	free(r->rs);
	memset(r, 0, sizeof *r);
}
