/*
 * test_ctpp.c - the step-1 sub-criteria of Delegated Regulation (EU)
 * 2024/1502 per provider group (sim/ctpp.c) on tests/data/ctpp, worked
 * out by hand:
 *
 * credit_institution: b1 500 (systemic), b2 300, b3 150, b4 50: 4, 1000
 * insurance_undertaking: i1 200, i2 800: 2, 1000
 * building_society (no category of Article 2(1) DORA): o1 100 (systemic)
 *
 * group G = {v1, v2} serves b1 (v1 and v2), b2 and i1 (v2):
 *   credit 2/4 = 0.5, assets 800/1000 = 0.8: both > 0.1, met
 *   insurance 1/2 = 0.5, assets 200/1000 = 0.2: met; Article 2: yes
 *   one systemic credit institution: G-SII or O-SII unknown, 2.1 unknown
 *   no other systemic entity: 2.2 no; so step 1 no
 * v3 (own group) serves b3, b4, i2:
 *   credit 2/4 = 0.5, 200/1000 = 0.2 met; insurance 1/2, 800/1000 met
 *   no systemic entity: 2.1 no, 2.2 no, step 1 no
 * v4 (own group) serves b4 and o1:
 *   credit 1/4 = 0.25 but 50/1000 = 0.05: not met
 *   building_society 1/1, 100/100: above, but unmapped: Article 2 unknown
 *   o1 systemic of an unmapped type: 2.1 and 2.2 unknown; step 1 unknown
 *
 * Group concentration of the core_banking market (concentration_groups.csv):
 * services relying on v1 1 (s-b1), v2 3 (s-b1, s-b2, s-i1), v3 3, v4 2;
 * on G 3, not 4: s-b1 counts once.  W = 3 + 3 + 2 = 8, shares 3/8, 3/8,
 * 2/8: HHI = 10000 (9 + 9 + 4) / 64 = 3437.5, top G (first of the tie).
 * Assets: G 500 + 300 + 200 = 1000, v3 150 + 50 + 800 = 1000, v4 50 +
 * 100 = 150, W = 2150: HHI = 10000 (2 * 1000^2 + 150^2) / 2150^2.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "sim/concentration.h"
#include "sim/ctpp.h"
#include "sim/engine.h"

#define EPS 1e-12

static struct dataset ds;
static struct engine e;
static struct conc_result r;
static struct ctpp_result c;

static void setup(void)
{
	struct diag d;
	diag_init(&d);
	int missing = 0;
	cr_assert_eq(dataset_load(&ds, TEST_DATA "/ctpp", &d, &missing), 0);
	diag_free(&d);
	char err[256] = "";
	cr_assert_eq(engine_compile(&e, &ds, err, sizeof err), 0, "%s", err);
	double grid[] = {24};
	struct conc_options o = {grid, 1, 0, 0, 1};
	cr_assert_eq(conc_analyze(&ds, &e, &o, &r, err, sizeof err), 0, "%s", err);
	ctpp_compute(&ds, &r, &c);
}

static void teardown(void)
{
	ctpp_result_free(&c);
	conc_result_free(&r);
	engine_free(&e);
	dataset_free(&ds);
}

static const struct ctpp_group *grp(const char *name)
{
	for (uint32_t i = 0; i < c.n_groups; i++)
		if (strcmp(c.groups[i].group, name) == 0)
			return &c.groups[i];
	cr_assert_fail("no group %s", name);
	return NULL;
}

static const struct ctpp_cat *cat(const struct ctpp_group *g, const char *type)
{
	for (uint32_t k = 0; k < g->n_cats; k++)
		if (strcmp(r.types[g->cats[k].type], type) == 0)
			return &g->cats[k];
	cr_assert_fail("group %s serves no %s", g->group, type);
	return NULL;
}

TestSuite(ctpp, .init = setup, .fini = teardown);

Test(ctpp, groups_from_the_group_column)
{
	cr_assert_eq(c.n_groups, 3); /* G, v3, v4 */
	cr_assert_eq(grp("G")->n_providers, 2);
	cr_assert_eq(grp("v3")->n_providers, 1);
	cr_assert_str_eq(ds.nodes[dataset_find(&ds, "v4")].group, "v4");
}

Test(ctpp, article2_shares_of_the_group)
{
	const struct ctpp_group *g = grp("G");
	const struct ctpp_cat *k = cat(g, "credit_institution");
	cr_assert_eq(k->institutions, 2);
	cr_assert_float_eq(k->inst_share, 0.5, EPS);
	cr_assert_float_eq(k->assets_share, 0.8, EPS);
	cr_assert_eq(k->met, CTPP_YES);
	k = cat(g, "insurance_undertaking");
	cr_assert_float_eq(k->inst_share, 0.5, EPS);
	cr_assert_float_eq(k->assets_share, 0.2, EPS);
	cr_assert_eq(g->art2, CTPP_YES);
	k = cat(grp("v4"), "credit_institution");
	cr_assert_float_eq(k->inst_share, 0.25, EPS);
	cr_assert_float_eq(k->assets_share, 0.05, EPS);
	cr_assert_eq(k->met, CTPP_NO);
	cr_assert_eq(cat(grp("v4"), "building_society")->mapped, 0);
	cr_assert_eq(grp("v4")->art2, CTPP_UNKNOWN);
}

Test(ctpp, article3_systemic_customers)
{
	const struct ctpp_group *g = grp("G");
	cr_assert_eq(g->systemic_credit, 1);
	cr_assert_eq(g->art3_21, CTPP_UNKNOWN);
	cr_assert_eq(g->art3_22, CTPP_NO);
	cr_assert_eq(grp("v3")->art3_21, CTPP_NO);
	cr_assert_eq(grp("v4")->systemic_unmapped, 1);
	cr_assert_eq(grp("v4")->art3_21, CTPP_UNKNOWN);
	cr_assert_eq(grp("v4")->art3_22, CTPP_UNKNOWN);
}

Test(ctpp, step1_needs_every_sub_criterion)
{
	cr_assert_eq(grp("G")->art5, CTPP_UNKNOWN);
	cr_assert_eq(grp("G")->step1, CTPP_NO);
	cr_assert_eq(grp("v3")->step1, CTPP_NO);
	cr_assert_eq(grp("v4")->step1, CTPP_UNKNOWN);
}

Test(ctpp, market_concentration_of_the_groups)
{
	cr_assert_eq(r.n_markets, 1);
	const struct conc_market *mk = &r.markets[0];
	cr_assert_eq(mk->n_members, 4);
	cr_assert_eq(mk->n_groups, 3);
	cr_assert_float_eq(mk->idx[CONC_W_SERVICES].total, 9, EPS);
	cr_assert_float_eq(mk->gidx[CONC_W_SERVICES].total, 8, EPS);
	cr_assert_float_eq(mk->gidx[CONC_W_SERVICES].hhi, 3437.5, 1e-9);
	cr_assert_str_eq(mk->top_group[CONC_W_SERVICES], "G");
	double hhi = 10000.0 * (2 * 1000.0 * 1000.0 + 150.0 * 150.0) / (2150.0 * 2150.0);
	cr_assert_float_eq(mk->gidx[CONC_W_ASSETS].hhi, hhi, 1e-9);
	cr_assert_float_eq(mk->gidx[CONC_W_ASSETS].top_share, 1000.0 / 2150.0, EPS);
}

/* A provider a variant adds has a group too: its own id, or the one given. */
Test(ctpp, added_provider_gets_a_group)
{
	struct diag d;
	diag_init(&d);
	struct node v;
	memset(&v, 0, sizeof v);
	v.id = "v5";
	v.kind = NODE_VENDOR;
	v.parent = NODE_NONE;
	uint32_t at = dataset_add_provider(&ds, &v, &d);
	cr_assert_neq(at, NODE_NONE);
	cr_assert_str_eq(ds.nodes[at].group, "v5");
	v.id = "v6";
	v.group = "G";
	at = dataset_add_provider(&ds, &v, &d);
	cr_assert_str_eq(ds.nodes[at].group, "G");
	diag_free(&d);
}
