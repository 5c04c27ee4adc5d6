/*
 * cmd_analyze.c - `chokepoint analyze DATA [options]` (its usage is in
 * cmd_analyze_entry): the deterministic analyses of the dependency graph
 * (concentration.c), written into OUTDIR.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/par.h"
#include "base/path.h"
#include "base/text.h"
#include "sim/concentration.h"
#include "sim/engine.h"
#include "report/charts.h"
#include "report/report_analyze.h"
#include "cli/cmd.h"

static int cmd_analyze_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_analyze_entry = {
	.name = "analyze",
	.usage = "DATA [-o OUTDIR] [-j THREADS] [--durations LIST] [--top N] "
	         "[--reverse-stress SHARE] [--no-charts]",
	.summary = "concentration, chokepoints, SPOFs, cut sets",
	.exec = cmd_analyze_exec,
	.split = 1,
};

/* The default breach-curve grid, hours (chokepoint-method(7), CONCENTRATION
 * ANALYSIS), then unlimited. */
static const double default_grid[] = {1, 2, 4, 8, 12, 24, 48, 72, 168, INFINITY};

#define MAX_DURATIONS 1000
#define MAX_TOP 1000000


static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/*
 * Parse a list of durations separated by commas and/or blanks: hours
 * > 0, or "inf" / "unlimited".  Sorted ascending, repeats dropped.
 * 0, or -1 with the offending word in bad.
 */
static int parse_durations(const char *list, double **out, size_t *n, char *bad,
                           size_t badsz)
{
	char *copy = xstrdup(list);
	double *v = NULL;
	size_t k = 0, alloc = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		double x;
		if (strcasecmp(tok, "inf") == 0 || strcasecmp(tok, "unlimited") == 0) {
			x = INFINITY;
		} else {
			char *end;
			errno = 0;
			x = strtod(tok, &end);
			/* strtod also reads "nan", "infinity" and hex: accept only
			 * plain finite positive numbers besides the words above. */
			if (*end || end == tok || errno || !isfinite(x) || !(x > 0) ||
			    strpbrk(tok, "xXnN")) {
				snprintf(bad, badsz, "%s", tok);
				free(copy);
				free(v);
				return -1;
			}
		}
		if (k == MAX_DURATIONS) {
			snprintf(bad, badsz, "more than %d durations", MAX_DURATIONS);
			free(copy);
			free(v);
			return -1;
		}
		ALLOC_GROW(v, k + 1, alloc);
		v[k++] = x;
	}
	free(copy);
	if (k == 0) {
		snprintf(bad, badsz, "%s", list);
		return -1;
	}
	qsort(v, k, sizeof *v, cmp_double);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (m == 0 || v[i] != v[m - 1])
			v[m++] = v[i];
	*out = v;
	*n = m;
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* analyze: the deterministic analyses of a data set, into OUTDIR. */
static int cmd_analyze_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"threads", required_argument, NULL, 'j'},
	    {"durations", required_argument, NULL, 'D'},
	    {"top", required_argument, NULL, 'T'},
	    {"reverse-stress", required_argument, NULL, 'R'},
	    {"no-charts", no_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},
	    CMD_GLOBAL_LONGOPTS,
	    {NULL, 0, NULL, 0}};
	const char *outdir = "analysis";
	double *grid = NULL;
	size_t n_grid = 0;
	unsigned top = 10;
	double share = 0;
	int charts = 1, threads = 0;
	int c, rc = CP_EXIT_OK;
	int loaded = 0, compiled = 0, analyzed = 0;
	struct dataset ds;
	struct engine e;
	struct conc_result res;
	char bad[128];
	while ((c = getopt_long(argc, argv, ":o:j:h" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'j': {
			uint64_t j;
			if (parse_count(optarg, 0, &j) != 0 || j < 1 || j > 1024) {
				rc = cmd_usage_error(self,
				                     "-j: expected a number of threads from 1 to "
				                     "1024, got \"%s\"",
				                     optarg);
				goto out;
			}
			threads = (int)j;
			break;
		}
		case 'D':
			free(grid);
			grid = NULL;
			if (parse_durations(optarg, &grid, &n_grid, bad, sizeof bad)) {
				rc = cmd_usage_error(
				    self,
				    "--durations: expected hours > 0 or \"inf\", "
				    "separated by commas, got \"%s\"",
				    bad);
				goto out;
			}
			break;
		case 'T': {
			uint64_t t;
			if (parse_count(optarg, 0, &t) != 0 || t < 1 || t > MAX_TOP) {
				rc = cmd_usage_error(
				    self,
				    "--top: expected a number from 1 to %d, got \"%s\"",
				    MAX_TOP, optarg);
				goto out;
			}
			top = (unsigned)t;
			break;
		}
		case 'R': {
			char *end;
			errno = 0;
			double x = strtod(optarg, &end);
			if (*end || end == optarg || errno || !(x > 0 && x <= 1) ||
			    strpbrk(optarg, "xXnN")) {
				rc = cmd_usage_error(
				    self,
				    "--reverse-stress: expected a share of total "
				    "assets above 0 and at most 1, got \"%s\"",
				    optarg);
				goto out;
			}
			share = x;
			break;
		}
		case 'C':
			charts = 0;
			break;
		case 'h':
			cmd_print_usage(self, stdout);
			goto out;
		default: {
			int r = cmd_global_option(self, c, optarg);
			if (r == 1)
				break;
			rc = r ? r : cmd_bad_option(self, c, argv);
			goto out;
		}
		}
	}
	if (argc - optind != 1) {
		rc = cmd_usage_error(self, "expected one data set directory");
		goto out;
	}
	const char *data = argv[optind];
	/* The outputs would mix with (or replace) the data set's own files. */
	if (path_inside(outdir, data)) {
		rc = cmd_usage_error(self,
		                     "-o: the output directory \"%s\" is the data set "
		                     "directory \"%s\" or inside it: expected another one",
		                     outdir, data);
		goto out;
	}
	if (!grid) {
		n_grid = sizeof default_grid / sizeof default_grid[0];
		grid = xreallocarray(NULL, n_grid, sizeof *grid);
		memcpy(grid, default_grid, sizeof default_grid);
	}

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = cmd_load_dataset(&ds, data);
	if (rc != CP_EXIT_OK)
		goto out;
	loaded = 1;
	char err[512];
	if (engine_compile(&e, &ds, err, sizeof err) != 0) {
		msg_error("%s", err);
		rc = CP_EXIT_SOFTWARE;
		goto out;
	}
	compiled = 1;
	/* MPI: every rank has read the data set before the analyses split
	 * their candidates among the ranks (base/par.h) */
	rc = par_agree(rc);
	if (rc != CP_EXIT_OK)
		goto out;
	if (threads < 1) {
#ifdef _OPENMP
		threads = omp_get_max_threads();
#else
		threads = 1;
#endif
	}
	struct conc_options o = {grid, n_grid, share, 0, threads};
	int ar = conc_analyze(&ds, &e, &o, &res, err, sizeof err);
	analyzed = 1;
	if (ar != 0) {
		msg_error("%s: %s", data, err);
		rc = ar == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
		goto out;
	}
	if (par_rank() != 0) /* rank 0 writes every output */
		goto out;
	if (make_dirs(outdir) != 0) {
		msg_error("%s: cannot create directory: %s", outdir,
		          make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
		goto out;
	}
	/* Every file is replaced together, or none is (base/outfile.h). */
	outfile_defer_begin();
	if (report_analyze(outdir, &ds, &res, data, top, threads, err, sizeof err) != 0 ||
	    (charts && charts_analyze(outdir, &ds, &res, 6, err, sizeof err) != 0)) {
		outfile_defer_end(0, NULL, 0);
		msg_error("%s", err);
		rc = CP_EXIT_CANTCREAT;
		goto out;
	}
	if (outfile_defer_end(1, err, sizeof err) != 0) {
		msg_error("%s", err);
		rc = CP_EXIT_IOERR;
		goto out;
	}
	if (res.n_types > CONC_WIDE_TYPES)
		msg_warn("%s: %u institution types: reach.csv leaves out its per-type "
		         "columns (more than %d types; is the type column of "
		         "institutions.csv right?); reach_by_type.csv has them",
		         data, res.n_types, CONC_WIDE_TYPES);
	if (res.spof_truncated)
		msg_warn("%s: more than %llu single points of failure: spof.csv holds the "
		         "first %llu found (--limit spof=N); the counts per provider are "
		         "complete",
		         data, (unsigned long long)res.spof_limit,
		         (unsigned long long)res.spof_limit);
	if (res.cut_truncated)
		msg_warn("%s: more than %llu order-2 cut sets: cutsets.csv holds the first "
		         "%llu found (--limit cutsets=N)",
		         data, (unsigned long long)res.cut_limit,
		         (unsigned long long)res.cut_limit);
	msg_info("analyzed %u providers in %.2f s -> %s/", res.n_prov, seconds_since(&t0),
	         outdir);
out:
	if (analyzed)
		conc_result_free(&res);
	if (compiled)
		engine_free(&e);
	if (loaded)
		dataset_free(&ds);
	free(grid);
	return rc;
}
