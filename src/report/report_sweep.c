/*
 * report_sweep.c - the CSV rows and the provenance JSON of `sweep`
 * (chokepoint-report(5)).
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "base/par.h"
#include "base/stats.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/provenance.h"
#include "report/report.h"
#include "report/report_sweep.h"

/* The CSV header line (report_sweep.h). */
void report_sweep_header(FILE *fp, const char *const *keys, size_t n_keys)
{
	fputs("point", fp);
	for (size_t k = 0; k < n_keys; k++) {
		fputc(',', fp);
		csv_put(fp, keys[k]);
	}
	fputs(",scope,id,metric,value,lo,hi,per\n", fp);
}

/* One output row; lo/hi NAN when the metric has no interval. */
static void row(FILE *fp, const struct sweep_point *pt, const char *scope, const char *id,
                const char *metric, double value, double lo, double hi)
{
	fprintf(fp, "%zu", pt->index + 1);
	for (size_t k = 0; k < pt->n_keys; k++) {
		fputc(',', fp);
		csv_put(fp, pt->values[k]);
	}
	fprintf(fp, ",%s,", scope);
	csv_put(fp, id);
	fprintf(fp, ",%s,", metric);
	emit_num(fp, value, 10);
	fputc(',', fp);
	if (!isnan(lo))
		emit_num(fp, lo, 10);
	fputc(',', fp);
	if (!isnan(hi))
		emit_num(fp, hi, 10);
	fprintf(fp, ",%s\n", report_per(pt->res->mode));
}

/* A point's rows: sector, institution, service, source, as scope asks. */
void report_sweep_rows(FILE *fp, const struct sweep_point *pt,
                       const struct sweep_scope *scope)
{
	const struct mc_result *res = pt->res;
	const struct run_summary *sum = pt->sum;
	const struct dataset *ds = pt->ds;
	const double T = (double)res->trials;
	double lo, hi;
	if (scope->sector) {
		row(fp, pt, "sector", "sector", "trials", T, NAN, NAN);
		row(fp, pt, "sector", "sector", "p_systemic", sum->p_systemic,
		    sum->p_systemic_lo, sum->p_systemic_hi);
		row(fp, pt, "sector", "sector", "p_assets_threshold", sum->p_threshold,
		    sum->p_threshold_lo, sum->p_threshold_hi);
		for (int k = 0; k < REPORT_SECTOR_METRICS; k++) {
			const char *metric = report_sector_metric[k];
			const struct stats_summary *st = report_sector_stat(sum, k);
			char name[64];
			row(fp, pt, "sector", "sector", metric, st->mean, st->lo, st->hi);
			snprintf(name, sizeof name, "%s_p95", metric);
			row(fp, pt, "sector", "sector", name, st->p95, NAN, NAN);
			snprintf(name, sizeof name, "%s_p99", metric);
			row(fp, pt, "sector", "sector", name, st->p99, NAN, NAN);
		}
	}
	if (scope->institution)
		for (uint32_t i = 0; i < res->n_institutions; i++) {
			const char *id = ds->nodes[i].id;
			stats_wilson(res->inst_breach_trials[i], res->trials, &lo, &hi);
			row(fp, pt, "institution", id, "p_breach",
			    (double)res->inst_breach_trials[i] / T, lo, hi);
			row(fp, pt, "institution", id, "expected_services_breached",
			    (double)res->inst_svc_breached[i] / T, NAN, NAN);
		}
	if (scope->service) {
		uint32_t s0 = ds->first_kind[NODE_SERVICE];
		for (uint32_t s = 0; s < res->n_services; s++) {
			const char *id = ds->nodes[s0 + s].id;
			stats_wilson(res->svc_breach_trials[s], res->trials, &lo, &hi);
			row(fp, pt, "service", id, "p_breach",
			    (double)res->svc_breach_trials[s] / T, lo, hi);
			stats_wilson(res->svc_affected[s], res->trials, &lo, &hi);
			row(fp, pt, "service", id, "p_affected",
			    (double)res->svc_affected[s] / T, lo, hi);
			row(fp, pt, "service", id, "expected_breaches",
			    (double)res->svc_breaches[s] / T, NAN, NAN);
			row(fp, pt, "service", id, "mean_downtime_hours",
			    res->svc_down_sum[s] / T, NAN, NAN);
		}
	}
	if (scope->source) {
		const double tsvc = sum->sources_svc_breaches;
		for (size_t k = 0; k < res->n_sources; k++) {
			const char *id = res->sources[k].name;
			row(fp, pt, "source", id, "events_per_trial",
			    res->src_events[k] / T, NAN, NAN);
			row(fp, pt, "source", id, "service_breaches_per_trial",
			    res->src_svc_breaches[k] / T, NAN, NAN);
			row(fp, pt, "source", id, "institution_breaches_per_trial",
			    res->src_inst_breaches[k] / T, NAN, NAN);
			row(fp, pt, "source", id, "share_of_breaches",
			    tsvc > 0 ? res->src_svc_breaches[k] / tsvc : 0, NAN, NAN);
		}
	}
}

/* A point's provenance, for the document's "points" array. */
json_t *report_sweep_point_json(const struct sweep_point *pt)
{
	json_t *jp = json_object();
	json_object_set_new(jp, "point", json_integer((json_int_t)pt->index + 1));
	json_t *vals = json_object();
	for (size_t k = 0; k < pt->n_keys; k++)
		json_object_set_new(vals, pt->keys[k], json_string(pt->values[k]));
	json_object_set_new(jp, "values", vals);
	json_object_set_new(jp, "trials", json_integer((json_int_t)pt->res->trials));
	json_object_set_new(jp, "per", json_string(report_per(pt->res->mode)));
	json_object_set_new(jp, "p_systemic", json_real(pt->sum->p_systemic));
	json_object_set_new(jp, "p_assets_threshold", json_real(pt->sum->p_threshold));
	json_object_set_new(jp, "institutions_breached_mean",
	                    json_real(pt->sum->inst.mean));
	char *text = prov_model_text(pt->model, pt->data_dir);
	json_object_set_new(jp, "model_text_after_overrides", json_string(text));
	free(text);
	json_t *dp = prov_dataset(pt->ds);
	if (dp)
		json_object_set_new(jp, "data", dp);
	json_object_set_new(jp, "threads", json_integer(pt->res->threads));
	if (par_built_with_mpi()) /* the MPI ranks that shared the trials */
		json_object_set_new(jp, "mpi_ranks", json_integer(pt->res->ranks));
	json_object_set_new(jp, "wall_seconds", json_real(pt->res->wall_seconds));
	return jp;
}

/* What the whole sweep shares, from its first point. */
void report_sweep_head_json(json_t *doc, const struct sweep_point *pt)
{
	json_object_set_new(doc, "program", json_string("chokepoint " PACKAGE_VERSION));
	json_object_set_new(doc, "model", json_string(pt->model->path));
	char seed[32];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)pt->model->seed);
	json_object_set_new(doc, "seed", json_string(seed));
	json_object_set_new(
	    doc, "rng",
	    json_string("splitmix64, one stream per "
	                "(trial, source): common random numbers at every point"));
	json_object_set_new(doc, "data_dir", json_string(pt->data_dir));
}
