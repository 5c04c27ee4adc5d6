/*
 * cmd.h - the commands and what they share.
 *
 * Each command is one struct cmd_entry, defined in its cmd_NAME.c and
 * listed in cmd_table (cmd.c): its usage line lives there and only there,
 * for `chokepoint --help`, `chokepoint NAME --help` and usage errors
 * alike.  exec takes the arguments after the command name (argv[0] is the
 * command) and returns an exit status (enum cp_exit).  Commands print
 * their own results; messages go to stderr through msg_error, msg_warn
 * and msg_info (base/error.h) or a diag.  The entries and the table are
 * static data, owned by no one.
 */
#ifndef CHOKEPOINT_CMD_H
#define CHOKEPOINT_CMD_H

#include <stdio.h>

#include "base/diag.h"
#include "base/outfile.h"
#include "input/dataset.h"

struct cmd_entry {
	const char *name;    /* the command word; NULL for the program itself */
	const char *usage;   /* its arguments: "usage: chokepoint NAME USAGE" */
	const char *brief;   /* shorter arguments for the --help overview, or NULL */
	const char *summary; /* what it does, for the --help overview */
	int (*exec)(const struct cmd_entry *self, int argc, char **argv);
	/* 1: splits its work among MPI ranks (base/par.h); 0: runs on rank 0
	 * alone under mpirun */
	int split;
};

extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_graph_entry;
extern const struct cmd_entry cmd_analyze_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_sweep_entry;
extern const struct cmd_entry cmd_profile_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_generate_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_compare_entry;

/* Every command, in the order of the --help overview; NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* The settings of the global options that commands read (-q is msg_quiet). */
struct cmd_settings {
	int progress; /* progress line allowed (stderr is a terminal, no --no-progress) */
};
extern struct cmd_settings cmd_settings;

/*
 * The global options, accepted before the command and after it alike
 * (chokepoint -q run ... and chokepoint run ... -q): each command adds
 * CMD_GLOBAL_SHORTOPTS to its getopt string and CMD_GLOBAL_LONGOPTS to
 * its long options, and hands what getopt returns to cmd_global_option.
 */
#define CMD_OPT_NO_PROGRESS 3001
#define CMD_OPT_LIMIT 3002
#define CMD_GLOBAL_SHORTOPTS "q"
#define CMD_GLOBAL_LONGOPTS \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "no-progress", no_argument, NULL, CMD_OPT_NO_PROGRESS }, \
	{ "limit", required_argument, NULL, CMD_OPT_LIMIT }

/* Apply global option c (value arg) for command e: 1 when c is one and
 * was applied, 0 when c is not a global option, else the exit status of
 * the usage error printed (64). */
int cmd_global_option(const struct cmd_entry *e, int c, const char *arg);

/*
 * Print the messages of d (diag_print_filtered at quiet level 'quiet'),
 * each warning only once in the life of the program: a run that loads
 * one data set for several models, or twice, warns once.
 */
void cmd_print_diag(const struct diag *d, int quiet);

/* Free what cmd_print_diag remembers (at exit). */
void cmd_forget_warnings(void);

/* The command called 'name', or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* Print "usage: chokepoint [NAME ]USAGE" and a newline to fp. */
void cmd_print_usage(const struct cmd_entry *e, FILE *fp);

/* Print "prog: MESSAGE" and e's usage line to stderr; returns 64. */
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report an option getopt_long refused (c is '?' or ':'); returns 64. */
int cmd_bad_option(const struct cmd_entry *e, int c, char *const *argv);

/*
 * Load the data set in 'dir', printing diagnostics.  Returns 0, or the
 * exit status to stop with (65 invalid, 66 missing).
 */
int cmd_load_dataset(struct dataset *ds, const char *dir);

/*
 * Output files for commands: base/outfile.h with the messages and exit
 * statuses of every command.  cmd_outfile_open opens 'path' ("-" is
 * stdout) or prints "PATH: cannot create: REASON" and returns 73;
 * cmd_outfile_commit commits of (opened on 'path') or prints "PATH: write
 * failed: REASON" and returns 74.  cmd_write_file does both around
 * fn(fp, arg), which returns 0, or -1 with errno set when writing failed
 * (74, the file discarded).
 */
int cmd_outfile_open(struct outfile *of, const char *path);
/*
 * For commands that write a data set into DIR unless --force: 0 when none
 * of files[0..n) is in dir (anything of that name, a link too), else
 * print "DIR: already holds FILE: expected an empty directory (--force
 * overwrites the data set)" for the first and return 73.
 */
int cmd_refuse_existing(const char *dir, const char *const *files, size_t n);
int cmd_outfile_commit(struct outfile *of, const char *path);
int cmd_write_file(const char *path, int (*fn)(FILE *fp, const void *arg),
                   const void *arg);

#endif
