/*
 * test_montecarlo.c - Monte Carlo estimates against closed forms, and
 * byte-identical results for any thread count.
 *
 * Each test builds a small data set and model, runs mc_run and checks the
 * estimate against a probability worked out by hand.  The seed is fixed,
 * so each assertion is deterministic; the tolerance is 4 standard errors
 * sqrt(p(1-p)/n), which a correct estimator misses with chance < 1e-4,
 * and the 95 % Wilson interval written to the reports must contain p.
 */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>

#include "base/stats.h"
#include "input/model.h"
#include "base/error.h"
#include "sim/engine.h"
#include "sim/explain.h"
#include "sim/montecarlo.h"
#include "report/report.h"
#include "testutil.h"

static const char INST[] = "id,name,type,total_assets,systemic\n"
                           "bank,Bank,regional_bank,10,0\n"
                           "other,Other bank,regional_bank,30,0\n";

/* mc_fixture_run with this file's institutions (INST). */
static void run_fixture(struct mc_fixture *f, const char *serv, const char *vend,
                        const char *deps, const char *model_text, int threads)
{
	mc_fixture_run(f, INST, serv, vend, deps, model_text, threads);
}

/* Service index (within services) of id. */
static uint32_t svc(const struct mc_fixture *f, const char *id)
{
	uint32_t v = dataset_find(&f->ds, id);
	cr_assert_neq(v, NODE_NONE);
	return v - f->ds.first_kind[NODE_SERVICE];
}

/* The estimate x/n must be within 4 standard errors of p. */
static void assert_close(uint64_t x, uint64_t n, double p, const char *what)
{
	double phat = (double)x / (double)n;
	double se = sqrt(p * (1 - p) / (double)n);
	cr_expect_leq(fabs(phat - p), 4 * se, "%s: estimate %.6f, closed form %.6f", what,
	              phat, p);
}

/* As assert_close, and the 95 % Wilson interval the reports print must
 * contain p (true at these seeds; a 95 % interval misses 1 time in 20, so
 * only the headline probability of each test is held to it). */
static void assert_prob(uint64_t x, uint64_t n, double p, const char *what)
{
	assert_close(x, n, p, what);
	double lo, hi;
	stats_wilson(x, n, &lo, &hi);
	cr_expect(lo <= p && p <= hi, "%s: %.6f outside Wilson interval [%.6f, %.6f]", what,
	          p, lo, hi);
}

static const char SERV1[] = "id,institution,name,category,tolerance_hours,daily_volume\n"
                            "pay,bank,Payments,payments,4,2400\n";
static const char VEND2[] = "id,name,type\n"
                            "a,Vendor A,software\n"
                            "b,Vendor B,software\n";

Test(montecarlo, stress_single_shock_exponential)
{
	/* P(breach) = P(shock) * P(D > tol) = 0.3 * exp(-4/5) = 0.3 * 0.449329
	 *           = 0.134799. */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND2, "from,to\npay,a\n",
	            "[model]\nmode = stress\ntrials = 100000\nseed = 2\n"
	            "[shock s]\ntargets = a\nprobability = 0.3\nduration = exponential 5\n", 1);
	uint32_t s = svc(&f, "pay");
	assert_prob(f.res.svc_breach_trials[s], f.res.trials, 0.3 * exp(-0.8), "p_breach");
	/* affected whenever the shock occurs: 0.3 */
	assert_close(f.res.svc_affected[s], f.res.trials, 0.3, "p_affected");
	/* mean downtime = 0.3 * 5 h = 1.5 h; sd of the trial downtime:
	 * E[X^2] = 0.3 * 2 * 25 = 15, var = 15 - 2.25 = 12.75, se = sqrt(12.75/1e5). */
	double mean = f.res.svc_down_sum[s] / (double)f.res.trials;
	cr_expect_leq(fabs(mean - 1.5), 4 * sqrt(12.75 / 1e5), "mean downtime %.4f", mean);
	mc_fixture_free(&f);
}

Test(montecarlo, stress_one_of_two_independent_hits)
{
	/* pay needs 1 of {a, b}; each is hit with chance 0.6 and its own
	 * exponential(5) duration.  pay is down for min(d_a, d_b) only when both
	 * are hit: P(breach) = 0.6^2 * P(min > 4) = 0.36 * exp(-4/5)^2
	 * = 0.36 * exp(-1.6) = 0.36 * 0.201897 = 0.072683. */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND2, "from,to,group,min_up\npay,a,g,1\npay,b,g,1\n",
	            "[model]\nmode = stress\ntrials = 100000\nseed = 3\n"
	            "[shock s]\ntargets = a b\nhit_probability = 0.6\nshared_duration = no\n"
	            "duration = exponential 5\n", 1);
	uint32_t s = svc(&f, "pay");
	assert_prob(f.res.svc_breach_trials[s], f.res.trials, 0.36 * exp(-1.6), "p_breach");
	assert_close(f.res.svc_affected[s], f.res.trials, 0.36, "p_affected");
	mc_fixture_free(&f);
}

Test(montecarlo, stress_baseline_window)
{
	/* Baseline in stress mode: provider a fails in the 72 h window with
	 * chance 1 - exp(-rate * 72 / 8760) = 1 - exp(-10 * 72/8760)
	 * = 1 - exp(-0.0821918) = 0.078905; its outage is lognormal(median 6,
	 * p95 24), and the service (tolerance 4 h) breaches when it exceeds 4 h:
	 * P(D > 4) = Q(ln(4/6) / sigma), sigma = ln(24/6)/1.6448536 = 0.842808,
	 * ln(4/6) = -0.405465, z = -0.481088, Q(z) = 0.684773.
	 * p = 0.078905 * 0.684773 = 0.054032. */
	struct mc_fixture f;
	run_fixture(&f, SERV1,
	            "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	            "a,Vendor A,software,10,6,24\n",
	            "from,to\npay,a\n",
	            "[model]\nmode = stress\ntrials = 100000\nseed = 11\nbaseline = yes\n"
	            "window_hours = 72\n", 1);
	double pw = 1 - exp(-10.0 * 72 / 8760);
	double sigma = log(4.0) / 1.6448536269514722;
	double p = pw * gsl_cdf_ugaussian_Q(log(4.0 / 6.0) / sigma);
	cr_expect(fabs(p - 0.054032) < 1e-5, "hand value %.6f", p);
	assert_prob(f.res.svc_breach_trials[svc(&f, "pay")], f.res.trials, p, "p_breach");
	mc_fixture_free(&f);
}

Test(montecarlo, annual_poisson)
{
	/* Annual mode: provider a has rate 2 a year, lognormal(4, 16) outages;
	 * the service (tolerance 8 h) breaches in an outage
	 * with q = P(D > 8) = Q(ln 2 / sigma), sigma = ln 4 / 1.6448536 = 0.842808,
	 * z = 0.822427, q = 0.205424.  Breaching outages are Poisson(2q), so
	 * P(at least one breach in a year) = 1 - exp(-2q) = 1 - exp(-0.410848)
	 * = 0.336915, and the expected breaches per year are 2q = 0.410848. */
	struct mc_fixture f;
	run_fixture(&f,
	            "id,institution,name,category,tolerance_hours\npay,bank,Payments,payments,8\n",
	            "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	            "a,Vendor A,software,2,4,16\n",
	            "from,to\npay,a\n",
	            "[model]\nmode = annual\ntrials = 100000\nseed = 5\n", 2);
	double q = gsl_cdf_ugaussian_Q(log(2.0) / (log(4.0) / 1.6448536269514722));
	cr_expect(fabs(q - 0.205424) < 1e-5, "hand value %.6f", q);
	uint32_t s = svc(&f, "pay");
	assert_prob(f.res.svc_breach_trials[s], f.res.trials, 1 - exp(-2 * q), "p_breach");
	/* breaches per year: Poisson mean 2q, variance 2q */
	double eb = (double)f.res.svc_breaches[s] / (double)f.res.trials;
	cr_expect_leq(fabs(eb - 2 * q), 4 * sqrt(2 * q / 1e5), "expected breaches %.5f", eb);
	/* events per year: Poisson(2) outages */
	double ev = 0;
	for (uint64_t t = 0; t < f.res.trials; t++)
		ev += f.res.t_events[t];
	cr_expect_leq(fabs(ev / 1e5 - 2), 4 * sqrt(2 / 1e5), "events per year %.4f", ev / 1e5);
	mc_fixture_free(&f);
}

Test(montecarlo, sector_figures_and_sources)
{
	/* Shock on a (probability 1, fixed 10 h): bank (10 of 40 assets)
	 * breaches every trial, 'other' never.  assets share = 10/40 = 0.25
	 * >= 0.2: the asset threshold is reached in every trial, but by one
	 * institution, so no event is systemic (systemic_min_institutions 2). */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND2, "from,to\npay,a\n",
	            "[model]\nmode = stress\ntrials = 2500\nseed = 1\n"
	            "systemic_assets_share = 0.2\n"
	            "[shock s]\ntargets = a\nduration = fixed 10\n", 1);
	struct run_summary sum;
	report_summarise(&f.res, &sum, 1);
	cr_expect_float_eq(sum.inst.mean, 1.0, 1e-12);
	cr_expect_float_eq(sum.assets.mean, 0.25, 1e-12);
	cr_expect_float_eq(sum.p_threshold, 1.0, 1e-12);
	cr_expect_float_eq(sum.p_systemic, 0.0, 1e-12);
	cr_expect_eq(f.res.n_sources, 1);
	cr_expect_float_eq(f.res.src_svc_breaches[0] / 2500.0, 1.0, 1e-12);
	mc_fixture_free(&f);
}

Test(montecarlo, identical_for_any_thread_count)
{
	/* 5,500 trials: five full blocks and a short one, over 1, 2 and 3
	 * threads; every accumulator must match bit for bit. */
	const char *model = "[model]\nmode = annual\ntrials = 5500\nseed = 99\n"
	                    "[shock s]\ntargets = a b\nfrequency = 1.5\nhit_probability = 0.5\n"
	                    "duration = lognormal 3 20\nshared_duration = no\n";
	const char *vend = "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	                   "a,Vendor A,software,1,2,10\nb,Vendor B,software,0.5,5,30\n";
	const char *deps = "from,to,group,min_up\npay,a,g,1\npay,b,g,1\n";
	struct mc_fixture f1, f2, f3;
	run_fixture(&f1, SERV1, vend, deps, model, 1);
	run_fixture(&f2, SERV1, vend, deps, model, 2);
	run_fixture(&f3, SERV1, vend, deps, model, 3);
	size_t T = f1.res.trials;
	const struct mc_fixture *o[2] = { &f2, &f3 };
	for (int k = 0; k < 2; k++) {
		cr_expect_eq(memcmp(f1.res.t_assets, o[k]->res.t_assets, T * sizeof(double)), 0);
		cr_expect_eq(memcmp(f1.res.t_systemic, o[k]->res.t_systemic, T), 0);
		cr_expect_eq(memcmp(f1.res.t_threshold, o[k]->res.t_threshold, T), 0);
		cr_expect_eq(memcmp(f1.res.t_events, o[k]->res.t_events, T * sizeof(uint32_t)), 0);
		cr_expect_eq(memcmp(f1.res.svc_down_sum, o[k]->res.svc_down_sum, sizeof(double)), 0);
		cr_expect_eq(memcmp(f1.res.src_svc_breaches, o[k]->res.src_svc_breaches,
		                    f1.res.n_sources * sizeof(double)), 0);
		cr_expect_eq(f1.res.svc_breaches[0], o[k]->res.svc_breaches[0]);
	}
	mc_fixture_free(&f1);
	mc_fixture_free(&f2);
	mc_fixture_free(&f3);
}

/*
 * A single-root event's breach figures come from sums kept per distinct
 * tolerance of its effect (fold_effect), unless institutions are tracked,
 * when every breach is visited one by one (breach_service).  The two must
 * agree bit for bit: the event's assets are a floating-point sum whose
 * value depends on the order of its terms, and both add the institutions
 * in the order the engine reached their services.  The data: provider a
 * takes down six services of four institutions alone, with tied
 * tolerances (1, 4, 4, 8, 8, 72 h), and a seventh (24 h) behind a 1-of-2
 * group with b, which no single outage takes down.  The assets make the
 * order of the sum show: 1e16 + 1 + 1 is 1e16 in doubles (each 1 is half
 * an ulp, rounded to even), 1 + 1 + 1e16 is 1e16 + 2.  (Checked: summing
 * the prefix sums in the reverse order fails this test.)
 */
Test(montecarlo, sums_by_tolerance_equal_per_breach_path)
{
	gsl_set_error_handler_off();
	const char *inst = "id,name,type,total_assets,systemic\n"
	                   "i1,I1,bank,1,0\ni2,I2,bank,1e16,0\n"
	                   "i3,I3,bank,1,0\ni4,I4,bank,1,0\n";
	const char *serv = "id,institution,name,category,tolerance_hours,daily_volume\n"
	                   "s1,i2,S1,payments,4,1\ns2,i1,S2,payments,1,1\n"
	                   "s3,i3,S3,payments,8,1\ns4,i2,S4,payments,4,1\n"
	                   "s5,i4,S5,payments,72,1\ns6,i1,S6,payments,8,1\n"
	                   "s7,i3,S7,payments,24,1\n";
	const char *vend = "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	                   "a,A,software,3,6,60\nb,B,software,2,10,100\n";
	const char *deps = "from,to,group,min_up\ns1,a,,\ns2,a,,\ns3,a,,\ns4,a,,\n"
	                   "s5,a,,\ns6,a,,\ns7,a,h,1\ns7,b,h,1\n";
	const char *model = "[model]\nmode = annual\ntrials = 3000\nseed = 11\n"
	                    "baseline = yes\nsystemic_assets_share = 0.05\n"
	                    "systemic_min_institutions = 2\n";
	struct dataset ds;
	struct diag d;
	cr_assert_eq(tmpdata_load(&ds, &d, inst, serv, vend, NULL, deps), 0,
	             "data set should load: %s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	struct model m;
	tmpmodel_load(&m, &ds, model, NULL, 0);
	struct engine e;
	char err[256];
	cr_assert_eq(engine_compile(&e, &ds, err, sizeof err), 0, "%s", err);
	uint32_t track[1] = {dataset_find(&ds, "i4")};
	struct mc_options plain = {.threads = 2};
	struct mc_options tracked = {.threads = 2, .track = track, .n_track = 1};
	struct mc_result a, b;
	cr_assert_eq(mc_run(&m, &ds, &e, &plain, &a, err, sizeof err), 0, "%s", err);
	cr_assert_eq(mc_run(&m, &ds, &e, &tracked, &b, err, sizeof err), 0, "%s", err);
	size_t T = a.trials, ns = a.n_services, ni = a.n_institutions;
	cr_expect_eq(memcmp(a.t_assets, b.t_assets, T * sizeof(double)), 0);
	cr_expect_eq(memcmp(a.t_inst, b.t_inst, T * sizeof *a.t_inst), 0);
	cr_expect_eq(memcmp(a.t_svc, b.t_svc, T * sizeof *a.t_svc), 0);
	cr_expect_eq(memcmp(a.t_systemic, b.t_systemic, T), 0);
	cr_expect_eq(memcmp(a.t_threshold, b.t_threshold, T), 0);
	cr_expect_eq(memcmp(a.svc_breaches, b.svc_breaches, ns * sizeof(uint64_t)), 0);
	cr_expect_eq(memcmp(a.svc_breach_trials, b.svc_breach_trials, ns * sizeof(uint64_t)), 0);
	cr_expect_eq(memcmp(a.svc_affected, b.svc_affected, ns * sizeof(uint64_t)), 0);
	cr_expect_eq(memcmp(a.svc_down_sum, b.svc_down_sum, ns * sizeof(double)), 0);
	cr_expect_eq(memcmp(a.inst_breach_trials, b.inst_breach_trials, ni * sizeof(uint64_t)), 0);
	cr_expect_eq(memcmp(a.inst_svc_breached, b.inst_svc_breached, ni * sizeof(uint64_t)), 0);
	for (int sc = 0; sc < MC_N_SCOPES; sc++)
		cr_expect_eq(memcmp(a.attr_shapley[sc], b.attr_shapley[sc],
		                    a.n_sources * sizeof(uint64_t)), 0, "scope %d", sc);
	/* not vacuous: a's events breach, and some breach several services of
	 * one institution (i2's s1 and s4 share the tolerance 4 h) */
	uint32_t s1 = dataset_find(&ds, "s1") - ds.first_kind[NODE_SERVICE];
	cr_expect_gt(a.svc_breaches[s1], 0);
	uint64_t multi = 0;
	for (size_t t = 0; t < T; t++)
		multi += a.t_inst[t] >= 2;
	cr_expect_gt(multi, 0);
	mc_result_free(&a);
	mc_result_free(&b);
	engine_free(&e);
	model_free(&m);
	dataset_free(&ds);
}

/*
 * Attribution on hand-made cases.  Every shock has probability 1 and a
 * fixed 10 h duration, so every one of the T trials is the same event and
 * the expected counts are T times the figures worked out for one event.
 * pay (tolerance 4 h) belongs to bank, which holds 10 of the 40 assets:
 * with systemic_assets_share 0.2 and systemic_min_institutions 1, every
 * event that breaches pay is systemic (10/40 = 0.25 >= 0.2).
 */
static const char VEND_ATTR[] = "id,name,type\n"
                                "a,Vendor A,software\nb,Vendor B,software\n"
                                "c,Vendor C,software\nd,Vendor D,software\n";
#define ATTR_T 200
#define ATTR_MODEL                                                                       \
	"[model]\nmode = stress\ntrials = 200\nseed = 5\n"                               \
	"systemic_assets_share = 0.2\nsystemic_min_institutions = 1\n"
#define ATTR_SHOCK(n, t) "[shock " n "]\ntargets = " t "\nduration = fixed 10\n"

/* Source index by name. */
static size_t src_of(const struct mc_fixture *f, const char *name)
{
	for (size_t k = 0; k < f->res.n_sources; k++)
		if (strcmp(f->res.sources[k].name, name) == 0)
			return k;
	cr_assert_fail("no source %s", name);
	return 0;
}

/* Source 'name' has, in every scope, alone a, necessary n and a Shapley
 * value of shap (breaches per trial) for each of the single breach per
 * scope every trial has. */
static void expect_attr(const struct mc_fixture *f, const char *name, double a, double n,
                        double shap)
{
	size_t k = src_of(f, name);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		cr_expect_eq(f->res.attr_total[sc], ATTR_T,
		             "scope %d: one breach a trial", sc);
		cr_expect_eq(f->res.attr_alone[sc][k], (uint64_t)(a * ATTR_T),
		             "%s alone, scope %d", name, sc);
		cr_expect_eq(f->res.attr_necessary[sc][k], (uint64_t)(n * ATTR_T),
		             "%s necessary, scope %d", name, sc);
		cr_expect_eq(f->res.attr_shapley[sc][k],
		             (uint64_t)llround(shap * ATTR_T * MC_SHAPLEY_UNIT),
		             "%s shapley, scope %d: %llu", name, sc,
		             (unsigned long long)f->res.attr_shapley[sc][k]);
	}
	cr_expect_float_eq(f->res.src_svc_breaches[k], shap * ATTR_T, 1e-9);
	cr_expect_float_eq(f->res.src_systemic[k], shap * ATTR_T, 1e-9);
}

/* The Shapley shares of every scope sum to its total exactly. */
static void expect_shapley_sums(const struct mc_fixture *f)
{
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		uint64_t sum = 0;
		for (size_t k = 0; k < f->res.n_sources; k++)
			sum += f->res.attr_shapley[sc][k];
		cr_expect_eq(sum, f->res.attr_total[sc] * MC_SHAPLEY_UNIT, "scope %d",
		             sc);
	}
}

Test(attribution, one_shock_alone_and_one_that_touches_nothing_breached)
{
	/* s takes a down 10 h > 4 h: pay breaches with s alone (alone 1,
	 * necessary 1, Shapley 1).  n takes down c, which pay does not use:
	 * without n the event is unchanged, with n alone nothing breaches
	 * (0 everywhere). */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND_ATTR, "from,to\npay,a\n",
	            ATTR_MODEL ATTR_SHOCK("s", "a") ATTR_SHOCK("n", "c"), 1);
	expect_attr(&f, "s", 1, 1, 1);
	expect_attr(&f, "n", 0, 0, 0);
	cr_expect_eq(f.res.attr_joint_events, ATTR_T);
	cr_expect_eq(f.res.attr_fallback_events, 0);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

Test(attribution, two_shocks_either_suffices)
{
	/* pay needs both a and b up (group of 2, min_up 2): either shock alone
	 * breaches it, so neither is necessary; Shapley 1/2 each (orders a,b
	 * and b,a: the first one is pivotal). */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND_ATTR, "from,to,group,min_up\npay,a,g,2\npay,b,g,2\n",
	            ATTR_MODEL ATTR_SHOCK("sa", "a") ATTR_SHOCK("sb", "b"), 1);
	expect_attr(&f, "sa", 0, 0, 0.5);
	expect_attr(&f, "sb", 0, 0, 0.5);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

Test(attribution, two_shocks_both_needed)
{
	/* pay needs one of a, b (group of 2, min_up 1): it breaches only
	 * when both are down, so each is necessary (1), neither alone (0);
	 * Shapley 1/2 each (the second in either order is pivotal). */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND_ATTR, "from,to,group,min_up\npay,a,g,1\npay,b,g,1\n",
	            ATTR_MODEL ATTR_SHOCK("sa", "a") ATTR_SHOCK("sb", "b"), 1);
	expect_attr(&f, "sa", 0, 1, 0.5);
	expect_attr(&f, "sb", 0, 1, 0.5);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

Test(attribution, three_shocks_unequal_shapley)
{
	/* pay breaches when a is down, or b and c both are (group {a} and a
	 * redundant group {b, c}): v(S) = [a in S or {b, c} in S].  Of the 6
	 * orders, a is pivotal in the 4 where it is not last after both b and
	 * c (a b c, a c b, b a c, c a b): 4/6 = 2/3; b only in c b a, c only
	 * in b c a: 1/6 each.  No source is necessary (a's part is done by
	 * b and c together, theirs by a). */
	struct mc_fixture f;
	run_fixture(&f, SERV1, VEND_ATTR,
	            "from,to,group,min_up\npay,a,g1,1\npay,b,g2,1\npay,c,g2,1\n",
	            ATTR_MODEL ATTR_SHOCK("sa", "a") ATTR_SHOCK("sb", "b")
	                ATTR_SHOCK("sc", "c"),
	            1);
	expect_attr(&f, "sa", 0, 0, 2.0 / 3);
	expect_attr(&f, "sb", 0, 0, 1.0 / 6);
	expect_attr(&f, "sc", 0, 0, 1.0 / 6);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

#define NINE_VENDORS                                                            \
	"id,name,type\na,A,software\nb,B,software\nc,C,software\nd,D,software\n"  \
	"e,E,software\nf,F,software\ng,G,software\nh,H,software\ni,I,software\n"
#define NINE_SHOCKS                                                             \
	ATTR_SHOCK("sa", "a") ATTR_SHOCK("sb", "b") ATTR_SHOCK("sc", "c")           \
	ATTR_SHOCK("sd", "d") ATTR_SHOCK("se", "e") ATTR_SHOCK("sf", "f")           \
	ATTR_SHOCK("sg", "g") ATTR_SHOCK("sh", "h") ATTR_SHOCK("si", "i")

Test(attribution, sources_that_reach_no_breach_are_left_out)
{
	/* Nine shocks, one more than MC_SHAPLEY_EXACT: four on a, b, c, d in
	 * a group of 4 with min_up 4 (any one suffices), five on e..i, which
	 * nothing depends on.  Those five reach no breached service, so they
	 * are null players, left out: the Shapley values of the four are
	 * exact, 1/4 each by symmetry, no fallback. */
	struct mc_fixture f;
	run_fixture(&f, SERV1, NINE_VENDORS,
	            "from,to,group,min_up\npay,a,g,4\npay,b,g,4\npay,c,g,4\npay,d,g,4\n",
	            ATTR_MODEL NINE_SHOCKS, 1);
	cr_expect_eq(f.res.attr_joint_events, ATTR_T);
	cr_expect_eq(f.res.attr_fallback_events, 0);
	expect_attr(&f, "sa", 0, 0, 0.25);
	expect_attr(&f, "sd", 0, 0, 0.25);
	expect_attr(&f, "se", 0, 0, 0);
	expect_attr(&f, "si", 0, 0, 0);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

Test(attribution, beyond_the_exact_count_splits_among_sufficient_sources)
{
	/* Nine shocks on a..i, all in pay's group of 9 with min_up 9 (any one
	 * suffices): nine players, beyond MC_SHAPLEY_EXACT.  None is
	 * necessary; all nine breach pay alone, so each unit is split among
	 * them: 40320 / 9 = 4480 Shapley units each, exactly 1/9; every event
	 * is a fallback event. */
	struct mc_fixture f;
	run_fixture(&f, SERV1, NINE_VENDORS,
	            "from,to,group,min_up\npay,a,g,9\npay,b,g,9\npay,c,g,9\npay,d,g,9\n"
	            "pay,e,g,9\npay,f,g,9\npay,g,g,9\npay,h,g,9\npay,i,g,9\n",
	            ATTR_MODEL NINE_SHOCKS, 1);
	cr_expect_eq(f.res.attr_fallback_events, ATTR_T);
	expect_attr(&f, "sa", 0, 0, 1.0 / 9);
	expect_attr(&f, "se", 0, 0, 1.0 / 9);
	expect_attr(&f, "si", 0, 0, 1.0 / 9);
	expect_shapley_sums(&f);
	mc_fixture_free(&f);
}

Test(attribution, identical_for_any_thread_count)
{
	/* Random hits and durations, two shocks and baseline outages: the
	 * integer attribution counts must match exactly over 1 and 2 threads. */
	const char *model =
	    "[model]\nmode = stress\ntrials = 5500\nseed = 7\nbaseline = yes\n"
	    "[shock s]\ntargets = a b\nhit_probability = 0.5\n"
	    "duration = lognormal 3 20\nshared_duration = no\n"
	    "[shock t]\ntargets = b\nprobability = 0.4\n"
	    "duration = exponential 6\n";
	const char *vend =
	    "id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	    "a,Vendor A,software,20,2,10\nb,Vendor B,software,10,5,30\n";
	const char *deps = "from,to,group,min_up\npay,a,g,1\npay,b,g,1\n";
	struct mc_fixture f1, f2;
	run_fixture(&f1, SERV1, vend, deps, model, 1);
	run_fixture(&f2, SERV1, vend, deps, model, 2);
	cr_expect_gt(f1.res.attr_joint_events, 0);
	size_t n = f1.res.n_sources * sizeof(uint64_t);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		cr_expect_eq(memcmp(f1.res.attr_alone[sc], f2.res.attr_alone[sc], n), 0);
		cr_expect_eq(
		    memcmp(f1.res.attr_necessary[sc], f2.res.attr_necessary[sc], n), 0);
		cr_expect_eq(memcmp(f1.res.attr_shapley[sc], f2.res.attr_shapley[sc], n),
		             0);
	}
	expect_shapley_sums(&f1);
	mc_fixture_free(&f1);
	mc_fixture_free(&f2);
}

/*
 * explain: a path worked out by hand through a failover cap and a
 * redundancy group.  c needs a with a 3 h failover; pay (tolerance 2 h)
 * needs one of c and b (group g, min_up 1).  Shock sa takes a down 10 h,
 * sb takes b down 6 h.  Then down(c) = min(10, 3) = 3, and pay's group
 * value is the 2nd largest of (3, 6) = 3, so pay is down 3 h > 2 h, by
 * 1 h.  Its path: a (10 h, failover after 3 h) -> c (3 h, 1 of 2 must be
 * up, 2 down) -> pay (3 h).  bank holds 10 of 40 assets: share 0.25.
 */
Test(explain, path_through_failover_and_group)
{
	struct mc_fixture f;
	run_fixture(&f,
	            "id,institution,name,category,tolerance_hours,daily_volume\n"
	            "pay,bank,Payments,payments,2,2400\n",
	            VEND_ATTR,
	            "from,to,group,min_up,failover_hours\n"
	            "c,a,,,3\npay,c,g,1,\npay,b,g,1,\n",
	            "[model]\nmode = stress\ntrials = 3\nseed = 5\n"
	            "[shock sa]\ntargets = a\nduration = fixed 10\n"
	            "[shock sb]\ntargets = b\nduration = fixed 6\n",
	            1);
	struct explain x;
	char err[256];
	cr_assert_eq(explain_trial(&f.m, &f.ds, &f.e, 1, &x, err, sizeof err), CP_OK,
	             "%s", err);
	cr_assert_eq(x.n_events, 1);
	const struct ex_event *ev = &x.events[0];
	cr_expect_eq(ev->n_roots, 2);
	cr_assert_eq(ev->n_services, 1);
	const struct ex_service *s = &ev->services[0];
	cr_expect_eq(s->node, dataset_find(&f.ds, "pay"));
	cr_expect_eq(s->down, 3.0);
	cr_expect_eq(s->tolerance, 2.0);
	cr_assert_eq(s->n_hops, 3);
	cr_expect_eq(s->hops[0].node, dataset_find(&f.ds, "a"));
	cr_expect_eq(s->hops[0].down, 10.0);
	cr_expect_eq(s->hops[0].failover, 3.0);
	cr_expect_eq(s->hops[0].n, 1);
	cr_expect_eq(s->hops[1].node, dataset_find(&f.ds, "c"));
	cr_expect_eq(s->hops[1].down, 3.0);
	cr_expect_eq(s->hops[1].k, 1);
	cr_expect_eq(s->hops[1].n, 2);
	cr_expect_eq(s->hops[1].n_down, 2);
	cr_expect_eq(s->hops[2].node, dataset_find(&f.ds, "pay"));
	cr_expect_eq(s->hops[2].down, 3.0);
	cr_expect_eq(ev->n_inst, 1);
	cr_expect_float_eq(ev->assets_share, 0.25, 1e-12);
	/* the figures of the trial as mc_run stored them */
	cr_expect_eq(x.t_svc, f.res.t_svc[1]);
	cr_expect_eq(x.t_inst, f.res.t_inst[1]);
	cr_expect_eq(x.t_assets, f.res.t_assets[1]);
	/* both shocks needed: each is necessary, Shapley 1/2 */
	cr_expect_eq(f.res.attr_necessary[MC_SCOPE_SERVICES][0], 3);
	cr_expect_eq(f.res.attr_shapley[MC_SCOPE_SERVICES][1], 3 * MC_SHAPLEY_UNIT / 2);
	explain_free(&x);
	mc_fixture_free(&f);
}
