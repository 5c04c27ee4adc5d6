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
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/path.h"
#include "cli/cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_validate_entry,
	&cmd_graph_entry,
	&cmd_analyze_entry,
	&cmd_run_entry,
	&cmd_sweep_entry,
	&cmd_profile_entry,
	&cmd_explain_entry,
	&cmd_generate_entry,
	&cmd_import_entry,
	&cmd_init_entry,
	&cmd_compare_entry,
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

int cmd_global_option(const struct cmd_entry *e, int c, const char *arg)
{
	char err[256];
	switch (c) {
	case 'q':
		msg_quiet++;
		return 1;
	case CMD_OPT_NO_PROGRESS:
		cmd_settings.progress = 0;
		return 1;
	case CMD_OPT_LIMIT:
		if (limits_set(arg, err, sizeof err) != 0)
			return cmd_usage_error(e, "%s", err);
		return 1;
	}
	return 0;
}

/* The warnings printed so far, for cmd_print_diag. */
static char **printed;
static size_t n_printed, alloc_printed;

void cmd_print_diag(const struct diag *d, int quiet)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_msg *m = &d->msgs[i];
		if (!diag_shown(m->level, quiet))
			continue;
		if (m->level != DIAG_ERROR) {
			size_t k = 0;
			while (k < n_printed && strcmp(printed[k], m->text) != 0)
				k++;
			if (k < n_printed)
				continue;
			ALLOC_GROW(printed, n_printed + 1, alloc_printed);
			printed[n_printed++] = xstrdup(m->text);
		}
		fprintf(stderr, "%s: %s%s\n", msg_prog, m->level != DIAG_ERROR ? "warning: " : "",
		        m->text);
	}
}

void cmd_forget_warnings(void)
{
	for (size_t k = 0; k < n_printed; k++)
		free(printed[k]);
	free(printed);
	printed = NULL;
	n_printed = alloc_printed = 0;
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
	cmd_print_diag(&d, msg_quiet);
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

int cmd_refuse_existing(const char *dir, const char *const *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(dir, files[i]);
		struct stat st;
		int exists = lstat(path, &st) == 0;
		free(path);
		if (exists) {
			msg_error("%s: already holds %s: expected an empty directory "
			          "(--force overwrites the data set)", dir, files[i]);
			return CP_EXIT_CANTCREAT;
		}
	}
	return CP_EXIT_OK;
}
