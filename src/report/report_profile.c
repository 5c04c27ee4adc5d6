/*
 * report_profile.c - the files of `profile` (chokepoint-report(5),
 * PROFILE FILES).  The figures come from sim/profile.c, concentration.c
 * and montecarlo.c; this file only lays them out.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/stats.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report.h"
#include "report/report_profile.h"

/* Decimals: shares and probabilities 6, hours 4, breach events 4. */
#define P_SHARE 6
#define P_HOURS 4
#define P_EVENTS 4

static const char *id_of(const struct dataset *ds, uint32_t v)
{
	return v == NODE_NONE ? "" : ds->nodes[v].id;
}

const char *report_profile_peer_name(const struct dataset *ds,
                                     const struct prof_peers *pe, uint32_t inst)
{
	if (pe->all)
		return "all";
	return pe->type ? pe->type : ds->nodes[inst].type;
}

/* A number as every output prints it, into buf. */
static const char *num(char *buf, size_t n, double x, int prec)
{
	fmt_num(buf, n, x, prec);
	return buf;
}

/* Decimals of indicator k: counts 0, shares and probabilities 6, hours 4. */
static int ind_prec(uint32_t k)
{
	if (k == PROF_SVC_SPOF || k == PROF_PROVIDERS)
		return 0;
	if (k >= PROF_N_STRUCT && (k - PROF_N_STRUCT) % 2 == 1)
		return P_HOURS;
	return P_SHARE;
}

/* ---- CSV -------------------------------------------------------------- */

static void indicators_header(FILE *fp)
{
	fputs("institution,indicator,value,peer_p25,peer_p50,peer_p75,percentile,peers\n",
	      fp);
}

/* The rows of institution i; blank peer figures when it has no peer. */
static void indicators_rows(FILE *fp, const struct dataset *ds,
                            const struct prof_table *t, const struct stats_peer *peer,
                            uint32_t i)
{
	for (uint32_t k = 0; k < t->n_ind; k++) {
		const struct stats_peer *s = &peer[(size_t)i * t->n_ind + k];
		int prec = ind_prec(k);
		csv_put(fp, ds->nodes[i].id);
		emit_sep_str(fp, t->names[k]);
		emit_sep_num(fp, t->value[(size_t)i * t->n_ind + k], prec);
		if (s->peers == 0) {
			fputs(",,,,,0\n", fp);
			continue;
		}
		emit_sep_num(fp, s->p25, prec);
		emit_sep_num(fp, s->p50, prec);
		emit_sep_num(fp, s->p75, prec);
		emit_sep_num(fp, s->percentile, 2);
		emit_sep_uint(fp, s->peers);
		fputc('\n', fp);
	}
}

static void write_indicators(FILE *fp, const void *a)
{
	const struct prof_report *pr = a;
	indicators_header(fp);
	indicators_rows(fp, pr->ds, pr->t, pr->peer, pr->p->inst);
}

/* A provider's path as "service > ... > provider", into a new string. */
static char *path_str(const struct dataset *ds, const struct prof_provider *pv)
{
	size_t len = 1;
	for (uint32_t k = 0; k <= pv->depth; k++)
		len += strlen(ds->nodes[pv->path[k]].id) + 3;
	char *s = xcalloc(len, 1);
	for (uint32_t k = 0; k <= pv->depth; k++) {
		if (k)
			strcat(s, " > ");
		strcat(s, ds->nodes[pv->path[k]].id);
	}
	return s;
}

static const char *relation(const struct prof_provider *pv)
{
	return pv->depth == 1 ? "direct" : "hidden";
}

static void write_providers(FILE *fp, const void *a)
{
	const struct prof_report *pr = a;
	const struct dataset *ds = pr->ds;
	fputs(
	    "provider,provider_type,relation,depth,path,services_reached,spof_services\n",
	    fp);
	for (uint32_t k = 0; k < pr->p->n_prov; k++) {
		const struct prof_provider *pv = &pr->p->prov[k];
		char *path = path_str(ds, pv);
		csv_put(fp, ds->nodes[pv->node].id);
		emit_sep_str(fp, ds->nodes[pv->node].type);
		emit_sep_str(fp, relation(pv));
		emit_sep_uint(fp, pv->depth);
		emit_sep_str(fp, path);
		emit_sep_uint(fp, pv->services_reached);
		emit_sep_uint(fp, pv->spof_services);
		fputc('\n', fp);
		free(path);
	}
}

/* Tracked row of institution inst in res, or UINT32_MAX. */
static uint32_t track_row(const struct mc_result *res, uint32_t inst)
{
	for (uint32_t t = 0; t < res->n_track; t++)
		if (res->track[t] == inst)
			return t;
	return UINT32_MAX;
}

/* The sources of one model's breaches of inst, by attributed events
 * (descending), then source order; only those with any.  [*n], caller frees. */
static size_t *sources_order(const struct mc_result *res, uint32_t row, size_t *n);

static const double *g_attr; /* qsort's key: the attributed events */

static int cmp_src(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (g_attr[x] != g_attr[y])
		return g_attr[x] > g_attr[y] ? -1 : 1;
	return (x > y) - (x < y);
}

static size_t *sources_order(const struct mc_result *res, uint32_t row, size_t *n)
{
	size_t *o = xcalloc(res->n_sources + 1, sizeof *o);
	*n = 0;
	if (row == UINT32_MAX)
		return o;
	const double *attr = res->track_src + (size_t)row * res->n_sources;
	for (size_t k = 0; k < res->n_sources; k++)
		if (attr[k] > 0)
			o[(*n)++] = k;
	g_attr = attr;
	qsort(o, *n, sizeof *o, cmp_src);
	g_attr = NULL;
	return o;
}

static void write_sources(FILE *fp, const void *a)
{
	const struct prof_report *pr = a;
	fputs(
	    "model,source,kind,breach_events,breach_events_per_trial,share_of_breaches\n",
	    fp);
	for (size_t m = 0; m < pr->n_models; m++) {
		const struct mc_result *res = pr->res[m];
		uint32_t row = track_row(res, pr->p->inst);
		size_t n;
		size_t *o = sources_order(res, row, &n);
		double total = row == UINT32_MAX ? 0 : (double)res->track_events[row];
		for (size_t j = 0; j < n; j++) {
			const struct mc_source *s = &res->sources[o[j]];
			double x = res->track_src[(size_t)row * res->n_sources + o[j]];
			csv_put(fp, pr->models[m]->name);
			emit_sep_str(fp, s->name);
			emit_sep_str(fp, s->kind == SOURCE_SHOCK ? "shock" : "baseline");
			emit_sep_num(fp, x, P_EVENTS);
			emit_sep_num(fp, x / (double)res->trials, P_SHARE);
			emit_sep_num(fp, total > 0 ? x / total : 0, P_SHARE);
			fputc('\n', fp);
		}
		free(o);
	}
}

/* ---- per-model figures of the institution ------------------------------ */

struct inst_run {
	double p, lo, hi; /* P(breach) per trial and its Wilson interval */
	double events;    /* breach events */
	uint32_t *svc;    /* its services, worst first */
};

static const struct mc_result *g_res; /* qsort's key */

static int cmp_worst(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct mc_result *r = g_res;
	if (r->svc_breach_trials[x] != r->svc_breach_trials[y])
		return r->svc_breach_trials[x] > r->svc_breach_trials[y] ? -1 : 1;
	if (r->svc_down_sum[x] != r->svc_down_sum[y])
		return r->svc_down_sum[x] > r->svc_down_sum[y] ? -1 : 1;
	return (x > y) - (x < y);
}

static void inst_run(const struct dataset *ds, const struct mc_result *res, uint32_t inst,
                     struct inst_run *out)
{
	const struct node *in = &ds->nodes[inst];
	const uint32_t s0 = ds->first_kind[NODE_SERVICE];
	uint64_t x = res->inst_breach_trials[inst];
	out->p = (double)x / (double)res->trials;
	stats_wilson(x, res->trials, &out->lo, &out->hi);
	uint32_t row = track_row(res, inst);
	out->events = row == UINT32_MAX ? 0 : (double)res->track_events[row];
	out->svc = xcalloc((size_t)in->n_services + 1, sizeof *out->svc);
	for (uint32_t k = 0; k < in->n_services; k++)
		out->svc[k] = in->first_service - s0 + k;
	g_res = res;
	qsort(out->svc, in->n_services, sizeof *out->svc, cmp_worst);
	g_res = NULL;
}

/* ---- JSON --------------------------------------------------------------- */

static void jset(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static json_t *jnum_or_null(double x)
{
	return isnan(x) ? json_null() : emit_jnum(x);
}

static json_t *profile_json(const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct profile *p = pr->p;
	const struct conc_result *r = pr->r;
	const struct node *in = &ds->nodes[p->inst];
	json_t *root = json_object();
	jset(root, "program", json_string("chokepoint " PACKAGE_VERSION));
	jset(root, "data", json_string(pr->data_dir));
	json_t *ji = json_object();
	jset(ji, "id", json_string(in->id));
	jset(ji, "name", json_string(in->name));
	jset(ji, "type", json_string(in->type));
	jset(ji, "total_assets", emit_jnum(in->total_assets));
	jset(ji, "assets_share",
	     emit_jnum(ds->total_assets > 0 ? in->total_assets / ds->total_assets : 0));
	jset(ji, "systemic", json_boolean(in->systemic));
	jset(root, "institution", ji);

	json_t *js = json_array();
	for (uint32_t k = 0; k < in->n_services; k++) {
		const struct node *sv = &ds->nodes[in->first_service + k];
		json_t *o = json_object();
		jset(o, "id", json_string(sv->id));
		jset(o, "category", json_string(sv->type));
		jset(o, "tolerance_hours", emit_jnum(sv->tolerance_hours));
		jset(o, "daily_volume", emit_jnum(sv->daily_volume));
		json_t *sp = json_array();
		for (size_t q = p->spof_lo; q < p->spof_hi; q++) {
			const struct conc_spof *f = &r->spof[q];
			if (f->service != in->first_service + k)
				continue;
			json_t *x = json_object();
			jset(x, "provider", json_string(id_of(ds, f->provider)));
			jset(x, "depth", emit_jint(f->depth));
			jset(x, "downtime_hours", emit_jnum(f->down));
			json_array_append_new(sp, x);
		}
		jset(o, "spof", sp);
		json_array_append_new(js, o);
	}
	jset(root, "services", js);

	json_t *jp = json_array();
	for (uint32_t k = 0; k < p->n_prov; k++) {
		const struct prof_provider *pv = &p->prov[k];
		json_t *o = json_object();
		jset(o, "provider", json_string(id_of(ds, pv->node)));
		jset(o, "type", json_string(ds->nodes[pv->node].type));
		jset(o, "relation", json_string(relation(pv)));
		jset(o, "depth", emit_jint(pv->depth));
		json_t *path = json_array();
		for (uint32_t d = 0; d <= pv->depth; d++)
			json_array_append_new(path, json_string(id_of(ds, pv->path[d])));
		jset(o, "path", path);
		jset(o, "services_reached", emit_jint(pv->services_reached));
		jset(o, "spof_services", emit_jint(pv->spof_services));
		json_array_append_new(jp, o);
	}
	jset(root, "providers", jp);

	json_t *jf = json_array();
	for (size_t k = 0; k < p->n_fr; k++) {
		const struct conc_false_red *f = &r->fr[p->fr[k]];
		const struct group *g = &ds->groups[f->group];
		json_t *o = json_object();
		jset(o, "service", json_string(id_of(ds, g->node)));
		jset(o, "group", json_string(g->label));
		jset(o, "min_up", emit_jint(g->min_up));
		jset(o, "size", emit_jint(g->size));
		jset(o, "provider", json_string(id_of(ds, f->provider)));
		jset(o, "members_down", emit_jint(f->members_down));
		jset(o, "group_downtime_hours", emit_jnum(f->group_down));
		json_array_append_new(jf, o);
	}
	jset(root, "false_redundancy", jf);

	json_t *jc = json_array();
	for (size_t k = 0; k < p->n_cut; k++) {
		const struct prof_cut *c = &p->cut[k];
		json_t *o = json_object();
		jset(o, "provider_a", json_string(id_of(ds, c->a)));
		jset(o, "provider_b", json_string(id_of(ds, c->b)));
		jset(o, "services", emit_jint(c->services));
		jset(o, "example_service", json_string(id_of(ds, c->example)));
		json_array_append_new(jc, o);
	}
	jset(root, "cutsets", jc);
	jset(root, "cutsets_truncated", json_boolean(r->cut_truncated));

	json_t *jm = json_array();
	for (size_t m = 0; m < pr->n_models; m++) {
		const struct mc_result *res = pr->res[m];
		struct inst_run ir;
		inst_run(ds, res, p->inst, &ir);
		json_t *o = json_object();
		jset(o, "model", json_string(pr->models[m]->name));
		jset(o, "mode", json_string(model_mode_name(res->mode)));
		jset(o, "trials", emit_jint(res->trials));
		jset(o, "p_breach", emit_jnum(ir.p));
		jset(o, "p_breach_lo", emit_jnum(ir.lo));
		jset(o, "p_breach_hi", emit_jnum(ir.hi));
		jset(o, "breach_events", emit_jnum(ir.events));
		json_t *sv = json_array();
		for (uint32_t k = 0; k < in->n_services; k++) {
			uint32_t s = ir.svc[k];
			double lo, hi;
			stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
			json_t *x = json_object();
			jset(x, "service",
			     json_string(ds->nodes[ds->first_kind[NODE_SERVICE] + s].id));
			jset(x, "p_breach",
			     emit_jnum((double)res->svc_breach_trials[s] /
			               (double)res->trials));
			jset(x, "p_breach_lo", emit_jnum(lo));
			jset(x, "p_breach_hi", emit_jnum(hi));
			jset(x, "mean_downtime_hours",
			     emit_jnum(res->svc_down_sum[s] / (double)res->trials));
			json_array_append_new(sv, x);
		}
		jset(o, "services", sv);
		uint32_t row = track_row(res, p->inst);
		size_t n;
		size_t *ord = sources_order(res, row, &n);
		json_t *so = json_array();
		for (size_t j = 0; j < n; j++) {
			double x = res->track_src[(size_t)row * res->n_sources + ord[j]];
			json_t *e = json_object();
			jset(e, "source", json_string(res->sources[ord[j]].name));
			jset(e, "kind",
			     json_string(res->sources[ord[j]].kind == SOURCE_SHOCK
			                     ? "shock"
			                     : "baseline"));
			jset(e, "breach_events", emit_jnum(x));
			jset(e, "share_of_breaches",
			     emit_jnum(ir.events > 0 ? x / ir.events : 0));
			json_array_append_new(so, e);
		}
		free(ord);
		jset(o, "sources", so);
		free(ir.svc);
		json_array_append_new(jm, o);
	}
	jset(root, "models", jm);

	json_t *jpeer = json_object();
	jset(jpeer, "group", json_string(report_profile_peer_name(ds, pr->pe, p->inst)));
	json_t *jind = json_array();
	for (uint32_t k = 0; k < pr->t->n_ind; k++) {
		const struct stats_peer *s =
		    &pr->peer[(size_t)p->inst * pr->t->n_ind + k];
		json_t *o = json_object();
		jset(o, "indicator", json_string(pr->t->names[k]));
		jset(o, "value",
		     emit_jnum(pr->t->value[(size_t)p->inst * pr->t->n_ind + k]));
		jset(o, "peer_p25", jnum_or_null(s->p25));
		jset(o, "peer_p50", jnum_or_null(s->p50));
		jset(o, "peer_p75", jnum_or_null(s->p75));
		jset(o, "percentile", jnum_or_null(s->percentile));
		jset(o, "peers", emit_jint(s->peers));
		jset(o, "worst_quarter",
		     json_boolean(s->peers > 0 && s->percentile >= 75));
		json_array_append_new(jind, o);
	}
	jset(jpeer, "indicators", jind);
	jset(root, "peers", jpeer);
	return root;
}

static void write_json(FILE *fp, const void *a)
{
	json_t *doc = profile_json(a);
	emit_json(fp, doc);
	json_decref(doc);
}

/* ---- text --------------------------------------------------------------- */

static void pct(char *buf, size_t n, double share)
{
	char x[24];
	fmt_num(x, sizeof x, 100 * share, share < 0.001 ? 3 : 1);
	snprintf(buf, n, "%s%%", x);
}

/* What indicator k measures, for the sentences. */
static const char *ind_phrase(uint32_t k)
{
	static const char *const s[PROF_N_STRUCT] = {
	    "services with a single point of failure",
	    "share of services with a hidden (nth-party) single point of failure",
	    "distinct providers, direct and nth-party",
	    "largest share of services one provider's outage alone breaches"};
	if (k < PROF_N_STRUCT)
		return s[k];
	return (k - PROF_N_STRUCT) % 2 == 0
	           ? "probability of breaching"
	           : "mean downtime of its worst service (hours)";
}

static void text_services(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct node *in = &ds->nodes[pr->p->inst];
	char b1[32], b2[32];
	fprintf(fp, "\nImportant business services (%u)\n", in->n_services);
	fprintf(fp, "  %-32s %-20s %10s %14s\n", "service", "category", "tolerance",
	        "daily volume");
	for (uint32_t k = 0; k < in->n_services; k++) {
		const struct node *sv = &ds->nodes[in->first_service + k];
		fprintf(fp, "  %-32s %-20s %8s h %14s\n", sv->id, sv->type,
		        num(b1, sizeof b1, sv->tolerance_hours, 4),
		        num(b2, sizeof b2, sv->daily_volume, 2));
	}
}

static void text_providers(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct profile *p = pr->p;
	fprintf(fp, "\nProviders: %u (%u direct, %u hidden nth-party)\n", p->n_prov,
	        p->n_direct, p->n_prov - p->n_direct);
	fputs("  services: of its services with a path to the provider; SPOF: of them,\n"
	      "  those the provider's outage alone puts beyond tolerance.\n",
	      fp);
	fprintf(fp, "  %-28s %-20s %-7s %8s %5s  %s\n", "provider", "type", "",
	        "services", "SPOF", "path (hidden ones)");
	for (uint32_t k = 0; k < p->n_prov; k++) {
		const struct prof_provider *pv = &p->prov[k];
		char *path = pv->depth > 1 ? path_str(ds, pv) : NULL;
		fprintf(fp, "  %-28s %-20s %-7s %8u %5u  %s\n", id_of(ds, pv->node),
		        ds->nodes[pv->node].type, relation(pv), pv->services_reached,
		        pv->spof_services, path ? path : "");
		free(path);
	}
}

static void text_spof(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct profile *p = pr->p;
	const struct conc_result *r = pr->r;
	const struct node *in = &ds->nodes[p->inst];
	fputs("\nSingle points of failure per service (a provider whose outage alone,\n"
	      "without limit, puts the service beyond tolerance; depth 1 is a direct\n"
	      "provider, 2 or more an nth party)\n",
	      fp);
	for (uint32_t k = 0; k < in->n_services; k++) {
		uint32_t v = in->first_service + k;
		fprintf(fp, "  %s:", ds->nodes[v].id);
		int any = 0;
		for (size_t q = p->spof_lo; q < p->spof_hi; q++)
			if (r->spof[q].service == v) {
				fprintf(fp, "%s %s (depth %u)", any ? "," : "",
				        id_of(ds, r->spof[q].provider), r->spof[q].depth);
				any = 1;
			}
		fputs(any ? "\n" : " none\n", fp);
	}
}

static void text_fr(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct profile *p = pr->p;
	char b[32];
	fprintf(fp,
	        "\nFalse redundancy: %zu (a k-of-n group of its services that one "
	        "provider's\noutage defeats)\n",
	        p->n_fr);
	for (size_t k = 0; k < p->n_fr; k++) {
		const struct conc_false_red *f = &pr->r->fr[p->fr[k]];
		const struct group *g = &ds->groups[f->group];
		fprintf(fp, "  %s: group %s (%u of %u) defeated by %s, down %s h\n",
		        id_of(ds, g->node), *g->label ? g->label : "(unlabelled)",
		        g->min_up, g->size, id_of(ds, f->provider),
		        num(b, sizeof b, f->group_down, 4));
	}
}

static void text_cuts(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct profile *p = pr->p;
	fprintf(fp,
	        "\nOrder-2 cut sets: %zu (two providers whose joint outage breaches "
	        "its\nservices that neither breaches alone)%s\n",
	        p->n_cut,
	        pr->r->cut_truncated ? " [the sector's search stopped at its limit]"
	                             : "");
	for (size_t k = 0; k < p->n_cut; k++) {
		const struct prof_cut *c = &p->cut[k];
		fprintf(fp, "  %s + %s: %u service%s, e.g. %s\n", id_of(ds, c->a),
		        id_of(ds, c->b), c->services, c->services == 1 ? "" : "s",
		        id_of(ds, c->example));
	}
}

static void text_models(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const uint32_t inst = pr->p->inst, s0 = ds->first_kind[NODE_SERVICE];
	char b1[32], b2[32], b3[32], b4[32];
	for (size_t m = 0; m < pr->n_models; m++) {
		const struct mc_result *res = pr->res[m];
		const char *per = report_per(res->mode);
		struct inst_run ir;
		inst_run(ds, res, inst, &ir);
		fprintf(fp, "\nModel %s (%s, %llu %ss)\n", pr->models[m]->name,
		        model_mode_name(res->mode), (unsigned long long)res->trials,
		        res->mode == MODE_ANNUAL ? "simulated year" : "simulated event");
		pct(b1, sizeof b1, ir.p);
		pct(b2, sizeof b2, ir.lo);
		pct(b3, sizeof b3, ir.hi);
		fprintf(fp,
		        "  Probability that at least one of its services breaches, per "
		        "%s: %s\n  (95%% interval "
		        "%s to %s)\n",
		        per, b1, b2, b3);
		fprintf(fp, "  %-32s %10s %21s %14s\n", "service", "P(breach)",
		        "95% interval", "mean downtime");
		const struct node *in = &ds->nodes[inst];
		for (uint32_t k = 0; k < in->n_services; k++) {
			uint32_t s = ir.svc[k];
			double lo, hi;
			stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
			pct(b1, sizeof b1,
			    (double)res->svc_breach_trials[s] / (double)res->trials);
			pct(b2, sizeof b2, lo);
			pct(b3, sizeof b3, hi);
			fprintf(fp, "  %-32s %10s %10s to %7s %12s h\n",
			        ds->nodes[s0 + s].id, b1, b2, b3,
			        num(b4, sizeof b4,
			            res->svc_down_sum[s] / (double)res->trials, 4));
		}
		uint32_t row = track_row(res, inst);
		size_t n;
		size_t *ord = sources_order(res, row, &n);
		fprintf(fp,
		        "  Sources of its breaches (%s events in which a service of it "
		        "breaches;\n  an event with several sources is shared by Shapley "
		        "value):\n",
		        num(b1, sizeof b1, ir.events, 0));
		for (size_t j = 0; j < n && j < 10; j++) {
			double x = res->track_src[(size_t)row * res->n_sources + ord[j]];
			pct(b2, sizeof b2, ir.events > 0 ? x / ir.events : 0);
			fprintf(fp, "    %-34s %-8s %8s\n", res->sources[ord[j]].name,
			        res->sources[ord[j]].kind == SOURCE_SHOCK ? "shock"
			                                                  : "baseline",
			        b2);
		}
		if (n > 10)
			fprintf(fp, "    ... and %zu more (sources.csv)\n", n - 10);
		if (n == 0)
			fputs("    none: it did not breach\n", fp);
		free(ord);
		free(ir.svc);
	}
}

static void text_peers(FILE *fp, const struct prof_report *pr)
{
	const struct dataset *ds = pr->ds;
	const struct prof_table *t = pr->t;
	const uint32_t inst = pr->p->inst;
	const char *group = report_profile_peer_name(ds, pr->pe, inst);
	const struct stats_peer *row = &pr->peer[(size_t)inst * t->n_ind];
	char b[5][32];
	fprintf(
	    fp,
	    "\nWhere it stands against its peers (%zu other institution%s of type "
	    "%s; for\nevery indicator higher is worse; percentile: the share of peers "
	    "below it,\nequal ones counted half)\n",
	    row[0].peers, row[0].peers == 1 ? "" : "s", group);
	if (pr->pe->all)
		fputs("  (peers: every other institution)\n", fp);
	fprintf(fp, "  %-48s %10s %10s %10s %10s %6s\n", "indicator", "value", "peer p25",
	        "median", "peer p75", "pctl");
	for (uint32_t k = 0; k < t->n_ind; k++) {
		const struct stats_peer *s = &row[k];
		int prec = ind_prec(k);
		num(b[0], sizeof b[0], t->value[(size_t)inst * t->n_ind + k], prec);
		if (s->peers == 0) {
			fprintf(fp, "  %-48s %10s %10s %10s %10s %6s\n", t->names[k],
			        b[0], "-", "-", "-", "-");
			continue;
		}
		num(b[1], sizeof b[1], s->p25, prec);
		num(b[2], sizeof b[2], s->p50, prec);
		num(b[3], sizeof b[3], s->p75, prec);
		num(b[4], sizeof b[4], s->percentile, 0);
		fprintf(fp, "  %-48s %10s %10s %10s %10s %6s\n", t->names[k], b[0], b[1],
		        b[2], b[3], b[4]);
	}
	int any = 0;
	for (uint32_t k = 0; k < t->n_ind; k++) {
		const struct stats_peer *s = &row[k];
		if (s->peers == 0 || s->percentile < 75)
			continue;
		if (!any)
			fputs("\n  In the worst quarter of its peers:\n", fp);
		any = 1;
		int prec = ind_prec(k);
		num(b[0], sizeof b[0], t->value[(size_t)inst * t->n_ind + k], prec);
		num(b[1], sizeof b[1], s->p50, prec);
		num(b[2], sizeof b[2], s->percentile, 0);
		const char *model = strchr(t->names[k], ':');
		fprintf(fp,
		        "  - %s%s%s: %s, against a peer median of %s (percentile %s).\n",
		        ind_phrase(k), model ? " under " : "", model ? model + 1 : "",
		        b[0], b[1], b[2]);
	}
	if (!any)
		fputs("\n  It is in the worst quarter of its peers on no indicator.\n",
		      fp);
}

static void write_text(FILE *fp, const void *a)
{
	const struct prof_report *pr = a;
	const struct dataset *ds = pr->ds;
	const struct node *in = &ds->nodes[pr->p->inst];
	char share[32], assets[32];
	pct(share, sizeof share,
	    ds->total_assets > 0 ? in->total_assets / ds->total_assets : 0);
	fprintf(fp, "chokepoint %s: profile of %s (%s) in %s\n", PACKAGE_VERSION, in->id,
	        in->name, pr->data_dir);
	fprintf(fp, "Type %s; total assets %s (%s of the sector)%s.\n", in->type,
	        num(assets, sizeof assets, in->total_assets, 4), share,
	        in->systemic ? "; systemic" : "");
	text_services(fp, pr);
	text_providers(fp, pr);
	text_spof(fp, pr);
	text_fr(fp, pr);
	text_cuts(fp, pr);
	text_models(fp, pr);
	text_peers(fp, pr);
	fputs("\nEvery figure is defined in chokepoint-report(5), PROFILE FILES.\n", fp);
}

/* ---- files -------------------------------------------------------------- */

enum cp_status report_profile(const char *dir, const struct prof_report *pr, char *err,
                              size_t errsz)
{
	enum cp_status rc = CP_OK;
	rc = rc ? rc : outfile_write(dir, "profile.txt", write_text, pr, err, errsz);
	rc = rc ? rc : outfile_write(dir, "profile.json", write_json, pr, err, errsz);
	rc = rc ? rc
	        : outfile_write(dir, "indicators.csv", write_indicators, pr, err, errsz);
	rc = rc ? rc
	        : outfile_write(dir, "providers.csv", write_providers, pr, err, errsz);
	rc = rc ? rc : outfile_write(dir, "sources.csv", write_sources, pr, err, errsz);
	return rc;
}

struct all_args {
	const struct dataset *ds;
	const struct prof_table *t;
	const struct stats_peer *peer;
};

static void write_all(FILE *fp, const void *a)
{
	const struct all_args *w = a;
	indicators_header(fp);
	for (uint32_t i = 0; i < w->t->n_inst; i++)
		indicators_rows(fp, w->ds, w->t, w->peer, i);
}

enum cp_status report_profile_all(const char *dir, const struct dataset *ds,
                                  const struct prof_table *t,
                                  const struct stats_peer *peer, char *err, size_t errsz)
{
	struct all_args w = {ds, t, peer};
	return outfile_write(dir, "indicators.csv", write_all, &w, err, errsz);
}
