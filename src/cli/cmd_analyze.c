/*
 * cmd_analyze.c - `chokepoint analyze DATA [-o OUTDIR] [--durations LIST]
 * [--top N] [--reverse-stress SHARE]`: the deterministic analyses of the
 * dependency graph (concentration.c), written into OUTDIR.
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

#include "report/charts.h"
#include "cli/cmd.h"
#include "sim/concentration.h"
#include "sim/engine.h"
#include "report/report_analyze.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"

static const char usage[] =
    "chokepoint analyze DATA [-o OUTDIR] [--durations LIST] [--top N] "
    "[--reverse-stress SHARE] [--no-charts]";

/* The default breach-curve grid, hours (DESIGN.md §5), then unlimited. */
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
	size_t k = 0;
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
		v = xreallocarray(v, k + 1, sizeof *v);
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

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"durations", required_argument, NULL, 'D'},
	    {"top", required_argument, NULL, 'T'},
	    {"reverse-stress", required_argument, NULL, 'R'},
	    {"no-charts", no_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *outdir = "analysis";
	double *grid = NULL;
	size_t n_grid = 0;
	unsigned top = 10;
	double share = 0;
	int charts = 1;
	int c;
	char bad[128];
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'D':
			free(grid);
			grid = NULL;
			if (parse_durations(optarg, &grid, &n_grid, bad, sizeof bad) != 0)
				return usage_error(
				    usage,
				    "--durations: expected hours > 0 or \"inf\", "
				    "separated by commas, got \"%s\"",
				    bad);
			break;
		case 'T': {
			char *end;
			errno = 0;
			long t = strtol(optarg, &end, 10);
			if (*end || end == optarg || errno || t < 1 || t > MAX_TOP) {
				free(grid);
				return usage_error(
				    usage,
				    "--top: expected a number from 1 to %d, got \"%s\"",
				    MAX_TOP, optarg);
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
				free(grid);
				return usage_error(
				    usage,
				    "--reverse-stress: expected a share of total "
				    "assets above 0 and at most 1, got \"%s\"",
				    optarg);
			}
			share = x;
			break;
		}
		case 'C':
			charts = 0;
			break;
		case 'h':
			printf("usage: %s\n", usage);
			free(grid);
			return CP_EXIT_OK;
		default:
			free(grid);
			return bad_option(usage, c, argv);
		}
	}
	if (argc - optind != 1) {
		free(grid);
		return usage_error(usage, "expected one data set directory");
	}
	const char *data = argv[optind];
	/* The outputs would mix with (or replace) the data set's own files. */
	if (path_inside(outdir, data)) {
		free(grid);
		return usage_error(usage,
		                   "-o: the output directory \"%s\" is the data set "
		                   "directory \"%s\" or inside it: expected another one",
		                   outdir, data);
	}
	if (!grid) {
		n_grid = sizeof default_grid / sizeof default_grid[0];
		grid = xreallocarray(NULL, n_grid, sizeof *grid);
		memcpy(grid, default_grid, sizeof default_grid);
	}

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct dataset ds;
	int rc = load_dataset(&ds, data);
	if (rc != CP_EXIT_OK) {
		free(grid);
		return rc;
	}
	struct engine e;
	char err[512];
	if (engine_compile(&e, &ds, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", g_prog, err);
		dataset_free(&ds);
		free(grid);
		return CP_EXIT_SOFTWARE;
	}
	struct conc_options o = {grid, n_grid, share};
	struct conc_result res;
	rc = CP_EXIT_OK;
	int ar = conc_analyze(&ds, &e, &o, &res, err, sizeof err);
	if (ar != 0) {
		fprintf(stderr, "%s: %s: %s\n", g_prog, data, err);
		rc = ar == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
	} else if (make_dirs(outdir) != 0) {
		fprintf(stderr, "%s: %s: cannot create directory: %s\n", g_prog, outdir,
		        make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
	} else {
		/* Every file is replaced together, or none is (base/outfile.h). */
		outfile_defer_begin();
		if (report_analyze(outdir, &ds, &res, data, top, err, sizeof err) != 0 ||
		    (charts && charts_analyze(outdir, &ds, &res, 6, err, sizeof err) != 0)) {
			outfile_defer_end(0, NULL, 0);
			fprintf(stderr, "%s: %s\n", g_prog, err);
			rc = CP_EXIT_CANTCREAT;
		} else if (outfile_defer_end(1, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", g_prog, err);
			rc = CP_EXIT_IOERR;
		} else if (!g_opts.quiet) {
			if (res.n_types > CONC_WIDE_TYPES)
				fprintf(stderr, "%s: warning: %s: %u institution types: reach.csv "
				        "leaves out its per-type columns (more than %d types; is the "
				        "type column of institutions.csv right?); reach_by_type.csv "
				        "has them\n", g_prog, data, res.n_types, CONC_WIDE_TYPES);
			if (res.spof_truncated)
				fprintf(stderr, "%s: warning: %s: more than %llu single points of "
				        "failure: spof.csv holds the first %llu found (--limit spof=N); "
				        "the counts per provider are complete\n", g_prog, data,
				        (unsigned long long)res.spof_limit,
				        (unsigned long long)res.spof_limit);
			if (res.cut_truncated)
				fprintf(stderr, "%s: warning: %s: more than %llu order-2 cut sets: "
				        "cutsets.csv holds the first %llu found (--limit cutsets=N)\n",
				        g_prog, data, (unsigned long long)res.cut_limit,
				        (unsigned long long)res.cut_limit);
			fprintf(stderr, "%s: analyzed %u providers in %.2f s -> %s/\n", g_prog,
			        res.n_prov, seconds_since(&t0), outdir);
		}
	}
	conc_result_free(&res);
	engine_free(&e);
	dataset_free(&ds);
	free(grid);
	return rc;
}
