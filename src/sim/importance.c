/*
 * importance.c - Birnbaum, Fussell-Vesely, RAW and RRW of each provider
 * on common random numbers (importance.h).
 *
 * Three passes: (1) the single-root effects of the nodes that begin
 * events, and for every node the roots whose effect takes it down;
 * (2) the trials replayed (mc_trial_events), per block of MC_BLOCK
 * trials: each event's roots, count and systemic flag, and for an event
 * without an effect (several roots) its institutions in breach as a
 * sorted list; (3) per provider, its forced event, the effects it
 * changes, and the trials.
 */
#include "config.h"

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
#include "base/stats.h"
#include "sim/importance.h"

/* Touched-node entries kept over all single-root effects at most. */
#define IMP_EFFECT_BUDGET (32u << 20)

/*
 * A single-root effect reduced to what a count needs: the institutions
 * the root puts in breach when down without limit, each with the least
 * tolerance among its services that breach then, by that tolerance
 * ascending (make_effect says why that is exact).  With the root down d
 * hours the institutions in breach are the first k = effect_prefix(f, d),
 * holding asum[k] of the assets.  A joint effect (joint_effect) lists
 * only the institutions its forced event does not already hold.
 */
struct reff {
	uint32_t n;
	uint32_t *inst;     /* institution index (node - first institution) */
	double *tol;
	double *asum;       /* [n + 1] assets of the first k */
	uint32_t n_touched; /* every node it takes down (root effects only) */
	uint32_t *touched;
};

/* A service in breach: its tolerance and institution. */
struct pair {
	double tol;
	uint32_t inst;
};

/* The events of one block of trials. */
struct blk {
	uint64_t lo, hi;
	uint32_t *t_ev;            /* [hi - lo + 1] first event of each trial */
	uint32_t n_ev;
	size_t cap_ev_root, cap_ev_inst, cap_ev_sys, cap_ev_cnt;
	uint32_t *ev_root;         /* [n_ev + 1] into root, dur */
	uint32_t *ev_inst;         /* [n_ev + 1] into inst (events without an
	                            * effect only: the others' institutions
	                            * are the first ev_cnt of their root's) */
	uint32_t *ev_cnt;          /* [n_ev] institutions in breach */
	uint8_t *ev_sys;           /* [n_ev] the event is systemic */
	uint32_t n_root;
	size_t cap_root, cap_dur;
	uint32_t *root;
	double *dur;
	size_t n_inst, cap_inst;
	uint32_t *inst;            /* sorted per event */
};

struct ictx {
	const struct model *m;
	const struct dataset *ds;
	const struct engine *e;
	const struct mc_result *res;
	uint32_t i0, ni, s0;
	double *assets;            /* [ni] */
	uint32_t *svc_inst;        /* [n_nodes] institution index of a service */
	struct reff **eff;         /* [n_nodes] or NULL */
	size_t *eoff, n_eoff;      /* [n_nodes] offsets of n + 1 per effect */
	uint32_t *roots, n_roots;  /* the nodes with an effect, in node order */
	uint32_t *takes_off;       /* [n_nodes + 1] */
	uint32_t *takes;           /* roots whose effect takes the node down */
	struct blk *blk;
	int64_t n_blk;
	uint32_t *x_cnt;           /* [trials] baseline institutions_breached */
	uint8_t *x_sys;            /* [trials] baseline systemic */
};

struct iw {
	struct engine_scratch *sc;
	uint8_t *imark;            /* [ni] */
	uint32_t *ilist, nlist;
	uint8_t *in_f;             /* [ni] in the forced event */
	/* [n_nodes] epoch marks: st_m a member of a tolerant group the
	 * forced event touches, st_s upstream of one (or one), st_u upstream
	 * of the provider, st_t a root whose effect takes the provider down,
	 * st_x a root whose effect takes an st_m node down */
	uint32_t *st_m, *st_s, *st_u, *st_t, *st_x, ep;
	uint32_t *queue;           /* [n_nodes] */
	uint32_t *pk;              /* [n_nodes] pinned effect of root r: peff[pk[r]] */
	uint32_t *dk;              /* [n_nodes] joint effect of r, i down: peff[dk[r]] */
	uint32_t *rcnt;            /* [ctx.n_eoff] root effects against the forced event */
	struct engine_scratch *fs; /* the forced event's complete result */
	double *fdown;             /* [n_nodes] its downtimes, in fs->touched order */
	uint32_t n_fs;
	struct pair *pairs;
	size_t cap_pairs;
	double *ras;
	struct reff *peff;
	size_t n_peff, cap_peff;
	uint64_t rep_down, rep_up;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void iw_mark(struct iw *w, uint32_t inst)
{
	if (!w->imark[inst]) {
		w->imark[inst] = 1;
		w->ilist[w->nlist++] = inst;
	}
}

/* Sort the marked institutions, clear the marks; their count and
 * whether they make a systemic event. */
static void iw_finish(const struct ictx *c, struct iw *w, uint32_t *cnt, uint8_t *sys)
{
	qsort(w->ilist, w->nlist, sizeof *w->ilist, cmp_u32);
	double assets = 0;
	for (uint32_t k = 0; k < w->nlist; k++) {
		w->imark[w->ilist[k]] = 0;
		assets += c->assets[w->ilist[k]];
	}
	double share = c->ds->total_assets > 0 ? assets / c->ds->total_assets : 0;
	*cnt = w->nlist;
	*sys = w->nlist > 0 && share >= c->m->systemic_assets_share &&
	       w->nlist >= c->res->systemic_min_inst;
}

/* Mark the institutions in breach in the scratch's propagated event and
 * reset it. */
static void iw_collect(const struct ictx *c, struct iw *w)
{
	const struct engine *e = c->e;
	struct engine_scratch *sc = w->sc;
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		if (e->is_service[v] && sc->down[v] > e->tolerance[v])
			iw_mark(w, c->svc_inst[v]);
	}
	engine_scratch_reset(sc);
}

/* An event propagated afresh, with 'extra' (or NODE_NONE) added down
 * IMP_DOWN_HOURS and 'pin' (or NODE_NONE) held up. */
static void eval_event(const struct ictx *c, struct iw *w, const uint32_t *roots,
                       const double *dur, size_t n, uint32_t extra, uint32_t pin,
                       uint32_t *cnt, uint8_t *sys)
{
	w->sc->pin_up = pin;
	engine_propagate(c->e, w->sc, roots, dur, n);
	if (extra != NODE_NONE) {
		const double h = IMP_DOWN_HOURS;
		engine_propagate(c->e, w->sc, &extra, &h, 1);
	}
	w->sc->pin_up = NODE_NONE;
	iw_collect(c, w);
	iw_finish(c, w, cnt, sys);
}

/* The number of entries of f with tolerance < d (binary search). */
static uint32_t effect_prefix(const struct reff *f, double d)
{
	uint32_t lo = 0, hi = f->n;
	if (!(d > 0))
		return 0; /* engine_propagate ignores such a root (NaN too) */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->tol[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Count and systemic flag of k institutions holding 'assets'. */
static uint8_t is_systemic(const struct ictx *c, uint32_t k, double assets)
{
	double share = c->ds->total_assets > 0 ? assets / c->ds->total_assets : 0;
	return k > 0 && share >= c->m->systemic_assets_share && k >= c->res->systemic_min_inst;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->tol != y->tol)
		return x->tol < y->tol ? -1 : 1;
	return (x->inst > y->inst) - (x->inst < y->inst);
}

/* Fill f's institutions, tolerances and asset sums from the ns services
 * in breach pr (sorted here); mark (all 0) is left all 0. */
static void effect_from_pairs(const struct ictx *c, uint8_t *mark, struct pair *pr,
                              uint32_t ns, struct reff *f)
{
	if (ns > 1) /* pr may be NULL when empty */
		qsort(pr, ns, sizeof *pr, cmp_pair);
	f->inst = xcalloc(ns + 1, sizeof *f->inst);
	f->tol = xcalloc(ns + 1, sizeof *f->tol);
	for (uint32_t k = 0; k < ns; k++)
		if (!mark[pr[k].inst]) { /* the first: its least tolerance */
			mark[pr[k].inst] = 1;
			f->tol[f->n] = pr[k].tol;
			f->inst[f->n++] = pr[k].inst;
		}
	f->asum = xcalloc(f->n + 1, sizeof *f->asum);
	for (uint32_t k = 0; k < f->n; k++) {
		mark[f->inst[k]] = 0;
		f->asum[k + 1] = f->asum[k] + c->assets[f->inst[k]];
	}
}

/*
 * The effect of root r without limit, with 'pin' held up (NODE_NONE:
 * none); keep_touched: also list every node it takes down.
 *
 * Why one propagation serves every duration.  With everything but r
 * fixed (a node held up, or another root such as a provider forced down
 * 8760 h), every downtime is a monotone max-min expression of r's
 * duration d alone (engine.h: maxima, minima and order statistics of
 * constants and d), and such an expression of one variable is
 * max(a, min(b, d)), with a its value without r and b its value with r
 * down without limit.  So a service breaches with r down d hours exactly
 * when it breaches without r, or when it breaches with r unlimited and
 * d > tolerance; an institution when one of its services does.
 */
static void make_effect(const struct ictx *c, struct engine_scratch *sc, uint8_t *mark,
                        uint32_t r, uint32_t pin, int keep_touched, struct reff *f)
{
	const struct engine *e = c->e;
	const double unlimited = INFINITY;
	memset(f, 0, sizeof *f);
	sc->pin_up = pin;
	engine_propagate(e, sc, &r, &unlimited, 1);
	sc->pin_up = NODE_NONE;
	uint32_t ns = 0;
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		ns += e->is_service[v] && sc->down[v] > e->tolerance[v];
	}
	struct pair *pr = xcalloc(ns + 1, sizeof *pr);
	ns = 0;
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		if (e->is_service[v] && sc->down[v] > e->tolerance[v])
			pr[ns++] = (struct pair){ e->tolerance[v], c->svc_inst[v] };
	}
	effect_from_pairs(c, mark, pr, ns, f);
	free(pr);
	if (keep_touched) {
		f->n_touched = sc->n_touched;
		f->touched = xcalloc(sc->n_touched + 1, sizeof *f->touched);
		memcpy(f->touched, sc->touched, sc->n_touched * sizeof *f->touched);
	}
	engine_scratch_reset(sc);
}

/*
 * The joint effect of root r without limit and the provider forced down
 * (exact for every duration of r, make_effect), reduced to the
 * institutions not in the forced event (in_f): r is
 * propagated on top of the forced event's complete result in w->fs
 * (engine.h), then the forced event's state is restored (w->fdown).
 */
static void joint_effect(const struct ictx *c, struct iw *w, uint32_t r, struct reff *f)
{
	const struct engine *e = c->e;
	struct engine_scratch *s = w->fs;
	const double unlimited = INFINITY;
	memset(f, 0, sizeof *f);
	engine_propagate(e, s, &r, &unlimited, 1);
	uint32_t ns = 0;
	for (uint32_t t = 0; t < s->n_touched; t++) {
		uint32_t v = s->touched[t];
		if (e->is_service[v] && s->down[v] > e->tolerance[v] && !w->in_f[c->svc_inst[v]]) {
			ALLOC_GROW(w->pairs, ns + 1, w->cap_pairs);
			w->pairs[ns++] = (struct pair){ e->tolerance[v], c->svc_inst[v] };
		}
	}
	for (uint32_t t = w->n_fs; t < s->n_touched; t++) {
		s->down[s->touched[t]] = 0;
		s->flag[s->touched[t]] = 0;
	}
	for (uint32_t t = 0; t < w->n_fs; t++)
		s->down[s->touched[t]] = w->fdown[t];
	s->n_touched = w->n_fs;
	effect_from_pairs(c, w->imark, w->pairs, ns, f);
}

static void reff_free(struct reff *f)
{
	free(f->inst);
	free(f->tol);
	free(f->asum);
	free(f->touched);
}

static struct iw *iw_new(const struct ictx *c)
{
	struct iw *w = xcalloc(1, sizeof *w);
	const uint32_t n = c->e->n_nodes;
	w->sc = engine_scratch_new(c->e);
	w->imark = xcalloc(c->ni + 1, 1);
	w->ilist = xcalloc(c->ni + 1, sizeof *w->ilist);
	w->in_f = xcalloc(c->ni + 1, 1);
	w->st_m = xcalloc((size_t)n + 1, sizeof *w->st_m);
	w->st_s = xcalloc((size_t)n + 1, sizeof *w->st_s);
	w->st_x = xcalloc((size_t)n + 1, sizeof *w->st_x);
	w->st_u = xcalloc((size_t)n + 1, sizeof *w->st_u);
	w->st_t = xcalloc((size_t)n + 1, sizeof *w->st_t);
	w->queue = xcalloc((size_t)n + 1, sizeof *w->queue);
	w->pk = xcalloc((size_t)n + 1, sizeof *w->pk);
	w->dk = xcalloc((size_t)n + 1, sizeof *w->dk);
	w->rcnt = xcalloc(c->n_eoff + 1, sizeof *w->rcnt);
	w->fs = engine_scratch_new(c->e);
	w->fdown = xcalloc((size_t)n + 1, sizeof *w->fdown);
	w->ras = xcalloc(c->n_eoff + 1, sizeof *w->ras);
	return w;
}

static void iw_free(struct iw *w)
{
	if (!w)
		return;
	engine_scratch_free(w->sc);
	free(w->imark);
	free(w->ilist);
	free(w->in_f);
	free(w->st_m);
	free(w->st_s);
	free(w->st_x);
	free(w->st_u);
	free(w->st_t);
	free(w->queue);
	free(w->pk);
	free(w->dk);
	free(w->rcnt);
	engine_scratch_free(w->fs);
	free(w->fdown);
	free(w->pairs);
	free(w->ras);
	for (size_t k = 0; k < w->n_peff; k++)
		reff_free(&w->peff[k]);
	free(w->peff);
	free(w);
}

/* ---- pass 1: single-root effects -------------------------------------- */

static void effects_build(struct ictx *c, int threads)
{
	const struct engine *e = c->e;
	const struct mc_result *res = c->res;
	const uint32_t n = e->n_nodes;
	uint8_t *want = xcalloc((size_t)n + 1, 1);
	uint32_t *list = xcalloc((size_t)n + 1, sizeof *list);
	uint32_t n_list = 0;
	for (size_t k = 0; k < res->n_sources; k++) {
		const struct mc_source *src = &res->sources[k];
		if (src->kind == SOURCE_BASELINE) {
			if (src->node < n && !want[src->node]++)
				list[n_list++] = src->node;
			continue;
		}
		const struct shock *sh = &c->m->shocks[src->shock];
		if (sh->n_targets > 256) /* events of many roots */
			continue;
		for (uint32_t t = 0; t < sh->n_targets; t++)
			if (sh->target_nodes[t] < n && !want[sh->target_nodes[t]]++)
				list[n_list++] = sh->target_nodes[t];
	}
	free(want);
	c->eff = xcalloc((size_t)n + 1, sizeof *c->eff);
	size_t used = 0;
#pragma omp parallel num_threads(threads)
	{
		struct engine_scratch *sc = engine_scratch_new(e);
		uint8_t *mark = xcalloc(c->ni + 1, 1);
#pragma omp for schedule(dynamic, 4)
		for (int64_t i = 0; i < (int64_t)n_list; i++) {
			struct reff *f = xcalloc(1, sizeof *f);
			make_effect(c, sc, mark, list[i], NODE_NONE, 1, f);
			int ok;
			/* Over the budget a node is left to engine_propagate: the
			 * results are the same either way, only slower. */
#pragma omp critical(imp_budget)
			{
				ok = used + f->n_touched <= IMP_EFFECT_BUDGET;
				if (ok)
					used += f->n_touched;
			}
			if (ok) {
				c->eff[list[i]] = f;
			} else {
				reff_free(f);
				free(f);
			}
		}
		engine_scratch_free(sc);
		free(mark);
	}
	c->eoff = xcalloc((size_t)n + 1, sizeof *c->eoff);
	c->roots = xcalloc((size_t)n + 1, sizeof *c->roots);
	for (uint32_t r = 0; r < n; r++)
		if (c->eff[r]) {
			c->roots[c->n_roots++] = r;
			c->eoff[r] = c->n_eoff;
			c->n_eoff += c->eff[r]->n + 1;
		}
	/* takes: for each node, the roots (in node order) whose effect
	 * takes it down */
	c->takes_off = xcalloc((size_t)n + 2, sizeof *c->takes_off);
	for (uint32_t r = 0; r < n; r++)
		for (uint32_t k = 0; c->eff[r] && k < c->eff[r]->n_touched; k++)
			c->takes_off[c->eff[r]->touched[k] + 2]++;
	for (uint32_t v = 0; v < n; v++)
		c->takes_off[v + 2] += c->takes_off[v + 1];
	c->takes = xcalloc((size_t)c->takes_off[n + 1] + 1, sizeof *c->takes);
	for (uint32_t r = 0; r < n; r++)
		for (uint32_t k = 0; c->eff[r] && k < c->eff[r]->n_touched; k++)
			c->takes[c->takes_off[c->eff[r]->touched[k] + 1]++] = r;
	/* takes_off[v] .. takes_off[v + 1] now; the touched lists stay, for
	 * the exactness test of provider_run */
	free(list);
}

/* ---- pass 2: the trials' events --------------------------------------- */

struct replay {
	const struct ictx *c;
	struct iw *w;
	struct blk *b;
};

static void on_event(void *arg, const uint32_t *roots, const double *dur,
                     const uint32_t *root_src, size_t n_roots)
{
	(void)root_src;
	struct replay *rp = arg;
	const struct ictx *c = rp->c;
	struct iw *w = rp->w;
	struct blk *b = rp->b;
	uint32_t cnt;
	uint8_t sys;
	const struct reff *f = n_roots == 1 && roots[0] < c->e->n_nodes ? c->eff[roots[0]]
	                                                                : NULL;
	uint32_t n_list = 0;
	if (f) {
		cnt = effect_prefix(f, dur[0]);
		sys = is_systemic(c, cnt, f->asum[cnt]);
	} else {
		eval_event(c, w, roots, dur, n_roots, NODE_NONE, NODE_NONE, &cnt, &sys);
		n_list = cnt;
	}
	uint32_t k = b->n_ev++;
	ALLOC_GROW(b->ev_cnt, b->n_ev, b->cap_ev_cnt);
	ALLOC_GROW(b->ev_root, b->n_ev + 1, b->cap_ev_root);
	ALLOC_GROW(b->ev_inst, b->n_ev + 1, b->cap_ev_inst);
	ALLOC_GROW(b->ev_sys, b->n_ev, b->cap_ev_sys);
	ALLOC_GROW(b->root, b->n_root + n_roots, b->cap_root);
	ALLOC_GROW(b->dur, b->n_root + n_roots, b->cap_dur);
	ALLOC_GROW(b->inst, b->n_inst + n_list, b->cap_inst);
	if (n_roots) { /* a stress trial without roots: both may be NULL */
		memcpy(b->root + b->n_root, roots, n_roots * sizeof *roots);
		memcpy(b->dur + b->n_root, dur, n_roots * sizeof *dur);
	}
	b->n_root += (uint32_t)n_roots;
	if (n_list)
		memcpy(b->inst + b->n_inst, w->ilist, n_list * sizeof *w->ilist);
	b->n_inst += n_list;
	w->nlist = 0;
	b->ev_root[k + 1] = b->n_root;
	b->ev_inst[k + 1] = (uint32_t)b->n_inst;
	b->ev_sys[k] = sys;
	b->ev_cnt[k] = cnt;
}

static int replay_block(const struct ictx *c, struct iw *w, struct blk *b)
{
	b->t_ev = xcalloc(b->hi - b->lo + 1, sizeof *b->t_ev);
	b->ev_root = xcalloc(1, sizeof *b->ev_root);
	b->ev_inst = xcalloc(1, sizeof *b->ev_inst);
	b->cap_ev_root = b->cap_ev_inst = 1;
	struct replay rp = { c, w, b };
	for (uint64_t t = b->lo; t < b->hi; t++) {
		b->t_ev[t - b->lo] = b->n_ev;
		if (mc_trial_events(c->m, c->res->sources, c->res->n_sources, t, on_event,
		                    &rp) != 0)
			return -1;
		uint32_t mx = 0;
		uint8_t sy = 0;
		for (uint32_t k = b->t_ev[t - b->lo]; k < b->n_ev; k++) {
			uint32_t cnt = b->ev_cnt[k];
			if (cnt > mx)
				mx = cnt;
			sy |= b->ev_sys[k];
		}
		c->x_cnt[t] = mx;
		c->x_sys[t] = sy;
	}
	b->t_ev[b->hi - b->lo] = b->n_ev;
	return 0;
}

static void blk_free(struct blk *b)
{
	free(b->t_ev);
	free(b->ev_root);
	free(b->ev_inst);
	free(b->ev_sys);
	free(b->ev_cnt);
	free(b->root);
	free(b->dur);
	free(b->inst);
}

/* ---- pass 3: one provider --------------------------------------------- */

/* The forced event of provider i alone: marks w->in_f, its count and
 * systemic flag and asset sum; with sens, marks in st_s every node from
 * which a member of a tolerant group (min_up < size) holding a member
 * that the forced event takes down can be reached. */
static void forced_event(const struct ictx *c, struct iw *w, uint32_t i, int sens,
                         uint32_t *cnt, uint8_t *sys, double *assets)
{
	const struct engine *e = c->e;
	struct engine_scratch *sc = w->sc;
	const double h = IMP_DOWN_HOURS;
	engine_propagate(e, sc, &i, &h, 1);
	uint32_t qt = 0;
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t u = sc->touched[t];
		if (e->is_service[u] && sc->down[u] > e->tolerance[u])
			iw_mark(w, c->svc_inst[u]);
		for (uint32_t k = e->rev_off[u]; sens && k < e->rev_off[u + 1]; k++) {
			uint32_t g = e->rev_grp[k];
			uint32_t lo = e->grp_mem_off[g], hi = e->grp_mem_off[g + 1];
			if (e->grp_k[g] >= hi - lo)
				continue; /* all needed: the max commutes with the union */
			for (uint32_t j = lo; j < hi; j++) {
				uint32_t m = e->mem_to[j];
				w->st_m[m] = w->ep;
				if (w->st_s[m] != w->ep) {
					w->st_s[m] = w->ep;
					w->queue[qt++] = m;
				}
			}
		}
	}
	engine_scratch_reset(sc);
	/* upstream of the sensitive members */
	for (uint32_t qh = 0; qh < qt; qh++) {
		uint32_t v = w->queue[qh];
		for (uint32_t j = e->grp_mem_off[e->grp_off[v]];
		     j < e->grp_mem_off[e->grp_off[v + 1]]; j++) {
			uint32_t m = e->mem_to[j];
			if (w->st_s[m] != w->ep) {
				w->st_s[m] = w->ep;
				w->queue[qt++] = m;
			}
		}
	}
	double a = 0;
	qsort(w->ilist, w->nlist, sizeof *w->ilist, cmp_u32);
	for (uint32_t k = 0; k < w->nlist; k++)
		a += c->assets[w->ilist[k]];
	*assets = a;
	iw_finish(c, w, cnt, sys);
}

static void next_epoch(struct iw *w, uint32_t n)
{
	if (++w->ep == 0) {
		memset(w->st_m, 0, (size_t)n * sizeof *w->st_m);
		memset(w->st_s, 0, (size_t)n * sizeof *w->st_s);
		memset(w->st_x, 0, (size_t)n * sizeof *w->st_x);
		memset(w->st_u, 0, (size_t)n * sizeof *w->st_u);
		memset(w->st_t, 0, (size_t)n * sizeof *w->st_t);
		w->ep = 1;
	}
}

static void add_sums(struct imp_sums *s, uint64_t x, uint64_t d, uint64_t u)
{
	s->x += x;
	s->d += d;
	s->u += u;
	s->xx += x * x;
	s->dd += d * d;
	s->uu += u * u;
	s->xd += x * d;
	s->xu += x * u;
	s->du += d * u;
}

static void provider_run(const struct ictx *c, struct iw *w, struct imp_provider *p)
{
	const struct engine *e = c->e;
	const uint32_t i = p->node, n = e->n_nodes;
	next_epoch(w, n);
	/* forced down: the event of i alone, the sensitive nodes */
	uint32_t cnt_f;
	uint8_t sys_f;
	double assets_f;
	forced_event(c, w, i, 1, &cnt_f, &sys_f, &assets_f);
	/* iw_finish cleared the marks and left the sorted list: keep it */
	for (uint32_t k = 0; k < w->nlist; k++)
		w->in_f[w->ilist[k]] = 1;
	uint32_t *f_list = xcalloc(w->nlist + 1, sizeof *f_list);
	uint32_t n_f = w->nlist;
	memcpy(f_list, w->ilist, n_f * sizeof *f_list);
	w->nlist = 0;
	{
		const double h = IMP_DOWN_HOURS;
		engine_propagate(e, w->fs, &i, &h, 1);
		w->n_fs = w->fs->n_touched;
		for (uint32_t t = 0; t < w->n_fs; t++)
			w->fdown[t] = w->fs->down[w->fs->touched[t]];
	}
	/* held up: the nodes upstream of i (st_u), and the roots whose
	 * single-root effect takes i down (st_t, with their pinned effect) */
	{
		uint32_t qt = 0;
		w->st_u[i] = w->ep;
		w->queue[qt++] = i;
		for (uint32_t qh = 0; qh < qt; qh++) {
			uint32_t v = w->queue[qh];
			for (uint32_t j = e->grp_mem_off[e->grp_off[v]];
			     j < e->grp_mem_off[e->grp_off[v + 1]]; j++) {
				uint32_t m = e->mem_to[j];
				if (w->st_u[m] != w->ep) {
					w->st_u[m] = w->ep;
					w->queue[qt++] = m;
				}
			}
		}
	}
	for (size_t k = 0; k < w->n_peff; k++)
		reff_free(&w->peff[k]);
	w->n_peff = 0;
	for (uint32_t k = c->takes_off[i]; k < c->takes_off[i + 1]; k++) {
		uint32_t r = c->takes[k];
		ALLOC_GROW(w->peff, w->n_peff + 1, w->cap_peff);
		make_effect(c, w->sc, w->imark, r, i, 0, &w->peff[w->n_peff]);
		w->pk[r] = (uint32_t)w->n_peff++;
		w->st_t[r] = w->ep;
	}
	/* a single-root event of root r meets the sensitive nodes only where
	 * r takes one of them down (its touched set does not depend on the
	 * duration): mark those roots in st_x */
	for (uint32_t q = 0; q < c->n_roots; q++) {
		const uint32_t r = c->roots[q];
		const struct reff *f = c->eff[r];
		if (w->st_s[r] != w->ep)
			continue; /* nothing sensitive downstream of r at all */
		for (uint32_t k = 0; k < f->n_touched; k++)
			if (w->st_m[f->touched[k]] == w->ep) {
				/* the joint effect of r with i down */
				ALLOC_GROW(w->peff, w->n_peff + 1, w->cap_peff);
				joint_effect(c, w, r, &w->peff[w->n_peff]);
				w->dk[r] = (uint32_t)w->n_peff++;
				w->st_x[r] = w->ep;
				w->rep_down++;
				break;
			}
	}
	/* the root effects against the forced event: of the first k
	 * institutions of r's effect, rcnt[eoff[r] + k] are not in it */
	for (uint32_t q = 0; q < c->n_roots; q++) {
		const uint32_t r = c->roots[q];
		const struct reff *f = c->eff[r];
		uint32_t *nc = w->rcnt + c->eoff[r];
		double *na = w->ras + c->eoff[r];
		nc[0] = 0;
		na[0] = 0;
		for (uint32_t k = 0; k < f->n; k++) {
			int add = !w->in_f[f->inst[k]];
			nc[k + 1] = nc[k] + (uint32_t)add;
			na[k + 1] = na[k] + (add ? c->assets[f->inst[k]] : 0);
		}
	}
	const double total = c->ds->total_assets;
	const double S = c->m->systemic_assets_share;
	const uint32_t N = c->res->systemic_min_inst;
	for (int64_t bi = 0; bi < c->n_blk; bi++) {
		const struct blk *b = &c->blk[bi];
		for (uint64_t t = b->lo; t < b->hi; t++) {
			const uint32_t ev_lo = b->t_ev[t - b->lo], ev_hi = b->t_ev[t - b->lo + 1];
			uint32_t xd = cnt_f;
			uint8_t yd = sys_f;
			int up_changed = 0;
			for (uint32_t k = ev_lo; k < ev_hi; k++) {
				const uint32_t *roots = b->root + b->ev_root[k];
				const uint32_t nr = b->ev_root[k + 1] - b->ev_root[k];
				const uint32_t *il = b->inst + b->ev_inst[k];
				const uint32_t ni = b->ev_cnt[k];
				int inexact = 0, takes_i = 0;
				for (uint32_t r = 0; r < nr; r++) {
					inexact |= w->st_s[roots[r]] == w->ep;
					takes_i |= w->st_u[roots[r]] == w->ep;
				}
				if (nr == 1 && c->eff[roots[0]]) {
					takes_i = w->st_t[roots[0]] == w->ep;
					inexact = 0; /* the joint effect decides */
				}
				up_changed |= takes_i;
				/* down */
				uint32_t cnt;
				uint8_t sys;
				if (nr == 1 && c->eff[roots[0]]) {
					/* i's forced event and the institutions r's
					 * effect (joint with i down, or alone when they
					 * cannot meet) adds to it */
					const uint32_t r = roots[0];
					uint32_t add;
					double a;
					if (w->st_x[r] == w->ep) {
						const struct reff *f = &w->peff[w->dk[r]];
						add = effect_prefix(f, b->dur[b->ev_root[k]]);
						a = f->asum[add];
					} else {
						if (ni == 0)
							continue;
						add = w->rcnt[c->eoff[r] + ni];
						a = w->ras[c->eoff[r] + ni];
					}
					cnt = cnt_f + add;
					sys = is_systemic(c, cnt, assets_f + a);
				} else if (inexact) {
					w->rep_down++;
					eval_event(c, w, roots, b->dur + b->ev_root[k], nr, i,
					           NODE_NONE, &cnt, &sys);
					w->nlist = 0;
				} else if (ni == 0 || (yd && cnt_f + ni <= xd)) {
					continue; /* the union is the forced event's, or no more */
				} else {
					double a = assets_f;
					cnt = cnt_f;
					for (uint32_t j = 0; j < ni; j++)
						if (!w->in_f[il[j]]) {
							cnt++;
							a += c->assets[il[j]];
						}
					double share = total > 0 ? a / total : 0;
					sys = cnt > 0 && share >= S && cnt >= N;
				}
				if (cnt > xd)
					xd = cnt;
				yd |= sys;
			}
			uint32_t xu = c->x_cnt[t];
			uint8_t yu = c->x_sys[t];
			if (up_changed) {
				xu = 0;
				yu = 0;
				for (uint32_t k = ev_lo; k < ev_hi; k++) {
					const uint32_t *roots = b->root + b->ev_root[k];
					const uint32_t nr = b->ev_root[k + 1] - b->ev_root[k];
					uint32_t cnt = b->ev_cnt[k];
					uint8_t sys = b->ev_sys[k];
					if (nr == 1 && c->eff[roots[0]]) {
						if (w->st_t[roots[0]] == w->ep) {
							const struct reff *f = &w->peff[w->pk[roots[0]]];
							cnt = effect_prefix(f, b->dur[b->ev_root[k]]);
							sys = is_systemic(c, cnt, f->asum[cnt]);
						}
					} else {
						int hit = 0;
						for (uint32_t r = 0; r < nr; r++)
							hit |= w->st_u[roots[r]] == w->ep;
						if (hit) {
							w->rep_up++;
							eval_event(c, w, roots, b->dur + b->ev_root[k], nr,
							           NODE_NONE, i, &cnt, &sys);
							w->nlist = 0;
						}
					}
					if (cnt > xu)
						xu = cnt;
					yu |= sys;
				}
			}
			/* The model is monotone: forcing a provider down never
			 * ends a systemic year, holding it up never makes one.
			 * The flags are sums of assets compared with a threshold,
			 * added up in different orders here and in the run; at a
			 * share equal to the threshold to the last bit the orders
			 * could disagree, so the run's own flag bounds both. */
			yd |= c->x_sys[t];
			yu &= c->x_sys[t];
			add_sums(&p->sums[IMP_INSTITUTIONS], c->x_cnt[t], xd, xu);
			add_sums(&p->sums[IMP_SYSTEMIC], c->x_sys[t], yd, yu);
		}
	}
	for (uint32_t k = 0; k < n_f; k++)
		w->in_f[f_list[k]] = 0;
	free(f_list);
	engine_scratch_reset(w->fs);
}

/* ---- measures --------------------------------------------------------- */

/* a / b on paired trials with its delta-method interval (importance.h);
 * NAN when sb is 0. */
static void ratio_ci(uint64_t sa, uint64_t sb, uint64_t saa, uint64_t sab, uint64_t sbb,
                     uint64_t T, double *r, double *lo, double *hi)
{
	if (sb == 0) {
		*r = *lo = *hi = NAN;
		return;
	}
	long double q = (long double)sa / (long double)sb;
	*r = (double)q;
	if (T < 2) {
		*lo = *hi = NAN;
		return;
	}
	long double ss = (long double)saa - 2 * q * (long double)sab + q * q * (long double)sbb;
	if (ss < 0)
		ss = 0;
	long double N = (long double)T;
	long double se = sqrtl(ss / (N * (N - 1))) / ((long double)sb / N);
	*lo = (double)(q - (long double)Z975 * se);
	*hi = (double)(q + (long double)Z975 * se);
}

void imp_measure_from_sums(const struct imp_sums *s, uint64_t T, struct imp_measure *o)
{
	const double N = (double)T;
	o->r = (double)s->x / N;
	o->r_down = (double)s->d / N;
	o->r_up = (double)s->u / N;
	/* Birnbaum: the paired differences z_t = d_t - u_t (d_t >= u_t) */
	uint64_t sz = s->d - s->u;
	uint64_t szz = s->dd + s->uu - 2 * s->du; /* sum of z_t^2, exact */
	o->birnbaum = (double)sz / N;
	if (T > 1) {
		long double m = (long double)sz / (long double)N;
		long double var = ((long double)szz - (long double)N * m * m) / (N - 1);
		if (var < 0)
			var = 0;
		long double h = (long double)Z975 * sqrtl(var / (long double)N);
		o->birnbaum_lo = (double)(m - h);
		o->birnbaum_hi = (double)(m + h);
	} else {
		o->birnbaum_lo = o->birnbaum_hi = NAN;
	}
	ratio_ci(s->d, s->x, s->dd, s->xd, s->xx, T, &o->raw, &o->raw_lo, &o->raw_hi);
	ratio_ci(s->x, s->u, s->xx, s->xu, s->uu, T, &o->rrw, &o->rrw_lo, &o->rrw_hi);
	double q, qlo, qhi;
	ratio_ci(s->u, s->x, s->uu, s->xu, s->xx, T, &q, &qlo, &qhi);
	if (s->x == 0) {
		o->fv = o->fv_lo = o->fv_hi = NAN;
	} else {
		o->fv = (double)(s->x - s->u) / (double)s->x;
		o->fv_lo = 1 - qhi;
		o->fv_hi = 1 - qlo;
	}
}

/* The calling thread's scratch, made on its first use (inside a parallel
 * region: one slot of ws per thread). */
static struct iw *thread_iw(struct iw **ws, const struct ictx *c)
{
	int tid = 0;
#ifdef _OPENMP
	tid = omp_get_thread_num();
#endif
	if (!ws[tid])
		ws[tid] = iw_new(c);
	return ws[tid];
}

/* ---- driver ----------------------------------------------------------- */

static int by_exposure(const void *a, const void *b)
{
	const struct imp_provider *x = a, *y = b;
	if (x->exposure != y->exposure)
		return x->exposure > y->exposure ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

enum cp_status imp_run(const struct model *m, const struct dataset *ds,
                       const struct engine *e, const struct mc_result *res, int threads,
                       uint32_t top, struct imp_result *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	if (threads < 1)
		threads = 1;
	struct ictx c = { .m = m, .ds = ds, .e = e, .res = res,
		.i0 = ds->first_kind[NODE_INSTITUTION], .ni = ds->n_kind[NODE_INSTITUTION],
		.s0 = ds->first_kind[NODE_SERVICE] };
	enum cp_status rc = CP_OK;
	out->trials = res->trials;
	out->mode = m->mode;
	c.assets = xcalloc(c.ni + 1, sizeof *c.assets);
	for (uint32_t k = 0; k < c.ni; k++)
		c.assets[k] = ds->nodes[c.i0 + k].total_assets;
	c.svc_inst = xcalloc((size_t)ds->n_nodes + 1, sizeof *c.svc_inst);
	for (uint32_t v = 0; v < ds->n_nodes; v++)
		if (ds->nodes[v].kind == NODE_SERVICE)
			c.svc_inst[v] = ds->nodes[v].institution - c.i0;

	/* the candidates: every provider (annual), the shocked ones (stress) */
	uint8_t *cand = xcalloc((size_t)ds->n_nodes + 1, 1);
	if (m->mode == MODE_ANNUAL) {
		for (uint32_t v = 0; v < ds->n_nodes; v++)
			cand[v] = (uint8_t)node_is_provider(&ds->nodes[v]);
	} else {
		for (size_t k = 0; k < m->n_shocks; k++)
			for (uint32_t t = 0; t < m->shocks[k].n_targets; t++) {
				uint32_t v = m->shocks[k].target_nodes[t];
				if (v < ds->n_nodes && node_is_provider(&ds->nodes[v]))
					cand[v] = 1;
			}
	}
	uint32_t n_cand = 0;
	for (uint32_t v = 0; v < ds->n_nodes; v++)
		n_cand += cand[v];
	struct imp_provider *p = xcalloc(n_cand + 1, sizeof *p);
	n_cand = 0;
	for (uint32_t v = 0; v < ds->n_nodes; v++)
		if (cand[v])
			p[n_cand++].node = v;
	free(cand);
	out->n_candidates = n_cand;

	effects_build(&c, threads);
	struct iw **ws = xcalloc((size_t)threads, sizeof *ws);
	/* exposures, then the order and --top */
#pragma omp parallel num_threads(threads)
	{
		struct iw *w = thread_iw(ws, &c);
#pragma omp for schedule(dynamic, 8)
		for (int64_t k = 0; k < (int64_t)n_cand; k++) {
			uint32_t cnt;
			uint8_t sys;
			double a;
			next_epoch(w, e->n_nodes);
			forced_event(&c, w, p[k].node, 0, &cnt, &sys, &a);
			w->nlist = 0;
			p[k].exposure = cnt;
		}
	}
	qsort(p, n_cand, sizeof *p, by_exposure);
	size_t n = top > 0 && top < n_cand ? top : n_cand;
	out->p = p;
	out->n = n;

	const uint64_t T = res->trials;
	c.x_cnt = xcalloc(T + 1, sizeof *c.x_cnt);
	c.x_sys = xcalloc(T + 1, 1);
	c.n_blk = (int64_t)((T + MC_BLOCK - 1) / MC_BLOCK);
	c.blk = xcalloc((size_t)c.n_blk + 1, sizeof *c.blk);
	int failed = 0, over = 0;
	/* the replayed events count against the memory limit, with the
	 * baseline figures per trial (5 bytes a trial) */
	const uint64_t mem_limit = limit_get(LIMIT_MEMORY);
	uint64_t mem_used = 5 * T;
#pragma omp parallel num_threads(threads)
	{
		struct iw *w = thread_iw(ws, &c);
#pragma omp for schedule(dynamic, 1)
		for (int64_t b = 0; b < c.n_blk; b++) {
			struct blk *bk = &c.blk[b];
			bk->lo = (uint64_t)b * MC_BLOCK;
			bk->hi = bk->lo + MC_BLOCK < T ? bk->lo + MC_BLOCK : T;
			int stop;
#pragma omp atomic read
			stop = over;
			if (stop) {
				bk->hi = bk->lo; /* left empty: the run is refused */
				continue;
			}
			if (replay_block(&c, w, bk) != 0) {
#pragma omp atomic write
				failed = 1;
			}
			uint64_t bytes = (bk->hi - bk->lo + 1) * 4 + (uint64_t)bk->n_ev * 13 +
			                 (uint64_t)bk->n_root * 12 + (uint64_t)bk->n_inst * 4;
			uint64_t total;
#pragma omp atomic capture
			total = mem_used += bytes;
			if (total > mem_limit) {
#pragma omp atomic write
				over = 1;
			}
		}
	}
	if (failed) {
		snprintf(err, errsz, "importance: out of memory replaying the trials");
		rc = CP_ERR_INVALID;
		goto out;
	}
	if (over) {
		char have[32];
		fmt_bytes(have, sizeof have, (double)mem_limit);
		snprintf(err, errsz, "--importance: the events of %llu trials, replayed, need more "
		         "than %s, the memory limit: run fewer trials or raise it with --limit "
		         "memory=SIZE", (unsigned long long)T, have);
		rc = CP_ERR_LIMIT;
		goto out;
	}
	/* the replay must agree with the run it explains; its systemic flags
	 * are the run's (the run adds assets in the engine's order) */
	for (uint64_t t = 0; t < T; t++)
		c.x_sys[t] = res->t_systemic[t];
	for (uint64_t t = 0; t < T; t++)
		if (c.x_cnt[t] != res->t_inst[t]) {
			snprintf(err, errsz, "importance: trial %llu replays with %u institutions "
			         "in breach, the run had %u", (unsigned long long)t, c.x_cnt[t],
			         res->t_inst[t]);
			rc = CP_ERR_INVALID;
			goto out;
		}
#pragma omp parallel num_threads(threads)
	{
		struct iw *w = thread_iw(ws, &c);
#pragma omp for schedule(dynamic, 1)
		for (int64_t k = 0; k < (int64_t)n; k++) {
			provider_run(&c, w, &p[k]);
			for (int mt = 0; mt < IMP_N_METRICS; mt++)
				imp_measure_from_sums(&p[k].sums[mt], T, &p[k].m[mt]);
		}
	}
	for (int k = 0; k < threads; k++)
		if (ws[k]) {
			out->repropagated_down += ws[k]->rep_down;
			out->repropagated_up += ws[k]->rep_up;
		}
out:
	for (int k = 0; k < threads; k++)
		iw_free(ws[k]);
	free(ws);
	if (c.eff)
		for (uint32_t v = 0; v < e->n_nodes; v++)
			if (c.eff[v]) {
				reff_free(c.eff[v]);
				free(c.eff[v]);
			}
	free(c.eff);
	free(c.takes_off);
	free(c.eoff);
	free(c.roots);
	free(c.takes);
	for (int64_t b = 0; b < c.n_blk; b++)
		blk_free(&c.blk[b]);
	free(c.blk);
	free(c.x_cnt);
	free(c.x_sys);
	free(c.assets);
	free(c.svc_inst);
	if (rc != 0)
		imp_result_free(out);
	return rc;
}

void imp_result_free(struct imp_result *r)
{
	if (!r)
		return;
	free(r->p);
	memset(r, 0, sizeof *r);
}
