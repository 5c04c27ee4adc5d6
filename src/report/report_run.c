/*
 * report_run.c - CSV, JSON and text outputs of `run` (chokepoint-report(5)).
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/outfile.h"
#include "base/par.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/provenance.h"
#include "report/report.h"

void report_source_totals(const struct mc_result *res, double *svc, double *sys)
{
	/* the Shapley shares of a scope sum to its total exactly */
	*svc = (double)res->attr_total[MC_SCOPE_SERVICES];
	*sys = (double)res->attr_total[MC_SCOPE_SYSTEMIC];
}

const char *report_per(enum model_mode mode)
{
	return mode == MODE_ANNUAL ? "year" : "event";
}

void report_summarise(const struct mc_result *res, struct run_summary *out, int threads)
{
	memset(out, 0, sizeof *out);
	report_source_totals(res, &out->sources_svc_breaches, &out->sources_systemic);
	size_t T = res->trials;
	uint64_t ev = 0;
	for (size_t t = 0; t < T; t++) {
		out->n_systemic += res->t_systemic[t];
		out->n_threshold += res->t_threshold[t];
		ev += res->t_events[t];
	}
	/*
	 * The three figures are independent: one a thread.  The counts are
	 * summarised where they lie; the assets share needs a scratch copy
	 * to reorder (MC_TRIAL_BYTES counts it).
	 */
	int nt = threads < 1 ? 1 : threads < 3 ? threads : 3;
#pragma omp parallel sections num_threads(nt) if (nt > 1)
	{
#pragma omp section
		stats_summarise_counts(res->t_inst, T, &out->inst);
#pragma omp section
		stats_summarise_counts(res->t_svc, T, &out->svc);
#pragma omp section
		if (T > 0) {
			double *v = xreallocarray(NULL, T, sizeof *v);
			memcpy(v, res->t_assets, T * sizeof *v);
			stats_summarise_inplace(v, T, &out->assets);
			free(v);
		}
	}
	out->p_systemic = (double)out->n_systemic / (double)T;
	stats_wilson(out->n_systemic, T, &out->p_systemic_lo, &out->p_systemic_hi);
	out->p_threshold = (double)out->n_threshold / (double)T;
	stats_wilson(out->n_threshold, T, &out->p_threshold_lo, &out->p_threshold_hi);
	out->mean_events = (double)ev / (double)T;
}

/* ---- CSV -------------------------------------------------------------- */

/* What a row or element of the per-service, per-institution and
 * per-source outputs reads (emit_items' argument: shared, read only). */
struct unit_arg {
	const struct dataset *ds;
	const struct mc_result *res;
	const struct run_summary *sum; /* for the sources' shares */
};

/* Row s of services.csv. */
static int service_row(struct emit_buf *b, const void *a, size_t k)
{
	const struct unit_arg *u = a;
	const struct dataset *ds = u->ds;
	const struct mc_result *res = u->res;
	uint32_t s = (uint32_t)k;
	const struct node *v = &ds->nodes[ds->first_kind[NODE_SERVICE] + s];
	double T = (double)res->trials, lo, hi;
	stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
	eb_csv(b, v->id);
	eb_sep_str(b, ds->nodes[v->institution].id);
	eb_sep_str(b, v->type);
	eb_sep_num(b, v->tolerance_hours, 4);
	eb_sep_num(b, (double)res->svc_affected[s] / T, 8);
	eb_sep_num(b, (double)res->svc_breach_trials[s] / T, 8);
	eb_sep_num(b, lo, 8);
	eb_sep_num(b, hi, 8);
	eb_sep_num(b, (double)res->svc_breaches[s] / T, 8);
	eb_sep_num(b, res->svc_down_sum[s] / T, 4);
	eb_sep_num(b, mc_service_quantile(res, s, 0.50), 4);
	eb_sep_num(b, mc_service_quantile(res, s, 0.95), 4);
	eb_sep_num(b, mc_service_quantile(res, s, 0.99), 4);
	eb_putc(b, ',');
	eb_puts(b, report_per(res->mode));
	eb_putc(b, '\n');
	return 0;
}

static void write_services(FILE *fp, const struct dataset *ds, const struct mc_result *res)
{
	fputs("service,institution,category,tolerance_hours,p_affected,p_breach,"
	      "p_breach_lo,p_breach_hi,expected_breaches,mean_downtime_hours,"
	      "downtime_p50,downtime_p95,downtime_p99,per\n", fp);
	struct unit_arg u = {ds, res, NULL};
	emit_items(fp, res->n_services, service_row, &u, res->threads);
}

/* Row i of institutions.csv. */
static int institution_row(struct emit_buf *b, const void *a, size_t i)
{
	const struct unit_arg *u = a;
	const struct mc_result *res = u->res;
	const struct node *v = &u->ds->nodes[i];
	double T = (double)res->trials, lo, hi;
	stats_wilson(res->inst_breach_trials[i], res->trials, &lo, &hi);
	eb_csv(b, v->id);
	eb_sep_str(b, v->type);
	eb_sep_num(b, v->total_assets, 6);
	eb_sep_uint(b, (uint64_t)(v->systemic != 0));
	eb_sep_uint(b, v->n_services);
	eb_sep_num(b, (double)res->inst_breach_trials[i] / T, 8);
	eb_sep_num(b, lo, 8);
	eb_sep_num(b, hi, 8);
	eb_sep_num(b, (double)res->inst_svc_breached[i] / T, 8);
	eb_putc(b, ',');
	eb_puts(b, report_per(res->mode));
	eb_putc(b, '\n');
	return 0;
}

static void write_institutions(FILE *fp, const struct dataset *ds,
                               const struct mc_result *res)
{
	fputs("institution,type,total_assets,systemic,services,p_breach,p_breach_lo,"
	      "p_breach_hi,expected_services_breached,per\n", fp);
	struct unit_arg u = {ds, res, NULL};
	emit_items(fp, res->n_institutions, institution_row, &u, res->threads);
}

const char *const report_sector_metric[REPORT_SECTOR_METRICS] = {
    "institutions_breached", "assets_share_breached", "services_breached"};

const struct stats_summary *report_sector_stat(const struct run_summary *sum, int k)
{
	return k == 0 ? &sum->inst : k == 1 ? &sum->assets : &sum->svc;
}

static void write_sector(FILE *fp, const struct mc_result *res,
                         const struct run_summary *sum)
{
	const char *per = report_per(res->mode);
	fputs("metric,mean,lo,hi,sd,p50,p90,p95,p99,p99_5,p99_9,max,per\n", fp);
	for (int k = 0; k < REPORT_SECTOR_METRICS; k++) {
		const struct stats_summary *s = report_sector_stat(sum, k);
		int prec = k == 1 ? 8 : 4;
		fputs(report_sector_metric[k], fp);
		const double vals[] = { s->mean, s->lo, s->hi, s->sd, s->p50, s->p90,
			s->p95, s->p99, s->p99_5, s->p99_9, s->max };
		for (size_t j = 0; j < sizeof vals / sizeof vals[0]; j++)
			emit_sep_num(fp, vals[j], prec);
		fprintf(fp, ",%s\n", per);
	}
	fputs("p_systemic", fp);
	emit_sep_num(fp, sum->p_systemic, 8);
	emit_sep_num(fp, sum->p_systemic_lo, 8);
	emit_sep_num(fp, sum->p_systemic_hi, 8);
	fprintf(fp, ",,,,,,,,,%s\n", per);
	fputs("p_assets_threshold", fp);
	emit_sep_num(fp, sum->p_threshold, 8);
	emit_sep_num(fp, sum->p_threshold_lo, 8);
	emit_sep_num(fp, sum->p_threshold_hi, 8);
	fprintf(fp, ",,,,,,,,,%s\n", per);
}

/* Row k of sources.csv. */
static int source_row(struct emit_buf *b, const void *a, size_t k)
{
	const struct unit_arg *u = a;
	const struct mc_result *res = u->res;
	const double T = (double)res->trials, tsvc = u->sum->sources_svc_breaches,
	             tsys = u->sum->sources_systemic;
	const struct mc_source *s = &res->sources[k];
	eb_csv(b, s->name);
	eb_puts(b, s->kind == SOURCE_BASELINE ? ",baseline" : ",shock");
	eb_sep_num(b, res->src_events[k] / T, 8);
	eb_sep_num(b, res->src_svc_breaches[k] / T, 8);
	eb_sep_num(b, res->src_inst_breaches[k] / T, 8);
	eb_sep_num(b, tsvc > 0 ? res->src_svc_breaches[k] / tsvc : 0, 8);
	eb_sep_num(b, tsys > 0 ? res->src_systemic[k] / tsys : 0, 8);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		eb_sep_num(b, (double)res->attr_alone[sc][k] / T, 8);
		eb_sep_num(b, (double)res->attr_necessary[sc][k] / T, 8);
		eb_sep_num(b, (double)res->attr_shapley[sc][k] / MC_SHAPLEY_UNIT / T, 8);
	}
	eb_putc(b, ',');
	eb_puts(b, report_per(res->mode));
	eb_putc(b, '\n');
	return 0;
}

static void write_sources(FILE *fp, const struct mc_result *res,
                          const struct run_summary *sum)
{
	fputs("source,kind,events_per_trial,service_breaches_per_trial,"
	      "institution_breaches_per_trial,share_of_breaches,share_of_systemic,"
	      "services_alone,services_necessary,services_shapley,"
	      "institutions_alone,institutions_necessary,institutions_shapley,"
	      "systemic_alone,systemic_necessary,systemic_shapley,per\n",
	      fp);
	struct unit_arg u = {NULL, res, sum};
	emit_items(fp, res->n_sources, source_row, &u, res->threads);
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *stats_json(const struct stats_summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "mean", emit_jnum(s->mean));
	json_object_set_new(o, "lo", emit_jnum(s->lo));
	json_object_set_new(o, "hi", emit_jnum(s->hi));
	json_object_set_new(o, "sd", emit_jnum(s->sd));
	json_object_set_new(o, "p50", emit_jnum(s->p50));
	json_object_set_new(o, "p90", emit_jnum(s->p90));
	json_object_set_new(o, "p95", emit_jnum(s->p95));
	json_object_set_new(o, "p99", emit_jnum(s->p99));
	json_object_set_new(o, "p99_5", emit_jnum(s->p99_5));
	json_object_set_new(o, "p99_9", emit_jnum(s->p99_9));
	json_object_set_new(o, "max", emit_jnum(s->max));
	return o;
}

/* Element s of summary.json's "services". */
static json_t *service_json(const struct dataset *ds, const struct mc_result *res,
                            uint32_t s)
{
	double T = (double)res->trials;
	const struct node *v = &ds->nodes[ds->first_kind[NODE_SERVICE] + s];
	double lo, hi;
	stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
	json_t *o = json_object();
	json_object_set_new(o, "service", json_string(v->id));
	json_object_set_new(o, "institution", json_string(ds->nodes[v->institution].id));
	json_object_set_new(o, "category", json_string(v->type));
	json_object_set_new(o, "tolerance_hours", emit_jnum(v->tolerance_hours));
	json_object_set_new(o, "p_affected", emit_jnum((double)res->svc_affected[s] / T));
	json_object_set_new(o, "p_breach",
	                    emit_jnum((double)res->svc_breach_trials[s] / T));
	json_object_set_new(o, "p_breach_lo", emit_jnum(lo));
	json_object_set_new(o, "p_breach_hi", emit_jnum(hi));
	json_object_set_new(o, "expected_breaches",
	                    emit_jnum((double)res->svc_breaches[s] / T));
	json_object_set_new(o, "mean_downtime_hours",
	                    emit_jnum(res->svc_down_sum[s] / T));
	json_object_set_new(o, "downtime_p50",
	                    emit_jnum(mc_service_quantile(res, s, 0.50)));
	json_object_set_new(o, "downtime_p95",
	                    emit_jnum(mc_service_quantile(res, s, 0.95)));
	json_object_set_new(o, "downtime_p99",
	                    emit_jnum(mc_service_quantile(res, s, 0.99)));
	return o;
}

/* Element i of summary.json's "institutions". */
static json_t *institution_json(const struct dataset *ds, const struct mc_result *res,
                                uint32_t i)
{
	double T = (double)res->trials;
	const struct node *v = &ds->nodes[i];
	double lo, hi;
	stats_wilson(res->inst_breach_trials[i], res->trials, &lo, &hi);
	json_t *o = json_object();
	json_object_set_new(o, "institution", json_string(v->id));
	json_object_set_new(o, "type", json_string(v->type));
	json_object_set_new(o, "total_assets", emit_jnum(v->total_assets));
	json_object_set_new(o, "systemic", json_boolean(v->systemic));
	json_object_set_new(o, "services", json_integer(v->n_services));
	json_object_set_new(o, "p_breach",
	                    emit_jnum((double)res->inst_breach_trials[i] / T));
	json_object_set_new(o, "p_breach_lo", emit_jnum(lo));
	json_object_set_new(o, "p_breach_hi", emit_jnum(hi));
	json_object_set_new(o, "expected_services_breached",
	                    emit_jnum((double)res->inst_svc_breached[i] / T));
	return o;
}

/* service_json's element written directly (emit.h, jw_*). */
static void service_jw(struct emit_jw *j, const struct dataset *ds,
                       const struct mc_result *res, uint32_t s)
{
	double T = (double)res->trials;
	const struct node *v = &ds->nodes[ds->first_kind[NODE_SERVICE] + s];
	double lo, hi;
	stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
	jw_open(j, '{');
	jw_key(j, "service");
	jw_str(j, v->id);
	jw_key(j, "institution");
	jw_str(j, ds->nodes[v->institution].id);
	jw_key(j, "category");
	jw_str(j, v->type);
	jw_key(j, "tolerance_hours");
	jw_num(j, v->tolerance_hours);
	jw_key(j, "p_affected");
	jw_num(j, (double)res->svc_affected[s] / T);
	jw_key(j, "p_breach");
	jw_num(j, (double)res->svc_breach_trials[s] / T);
	jw_key(j, "p_breach_lo");
	jw_num(j, lo);
	jw_key(j, "p_breach_hi");
	jw_num(j, hi);
	jw_key(j, "expected_breaches");
	jw_num(j, (double)res->svc_breaches[s] / T);
	jw_key(j, "mean_downtime_hours");
	jw_num(j, res->svc_down_sum[s] / T);
	jw_key(j, "downtime_p50");
	jw_num(j, mc_service_quantile(res, s, 0.50));
	jw_key(j, "downtime_p95");
	jw_num(j, mc_service_quantile(res, s, 0.95));
	jw_key(j, "downtime_p99");
	jw_num(j, mc_service_quantile(res, s, 0.99));
	jw_close(j, '}');
}

/* institution_json's element written directly. */
static void institution_jw(struct emit_jw *j, const struct dataset *ds,
                           const struct mc_result *res, uint32_t i)
{
	double T = (double)res->trials;
	const struct node *v = &ds->nodes[i];
	double lo, hi;
	stats_wilson(res->inst_breach_trials[i], res->trials, &lo, &hi);
	jw_open(j, '{');
	jw_key(j, "institution");
	jw_str(j, v->id);
	jw_key(j, "type");
	jw_str(j, v->type);
	jw_key(j, "total_assets");
	jw_num(j, v->total_assets);
	jw_key(j, "systemic");
	jw_bool(j, v->systemic);
	jw_key(j, "services");
	jw_int(j, v->n_services);
	jw_key(j, "p_breach");
	jw_num(j, (double)res->inst_breach_trials[i] / T);
	jw_key(j, "p_breach_lo");
	jw_num(j, lo);
	jw_key(j, "p_breach_hi");
	jw_num(j, hi);
	jw_key(j, "expected_services_breached");
	jw_num(j, (double)res->inst_svc_breached[i] / T);
	jw_close(j, '}');
}

/* The attribution scopes of a source's element, in order. */
static const char *const source_scope[MC_N_SCOPES] = {"services", "institutions",
                                                     "systemic"};

/* Element k of summary.json's "sources". */
static json_t *source_json(const struct mc_result *res, const struct run_summary *sum,
                           size_t k)
{
	const double T = (double)res->trials, tsvc = sum->sources_svc_breaches,
	             tsys = sum->sources_systemic;
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(res->sources[k].name));
	json_object_set_new(o, "kind", json_string(res->sources[k].kind == SOURCE_BASELINE
	                                           ? "baseline" : "shock"));
	json_object_set_new(o, "events_per_trial", emit_jnum(res->src_events[k] / T));
	json_object_set_new(o, "service_breaches_per_trial",
	                    emit_jnum(res->src_svc_breaches[k] / T));
	json_object_set_new(o, "institution_breaches_per_trial",
	                    emit_jnum(res->src_inst_breaches[k] / T));
	json_object_set_new(o, "share_of_breaches",
	                    emit_jnum(tsvc > 0 ? res->src_svc_breaches[k] / tsvc : 0));
	json_object_set_new(o, "share_of_systemic",
	                    emit_jnum(tsys > 0 ? res->src_systemic[k] / tsys : 0));
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		json_t *a = json_object();
		json_object_set_new(a, "alone", emit_jnum((double)res->attr_alone[sc][k] / T));
		json_object_set_new(a, "necessary",
		                    emit_jnum((double)res->attr_necessary[sc][k] / T));
		json_object_set_new(a, "shapley",
		                    emit_jnum((double)res->attr_shapley[sc][k] /
		                              MC_SHAPLEY_UNIT / T));
		json_object_set_new(o, source_scope[sc], a);
	}
	return o;
}

/* source_json's element written directly. */
static void source_jw(struct emit_jw *j, const struct mc_result *res,
                      const struct run_summary *sum, size_t k)
{
	const double T = (double)res->trials, tsvc = sum->sources_svc_breaches,
	             tsys = sum->sources_systemic;
	jw_open(j, '{');
	jw_key(j, "source");
	jw_str(j, res->sources[k].name);
	jw_key(j, "kind");
	jw_str(j, res->sources[k].kind == SOURCE_BASELINE ? "baseline" : "shock");
	jw_key(j, "events_per_trial");
	jw_num(j, res->src_events[k] / T);
	jw_key(j, "service_breaches_per_trial");
	jw_num(j, res->src_svc_breaches[k] / T);
	jw_key(j, "institution_breaches_per_trial");
	jw_num(j, res->src_inst_breaches[k] / T);
	jw_key(j, "share_of_breaches");
	jw_num(j, tsvc > 0 ? res->src_svc_breaches[k] / tsvc : 0);
	jw_key(j, "share_of_systemic");
	jw_num(j, tsys > 0 ? res->src_systemic[k] / tsys : 0);
	for (int sc = 0; sc < MC_N_SCOPES; sc++) {
		jw_key(j, source_scope[sc]);
		jw_open(j, '{');
		jw_key(j, "alone");
		jw_num(j, (double)res->attr_alone[sc][k] / T);
		jw_key(j, "necessary");
		jw_num(j, (double)res->attr_necessary[sc][k] / T);
		jw_key(j, "shapley");
		jw_num(j, (double)res->attr_shapley[sc][k] / MC_SHAPLEY_UNIT / T);
		jw_close(j, '}');
	}
	jw_close(j, '}');
}

/* The long arrays of summary.json, streamed by report_json_write. */
enum elem_kind { ELEM_SERVICES, ELEM_INSTITUTIONS, ELEM_SOURCES };

/* An element of a long array for emit_items. */
struct elem_arg {
	struct unit_arg u;
	enum elem_kind kind;
	int in; /* the array's member indent */
};

/* Element i of a long array, written directly. */
static void elem_direct(struct emit_jw *j, const void *arg, size_t i)
{
	const struct elem_arg *ea = arg;
	switch (ea->kind) {
	case ELEM_SERVICES:
		service_jw(j, ea->u.ds, ea->u.res, (uint32_t)i);
		break;
	case ELEM_INSTITUTIONS:
		institution_jw(j, ea->u.ds, ea->u.res, (uint32_t)i);
		break;
	case ELEM_SOURCES:
		source_jw(j, ea->u.res, ea->u.sum, i);
		break;
	}
}

/* The same element as a jansson tree, when jansson would write it otherwise. */
static json_t *elem_tree(const void *arg, size_t i)
{
	const struct elem_arg *ea = arg;
	switch (ea->kind) {
	case ELEM_SERVICES:
		return service_json(ea->u.ds, ea->u.res, (uint32_t)i);
	case ELEM_INSTITUTIONS:
		return institution_json(ea->u.ds, ea->u.res, (uint32_t)i);
	case ELEM_SOURCES:
		break;
	}
	return source_json(ea->u.res, ea->u.sum, i);
}

/* Element i with the separator before it (emit_items). */
static int elem_item(struct emit_buf *b, const void *arg, size_t i)
{
	const struct elem_arg *ea = arg;
	return emit_array_item(b, i, ea->in, elem_direct, elem_tree, ea);
}

/*
 * The document of report_json; with 'stream', "services",
 * "institutions" and "sources" (at EU scale nearly all of its 40 MB,
 * several times that as a jansson tree) hold a placeholder null for
 * report_json_write.
 */
static json_t *build_json(const struct model *m, const struct dataset *ds,
                          const struct mc_result *res, const struct run_summary *sum,
                          const char *data_dir, int stream)
{
	json_t *root = json_object();
	json_object_set_new(root, "program", json_string("chokepoint " PACKAGE_VERSION));
	json_object_set_new(root, "per", json_string(report_per(m->mode)));
	json_t *jo = json_array();
	for (size_t k = 0; k < m->n_overrides; k++) {
		const struct override *o = &m->overrides[k];
		json_t *x = json_object();
		json_object_set_new(x, "option", json_string(o->file));
		json_object_set_new(x, "key", json_string(o->key));
		json_object_set_new(x, "value", json_string(o->value));
		json_array_append_new(jo, x);
	}
	json_object_set_new(root, "overrides", jo);

	json_t *jm = json_object();
	json_object_set_new(jm, "name", json_string(m->name));
	json_object_set_new(jm, "title", json_string(m->title ? m->title : ""));
	json_object_set_new(jm, "description", json_string(m->description ? m->description : ""));
	json_object_set_new(jm, "file", json_string(m->path));
	json_object_set_new(jm, "mode", json_string(model_mode_name(m->mode)));
	json_object_set_new(jm, "trials", json_integer((json_int_t)m->trials));
	char seed[32];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
	json_object_set_new(jm, "seed", json_string(seed));
	json_object_set_new(jm, "systemic_assets_share",
	                    emit_jnum(m->systemic_assets_share));
	json_object_set_new(jm, "systemic_min_institutions",
	                    json_integer(m->systemic_min_institutions));
	json_object_set_new(jm, "baseline", json_boolean(model_baseline(m)));
	json_object_set_new(jm, "window_hours", emit_jnum(m->window_hours));
	json_t *shocks = json_array();
	for (size_t k = 0; k < m->n_shocks; k++) {
		const struct shock *sh = &m->shocks[k];
		char dur[128];
		dist_format(&sh->duration, dur, sizeof dur);
		json_t *js = json_object();
		json_object_set_new(js, "name", json_string(sh->name));
		json_object_set_new(js, "targets", json_string(sh->targets));
		json_object_set_new(js, "target_type", json_string(sh->target_type ? sh->target_type : ""));
		json_object_set_new(js, "matched", json_integer(sh->n_targets));
		if (sh->has_probability)
			json_object_set_new(js, "probability",
			                    emit_jnum(sh->probability));
		if (sh->has_frequency)
			json_object_set_new(js, "frequency", emit_jnum(sh->frequency));
		json_object_set_new(js, "hit_probability",
		                    emit_jnum(sh->hit_probability));
		json_object_set_new(js, "duration", json_string(dur));
		json_object_set_new(js, "shared_duration", json_boolean(sh->shared_duration));
		json_array_append_new(shocks, js);
	}
	json_object_set_new(jm, "shocks", shocks);
	json_object_set_new(jm, "text", json_string(m->text ? m->text : ""));
	char *eff = prov_model_text(m, data_dir);
	json_object_set_new(jm, "text_after_overrides", json_string(eff));
	free(eff);
	if (m->text) {
		char hex[SHA256_HEX];
		prov_sha256(m->text, strlen(m->text), hex);
		json_object_set_new(jm, "sha256", json_string(hex));
	}
	json_object_set_new(root, "model", jm);

	json_t *jd = json_object();
	json_object_set_new(jd, "dir", json_string(data_dir));
	json_object_set_new(jd, "institutions", json_integer(ds->n_kind[NODE_INSTITUTION]));
	json_object_set_new(jd, "services", json_integer(ds->n_kind[NODE_SERVICE]));
	json_object_set_new(jd, "providers",
	                    json_integer(ds->n_kind[NODE_VENDOR] + ds->n_kind[NODE_CLOUD]));
	json_object_set_new(jd, "edges", json_integer(ds->n_deps));
	json_object_set_new(jd, "total_assets", emit_jnum(ds->total_assets));
	json_t *prov = prov_dataset(ds);
	if (prov) {
		json_object_set(jd, "files", json_object_get(prov, "files"));
		json_object_set(jd, "fingerprint", json_object_get(prov, "fingerprint"));
		json_decref(prov);
	}
	json_object_set_new(root, "data", jd);

	json_t *jr = json_object();
	json_object_set_new(jr, "rng", json_string("splitmix64, one stream per (trial, source)"));
	json_object_set_new(jr, "block_trials", json_integer(MC_BLOCK));
	json_object_set_new(jr, "stream_key", json_string("mix(mix(mix(seed) ^ trial) ^ stream), stream = provider node index or nodes + shock index"));
	json_object_set_new(jr, "trials", json_integer((json_int_t)res->trials));
	if (res->precision_checked) {
		json_t *jp = json_object();
		json_object_set_new(jp, "target", json_string(mc_target_name(res->target_used)));
		json_object_set_new(jp, "estimate", emit_jnum(res->target_estimate));
		json_object_set_new(jp, "half_width", emit_jnum(res->target_half_width));
		json_object_set_new(jp, "met", json_boolean(res->precision_met));
		json_object_set_new(jr, "precision", jp);
	}
	json_object_set_new(root, "monte_carlo", jr);

	json_t *js = json_object();
	for (int k = 0; k < REPORT_SECTOR_METRICS; k++)
		json_object_set_new(js, report_sector_metric[k],
		                    stats_json(report_sector_stat(sum, k)));
	json_t *jp = json_object();
	json_object_set_new(jp, "mean", emit_jnum(sum->p_systemic));
	json_object_set_new(jp, "lo", emit_jnum(sum->p_systemic_lo));
	json_object_set_new(jp, "hi", emit_jnum(sum->p_systemic_hi));
	json_object_set_new(js, "p_systemic", jp);
	jp = json_object();
	json_object_set_new(jp, "mean", emit_jnum(sum->p_threshold));
	json_object_set_new(jp, "lo", emit_jnum(sum->p_threshold_lo));
	json_object_set_new(jp, "hi", emit_jnum(sum->p_threshold_hi));
	json_object_set_new(js, "p_assets_threshold", jp);
	uint32_t *big = xcalloc((size_t)ds->n_kind[NODE_INSTITUTION] + 1, sizeof *big);
	uint32_t nbig = model_large_institutions(ds, m->systemic_assets_share, big);
	json_t *jb = json_array();
	for (uint32_t k = 0; k < nbig; k++) {
		json_t *o = json_object();
		json_object_set_new(o, "institution", json_string(ds->nodes[big[k]].id));
		json_object_set_new(o, "assets_share",
		                    emit_jnum(ds->nodes[big[k]].total_assets / ds->total_assets));
		json_array_append_new(jb, o);
	}
	free(big);
	json_object_set_new(js, "institutions_at_threshold_alone", jb);
	json_object_set_new(js, "events_per_trial", emit_jnum(sum->mean_events));
	json_object_set_new(root, "sector", js);

	/* streamed: report_json_write writes them element by element */
	json_t *jsv = stream ? json_null() : json_array();
	for (uint32_t s = 0; !stream && s < res->n_services; s++)
		json_array_append_new(jsv, service_json(ds, res, s));
	json_object_set_new(root, "services", jsv);

	json_t *ji = stream ? json_null() : json_array();
	for (uint32_t i = 0; !stream && i < res->n_institutions; i++)
		json_array_append_new(ji, institution_json(ds, res, i));
	json_object_set_new(root, "institutions", ji);

	json_t *jso = stream ? json_null() : json_array();
	for (size_t k = 0; !stream && k < res->n_sources; k++)
		json_array_append_new(jso, source_json(res, sum, k));
	json_object_set_new(root, "sources", jso);

	/* Machine-dependent provenance: the only part that varies between
	 * runs with the same inputs (see chokepoint-report(5)). */
	json_t *run = json_object();
	json_object_set_new(run, "threads", json_integer(res->threads));
	if (par_built_with_mpi()) /* the MPI ranks that shared the trials */
		json_object_set_new(run, "mpi_ranks", json_integer(res->ranks));
	json_object_set_new(run, "wall_seconds", emit_jnum(res->wall_seconds));
	json_object_set_new(root, "run", run);
	return root;
}

json_t *report_json(const struct model *m, const struct dataset *ds,
                    const struct mc_result *res, const struct run_summary *sum,
                    const char *data_dir)
{
	return build_json(m, ds, res, sum, data_dir, 0);
}

/*
 * The document at nesting depth 'depth', byte for byte what
 * json_dumpf(EMIT_JSON_FLAGS) writes for report_json's tree there: "{",
 * each member as "\n" + 2 (depth + 1) spaces + "KEY: VALUE" separated by
 * ",", then "\n" + 2 depth spaces + "}"; the three long arrays as "[", each
 * element after "\n" + 2 (depth + 2) spaces, separated by ",", then "\n" +
 * 2 (depth + 1) spaces + "]" ("[]" when empty).
 */
int report_json_write(FILE *fp, const struct model *m, const struct dataset *ds,
                      const struct mc_result *res, const struct run_summary *sum,
                      const char *data_dir, int depth)
{
	json_t *head = build_json(m, ds, res, sum, data_dir, 1);
	const char *key;
	json_t *value;
	int first = 1, bad = 0, in = 2 * (depth + 1);
	fputc('{', fp);
	json_object_foreach(head, key, value) {
		fprintf(fp, "%s\n%*s", first ? "" : ",", in, "");
		first = 0;
		json_t *k = json_string(key);
		bad |= emit_json_at(fp, k, in);
		json_decref(k);
		fputs(": ", fp);
		enum elem_kind kind = ELEM_SERVICES;
		size_t n = 0;
		int streamed = 1;
		if (strcmp(key, "services") == 0)
			n = res->n_services;
		else if (strcmp(key, "institutions") == 0)
			kind = ELEM_INSTITUTIONS, n = res->n_institutions;
		else if (strcmp(key, "sources") == 0)
			kind = ELEM_SOURCES, n = res->n_sources;
		else
			streamed = 0;
		if (streamed) {
			struct elem_arg ea = {{ds, res, sum}, kind, in};
			fputc('[', fp);
			bad |= emit_items(fp, n, elem_item, &ea, res->threads);
			if (n)
				fprintf(fp, "\n%*s", in, "");
			fputc(']', fp);
		} else {
			bad |= emit_json_at(fp, value, in);
		}
	}
	if (!first)
		fprintf(fp, "\n%*s", 2 * depth, "");
	fputc('}', fp);
	json_decref(head);
	return bad ? -1 : 0;
}

/* ---- text ------------------------------------------------------------- */

struct rank {
	uint32_t i;
	double key, key2;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	if (x->key2 != y->key2)
		return x->key2 > y->key2 ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* A probability as words: "45 % of" or "1 in 40", to precede "simulated years". */
static void one_in(char *buf, size_t size, double p)
{
	if (p <= 0)
		snprintf(buf, size, "none of the");
	else if (p > 0.99)
		snprintf(buf, size, "%.1f%% of", 100 * p);
	else if (p >= 0.1)
		snprintf(buf, size, "%.0f%% of", 100 * p);
	else
		snprintf(buf, size, "1 in %.0f", 1 / p);
}

/* text wrapped at 74 columns, 'first' before its first line and 'next'
 * before the others */
static void wrap_text(FILE *fp, const char *first, const char *next, const char *text)
{
	const char *p = text, *prefix = first;
	while (*p) {
		size_t width = 74 - strlen(prefix), len = strlen(p), cut = len;
		if (len > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = strcspn(p, " ");
		}
		fprintf(fp, "%s%.*s\n", prefix, (int)cut, p);
		prefix = next;
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/* One finding: "  - " and the text wrapped at 74 columns. */
static void finding(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	wrap_text(fp, "  - ", "    ", text);
	free(text);
}

/* An indented paragraph, wrapped at 74 columns. */
static void para(FILE *fp, const char *first, const char *next, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void para(FILE *fp, const char *first, const char *next, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	wrap_text(fp, first, next, text);
	free(text);
}

/* The share as a percentage for text: "10", "12.5". */
static void pct(char *buf, size_t size, double share)
{
	fmt_num(buf, size, 100 * share, 2);
}

/*
 * Services ranked as the text shows them, the sentence and the table
 * alike: by p_breach, then mean downtime, then data set order.  Sources:
 * by service breaches, then events, then model order.
 */
static struct rank *rank_services(const struct mc_result *res)
{
	struct rank *r = xcalloc((size_t)res->n_services + 1, sizeof *r);
	for (uint32_t s = 0; s < res->n_services; s++)
		r[s] = (struct rank){ s, (double)res->svc_breach_trials[s], res->svc_down_sum[s] };
	qsort(r, res->n_services, sizeof *r, cmp_rank);
	return r;
}

static struct rank *rank_sources(const struct mc_result *res)
{
	struct rank *r = xcalloc(res->n_sources + 1, sizeof *r);
	for (size_t k = 0; k < res->n_sources; k++)
		r[k] = (struct rank){ (uint32_t)k, res->src_svc_breaches[k], res->src_events[k] };
	qsort(r, res->n_sources, sizeof *r, cmp_rank);
	return r;
}

/* Services tied with the first of the ranking r on p_breach (>= 1). */
static uint32_t top_ties(const struct mc_result *res, const struct rank *r)
{
	uint32_t n = 1;
	while (n < res->n_services &&
	       res->svc_breach_trials[r[n].i] == res->svc_breach_trials[r[0].i])
		n++;
	return n;
}

/* Key findings as sentences built from the figures. */
static void write_findings(FILE *fp, const struct model *m, const struct dataset *ds,
                           const struct mc_result *res, const struct run_summary *sum,
                           const struct rank *svc_rank, const struct rank *src_rank)
{
	const int annual = m->mode == MODE_ANNUAL;
	const char *unit = annual ? "simulated years" : "simulated events";
	const double T = (double)res->trials;
	const uint32_t n_min = m->systemic_min_institutions;
	char a[64], share[32], who[160];
	pct(share, sizeof share, m->systemic_assets_share);
	if (n_min > 1)
		snprintf(who, sizeof who, "at least %u institutions, together holding at least "
		         "%s%% of the sector's assets,", n_min, share);
	else
		snprintf(who, sizeof who, "institutions holding at least %s%% of the sector's "
		         "assets", share);
	fputs("\nKey findings\n", fp);
	one_in(a, sizeof a, sum->p_systemic);
	if (sum->n_systemic == 0)
		finding(fp, "In none of the %llu %s did %s breach an impact tolerance in the "
		        "same event (95%% upper bound on the chance: %.4f%%).",
		        (unsigned long long)res->trials, unit, who, 100 * sum->p_systemic_hi);
	else
		finding(fp, "In %s %s, %s breach an impact tolerance in the same event (a "
		        "systemic event).", a, unit, who);
	if (sum->n_threshold != sum->n_systemic) {
		one_in(a, sizeof a, sum->p_threshold);
		finding(fp, "Counting also events in which fewer than %u institutions reach "
		        "that share (one large institution alone will do), the asset "
		        "threshold is reached in %s %s (p_assets_threshold).", n_min, a, unit);
	}
	if (sum->inst.p99 > 0)
		finding(fp, "In 1 in 100 %s, at least %.0f institutions breach in the same "
		        "event; in 1 in 100, institutions holding at least %.1f%% of total "
		        "assets do.", unit, sum->inst.p99, 100 * sum->assets.p99);
	else
		finding(fp, "In 99 in 100 %s, no institution breaches.", unit);
	/* the most exposed service, first of the table's order, and its ties */
	uint32_t s0 = ds->first_kind[NODE_SERVICE];
	if (res->n_services > 0 && res->svc_breach_trials[svc_rank[0].i] > 0) {
		uint32_t best = svc_rank[0].i, ties = top_ties(res, svc_rank);
		const struct node *v = &ds->nodes[s0 + best];
		char tol[32];
		fmt_num(tol, sizeof tol, v->tolerance_hours, 2);
		one_in(a, sizeof a, (double)res->svc_breach_trials[best] / T);
		if (ties == 1)
			finding(fp, "The service most often beyond its impact tolerance is %s of "
			        "%s (tolerance %s h): in %s %s.", v->id,
			        ds->nodes[v->institution].id, tol, a, unit);
		else
			finding(fp, "The service most often beyond its impact tolerance is %s of "
			        "%s (tolerance %s h), one of %u services tied at %s %s; it is "
			        "the first of them in the table below (by mean downtime, then "
			        "data set order).", v->id,
			        ds->nodes[v->institution].id, tol, ties, a, unit);
	}
	const double total = sum->sources_svc_breaches;
	if (res->n_sources > 0 && total > 0) {
		size_t top = src_rank[0].i;
		finding(
		    fp,
		    "The source with the largest share of service breaches is %s (%s): "
		    "%.1f%% of all of them by Shapley share%s; it caused %.1f%% of all "
		    "on its own and %.1f%% would not have happened without it (see the "
		    "note under the sources table).",
		    res->sources[top].name,
		    res->sources[top].kind == SOURCE_BASELINE ? "its own outages"
		                                              : "a shock",
		    100 * res->src_svc_breaches[top] / total,
		    annual ? ", over every event of the years, the worst or not" : "",
		    100 * (double)res->attr_alone[MC_SCOPE_SERVICES][top] / total,
		    100 * (double)res->attr_necessary[MC_SCOPE_SERVICES][top] / total);
	}
}

/*
 * Expected breaches by institution type and by service category, types in
 * the order they first appear in the data set (dataset_number_types).
 */
static void write_by_group(FILE *fp, const struct dataset *ds, const struct mc_result *res)
{
	const double T = (double)res->trials;
	char head[32];
	snprintf(head, sizeof head, "in breach/%s", report_per(res->mode));
	for (int pass = 0; pass < 2; pass++) {
		enum node_kind kind = pass ? NODE_SERVICE : NODE_INSTITUTION;
		uint32_t n = ds->n_kind[kind];
		uint32_t *type_of = xcalloc((size_t)n + 1, sizeof *type_of);
		const char **type = xcalloc((size_t)n + 1, sizeof *type);
		uint32_t nt = dataset_number_types(ds, kind, type_of, type);
		uint32_t *count = xcalloc((size_t)nt + 1, sizeof *count);
		double *exp_breach = xcalloc((size_t)nt + 1, sizeof *exp_breach);
		for (uint32_t i = 0; i < n; i++) { /* summed in node order */
			count[type_of[i]]++;
			exp_breach[type_of[i]] += (double)(pass ? res->svc_breach_trials[i]
			                                        : res->inst_breach_trials[i]) / T;
		}
		fprintf(fp, pass ? "\nBreaches by service category\n"
		                   "  %-22s %12s %16s %9s\n"
		                 : "\nBreaches by institution type\n"
		                   "  %-22s %12s %16s %9s\n",
		        pass ? "category" : "type", pass ? "services" : "institutions",
		        head, "share");
		for (uint32_t t = 0; t < nt; t++)
			fprintf(fp, "  %-22.22s %12u %16.3f %8.2f%%\n", type[t], count[t],
			        exp_breach[t], 100 * exp_breach[t] / count[t]);
		free(exp_breach);
		free(count);
		free(type);
		free(type_of);
	}
}

/* "Overrides" at the top: what the command line changed in the model. */
static void write_overrides(FILE *fp, const struct model *m)
{
	if (m->n_overrides == 0)
		return;
	int titled = (m->title && *m->title) || (m->description && *m->description);
	int variant = 0;
	for (size_t k = 0; k < m->n_overrides; k++)
		variant |= strncmp(m->overrides[k].file, "[variant ", 9) == 0;
	para(fp, "Overrides  ", "           ",
	     "this run is not the model file %s as written: %zu override%s from the "
	     "command line%s changed it, in this order%s:", m->path, m->n_overrides,
	     m->n_overrides == 1 ? "" : "s",
	     variant ? " and the lines of a variant (this run's directory is "
	               "MODEL@VARIANT)" : "",
	     titled ? " (the title and description below are the file's and do not "
	              "describe them)" : "");
	for (size_t k = 0; k < m->n_overrides; k++) {
		const struct override *o = &m->overrides[k];
		if (strcmp(o->file, "--set") == 0 || strcmp(o->file, "--vary") == 0)
			fprintf(fp, "             %s %s=%s\n", o->file, o->key, o->value);
		else if (strncmp(o->file, "[variant ", 9) == 0)
			fprintf(fp, "             %s %s = %s\n", o->file, o->key, o->value);
		else
			fprintf(fp, "             %s %s (%s)\n", o->file, o->value, o->key);
	}
}

/* The warning on institutions that reach the asset threshold alone. */
static void write_large(FILE *fp, const struct model *m, const struct dataset *ds)
{
	uint32_t *big = xcalloc((size_t)ds->n_kind[NODE_INSTITUTION] + 1, sizeof *big);
	uint32_t n = model_large_institutions(ds, m->systemic_assets_share, big);
	if (n > 0) {
		char share[32], *list = xstrdup("");
		pct(share, sizeof share, m->systemic_assets_share);
		for (uint32_t k = 0; k < n && k < 5; k++) {
			char p[32];
			pct(p, sizeof p, ds->nodes[big[k]].total_assets / ds->total_assets);
			char *more = xasprintf("%s%s%s %s %%", list, k ? ", " : "",
			                       ds->nodes[big[k]].id, p);
			free(list);
			list = more;
		}
		if (n > 5) {
			char *more = xasprintf("%s and %u more", list, n - 5);
			free(list);
			list = more;
		}
		const uint32_t n_min = m->systemic_min_institutions;
		para(fp, "  Warning: ", "      ",
		     "%u institution%s hold%s at least %s %% of total assets on %s own (%s): "
		     "%s in breach reaches the asset threshold alone.  P(asset threshold) "
		     "counts such events; %s", n, n == 1 ? "" : "s", n == 1 ? "s" : "",
		     share, n == 1 ? "its" : "their", list,
		     n == 1 ? "it" : "any one of them",
		     n_min > 1 ? "P(systemic) does not, as it needs more institutions in "
		                 "breach (systemic_min_institutions)."
		               : "so does P(systemic), as systemic_min_institutions is 1.");
		free(list);
	}
	free(big);
}

static void write_text(FILE *fp, const struct model *m, const struct dataset *ds,
                       const struct mc_result *res, const struct run_summary *sum,
                       const char *data_dir)
{
	const double T = (double)res->trials;
	const int annual = m->mode == MODE_ANNUAL;
	const char *unit = report_per(m->mode);
	char dur[128];

	fprintf(fp, "chokepoint %s: model %s\n", PACKAGE_VERSION, m->name);
	write_overrides(fp, m);
	if (m->title && *m->title)
		fprintf(fp, "%s\n", m->title);
	if (m->description && *m->description)
		fprintf(fp, "%s\n", m->description);
	fprintf(fp, "\nData set   %s: %u institutions, %u services, %u providers, %u edges\n",
	        data_dir, ds->n_kind[NODE_INSTITUTION], ds->n_kind[NODE_SERVICE],
	        ds->n_kind[NODE_VENDOR] + ds->n_kind[NODE_CLOUD], ds->n_deps);
	fprintf(fp, "Mode       %s: each trial is %s\n"
	            "           probabilities and per-trial figures below: per simulated %s\n",
	        model_mode_name(m->mode),
	        annual ? "one simulated year of independent outages"
	               : "one event (shocks that begin together)", unit);
	fprintf(fp, "Trials     %llu, seed %llu, generator splitmix64 (one stream per trial and source)\n",
	        (unsigned long long)res->trials, (unsigned long long)m->seed);
	if (res->precision_checked)
		fprintf(fp, "Precision  %s: %.6g +/- %.3g (95 %%), relative %.3g: target %s\n",
		        mc_target_name(res->target_used), res->target_estimate,
		        res->target_half_width,
		        res->target_estimate > 0 ? res->target_half_width / res->target_estimate : 0,
		        res->precision_met ? "met" : "NOT met (stopped at --max-trials)");
	fprintf(fp, "Baseline   %s\n", model_baseline(m)
	        ? "providers' own outage rates included" : "not included");
	for (size_t k = 0; k < m->n_shocks; k++) {
		const struct shock *sh = &m->shocks[k];
		dist_format(&sh->duration, dur, sizeof dur);
		fprintf(fp, "Shock      %s: %u target%s, duration %s", sh->name, sh->n_targets,
		        sh->n_targets == 1 ? "" : "s", dur);
		char rate[64];
		fmt_num(rate, sizeof rate, res->sources[res->n_sources - m->n_shocks + k].rate, 6);
		if (annual)
			fprintf(fp, ", %s a year\n", rate);
		else
			fprintf(fp, ", probability %s\n", rate);
	}

	char share[32];
	pct(share, sizeof share, m->systemic_assets_share);
	fprintf(fp, "\nHeadline (probabilities per simulated %s)\n", unit);
	fprintf(fp, "  P(systemic %s): at least %u institution%s in breach in one event,\n"
	            "      holding at least %s %% of total assets together\n"
	            "      %.4f   (95 %% interval %.4f to %.4f)\n", unit,
	        m->systemic_min_institutions, m->systemic_min_institutions == 1 ? "" : "s",
	        share, sum->p_systemic, sum->p_systemic_lo, sum->p_systemic_hi);
	fprintf(fp, "  P(asset threshold): institutions in breach in one event hold at\n"
	            "      least %s %% of total assets, however few (one will do)\n"
	            "      %.4f   (95 %% interval %.4f to %.4f)\n", share, sum->p_threshold,
	        sum->p_threshold_lo, sum->p_threshold_hi);
	write_large(fp, m, ds);
	fprintf(fp, "  Institutions in breach per %s%s\n"
	            "      mean %.3f (%.3f to %.3f), p95 %.0f, p99 %.0f, max %.0f\n",
	        unit, annual ? " (worst event of the year)" : "", sum->inst.mean,
	        sum->inst.lo, sum->inst.hi, sum->inst.p95, sum->inst.p99, sum->inst.max);
	fprintf(fp, "  Share of total assets in breach%s\n"
	            "      mean %.3f %%, p95 %.3f %%, p99 %.3f %%, max %.3f %%\n",
	        annual ? " (worst event of the year)" : "", 100 * sum->assets.mean, 100 * sum->assets.p95, 100 * sum->assets.p99,
	        100 * sum->assets.max);
	fprintf(fp, "  Services in breach per %s%s\n"
	            "      mean %.3f, p95 %.0f, p99 %.0f, max %.0f\n", unit,
	        annual ? " (worst event of the year)" : "", sum->svc.mean,
	        sum->svc.p95, sum->svc.p99, sum->svc.max);

	struct rank *svc_rank = rank_services(res), *src_rank = rank_sources(res);
	write_findings(fp, m, ds, res, sum, svc_rank, src_rank);
	write_by_group(fp, ds, res);

	/* Top services: the order of the key finding. */
	uint32_t ns = res->n_services, ni = res->n_institutions;
	uint32_t s0 = ds->first_kind[NODE_SERVICE];
	fprintf(fp, "\nServices most likely to breach their impact tolerance (per %s)\n"
	            "  %-32s %-10s %9s %9s %11s %10s\n", unit, "service", "category",
	        "tolerance", "p_breach", "95% interval", "mean down");
	uint32_t shown = 0;
	for (uint32_t k = 0; k < ns && k < 15 && svc_rank[k].key > 0; k++) {
		uint32_t s = svc_rank[k].i;
		const struct node *v = &ds->nodes[s0 + s];
		double lo, hi;
		stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
		char tol[32];
		fmt_num(tol, sizeof tol, v->tolerance_hours, 2);
		fprintf(fp, "  %-32.32s %-10.10s %8sh %9.4f %5.3f-%5.3f %9.3fh\n", v->id, v->type,
		        tol, (double)res->svc_breach_trials[s] / T, lo, hi,
		        res->svc_down_sum[s] / T);
		shown++;
	}
	if (shown == 0)
		fputs("  (no service breached in any trial)\n", fp);
	else if (top_ties(res, svc_rank) > shown)
		para(fp, "  ", "  ", "(%u services tie at the top, p_breach %.4f; the %u shown "
		     "come first by mean downtime, then data set order; services.csv lists "
		     "every service)",
		     top_ties(res, svc_rank),
		     (double)res->svc_breach_trials[svc_rank[0].i] / T, shown);

	struct rank *r = xcalloc((size_t)ni + 1, sizeof *r);
	for (uint32_t i = 0; i < ni; i++)
		r[i] = (struct rank){ i, (double)res->inst_breach_trials[i],
		                      ds->nodes[i].total_assets };
	qsort(r, ni, sizeof *r, cmp_rank);
	fprintf(fp, "\nInstitutions most likely to breach (per %s)\n"
	            "  %-28s %-16s %12s %9s %11s\n", unit, "institution", "type",
	        "total_assets", "p_breach", "95% interval");
	for (uint32_t k = 0; k < ni && k < 15 && r[k].key > 0; k++) {
		uint32_t i = r[k].i;
		const struct node *v = &ds->nodes[i];
		double lo, hi;
		stats_wilson(res->inst_breach_trials[i], res->trials, &lo, &hi);
		fprintf(fp, "  %-28.28s %-16.16s %12.3f %9.4f %5.3f-%5.3f\n", v->id, v->type,
		        v->total_assets, (double)res->inst_breach_trials[i] / T, lo, hi);
	}
	if (ni == 0 || r[0].key == 0)
		fputs("  (no institution breached in any trial)\n", fp);
	free(r);

	const double tsvc = sum->sources_svc_breaches, tsys = sum->sources_systemic;
	fprintf(fp,
	        "\nOutage sources by Shapley share of service breaches (per simulated "
	        "%s)\n  %-24s %-8s %10s %10s %10s %10s %8s %8s\n",
	        unit, "source", "kind", "events", "alone", "necessary", "shapley",
	        "share", "systemic");
	for (size_t k = 0; k < res->n_sources && k < 15 && src_rank[k].key > 0; k++) {
		size_t i = src_rank[k].i;
		fprintf(fp,
		        "  %-24.24s %-8s %10.5f %10.5f %10.5f %10.5f %7.2f%% %7.2f%%\n",
		        res->sources[i].name,
		        res->sources[i].kind == SOURCE_BASELINE ? "baseline" : "shock",
		        res->src_events[i] / T,
		        (double)res->attr_alone[MC_SCOPE_SERVICES][i] / T,
		        (double)res->attr_necessary[MC_SCOPE_SERVICES][i] / T,
		        res->src_svc_breaches[i] / T,
		        tsvc > 0 ? 100 * res->src_svc_breaches[i] / tsvc : 0,
		        tsys > 0 ? 100 * res->src_systemic[i] / tsys : 0);
	}
	if (res->n_sources == 0 || src_rank[0].key == 0)
		fputs("  (no breaches)\n", fp);
	para(fp, "  ", "  ",
	     "What the columns mean (service breaches per simulated %s; "
	     "chokepoint-report(5), sources.csv): \"alone\" the breaches the source "
	     "caused on its own (it breaches them without the event's other sources, "
	     "and they do not without it); \"necessary\" those that do not happen "
	     "without it, alone ones included; \"shapley\" its Shapley share, which "
	     "splits each breach among the event's sources by their marginal effect "
	     "over every order of adding them, so the shares of all sources sum to "
	     "all breaches; \"share\" and \"systemic\" are the Shapley shares of all "
	     "service breaches and of all systemic events.  Attribution re-propagates "
	     "the event without each source; it says what the simulated event needed, "
	     "not what a real outage would.",
	     unit);
	if (annual)
		para(fp, "  ", "  ",
		     "In annual mode every event has one source, the outage that began "
		     "it, which is credited with all of its breaches alone.");
	else if (res->attr_joint_events > 0)
		para(
		    fp, "  ", "  ",
		    "%llu events had breaches and more than one source; %llu of them had "
		    "more than %d sources with a path to a breached service, beyond which "
		    "a breach is split equally among its necessary sources (else those "
		    "that cause it alone, else all).",
		    (unsigned long long)res->attr_joint_events,
		    (unsigned long long)res->attr_fallback_events, MC_SHAPLEY_EXACT);
	free(svc_rank);
	free(src_rank);

	fputs("\nMethod and caveats\n"
	      "  Downtime propagates through dependencies as chokepoint-method(7)\n"
	      "  defines: all-of and k-of-n redundancy groups, failover caps, parent\n"
	      "  chains.  A service breaches when its downtime exceeds its impact\n"
	      "  tolerance.  Probabilities carry 95 % Wilson intervals; per-service\n"
	      "  downtime percentiles come from log-spaced histograms (error < 1 %).\n", fp);
	if (annual)
		fputs("  Annual mode treats a year's outages as independent and not\n"
		      "  overlapping; sector figures are those of the year's worst event.\n", fp);
	fputs("  Every figure is defined in chokepoint-report(5).\n", fp);
}

/* ---- files ------------------------------------------------------------ */



struct wargs {
	const struct model *m;
	const struct dataset *ds;
	const struct mc_result *res;
	const struct run_summary *sum;
	const char *data_dir;
	int *json_failed; /* set by w_json when jansson cannot encode */
	FILE *json_copy;  /* NULL, or where summary.json's bytes also go */
};

static void w_services(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	write_services(fp, w->ds, w->res);
}

static void w_institutions(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	write_institutions(fp, w->ds, w->res);
}

static void w_sector(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	write_sector(fp, w->res, w->sum);
}

static void w_sources(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	write_sources(fp, w->res, w->sum);
}

static void w_json(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = w->json_copy ? open_memstream(&buf, &len) : NULL;
	FILE *to = mf ? mf : fp;
	if (w->json_copy && !mf)
		*w->json_failed = 1;
	else if (report_json_write(to, w->m, w->ds, w->res, w->sum, w->data_dir, 0) != 0)
		*w->json_failed = 1;
	fputc('\n', to);
	if (mf) { /* the document once, for the file and the copy */
		if (fclose(mf) != 0)
			*w->json_failed = 1;
		fwrite(buf, 1, len, fp);
		fwrite(buf, 1, len, w->json_copy);
		free(buf);
	}
}

static void w_text(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	write_text(fp, w->m, w->ds, w->res, w->sum, w->data_dir);
}

/* Every file of a run, in the order of report.h. */
enum cp_status report_run(const char *dir, const struct model *m,
                          const struct dataset *ds, const struct mc_result *res,
                          const struct run_summary *sum, const char *data_dir,
                          FILE *json_copy, char *err, size_t errsz)
{
	int json_failed = 0;
	struct wargs w = {m, ds, res, sum, data_dir, &json_failed, json_copy};
	enum cp_status r = CP_OK;
	r = r ? r : outfile_write(dir, "services.csv", w_services, &w, err, errsz);
	r = r ? r : outfile_write(dir, "institutions.csv", w_institutions, &w, err, errsz);
	r = r ? r : outfile_write(dir, "sector.csv", w_sector, &w, err, errsz);
	r = r ? r : outfile_write(dir, "sources.csv", w_sources, &w, err, errsz);
	r = r ? r : outfile_write(dir, "summary.json", w_json, &w, err, errsz);
	if (!r && json_failed) {
		snprintf(err, errsz,
		         "%s/summary.json: cannot encode the JSON (out of memory?)", dir);
		r = CP_ERR_WRITE;
	}
	r = r ? r : outfile_write(dir, "summary.txt", w_text, &w, err, errsz);
	return r;
}

void report_trials(FILE *fp, const struct mc_result *res)
{
	fputs("trial,events,services_breached,institutions_breached,"
	      "assets_share_breached,systemic,assets_threshold\n", fp);
	for (uint64_t t = 0; t < res->trials; t++) {
		fprintf(fp, "%llu,%u,%u,%u", (unsigned long long)t + 1, res->t_events[t],
		        res->t_svc[t], res->t_inst[t]);
		emit_sep_num(fp, res->t_assets[t], 10);
		fprintf(fp, ",%u,%u\n", res->t_systemic[t], res->t_threshold[t]);
	}
}

void report_batch_header(FILE *fp)
{
	fputs("model,mode,per,trials,seed,p_systemic,p_systemic_lo,p_systemic_hi,"
	      "p_assets_threshold,institutions_breached_mean,institutions_breached_p99,"
	      "assets_share_breached_mean,assets_share_breached_p99,"
	      "services_breached_mean,top_source,top_source_share\n", fp);
}

void report_batch_row(FILE *fp, const struct model *m, const struct mc_result *res,
                      const struct run_summary *sum)
{
	csv_put(fp, m->name);
	fprintf(fp, ",%s,%s,%llu,%llu", model_mode_name(m->mode), report_per(m->mode),
	        (unsigned long long)res->trials, (unsigned long long)m->seed);
	emit_sep_num(fp, sum->p_systemic, 8);
	emit_sep_num(fp, sum->p_systemic_lo, 8);
	emit_sep_num(fp, sum->p_systemic_hi, 8);
	emit_sep_num(fp, sum->p_threshold, 8);
	emit_sep_num(fp, sum->inst.mean, 4);
	emit_sep_num(fp, sum->inst.p99, 4);
	emit_sep_num(fp, sum->assets.mean, 8);
	emit_sep_num(fp, sum->assets.p99, 8);
	emit_sep_num(fp, sum->svc.mean, 4);
	const double tsvc = sum->sources_svc_breaches;
	size_t best = 0;
	for (size_t k = 1; k < res->n_sources; k++)
		if (res->src_svc_breaches[k] > res->src_svc_breaches[best])
			best = k;
	fputc(',', fp);
	if (res->n_sources && tsvc > 0) {
		csv_put(fp, res->sources[best].name);
		emit_sep_num(fp, res->src_svc_breaches[best] / tsvc, 8);
	} else {
		fputc(',', fp);
	}
	fputc('\n', fp);
}
