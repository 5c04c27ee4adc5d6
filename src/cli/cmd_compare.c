/*
 * cmd_compare.c - `chokepoint compare DIR_A DIR_B [-o FILE]` (its usage
 * is in cmd_compare_entry)
 *
 * Compares two existing result directories of `run` (for example the
 * same model on two data sets) from their sector.csv, institutions.csv,
 * services.csv and summary.json.  Without per-trial figures the
 * intervals are those of independent runs (report_compare.h); a message
 * says whether the two were run on common random numbers at all.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/diag.h"
#include "base/error.h"
#include "base/path.h"
#include "input/csvread.h"
#include "report/report_compare.h"
#include "cli/cmd.h"

static int cmd_compare_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_compare_entry = {
    .name = "compare",
    .usage = "DIR_A DIR_B [-o FILE]",
    .summary = "compare two run result directories",
    .exec = cmd_compare_exec,
};

/* One result directory: its three tables and what summary.json says. */
struct rdir {
	const char *dir;
	struct csvtab sector, inst, svc;
	char *name, *seed, *mode, *fingerprint;
	double trials;
};

static void rdir_free(struct rdir *r)
{
	csvtab_free(&r->sector);
	csvtab_free(&r->inst);
	csvtab_free(&r->svc);
	free(r->name);
	free(r->seed);
	free(r->mode);
	free(r->fingerprint);
}

static char *jstr(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(json_object_get(o, k1), k2);
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	return NULL;
}

/* Read dir's tables and summary.json; exit status. */
static int rdir_load(struct rdir *r, const char *dir)
{
	memset(r, 0, sizeof *r);
	r->dir = dir;
	struct diag d;
	diag_init(&d);
	int missing = 0, bad = 0;
	struct csvtab *tabs[3] = {&r->sector, &r->inst, &r->svc};
	static const char *const files[3] = {"sector.csv", "institutions.csv",
	                                     "services.csv"};
	for (int k = 0; k < 3 && !missing; k++) {
		char *p = path_join(dir, files[k]);
		size_t n0 = d.n;
		bad |= csvtab_read(tabs[k], p, &d, &missing) != 0;
		if (missing && d.n == n0)
			diag_error(&d, p, 0, NULL,
			           "cannot open: expected a result directory "
			           "of chokepoint run");
		free(p);
	}
	char *p = path_join(dir, "summary.json");
	json_error_t je;
	json_t *js = bad ? NULL : json_load_file(p, 0, &je);
	if (!bad && !js) {
		diag_error(&d, p, (unsigned long)je.line, NULL,
		           "expected the summary.json of "
		           "chokepoint run: %s",
		           je.text);
		bad = 1;
	}
	if (js) {
		r->name = jstr(js, "model", "name");
		r->seed = jstr(js, "model", "seed");
		r->mode = jstr(js, "model", "mode");
		r->fingerprint = jstr(js, "data", "fingerprint");
		json_t *t = json_object_get(json_object_get(js, "model"), "trials");
		r->trials = json_is_number(t) ? json_number_value(t) : 0;
		if (!r->name || !r->seed || !r->mode || !(r->trials >= 1)) {
			diag_error(&d, p, 0, NULL,
			           "expected model.name, seed, mode and trials, "
			           "as chokepoint run writes them");
			bad = 1;
		}
		json_decref(js);
	}
	free(p);
	diag_print_filtered(&d, stderr, msg_prog, msg_quiet && !bad);
	diag_free(&d);
	if (bad)
		return missing ? CP_EXIT_NOINPUT : CP_EXIT_DATAERR;
	return CP_EXIT_OK;
}

/* The row of table t whose column 0 is id, or -1. */
static long find_row(const struct csvtab *t, const char *id)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (strcmp(csvtab_get(t, r, 0), id) == 0)
			return (long)r;
	return -1;
}

static double num(const struct csvtab *t, long row, const char *col)
{
	long c = csvtab_col(t, col);
	if (row < 0 || c < 0)
		return NAN;
	const char *s = csvtab_get(t, (size_t)row, c);
	char *end;
	double x = strtod(s, &end);
	return *s && !*end ? x : NAN;
}

struct cmp {
	struct rdir a, b;
	size_t only_a, only_b;
};

/* The rows of compare.csv, the interval of independent runs. */
static int write_cmp(FILE *fp, const void *arg)
{
	const struct cmp *c = arg;
	const struct rdir *a = &c->a, *b = &c->b;
	report_compare_header(fp);
	static const char *const sector[5] = {
	    "institutions_breached", "assets_share_breached", "services_breached",
	    "p_systemic", "p_assets_threshold"};
	for (int k = 0; k < 5; k++) {
		long ra = find_row(&a->sector, sector[k]),
		     rb = find_row(&b->sector, sector[k]);
		if (ra < 0 || rb < 0)
			continue;
		double ma = num(&a->sector, ra, "mean"), mb = num(&b->sector, rb, "mean");
		double sa = k < 3 ? num(&a->sector, ra, "sd") : sqrt(ma * (1 - ma));
		double sb = k < 3 ? num(&b->sector, rb, "sd") : sqrt(mb * (1 - mb));
		struct paired p;
		compare_independent(ma, sa, a->trials, mb, sb, b->trials, &p);
		report_compare_row(fp, "sector", "", sector[k], b->name, &p);
	}
	const struct csvtab *ta[2] = {&a->inst, &a->svc}, *tb[2] = {&b->inst, &b->svc};
	for (int s = 0; s < 2; s++) {
		for (size_t r = 0; r < ta[s]->nrows; r++) {
			const char *id = csvtab_get(ta[s], r, 0);
			long rb = find_row(tb[s], id);
			if (rb < 0)
				continue;
			double pa = num(ta[s], (long)r, "p_breach"),
			       pb = num(tb[s], rb, "p_breach");
			struct paired p;
			compare_independent(pa, sqrt(pa * (1 - pa)), a->trials, pb,
			                    sqrt(pb * (1 - pb)), b->trials, &p);
			report_compare_row(fp, s ? "service" : "institution", id,
			                   "p_breach", b->name, &p);
		}
	}
	return ferror(fp) ? -1 : 0;
}

static size_t count_missing(const struct csvtab *x, const struct csvtab *y)
{
	size_t n = 0;
	for (size_t r = 0; r < x->nrows; r++)
		n += find_row(y, csvtab_get(x, r, 0)) < 0;
	return n;
}

static int cmd_compare_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
	                                         {"help", no_argument, NULL, 'h'},
	                                         {NULL, 0, NULL, 0}};
	const char *out = "-";
	int c;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
		default:
			return cmd_bad_option(self, c, argv);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error(self, "expected two result directories of run");
	for (int k = 0; k < 2; k++)
		if (strcmp(out, "-") != 0 && path_inside(out, argv[optind + k]))
			return cmd_usage_error(
			    self,
			    "-o: \"%s\" is inside the result directory "
			    "\"%s\": expected a file elsewhere",
			    out, argv[optind + k]);
	struct cmp cm;
	memset(&cm, 0, sizeof cm);
	int rc = rdir_load(&cm.a, argv[optind]);
	int rb = rdir_load(&cm.b, argv[optind + 1]);
	if (rc == CP_EXIT_OK)
		rc = rb;
	if (rc == CP_EXIT_OK) {
		if (strcmp(cm.a.mode, cm.b.mode) != 0)
			msg_warn(
			    "%s is %s mode, %s is %s mode: their probabilities are per "
			    "different units and do not compare",
			    cm.a.dir, cm.a.mode, cm.b.dir, cm.b.mode);
		if (strcmp(cm.a.seed, cm.b.seed) != 0 || cm.a.trials != cm.b.trials)
			msg_warn("%s and %s were not run on common random numbers (seed "
			         "%s and %s, "
			         "%.0f and %.0f trials): the intervals are those of "
			         "independent "
			         "runs",
			         cm.a.dir, cm.b.dir, cm.a.seed, cm.b.seed, cm.a.trials,
			         cm.b.trials);
		else
			msg_warn("%s and %s share seed and trials, but a result "
			         "directory keeps "
			         "no per-trial figures: the intervals are those of "
			         "independent "
			         "runs, wider than the paired intervals of a [variant] "
			         "(chokepoint-"
			         "model(5))",
			         cm.a.dir, cm.b.dir);
		cm.only_a = count_missing(&cm.a.inst, &cm.b.inst) +
		            count_missing(&cm.a.svc, &cm.b.svc);
		cm.only_b = count_missing(&cm.b.inst, &cm.a.inst) +
		            count_missing(&cm.b.svc, &cm.a.svc);
		if (cm.only_a + cm.only_b)
			msg_warn("%zu institutions and services only in %s and %zu only "
			         "in %s are "
			         "left out",
			         cm.only_a, cm.a.dir, cm.only_b, cm.b.dir);
		rc = cmd_write_file(out, write_cmp, &cm);
	}
	rdir_free(&cm.a);
	rdir_free(&cm.b);
	return rc;
}
