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

/* The warnings printed so far, sorted (strcmp), for cmd_print_diag. */
static char **printed;
static size_t n_printed, alloc_printed;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A warning of the diag being printed: its text and its index. */
struct warn_ref {
	const char *text;
	size_t i;
};

static int cmp_warn_ref(const void *a, const void *b)
{
	const struct warn_ref *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Print d's messages shown at 'quiet', each warning only the first time
 * its text comes (in d, or in an earlier call).  By sorting, not by a scan
 * of what was printed for each warning: a data set can raise a warning
 * per row.
 */
void cmd_print_diag(const struct diag *d, int quiet)
{
	struct warn_ref *w = xcalloc(d->n + 1, sizeof *w);
	unsigned char *skip = xcalloc(d->n + 1, 1);
	size_t nw = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->msgs[i].level != DIAG_ERROR && diag_shown(d->msgs[i].level, quiet))
			w[nw++] = (struct warn_ref){ d->msgs[i].text, i };
	qsort(w, nw, sizeof *w, cmp_warn_ref);
	size_t n_new = 0;
	for (size_t k = 0; k < nw; k++) {
		if ((k > 0 && strcmp(w[k].text, w[k - 1].text) == 0) ||
		    (n_printed && bsearch(&w[k].text, printed, n_printed, sizeof *printed,
		                          cmp_str))) {
			skip[w[k].i] = 1;
			continue;
		}
		w[n_new++] = w[k]; /* first of its text, not printed before */
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_msg *m = &d->msgs[i];
		if (!diag_shown(m->level, quiet) || skip[i])
			continue;
		fprintf(stderr, "%s: %s%s\n", msg_prog, m->level != DIAG_ERROR ? "warning: " : "",
		        m->text);
	}
	/* remember the new texts, keeping printed sorted */
	if (n_new > 0) {
		ALLOC_GROW(printed, n_printed + n_new, alloc_printed);
		for (size_t k = 0; k < n_new; k++)
			printed[n_printed + k] = xstrdup(w[k].text);
		n_printed += n_new;
		qsort(printed, n_printed, sizeof *printed, cmp_str);
	}
	free(skip);
	free(w);
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
