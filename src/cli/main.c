/*
 * main.c - dispatch: the global options, then the command's entry in
 * cmd_table (cli/cmd.h) runs with the arguments after its name.
 *
 * chokepoint [global options] COMMAND [arguments]
 */
#include "config.h"

#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <unistd.h>

#include "base/error.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/par.h"
#include "sim/depgraph.h"
#include "cli/cmd.h"

/* The program's own usage line, for the overview and global usage errors. */
static const struct cmd_entry main_entry = {
	.name = NULL,
	.usage = "[-q] [--no-progress] [--limit NAME=VALUE]... COMMAND [ARGS]",
};

static const char global_options_text[] =
	"global options:\n"
	"  -h, --help       this help\n"
	"      --version    print the version\n"
	"  -q, --quiet      errors, and warnings of data that is ignored; no progress\n"
	"                   (-qq: errors only)\n"
	"      --no-progress  never print a progress line\n"
	"      --limit NAME=VALUE  raise or lower a resource limit (records, nodes,\n"
	"                   trials, memory, ...; see chokepoint(1) LIMITS)\n"
	"      --limits     print the limits and exit\n"
	"\n"
	"See chokepoint(1), chokepoint-data(5), chokepoint-model(5), chokepoint-report(5),\n"
	"chokepoint-import(5), chokepoint-method(7).\n";

/* The overview lists each command's usage within HELP_WIDTH columns,
 * continued lines indented by HELP_INDENT, and its summary at column
 * HELP_SUMMARY (on a line of its own when the usage reaches it). */
#define HELP_WIDTH 79
#define HELP_INDENT 6
#define HELP_SUMMARY 36

/* One command of the overview: its usage wrapped between bracketed words. */
static void print_command(const struct cmd_entry *e, FILE *fp)
{
	const char *p = e->brief ? e->brief : e->usage;
	int col = fprintf(fp, "  %s", e->name);
	while (*p) {
		/* a word ends at a blank outside brackets */
		size_t len = 0;
		int depth = 0;
		for (; p[len] && (depth > 0 || p[len] != ' '); len++)
			depth += (p[len] == '[') - (p[len] == ']');
		if (col + 1 + (int)len > HELP_WIDTH)
			col = fprintf(fp, "\n%*s", HELP_INDENT, "") - 1;
		else
			col += fprintf(fp, " ");
		col += (int)fwrite(p, 1, len, fp);
		for (p += len; *p == ' '; p++)
			;
	}
	if (col + 2 > HELP_SUMMARY)
		col = fprintf(fp, "\n") - 1;
	fprintf(fp, "%*s%s\n", HELP_SUMMARY - col, "", e->summary);
}

/* The program's --help: its usage, every command of cmd_table, the
 * global options. */
static void print_help(FILE *fp)
{
	cmd_print_usage(&main_entry, fp);
	fputs("\ncommands:\n", fp);
	for (size_t i = 0; cmd_table[i]; i++)
		print_command(cmd_table[i], fp);
	fputs("\n", fp);
	fputs(global_options_text, fp);
}

static int run_command(int argc, char **argv);

/* MPI (configure --with-mpi): every rank runs the command; run, sweep and
 * analyze split their work among the ranks, other commands run on rank 0
 * alone.  The ranks agree on the exit status at the end (base/par.h). */
int main(int argc, char **argv)
{
	char err[256];
	if (par_init(&argc, &argv, err, sizeof err) != 0) {
		msg_error("%s", err);
		return par_finish(par_agree(CP_EXIT_OSERR));
	}
	int rc = run_command(argc, argv);
	rc = par_agree(rc); /* the status every rank ends with */
	const char *elsewhere = par_take_message(); /* another rank's failure */
	if (elsewhere)
		fputs(elsewhere, stderr);
	return par_finish(rc);
}

static int run_command(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		CMD_GLOBAL_LONGOPTS,
		{ "limits", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	cmd_settings.progress = isatty(STDERR_FILENO);
	opterr = 0; /* commands report bad options themselves (cmd_bad_option) */
	/* GSL's default handler aborts; we check every return code instead. */
	gsl_set_error_handler_off();
	depgraph_setup();
	outfile_install_signal_cleanup();

	int c;
	/* '+': stop at the command name; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+:hqV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_help(stdout);
			return CP_EXIT_OK;
		case 'V':
			printf("chokepoint %s\n", PACKAGE_VERSION);
			return CP_EXIT_OK;
		case 'q':
		case CMD_OPT_NO_PROGRESS:
		case CMD_OPT_LIMIT: {
			int r = cmd_global_option(&main_entry, c, optarg);
			if (r != 1)
				return r;
			break;
		}
		case 'M':
			limits_print(stdout);
			return CP_EXIT_OK;
		default:
			return cmd_bad_option(&main_entry, c, argv);
		}
	}
	if (optind >= argc) {
		msg_error("no command given");
		print_help(stderr);
		return CP_EXIT_USAGE;
	}
	const char *name = argv[optind];
	const struct cmd_entry *e = cmd_find(name);
	if (!e) {
		msg_error("unknown command \"%s\"", name);
		print_help(stderr);
		return CP_EXIT_USAGE;
	}
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	optind = 0; /* glibc: 0 fully re-initialises getopt for the command */
	int rc;
	if (e->split || par_size() == 1) {
		rc = e->exec(e, sub_argc, sub_argv);
	} else if (par_rank() == 0) {
		par_solo(1);
		rc = e->exec(e, sub_argc, sub_argv);
		par_solo(0);
	} else {
		rc = CP_EXIT_OK; /* the command runs on rank 0 */
	}
	cmd_forget_warnings();
	if (fflush(stdout) != 0 && rc == CP_EXIT_OK) {
		msg_error("writing standard output failed");
		return CP_EXIT_IOERR;
	}
	return rc;
}
