/*
 * report_sweep.h - the outputs of `sweep` (chokepoint(1),
 * chokepoint-report(5)): one tidy long CSV (point, one column per varied
 * key, scope, id, metric, value, lo, hi, per) and a JSON document with the
 * provenance of every point.
 *
 * These functions only write rows to a FILE or build jansson values: the
 * caller opens, commits and names the files, and owns every json_t
 * returned.
 */
#ifndef CHOKEPOINT_REPORT_SWEEP_H
#define CHOKEPOINT_REPORT_SWEEP_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "input/dataset.h"
#include "input/model.h"
#include "sim/montecarlo.h"
#include "report/report.h"

/* One point of a sweep and what its run computed (the caller's, borrowed). */
struct sweep_point {
	size_t index;  /* from 0; written from 1 */
	size_t n_keys; /* the varied keys, first varying slowest */
	const char *const *keys;
	const char *const *values; /* this point's value of each key */
	const struct model *model; /* after this point's overrides */
	const struct dataset *ds;
	const struct mc_result *res;
	const struct run_summary *sum;
	const char *data_dir;
};

/* Which rows every point has (--scope). */
struct sweep_scope {
	int sector, institution, service, source;
};

/* The CSV header line: point, one column per varied key, then
 * scope,id,metric,value,lo,hi,per (event or year: what one trial is). */
void report_sweep_header(FILE *fp, const char *const *keys, size_t n_keys);

/* The CSV rows of one point, scope by scope in the order of struct sweep_scope. */
void report_sweep_rows(FILE *fp, const struct sweep_point *pt,
                       const struct sweep_scope *scope);

/* The element of "points" for one point: its values, headline figures,
 * model text after overrides, data set fingerprints and run. */
json_t *report_sweep_point_json(const struct sweep_point *pt);

/* Set the members that open the document (program, model, seed, rng,
 * data_dir) in doc, from the first point. */
void report_sweep_head_json(json_t *doc, const struct sweep_point *pt);

#endif
