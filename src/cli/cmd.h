/*
 * cmd.h - the commands.  Each takes the arguments after the command name
 * (argv[0] is the command) and returns an exit status (enum cp_exit).
 * Commands print their own results; messages go to stderr via diag.
 */
#ifndef CHOKEPOINT_CMD_H
#define CHOKEPOINT_CMD_H

#include "input/dataset.h"
#include "base/diag.h"

struct global_opts {
	int quiet;
	int progress; /* progress line allowed (stderr is a terminal, no --no-progress) */
};

extern struct global_opts g_opts;
extern const char *g_prog;

int cmd_validate(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_generate(int argc, char **argv);

/*
 * Load the data set in 'dir', printing diagnostics.  Returns 0, or the
 * exit status to stop with (65 invalid, 66 missing).
 */
int load_dataset(struct dataset *ds, const char *dir);

/* Print "prog: usage error" and the command's usage line; returns 64. */
int usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report an option getopt_long refused (c is '?' or ':'); returns 64. */
int bad_option(const char *usage, int c, char *const *argv);

#endif
