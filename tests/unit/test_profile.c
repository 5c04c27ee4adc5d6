/*
 * test_profile.c - one institution's profile (sim/profile.c) against a
 * derivation by hand on tests/data/profile, the peer statistics
 * (stats_peer) against hand counts with ties, and the tracked
 * institutions' own source attribution of the Monte Carlo.
 *
 * The fixture, tests/data/profile (no failover anywhere):
 *
 *   bank-a (regional_bank): a-pay  (tol 2)  -> core, clr, {t1, t2 : 1 of 2}
 *                           a-web  (tol 24) -> {gw1, gw2 : 1 of 2}
 *                           a-atm  (tol 24) -> t1, clr
 *   bank-b (regional_bank): b-pay  (tol 2)  -> core, t1
 *   bank-c (regional_bank): c-pay  (tol 2)  -> clr
 *   bank-d (shinkin):       d-pay  (tol 2)  -> core
 *   core -> dc1;  gw1 -> cl-z1;  gw2 -> cl-z1;
 *   parents: cl-z1 -> cl-r -> cl
 *
 * By hand, for bank-a (an unlimited lone outage of p breaches service s
 * when every path of s's needs runs through p without redundancy):
 *
 *   providers, breadth first from a-pay, a-web, a-atm in that order:
 *     depth 1 (direct): core, clr, t1, t2 (a-pay), gw1, gw2 (a-web)
 *     depth 2: dc1 via a-pay > core > dc1; cl-z1 via a-web > gw1 > cl-z1
 *     depth 3: cl-r via a-web > gw1 > cl-z1 > cl-r
 *     depth 4: cl via a-web > gw1 > cl-z1 > cl-r > cl
 *     10 providers, 6 direct; sorted by depth, then node order (vendors in
 *     file order core, dc1, clr, t1, t2, gw1, gw2, then cl, cl-r, cl-z1).
 *   services reached: clr and t1 reach a-pay and a-atm (2); every other
 *     provider reaches one service.
 *   single points of failure:
 *     a-pay: core (1), clr (1), dc1 (2)   [t1, t2: the other one is up]
 *     a-web: cl-z1 (2), cl-r (3), cl (4)  [gw1, gw2: the other one is up;
 *                                           cl-z1 takes both down]
 *     a-atm: clr (1), t1 (1)
 *     so spof_services: clr 2, every other SPOF 1, t2 gw1 gw2 0.
 *   false redundancy: group otp of a-web (1 of 2) defeated by cl, cl-r
 *     and cl-z1 (both members down); net of a-pay by none.
 *   order-2 cut sets: {t1, t2} breaches a-pay, {gw1, gw2} breaches
 *     a-web; one service each; every other pair includes a provider that
 *     breaches the service alone.
 *
 * Indicators (services_with_spof, hidden_spof_share, providers,
 * largest_provider_share):
 *   bank-a: 3, 2/3 (a-pay: dc1, a-web: cl-z1 at depth >= 2), 10,
 *           2/3 (clr breaches a-pay and a-atm)
 *   bank-b: 1 (b-pay: core, t1, dc1), 1/1 (dc1 at depth 2), 3, 1
 *   bank-c: 1, 0, 1, 1
 *   bank-d: 1, 1 (dc1), 2, 1
 */
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "base/error.h"
#include "base/stats.h"
#include "input/model.h"
#include "sim/concentration.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"
#include "sim/profile.h"
#include "testutil.h"

struct fx {
	struct dataset ds;
	struct engine e;
	struct conc_result r;
};

static void load(struct fx *f)
{
	struct diag d;
	diag_init(&d);
	int missing = 0;
	cr_assert_eq(dataset_load(&f->ds, TEST_DATA "/profile", &d, &missing), 0,
	             "fixture should load: %s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	char err[256];
	cr_assert_eq(engine_compile(&f->e, &f->ds, err, sizeof err), 0, "%s", err);
	struct conc_options o = {NULL, 0, 0, 1, 2};
	cr_assert_eq(conc_analyze(&f->ds, &f->e, &o, &f->r, err, sizeof err), CP_OK, "%s",
	             err);
}

static void unload(struct fx *f)
{
	conc_result_free(&f->r);
	engine_free(&f->e);
	dataset_free(&f->ds);
}

static uint32_t node(const struct fx *f, const char *id)
{
	uint32_t v = dataset_find(&f->ds, id);
	cr_assert_neq(v, NODE_NONE, "no node %s", id);
	return v;
}

static const char *id(const struct fx *f, uint32_t v)
{
	return f->ds.nodes[v].id;
}

Test(profile, providers_and_paths_by_hand)
{
	struct fx f;
	load(&f);
	struct profile p;
	char err[256];
	cr_assert_eq(
	    profile_build(&f.ds, &f.e, &f.r, node(&f, "bank-a"), &p, err, sizeof err),
	    CP_OK, "%s", err);
	static const struct {
		const char *id;
		uint32_t depth, reached, spof;
		const char *path;
	} want[] = {
	    {"core", 1, 1, 1, "a-pay core"},
	    {"clr", 1, 2, 2, "a-pay clr"},
	    {"t1", 1, 2, 1, "a-pay t1"},
	    {"t2", 1, 1, 0, "a-pay t2"},
	    {"gw1", 1, 1, 0, "a-web gw1"},
	    {"gw2", 1, 1, 0, "a-web gw2"},
	    {"dc1", 2, 1, 1, "a-pay core dc1"},
	    {"cl-z1", 2, 1, 1, "a-web gw1 cl-z1"},
	    {"cl-r", 3, 1, 1, "a-web gw1 cl-z1 cl-r"},
	    {"cl", 4, 1, 1, "a-web gw1 cl-z1 cl-r cl"},
	};
	cr_assert_eq(p.n_prov, 10);
	cr_assert_eq(p.n_direct, 6);
	for (uint32_t k = 0; k < 10; k++) {
		const struct prof_provider *pv = &p.prov[k];
		cr_expect_str_eq(id(&f, pv->node), want[k].id, "provider %u", k);
		cr_expect_eq(pv->depth, want[k].depth, "%s depth", want[k].id);
		cr_expect_eq(pv->services_reached, want[k].reached, "%s reached",
		             want[k].id);
		cr_expect_eq(pv->spof_services, want[k].spof, "%s spof", want[k].id);
		char path[128] = "";
		for (uint32_t d = 0; d <= pv->depth; d++) {
			if (d)
				strcat(path, " ");
			strcat(path, id(&f, pv->path[d]));
		}
		cr_expect_str_eq(path, want[k].path, "%s path", want[k].id);
	}
	profile_free(&p);
	unload(&f);
}

Test(profile, spof_false_redundancy_cutsets_by_hand)
{
	struct fx f;
	load(&f);
	struct profile p;
	char err[256];
	cr_assert_eq(
	    profile_build(&f.ds, &f.e, &f.r, node(&f, "bank-a"), &p, err, sizeof err),
	    CP_OK, "%s", err);
	/* spof.csv order: service (node order a-pay, a-web, a-atm), depth,
	 * provider node */
	static const char *const spof[][3] = {
	    {"a-pay", "core", "1"},  {"a-pay", "clr", "1"},  {"a-pay", "dc1", "2"},
	    {"a-web", "cl-z1", "2"}, {"a-web", "cl-r", "3"}, {"a-web", "cl", "4"},
	    {"a-atm", "clr", "1"},   {"a-atm", "t1", "1"}};
	cr_assert_eq(p.spof_hi - p.spof_lo, 8);
	for (size_t k = 0; k < 8; k++) {
		const struct conc_spof *s = &f.r.spof[p.spof_lo + k];
		cr_expect_str_eq(id(&f, s->service), spof[k][0]);
		cr_expect_str_eq(id(&f, s->provider), spof[k][1]);
		cr_expect_eq(s->depth, (uint32_t)atoi(spof[k][2]));
	}
	/* false redundancy: otp of a-web, by cl, cl-r, cl-z1 (node order) */
	cr_assert_eq(p.n_fr, 3);
	static const char *const fr[] = {"cl", "cl-r", "cl-z1"};
	for (size_t k = 0; k < 3; k++) {
		const struct conc_false_red *x = &f.r.fr[p.fr[k]];
		cr_expect_str_eq(f.ds.groups[x->group].label, "otp");
		cr_expect_str_eq(id(&f, f.ds.groups[x->group].node), "a-web");
		cr_expect_str_eq(id(&f, x->provider), fr[k]);
		cr_expect_eq(x->members_down, 2);
	}
	/* cut sets: one service each, then node order of a: t1 < gw1 */
	cr_assert_eq(p.n_cut, 2);
	cr_expect_str_eq(id(&f, p.cut[0].a), "t1");
	cr_expect_str_eq(id(&f, p.cut[0].b), "t2");
	cr_expect_str_eq(id(&f, p.cut[0].example), "a-pay");
	cr_expect_eq(p.cut[0].services, 1);
	cr_expect_str_eq(id(&f, p.cut[1].a), "gw1");
	cr_expect_str_eq(id(&f, p.cut[1].b), "gw2");
	cr_expect_str_eq(id(&f, p.cut[1].example), "a-web");
	profile_free(&p);
	/* bank-c: c-pay -> clr only: one provider, no cut set, no false redundancy */
	cr_assert_eq(
	    profile_build(&f.ds, &f.e, &f.r, node(&f, "bank-c"), &p, err, sizeof err),
	    CP_OK);
	cr_expect_eq(p.n_prov, 1);
	cr_expect_eq(p.n_cut, 0);
	cr_expect_eq(p.n_fr, 0);
	profile_free(&p);
	unload(&f);
}

Test(profile, indicators_and_peer_percentiles_by_hand)
{
	struct fx f;
	load(&f);
	struct prof_table t;
	char err[256];
	cr_assert_eq(prof_table_build(&f.ds, &f.e, &f.r, NULL, 0, &t, err, sizeof err),
	             CP_OK);
	cr_assert_eq(t.n_ind, PROF_N_STRUCT);
	static const double want[4][PROF_N_STRUCT] = {
	    {3, 2.0 / 3, 10, 2.0 / 3}, /* bank-a */
	    {1, 1, 3, 1},              /* bank-b */
	    {1, 0, 1, 1},              /* bank-c */
	    {1, 1, 2, 1}};             /* bank-d */
	for (uint32_t i = 0; i < 4; i++)
		for (uint32_t k = 0; k < PROF_N_STRUCT; k++)
			cr_expect_float_eq(t.value[i * t.n_ind + k], want[i][k], 1e-12,
			                   "institution %u indicator %s", i, t.names[k]);

	/* Peers of the same type: bank-a, b, c among each other; bank-d none. */
	struct prof_peers own = {NULL, 0};
	struct stats_peer *ps = prof_peer_table(&f.ds, &t, &own);
	/* services_with_spof: a = 3 against {1, 1}: both below, 100.
	 * b = 1 against {3, 1}: none below, one equal: 100 * 0.5 / 2 = 25.
	 * quartiles of b's peers {1, 3}: q25 = the 1st (ceil(0.5) = 1),
	 * median the 1st (ceil(1) = 1), q75 the 2nd (ceil(1.5) = 2). */
	const struct stats_peer *a = &ps[0 * t.n_ind + PROF_SVC_SPOF];
	const struct stats_peer *b = &ps[1 * t.n_ind + PROF_SVC_SPOF];
	cr_expect_eq(a->peers, 2);
	cr_expect_float_eq(a->percentile, 100, 1e-12);
	cr_expect_float_eq(b->percentile, 25, 1e-12);
	cr_expect_float_eq(b->p25, 1, 0);
	cr_expect_float_eq(b->p50, 1, 0);
	cr_expect_float_eq(b->p75, 3, 0);
	/* hidden_spof_share: a = 2/3 against {1, 0}: one below, 50 */
	cr_expect_float_eq(ps[0 * t.n_ind + PROF_HIDDEN_SPOF_SHARE].percentile, 50,
	                   1e-12);
	/* largest_provider_share: a = 2/3 against {1, 1}: 0 */
	cr_expect_float_eq(ps[0 * t.n_ind + PROF_LARGEST_SHARE].percentile, 0, 1e-12);
	/* bank-d is the only shinkin: no peer */
	cr_expect_eq(ps[3 * t.n_ind + PROF_SVC_SPOF].peers, 0);
	cr_expect(isnan(ps[3 * t.n_ind + PROF_SVC_SPOF].percentile));
	free(ps);

	/* All: bank-c's providers (1) against {10, 3, 2}: 0; bank-d's (2)
	 * against {10, 3, 1}: one below: 100 / 3. */
	struct prof_peers all = {NULL, 1};
	ps = prof_peer_table(&f.ds, &t, &all);
	cr_expect_eq(ps[2 * t.n_ind + PROF_PROVIDERS].peers, 3);
	cr_expect_float_eq(ps[2 * t.n_ind + PROF_PROVIDERS].percentile, 0, 1e-12);
	cr_expect_float_eq(ps[3 * t.n_ind + PROF_PROVIDERS].percentile, 100.0 / 3, 1e-12);
	free(ps);

	/* A named type: bank-d (shinkin) against the three regional banks on
	 * services_with_spof: 1 against {3, 1, 1}: two equal, 100 * 1 / 3. */
	struct prof_peers reg = {"regional_bank", 0};
	ps = prof_peer_table(&f.ds, &t, &reg);
	cr_expect_eq(ps[3 * t.n_ind + PROF_SVC_SPOF].peers, 3);
	cr_expect_float_eq(ps[3 * t.n_ind + PROF_SVC_SPOF].percentile, 100.0 / 3, 1e-12);
	/* and bank-b, a member, against the two others {3, 1} as before */
	cr_expect_eq(ps[1 * t.n_ind + PROF_SVC_SPOF].peers, 2);
	cr_expect_float_eq(ps[1 * t.n_ind + PROF_SVC_SPOF].percentile, 25, 1e-12);
	free(ps);
	prof_table_free(&t);
	unload(&f);
}

Test(profile, stats_peer_ties)
{
	/* values {1, 2, 2, 2, 5}; x = 2 is one of them (self left out):
	 * peers {1, 2, 2, 5}: L = 1, E = 2, percentile 100 (1 + 1) / 4 = 50;
	 * q25: ceil(1) = 1st = 1, q50: 2nd = 2, q75: ceil(3) = 3rd = 2 */
	const double v[] = {1, 2, 2, 2, 5};
	struct stats_peer s;
	stats_peer(v, 5, 2, 1, &s);
	cr_expect_eq(s.peers, 4);
	cr_expect_float_eq(s.percentile, 50, 1e-12);
	cr_expect_float_eq(s.p25, 1, 0);
	cr_expect_float_eq(s.p50, 2, 0);
	cr_expect_float_eq(s.p75, 2, 0);
	/* x = 5, self left out: peers {1, 2, 2, 2}, all below: 100; q75 = 3rd = 2 */
	stats_peer(v, 5, 5, 1, &s);
	cr_expect_float_eq(s.percentile, 100, 1e-12);
	cr_expect_float_eq(s.p75, 2, 0);
	/* x = 2 from outside the group: all five are peers: L = 1, E = 3:
	 * 100 (1 + 1.5) / 5 = 50 */
	stats_peer(v, 5, 2, 0, &s);
	cr_expect_eq(s.peers, 5);
	cr_expect_float_eq(s.percentile, 50, 1e-12);
	/* all equal: 50 */
	const double w[] = {4, 4, 4};
	stats_peer(w, 3, 4, 1, &s);
	cr_expect_float_eq(s.percentile, 50, 1e-12);
	/* alone: no peer */
	stats_peer(w, 1, 4, 1, &s);
	cr_expect_eq(s.peers, 0);
	cr_expect(isnan(s.p50));
}

/* Run tests/data/models/profile-stress.ini with 'threads', tracking the
 * n institutions of track. */
static void run_model(struct fx *f, struct model *m, struct mc_result *res, int threads,
                      const uint32_t *track, uint32_t n)
{
	gsl_set_error_handler_off();
	struct diag d;
	diag_init(&d);
	int missing = 0;
	cr_assert_eq(model_load(m, TEST_DATA "/models/profile-stress.ini", &d, &missing),
	             0);
	cr_assert_eq(model_check(m, &d), 0);
	cr_assert_eq(model_resolve(m, &f->ds, &d), 0);
	diag_free(&d);
	char err[256];
	struct mc_options opt = {.threads = threads, .track = track, .n_track = n};
	cr_assert_eq(mc_run(m, &f->ds, &f->e, &opt, res, err, sizeof err), 0, "%s", err);
}

Test(profile, own_attribution_sums_to_breaches)
{
	struct fx f;
	load(&f);
	uint32_t track[2] = {node(&f, "bank-a"), node(&f, "bank-b")};
	struct model m1, m2, m0;
	struct mc_result r1, r2, r0;
	run_model(&f, &m1, &r1, 1, track, 2);
	run_model(&f, &m2, &r2, 2, track, 2);
	run_model(&f, &m0, &r0, 2, NULL, 0);
	for (uint32_t t = 0; t < 2; t++) {
		/* stress mode: one event a trial, so the events in which a
		 * service of it breaches are its breach trials */
		cr_expect_eq(r1.track_events[t], r1.inst_breach_trials[track[t]]);
		double sum = 0;
		for (size_t k = 0; k < r1.n_sources; k++)
			sum += r1.track_src[t * r1.n_sources + k];
		cr_expect_float_eq(sum, (double)r1.track_events[t],
		                   1e-9 * (double)r1.trials,
		                   "row %u sums to %g, events %llu", t, sum,
		                   (unsigned long long)r1.track_events[t]);
	}
	/* bank-a breaches only through core (a-pay; t1 alone leaves t2):
	 * events with core down longer than 2 h (uniform 1..8: 6/7) half the
	 * time, so P = 3/7.  t1 is present in half of them but removing it
	 * changes nothing and it breaches nothing alone: its Shapley share is
	 * exactly 0 and core-down's every one of the events. */
	double n = (double)r1.trials, p = 3.0 / 7, se = sqrt(p * (1 - p) / n);
	cr_expect_float_eq((double)r1.track_events[0] / n, p, 4 * se);
	size_t k_t1 = 0, k_core = 1; /* shocks in file order */
	cr_assert_str_eq(r1.sources[k_t1].name, "t1-down");
	cr_assert_str_eq(r1.sources[k_core].name, "core-down");
	double ev = (double)r1.track_events[0];
	cr_expect_eq(r1.track_src[k_t1], 0.0);
	cr_expect_eq(r1.track_src[k_core], ev);
	/* the same bytes for any thread count */
	cr_expect_eq(
	    memcmp(r1.track_src, r2.track_src, 2 * r1.n_sources * sizeof(double)), 0);
	cr_expect_eq(memcmp(r1.track_events, r2.track_events, 2 * sizeof(uint64_t)), 0);
	/* and tracking changes nothing else */
	cr_expect_eq(
	    memcmp(r0.svc_down_sum, r2.svc_down_sum, r0.n_services * sizeof(double)), 0);
	cr_expect_eq(memcmp(r0.src_svc_breaches, r2.src_svc_breaches,
	                    r0.n_sources * sizeof(double)),
	             0);
	cr_expect_eq(memcmp(r0.inst_breach_trials, r2.inst_breach_trials,
	                    r0.n_institutions * sizeof(uint64_t)),
	             0);
	mc_result_free(&r0);
	mc_result_free(&r1);
	mc_result_free(&r2);
	model_free(&m0);
	model_free(&m1);
	model_free(&m2);
	unload(&f);
}
