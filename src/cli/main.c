/*
 * main.c - command dispatch, global options, exit codes.
 *
 * chokepoint [global options] COMMAND [arguments]
 */
#include "config.h"

#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "sim/depgraph.h"
#include "base/limits.h"
#include "base/error.h"
#include "base/outfile.h"

struct global_opts g_opts;
const char *g_prog = "chokepoint";

static const char usage_text[] =
	"usage: chokepoint [-q] [--no-progress] [--limit NAME=VALUE]... COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  validate DATA                     check a data set and print its counts\n"
	"  graph DATA [-f graphml|dot|csv] [-o FILE]\n"
	"                                    export the dependency graph\n"
	"  analyze DATA [-o OUTDIR] [--durations LIST] [--top N] [--reverse-stress SHARE]\n"
	"                                    concentration, chokepoints, SPOFs, cut sets\n"
	"  run MODEL... [-d DATA] [-o OUTDIR] [-n TRIALS] [-s SEED] [-j THREADS]\n"
	"      [--set KEY=VALUE]... [--precision REL [--target METRIC] [--max-trials N]]\n"
	"      [--trials-out FILE] [--json]  Monte Carlo outage scenarios\n"
	"  sweep MODEL --vary KEY=V1,V2,...|KEY=START:STOP:N ... [-o FILE]\n"
	"      [--scope LIST] [run options]  parameter sweeps, tidy CSV\n"
	"  generate --preset jp|eu [--scale F] [-s SEED] [--force] -o DIR\n"
	"                                    write a synthetic sector data set\n"
	"\n"
	"global options:\n"
	"  -h, --help       this help\n"
	"      --version    print the version\n"
	"  -q, --quiet      no warnings or progress, only errors\n"
	"      --no-progress  never print a progress line\n"
	"      --limit NAME=VALUE  raise or lower a resource limit (records, nodes,\n"
	"                   trials, memory, ...; see chokepoint(1) LIMITS)\n"
	"      --limits     print the limits and exit\n"
	"\n"
	"See chokepoint(1), chokepoint-data(5), chokepoint-model(5), chokepoint-report(5).\n";

static const char global_usage[] =
	"chokepoint [-q] [--no-progress] [--limit NAME=VALUE]... COMMAND [ARGS]";

int usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", g_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fprintf(stderr, "usage: %s\n", usage);
	return CP_EXIT_USAGE;
}

int bad_option(const char *usage, int c, char *const *argv)
{
	const char *word = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':')
		return usage_error(usage, "option %s needs a value", word);
	if (strncmp(word, "--limit", 7) == 0)
		return usage_error(usage, "%s is a global option: write it before the "
		                   "command (chokepoint --limit NAME=VALUE COMMAND ...)", word);
	if (optopt)
		return usage_error(usage, "unknown option -%c", optopt);
	return usage_error(usage, "unknown option %s", word);
}

int load_dataset(struct dataset *ds, const char *dir)
{
	struct diag d;
	diag_init(&d);
	int missing = 0;
	int r = dataset_load(ds, dir, &d, &missing);
	if (r != 0 || !g_opts.quiet)
		diag_print_filtered(&d, stderr, g_prog, g_opts.quiet);
	diag_free(&d);
	if (r == 0)
		return CP_EXIT_OK;
	return missing ? CP_EXIT_NOINPUT : CP_EXIT_DATAERR;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{ "validate", cmd_validate },
	{ "graph", cmd_graph },
	{ "run", cmd_run },
	{ "analyze", cmd_analyze },
	{ "sweep", cmd_sweep },
	{ "generate", cmd_generate },
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-progress", no_argument, NULL, 'P' },
		{ "limit", required_argument, NULL, 'L' },
		{ "limits", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	g_opts.progress = isatty(STDERR_FILENO);
	opterr = 0; /* commands report bad options themselves (bad_option) */
	/* GSL's default handler aborts; we check every return code instead. */
	gsl_set_error_handler_off();
	depgraph_setup();
	outfile_install_signal_cleanup();

	int c;
	/* '+': stop at the command name; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+:hqV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return CP_EXIT_OK;
		case 'V':
			printf("chokepoint %s\n", PACKAGE_VERSION);
			return CP_EXIT_OK;
		case 'q':
			g_opts.quiet = 1;
			break;
		case 'P':
			g_opts.progress = 0;
			break;
		case 'L': {
			char err[256];
			if (limits_set(optarg, err, sizeof err) != 0)
				return usage_error(global_usage, "%s", err);
			break;
		}
		case 'M':
			limits_print(stdout);
			return CP_EXIT_OK;
		default:
			return bad_option(global_usage, c, argv);
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: no command given\n", g_prog);
		fputs(usage_text, stderr);
		return CP_EXIT_USAGE;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0; /* glibc: 0 fully re-initialises getopt for the command */
			int rc = commands[i].fn(sub_argc, sub_argv);
			if (fflush(stdout) != 0 && rc == CP_EXIT_OK) {
				fprintf(stderr, "%s: writing standard output failed\n", g_prog);
				return CP_EXIT_IOERR;
			}
			return rc;
		}
	fprintf(stderr, "%s: unknown command \"%s\"\n", g_prog, name);
	fputs(usage_text, stderr);
	return CP_EXIT_USAGE;
}
