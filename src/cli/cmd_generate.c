/*
 * cmd_generate.c - `chokepoint generate --preset jp|eu [options] -o DIR`
 * (its usage is in cmd_generate_entry): write a synthetic data set
 * (generate.c).
 *
 * DIR is created when missing.  A directory that already holds one of the
 * five data set files is left alone unless --force is given: a typo in -o
 * must not overwrite a real data set.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/path.h"
#include "base/text.h"
#include "gen/generate.h"
#include "gen/roi_write.h"
#include "cli/cmd.h"

static int cmd_generate_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_generate_entry = {
	.name = "generate",
	.usage = "--preset jp|eu [--scale F] [-s SEED] [--format csv|roi] [--force] -o DIR",
	.summary = "write a synthetic sector data set",
	.exec = cmd_generate_exec,
};

#define OPT_PRESET 1001
#define OPT_SCALE 1002
#define OPT_FORCE 1003
#define OPT_FORMAT 1004

/* --format roi: the sector as one DORA register package per institution. */
static int generate_roi_exec(const char *dir, const char *preset, double scale,
                             uint64_t seed, int force)
{
	/* the parent must exist: the packages are written beside dir first */
	char *parent = path_clean(dir);
	char *slash = strrchr(parent, '/');
	int prc = 0;
	if (slash && slash != parent) {
		*slash = '\0';
		prc = make_dirs(parent);
	}
	if (prc != 0) {
		msg_error("%s: cannot create directory: %s", parent, strerror(errno));
		free(parent);
		return CP_EXIT_CANTCREAT;
	}
	free(parent);
	struct roi_write_counts n;
	char err[512];
	int rc = generate_roi(dir, preset, scale, seed, force, &n, err, sizeof err);
	if (rc != CP_OK) {
		msg_error("%s", err);
		return rc == CP_ERR_WRITE     ? CP_EXIT_IOERR
		       : rc == CP_ERR_LIMIT   ? CP_EXIT_DATAERR
		       : rc == CP_ERR_INVALID ? CP_EXIT_SOFTWARE
		                              : CP_EXIT_CANTCREAT;
	}
	char sc[64];
	fmt_num(sc, sizeof sc, scale, 6);
	printf("%s: generated preset %s at scale %s with seed %llu as DORA registers\n", dir,
	       preset, sc, (unsigned long long)seed);
	printf("packages     %8u (one per institution) and %s\n", n.packages,
	       ROI_SYSTEMIC_FILE);
	printf("services     %8u functions\n", n.data.services);
	printf("contracts    %8llu rows of B_02.02\n", (unsigned long long)n.contracts);
	printf("supply chain %8llu rows of B_05.02 of rank 2 or more\n",
	       (unsigned long long)n.chain_rows);
	return CP_EXIT_OK;
}

/* generate: a synthetic data set into a new or empty directory. */
static int cmd_generate_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		CMD_GLOBAL_LONGOPTS,
		{ "preset", required_argument, NULL, OPT_PRESET },
		{ "scale", required_argument, NULL, OPT_SCALE },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 }
	};
	const char *preset = NULL, *dir = NULL;
	double scale = 1.0;
	uint64_t seed = 1;
	int force = 0, roi = 0, c;
	char *end;
	while ((c = getopt_long(argc, argv, ":hs:o:" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
		case OPT_PRESET:
			if (!generate_preset_valid(optarg))
				return cmd_usage_error(self, "--preset: expected jp or eu, "
				                       "got \"%s\"", optarg);
			preset = optarg;
			break;
		case OPT_SCALE:
			errno = 0;
			scale = strtod(optarg, &end);
			if (*end || end == optarg || errno || !(scale > 0 && scale <= GEN_SCALE_MAX))
				return cmd_usage_error(self, "--scale: expected a number greater "
				                       "than 0 and at most %g, got \"%s\"",
				                       GEN_SCALE_MAX, optarg);
			break;
		case 's':
			if (parse_count(optarg, 0, &seed) != 0)
				return cmd_usage_error(self, "-s: expected a whole number from 0 "
				                       "to 18446744073709551615, got \"%s\"",
				                       optarg);
			break;
		case 'o':
			dir = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "roi") != 0)
				return cmd_usage_error(self, "--format: expected csv or roi, "
				                       "got \"%s\"", optarg);
			roi = strcmp(optarg, "roi") == 0;
			break;
		default: {
			int r = cmd_global_option(self, c, optarg);
			if (r == 1)
				break;
			return r ? r : cmd_bad_option(self, c, argv);
		}
		}
	}
	if (optind < argc)
		return cmd_usage_error(self, "unexpected argument \"%s\"", argv[optind]);
	if (!preset)
		return cmd_usage_error(self, "expected --preset jp or --preset eu");
	if (!dir || !*dir)
		return cmd_usage_error(self, "expected -o DIR");
	if (roi)
		return generate_roi_exec(dir, preset, scale, seed, force);

	if (make_dirs(dir) != 0) {
		msg_error("%s: cannot create directory: %s", dir, strerror(errno));
		return CP_EXIT_CANTCREAT;
	}
	if (!force && cmd_refuse_existing(dir, generate_files, 5) != CP_EXIT_OK)
		return CP_EXIT_CANTCREAT;
	struct gen_counts n;
	char err[512];
	if (generate_dataset(dir, preset, scale, seed, &n, err, sizeof err) != 0) {
		msg_error("%s", err);
		return CP_EXIT_CANTCREAT;
	}
	char sc[64];
	fmt_num(sc, sizeof sc, scale, 6);
	printf("%s: generated preset %s at scale %s with seed %llu\n", dir, preset, sc,
	       (unsigned long long)seed);
	printf("institutions %8u\n", n.institutions);
	printf("services     %8u\n", n.services);
	printf("vendors      %8u\n", n.vendors);
	printf("cloud        %8u\n", n.cloud);
	printf("dependencies %8u rows -> %llu edges\n", n.dep_rows,
	       (unsigned long long)n.dep_edges);
	return CP_EXIT_OK;
}
