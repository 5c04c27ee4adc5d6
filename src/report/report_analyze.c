/*
 * report_analyze.c - CSV, JSON and text outputs of `analyze`
 * (chokepoint-report(5)).  The figures come from concentration.c; this
 * file only lays them out.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report_analyze.h"
#include "sim/ctpp.h"
#include "report/report_ctpp.h"

/* Decimals: shares and assets 6, HHI 2, hours 4. */
#define P_SHARE 6
#define P_HHI 2
#define P_HOURS 4

struct wargs {
	const struct dataset *ds;
	const struct conc_result *r;
	const char *data_dir;
	unsigned top;
	const struct ctpp_result *ctpp;
	json_t *json;
	int *json_failed; /* set by write_json when jansson cannot encode */
	int threads;      /* the long outputs are formatted on these (emit_items) */
};

static const char *id_of(const struct dataset *ds, uint32_t v)
{
	return v == NODE_NONE ? "" : ds->nodes[v].id;
}

/* ---- CSV -------------------------------------------------------------- */

/*
 * One row per market and weighting: concentration.csv with providers as
 * the participants of each market, or, with 'groups', concentration_groups.csv
 * with provider groups (same columns but n_groups and top_group).
 */
static void write_markets(FILE *fp, const struct wargs *w, int groups)
{
	const struct conc_result *r = w->r;
	fputs(groups ? "provider_kind,market,weighting,n_groups,n_active,total_weight,hhi,"
	               "cr3,top_group,top_share,class\n"
	             : "provider_kind,market,weighting,n_providers,n_active,total_weight,"
	               "hhi,cr3,top_provider,top_share,class\n",
	      fp);
	for (uint32_t m = 0; m < r->n_markets; m++) {
		const struct conc_market *mk = &r->markets[m];
		for (int k = 0; k < CONC_W_COUNT; k++) {
			const struct conc_index *ix = groups ? &mk->gidx[k] : &mk->idx[k];
			fputs(node_kind_name(mk->kind), fp);
			emit_sep_str(fp, mk->type);
			emit_sep_str(fp, conc_weight_name((enum conc_weight)k));
			emit_sep_uint(fp, groups ? mk->n_groups : mk->n_members);
			emit_sep_uint(fp, ix->n_active);
			emit_sep_num(fp, ix->total, P_SHARE);
			if (ix->cls == CONC_CLASS_NONE) {
				fputs(",,,,", fp);
			} else {
				emit_sep_num(fp, ix->hhi, P_HHI);
				emit_sep_num(fp, ix->cr3, P_SHARE);
				emit_sep_str(fp, !groups            ? id_of(w->ds, mk->top_node[k])
				                 : mk->top_group[k] ? mk->top_group[k]
				                                    : "");
				emit_sep_num(fp, ix->top_share, P_SHARE);
			}
			emit_sep_str(fp, conc_class_name(ix->cls));
			fputc('\n', fp);
		}
	}
}

static void write_concentration(FILE *fp, const void *a)
{
	write_markets(fp, a, 0);
}

static void write_conc_groups(FILE *fp, const void *a)
{
	write_markets(fp, a, 1);
}

static void put_outcome_buf(struct emit_buf *b, const struct conc_outcome *o)
{
	eb_sep_uint(b, o->services);
	eb_sep_uint(b, o->institutions);
	eb_sep_num(b, o->assets_share, P_SHARE);
}

static double type_inst_share(const struct conc_result *r, const struct conc_type_share *ts)
{
	return r->type_count[ts->type] ? (double)ts->institutions / r->type_count[ts->type] : 0;
}

static double type_assets_share(const struct conc_result *r, const struct conc_type_share *ts)
{
	return r->type_assets[ts->type] > 0 ? ts->assets / r->type_assets[ts->type] : 0;
}

/* reach_by_type.csv's rows of provider i. */
static int reach_by_type_rows(struct emit_buf *b, const void *a, size_t i)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	const struct conc_provider *p = &r->prov[i];
	for (uint32_t k = 0; k < p->n_type_shares; k++) {
		const struct conc_type_share *ts = &p->type_shares[k];
		eb_csv(b, w->ds->nodes[p->node].id);
		eb_sep_str(b, r->types[ts->type]);
		eb_sep_uint(b, ts->institutions);
		eb_sep_num(b, type_inst_share(r, ts), P_SHARE);
		eb_sep_num(b, type_assets_share(r, ts), P_SHARE);
		eb_putc(b, '\n');
	}
	return 0;
}

/* reach_by_type.csv: the per-type shares in long form, types reached only. */
static void write_reach_by_type(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("provider,institution_type,institutions,institutions_share,assets_share\n", fp);
	emit_items(fp, r->n_prov, reach_by_type_rows, w, w->threads);
}

/* reach.csv's row of provider i. */
static int reach_row(struct emit_buf *b, const void *a, size_t i)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	const struct conc_provider *p = &r->prov[i];
	const struct node *v = &w->ds->nodes[p->node];
	uint32_t wide = r->n_types <= CONC_WIDE_TYPES ? r->n_types : 0;
	eb_csv(b, v->id);
	eb_sep_str(b, node_kind_name(v->kind));
	eb_sep_str(b, v->type);
	put_outcome_buf(b, &p->direct);
	put_outcome_buf(b, &p->exposed);
	eb_sep_uint(b, p->exposed.services - p->direct.services);
	eb_sep_uint(b, p->exposed.institutions - p->direct.institutions);
	eb_sep_num(b, p->exposed.assets_share - p->direct.assets_share, P_SHARE);
	eb_sep_uint(b, p->exposed.systemic);
	put_outcome_buf(b, &p->affected);
	put_outcome_buf(b, &p->breached);
	eb_sep_str(b, p->dora_type == UINT32_MAX ? "" : r->types[p->dora_type]);
	eb_sep_num(b, p->dora_max_share, P_SHARE);
	eb_sep_uint(b, (uint64_t)p->dora_flag);
	/* the sparse entries, in type order, fill the dense columns */
	uint32_t k = 0;
	for (uint32_t t = 0; t < wide; t++) {
		const struct conc_type_share *ts =
		    k < p->n_type_shares && p->type_shares[k].type == t ? &p->type_shares[k++]
		                                                        : NULL;
		eb_sep_num(b, ts ? type_inst_share(r, ts) : 0, P_SHARE);
		eb_sep_num(b, ts ? type_assets_share(r, ts) : 0, P_SHARE);
	}
	eb_putc(b, '\n');
	return 0;
}

static void write_reach(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs(
	    "provider,kind,type,direct_services,direct_institutions,direct_assets_share,"
	    "exposed_services,exposed_institutions,exposed_assets_share,"
	    "hidden_services,hidden_institutions,hidden_assets_share,exposed_systemic,"
	    "affected_services,affected_institutions,affected_assets_share,"
	    "breached_services,breached_institutions,breached_assets_share,"
	    "dora_type,dora_max_share,dora_flag",
	    fp);
	uint32_t wide = r->n_types <= CONC_WIDE_TYPES ? r->n_types : 0;
	for (uint32_t t = 0; t < wide; t++) {
		char *c1 = xasprintf("institutions_share_%s", r->types[t]);
		char *c2 = xasprintf("assets_share_%s", r->types[t]);
		emit_sep_str(fp, c1);
		emit_sep_str(fp, c2);
		free(c1);
		free(c2);
	}
	fputc('\n', fp);
	emit_items(fp, r->n_prov, reach_row, w, w->threads);
}

/* A share, or "unknown" when its denominator is 0 (Article 2(3)). */
static void put_share(FILE *fp, double share)
{
	if (share < 0)
		emit_sep_str(fp, "unknown");
	else
		emit_sep_num(fp, share, P_SHARE);
}

/* ctpp.csv: one row per provider group and category it serves (a group
 * that serves none has one row with an empty category). */
static void write_ctpp(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	fputs("group,providers,category,category_mapped,institutions,institutions_share,"
	      "assets,assets_share,category_met,art2_met,systemic_credit_institutions,"
	      "art3_2_1_met,systemic_other,art3_2_2_met,substitutability,art5_met,"
	      "step1_met\n",
	      fp);
	for (uint32_t i = 0; i < w->ctpp->n_groups; i++) {
		const struct ctpp_group *g = &w->ctpp->groups[i];
		for (uint32_t k = 0; k < (g->n_cats ? g->n_cats : 1); k++) {
			const struct ctpp_cat *c = g->n_cats ? &g->cats[k] : NULL;
			csv_put(fp, g->group);
			emit_sep_uint(fp, g->n_providers);
			if (c) {
				emit_sep_str(fp, w->r->types[c->type]);
				emit_sep_str(fp, c->mapped ? "yes" : "no");
				emit_sep_uint(fp, c->institutions);
				emit_sep_num(fp, c->inst_share, P_SHARE);
				emit_sep_num(fp, c->assets, P_SHARE);
				put_share(fp, c->assets_share);
				emit_sep_str(fp, ctpp_verdict_name(c->met));
			} else {
				fputs(",,,0,0,0,0,no", fp);
			}
			emit_sep_str(fp, ctpp_verdict_name(g->art2));
			emit_sep_uint(fp, g->systemic_credit);
			emit_sep_str(fp, ctpp_verdict_name(g->art3_21));
			emit_sep_uint(fp, g->systemic_gj + g->systemic_other + g->systemic_unmapped);
			emit_sep_str(fp, ctpp_verdict_name(g->art3_22));
			emit_sep_str(fp, "unknown");
			emit_sep_str(fp, ctpp_verdict_name(g->art5));
			emit_sep_str(fp, ctpp_verdict_name(g->step1));
			fputc('\n', fp);
		}
	}
}

/* breach_curve.csv's rows of provider i. */
static int curve_rows(struct emit_buf *b, const void *a, size_t i)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	const struct node *v = &w->ds->nodes[r->prov[i].node];
	for (size_t k = 0; k < r->n_durations; k++) {
		const struct conc_outcome *o = &r->curve[i * r->n_durations + k];
		eb_csv(b, v->id);
		eb_sep_str(b, v->type);
		eb_sep_num(b, r->durations[k], P_HOURS);
		eb_sep_uint(b, o->services);
		eb_sep_uint(b, o->institutions);
		eb_sep_uint(b, o->systemic);
		eb_sep_num(b, o->assets_share, P_SHARE);
		eb_putc(b, '\n');
	}
	return 0;
}

static void write_curve(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("provider,type,duration_hours,services_breached,institutions_breached,"
	      "systemic_breached,assets_share_breached\n",
	      fp);
	emit_items(fp, r->n_prov, curve_rows, w, w->threads);
}

/* spof.csv's row k. */
static int spof_row(struct emit_buf *b, const void *a, size_t k)
{
	const struct wargs *w = a;
	const struct dataset *ds = w->ds;
	const struct conc_spof *s = &w->r->spof[k];
	const struct node *sv = &ds->nodes[s->service];
	eb_csv(b, sv->id);
	eb_sep_str(b, ds->nodes[sv->institution].id);
	eb_sep_str(b, ds->nodes[s->provider].id);
	eb_sep_str(b, ds->nodes[s->provider].type);
	eb_sep_uint(b, s->depth);
	eb_sep_num(b, s->down, P_HOURS);
	eb_sep_num(b, sv->tolerance_hours, P_HOURS);
	eb_putc(b, '\n');
	return 0;
}

static void write_spof(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("service,institution,provider,provider_type,depth,downtime_hours,"
	      "tolerance_hours\n",
	      fp);
	emit_items(fp, r->n_spof, spof_row, w, w->threads);
}

/* false_redundancy.csv's row k. */
static int fr_row(struct emit_buf *b, const void *a, size_t k)
{
	const struct wargs *w = a;
	const struct dataset *ds = w->ds;
	const struct conc_false_red *f = &w->r->fr[k];
	const struct group *g = &ds->groups[f->group];
	const struct node *v = &ds->nodes[g->node];
	eb_csv(b, v->id);
	eb_sep_str(b, node_kind_name(v->kind));
	eb_sep_str(b, v->kind == NODE_SERVICE ? ds->nodes[v->institution].id : "");
	eb_sep_str(b, g->label);
	eb_sep_uint(b, g->min_up);
	eb_sep_uint(b, g->size);
	eb_sep_str(b, ds->nodes[f->provider].id);
	eb_sep_str(b, ds->nodes[f->provider].type);
	eb_sep_uint(b, f->members_down);
	eb_sep_num(b, f->group_down, P_HOURS);
	eb_putc(b, '\n');
	return 0;
}

static void write_fr(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("dependent,dependent_kind,institution,group,min_up,size,provider,provider_"
	      "type,"
	      "members_down,group_downtime_hours\n",
	      fp);
	emit_items(fp, r->n_fr, fr_row, w, w->threads);
}

/* cutsets.csv's row k. */
static int cut_row(struct emit_buf *b, const void *a, size_t k)
{
	const struct wargs *w = a;
	const struct conc_cutset *c = &w->r->cut[k];
	eb_csv(b, id_of(w->ds, c->a));
	eb_sep_str(b, id_of(w->ds, c->b));
	eb_sep_uint(b, c->broken.services);
	eb_sep_uint(b, c->broken.institutions);
	eb_sep_uint(b, c->broken.systemic);
	eb_sep_num(b, c->broken.assets_share, P_SHARE);
	eb_sep_str(b, id_of(w->ds, c->example));
	eb_putc(b, '\n');
	return 0;
}

static void write_cutsets(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("provider_a,provider_b,services,institutions,systemic,assets_share,"
	      "example_service\n",
	      fp);
	emit_items(fp, r->n_cut, cut_row, w, w->threads);
}

static void write_rs(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct conc_result *r = w->r;
	fputs("step,provider,provider_type,marginal_assets_share,cumulative_assets_share,"
	      "institutions_breached,services_breached,target_reached\n",
	      fp);
	for (size_t k = 0; k < r->n_rs; k++) {
		const struct conc_rs_step *s = &r->rs[k];
		fprintf(fp, "%zu", k + 1);
		emit_sep_str(fp, id_of(w->ds, s->provider));
		emit_sep_str(fp, w->ds->nodes[s->provider].type);
		emit_sep_num(fp, s->gain, P_SHARE);
		emit_sep_num(fp, s->total.assets_share, P_SHARE);
		emit_sep_uint(fp, s->total.institutions);
		emit_sep_uint(fp, s->total.services);
		emit_sep_uint(fp, s->total.assets_share >= r->rs_target);
		fputc('\n', fp);
	}
}

/* ---- JSON ------------------------------------------------------------- */

static void jset(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static json_t *outcome_json(const struct conc_outcome *o)
{
	json_t *j = json_object();
	jset(j, "services", emit_jint(o->services));
	jset(j, "institutions", emit_jint(o->institutions));
	jset(j, "systemic", emit_jint(o->systemic));
	jset(j, "assets", emit_jnum(o->assets));
	jset(j, "assets_share", emit_jnum(o->assets_share));
	return j;
}

static json_t *provider_json(const struct dataset *ds, const struct conc_result *r,
                             uint32_t i)
{
	const struct conc_provider *p = &r->prov[i];
	const struct node *v = &ds->nodes[p->node];
	json_t *j = json_object();
	jset(j, "provider", json_string(v->id));
	jset(j, "name", json_string(v->name));
	jset(j, "kind", json_string(node_kind_name(v->kind)));
	jset(j, "type", json_string(v->type));
	json_t *rel = json_object();
	for (int k = 0; k < CONC_W_COUNT; k++)
		jset(rel, conc_weight_name((enum conc_weight)k),
		     emit_jnum(p->reliance[k]));
	jset(j, "market_reliance", rel);
	jset(j, "direct", outcome_json(&p->direct));
	jset(j, "exposed", outcome_json(&p->exposed));
	json_t *h = json_object();
	jset(h, "services", emit_jint(p->exposed.services - p->direct.services));
	jset(h, "institutions",
	     emit_jint(p->exposed.institutions - p->direct.institutions));
	jset(h, "assets_share",
	     emit_jnum(p->exposed.assets_share - p->direct.assets_share));
	jset(j, "hidden", h);
	jset(j, "affected", outcome_json(&p->affected));
	jset(j, "breached", outcome_json(&p->breached));
	jset(j, "breached_24h", outcome_json(&p->breached_day));
	json_t *dora = json_object();
	jset(dora, "type",
	     p->dora_type == UINT32_MAX ? json_null()
	                                : json_string(r->types[p->dora_type]));
	jset(dora, "max_share", emit_jnum(p->dora_max_share));
	jset(dora, "flag", json_boolean(p->dora_flag));
	json_t *bt = json_array();
	for (uint32_t k = 0; k < p->n_type_shares; k++) {
		const struct conc_type_share *ts = &p->type_shares[k];
		json_t *o = json_object();
		jset(o, "type", json_string(r->types[ts->type]));
		jset(o, "institutions", emit_jint(ts->institutions));
		jset(o, "institutions_share", emit_jnum(type_inst_share(r, ts)));
		jset(o, "assets_share", emit_jnum(type_assets_share(r, ts)));
		json_array_append_new(bt, o);
	}
	jset(dora, "by_type", bt);
	jset(j, "dora", dora);
	json_t *sp = json_object();
	jset(sp, "services", emit_jint(p->spof_services));
	jset(sp, "nth_party_services", emit_jint(p->spof_nth_services));
	jset(sp, "institutions", emit_jint(p->spof_institutions));
	jset(j, "spof", sp);
	jset(j, "false_redundancy_groups", emit_jint(p->fr_groups));
	json_t *cv = json_array();
	for (size_t k = 0; k < r->n_durations; k++) {
		const struct conc_outcome *o = &r->curve[(size_t)i * r->n_durations + k];
		json_t *pt = outcome_json(o);
		jset(pt, "duration_hours", emit_jnum(r->durations[k]));
		json_array_append_new(cv, pt);
	}
	jset(j, "breach_curve", cv);
	return j;
}

/* Providers ranked for the summary: by institutions or by assets. */
struct rank {
	uint32_t i;
	double k1, k2, k3, k4;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	const double kx[4] = {x->k1, x->k2, x->k3, x->k4},
	             ky[4] = {y->k1, y->k2, y->k3, y->k4};
	for (int k = 0; k < 4; k++)
		if (kx[k] != ky[k])
			return kx[k] > ky[k] ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Ranked providers with something in breach; returns how many. */
static uint32_t rank_chokepoints(const struct conc_result *r, int by_assets,
                                 struct rank *out)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->n_prov; i++) {
		const struct conc_provider *p = &r->prov[i];
		if (p->breached.services == 0 && p->breached_day.services == 0)
			continue;
		struct rank k = {i, 0, 0, 0, 0};
		if (by_assets)
			k = (struct rank){
			    i, p->breached_day.assets_share, p->breached.assets_share,
			    p->breached_day.institutions, p->breached.institutions};
		else
			k = (struct rank){
			    i, p->breached_day.institutions, p->breached.institutions,
			    p->breached_day.assets_share, p->breached.assets_share};
		out[n++] = k;
	}
	qsort(out, n, sizeof *out, cmp_rank);
	return n;
}

static json_t *spof_json(const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_spof *s = &w->r->spof[k];
	json_t *o = json_object();
	jset(o, "service", json_string(ds->nodes[s->service].id));
	jset(o, "institution", json_string(ds->nodes[ds->nodes[s->service].institution].id));
	jset(o, "provider", json_string(ds->nodes[s->provider].id));
	jset(o, "depth", emit_jint(s->depth));
	jset(o, "downtime_hours", emit_jnum(s->down));
	return o;
}

static json_t *fr_json(const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_false_red *f = &w->r->fr[k];
	const struct group *g = &ds->groups[f->group];
	json_t *o = json_object();
	jset(o, "dependent", json_string(ds->nodes[g->node].id));
	jset(o, "dependent_kind", json_string(node_kind_name(ds->nodes[g->node].kind)));
	jset(o, "group", json_string(g->label));
	jset(o, "min_up", emit_jint(g->min_up));
	jset(o, "size", emit_jint(g->size));
	json_t *mem = json_array();
	for (uint32_t m = 0; m < g->size; m++)
		json_array_append_new(mem, json_string(ds->nodes[ds->deps[g->first_dep + m].to].id));
	jset(o, "members", mem);
	jset(o, "provider", json_string(ds->nodes[f->provider].id));
	jset(o, "members_down", emit_jint(f->members_down));
	jset(o, "group_downtime_hours", emit_jnum(f->group_down));
	return o;
}

static json_t *cut_json(const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_cutset *c = &w->r->cut[k];
	json_t *o = outcome_json(&c->broken);
	jset(o, "provider_a", json_string(id_of(ds, c->a)));
	jset(o, "provider_b", json_string(id_of(ds, c->b)));
	jset(o, "example_service", json_string(id_of(ds, c->example)));
	return o;
}

static json_t *prov_json(const struct wargs *w, size_t i)
{
	return provider_json(w->ds, w->r, (uint32_t)i);
}

/*
 * The elements of the streamed arrays written directly (emit_jw): the
 * bytes of the trees above, member for member in the same order, without
 * building them.  What jansson would encode otherwise (emit_jw.bad)
 * comes from the trees.
 */

/* outcome_json's members, in an open object. */
static void outcome_jw(struct emit_jw *j, const struct conc_outcome *o)
{
	jw_key(j, "services");
	jw_int(j, o->services);
	jw_key(j, "institutions");
	jw_int(j, o->institutions);
	jw_key(j, "systemic");
	jw_int(j, o->systemic);
	jw_key(j, "assets");
	jw_num(j, o->assets);
	jw_key(j, "assets_share");
	jw_num(j, o->assets_share);
}

/* outcome_json(o) as the value of member 'key'. */
static void outcome_member_jw(struct emit_jw *j, const char *key,
                              const struct conc_outcome *o)
{
	jw_key(j, key);
	jw_open(j, '{');
	outcome_jw(j, o);
	jw_close(j, '}');
}

/* provider_json. */
static void prov_jw(struct emit_jw *j, const struct wargs *w, size_t i)
{
	const struct conc_result *r = w->r;
	const struct conc_provider *p = &r->prov[i];
	const struct node *v = &w->ds->nodes[p->node];
	jw_open(j, '{');
	jw_key(j, "provider");
	jw_str(j, v->id);
	jw_key(j, "name");
	jw_str(j, v->name);
	jw_key(j, "kind");
	jw_str(j, node_kind_name(v->kind));
	jw_key(j, "type");
	jw_str(j, v->type);
	jw_key(j, "market_reliance");
	jw_open(j, '{');
	for (int k = 0; k < CONC_W_COUNT; k++) {
		jw_key(j, conc_weight_name((enum conc_weight)k));
		jw_num(j, p->reliance[k]);
	}
	jw_close(j, '}');
	outcome_member_jw(j, "direct", &p->direct);
	outcome_member_jw(j, "exposed", &p->exposed);
	jw_key(j, "hidden");
	jw_open(j, '{');
	jw_key(j, "services");
	jw_int(j, p->exposed.services - p->direct.services);
	jw_key(j, "institutions");
	jw_int(j, p->exposed.institutions - p->direct.institutions);
	jw_key(j, "assets_share");
	jw_num(j, p->exposed.assets_share - p->direct.assets_share);
	jw_close(j, '}');
	outcome_member_jw(j, "affected", &p->affected);
	outcome_member_jw(j, "breached", &p->breached);
	outcome_member_jw(j, "breached_24h", &p->breached_day);
	jw_key(j, "dora");
	jw_open(j, '{');
	jw_key(j, "type");
	if (p->dora_type == UINT32_MAX)
		jw_null(j);
	else
		jw_str(j, r->types[p->dora_type]);
	jw_key(j, "max_share");
	jw_num(j, p->dora_max_share);
	jw_key(j, "flag");
	jw_bool(j, p->dora_flag);
	jw_key(j, "by_type");
	jw_open(j, '[');
	for (uint32_t k = 0; k < p->n_type_shares; k++) {
		const struct conc_type_share *ts = &p->type_shares[k];
		jw_item(j);
		jw_open(j, '{');
		jw_key(j, "type");
		jw_str(j, r->types[ts->type]);
		jw_key(j, "institutions");
		jw_int(j, ts->institutions);
		jw_key(j, "institutions_share");
		jw_num(j, type_inst_share(r, ts));
		jw_key(j, "assets_share");
		jw_num(j, type_assets_share(r, ts));
		jw_close(j, '}');
	}
	jw_close(j, ']');
	jw_close(j, '}');
	jw_key(j, "spof");
	jw_open(j, '{');
	jw_key(j, "services");
	jw_int(j, p->spof_services);
	jw_key(j, "nth_party_services");
	jw_int(j, p->spof_nth_services);
	jw_key(j, "institutions");
	jw_int(j, p->spof_institutions);
	jw_close(j, '}');
	jw_key(j, "false_redundancy_groups");
	jw_int(j, p->fr_groups);
	jw_key(j, "breach_curve");
	jw_open(j, '[');
	for (size_t k = 0; k < r->n_durations; k++) {
		jw_item(j);
		jw_open(j, '{');
		outcome_jw(j, &r->curve[i * r->n_durations + k]);
		jw_key(j, "duration_hours");
		jw_num(j, r->durations[k]);
		jw_close(j, '}');
	}
	jw_close(j, ']');
	jw_close(j, '}');
}

/* spof_json. */
static void spof_jw(struct emit_jw *j, const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_spof *s = &w->r->spof[k];
	jw_open(j, '{');
	jw_key(j, "service");
	jw_str(j, ds->nodes[s->service].id);
	jw_key(j, "institution");
	jw_str(j, ds->nodes[ds->nodes[s->service].institution].id);
	jw_key(j, "provider");
	jw_str(j, ds->nodes[s->provider].id);
	jw_key(j, "depth");
	jw_int(j, s->depth);
	jw_key(j, "downtime_hours");
	jw_num(j, s->down);
	jw_close(j, '}');
}

/* fr_json. */
static void fr_jw(struct emit_jw *j, const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_false_red *f = &w->r->fr[k];
	const struct group *g = &ds->groups[f->group];
	jw_open(j, '{');
	jw_key(j, "dependent");
	jw_str(j, ds->nodes[g->node].id);
	jw_key(j, "dependent_kind");
	jw_str(j, node_kind_name(ds->nodes[g->node].kind));
	jw_key(j, "group");
	jw_str(j, g->label);
	jw_key(j, "min_up");
	jw_int(j, g->min_up);
	jw_key(j, "size");
	jw_int(j, g->size);
	jw_key(j, "members");
	jw_open(j, '[');
	for (uint32_t m = 0; m < g->size; m++) {
		jw_item(j);
		jw_str(j, ds->nodes[ds->deps[g->first_dep + m].to].id);
	}
	jw_close(j, ']');
	jw_key(j, "provider");
	jw_str(j, ds->nodes[f->provider].id);
	jw_key(j, "members_down");
	jw_int(j, f->members_down);
	jw_key(j, "group_downtime_hours");
	jw_num(j, f->group_down);
	jw_close(j, '}');
}

/* cut_json. */
static void cut_jw(struct emit_jw *j, const struct wargs *w, size_t k)
{
	const struct dataset *ds = w->ds;
	const struct conc_cutset *c = &w->r->cut[k];
	jw_open(j, '{');
	outcome_jw(j, &c->broken);
	jw_key(j, "provider_a");
	jw_str(j, id_of(ds, c->a));
	jw_key(j, "provider_b");
	jw_str(j, id_of(ds, c->b));
	jw_key(j, "example_service");
	jw_str(j, id_of(ds, c->example));
	jw_close(j, '}');
}

/*
 * The document without its long arrays (providers, spof,
 * false_redundancy, cutsets.pairs), which hold a placeholder null:
 * write_json streams them one element at a time (at EU scale they are
 * hundreds of MB of JSON, several GB as a jansson tree).
 */
static json_t *summary_json(const struct wargs *w)
{
	const struct dataset *ds = w->ds;
	const struct conc_result *r = w->r;
	json_t *root = json_object();
	jset(root, "program", json_string("chokepoint " PACKAGE_VERSION));

	uint32_t n_sys = 0;
	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++)
		n_sys +=
		    ds->nodes[ds->first_kind[NODE_INSTITUTION] + i].systemic ? 1u : 0u;
	json_t *jd = json_object();
	jset(jd, "dir", json_string(w->data_dir));
	jset(jd, "institutions", emit_jint(ds->n_kind[NODE_INSTITUTION]));
	jset(jd, "systemic_institutions", emit_jint(n_sys));
	jset(jd, "services", emit_jint(ds->n_kind[NODE_SERVICE]));
	jset(jd, "vendors", emit_jint(ds->n_kind[NODE_VENDOR]));
	jset(jd, "cloud_nodes", emit_jint(ds->n_kind[NODE_CLOUD]));
	jset(jd, "edges", emit_jint(ds->n_deps));
	jset(jd, "total_assets", emit_jnum(ds->total_assets));
	json_t *jt = json_array();
	for (uint32_t t = 0; t < r->n_types; t++) {
		json_t *o = json_object();
		jset(o, "type", json_string(r->types[t]));
		jset(o, "institutions", emit_jint(r->type_count[t]));
		jset(o, "total_assets", emit_jnum(r->type_assets[t]));
		json_array_append_new(jt, o);
	}
	jset(jd, "institution_types", jt);
	jset(root, "data", jd);

	json_t *jp = json_object();
	json_t *durs = json_array();
	for (size_t k = 0; k < r->n_durations; k++)
		json_array_append_new(durs, emit_jnum(r->durations[k]));
	jset(jp, "durations_hours", durs);
	jset(jp, "day_hours", emit_jnum(CONC_DAY_HOURS));
	jset(jp, "top", emit_jint(w->top));
	jset(jp, "reverse_stress_share",
	     r->rs_run ? emit_jnum(r->rs_target) : json_null());
	jset(jp, "hhi_moderate", emit_jnum(CONC_HHI_MODERATE));
	jset(jp, "hhi_high", emit_jnum(CONC_HHI_HIGH));
	jset(jp, "dora_share", emit_jnum(CONC_DORA_SHARE));
	jset(root, "parameters", jp);

	json_t *jc = json_array();
	for (uint32_t m = 0; m < r->n_markets; m++) {
		const struct conc_market *mk = &r->markets[m];
		for (int k = 0; k < CONC_W_COUNT; k++) {
			const struct conc_index *ix = &mk->idx[k];
			json_t *o = json_object();
			int none = ix->cls == CONC_CLASS_NONE;
			jset(o, "provider_kind", json_string(node_kind_name(mk->kind)));
			jset(o, "market", json_string(mk->type));
			jset(o, "weighting",
			     json_string(conc_weight_name((enum conc_weight)k)));
			jset(o, "n_providers", emit_jint(mk->n_members));
			jset(o, "n_active", emit_jint(ix->n_active));
			jset(o, "total_weight", emit_jnum(ix->total));
			jset(o, "hhi", none ? json_null() : emit_jnum(ix->hhi));
			jset(o, "cr3", none ? json_null() : emit_jnum(ix->cr3));
			jset(o, "top_provider",
			     none ? json_null()
			          : json_string(id_of(ds, mk->top_node[k])));
			jset(o, "top_share",
			     none ? json_null() : emit_jnum(ix->top_share));
			jset(o, "class", json_string(conc_class_name(ix->cls)));
			json_array_append_new(jc, o);
		}
	}
	jset(root, "concentration", jc);

	jset(root, "providers", json_null()); /* streamed: json_stream */

	jset(root, "spof_truncated", json_boolean(r->spof_truncated));
	jset(root, "spof_limit", emit_jint(r->spof_limit));
	jset(root, "spof", json_null());             /* streamed: json_stream */
	jset(root, "false_redundancy", json_null()); /* streamed */

	json_t *jcut = json_object();
	jset(jcut, "provider_pairs", emit_jint(r->cut_pairs));
	jset(jcut, "pairs_propagated", emit_jint(r->cut_pairs_propagated));
	jset(jcut, "service_findings", emit_jint(r->cut_services));
	jset(jcut, "truncated", json_boolean(r->cut_truncated));
	jset(jcut, "limit", emit_jint(r->cut_limit));
	jset(jcut, "pairs", json_null()); /* streamed */
	jset(root, "cutsets", jcut);

	if (r->rs_run) {
		json_t *jr = json_object();
		jset(jr, "target_share", emit_jnum(r->rs_target));
		jset(jr, "reached", json_boolean(r->rs_reached));
		jset(jr, "method", json_string("greedy"));
		json_t *steps = json_array();
		for (size_t k = 0; k < r->n_rs; k++) {
			json_t *o = outcome_json(&r->rs[k].total);
			jset(o, "step", emit_jint(k + 1));
			jset(o, "provider", json_string(id_of(ds, r->rs[k].provider)));
			jset(o, "marginal_assets_share", emit_jnum(r->rs[k].gain));
			json_array_append_new(steps, o);
		}
		jset(jr, "steps", steps);
		jset(root, "reverse_stress", jr);
	} else {
		jset(root, "reverse_stress", json_null());
	}

	struct rank *rk = xcalloc((size_t)r->n_prov + 1, sizeof *rk);
	json_t *jk = json_object();
	for (int by = 0; by < 2; by++) {
		uint32_t n = rank_chokepoints(r, by, rk);
		json_t *a = json_array();
		for (uint32_t k = 0; k < n && k < w->top; k++)
			json_array_append_new(
			    a, json_string(ds->nodes[r->prov[rk[k].i].node].id));
		jset(jk, by ? "by_assets" : "by_institutions", a);
	}
	free(rk);
	jset(root, "chokepoints", jk);
	jset(root, "ctpp", ctpp_summary_json(w->ctpp));
	return root;
}

/* ---- text ------------------------------------------------------------- */

static void pct(char *buf, size_t n, double share)
{
	snprintf(buf, n, "%.1f%%", 100 * share);
}

static void text_chokepoints(FILE *fp, const struct wargs *w, int by_assets)
{
	const struct conc_result *r = w->r;
	const struct dataset *ds = w->ds;
	struct rank *rk = xcalloc((size_t)r->n_prov + 1, sizeof *rk);
	uint32_t n = rank_chokepoints(r, by_assets, rk);
	fprintf(fp, "\nTop chokepoints by %s in breach\n",
	        by_assets ? "share of total assets" : "institutions");
	fprintf(fp, "  %-28s %-18s %16s %16s %8s %6s\n", "", "", "24 h outage",
	        "unlimited", "exposed", "SPOF");
	fprintf(fp, "  %-28s %-18s %7s %8s %7s %8s %8s %6s\n", "provider", "type", "inst",
	        "assets", "inst", "assets", "inst", "svc");
	for (uint32_t k = 0; k < n && k < w->top; k++) {
		const struct conc_provider *p = &r->prov[rk[k].i];
		const struct node *v = &ds->nodes[p->node];
		char a1[32], a2[32];
		pct(a1, sizeof a1, p->breached_day.assets_share);
		pct(a2, sizeof a2, p->breached.assets_share);
		fprintf(fp, "  %-28.28s %-18.18s %7u %8s %7u %8s %8u %6u\n", v->id,
		        v->type, p->breached_day.institutions, a1,
		        p->breached.institutions, a2, p->exposed.institutions,
		        p->spof_services);
	}
	if (n == 0)
		fputs("  (no provider's lone outage breaches any service)\n", fp);
	free(rk);
}

/*
 * The worst provider of each market (vendor type, cloud level), so that
 * a type whose providers are each small next to the market
 * infrastructures (a shared core center, a cloud zone) is still named.
 */
static void text_by_type(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	const struct dataset *ds = w->ds;
	fputs("\nWorst provider of each type (by institutions in breach, unlimited "
	      "outage)\n",
	      fp);
	fprintf(fp, "  %-26s %-28s %16s %16s\n", "", "", "24 h outage", "unlimited");
	fprintf(fp, "  %-26s %-28s %7s %8s %7s %8s\n", "type", "provider", "inst",
	        "assets", "inst", "assets");
	uint32_t shown = 0;
	for (uint32_t m = 0; m < r->n_markets; m++) {
		const struct conc_market *mk = &r->markets[m];
		const struct conc_provider *best = NULL;
		for (uint32_t j = 0; j < mk->n_members; j++) {
			const struct conc_provider *p = &r->prov[mk->members[j]];
			if (p->breached.services == 0)
				continue;
			if (!best ||
			    p->breached.institutions > best->breached.institutions ||
			    (p->breached.institutions == best->breached.institutions &&
			     p->breached.assets_share > best->breached.assets_share))
				best = p;
		}
		if (!best)
			continue;
		char name[64], a1[32], a2[32];
		snprintf(name, sizeof name, "%s %s", node_kind_name(mk->kind), mk->type);
		pct(a1, sizeof a1, best->breached_day.assets_share);
		pct(a2, sizeof a2, best->breached.assets_share);
		fprintf(fp, "  %-26.26s %-28.28s %7u %8s %7u %8s\n", name,
		        ds->nodes[best->node].id, best->breached_day.institutions, a1,
		        best->breached.institutions, a2);
		shown++;
	}
	if (shown == 0)
		fputs("  (no provider's lone outage breaches any service)\n", fp);
}

static void text_hidden(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	const struct dataset *ds = w->ds;
	struct rank *rk = xcalloc((size_t)r->n_prov + 1, sizeof *rk);
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->n_prov; i++) {
		const struct conc_provider *p = &r->prov[i];
		uint32_t hid = p->exposed.institutions - p->direct.institutions;
		if (hid == 0)
			continue;
		rk[n++] = (struct rank){i, hid,
		                        p->exposed.assets_share - p->direct.assets_share,
		                        p->exposed.institutions, 0};
	}
	qsort(rk, n, sizeof *rk, cmp_rank);
	fputs(
	    "\nHidden (nth-party) reliance: institutions with a dependency path to the\n"
	    "provider but no direct edge to it\n",
	    fp);
	fprintf(fp, "  %-28s %-18s %24s %8s\n", "", "", "institutions", "hidden");
	fprintf(fp, "  %-28s %-18s %7s %8s %7s %8s %6s\n", "provider", "type", "direct",
	        "exposed", "hidden", "assets", "DORA");
	for (uint32_t k = 0; k < n && k < w->top; k++) {
		const struct conc_provider *p = &r->prov[rk[k].i];
		const struct node *v = &ds->nodes[p->node];
		char a[32];
		/* the hidden institutions' share: reach.csv hidden_assets_share */
		pct(a, sizeof a, p->exposed.assets_share - p->direct.assets_share);
		fprintf(fp, "  %-28.28s %-18.18s %7u %8u %7u %8s %6s\n", v->id, v->type,
		        p->direct.institutions, p->exposed.institutions,
		        p->exposed.institutions - p->direct.institutions, a,
		        p->dora_flag ? "flag" : "");
	}
	if (n == 0)
		fputs("  (none)\n", fp);
	uint32_t nflag = 0;
	for (uint32_t i = 0; i < r->n_prov; i++)
		nflag += r->prov[i].dora_flag ? 1u : 0u;
	fprintf(
	    fp,
	    "  %u provider%s flagged: >= %.0f %% of a type of institution (by number or\n"
	    "  assets) exposed, a systemic institution among them (DORA Art. 31 "
	    "style).\n",
	    nflag, nflag == 1 ? "" : "s", 100 * CONC_DORA_SHARE);
	free(rk);
}

static void text_concentration(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	struct rank *rk = xcalloc((size_t)r->n_markets + 1, sizeof *rk);
	uint32_t n = 0;
	for (uint32_t m = 0; m < r->n_markets; m++) {
		const struct conc_index *ix = &r->markets[m].idx[CONC_W_INSTITUTIONS];
		if (ix->cls == CONC_CLASS_NONE)
			continue;
		rk[n++] = (struct rank){m, ix->hhi, ix->total, 0, 0};
	}
	qsort(rk, n, sizeof *rk, cmp_rank);
	fputs("\nMarkets by concentration (direct reliance; HHI 0-10000 by weighting)\n",
	      fp);
	fprintf(fp, "  %-26s %3s %6s %6s %6s %6s %5s  %-22s %s\n", "market", "n", "svc",
	        "inst", "assets", "volume", "CR3", "top (institutions)", "class");
	/* Markets are few (one per provider type): all are shown. */
	for (uint32_t k = 0; k < n; k++) {
		const struct conc_market *mk = &r->markets[rk[k].i];
		char name[64], top[64];
		snprintf(name, sizeof name, "%s %s", node_kind_name(mk->kind), mk->type);
		const struct conc_index *ii = &mk->idx[CONC_W_INSTITUTIONS];
		snprintf(top, sizeof top, "%s %.0f%%",
		         id_of(w->ds, mk->top_node[CONC_W_INSTITUTIONS]),
		         100 * ii->top_share);
		fprintf(fp, "  %-26.26s %3u", name, ii->n_active);
		for (int x = 0; x < CONC_W_COUNT; x++) {
			if (mk->idx[x].cls == CONC_CLASS_NONE)
				fprintf(fp, " %6s", "-");
			else
				fprintf(fp, " %6.0f", mk->idx[x].hhi);
		}
		fprintf(fp, " %5.2f  %-22.22s %s\n", ii->cr3, top,
		        conc_class_name(ii->cls));
	}
	if (n == 0)
		fputs("  (no service relies directly on a provider)\n", fp);
	fputs("  n: providers relied on; class (institutions weighting): unconcentrated\n"
	      "  < 1000 <= moderate <= 1800 < high (2023 US merger guidelines).\n",
	      fp);
	free(rk);
}

static void text_spof(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	const struct dataset *ds = w->ds;
	struct rank *rk = xcalloc((size_t)r->n_prov + 1, sizeof *rk);
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->n_prov; i++)
		if (r->prov[i].spof_services)
			rk[n++] = (struct rank){i, r->prov[i].spof_services,
			                        r->prov[i].spof_institutions, 0, 0};
	qsort(rk, n, sizeof *rk, cmp_rank);
	fprintf(
	    fp,
	    "\nSingle points of failure: %u of %u services have at least one, a\n"
	    "provider whose unlimited outage alone breaches them; %u providers are one\n"
	    "for at least one service\n",
	    r->spof_services, ds->n_kind[NODE_SERVICE], n);
	if (r->spof_truncated)
		fprintf(fp, "  INCOMPLETE: spof.csv stopped at the spof limit of %llu rows\n"
		        "  (--limit spof=N); the counts per provider below are complete.\n",
		        (unsigned long long)r->spof_limit);
	fprintf(fp, "  %-28s %-18s %8s %10s %8s\n", "provider", "type", "services",
	        "nth-party", "inst");
	for (uint32_t k = 0; k < n && k < w->top; k++) {
		const struct conc_provider *p = &r->prov[rk[k].i];
		const struct node *v = &ds->nodes[p->node];
		fprintf(fp, "  %-28.28s %-18.18s %8u %10u %8u\n", v->id, v->type,
		        p->spof_services, p->spof_nth_services, p->spof_institutions);
	}
	free(rk);
}

/* "label (k of n: m1 m2 ...)" of group g. */
static void group_desc(FILE *fp, const struct dataset *ds, const struct group *g)
{
	fprintf(fp, "%s (%u of %u:", *g->label ? g->label : "-", g->min_up, g->size);
	for (uint32_t m = 0; m < g->size; m++)
		fprintf(fp, " %s", ds->nodes[ds->deps[g->first_dep + m].to].id);
	fputc(')', fp);
}

static void text_fr(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	const struct dataset *ds = w->ds;
	struct rank *rk = xcalloc((size_t)r->n_prov + 1, sizeof *rk);
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->n_prov; i++)
		if (r->prov[i].fr_groups)
			rk[n++] = (struct rank){i, r->prov[i].fr_groups, 0, 0, 0};
	qsort(rk, n, sizeof *rk, cmp_rank);
	fprintf(fp,
	        "\nFalse redundancy: %zu findings of a k-of-n group (k < n) that one\n"
	        "provider's unlimited outage leaves with fewer than k members up\n",
	        r->n_fr);
	fprintf(fp, "  %-28s %7s  %s\n", "provider", "groups", "for example");
	for (uint32_t k = 0; k < n && k < w->top; k++) {
		const struct conc_provider *p = &r->prov[rk[k].i];
		const struct conc_false_red *ex = NULL;
		for (size_t j = 0; j < r->n_fr && !ex; j++)
			if (r->fr[j].provider == p->node)
				ex = &r->fr[j];
		fprintf(fp, "  %-28.28s %7u  ", ds->nodes[p->node].id, p->fr_groups);
		if (ex) {
			const struct group *g = &ds->groups[ex->group];
			fprintf(fp, "%s ", ds->nodes[g->node].id);
			group_desc(fp, ds, g);
		}
		fputc('\n', fp);
	}
	/* Redundancy that providers themselves claim: the deepest findings. */
	size_t shown = 0;
	for (size_t j = 0; j < r->n_fr; j++) {
		const struct group *g = &ds->groups[r->fr[j].group];
		if (!node_is_provider(&ds->nodes[g->node]))
			continue;
		if (shown == 0)
			fputs("  Among providers' own redundancy:\n", fp);
		if (shown++ >= w->top)
			continue;
		fprintf(fp, "    %s ", ds->nodes[g->node].id);
		group_desc(fp, ds, g);
		fprintf(fp, " <- %s\n", ds->nodes[r->fr[j].provider].id);
	}
	if (shown > w->top)
		fprintf(fp, "    ... %zu more in false_redundancy.csv\n", shown - w->top);
	if (r->n_fr == 0)
		fputs("  (none)\n", fp);
	free(rk);
}

static void text_cutsets(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	fprintf(fp,
	        "\nOrder-2 cut sets: %zu provider pairs breach services that neither\n"
	        "breaches alone (%llu of %llu pairs propagated after pruning)\n",
	        r->n_cut, (unsigned long long)r->cut_pairs_propagated,
	        (unsigned long long)r->cut_pairs);
	if (r->cut_truncated)
		fprintf(fp, "  INCOMPLETE: the search stopped at the cutsets limit of %llu pairs\n"
		        "  (--limit cutsets=N): the counts cover the pairs searched so far, and\n"
		        "  the pairs below are the first found, not necessarily the worst.\n",
		        (unsigned long long)r->cut_limit);
	if (r->n_cut)
		fprintf(fp, "  %-24s %-24s %8s %6s %8s\n", "provider", "provider",
		        "services", "inst", "assets");
	for (size_t k = 0; k < r->n_cut && k < w->top; k++) {
		const struct conc_cutset *c = &r->cut[k];
		char a[32];
		pct(a, sizeof a, c->broken.assets_share);
		fprintf(fp, "  %-24.24s %-24.24s %8u %6u %8s\n", id_of(w->ds, c->a),
		        id_of(w->ds, c->b), c->broken.services, c->broken.institutions,
		        a);
	}
}

static void text_rs(FILE *fp, const struct wargs *w)
{
	const struct conc_result *r = w->r;
	if (!r->rs_run)
		return;
	fprintf(fp,
	        "\nReverse stress test (greedy): providers whose joint unlimited outage\n"
	        "breaches institutions holding >= %.1f %% of total assets\n",
	        100 * r->rs_target);
	fprintf(fp, "  %4s %-28s %10s %10s %6s\n", "step", "provider", "gain",
	        "cumulative", "inst");
	for (size_t k = 0; k < r->n_rs; k++) {
		char g[32], c[32];
		pct(g, sizeof g, r->rs[k].gain);
		pct(c, sizeof c, r->rs[k].total.assets_share);
		fprintf(fp, "  %4zu %-28.28s %10s %10s %6u\n", k + 1,
		        id_of(w->ds, r->rs[k].provider), g, c,
		        r->rs[k].total.institutions);
	}
	fprintf(fp, "  %s\n",
	        r->rs_reached
	            ? "Target reached.  Greedy: a smaller set may exist."
	            : "Target NOT reached: no further provider raises the breached share "
	              "(a pair might; see cutsets.csv).");
}

static void write_text(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	const struct dataset *ds = w->ds;
	const struct conc_result *r = w->r;
	uint32_t n_sys = 0;
	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++)
		n_sys +=
		    ds->nodes[ds->first_kind[NODE_INSTITUTION] + i].systemic ? 1u : 0u;
	fprintf(fp, "chokepoint %s: analysis of %s\n", PACKAGE_VERSION, w->data_dir);
	fprintf(fp, "%u institutions (", ds->n_kind[NODE_INSTITUTION]);
	emit_num(fp, ds->total_assets, 3);
	fprintf(fp,
	        " total assets, %u systemic), %u services, %u providers (%u vendors,\n"
	        "%u cloud nodes), %u edges\n",
	        n_sys, ds->n_kind[NODE_SERVICE], r->n_prov, ds->n_kind[NODE_VENDOR],
	        ds->n_kind[NODE_CLOUD], ds->n_deps);
	fputs(
	    "\nA chokepoint is a provider whose outage alone puts institutions beyond\n"
	    "their impact tolerance (a service breaches when its downtime exceeds its\n"
	    "tolerance_hours; failover and k-of-n redundancy count).  inst: "
	    "institutions\n"
	    "with a service in breach; assets: their share of total assets; exposed:\n"
	    "institutions with any dependency path to the provider; SPOF svc: services\n"
	    "its unlimited outage breaches.\n",
	    fp);
	text_chokepoints(fp, w, 0);
	text_chokepoints(fp, w, 1);
	text_by_type(fp, w);
	text_hidden(fp, w);
	text_concentration(fp, w);
	text_spof(fp, w);
	text_fr(fp, w);
	text_cutsets(fp, w);
	text_rs(fp, w);
	ctpp_summary_text(fp, w->ctpp, w->top);
	fputs(
	    "\nMethod and caveats\n"
	    "  Outages propagate as chokepoint-method(7) defines (the same engine as\n"
	    "  `run`), all starting together; \"unlimited\" is an outage that never "
	    "ends,\n"
	    "  so only failover caps bound downtime.  Concentration counts direct\n"
	    "  reliance only (services with an edge to the provider; cloud: to a node\n"
	    "  under it); exposure counts any dependency path, redundancy ignored.  Cut\n"
	    "  sets stop at order 2; the reverse stress test is a greedy approximation.\n"
	    "  Every figure is defined in chokepoint-report(5).\n",
	    fp);
}

/* The arrays written element by element: member 'key' of the top-level
 * object, or of its member 'parent'. */
static const struct {
	const char *parent, *key;
	json_t *(*element)(const struct wargs *, size_t);
	void (*direct)(struct emit_jw *, const struct wargs *, size_t);
} streamed[] = {
	{NULL, "providers", prov_json, prov_jw},
	{NULL, "spof", spof_json, spof_jw},
	{NULL, "false_redundancy", fr_json, fr_jw},
	{"cutsets", "pairs", cut_json, cut_jw},
};
#define N_STREAMED (sizeof streamed / sizeof streamed[0])

static size_t streamed_count(const struct wargs *w, size_t k)
{
	const struct conc_result *r = w->r;
	return k == 0 ? r->n_prov : k == 1 ? r->n_spof : k == 2 ? r->n_fr : r->n_cut;
}

/* Which streamed array is member 'key' of the object named 'parent'
 * (NULL: the top level); N_STREAMED if none. */
static size_t streamed_find(const char *parent, const char *key)
{
	for (size_t s = 0; s < N_STREAMED; s++)
		if (strcmp(streamed[s].key, key) == 0 &&
		    (parent ? streamed[s].parent && strcmp(streamed[s].parent, parent) == 0
		            : !streamed[s].parent))
			return s;
	return N_STREAMED;
}

/* An element of a streamed array and what emit_items needs for it. */
struct stream_arg {
	const struct wargs *w;
	size_t s; /* which streamed array */
	int in;   /* the array's member indent */
};

/* Element i of streamed array sa->s, written directly (emit_array_item). */
static void stream_direct(struct emit_jw *j, const void *arg, size_t i)
{
	const struct stream_arg *sa = arg;
	streamed[sa->s].direct(j, sa->w, i);
}

/* The same element as its tree, when jansson would have the last word. */
static json_t *stream_tree(const void *arg, size_t i)
{
	const struct stream_arg *sa = arg;
	return streamed[sa->s].element(sa->w, i);
}

/* Element i of streamed array sa->s, with the separator before it. */
static int stream_item(struct emit_buf *b, const void *arg, size_t i)
{
	const struct stream_arg *sa = arg;
	return emit_array_item(b, i, sa->in, stream_direct, stream_tree, sa);
}

/* Does the top-level object member 'key' hold a streamed array? */
static int holds_streamed(const char *key)
{
	for (size_t s = 0; s < N_STREAMED; s++)
		if (streamed[s].parent && strcmp(streamed[s].parent, key) == 0)
			return 1;
	return 0;
}

/*
 * Object 'obj' at nesting depth 'depth', byte for byte what
 * json_dumpf(JSON_INDENT(2)) writes for it within the whole document:
 * "{", each member as "\n" + 2 (depth + 1) spaces + "KEY: VALUE",
 * separated by ",", then "\n" + 2 depth spaces + "}" ("{}" when empty);
 * a streamed array as "[", "\n" + 2 (depth + 2) spaces + ELEM separated by
 * ",", "\n" + 2 (depth + 1) spaces + "]" ("[]" when empty).  Only the
 * top level and its objects that hold a streamed array are walked here;
 * every other value is dumped whole, indented to its place.  0, or -1.
 */
static int write_object(FILE *fp, const struct wargs *w, const json_t *obj,
                        const char *name, int depth)
{
	const char *key;
	json_t *value;
	int first = 1, bad = 0, in = 2 * (depth + 1);
	fputc('{', fp);
	json_object_foreach((json_t *)obj, key, value) {
		fprintf(fp, "%s\n%*s", first ? "" : ",", in, "");
		first = 0;
		json_t *k = json_string(key);
		bad |= emit_json_at(fp, k, in);
		json_decref(k);
		fputs(": ", fp);
		size_t s = streamed_find(name, key);
		if (s < N_STREAMED) {
			size_t n = streamed_count(w, s);
			struct stream_arg sa = {w, s, in};
			fputc('[', fp);
			bad |= emit_items(fp, n, stream_item, &sa, w->threads);
			if (n)
				fprintf(fp, "\n%*s", in, "");
			fputc(']', fp);
		} else if (!name && json_is_object(value) && holds_streamed(key)) {
			bad |= write_object(fp, w, value, key, depth + 1);
		} else {
			bad |= emit_json_at(fp, value, in);
		}
	}
	if (!first)
		fprintf(fp, "\n%*s", 2 * depth, "");
	fputc('}', fp);
	return bad;
}

/* summary.json, without ever holding the long arrays (write_object). */
static void write_json(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	int bad = write_object(fp, w, w->json, NULL, 0);
	fputc('\n', fp);
	if (bad)
		*w->json_failed = 1;
}

/* ---- files ------------------------------------------------------------ */

/* Every file of an analysis, in the order of report_analyze.h. */
enum cp_status report_analyze(const char *dir, const struct dataset *ds,
                              const struct conc_result *r, const char *data_dir,
                              unsigned top, int threads, char *err, size_t errsz)
{
	int json_failed = 0;
	struct ctpp_result ctpp;
	ctpp_compute(ds, r, &ctpp);
	struct wargs w = {ds, r, data_dir, top, &ctpp, NULL, &json_failed, threads};
	w.json = summary_json(&w);
	enum cp_status rc = CP_OK;
	rc = rc ? rc
	        : outfile_write(dir, "concentration.csv", write_concentration, &w, err, errsz);
	rc = rc ? rc
	        : outfile_write(dir, "concentration_groups.csv", write_conc_groups, &w, err,
	                        errsz);
	rc = rc ? rc : outfile_write(dir, "reach.csv", write_reach, &w, err, errsz);
	rc = rc ? rc : outfile_write(dir, "reach_by_type.csv", write_reach_by_type, &w, err,
	                             errsz);
	rc = rc ? rc : outfile_write(dir, "breach_curve.csv", write_curve, &w, err, errsz);
	rc = rc ? rc : outfile_write(dir, "spof.csv", write_spof, &w, err, errsz);
	rc = rc ? rc : outfile_write(dir, "false_redundancy.csv", write_fr, &w, err, errsz);
	rc = rc ? rc : outfile_write(dir, "cutsets.csv", write_cutsets, &w, err, errsz);
	rc = rc ? rc : outfile_write(dir, "ctpp.csv", write_ctpp, &w, err, errsz);
	if (!rc && r->rs_run) {
		rc = outfile_write(dir, "reverse_stress.csv", write_rs, &w, err, errsz);
	} else if (!rc) {
		/* A reverse_stress.csv left by an earlier run would look like
		 * part of this one. */
		char *path = path_join(dir, "reverse_stress.csv");
		if (outfile_remove(path) != 0) {
			snprintf(err, errsz, "%s: cannot remove a stale file: %s", path,
			         strerror(errno));
			rc = CP_ERR_WRITE;
		}
		free(path);
	}
	rc = rc ? rc : outfile_write(dir, "summary.json", write_json, &w, err, errsz);
	if (!rc && json_failed) {
		snprintf(err, errsz, "%s/summary.json: cannot encode the JSON (out of memory?)",
		         dir);
		rc = CP_ERR_WRITE;
	}
	rc = rc ? rc : outfile_write(dir, "summary.txt", write_text, &w, err, errsz);
	json_decref(w.json);
	ctpp_result_free(&ctpp);
	return rc;
}
