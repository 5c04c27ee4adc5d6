/*
 * test_concentration.c - the analyses of `chokepoint analyze`
 * (concentration.c) on small fixtures whose answers are worked out by
 * hand in the comments: HHI and CR3, reach through a chain, breach curves
 * with failover caps, single points of failure, false redundancy, cut
 * sets and the greedy reverse stress test; and the files the writers
 * produce.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/concentration.h"
#include "sim/engine.h"
#include "report/report_analyze.h"
#include "testutil.h"

#define EPS 1e-9

#define SERV_HDR "id,institution,name,category,tolerance_hours,daily_volume\n"
#define PROV_HDR "id,name,type,parent\n"
#define DEPS_HDR "from,to,group,min_up,failover_hours\n"

struct fx {
	struct dataset ds;
	struct engine e;
	struct conc_result r;
};

/* Load the fixture and run every analysis with the given grid. */
static void fx_run(struct fx *f, const char *inst, const char *serv, const char *vend,
                   const char *cloud, const char *deps, const double *grid, size_t n_grid,
                   double reverse_share)
{
	struct diag d;
	memset(f, 0, sizeof *f);
	int rc = tmpdata_load(&f->ds, &d, inst, serv, vend, cloud, deps);
	if (rc != 0)
		diag_print(&d, stderr, "test_concentration");
	diag_free(&d);
	cr_assert_eq(rc, 0, "the fixture does not load");
	char err[256] = "";
	cr_assert_eq(engine_compile(&f->e, &f->ds, err, sizeof err), 0, "%s", err);
	struct conc_options o = {grid, n_grid, reverse_share, 0, 2};
	cr_assert_eq(conc_analyze(&f->ds, &f->e, &o, &f->r, err, sizeof err), 0, "%s",
	             err);
}

static void fx_free(struct fx *f)
{
	conc_result_free(&f->r);
	engine_free(&f->e);
	dataset_free(&f->ds);
}

static uint32_t node(const struct fx *f, const char *id)
{
	uint32_t v = dataset_find(&f->ds, id);
	cr_assert_neq(v, NODE_NONE, "no node \"%s\" in the fixture", id);
	return v;
}

static const struct conc_provider *prov(const struct fx *f, const char *id)
{
	uint32_t i = conc_provider_index(&f->r, node(f, id));
	cr_assert_neq(i, UINT32_MAX, "\"%s\" is not a provider", id);
	return &f->r.prov[i];
}

static const struct conc_market *market(const struct fx *f, enum node_kind k,
                                        const char *type)
{
	for (uint32_t m = 0; m < f->r.n_markets; m++)
		if (f->r.markets[m].kind == k && strcmp(f->r.markets[m].type, type) == 0)
			return &f->r.markets[m];
	cr_assert_fail("no market %s", type);
	return NULL;
}

/* Is (service, provider) a single point of failure? Its depth in *depth. */
static int is_spof(const struct fx *f, const char *svc, const char *p, uint32_t *depth)
{
	uint32_t s = node(f, svc), v = node(f, p);
	for (size_t k = 0; k < f->r.n_spof; k++)
		if (f->r.spof[k].service == s && f->r.spof[k].provider == v) {
			if (depth)
				*depth = f->r.spof[k].depth;
			return 1;
		}
	return 0;
}

/* Does provider p defeat group 'label' of 'dep'? */
static const struct conc_false_red *fr_find(const struct fx *f, const char *dep,
                                            const char *label, const char *p)
{
	uint32_t d = node(f, dep), v = node(f, p);
	for (size_t k = 0; k < f->r.n_fr; k++) {
		const struct group *g = &f->ds.groups[f->r.fr[k].group];
		if (g->node == d && strcmp(g->label, label) == 0 &&
		    f->r.fr[k].provider == v)
			return &f->r.fr[k];
	}
	return NULL;
}

/* ---- the indices ------------------------------------------------------ */

Test(concentration, hhi_cr3_by_hand)
{
	/* shares 0.5, 0.3, 0.2: HHI = 10000 (0.25 + 0.09 + 0.04) = 3800,
	 * CR3 = 1.0, top = the first, class high (> 1800). */
	const double w1[] = {5, 3, 2};
	struct conc_index ix;
	conc_index_compute(w1, 3, &ix);
	cr_expect_float_eq(ix.hhi, 3800.0, EPS);
	cr_expect_float_eq(ix.cr3, 1.0, EPS);
	cr_expect_eq(ix.top, 0);
	cr_expect_float_eq(ix.top_share, 0.5, EPS);
	cr_expect_eq(ix.n_active, 3);
	cr_expect_eq(ix.cls, CONC_CLASS_HIGH);

	/* shares 0.4, 0.1 x 6, one participant with 0: HHI = 10000 (0.16 +
	 * 6 x 0.01) = 2200; CR3 = 0.4 + 0.1 + 0.1 = 0.6; 7 active. */
	const double w2[] = {1, 4, 1, 1, 1, 1, 0, 1};
	conc_index_compute(w2, 8, &ix);
	cr_expect_float_eq(ix.hhi, 2200.0, EPS);
	cr_expect_float_eq(ix.cr3, 0.6, EPS);
	cr_expect_eq(ix.top, 1);
	cr_expect_eq(ix.n_active, 7);

	/* ten equal shares: HHI = 10 x 100 = 1000, the lower bound of
	 * "moderate"; a monopoly: 10000. */
	const double w3[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	conc_index_compute(w3, 10, &ix);
	cr_expect_float_eq(ix.hhi, 1000.0, EPS);
	cr_expect_float_eq(ix.cr3, 0.3, EPS);
	cr_expect_eq(ix.cls, CONC_CLASS_MODERATE);
	conc_index_compute(w3, 1, &ix);
	cr_expect_float_eq(ix.hhi, 10000.0, EPS);

	/* nobody relies on the market: no index */
	const double w4[] = {0, 0};
	conc_index_compute(w4, 2, &ix);
	cr_expect_eq(ix.cls, CONC_CLASS_NONE);
	cr_expect_eq(ix.top, UINT32_MAX);

	/* class boundaries of the 2023 US merger guidelines */
	cr_expect_eq(conc_classify(999.99), CONC_CLASS_UNCONCENTRATED);
	cr_expect_eq(conc_classify(1000), CONC_CLASS_MODERATE);
	cr_expect_eq(conc_classify(1800), CONC_CLASS_MODERATE);
	cr_expect_eq(conc_classify(1800.01), CONC_CLASS_HIGH);
}

/*
 * Three banks A (assets 50), B (30), C (20) and three core vendors, one
 * each; A has two services on v1.  Cloud: provider cp > region cr >
 * zones z1, z2; provider cq > region qr > zone y1.
 */
static const char CONC_INST[] = "id,name,type,total_assets\n"
                                "A,Bank A,bank,50\nB,Bank B,bank,30\nC,Bank C,bank,20\n";
static const char CONC_SERV[] = SERV_HDR "A-pay,A,Payments,payments,2,30\n"
                                         "A-dep,A,Deposits,deposits,24,20\n"
                                         "A-app,A,App,internet_banking,12,0\n"
                                         "B-pay,B,Payments,payments,2,30\n"
                                         "B-app,B,App,internet_banking,12,0\n"
                                         "C-pay,C,Payments,payments,2,20\n"
                                         "C-app,C,App,internet_banking,12,0\n";
static const char CONC_VEND[] =
    PROV_HDR "v1,Core 1,core,\nv2,Core 2,core,\nv3,Core 3,core,\n";
static const char CONC_CLOUD[] =
    PROV_HDR "cp,Cloud P,provider,\ncr,P region,region,cp\nz1,P zone 1,zone,cr\nz2,P "
             "zone 2,zone,cr\n"
             "cq,Cloud Q,provider,\nqr,Q region,region,cq\ny1,Q zone 1,zone,qr\n";
static const char CONC_DEPS[] =
    DEPS_HDR "A-pay,v1,,,\nA-dep,v1,,,\nB-pay,v2,,,\nC-pay,v3,,,\n"
             "A-app,z1,az,1,\nA-app,z2,az,1,\nB-app,z1,,,\nC-app,y1,,,\n";

Test(concentration, markets_on_a_fixture)
{
	struct fx f;
	fx_run(&f, CONC_INST, CONC_SERV, CONC_VEND, CONC_CLOUD, CONC_DEPS, NULL, 0, 0);
	const struct conc_market *core = market(&f, NODE_VENDOR, "core");
	cr_assert_eq(core->n_members, 3);
	/* services: v1 2 (A-pay, A-dep), v2 1, v3 1 -> 0.5, 0.25, 0.25:
	 * HHI = 10000 (0.25 + 0.0625 + 0.0625) = 3750 */
	cr_expect_float_eq(core->idx[CONC_W_SERVICES].hhi, 3750.0, 1e-6);
	/* institutions: 1, 1, 1 -> HHI = 10000 / 3 = 3333.33 */
	cr_expect_float_eq(core->idx[CONC_W_INSTITUTIONS].hhi, 10000.0 / 3, 1e-6);
	/* assets of distinct institutions: 50, 30, 20 -> 0.5 0.3 0.2 -> 3800,
	 * CR3 1.0, top v1 with 0.5 */
	cr_expect_float_eq(core->idx[CONC_W_ASSETS].hhi, 3800.0, 1e-6);
	cr_expect_float_eq(core->idx[CONC_W_ASSETS].cr3, 1.0, 1e-12);
	cr_expect_eq(core->top_node[CONC_W_ASSETS], node(&f, "v1"));
	cr_expect_float_eq(core->idx[CONC_W_ASSETS].top_share, 0.5, 1e-12);
	/* volume: v1 30 + 20 = 50, v2 30, v3 20 -> again 3800 */
	cr_expect_float_eq(core->idx[CONC_W_VOLUME].hhi, 3800.0, 1e-6);
	cr_expect_eq(core->idx[CONC_W_ASSETS].cls, CONC_CLASS_HIGH);

	/* Cloud zones: z1 {A-app, B-app} 2, z2 {A-app} 1, y1 {C-app} 1
	 * -> 0.5 0.25 0.25 -> 3750. */
	const struct conc_market *zone = market(&f, NODE_CLOUD, "zone");
	cr_expect_eq(zone->n_members, 3);
	cr_expect_float_eq(zone->idx[CONC_W_SERVICES].hhi, 3750.0, 1e-6);
	/* Regions: a service on a zone relies on its region, once: cr
	 * {A-app, B-app} 2, qr {C-app} 1 -> 2/3, 1/3 -> 10000 (4 + 1) / 9. */
	const struct conc_market *region = market(&f, NODE_CLOUD, "region");
	cr_expect_float_eq(region->idx[CONC_W_SERVICES].hhi, 50000.0 / 9, 1e-6);
	/* Providers likewise; by assets cp {A, B} 80, cq {C} 20 -> 6800. */
	const struct conc_market *cprov = market(&f, NODE_CLOUD, "provider");
	cr_expect_float_eq(cprov->idx[CONC_W_SERVICES].hhi, 50000.0 / 9, 1e-6);
	cr_expect_float_eq(cprov->idx[CONC_W_ASSETS].hhi, 6800.0, 1e-6);
	cr_expect_eq(cprov->top_node[CONC_W_ASSETS], node(&f, "cp"));
	/* Markets in order: vendor types, then provider, region, zone. */
	cr_expect_eq(f.r.n_markets, 4);
	cr_expect_eq(&f.r.markets[1], cprov);
	cr_expect_eq(&f.r.markets[3], zone);
	fx_free(&f);
}

/*
 * Endpoint fleets: each customer's agents are a vendor node of its own
 * (ea@A) whose parent is the vendor, with no outage rate of its own and
 * no dependency but the parent: its outage is the vendor's, so its
 * reliance counts in the vendor's market.  ea@C is one level further
 * down, under ea-sub (also rate 0, parent ea).  fl-own has a rate of its
 * own: it can fail alone and stays a market participant of its type.
 * Banks A 40, B 30, C 20, D 10.
 */
static const char FLEET_INST[] = "id,name,type,total_assets\n"
                                 "A,Bank A,bank,40\nB,Bank B,bank,30\n"
                                 "C,Bank C,bank,20\nD,Bank D,bank,10\n";
static const char FLEET_SERV[] = SERV_HDR "A-pay,A,Payments,payments,2,10\n"
                                          "A-app,A,App,internet_banking,12,10\n"
                                          "B-pay,B,Payments,payments,2,10\n"
                                          "C-pay,C,Payments,payments,2,10\n"
                                          "D-pay,D,Payments,payments,2,10\n"
                                          "D-app,D,App,internet_banking,12,10\n";
static const char FLEET_VEND[] =
    "id,name,type,parent,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
    "ea,EDR A,security,,0.05,12,72\neb,EDR B,security,,0.05,12,72\n"
    "ea-sub,EDR A subsidiary,security,ea,0,,\n"
    "ea@A,EDR A on A,endpoint_fleet,ea,0,,\nea@B,EDR A on B,endpoint_fleet,ea,0,,\n"
    "ea@C,EDR A on C,endpoint_fleet,ea-sub,0,,\neb@D,EDR B on D,endpoint_fleet,eb,0,,\n"
    "fl-own,Own fleet of D,endpoint_fleet,eb,0.1,2,8\n";
static const char FLEET_DEPS[] = DEPS_HDR "A-pay,ea@A,,,\nA-app,ea@A,,,\nB-pay,ea@B,,,\n"
                                          "C-pay,ea@C,,,\nD-pay,eb@D,,,\nD-app,fl-own,,,\n";

Test(concentration, fleet_nodes_count_in_their_vendors_market)
{
	struct fx f;
	fx_run(&f, FLEET_INST, FLEET_SERV, FLEET_VEND, NULL, FLEET_DEPS, NULL, 0, 0);
	cr_expect_eq(prov(&f, "ea@A")->owner, node(&f, "ea"));
	cr_expect_eq(prov(&f, "ea@C")->owner, node(&f, "ea"));
	cr_expect_eq(prov(&f, "ea-sub")->owner, node(&f, "ea"));
	cr_expect_eq(prov(&f, "eb@D")->owner, node(&f, "eb"));
	cr_expect_eq(prov(&f, "fl-own")->owner, node(&f, "fl-own"));
	cr_expect_float_eq(prov(&f, "ea@A")->reliance[CONC_W_SERVICES], 0, EPS);
	/* direct reliance stays on the node the rows name */
	cr_expect_eq(prov(&f, "ea@A")->direct.services, 2);

	/* security: ea and eb (ea-sub is a part of ea, not a competitor).
	 * services: ea {A-pay, A-app, B-pay, C-pay} 4, eb {D-pay} 1 -> 0.8,
	 * 0.2: HHI = 10000 (0.64 + 0.04) = 6800.
	 * institutions: ea {A, B, C} 3, eb {D} 1 -> 0.75, 0.25: 6250.
	 * assets: ea 40 + 30 + 20 = 90, eb 10 -> 0.9, 0.1: 8200, top ea. */
	const struct conc_market *sec = market(&f, NODE_VENDOR, "security");
	cr_expect_eq(sec->n_members, 2);
	cr_expect_float_eq(sec->idx[CONC_W_SERVICES].hhi, 6800.0, 1e-6);
	cr_expect_float_eq(sec->idx[CONC_W_INSTITUTIONS].hhi, 6250.0, 1e-6);
	cr_expect_float_eq(sec->idx[CONC_W_ASSETS].hhi, 8200.0, 1e-6);
	cr_expect_eq(sec->top_node[CONC_W_ASSETS], node(&f, "ea"));
	cr_expect_float_eq(sec->idx[CONC_W_ASSETS].top_share, 0.9, 1e-12);

	/* endpoint_fleet: only fl-own, which fails on its own: one member,
	 * one service, HHI 10000. */
	const struct conc_market *fl = market(&f, NODE_VENDOR, "endpoint_fleet");
	cr_expect_eq(fl->n_members, 1);
	cr_expect_float_eq(fl->idx[CONC_W_SERVICES].total, 1.0, EPS);
	cr_expect_float_eq(fl->idx[CONC_W_SERVICES].hhi, 10000.0, 1e-6);
	cr_expect_eq(f.r.n_markets, 2);
	fx_free(&f);
}

/* ---- reach ------------------------------------------------------------ */

/*
 * A chain s1 -> app -> host -> net (three levels of providers below the
 * service), s2 -> host directly, and s3 needs 1 of {net, alt}.
 */
static const char CHAIN_INST[] = "id,name,type,total_assets,systemic\n"
                                 "A,Bank A,bank,60,1\nB,Bank B,bank,40,0\n";
static const char CHAIN_SERV[] = SERV_HDR "s1,A,Payments,payments,4,0\n"
                                          "s2,B,Payments,payments,4,0\n"
                                          "s3,B,Deposits,deposits,24,0\n";
static const char CHAIN_VEND[] = PROV_HDR
    "app,Application,software,\nhost,Hosting,data_center,\nnet,Network,telecom,\n"
    "alt,Other network,telecom,\n";
static const char CHAIN_DEPS[] =
    DEPS_HDR "s1,app,,,\napp,host,,,\nhost,net,,,\ns2,host,,,\n"
             "s3,net,net,1,\ns3,alt,net,1,\n";

Test(concentration, reach_through_three_level_chain)
{
	struct fx f;
	fx_run(&f, CHAIN_INST, CHAIN_SERV, CHAIN_VEND, NULL, CHAIN_DEPS, NULL, 0, 0);
	const struct conc_provider *net = prov(&f, "net");
	/* direct: only s3 has an edge to net -> 1 service, 1 institution (B,
	 * 40 of 100 assets) */
	cr_expect_eq(net->direct.services, 1);
	cr_expect_eq(net->direct.institutions, 1);
	cr_expect_float_eq(net->direct.assets_share, 0.4, EPS);
	/* exposed: s1 (via app, host), s2 (via host), s3 -> 3 services, A and
	 * B, all assets, 1 systemic; hidden = 3 - 1 services, 2 - 1 inst. */
	cr_expect_eq(net->exposed.services, 3);
	cr_expect_eq(net->exposed.institutions, 2);
	cr_expect_eq(net->exposed.systemic, 1);
	cr_expect_float_eq(net->exposed.assets_share, 1.0, EPS);
	/* taken down (affected, down > 0): s1 and s2, not s3 (1 of 2 absorbs) */
	cr_expect_eq(net->affected.services, 2);
	cr_expect_eq(net->breached.services, 2);
	/* depths: s1 -> app -> host -> net is 3, s2 -> host -> net is 2 */
	uint32_t depth = 0;
	cr_expect(is_spof(&f, "s1", "net", &depth));
	cr_expect_eq(depth, 3);
	cr_expect(is_spof(&f, "s2", "net", &depth));
	cr_expect_eq(depth, 2);
	cr_expect(is_spof(&f, "s1", "app", &depth));
	cr_expect_eq(depth, 1);
	cr_expect(!is_spof(&f, "s3", "net", NULL));
	cr_expect_eq(net->spof_services, 2);
	cr_expect_eq(net->spof_nth_services, 2);
	/* app: only s1, directly; nothing hidden */
	const struct conc_provider *app = prov(&f, "app");
	cr_expect_eq(app->direct.services, 1);
	cr_expect_eq(app->exposed.services, 1);
	/* per type (one type, "bank", 2 institutions, 100 assets): net is
	 * relied on by 2 of 2, all assets; a systemic one among them: flag. */
	cr_expect_eq(f.r.n_types, 1);
	cr_assert_eq(net->n_type_shares, 1);
	cr_expect_eq(net->type_shares[0].type, 0);
	cr_expect_eq(net->type_shares[0].institutions, 2);
	cr_expect_float_eq(net->dora_max_share, 1.0, EPS);
	cr_expect(net->dora_flag);
	/* alt reaches only s3 of B (not systemic): no flag */
	cr_expect(!prov(&f, "alt")->dora_flag);
	fx_free(&f);
}

/*
 * Per-type shares are kept only for the types a provider reaches, in type
 * order (first appearance), and the DORA type is the first of equal
 * shares.  Institutions: A (type "b", 10), B ("a", 30), C ("b", 60); in
 * order of appearance the types are b = 0 (2 institutions, 70 assets) and
 * a = 1 (1 institution, 30 assets).
 *   p1 reaches only B: one entry, type a: 1 of 1, 30/30 -> shares 1, 1.
 *   p2 reaches A and B: entries b (1 of 2 = 0.5; 10/70) and a (1 of 1 = 1;
 *      30/30): max share 1, type a.
 *   p3 reaches A and C: one entry, b: 2 of 2, 70/70 -> 1, type b.
 *   p4 reaches all: b 1 and a 1 tie at share 1: the first, b, wins.
 *   p5 reaches nothing: no entry, no DORA type.
 */
Test(concentration, type_shares_sparse_in_type_order)
{
	static const char inst[] = "id,name,type,total_assets,systemic,country\n"
	                           "A,A,b,10,0,JP\nB,B,a,30,0,JP\nC,C,b,60,0,JP\n";
	static const char serv[] = SERV_HDR "sa,A,SA,payments,2,1\n"
	                           "sb,B,SB,payments,2,1\nsc,C,SC,payments,2,1\n";
	static const char vend[] = PROV_HDR "p1,P1,it,\np2,P2,it,\np3,P3,it,\n"
	                           "p4,P4,it,\np5,P5,it,\n";
	static const char deps[] = DEPS_HDR "sb,p1,,,\nsa,p2,,,\nsb,p2,,,\n"
	                           "sa,p3,,,\nsc,p3,,,\nsa,p4,,,\nsb,p4,,,\nsc,p4,,,\n";
	struct fx f;
	fx_run(&f, inst, serv, vend, NULL, deps, NULL, 0, 0);
	cr_assert_eq(f.r.n_types, 2);
	cr_expect_str_eq(f.r.types[0], "b");
	cr_expect_str_eq(f.r.types[1], "a");
	cr_expect_eq(f.r.type_count[0], 2);
	cr_expect_float_eq(f.r.type_assets[0], 70.0, EPS);
	const struct conc_provider *p = prov(&f, "p1");
	cr_assert_eq(p->n_type_shares, 1);
	cr_expect_eq(p->type_shares[0].type, 1);
	cr_expect_eq(p->type_shares[0].institutions, 1);
	cr_expect_eq(p->dora_type, 1);
	p = prov(&f, "p2");
	cr_assert_eq(p->n_type_shares, 2);
	cr_expect_eq(p->type_shares[0].type, 0);
	cr_expect_float_eq(p->type_shares[0].assets, 10.0, EPS);
	cr_expect_eq(p->type_shares[1].type, 1);
	cr_expect_eq(p->dora_type, 1);
	cr_expect_float_eq(p->dora_max_share, 1.0, EPS);
	p = prov(&f, "p3");
	cr_assert_eq(p->n_type_shares, 1);
	cr_expect_eq(p->type_shares[0].institutions, 2);
	cr_expect_eq(p->dora_type, 0);
	cr_expect_eq(prov(&f, "p4")->dora_type, 0);
	p = prov(&f, "p5");
	cr_expect_eq(p->n_type_shares, 0);
	cr_expect_eq(p->dora_type, UINT32_MAX);
	fx_free(&f);
}

/* ---- breach curve ----------------------------------------------------- */

Test(concentration, breach_curve_steps_with_failover_cap)
{
	/*
	 * pay (tolerance 4) needs core with failover 6: down = min(d, 6),
	 *   breaches when min(d, 6) > 4, i.e. from d > 4;
	 * dep (tolerance 8) needs core with failover 6: down <= 6 < 8, never;
	 * ib (tolerance 12) needs core, no failover: breaches when d > 12.
	 * Grid 1 2 4 4.5 8 12 24 inf:
	 *   services  0 0 0 1   1 1  2  2
	 *   inst (pay, dep: A; ib: B) 0 0 0 1 1 1 2 2
	 *   assets    0 0 0 .7  .7 .7 1  1     (A 70, B 30)
	 */
	static const double grid[] = {1, 2, 4, 4.5, 8, 12, 24, INFINITY};
	struct fx f;
	fx_run(&f, "id,name,type,total_assets\nA,Bank A,bank,70\nB,Bank B,bank,30\n",
	       SERV_HDR "pay,A,Payments,payments,4,0\ndep,A,Deposits,deposits,8,0\n"
	                "ib,B,Internet banking,internet_banking,12,0\n",
	       PROV_HDR "core,Core,shared_core_center,\n", NULL,
	       DEPS_HDR "pay,core,,,6\ndep,core,,,6\nib,core,,,\n", grid, 8, 0);
	uint32_t i = conc_provider_index(&f.r, node(&f, "core"));
	const uint32_t svc[] = {0, 0, 0, 1, 1, 1, 2, 2};
	const uint32_t inst[] = {0, 0, 0, 1, 1, 1, 2, 2};
	const double assets[] = {0, 0, 0, 0.7, 0.7, 0.7, 1, 1};
	cr_assert_eq(f.r.n_durations, 8);
	for (size_t k = 0; k < 8; k++) {
		const struct conc_outcome *o = &f.r.curve[(size_t)i * 8 + k];
		cr_expect_eq(o->services, svc[k], "at %g h: %u services, expected %u",
		             grid[k], o->services, svc[k]);
		cr_expect_eq(o->institutions, inst[k], "at %g h", grid[k]);
		cr_expect_float_eq(o->assets_share, assets[k], EPS, "at %g h", grid[k]);
	}
	/* The 24 h figure of the summary: pay and ib. */
	cr_expect_eq(f.r.prov[i].breached_day.services, 2);
	/* SPOF means breach under an unlimited outage: pay (down 6 > 4) and
	 * ib (down inf), not dep (down 6 <= 8) although it is taken down. */
	cr_expect(is_spof(&f, "pay", "core", NULL));
	cr_expect(is_spof(&f, "ib", "core", NULL));
	cr_expect(!is_spof(&f, "dep", "core", NULL));
	cr_expect_eq(f.r.prov[i].affected.services, 3);
	for (size_t k = 0; k < f.r.n_spof; k++)
		if (f.r.spof[k].service == node(&f, "pay"))
			cr_expect_float_eq(f.r.spof[k].down, 6.0, EPS);
	fx_free(&f);
}

/* ---- single points of failure and false redundancy -------------------- */

/*
 * pay needs 1 of {pa, pb}: two "redundant" payment processors, both
 * hosted in zone z1 (region r, provider c).  good needs 1 of {pa, pc},
 * pc in zone z2 of the same region.
 */
static const char FR_INST[] = "id,name,type,total_assets\nA,Bank A,bank,100\n";
static const char FR_SERV[] = SERV_HDR "pay,A,Payments,payments,2,0\n"
                                       "good,A,Cards,card_payments,2,0\n";
static const char FR_VEND[] = PROV_HDR "pa,PP A,payment_processor,\n"
                                       "pb,PP B,payment_processor,\n"
                                       "pc,PP C,payment_processor,\n";
static const char FR_CLOUD[] = PROV_HDR "c,Cloud,provider,\nr,Region,region,c\n"
                                        "z1,Zone 1,zone,r\nz2,Zone 2,zone,r\n";
static const char FR_DEPS[] = DEPS_HDR "pay,pa,pp,1,\npay,pb,pp,1,\n"
                                       "good,pa,pp,1,\ngood,pc,pp,1,\n"
                                       "pa,z1,,,\npb,z1,,,\npc,z2,,,\n";

Test(concentration, spof_and_false_redundancy_shared_zone)
{
	struct fx f;
	fx_run(&f, FR_INST, FR_SERV, FR_VEND, FR_CLOUD, FR_DEPS, NULL, 0, 0);
	uint32_t depth = 0;
	/* z1 down: pa and pb down, 0 of 2 up < 1 -> pay down: SPOF at depth 2
	 * (pay -> pa -> z1); the region and the provider at 3 and 4. */
	cr_expect(is_spof(&f, "pay", "z1", &depth));
	cr_expect_eq(depth, 2);
	cr_expect(is_spof(&f, "pay", "r", &depth));
	cr_expect_eq(depth, 3);
	cr_expect(is_spof(&f, "pay", "c", &depth));
	cr_expect_eq(depth, 4);
	/* neither processor alone, nor z2 */
	cr_expect(!is_spof(&f, "pay", "pa", NULL));
	cr_expect(!is_spof(&f, "pay", "pb", NULL));
	cr_expect(!is_spof(&f, "pay", "z2", NULL));
	/* good: z1 takes pa, pc stays up; r takes both */
	cr_expect(!is_spof(&f, "good", "z1", NULL));
	cr_expect(is_spof(&f, "good", "r", NULL));

	/* False redundancy: pay's pp defeated by z1, r, c (2 members down,
	 * group down without limit); good's pp by r and c only. */
	const struct conc_false_red *fr = fr_find(&f, "pay", "pp", "z1");
	cr_assert(fr);
	cr_expect_eq(fr->members_down, 2);
	cr_expect(isinf(fr->group_down));
	cr_expect(fr_find(&f, "pay", "pp", "r"));
	cr_expect(fr_find(&f, "pay", "pp", "c"));
	cr_expect(!fr_find(&f, "pay", "pp", "pa"));
	cr_expect(!fr_find(&f, "pay", "pp", "pb"));
	cr_expect(!fr_find(&f, "good", "pp", "z1"));
	cr_expect(fr_find(&f, "good", "pp", "r"));
	cr_expect_eq(f.r.n_fr, 5);
	cr_expect_eq(prov(&f, "z1")->fr_groups, 1);
	fx_free(&f);
}

/* ---- cut sets --------------------------------------------------------- */

Test(concentration, cutset_pair)
{
	/*
	 * pay needs 1 of {pa, pb}, pa in zone z1, pb in zone z2 (different
	 * providers, nothing shared): no single point of failure, and the
	 * order-2 cut sets of pay are {pa, pb}, {pa, z2}, {z1, pb}, {z1, z2}.
	 * solo needs pa alone: pa and z1 breach it alone, so solo is in no
	 * cut set; {pa, z1} is no cut set of pay (z1 takes pa, pb stays up).
	 */
	struct fx f;
	fx_run(&f, "id,name,type,total_assets\nA,Bank A,bank,80\nB,Bank B,bank,20\n",
	       SERV_HDR "pay,A,Payments,payments,2,0\nsolo,B,Payments,payments,2,0\n",
	       PROV_HDR "pa,PP A,payment_processor,\npb,PP B,payment_processor,\n",
	       PROV_HDR "z1,Zone 1,zone,\nz2,Zone 2,zone,\n",
	       DEPS_HDR "pay,pa,pp,1,\npay,pb,pp,1,\nsolo,pa,,,\npa,z1,,,\npb,z2,,,\n",
	       NULL, 0, 0);
	cr_assert_eq(f.r.n_cut, 4);
	const char *pairs[4][2] = {
	    {"pa", "pb"}, {"pa", "z2"}, {"pb", "z1"}, {"z1", "z2"}};
	for (int k = 0; k < 4; k++) {
		uint32_t a = node(&f, pairs[k][0]), b = node(&f, pairs[k][1]);
		if (a > b) {
			uint32_t t = a;
			a = b;
			b = t;
		}
		int found = 0;
		for (size_t j = 0; j < f.r.n_cut; j++)
			if (f.r.cut[j].a == a && f.r.cut[j].b == b) {
				found = 1;
				/* one service (pay) of one institution (A, 80 %) */
				cr_expect_eq(f.r.cut[j].broken.services, 1);
				cr_expect_eq(f.r.cut[j].broken.institutions, 1);
				cr_expect_float_eq(f.r.cut[j].broken.assets_share, 0.8,
				                   EPS);
				cr_expect_eq(f.r.cut[j].example, node(&f, "pay"));
			}
		cr_expect(found, "{%s, %s} should be a cut set", pairs[k][0],
		          pairs[k][1]);
	}
	/* 4 providers: 6 pairs; {pa, z1} is pruned (z1 keeps pa down). */
	cr_expect_eq(f.r.cut_pairs, 6);
	cr_expect_leq(f.r.cut_pairs_propagated, 5);
	fx_free(&f);
}

/* ---- cut sets: the fast search against the definition ------------------ */

Test(concentration, cutset_undo_restores_the_base_outage)
{
	/*
	 * Vendors A, B, C, v (in that node order); v depends on A with a
	 * 3 h failover and on B without.  Services (tolerance):
	 *   s (4 h)   needs v                      owner I1 (10)
	 *   u (100 h) needs A                      owner I1
	 *   w (1 h)   needs 1 of {A, B}            owner I2 (30)
	 *   t (4 h)   needs 1 of {v, C}            owner I3 (60)
	 * Lone unlimited outages (down; a k-of-n group is down for the
	 * (n - k + 1)-th largest member outage, the 2nd largest here):
	 *   A: v = min(inf, 3) = 3, s = 3 (<= 4), u = inf (breach), w = 0,
	 *      t = 2nd largest of {3, 0} = 0.  Touches A, v, s, u: 4 nodes.
	 *   B: v = inf, s = inf (breach), w = 0, t = 0.  3 nodes.
	 *   C: t = 0.  1 node.       v: s = inf (breach), t = 0.
	 * Pairs (B keeps v down without limit, so {B, v} is skipped):
	 *   {A, B}: w = inf > 1, breached by neither alone: cut set (I2, 0.3).
	 *   {A, C}: v = 3, t = 2nd largest of {3, inf} = 3 <= 4: none.
	 *   {A, v}: s breaches by v alone, t = 0: none.
	 *   {B, C}, {C, v}: t = inf: cut sets (I3, 0.6).
	 * A is the base of {A, B} and then {A, C}: adding B raises v to inf,
	 * and unless that is undone, {A, C} would breach t (2nd largest of
	 * {inf, inf}) and appear as a cut set that does not exist.
	 */
	struct fx f;
	fx_run(&f,
	       "id,name,type,total_assets\nI1,Bank 1,bank,10\nI2,Bank 2,bank,30\n"
	       "I3,Bank 3,bank,60\n",
	       SERV_HDR "s,I1,S,payments,4,0\nu,I1,U,payments,100,0\n"
	                "w,I2,W,payments,1,0\nt,I3,T,payments,4,0\n",
	       PROV_HDR "A,A,software,\nB,B,software,\nC,C,software,\nv,v,software,\n",
	       NULL,
	       DEPS_HDR "v,A,,,3\nv,B,,,\ns,v,,,\nu,A,,,\nw,A,g,1,\nw,B,g,1,\n"
	                "t,v,g,1,\nt,C,g,1,\n",
	       NULL, 0, 0);
	const char *pairs[3][3] = {{"A", "B", "w"}, {"B", "C", "t"}, {"C", "v", "t"}};
	const double share[3] = {0.3, 0.6, 0.6};
	cr_assert_eq(f.r.n_cut, 3);
	for (int k = 0; k < 3; k++) {
		uint32_t a = node(&f, pairs[k][0]), b = node(&f, pairs[k][1]);
		int found = 0;
		for (size_t j = 0; j < f.r.n_cut; j++)
			if (f.r.cut[j].a == a && f.r.cut[j].b == b) {
				found = 1;
				cr_expect_eq(f.r.cut[j].broken.services, 1);
				cr_expect_float_eq(f.r.cut[j].broken.assets_share,
				                   share[k], EPS);
				cr_expect_eq(f.r.cut[j].example, node(&f, pairs[k][2]));
			}
		cr_expect(found, "{%s, %s} should be a cut set", pairs[k][0],
		          pairs[k][1]);
	}
	/* Candidates (exposed, not breached alone): A {s, w, t}, B {w, t},
	 * C {t}, v {t}.  Of the 6 pairs, {B, v} is skipped (B keeps v down)
	 * and the other 5 share a candidate, so 5 are propagated. */
	cr_expect_eq(f.r.cut_pairs, 6);
	cr_expect_eq(f.r.cut_pairs_propagated, 5);
	fx_free(&f);
}

Test(concentration, cutset_sum_order_on_a_cycle)
{
	/*
	 * Services a, b, c (node order) of banks with assets 1, 1 and 2^53;
	 * c needs 1 of {P, Q}, a and b need c, c needs a and b: a cycle.
	 * Only P and Q together take c down, and with it a and b: one cut
	 * set breaching 3 services of 3 institutions.
	 * A propagation of {P, Q} lists them in the order it raises them:
	 * c (from its group), then a and b (the cycle: same rank, by node).
	 * The asset sum in that order is (2^53 + 1) + 1 = 2^53, as a double:
	 * 2^53 + 1 lies halfway between 2^53 and 2^53 + 2 and rounds to the
	 * even 2^53, twice.  Summed in node order it would be
	 * (1 + 1) + 2^53 = 2^53 + 2.  The program must give the former, the
	 * sum a fresh propagation of the pair gives (tally's order).
	 */
	struct fx f;
	fx_run(&f,
	       "id,name,type,total_assets\nIa,Bank a,bank,1\nIb,Bank b,bank,1\n"
	       "Ic,Bank c,bank,9007199254740992\n",
	       SERV_HDR "a,Ia,A,payments,1,0\nb,Ib,B,payments,1,0\nc,Ic,C,payments,1,0\n",
	       PROV_HDR "P,P,software,\nQ,Q,software,\n", NULL,
	       DEPS_HDR "c,P,g,1,\nc,Q,g,1,\nc,a,,,\nc,b,,,\na,c,,,\nb,c,,,\n", NULL, 0,
	       0);
	cr_assert_eq(f.r.n_cut, 1);
	cr_expect_eq(f.r.cut[0].broken.services, 3);
	cr_expect_eq(f.r.cut[0].broken.institutions, 3);
	cr_expect(f.r.cut[0].broken.assets == 9007199254740992.0, "assets %.17g",
	          f.r.cut[0].broken.assets);
	cr_expect_eq(f.r.cut[0].example, node(&f, "a"));
	fx_free(&f);
}

#define NONE_TO UINT32_MAX

/* A small deterministic generator (xorshift64*), for the random graphs. */
static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1DULL;
}

static uint32_t rng_below(uint64_t *x, uint32_t n)
{
	return (uint32_t)(rng_next(x) >> 33) % n;
}

/* Append printf-style text to a growing string. */
static void sbuf_add(char **s, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void sbuf_add(char **s, size_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *t = xvasprintf(fmt, ap);
	va_end(ap);
	size_t k = strlen(t);
	*s = xreallocarray(*s, *n + k + 1, 1);
	memcpy(*s + *n, t, k + 1);
	*n += k;
	free(t);
}

enum assets_mode {
	ASSETS_SPREAD, /* 1 to 999 times 10^0..8, over 7: every sum order differs */
	ASSETS_TIES,   /* 0 to 3: ties, and institutions that add nothing */
	ASSETS_EDGE    /* 1, 3 or 2^53: sums that round differently by order */
};

/*
 * A random data set: institutions with assets of very different sizes
 * (so a sum in another order would differ in its last bits), services
 * with tolerances, vendors with parents, and dependency groups with
 * k-of-n, failover caps, provider-to-provider and service-to-service
 * edges (cycles allowed).  'scale' multiplies the ranges of the counts;
 * with scale 1 and ASSETS_SPREAD it is random_dataset.
 */
static void random_dataset_sized(uint64_t seed, uint32_t scale, enum assets_mode am,
                                 char **inst, char **serv, char **vend, char **deps)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
	size_t ni = 0, ns = 0, nv = 0, nd = 0;
	*inst = *serv = *vend = *deps = NULL;
	uint32_t n_inst = 2 + rng_below(&x, 4 * scale),
	         n_svc = 3 + rng_below(&x, 10 * scale),
	         n_vend = 3 + rng_below(&x, 8 * scale);
	sbuf_add(inst, &ni, "id,name,type,total_assets,systemic\n");
	for (uint32_t i = 0; i < n_inst; i++) {
		double a;
		if (am == ASSETS_TIES)
			a = rng_below(&x, 4);
		else if (am == ASSETS_EDGE)
			a = rng_below(&x, 3) == 0 ? 9007199254740992.0
			                          : 1 + 2 * rng_below(&x, 2);
		else
			a = (1 + rng_below(&x, 999)) * pow(10, rng_below(&x, 9)) / 7;
		sbuf_add(inst, &ni, am == ASSETS_SPREAD ? "i%u,I,bank,%.6g,%u\n"
		                                        : "i%u,I,bank,%.17g,%u\n",
		         i, a, rng_below(&x, 2));
	}
	static const char *const tol[] = {"0.5", "1", "2.5", "4", "8"};
	static const char *const fo[] = {"", "", "", "1", "3", "6"};
	sbuf_add(serv, &ns, SERV_HDR);
	for (uint32_t s = 0; s < n_svc; s++)
		sbuf_add(serv, &ns, "s%u,i%u,S,payments,%s,0\n", s, rng_below(&x, n_inst),
		         tol[rng_below(&x, 5)]);
	uint32_t n_nodes = n_svc + n_vend;
	uint32_t *parent = xcalloc(n_nodes, sizeof *parent);
	sbuf_add(vend, &nv, PROV_HDR);
	for (uint32_t v = 0; v < n_vend; v++) {
		parent[n_svc + v] = NONE_TO;
		if (v > 0 && rng_below(&x, 4) == 0) {
			parent[n_svc + v] = n_svc + rng_below(&x, v);
			sbuf_add(vend, &nv, "v%u,V,software,v%u\n", v,
			         parent[n_svc + v] - n_svc);
		} else {
			sbuf_add(vend, &nv, "v%u,V,software,\n", v);
		}
	}
	/* Each dependent gets up to 3 groups of 1 to 3 distinct members; a
	 * member is used once per dependent (no duplicate edges). */
	uint8_t *used = xcalloc(n_nodes, 1);
	sbuf_add(deps, &nd, DEPS_HDR);
	for (uint32_t from = 0; from < n_nodes; from++) {
		int is_s = from < n_svc;
		memset(used, 0, n_nodes);
		used[from] = 1;
		if (!is_s && parent[from] != NONE_TO)
			used[parent[from]] = 1; /* the parent is an edge already */
		uint32_t n_groups = (is_s ? 1 : 0) + rng_below(&x, 3);
		for (uint32_t g = 0; g < n_groups; g++) {
			uint32_t want = 1 + rng_below(&x, 3), mem[3], size = 0;
			for (uint32_t m = 0; m < want; m++)
				for (uint32_t tries = 0; tries < 20; tries++) {
					/* mostly providers; now and then a service */
					uint32_t c = rng_below(&x, 6) == 0
					                 ? rng_below(&x, n_svc)
					                 : n_svc + rng_below(&x, n_vend);
					if (!used[c]) {
						used[c] = 1;
						mem[size++] = c;
						break;
					}
				}
			if (size == 0)
				continue;
			uint32_t k = 1 + rng_below(&x, size);
			char fname[16];
			snprintf(fname, sizeof fname, "%c%u", is_s ? 's' : 'v',
			         is_s ? from : from - n_svc);
			for (uint32_t m = 0; m < size; m++) {
				char tname[16];
				snprintf(tname, sizeof tname, "%c%u",
				         mem[m] < n_svc ? 's' : 'v',
				         mem[m] < n_svc ? mem[m] : mem[m] - n_svc);
				const char *fv = fo[rng_below(&x, 6)];
				if (size == 1)
					sbuf_add(deps, &nd, "%s,%s,,,%s\n", fname, tname,
					         fv);
				else
					sbuf_add(deps, &nd, "%s,%s,g%u,%u,%s\n", fname,
					         tname, g, k, fv);
			}
		}
	}
	free(used);
	free(parent);
}

static void random_dataset(uint64_t seed, char **inst, char **serv, char **vend,
                           char **deps)
{
	random_dataset_sized(seed, 1, ASSETS_SPREAD, inst, serv, vend, deps);
}

/*
 * The cut sets by their definition, with nothing pruned: for every pair
 * of providers, the services the joint unlimited outage breaches and
 * neither lone outage does, counted in the order of s->touched (as the
 * program's tally would); the example is the first in node order.  Also
 * the number of pairs the pruning should leave: not kept down by the
 * other and sharing a service that both reach and neither breaches.
 */
struct naive_cut {
	uint32_t a, b;
	struct conc_outcome o;
	uint32_t example;
};

static size_t naive_cutsets(const struct dataset *ds, const struct engine *e,
                            const struct conc_result *r, struct naive_cut *out,
                            uint64_t *propagated)
{
	const uint32_t n = e->n_nodes, np = r->n_prov;
	const double inf = INFINITY;
	struct engine_scratch *s = engine_scratch_new(e);
	double *alone = xcalloc((size_t)np * n, sizeof *alone); /* down, each alone */
	uint8_t *reach = xcalloc((size_t)np * n, 1);            /* path v -> p */
	for (uint32_t i = 0; i < np; i++) {
		uint32_t p = r->prov[i].node;
		engine_propagate(e, s, &p, &inf, 1);
		for (uint32_t v = 0; v < n; v++)
			alone[(size_t)i * n + v] = s->down[v];
		engine_scratch_reset(s);
		uint8_t *R = reach + (size_t)i * n;
		R[p] = 1;
		for (int changed = 1; changed;) {
			changed = 0;
			for (uint32_t g = 0; g < e->n_groups; g++)
				for (uint32_t m = e->grp_mem_off[g];
				     m < e->grp_mem_off[g + 1]; m++)
					if (R[e->mem_to[m]] && !R[e->grp_node[g]]) {
						R[e->grp_node[g]] = 1;
						changed = 1;
					}
		}
	}
	size_t nc = 0;
	*propagated = 0;
	uint8_t *seen = xcalloc(n, 1);
	for (uint32_t i = 0; i < np; i++)
		for (uint32_t j = i + 1; j < np; j++) {
			const double *di = alone + (size_t)i * n,
			             *dj = alone + (size_t)j * n;
			uint32_t p = r->prov[i].node, q = r->prov[j].node;
			int dom = di[q] == INFINITY || dj[p] == INFINITY;
			int shared = 0;
			for (uint32_t v = 0; v < n; v++)
				shared |= e->is_service[v] && reach[(size_t)i * n + v] &&
				          reach[(size_t)j * n + v] &&
				          !(di[v] > e->tolerance[v]) &&
				          !(dj[v] > e->tolerance[v]);
			*propagated += !dom && shared;
			uint32_t roots[2] = {p, q};
			double dur[2] = {INFINITY, INFINITY};
			engine_propagate(e, s, roots, dur, 2);
			struct naive_cut c = {p, q, {0}, NODE_NONE};
			memset(seen, 0, n);
			for (uint32_t t = 0; t < s->n_touched; t++) {
				uint32_t v = s->touched[t];
				if (!e->is_service[v] ||
				    !(s->down[v] > e->tolerance[v]) ||
				    di[v] > e->tolerance[v] || dj[v] > e->tolerance[v])
					continue;
				uint32_t inst = ds->nodes[v].institution;
				c.o.services++;
				if (!seen[inst]) {
					seen[inst] = 1;
					c.o.institutions++;
					c.o.systemic +=
					    ds->nodes[inst].systemic ? 1u : 0u;
					c.o.assets += ds->nodes[inst].total_assets;
				}
				if (v < c.example)
					c.example = v;
			}
			engine_scratch_reset(s);
			if (c.o.services > 0)
				out[nc++] = c;
		}
	free(seen);
	free(alone);
	free(reach);
	engine_scratch_free(s);
	return nc;
}

Test(concentration, cutsets_match_the_definition_on_random_graphs)
{
	int cyclic_seen = 0, finding_seen = 0, inner_seen = 0, leaf_seen = 0;
	for (uint64_t seed = 1; seed <= 400; seed++) {
		char *inst, *serv, *vend, *deps;
		random_dataset(seed, &inst, &serv, &vend, &deps);
		struct fx f;
		fx_run(&f, inst, serv, vend, NULL, deps, NULL, 0, 0);
		for (uint32_t v = 0; v < f.e.n_nodes; v++)
			cyclic_seen |= f.e.is_service[v] && f.e.cyclic[v];
		struct naive_cut *nc =
		    xcalloc((size_t)f.r.n_prov * f.r.n_prov + 1, sizeof *nc);
		uint64_t propagated;
		size_t n = naive_cutsets(&f.ds, &f.e, &f.r, nc, &propagated);
		finding_seen |= n > 0;
		cr_expect_eq(f.r.cut_pairs_propagated, propagated, "seed %llu",
		             (unsigned long long)seed);
		cr_assert_eq(f.r.n_cut, n, "seed %llu: %zu cut sets, by definition %zu",
		             (unsigned long long)seed, f.r.n_cut, n);
		for (size_t k = 0; k < n; k++) {
			const struct conc_cutset *c = NULL;
			for (size_t j = 0; j < f.r.n_cut; j++)
				if (f.r.cut[j].a == nc[k].a && f.r.cut[j].b == nc[k].b)
					c = &f.r.cut[j];
			cr_assert(c, "seed %llu: {%s, %s} missing",
			          (unsigned long long)seed, f.ds.nodes[nc[k].a].id,
			          f.ds.nodes[nc[k].b].id);
			cr_expect_eq(c->broken.services, nc[k].o.services);
			cr_expect_eq(c->broken.institutions, nc[k].o.institutions);
			cr_expect_eq(c->broken.systemic, nc[k].o.systemic);
			/* the same sum in the same order: equal to the last bit */
			cr_expect(c->broken.assets == nc[k].o.assets,
			          "seed %llu: assets %.17g, by definition %.17g",
			          (unsigned long long)seed, c->broken.assets,
			          nc[k].o.assets);
			cr_expect_eq(c->example, nc[k].example);
			/* the search evaluates services with dependents in its
			 * worklist and the others apart: both must be found */
			uint32_t x = nc[k].example;
			if (f.e.rev_off[x + 1] > f.e.rev_off[x])
				inner_seen = 1;
			else
				leaf_seen = 1;
		}
		free(nc);
		fx_free(&f);
		free(inst);
		free(serv);
		free(vend);
		free(deps);
	}
	/* the generator must exercise what it is for */
	cr_expect(cyclic_seen, "no random graph had a service on a cycle");
	cr_expect(finding_seen, "no random graph had a cut set");
	cr_expect(inner_seen, "no cut set broke a service that others depend on");
	cr_expect(leaf_seen, "no cut set broke a service that nothing depends on");
}

Test(concentration, breach_curves_match_fresh_propagations_on_random_graphs)
{
	/* Each point of a breach curve (and the one-day figure) is what a
	 * propagation of that provider alone for that long breaches, counted
	 * in the order of s->touched: recompute it so and compare, the asset
	 * sum to the last bit. */
	static const double grid[] = {0.5, 1, 3, 8, INFINITY};
	const size_t ng = sizeof grid / sizeof grid[0];
	for (uint64_t seed = 1; seed <= 200; seed++) {
		char *inst, *serv, *vend, *deps;
		random_dataset(seed, &inst, &serv, &vend, &deps);
		struct fx f;
		fx_run(&f, inst, serv, vend, NULL, deps, grid, ng, 0);
		struct engine_scratch *s = engine_scratch_new(&f.e);
		uint8_t *seen = xcalloc(f.e.n_nodes, 1);
		for (uint32_t i = 0; i < f.r.n_prov; i++)
			for (size_t k = 0; k <= ng; k++) {
				double d = k < ng ? grid[k] : CONC_DAY_HOURS;
				const struct conc_outcome *got =
				    k < ng ? &f.r.curve[i * ng + k]
				           : &f.r.prov[i].breached_day;
				engine_propagate(&f.e, s, &f.r.prov[i].node, &d, 1);
				struct conc_outcome want = {0};
				memset(seen, 0, f.e.n_nodes);
				for (uint32_t t = 0; t < s->n_touched; t++) {
					uint32_t v = s->touched[t];
					if (!f.e.is_service[v] ||
					    !(s->down[v] > f.e.tolerance[v]))
						continue;
					uint32_t in = f.ds.nodes[v].institution;
					want.services++;
					if (!seen[in]) {
						seen[in] = 1;
						want.institutions++;
						want.assets +=
						    f.ds.nodes[in].total_assets;
					}
				}
				engine_scratch_reset(s);
				cr_expect_eq(got->services, want.services, "seed %llu",
				             (unsigned long long)seed);
				cr_expect_eq(got->institutions, want.institutions,
				             "seed %llu", (unsigned long long)seed);
				cr_expect(
				    got->assets == want.assets, "seed %llu: %.17g, %.17g",
				    (unsigned long long)seed, got->assets, want.assets);
			}
		free(seen);
		engine_scratch_free(s);
		fx_free(&f);
		free(inst);
		free(serv);
		free(vend);
		free(deps);
	}
}

/* ---- reverse stress --------------------------------------------------- */

Test(concentration, reverse_stress_greedy_finds_optimum)
{
	/*
	 * Banks A 40, B 35, C 25 (of 100).  va serves A, vb serves B, vc
	 * serves C; vb and vc both run in zone z.
	 * Target 0.6: the best single provider is z (B + C = 60 %); no set of
	 * one other provider reaches it: the optimum {z}, found at step 1.
	 * Target 0.9: {z, va} (100 %); no single provider reaches 90 %, so
	 * two are optimal.  Greedy: z (gain 0.6), then va (gain 0.4).
	 */
	static const char inst[] =
	    "id,name,type,total_assets\n"
	    "A,Bank A,bank,40\nB,Bank B,bank,35\nC,Bank C,bank,25\n";
	static const char serv[] = SERV_HDR "a,A,Payments,payments,2,0\n"
	                                    "b,B,Payments,payments,2,0\n"
	                                    "c,C,Payments,payments,2,0\n";
	static const char vend[] = PROV_HDR "va,V A,software,\nvb,V B,software,\n"
	                                    "vc,V C,software,\n";
	static const char cloud[] = PROV_HDR "z,Zone,zone,\n";
	static const char deps[] =
	    DEPS_HDR "a,va,,,\nb,vb,,,\nc,vc,,,\nvb,z,,,\nvc,z,,,\n";
	struct fx f;
	fx_run(&f, inst, serv, vend, cloud, deps, NULL, 0, 0.6);
	cr_expect(f.r.rs_run);
	cr_expect(f.r.rs_reached);
	cr_assert_eq(f.r.n_rs, 1);
	cr_expect_eq(f.r.rs[0].provider, node(&f, "z"));
	cr_expect_float_eq(f.r.rs[0].gain, 0.6, EPS);
	fx_free(&f);

	fx_run(&f, inst, serv, vend, cloud, deps, NULL, 0, 0.9);
	cr_expect(f.r.rs_reached);
	cr_assert_eq(f.r.n_rs, 2);
	cr_expect_eq(f.r.rs[0].provider, node(&f, "z"));
	cr_expect_eq(f.r.rs[1].provider, node(&f, "va"));
	cr_expect_float_eq(f.r.rs[1].gain, 0.4, EPS);
	cr_expect_float_eq(f.r.rs[1].total.assets_share, 1.0, EPS);
	cr_expect_eq(f.r.rs[1].total.institutions, 3);
	fx_free(&f);

	/* Without a request nothing runs. */
	fx_run(&f, inst, serv, vend, cloud, deps, NULL, 0, 0);
	cr_expect(!f.r.rs_run);
	cr_expect_eq(f.r.n_rs, 0);
	fx_free(&f);
}

Test(concentration, reverse_stress_reports_a_stall)
{
	/* A needs 1 of {va, vb}: no single provider raises the breached
	 * share, so greedy stops at once with the target not reached (the
	 * documented limit; the pair is in cutsets.csv). */
	struct fx f;
	fx_run(&f, "id,name,type,total_assets\nA,Bank A,bank,10\n",
	       SERV_HDR "a,A,Payments,payments,2,0\n",
	       PROV_HDR "va,V A,software,\nvb,V B,software,\n", NULL,
	       DEPS_HDR "a,va,g,1,\na,vb,g,1,\n", NULL, 0, 0.5);
	cr_expect(f.r.rs_run);
	cr_expect(!f.r.rs_reached);
	cr_expect_eq(f.r.n_rs, 0);
	cr_expect_eq(f.r.n_cut, 1);
	fx_free(&f);
}

Test(concentration, reverse_stress_sums_in_the_order_of_a_fresh_propagation)
{
	/*
	 * Banks Ia and Ib hold 1 each, Ic holds 2^53 (total 2^53 + 2).
	 * Services a (Ia) and b (Ib) need Q; c (Ic) needs P, and a and b
	 * through failovers of 0.5 h, below its tolerance of 2 h: a and b do
	 * not breach c, but c ranks after them, so a propagation lists the
	 * services a, b, c.
	 * Step 1: P breaches c (2^53), Q breaches a and b (2): P.
	 * Step 2: {P, Q} breaches all three; counted in the order a, b, c
	 * the sum is (1 + 1) + 2^53 = 2^53 + 2, exact: share 1, target
	 * reached.  Added to the 2^53 of step 1 the same assets would give
	 * (2^53 + 1) + 1 = 2^53 (each + 1 a tie, rounded to the even 2^53):
	 * no gain, and the search would stop short at step 1.
	 */
	struct fx f;
	fx_run(&f,
	       "id,name,type,total_assets\nIa,Bank a,bank,1\nIb,Bank b,bank,1\n"
	       "Ic,Bank c,bank,9007199254740992\n",
	       SERV_HDR "a,Ia,A,payments,1,0\nb,Ib,B,payments,1,0\nc,Ic,C,payments,2,0\n",
	       PROV_HDR "P,P,software,\nQ,Q,software,\n", NULL,
	       DEPS_HDR "a,Q,,,\nb,Q,,,\nc,P,,,\nc,a,,,0.5\nc,b,,,0.5\n", NULL, 0, 1.0);
	cr_assert_eq(f.r.n_rs, 2);
	cr_expect_eq(f.r.rs[0].provider, node(&f, "P"));
	cr_expect_eq(f.r.rs[1].provider, node(&f, "Q"));
	cr_expect(f.r.rs[1].total.assets == 9007199254740994.0, "assets %.17g",
	          f.r.rs[1].total.assets);
	cr_expect(f.r.rs[1].total.assets_share == 1.0);
	cr_expect(f.r.rs_reached);
	fx_free(&f);
}

Test(concentration, reverse_stress_counts_a_gain_from_the_sum_order_alone)
{
	/*
	 * Banks Y and Z hold 1 each, X holds 2^53; total (1 + 1) + 2^53 =
	 * 2^53 + 2.  Services y1 (Y), z0 (Z), x (X), z (Z); x needs P and,
	 * through failovers of 0.5 h (below every tolerance, 1 h), y1 and
	 * z0; z needs P and, so, x: a propagation lists y1 and z0 before x,
	 * and x before z.  y1 needs P, z0 needs Q.
	 * Step 1: P breaches y1, x, z: Y, X, Z in that order, (1 + 2^53) + 1
	 * = 2^53 (each + 1 a tie, rounded to the even 2^53); Q breaches z0:
	 * 1.  P, share 2^53 / (2^53 + 2) < 1.
	 * Step 2: {P, Q} breaches the same banks, but Z's first service is
	 * now z0, before x: Y, Z, X, (1 + 1) + 2^53 = 2^53 + 2, share 1.
	 * The definition counts that as a gain; a search that skipped Q as
	 * adding no bank would stop short at step 1.
	 */
	struct fx f;
	fx_run(&f,
	       "id,name,type,total_assets\nY,Bank Y,bank,1\nZ,Bank Z,bank,1\n"
	       "X,Bank X,bank,9007199254740992\n",
	       SERV_HDR "y1,Y,A,payments,1,0\nz0,Z,B,payments,1,0\n"
	                "x,X,C,payments,1,0\nz,Z,D,payments,1,0\n",
	       PROV_HDR "P,P,software,\nQ,Q,software,\n", NULL,
	       DEPS_HDR "y1,P,,,\nx,P,,,\nz,P,,,\nz0,Q,,,\n"
	                "x,y1,,,0.5\nx,z0,,,0.5\nz,x,,,0.5\n",
	       NULL, 0, 1.0);
	cr_assert_eq(f.r.n_rs, 2);
	cr_expect_eq(f.r.rs[0].provider, node(&f, "P"));
	cr_expect(f.r.rs[0].total.assets == 9007199254740992.0, "assets %.17g",
	          f.r.rs[0].total.assets);
	cr_expect_eq(f.r.rs[1].provider, node(&f, "Q"));
	cr_expect_eq(f.r.rs[1].total.institutions, 3);
	cr_expect_eq(f.r.rs[1].total.services, 4);
	cr_expect(f.r.rs[1].total.assets == 9007199254740994.0, "assets %.17g",
	          f.r.rs[1].total.assets);
	cr_expect(f.r.rs_reached);
	fx_free(&f);
}

Test(concentration, reverse_stress_on_a_cycle_sums_as_propagated)
{
	/*
	 * Banks X 2^53, A 2, B 1 (total, in file order, (2^53 + 2) + 1 =
	 * 2^53 + 4, a tie rounded to even).  Services x (X), a (A), b (B):
	 * x needs P; b needs x and a; a needs b and Q: a and b are a cycle,
	 * after x.
	 * P alone raises x, then b (from x), then a (from b): X, B, A,
	 * (2^53 + 1) + 2 = 2^53 + 2.  Q alone: a, b: 3.  Step 1: P.
	 * {P, Q}: x first (lower rank); then a and b are both queued (a by
	 * Q, b by x) and a, first by node, is raised first: X, A, B,
	 * (2^53 + 2) + 1 = 2^53 + 4 (a tie, to even).  The same banks, a
	 * larger sum: the definition picks Q at step 2 and reaches share 1.
	 */
	struct fx f;
	fx_run(&f,
	       "id,name,type,total_assets\nX,Bank X,bank,9007199254740992\n"
	       "A,Bank A,bank,2\nB,Bank B,bank,1\n",
	       SERV_HDR "x,X,C,payments,1,0\na,A,A,payments,1,0\nb,B,B,payments,1,0\n",
	       PROV_HDR "P,P,software,\nQ,Q,software,\n", NULL,
	       DEPS_HDR "x,P,,,\nb,x,,,\nb,a,,,\na,b,,,\na,Q,,,\n", NULL, 0, 1.0);
	cr_assert_eq(f.r.n_rs, 2);
	cr_expect_eq(f.r.rs[0].provider, node(&f, "P"));
	cr_expect(f.r.rs[0].total.assets == 9007199254740994.0, "assets %.17g",
	          f.r.rs[0].total.assets);
	cr_expect_eq(f.r.rs[1].provider, node(&f, "Q"));
	cr_expect(f.r.rs[1].total.assets == 9007199254740996.0, "assets %.17g",
	          f.r.rs[1].total.assets);
	cr_expect(f.r.rs[1].total.assets_share == 1.0);
	fx_free(&f);
}

/*
 * The greedy reverse stress test by its definition, nothing pruned: at
 * each step every provider not yet picked is propagated afresh with the
 * picked ones (roots in the order picked, then the candidate), and the
 * breach counted in the order of s->touched, as tally does; the best
 * has the most assets, then institutions, then services, then comes
 * first.  Returns the steps; *reached as rs_reached.
 */
static size_t naive_reverse_stress(const struct dataset *ds, const struct engine *e,
                                   const struct conc_result *r, double target,
                                   struct conc_rs_step *out, int *reached)
{
	const uint32_t n = e->n_nodes, np = r->n_prov;
	struct engine_scratch *s = engine_scratch_new(e);
	uint32_t *roots = xcalloc((size_t)np + 1, sizeof *roots);
	double *dur = xcalloc((size_t)np + 1, sizeof *dur);
	uint8_t *in = xcalloc((size_t)np + 1, 1), *seen = xcalloc(n, 1);
	for (uint32_t i = 0; i <= np; i++)
		dur[i] = INFINITY;
	size_t k = 0;
	double share = 0;
	while (share < target && k < np) {
		uint32_t best = UINT32_MAX;
		struct conc_outcome bo = {0};
		for (uint32_t i = 0; i < np; i++) {
			if (in[i])
				continue;
			roots[k] = r->prov[i].node;
			engine_propagate(e, s, roots, dur, k + 1);
			struct conc_outcome o = {0};
			memset(seen, 0, n);
			for (uint32_t t = 0; t < s->n_touched; t++) {
				uint32_t v = s->touched[t];
				if (!e->is_service[v] || !(s->down[v] > e->tolerance[v]))
					continue;
				uint32_t inst = ds->nodes[v].institution;
				o.services++;
				if (!seen[inst]) {
					seen[inst] = 1;
					o.institutions++;
					o.systemic += ds->nodes[inst].systemic ? 1u : 0u;
					o.assets += ds->nodes[inst].total_assets;
				}
			}
			engine_scratch_reset(s);
			o.assets_share =
			    ds->total_assets > 0 ? o.assets / ds->total_assets : 0.0;
			if (best == UINT32_MAX || o.assets > bo.assets ||
			    (o.assets == bo.assets &&
			     (o.institutions > bo.institutions ||
			      (o.institutions == bo.institutions &&
			       o.services > bo.services)))) {
				best = i;
				bo = o;
			}
		}
		if (best == UINT32_MAX || !(bo.assets_share > share))
			break;
		in[best] = 1;
		roots[k] = r->prov[best].node;
		out[k] = (struct conc_rs_step){r->prov[best].node, bo.assets_share - share,
		                               bo};
		share = bo.assets_share;
		k++;
	}
	*reached = share >= target;
	free(roots);
	free(dur);
	free(in);
	free(seen);
	engine_scratch_free(s);
	return k;
}

Test(concentration, reverse_stress_matches_the_definition_on_random_graphs)
{
	/* Larger graphs than the cut-set check (more steps), assets with
	 * ties and with sums that round by order; every figure to the bit. */
	static const double targets[] = {0.3, 0.6, 0.9, 0.999, 1.0};
	const size_t nt = sizeof targets / sizeof targets[0];
	int cyclic_seen = 0, long_seen = 0, stall_seen = 0;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		char *inst, *serv, *vend, *deps;
		uint32_t scale = 1 + (uint32_t)(seed % 4);
		enum assets_mode am = (enum assets_mode)(seed / 4 % 3);
		random_dataset_sized(seed, scale, am, &inst, &serv, &vend, &deps);
		for (size_t t = 0; t < nt; t++) {
			struct fx f;
			fx_run(&f, inst, serv, vend, NULL, deps, NULL, 0, targets[t]);
			struct conc_rs_step *want =
			    xcalloc((size_t)f.r.n_prov + 1, sizeof *want);
			int reached;
			size_t n = naive_reverse_stress(&f.ds, &f.e, &f.r, targets[t], want,
			                                &reached);
			cr_assert_eq(f.r.n_rs, n, "seed %llu target %g: %zu steps, by "
			             "definition %zu", (unsigned long long)seed,
			             targets[t], f.r.n_rs, n);
			cr_expect_eq(f.r.rs_reached, reached, "seed %llu",
			             (unsigned long long)seed);
			for (size_t k = 0; k < n; k++) {
				const struct conc_rs_step *g = &f.r.rs[k], *x = &want[k];
				cr_assert_eq(g->provider, x->provider,
				             "seed %llu target %g step %zu: %s, by "
				             "definition %s", (unsigned long long)seed,
				             targets[t], k + 1, f.ds.nodes[g->provider].id,
				             f.ds.nodes[x->provider].id);
				cr_expect_eq(g->total.services, x->total.services);
				cr_expect_eq(g->total.institutions, x->total.institutions);
				cr_expect_eq(g->total.systemic, x->total.systemic);
				cr_expect(g->total.assets == x->total.assets &&
				              g->total.assets_share == x->total.assets_share &&
				              g->gain == x->gain,
				          "seed %llu target %g step %zu: assets %.17g, by "
				          "definition %.17g", (unsigned long long)seed,
				          targets[t], k + 1, g->total.assets,
				          x->total.assets);
			}
			long_seen |= n >= 4;
			stall_seen |= !reached && n > 0;
			for (uint32_t v = 0; v < f.e.n_nodes; v++)
				cyclic_seen |= f.e.is_service[v] && f.e.cyclic[v] && n > 1;
			free(want);
			fx_free(&f);
		}
		free(inst);
		free(serv);
		free(vend);
		free(deps);
	}
	cr_expect(cyclic_seen, "no random graph had a service cycle and two steps");
	cr_expect(long_seen, "no random graph needed four steps");
	cr_expect(stall_seen, "no random graph stalled after a step");
}

/* ---- writers ---------------------------------------------------------- */

static char *slurp(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	FILE *fp = fopen(p, "rb");
	free(p);
	if (!fp)
		return NULL;
	char *buf = xcalloc(1 << 20, 1);
	size_t n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

Test(concentration, writers_produce_every_file)
{
	static const double grid[] = {2, INFINITY};
	struct fx f;
	fx_run(&f, FR_INST, FR_SERV, FR_VEND, FR_CLOUD, FR_DEPS, grid, 2, 0.5);
	char *dir = tmpdata_dir();
	char err[256] = "";
	cr_assert_eq(report_analyze(dir, &f.ds, &f.r, "fixture", 10, 1, err, sizeof err), 0,
	             "%s", err);
	const char *files[] = {
	    "concentration.csv",    "reach.csv",   "reach_by_type.csv",  "breach_curve.csv",
	    "spof.csv",             "false_redundancy.csv", "cutsets.csv",
	    "reverse_stress.csv",   "summary.json", "summary.txt"};
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		char *t = slurp(dir, files[k]);
		cr_assert(t, "%s missing", files[k]);
		cr_expect(strlen(t) > 0, "%s empty", files[k]);
		cr_expect(!strstr(t, "e+") && !strstr(t, "e-0"), "%s: exponent notation",
		          files[k]);
		free(t);
	}
	/* spof.csv: pay's single points of failure, nearest first:
	 * z1 at depth 2 (down inf), r at 3, c at 4 */
	char *spof = slurp(dir, "spof.csv");
	cr_expect(strstr(spof, "pay,A,z1,zone,2,inf,2\npay,A,r,region,3,inf,2\n"
	                       "pay,A,c,provider,4,inf,2\n"),
	          "%s", spof);
	free(spof);
	/* breach_curve.csv: z1 down 2 h does not breach a 2 h tolerance */
	char *curve = slurp(dir, "breach_curve.csv");
	cr_expect(strstr(curve, "z1,zone,2,0,0,0,0\nz1,zone,inf,1,1,0,1\n"), "%s", curve);
	free(curve);
	/* concentration.csv: the processors' market by services: pa {pay,
	 * good} 2, pb {pay} 1, pc {good} 1 -> 0.5 .25 .25 -> 3750 */
	char *conc = slurp(dir, "concentration.csv");
	cr_expect(
	    strstr(conc, "vendor,payment_processor,services,3,3,4,3750,1,pa,0.5,high\n"),
	    "%s", conc);
	free(conc);
	/*
	 * summary.json is written piecewise (its long arrays streamed); it
	 * must be exactly what jansson writes for the whole document: parse
	 * it and dump it again with the same flags (numbers carry at most 10
	 * significant digits, so they read back and print the same).
	 */
	char *js = slurp(dir, "summary.json");
	json_error_t jerr;
	json_t *doc = json_loads(js, 0, &jerr);
	cr_assert_not_null(doc, "summary.json: %s at line %d", jerr.text, jerr.line);
	char *again = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	size_t n = strlen(again);
	cr_expect(strncmp(js, again, n) == 0 && strcmp(js + n, "\n") == 0,
	          "summary.json differs from jansson's dump of it");
	cr_expect_eq(json_array_size(json_object_get(doc, "providers")), f.r.n_prov);
	cr_expect_eq(json_array_size(json_object_get(doc, "spof")), f.r.n_spof);
	cr_expect_eq(json_array_size(json_object_get(doc, "false_redundancy")), f.r.n_fr);
	cr_expect_eq(json_array_size(json_object_get(json_object_get(doc, "cutsets"), "pairs")),
	             f.r.n_cut);
	free(again);
	json_decref(doc);
	free(js);
	/* Without the reverse stress test, an old reverse_stress.csv goes. */
	conc_result_free(&f.r);
	struct conc_options o = {grid, 2, 0, 0, 1};
	cr_assert_eq(conc_analyze(&f.ds, &f.e, &o, &f.r, err, sizeof err), 0);
	cr_assert_eq(report_analyze(dir, &f.ds, &f.r, "fixture", 10, 1, err, sizeof err), 0);
	char *rs = slurp(dir, "reverse_stress.csv");
	cr_expect_null(rs, "a stale reverse_stress.csv was left");
	free(rs);
	tmpdata_rm(dir);
	fx_free(&f);
}
