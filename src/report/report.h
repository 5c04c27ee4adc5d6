/*
 * report.h - writers for `run` outputs (chokepoint-report(5)).
 *
 * Every file is written atomically (base/outfile.h): to a temporary name
 * in the output directory, renamed into place only when complete.
 */
#ifndef CHOKEPOINT_REPORT_H
#define CHOKEPOINT_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "base/error.h"
#include "base/stats.h"
#include "input/dataset.h"
#include "input/model.h"
#include "sim/montecarlo.h"

/* Sector figures of one run, computed once for every writer. */
struct run_summary {
	struct stats_summary inst, assets, svc;
	/* systemic trials (at least systemic_min_institutions in breach in
	 * one event, holding at least systemic_assets_share of the assets)
	 * and asset-threshold trials (the share alone: one institution will
	 * do); each a count, a probability per trial and its Wilson interval */
	uint64_t n_systemic, n_threshold;
	double p_systemic, p_systemic_lo, p_systemic_hi;
	double p_threshold, p_threshold_lo, p_threshold_hi;
	double mean_events;
	/* Service breaches and systemic events summed over the outage
	 * sources: what share_of_breaches and share_of_systemic divide by. */
	double sources_svc_breaches, sources_systemic;
};

/* What one trial is, the unit of every probability and per-trial figure
 * of a run: "event" (stress mode) or "year" (annual mode). */
const char *report_per(enum model_mode mode);

/* Fill out with the sector figures of res (report_source_totals included),
 * on up to 'threads' threads: the same figures with any number. */
void report_summarise(const struct mc_result *res, struct run_summary *out, int threads);

/* Service breaches and systemic events summed over every outage source. */
void report_source_totals(const struct mc_result *res, double *svc, double *sys);

/*
 * The sector metrics, in the order of sector.csv, summary.json and a
 * sweep's sector rows (chokepoint-report(5)), and the figures of metric k.
 */
#define REPORT_SECTOR_METRICS 3
extern const char *const report_sector_metric[REPORT_SECTOR_METRICS];
const struct stats_summary *report_sector_stat(const struct run_summary *sum, int k);

/*
 * Write services.csv, institutions.csv, sector.csv, sources.csv,
 * summary.json and summary.txt into dir (which must exist), and
 * summary.json's bytes to json_copy too unless it is NULL.  Stops at the
 * first failure, with a message in err: CP_ERR_CREATE when a file cannot
 * be created, CP_ERR_WRITE when writing or committing one fails (the
 * statuses of outfile_write, base/outfile.h).  CP_OK otherwise.
 */
enum cp_status report_run(const char *dir, const struct model *m,
                          const struct dataset *ds, const struct mc_result *res,
                          const struct run_summary *sum, const char *data_dir,
                          FILE *json_copy, char *err, size_t errsz);

/* Everything of a run as JSON (summary.json, --json); caller owns it. */
json_t *report_json(const struct model *m, const struct dataset *ds,
                    const struct mc_result *res, const struct run_summary *sum,
                    const char *data_dir);

/*
 * report_json's document written to fp as json_dumpf(EMIT_JSON_FLAGS)
 * writes it nested 'depth' levels deep (0: the whole document, no final
 * line break), its long arrays streamed element by element instead of
 * held as a tree.  0, or -1 when jansson cannot encode (out of memory).
 */
int report_json_write(FILE *fp, const struct model *m, const struct dataset *ds,
                      const struct mc_result *res, const struct run_summary *sum,
                      const char *data_dir, int depth);

/* --trials-out: one row per trial with its sector figures. */
void report_trials(FILE *fp, const struct mc_result *res);

/* Headline columns of batch.csv: header line, then one row per model. */
void report_batch_header(FILE *fp);
void report_batch_row(FILE *fp, const struct model *m, const struct mc_result *res,
                      const struct run_summary *sum);

#endif
