/*
 * ctpp.c - the "step 1" sub-criteria of Delegated Regulation (EU)
 * 2024/1502 per provider group, from the data set and the institution
 * types that the concentration analysis numbered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/ctpp.h"

/* The names `import` gives to the categories of Article 2(1) of
 * Regulation (EU) 2022/2554, with the point of that article; "other
 * financial entity" is no category of it and stays unmapped. */
static const struct {
	const char *name;
	char point;
} categories[] = {
    {"credit_institution", 'a'},
    {"csd", 'g'},
    {"ccp", 'h'},
    {"trading_venue", 'i'},
    {"trade_repository", 'j'},
    {"investment_firm", 'o'},
    {"asset_management_company", 'o'},
    {"payment_institution", 'o'},
    {"account_information_provider", 'o'},
    {"e_money_institution", 'o'},
    {"crypto_asset_service_provider", 'o'},
    {"aifm", 'o'},
    {"data_reporting_service_provider", 'o'},
    {"insurance_undertaking", 'o'},
    {"art_issuer", 'o'},
    {"iorp", 'o'},
    {"credit_rating_agency", 'o'},
    {"critical_benchmark_administrator", 'o'},
    {"crowdfunding_service_provider", 'o'},
    {"securitisation_repository", 'o'},
    {"insurance_intermediary", 'o'},
};

char ctpp_category(const char *type)
{
	for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
		if (strcmp(type, categories[i].name) == 0)
			return categories[i].point;
	return 0;
}

const char *ctpp_verdict_name(enum ctpp_verdict v)
{
	return v == CTPP_YES ? "yes" : v == CTPP_NO ? "no" : "unknown";
}

/* A provider and its group, for sorting by (group, node). */
struct prov_key {
	const char *group;
	uint32_t node;
};

static int cmp_prov_key(const void *a, const void *b)
{
	const struct prov_key *x = a, *y = b;
	int c = strcmp(x->group, y->group);
	return c ? c : (x->node > y->node) - (x->node < y->node);
}

/* A group and an institution it serves. */
struct served {
	uint32_t group, inst;
};

static int cmp_served(const void *a, const void *b)
{
	const struct served *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->inst > y->inst) - (x->inst < y->inst);
}

/* Categories in type order (the order of first appearance in the data set). */
static int cmp_cat(const void *a, const void *b)
{
	const struct ctpp_cat *x = a, *y = b;
	return (x->type > y->type) - (x->type < y->type);
}

/* Article 2(4): both shares above the threshold for one category.  A
 * category with no assets at all cannot settle the asset share. */
static enum ctpp_verdict cat_verdict(const struct ctpp_cat *c)
{
	if (!(c->inst_share > CTPP_SHARE_THRESHOLD))
		return CTPP_NO;
	if (c->assets_share < 0)
		return CTPP_UNKNOWN;
	return c->assets_share > CTPP_SHARE_THRESHOLD ? CTPP_YES : CTPP_NO;
}

/* Yes if one mapped category meets it; unknown if none does but one
 * could (an unknown verdict, or an unmapped type served: its entities
 * may belong to a category whose shares differ); no otherwise. */
static enum ctpp_verdict art2_verdict(const struct ctpp_group *g)
{
	int unsure = 0;
	for (uint32_t k = 0; k < g->n_cats; k++) {
		const struct ctpp_cat *c = &g->cats[k];
		if (!c->mapped)
			unsure = 1;
		else if (c->met == CTPP_YES)
			return CTPP_YES;
		else if (c->met == CTPP_UNKNOWN)
			unsure = 1;
	}
	return unsure ? CTPP_UNKNOWN : CTPP_NO;
}

/* Article 3(2): one G-SII, three O-SIIs, or one O-SII scoring above
 * 3 000.  The data set flags systemic institutions without telling a
 * G-SII from an O-SII or giving a score: three settle it, one or two do
 * not; a systemic entity of an unmapped type may be a credit institution. */
static enum ctpp_verdict art3_21_verdict(const struct ctpp_group *g)
{
	if (g->systemic_credit >= CTPP_SYSTEMIC_MIN)
		return CTPP_YES;
	if (g->systemic_credit > 0 || g->systemic_unmapped > 0)
		return CTPP_UNKNOWN;
	return CTPP_NO;
}

/* Article 3(3): one systemic entity of Article 2(1)(g)-(j) DORA, or three
 * systemic entities of other categories than credit institutions. */
static enum ctpp_verdict art3_22_verdict(const struct ctpp_group *g)
{
	if (g->systemic_gj > 0 || g->systemic_other >= CTPP_SYSTEMIC_MIN)
		return CTPP_YES;
	if (g->systemic_unmapped > 0)
		return CTPP_UNKNOWN;
	return CTPP_NO;
}

/* Article 1(1)(a): all step-1 sub-criteria; no as soon as one is not met. */
static enum ctpp_verdict all_of(const enum ctpp_verdict *v, size_t n)
{
	enum ctpp_verdict out = CTPP_YES;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == CTPP_NO)
			return CTPP_NO;
		if (v[i] == CTPP_UNKNOWN)
			out = CTPP_UNKNOWN;
	}
	return out;
}

/* Tally the institutions sv[a, b) that group g serves (ascending, distinct). */
static void assess_group(const struct dataset *ds, const struct conc_result *r,
                         const struct served *sv, size_t a, size_t b,
                         const uint32_t *inst_type, uint32_t *tcount, double *tassets,
                         struct ctpp_group *g)
{
	uint32_t i0 = ds->first_kind[NODE_INSTITUTION];
	for (size_t k = a; k < b; k++) {
		const struct node *v = &ds->nodes[sv[k].inst];
		uint32_t t = inst_type[sv[k].inst - i0];
		tcount[t]++;
		tassets[t] += v->total_assets;
		if (!v->systemic)
			continue;
		char cat = ctpp_category(v->type);
		if (cat == 'a')
			g->systemic_credit++;
		else if (cat >= 'g' && cat <= 'j')
			g->systemic_gj++;
		else if (cat)
			g->systemic_other++;
		else
			g->systemic_unmapped++;
	}
	size_t alloc = 0;
	for (size_t k = a; k < b; k++) {
		uint32_t t = inst_type[sv[k].inst - i0];
		if (!tcount[t])
			continue; /* already recorded */
		ALLOC_GROW(g->cats, g->n_cats + 1, alloc);
		struct ctpp_cat *c = &g->cats[g->n_cats++];
		c->type = t;
		c->mapped = ctpp_category(r->types[t]) != 0;
		c->institutions = tcount[t];
		c->assets = tassets[t];
		c->inst_share = (double)tcount[t] / r->type_count[t];
		c->assets_share =
		    r->type_assets[t] > 0 ? tassets[t] / r->type_assets[t] : -1;
		c->met = cat_verdict(c);
		tcount[t] = 0;
		tassets[t] = 0;
	}
	if (g->n_cats > 1)
		qsort(g->cats, g->n_cats, sizeof *g->cats, cmp_cat);
	g->art2 = art2_verdict(g);
	g->art3_21 = art3_21_verdict(g);
	g->art3_22 = art3_22_verdict(g);
	g->art5 = CTPP_UNKNOWN;
	enum ctpp_verdict all[] = {g->art2, g->art3_21, g->art3_22, g->art5};
	g->step1 = all_of(all, sizeof all / sizeof all[0]);
}

void ctpp_compute(const struct dataset *ds, const struct conc_result *r,
                  struct ctpp_result *out)
{
	memset(out, 0, sizeof *out);
	uint32_t nv = ds->n_kind[NODE_VENDOR] + ds->n_kind[NODE_CLOUD];
	uint32_t ni = ds->n_kind[NODE_INSTITUTION];
	struct prov_key *pk = xcalloc((size_t)nv + 1, sizeof *pk);
	uint32_t *gid = xcalloc((size_t)ds->n_nodes + 1, sizeof *gid);
	uint32_t *inst_type = xcalloc((size_t)ni + 1, sizeof *inst_type);
	const char **types = xcalloc((size_t)ni + 1, sizeof *types);
	uint32_t *tcount = xcalloc((size_t)r->n_types + 1, sizeof *tcount);
	double *tassets = xcalloc((size_t)r->n_types + 1, sizeof *tassets);
	struct served *sv = NULL;
	size_t n_sv = 0, sv_alloc = 0, alloc = 0;
	/* the same numbering as r->types: first appearance */
	dataset_number_types(ds, NODE_INSTITUTION, inst_type, types);

	/* number the groups in name order */
	uint32_t n = 0;
	for (uint32_t v = 0; v < ds->n_nodes; v++)
		if (node_is_provider(&ds->nodes[v]))
			pk[n++] = (struct prov_key){ds->nodes[v].group, v};
	qsort(pk, n, sizeof *pk, cmp_prov_key);
	for (uint32_t k = 0; k < n; k++) {
		if (k == 0 || strcmp(pk[k].group, pk[k - 1].group) != 0) {
			ALLOC_GROW(out->groups, out->n_groups + 1, alloc);
			struct ctpp_group *g = &out->groups[out->n_groups++];
			memset(g, 0, sizeof *g);
			g->group = pk[k].group;
		}
		out->groups[out->n_groups - 1].n_providers++;
		gid[pk[k].node] = out->n_groups - 1;
	}

	/* (group, institution) of every service-to-provider edge, distinct */
	for (uint32_t e = 0; e < ds->n_deps; e++) {
		const struct dep *d = &ds->deps[e];
		if (d->is_parent || !node_is_provider(&ds->nodes[d->to]) ||
		    ds->nodes[d->from].kind != NODE_SERVICE)
			continue;
		ALLOC_GROW(sv, n_sv + 1, sv_alloc);
		sv[n_sv++] = (struct served){gid[d->to], ds->nodes[d->from].institution};
	}
	if (n_sv)
		qsort(sv, n_sv, sizeof *sv, cmp_served);
	size_t m = 0;
	for (size_t k = 0; k < n_sv; k++)
		if (m == 0 || sv[k].group != sv[m - 1].group ||
		    sv[k].inst != sv[m - 1].inst)
			sv[m++] = sv[k];

	for (size_t a = 0, b = 0; b <= m; b++) {
		if (b < m && sv[b].group == sv[a].group)
			continue;
		if (b > a)
			assess_group(ds, r, sv, a, b, inst_type, tcount, tassets,
			             &out->groups[sv[a].group]);
		a = b;
	}
	/* groups that serve nobody: verdicts on nothing */
	for (uint32_t i = 0; i < out->n_groups; i++)
		if (!out->groups[i].n_cats)
			assess_group(ds, r, sv, 0, 0, inst_type, tcount, tassets,
			             &out->groups[i]);
	free(pk);
	free(gid);
	free(inst_type);
	free(types);
	free(tcount);
	free(tassets);
	free(sv);
}
void ctpp_result_free(struct ctpp_result *out)
{
	for (uint32_t i = 0; i < out->n_groups; i++)
		free(out->groups[i].cats);
	free(out->groups);
	memset(out, 0, sizeof *out);
}
