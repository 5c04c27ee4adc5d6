/*
 * cmd_explain.c - `chokepoint explain MODEL ...` (its usage is in
 * cmd_explain_entry): one simulated event or year, reproduced from the
 * seed and traced (sim/explain.h), as text, JSON or a Graphviz graph.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/error.h"
#include "base/text.h"
#include "sim/engine.h"
#include "sim/explain.h"
#include "sim/montecarlo.h"
#include "report/emit.h"
#include "report/report.h"
#include "report/report_explain.h"
#include "cli/cmd.h"
#include "cli/runner.h"

static int cmd_explain_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_explain_entry = {
    .name = "explain",
    .usage =
        "MODEL [-d DATA] (--trial N | --worst [METRIC] | --breach SERVICE|INSTITUTION) "
        "[--set KEY=VALUE]... [--json] [--dot FILE]",
    .brief = "MODEL (--trial N | --worst [METRIC] | --breach ID) [options]",
    .summary = "one simulated event or year, step by step",
    .exec = cmd_explain_exec,
};

enum { OPT_TRIAL = 2001, OPT_WORST, OPT_BREACH, OPT_DOT };

struct dot_arg {
	const struct model *m;
	const struct dataset *ds;
	const struct explain *x;
};

static int write_dot(FILE *fp, const void *arg)
{
	const struct dot_arg *a = arg;
	report_explain_dot(fp, a->m, a->ds, a->x);
	return 0;
}

/* The sector metric named s (report_sector_metric), or -1. */
static int metric_index(const char *s)
{
	for (int k = 0; k < REPORT_SECTOR_METRICS; k++)
		if (strcmp(s, report_sector_metric[k]) == 0)
			return k;
	return -1;
}

/* The first trial with the largest value of metric k; UINT64_MAX if no
 * trial has a value above 0. */
static uint64_t worst_trial(const struct mc_result *res, int k)
{
	uint64_t best = UINT64_MAX;
	double bv = 0;
	for (uint64_t t = 0; t < res->trials; t++) {
		double v = k == 0   ? res->t_inst[t]
		           : k == 1 ? res->t_assets[t]
		                    : res->t_svc[t];
		if (v > bv) {
			bv = v;
			best = t;
		}
	}
	return best;
}

static int cmd_explain_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"set", required_argument, NULL, RUN_OPT_SET},
	    {"json", no_argument, NULL, RUN_OPT_JSON},
	    {"trial", required_argument, NULL, OPT_TRIAL},
	    {"worst", optional_argument, NULL, OPT_WORST},
	    {"breach", required_argument, NULL, OPT_BREACH},
	    {"dot", required_argument, NULL, OPT_DOT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct run_opts o = {.outdir = "out"};
	const char *trial_s = NULL, *metric = NULL, *breach = NULL, *dot = NULL;
	int worst = 0, picks = 0, c;
	while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
		int r = 1;
		switch (c) {
		case 'h':
			cmd_print_usage(self, stdout);
			free(o.sets);
			return CP_EXIT_OK;
		case OPT_TRIAL:
			trial_s = optarg;
			picks++;
			break;
		case OPT_WORST:
			worst = 1;
			metric = optarg;
			picks++;
			break;
		case OPT_BREACH:
			breach = optarg;
			picks++;
			break;
		case OPT_DOT:
			dot = optarg;
			break;
		case '?':
		case ':':
			r = cmd_bad_option(self, c, argv);
			break;
		default:
			r = runner_option(&o, c, optarg, self);
			break;
		}
		if (r != 1) {
			free(o.sets);
			return r ? r : cmd_bad_option(self, '?', argv);
		}
	}
	/* --worst METRIC with a space: the metric is an operand, before or
	 * after the model (getopt moves operands to the end in order).  Only a
	 * metric's name is taken as one, so "--worst MODEL" keeps its model. */
	int nargs = argc - optind;
	const char *model_path = nargs >= 1 ? argv[optind] : NULL;
	if (worst && !metric && nargs == 2) {
		if (metric_index(argv[optind]) >= 0) {
			metric = argv[optind];
			model_path = argv[optind + 1];
			nargs = 1;
		} else if (metric_index(argv[optind + 1]) >= 0 ||
		           access(argv[optind], F_OK) == 0) {
			metric = argv[optind + 1]; /* refused below if unknown */
			nargs = 1;
		} else if (access(argv[optind + 1], F_OK) == 0) {
			metric = argv[optind];
			model_path = argv[optind + 1];
			nargs = 1;
		}
	}
	int rc = CP_EXIT_OK;
	if (nargs != 1)
		rc = cmd_usage_error(self, "expected one model file, got %d", nargs);
	else if (picks != 1)
		rc = cmd_usage_error(self, "expected exactly one of --trial, --worst and "
		                           "--breach");
	int k_metric = 0;
	if (rc == CP_EXIT_OK && metric && (k_metric = metric_index(metric)) < 0)
		rc = cmd_usage_error(self,
		                     "--worst: unknown metric \"%s\": expected "
		                     "institutions_breached, assets_share_breached or "
		                     "services_breached",
		                     metric);
	uint64_t trial = 0;
	if (rc == CP_EXIT_OK && trial_s) {
		uint64_t v = 0;
		if (parse_count(trial_s, 0, &v) != 0 || v == 0)
			rc = cmd_usage_error(
			    self,
			    "--trial: expected a trial number from 1 (a count: chokepoint(1) "
			    "Counts), got \"%s\"",
			    trial_s);
		trial = v - 1;
	}
	if (rc != CP_EXIT_OK) {
		free(o.sets);
		return rc;
	}
	struct model m;
	rc = runner_prepare(&m, model_path, &o, NULL, 0);
	free(o.sets);
	if (rc != CP_EXIT_OK)
		return rc;
	const char *data = o.data ? o.data : m.data;
	struct dataset ds;
	rc = cmd_load_dataset(&ds, data);
	if (rc != CP_EXIT_OK) {
		model_free(&m);
		return rc;
	}
	struct diag d;
	diag_init(&d);
	int bad = model_apply_data(&m, &ds, &d) != 0;
	if (!bad)
		bad = model_resolve(&m, &ds, &d) != 0;
	diag_print_filtered(&d, stderr, msg_prog, msg_quiet && !bad);
	diag_free(&d);
	struct engine e;
	memset(&e, 0, sizeof e);
	char err[512];
	struct explain x;
	memset(&x, 0, sizeof x);
	if (bad) {
		rc = CP_EXIT_DATAERR;
		goto out;
	}
	if (engine_compile(&e, &ds, err, sizeof err) != 0) {
		msg_error("%s", err);
		rc = CP_EXIT_SOFTWARE;
		goto out;
	}
	if (trial_s && trial >= m.trials) {
		rc = cmd_usage_error(
		    self, "--trial: %s has %llu trials: expected 1 to %llu", m.path,
		    (unsigned long long)m.trials, (unsigned long long)m.trials);
		goto out;
	}
	if (breach) {
		uint32_t v = dataset_find(&ds, breach);
		if (v == NODE_NONE || (ds.nodes[v].kind != NODE_SERVICE &&
		                       ds.nodes[v].kind != NODE_INSTITUTION)) {
			const char *near =
			    v != NODE_NONE ? NULL
			                   : dataset_nearest_id(&ds, breach,
			                                        (1u << NODE_SERVICE) |
			                                            (1u << NODE_INSTITUTION));
			msg_error("--breach: \"%s\" is not a service or an institution of "
			          "%s%s%s%s",
			          breach, data, near ? " (did you mean \"" : "",
			          near ? near : "", near ? "\"?)" : "");
			rc = CP_EXIT_DATAERR;
			goto out;
		}
		trial = explain_find_breach(&m, &ds, &e, v);
		if (trial == UINT64_MAX) {
			msg_error("%s: %s is in breach in none of the %llu trials",
			          m.path, breach, (unsigned long long)m.trials);
			rc = CP_EXIT_DATAERR;
			goto out;
		}
	}
	if (worst) {
		struct mc_options opt = {.threads = 1};
#ifdef _OPENMP
		opt.threads = omp_get_max_threads();
#endif
		struct mc_result res;
		if (mc_run(&m, &ds, &e, &opt, &res, err, sizeof err) != 0) {
			msg_error("%s: %s", m.path, err);
			rc = CP_EXIT_DATAERR;
			goto out;
		}
		trial = worst_trial(&res, k_metric);
		mc_result_free(&res);
		if (trial == UINT64_MAX) {
			msg_error("%s: %s is 0 in every one of the %llu trials", m.path,
			          report_sector_metric[k_metric],
			          (unsigned long long)m.trials);
			rc = CP_EXIT_DATAERR;
			goto out;
		}
	}
	if (explain_trial(&m, &ds, &e, trial, &x, err, sizeof err) != CP_OK) {
		msg_error("%s", err);
		rc = CP_EXIT_OSERR;
		goto out;
	}
	if (o.json) {
		json_t *doc = report_explain_json(&m, &ds, &x);
		emit_json(stdout, doc);
		json_decref(doc);
	} else {
		report_explain_text(stdout, &m, &ds, &x);
	}
	if (dot) {
		struct dot_arg a = {&m, &ds, &x};
		rc = cmd_write_file(dot, write_dot, &a);
	}
out:
	explain_free(&x);
	engine_free(&e);
	dataset_free(&ds);
	model_free(&m);
	return rc;
}
