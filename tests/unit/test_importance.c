/*
 * test_importance.c - importance measures (sim/importance.h) against
 * closed forms on a series system, a 1-of-2 and a 2-of-3 group.
 *
 * Stress models: shock s_X takes provider X down 10 h (> pay's tolerance
 * of 4 h) with probability p_X, independently of the others.  bank, the
 * only institution, holds every asset, so with systemic_min_institutions
 * 1 both metrics are the indicator of "pay breaches" (the top event) and
 * R = P(top), R(down) = P(top | X down), R(up) = P(top | X up).
 * Estimates must lie within 4 standard errors of the closed form (the
 * standard error read off the 95 % interval the code reports, so the
 * interval is checked too); what holds exactly is checked exactly.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "input/model.h"
#include "sim/engine.h"
#include "sim/importance.h"
#include "sim/montecarlo.h"
#include "testutil.h"

static const char INST[] = "id,name,type,total_assets,systemic\n"
                           "bank,Bank,regional_bank,10,0\n";
static const char SERV[] = "id,institution,name,category,tolerance_hours,daily_volume\n"
                           "pay,bank,Payments,payments,4,2400\n";
static const char VEND[] = "id,name,type\n"
                           "a,Vendor A,software\nb,Vendor B,software\n"
                           "c,Vendor C,software\n";

#define T 40000
#define PA 0.3
#define PB 0.2
#define PC 0.4

#define MODEL                                                                            \
	"[model]\nmode = stress\ntrials = 40000\nseed = 11\n"                            \
	"systemic_assets_share = 0.5\nsystemic_min_institutions = 1\n"                   \
	"[shock s_a]\ntargets = a\nprobability = 0.3\nduration = fixed 10\n"             \
	"[shock s_b]\ntargets = b\nprobability = 0.2\nduration = fixed 10\n"             \
	"[shock s_c]\ntargets = c\nprobability = 0.4\nduration = fixed 10\n"

struct fixture {
	struct mc_fixture mc; /* data set, model, engine, Monte Carlo result */
	struct imp_result imp;
};

/* mc_fixture_run, then imp_run with the same threads and top. */
static void run_fixture(struct fixture *f, const char *inst, const char *serv,
                        const char *vend, const char *deps, const char *model_text,
                        int threads, uint32_t top)
{
	struct mc_fixture *mc = &f->mc;
	mc_fixture_run(mc, inst, serv, vend, deps, model_text, threads);
	char err[256];
	cr_assert_eq(imp_run(&mc->m, &mc->ds, &mc->e, &mc->res, threads, top, &f->imp,
	                     err, sizeof err),
	             0, "%s", err);
}

static void free_fixture(struct fixture *f)
{
	imp_result_free(&f->imp);
	mc_fixture_free(&f->mc);
}

static const struct imp_provider *prov(const struct fixture *f, const char *id)
{
	uint32_t v = dataset_find(&f->mc.ds, id);
	for (size_t k = 0; k < f->imp.n; k++)
		if (f->imp.p[k].node == v)
			return &f->imp.p[k];
	cr_assert_fail("no row for %s", id);
	return NULL;
}

/* est within 4 standard errors of want; the standard error is the
 * reported 95 % half-width / 1.96. */
static void expect_near(double est, double lo, double hi, double want, const char *what)
{
	double se = (hi - lo) / 2 / 1.959964;
	cr_expect(lo <= est && est <= hi, "%s: %.6f outside its interval [%.6f, %.6f]", what,
	          est, lo, hi);
	cr_expect_leq(fabs(est - want), 4 * se + 1e-12,
	              "%s: estimate %.6f, closed form %.6f (se %.6f)", what, est, want, se);
}

/* The four measures of provider id, both metrics, against closed forms
 * (NAN: undefined, must be reported as NAN). */
static void expect_measures(const struct fixture *f, const char *id, double r,
                            double r_down, double r_up)
{
	const struct imp_provider *p = prov(f, id);
	double birn = r_down - r_up, fv = (r - r_up) / r, raw = r_down / r;
	double rrw = r_up > 0 ? r / r_up : NAN;
	for (int mt = 0; mt < IMP_N_METRICS; mt++) {
		const struct imp_measure *q = &p->m[mt];
		cr_expect_leq(fabs(q->r - r), 4 * sqrt(r * (1 - r) / T), "%s R %.6f vs %.6f",
		              id, q->r, r);
		expect_near(q->birnbaum, q->birnbaum_lo, q->birnbaum_hi, birn, "birnbaum");
		expect_near(q->fv, q->fv_lo, q->fv_hi, fv, "fussell_vesely");
		expect_near(q->raw, q->raw_lo, q->raw_hi, raw, "raw");
		if (isnan(rrw))
			cr_expect(isnan(q->rrw) && isnan(q->rrw_lo) && isnan(q->rrw_hi),
			          "%s: rrw with R(up) = 0 must be undefined, got %f", id,
			          q->rrw);
		else
			expect_near(q->rrw, q->rrw_lo, q->rrw_hi, rrw, "rrw");
	}
}

/* Trials in which source 'name' occurred (stress: events it was in). */
static double occurred(const struct fixture *f, const char *name)
{
	for (size_t k = 0; k < f->mc.res.n_sources; k++)
		if (strcmp(f->mc.res.sources[k].name, name) == 0)
			return f->mc.res.src_events[k];
	cr_assert_fail("no source %s", name);
	return 0;
}

Test(importance, series)
{
	/* pay needs a and b (two groups of one): top = A or B down.
	 *   R       = 1 - (1 - pA)(1 - pB) = 1 - 0.7 * 0.8 = 0.44
	 *   R(A dn) = 1,  R(A up) = pB = 0.2
	 *   Birnbaum_A = 1 - pB = 0.8
	 *   FV_A  = (R - pB) / R = pA (1 - pB) / R = 0.24 / 0.44 = 0.545455
	 *   RAW_A = 1 / R = 2.272727,  RRW_A = R / pB = 2.2
	 * and symmetrically for B (R(up) = pA = 0.3).  c is shocked but pay
	 * does not use it: Birnbaum 0, FV 0, RAW = RRW = 1. */
	struct fixture f;
	run_fixture(&f, INST, SERV, VEND, "from,to\npay,a\npay,b\n", MODEL, 1, 0);
	double r = 1 - (1 - PA) * (1 - PB);
	expect_measures(&f, "a", r, 1, PB);
	expect_measures(&f, "b", r, 1, PA);
	expect_measures(&f, "c", r, r, r);
	/* exactly: down, top in every trial; up, top exactly when the other
	 * shock fired; R is the run's breach frequency */
	const struct imp_provider *a = prov(&f, "a");
	cr_expect_eq(a->sums[IMP_INSTITUTIONS].d, T);
	cr_expect_eq((double)a->sums[IMP_INSTITUTIONS].u, occurred(&f, "s_b"));
	cr_expect_eq(a->sums[IMP_INSTITUTIONS].x, f.mc.res.svc_breach_trials[0]);
	const struct imp_provider *c = prov(&f, "c");
	cr_expect_eq(c->m[IMP_SYSTEMIC].birnbaum, 0);
	cr_expect_eq(c->m[IMP_SYSTEMIC].fv, 0);
	cr_expect_eq(c->m[IMP_SYSTEMIC].raw, 1);
	cr_expect_eq(c->m[IMP_SYSTEMIC].rrw, 1);
	/* exposure: a alone down breaches bank (1); c breaches nothing (0) */
	cr_expect_eq(a->exposure, 1);
	cr_expect_eq(c->exposure, 0);
	free_fixture(&f);
}

Test(importance, one_of_two)
{
	/* pay needs one of a, b: top = A and B down.
	 *   R = pA pB = 0.06;  R(A dn) = pB = 0.2;  R(A up) = 0
	 *   Birnbaum_A = pB = 0.2,  FV_A = (R - 0) / R = 1,
	 *   RAW_A = pB / (pA pB) = 1 / pA = 3.333333,
	 *   RRW_A = R / 0: undefined (empty in importance.csv). */
	struct fixture f;
	run_fixture(&f, INST, SERV, VEND, "from,to,group,min_up\npay,a,g,1\npay,b,g,1\n",
	            MODEL, 1, 0);
	double r = PA * PB;
	expect_measures(&f, "a", r, PB, 0);
	expect_measures(&f, "b", r, PA, 0);
	const struct imp_provider *a = prov(&f, "a");
	cr_expect_eq(a->m[IMP_INSTITUTIONS].fv, 1); /* exact: no top with a up */
	cr_expect_eq(a->exposure, 0);               /* b still carries pay */
	free_fixture(&f);
}

Test(importance, two_of_three)
{
	/* pay needs two of a, b, c up: top = at least two down.
	 *   R = pApB + pApC + pBpC - 2 pApBpC
	 *     = 0.06 + 0.12 + 0.08 - 0.048 = 0.212
	 *   R(A dn) = P(B or C down) = 1 - (1 - pB)(1 - pC) = 1 - 0.8 * 0.6 = 0.52
	 *   R(A up) = P(B and C down) = pB pC = 0.08
	 *   Birnbaum_A = pB + pC - 2 pB pC = 0.44
	 *   FV_A = (0.212 - 0.08) / 0.212 = 0.622642
	 *   RAW_A = 0.52 / 0.212 = 2.452830,  RRW_A = 0.212 / 0.08 = 2.65 */
	struct fixture f;
	run_fixture(&f, INST, SERV, VEND,
	            "from,to,group,min_up\npay,a,g,2\npay,b,g,2\npay,c,g,2\n", MODEL, 1, 0);
	double r = PA * PB + PA * PC + PB * PC - 2 * PA * PB * PC;
	expect_measures(&f, "a", r, 1 - (1 - PB) * (1 - PC), PB * PC);
	expect_measures(&f, "b", r, 1 - (1 - PA) * (1 - PC), PA * PC);
	expect_measures(&f, "c", r, 1 - (1 - PA) * (1 - PB), PA * PB);
	free_fixture(&f);
}

/*
 * Annual mode: providers' own outages at rates la = 0.5, lb = 0.2 a year
 * (lognormal, median 10 h, p95 20 h: P(D <= 1 h) = Phi(-ln 10 / 0.421)
 * ~ 2e-8, so every outage breaches a 1 h tolerance).  bank uses a,
 * other uses b; each holds half the assets, systemic needs both
 * (systemic_min_institutions 2).  Events of a year are separate, so the
 * year's worst event has at most one institution in breach:
 *   R_inst = 1 - exp(-(la + lb)),  R_sys = 0.
 * a down the whole year: bank in breach in every event (its own and
 * each of b's outages), so the worst event holds 2 exactly when b fails:
 *   R_inst(a dn) = 1 + (1 - exp(-lb)),  R_sys(a dn) = 1 - exp(-lb);
 * a held up: R_inst(a up) = 1 - exp(-lb), R_sys(a up) = 0.
 *   Birnbaum_inst(a) = 1,  Birnbaum_sys(a) = 1 - exp(-lb) = 0.181269.
 * p_systemic: R = 0, so FV and RAW are undefined; RRW = 0 / 0 too.
 */
Test(importance, annual_union_of_forced_and_other_events)
{
	static const char inst[] = "id,name,type,total_assets,systemic\n"
	                           "bank,Bank,regional_bank,10,0\n"
	                           "other,Other,regional_bank,10,0\n";
	static const char serv[] =
	    "id,institution,name,category,tolerance_hours,daily_volume\n"
	    "pay,bank,Payments,payments,1,2400\n"
	    "pay2,other,Payments,payments,1,2400\n";
	static const char vend[] =
	    "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	    "a,Vendor A,software,0.5,10,20\nb,Vendor B,software,0.2,10,20\n";
	struct fixture f;
	run_fixture(&f, inst, serv, vend, "from,to\npay,a\npay2,b\n",
	            "[model]\nmode = annual\ntrials = 40000\nseed = 3\nbaseline = yes\n"
	            "systemic_assets_share = 0.5\nsystemic_min_institutions = 2\n",
	            1, 0);
	const double la = 0.5, lb = 0.2, pb = 1 - exp(-lb);
	const struct imp_provider *a = prov(&f, "a");
	const struct imp_measure *qi = &a->m[IMP_INSTITUTIONS], *qs = &a->m[IMP_SYSTEMIC];
	double r = 1 - exp(-(la + lb));
	cr_expect_leq(fabs(qi->r - r), 4 * sqrt(r * (1 - r) / T), "R %.6f vs %.6f", qi->r, r);
	/* exactly 1 each trial: R(down) - R(up) = 1 + [b] - [b] */
	cr_expect_eq(qi->birnbaum, 1);
	cr_expect_eq(qi->birnbaum_lo, 1);
	cr_expect_eq(qi->birnbaum_hi, 1);
	expect_near(qi->raw, qi->raw_lo, qi->raw_hi, (1 + pb) / r, "raw");
	expect_near(qi->rrw, qi->rrw_lo, qi->rrw_hi, r / pb, "rrw");
	expect_near(qi->fv, qi->fv_lo, qi->fv_hi, (r - pb) / r, "fussell_vesely");
	expect_near(qs->birnbaum, qs->birnbaum_lo, qs->birnbaum_hi, pb, "birnbaum p_systemic");
	cr_expect_eq(qs->r, 0);
	cr_expect(isnan(qs->fv) && isnan(qs->raw) && isnan(qs->rrw),
	          "R = 0: FV, RAW and RRW undefined");
	free_fixture(&f);
}

Test(importance, top_and_thread_count)
{
	/* --top 1 keeps the provider of largest exposure; the sums are the
	 * same integers for any thread count */
	struct fixture f1, f3;
	const char *deps = "from,to,group,min_up\npay,a,g,1\npay,b,g,1\npay,c,h,1\n";
	run_fixture(&f1, INST, SERV, VEND, deps, MODEL, 1, 0);
	run_fixture(&f3, INST, SERV, VEND, deps, MODEL, 3, 1);
	cr_expect_eq(f1.imp.n, 3);
	cr_expect_eq(f3.imp.n, 1);
	cr_expect_eq(f3.imp.n_candidates, 3);
	/* c alone breaches pay (exposure 1); a and b do not (0) */
	cr_expect_eq(f3.imp.p[0].node, dataset_find(&f3.mc.ds, "c"));
	const struct imp_provider *c1 = prov(&f1, "c");
	cr_expect_eq(c1->exposure, 1);
	cr_expect(memcmp(c1->sums, f3.imp.p[0].sums, sizeof c1->sums) == 0,
	          "same sums for 1 and 3 threads");
	/* rows by exposure, then data set order: c, a, b */
	cr_expect_eq(f1.imp.p[0].node, dataset_find(&f1.mc.ds, "c"));
	cr_expect_eq(f1.imp.p[1].node, dataset_find(&f1.mc.ds, "a"));
	cr_expect_eq(f1.imp.p[2].node, dataset_find(&f1.mc.ds, "b"));
	free_fixture(&f1);
	free_fixture(&f3);
}

Test(importance, ratio_interval_from_sums)
{
	/* Four trials, x = (1, 1, 0, 0), d = (1, 1, 1, 1), u = (1, 0, 0, 0):
	 *   R = 0.5, R(down) = 1, R(up) = 0.25
	 *   Birnbaum = 0.75; z = d - u = (0, 1, 1, 1), mean 0.75,
	 *     sd^2 = (3 * 0.0625 + 0.5625) / 3 = 0.25, half-width
	 *     1.959964 * 0.5 / 2 = 0.489991
	 *   RAW = 2: z = d - 2x = (-1, -1, 1, 1), sum z^2 = 4,
	 *     se = sqrt(4 / (4 * 3)) / 0.5 = 1.154701, half 2.263172
	 *   RRW = 0.5 / 0.25 = 2: z = x - 2u = (-1, 1, 0, 0), sum z^2 = 2,
	 *     se = sqrt(2 / 12) / 0.25 = 1.632993
	 *   FV = (0.5 - 0.25) / 0.5 = 0.5: u / x = 0.5, z = u - 0.5 x =
	 *     (0.5, -0.5, 0, 0), sum z^2 = 0.5, se = sqrt(0.5 / 12) / 0.5
	 *     = 0.408248 */
	struct imp_sums s = { .x = 2, .d = 4, .u = 1, .xx = 2, .dd = 4, .uu = 1,
		              .xd = 2, .xu = 1, .du = 1 };
	struct imp_measure m;
	imp_measure_from_sums(&s, 4, &m);
	cr_expect_float_eq(m.r, 0.5, 1e-12);
	cr_expect_float_eq(m.birnbaum, 0.75, 1e-12);
	cr_expect_float_eq(m.birnbaum_hi - m.birnbaum, 1.959964 * 0.5 / 2, 1e-6);
	cr_expect_float_eq(m.raw, 2, 1e-12);
	cr_expect_float_eq(m.raw_hi - m.raw, 1.959964 * 1.154701, 1e-5);
	cr_expect_float_eq(m.rrw, 2, 1e-12);
	cr_expect_float_eq(m.rrw_hi - m.rrw, 1.959964 * 1.632993, 1e-5);
	cr_expect_float_eq(m.fv, 0.5, 1e-12);
	cr_expect_float_eq(m.fv_hi - m.fv, 1.959964 * 0.408248, 1e-5);
}

/*
 * Against a simpler method: every event of every trial re-propagated with
 * engine_propagate, the provider added as a root for 8760 h (down) or
 * held up (up), on a data set with a 1-of-2 and a 2-of-3 group, failover
 * caps, providers that depend on providers and a shock of several targets
 * (events of several roots).  The sums must agree exactly.
 */
static const char B_INST[] = "id,name,type,total_assets,systemic\n"
                             "b1,B1,regional_bank,40,0\nb2,B2,regional_bank,30,0\n"
                             "b3,B3,regional_bank,20,0\nb4,B4,regional_bank,10,0\n";
static const char B_SERV[] = "id,institution,name,category,tolerance_hours,daily_volume\n"
                             "p1,b1,Payments,payments,2,1\n"
                             "n1,b1,Net,internet_banking,12,1\n"
                             "p2,b2,Payments,payments,3,1\n"
                             "p3,b3,Payments,payments,1,1\n"
                             "p4,b4,Payments,payments,6,1\n"
                             "q4,b4,Net,internet_banking,0.5,1\n";
static const char B_VEND[] =
    "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
    "v1,V1,software,0.8,3,12\nv2,V2,software,0.6,4,20\nv3,V3,software,0.5,2,8\n"
    "v4,V4,software,0.3,10,40\ncore,Core,shared_core_center,0.4,6,24\n"
    "dc,DC,data_center,0.2,5,30\nidle,Idle,software,0,1,2\n";
static const char B_DEPS[] = "from,to,group,min_up,failover_hours\n"
                             "p1,v1,g,1,\np1,v2,g,1,\np1,core,,,\n"
                             "n1,v1,,,6\n"
                             "p2,v1,h,2,\np2,v2,h,2,\np2,v3,h,2,\n"
                             "p3,v3,,,\np3,dc,,,\n"
                             "p4,core,,,\nq4,v4,,,\n"
                             "core,dc,,,\n"
                             "v3,dc,k,1,\nv3,v4,k,1,\n"
                             "v2,core,,,2\n";
#define B_SHOCKS                                                                         \
	"[shock storm]\ntargets = v1 v3 dc\nhit_probability = 0.5\nprobability = 0.3\n"   \
	"shared_duration = no\nduration = lognormal 4 20\n"                              \
	"[shock core-fire]\ntargets = core v4\nprobability = 0.4\nduration = fixed 30\n"

struct brute_ev {
	uint32_t *roots;
	double *dur;
	size_t n;
};

struct brute_trial {
	struct brute_ev *ev;
	size_t n, cap;
};

static void brute_collect(void *arg, const uint32_t *roots, const double *dur,
                          const uint32_t *root_src, size_t n_roots)
{
	(void)root_src;
	struct brute_trial *t = arg;
	ALLOC_GROW(t->ev, t->n + 1, t->cap);
	struct brute_ev *e = &t->ev[t->n++];
	e->roots = xcalloc(n_roots + 1, sizeof *e->roots);
	e->dur = xcalloc(n_roots + 1, sizeof *e->dur);
	if (n_roots) { /* a stress trial without roots: both may be NULL */
		memcpy(e->roots, roots, n_roots * sizeof *roots);
		memcpy(e->dur, dur, n_roots * sizeof *dur);
	}
	e->n = n_roots;
}

/* Institutions in breach in the scratch's event, and systemic; resets. */
static void brute_count(const struct fixture *f, struct engine_scratch *sc, uint32_t *cnt,
                        uint8_t *sys)
{
	uint8_t hit[16] = { 0 };
	for (uint32_t t = 0; t < sc->n_touched; t++) {
		uint32_t v = sc->touched[t];
		if (f->mc.e.is_service[v] && sc->down[v] > f->mc.e.tolerance[v])
			hit[f->mc.ds.nodes[v].institution -
			    f->mc.ds.first_kind[NODE_INSTITUTION]] = 1;
	}
	engine_scratch_reset(sc);
	double a = 0;
	*cnt = 0;
	for (uint32_t k = 0; k < f->mc.ds.n_kind[NODE_INSTITUTION]; k++)
		if (hit[k]) {
			(*cnt)++;
			uint32_t w = f->mc.ds.first_kind[NODE_INSTITUTION] + k;
			a += f->mc.ds.nodes[w].total_assets;
		}
	*sys = *cnt > 0 && a / f->mc.ds.total_assets >= f->mc.m.systemic_assets_share &&
	       *cnt >= f->mc.m.systemic_min_institutions;
}

static void brute_check(struct fixture *f)
{
	struct engine_scratch *sc = engine_scratch_new(&f->mc.e);
	const double H = IMP_DOWN_HOURS;
	cr_assert(f->imp.n >= 5, "%zu providers", f->imp.n);
	struct brute_trial *tr = xcalloc(f->mc.res.trials, sizeof *tr);
	for (uint64_t t = 0; t < f->mc.res.trials; t++)
		cr_assert_eq(mc_trial_events(&f->mc.m, f->mc.res.sources,
		                             f->mc.res.n_sources, t, brute_collect, &tr[t]),
		             0);
	for (size_t k = 0; k < f->imp.n; k++) {
		const struct imp_provider *p = &f->imp.p[k];
		uint32_t i = p->node;
		struct imp_sums s[IMP_N_METRICS];
		memset(s, 0, sizeof s);
		for (uint64_t t = 0; t < f->mc.res.trials; t++) {
			uint32_t x = 0, d, u = 0, c;
			uint8_t xs = 0, ds, us = 0, cs;
			engine_propagate(&f->mc.e, sc, &i, &H, 1);
			brute_count(f, sc, &d, &ds);
			for (size_t j = 0; j < tr[t].n; j++) {
				const struct brute_ev *ev = &tr[t].ev[j];
				engine_propagate(&f->mc.e, sc, ev->roots, ev->dur, ev->n);
				brute_count(f, sc, &c, &cs);
				x = c > x ? c : x;
				xs |= cs;
				engine_propagate(&f->mc.e, sc, ev->roots, ev->dur, ev->n);
				engine_propagate(&f->mc.e, sc, &i, &H, 1);
				brute_count(f, sc, &c, &cs);
				d = c > d ? c : d;
				ds |= cs;
				sc->pin_up = i;
				engine_propagate(&f->mc.e, sc, ev->roots, ev->dur, ev->n);
				sc->pin_up = NODE_NONE;
				brute_count(f, sc, &c, &cs);
				u = c > u ? c : u;
				us |= cs;
			}
			cr_assert_eq(x, f->mc.res.t_inst[t]);
			uint64_t v[2][3] = { { x, d, u }, { xs, ds, us } };
			for (int mt = 0; mt < IMP_N_METRICS; mt++) {
				struct imp_sums *q = &s[mt];
				q->x += v[mt][0];
				q->d += v[mt][1];
				q->u += v[mt][2];
				q->xx += v[mt][0] * v[mt][0];
				q->dd += v[mt][1] * v[mt][1];
				q->uu += v[mt][2] * v[mt][2];
				q->xd += v[mt][0] * v[mt][1];
				q->xu += v[mt][0] * v[mt][2];
				q->du += v[mt][1] * v[mt][2];
			}
		}
		for (int mt = 0; mt < IMP_N_METRICS; mt++)
			cr_expect(memcmp(&s[mt], &p->sums[mt], sizeof s[mt]) == 0,
			          "%s, metric %d: sums differ from re-propagation (d %llu vs "
			          "%llu, u %llu vs %llu)",
			          f->mc.ds.nodes[i].id, mt, (unsigned long long)s[mt].d,
			          (unsigned long long)p->sums[mt].d,
			          (unsigned long long)s[mt].u,
			          (unsigned long long)p->sums[mt].u);
	}
	for (uint64_t t = 0; t < f->mc.res.trials; t++) {
		for (size_t j = 0; j < tr[t].n; j++) {
			free(tr[t].ev[j].roots);
			free(tr[t].ev[j].dur);
		}
		free(tr[t].ev);
	}
	free(tr);
	engine_scratch_free(sc);
}

Test(importance, annual_agrees_with_repropagating_every_event)
{
	struct fixture f;
	run_fixture(&f, B_INST, B_SERV, B_VEND, B_DEPS,
	            "[model]\nmode = annual\ntrials = 3000\nseed = 9\nbaseline = yes\n"
	            "systemic_assets_share = 0.3\nsystemic_min_institutions = 2\n" B_SHOCKS,
	            2, 0);
	cr_expect_eq(f.imp.n, 7); /* every provider, idle too */
	brute_check(&f);
	free_fixture(&f);
}

Test(importance, stress_agrees_with_repropagating_every_event)
{
	struct fixture f;
	run_fixture(&f, B_INST, B_SERV, B_VEND, B_DEPS,
	            "[model]\nmode = stress\ntrials = 3000\nseed = 4\nbaseline = yes\n"
	            "window_hours = 2000\n"
	            "systemic_assets_share = 0.3\nsystemic_min_institutions = 2\n" B_SHOCKS,
	            2, 0);
	cr_expect_eq(f.imp.n, 5); /* the shocked providers */
	brute_check(&f);
	free_fixture(&f);
}

Test(importance, engine_pin_up_holds_a_node_up)
{
	/* pay needs x (all of it) and x needs a; pay also needs one of b, c.
	 * Held up, x stays at 0 whatever a does, a root x is ignored, and
	 * what does not go through x is as before: with b and c down 10 h,
	 * pay is down 10 h (the 1-of-2 group), x held up or not. */
	static const char vend[] = "id,name,type\n"
	                           "a,A,software\nb,B,software\nc,C,software\n"
	                           "x,X,software\n";
	struct dataset ds;
	struct diag d;
	cr_assert_eq(tmpdata_load(&ds, &d, INST, SERV, vend, NULL,
	                          "from,to,group,min_up\npay,x,,\nx,a,,\n"
	                          "pay,b,g,1\npay,c,g,1\n"),
	             0, "%s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	struct engine e;
	char err[256];
	cr_assert_eq(engine_compile(&e, &ds, err, sizeof err), 0, "%s", err);
	struct engine_scratch *s = engine_scratch_new(&e);
	uint32_t a = dataset_find(&ds, "a"), b = dataset_find(&ds, "b"),
	         c = dataset_find(&ds, "c"), x = dataset_find(&ds, "x"),
	         pay = dataset_find(&ds, "pay");
	const double ten = 10;
	cr_expect_eq(s->pin_up, NODE_NONE, "nothing held up by default");
	engine_propagate(&e, s, &a, &ten, 1);
	cr_expect_eq(s->down[pay], 10, "a takes pay down through x");
	engine_scratch_reset(s);
	s->pin_up = x;
	engine_propagate(&e, s, &a, &ten, 1);
	cr_expect_eq(s->down[a], 10);
	cr_expect_eq(s->down[x], 0, "x held up");
	cr_expect_eq(s->down[pay], 0, "pay up: its only path from a is x");
	engine_scratch_reset(s);
	engine_propagate(&e, s, &x, &ten, 1);
	cr_expect_eq(s->n_touched, 0, "a root held up is ignored");
	uint32_t bc[2] = { b, c };
	const double tt[2] = { 10, 10 };
	engine_propagate(&e, s, bc, tt, 2);
	cr_expect_eq(s->down[pay], 10, "the group still takes pay down");
	engine_scratch_reset(s);
	engine_scratch_free(s);
	engine_free(&e);
	dataset_free(&ds);
}
