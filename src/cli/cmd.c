/*
 * cmd.c - the command table and what the commands share: usage lines and
 * usage errors, loading a data set, writing an output file.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "cli/cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_validate_entry,
	&cmd_graph_entry,
	&cmd_analyze_entry,
	&cmd_run_entry,
	&cmd_sweep_entry,
	&cmd_profile_entry,
	&cmd_generate_entry,
	&cmd_import_entry,
	NULL
};

struct cmd_settings cmd_settings;

/* The command called 'name', or NULL. */
const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (strcmp(name, cmd_table[i]->name) == 0)
			return cmd_table[i];
	return NULL;
}

/* The usage line of e, as --help and usage errors print it. */
void cmd_print_usage(const struct cmd_entry *e, FILE *fp)
{
	if (e->name)
		fprintf(fp, "usage: chokepoint %s %s\n", e->name, e->usage);
	else
		fprintf(fp, "usage: chokepoint %s\n", e->usage);
}

/* A usage error: the message, then e's usage line; 64. */
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	msg_error("%s", msg);
	free(msg);
	cmd_print_usage(e, stderr);
	return CP_EXIT_USAGE;
}

/* The usage error for an option getopt_long refused; 64. */
int cmd_bad_option(const struct cmd_entry *e, int c, char *const *argv)
{
	const char *word = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':')
		return cmd_usage_error(e, "option %s needs a value", word);
	if (strncmp(word, "--limit", 7) == 0)
		return cmd_usage_error(e, "%s is a global option: write it before "
		                       "the command (chokepoint --limit NAME=VALUE "
		                       "COMMAND ...)", word);
	if (optopt)
		return cmd_usage_error(e, "unknown option -%c", optopt);
	return cmd_usage_error(e, "unknown option %s", word);
}

/* Load a data set and print its diagnostics (only errors under -q). */
int cmd_load_dataset(struct dataset *ds, const char *dir)
{
	struct diag d;
	diag_init(&d);
	int missing = 0;
	int r = dataset_load(ds, dir, &d, &missing);
	if (r != 0 || !msg_quiet)
		diag_print_filtered(&d, stderr, msg_prog, msg_quiet);
	diag_free(&d);
	if (r == 0)
		return CP_EXIT_OK;
	return missing ? CP_EXIT_NOINPUT : CP_EXIT_DATAERR;
}

/* Open an output file, or say why not; exit status. */
int cmd_outfile_open(struct outfile *of, const char *path)
{
	if (outfile_open(of, path) != 0) {
		msg_error("%s: cannot create: %s", path, strerror(errno));
		return CP_EXIT_CANTCREAT;
	}
	return CP_EXIT_OK;
}

/* Commit an output file, or say why not; exit status. */
int cmd_outfile_commit(struct outfile *of, const char *path)
{
	if (outfile_commit(of) != 0) {
		msg_error("%s: write failed: %s", path, strerror(errno));
		return CP_EXIT_IOERR;
	}
	return CP_EXIT_OK;
}

/* Write one output file with fn; exit status. */
int cmd_write_file(const char *path, int (*fn)(FILE *fp, const void *arg),
                   const void *arg)
{
	struct outfile of;
	int rc = cmd_outfile_open(&of, path);
	if (rc != CP_EXIT_OK)
		return rc;
	if (fn(of.fp, arg) != 0) {
		msg_error("%s: write failed: %s", path, strerror(errno));
		outfile_abort(&of);
		return CP_EXIT_IOERR;
	}
	return cmd_outfile_commit(&of, path);
}
