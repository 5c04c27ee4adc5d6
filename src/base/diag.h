/*
 * diag.h - diagnostics: errors and warnings collected while loading.
 *
 * Loaders report every problem they find (up to a cap per file) rather
 * than stopping at the first, so a user fixes a file in one pass.  Each
 * message carries its place (file, line of the record's first physical
 * line, column name) and says what was expected and what was found.
 * Library code only appends to a struct diag; main prints it.
 */
#ifndef CHOKEPOINT_DIAG_H
#define CHOKEPOINT_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* DIAG_LOSS is a warning that data are ignored or that a headline figure
 * cannot be computed from the data: -q keeps it, -qq hides it. */
enum diag_level { DIAG_WARNING, DIAG_ERROR, DIAG_LOSS };

struct diag_msg {
	enum diag_level level;
	char *text; /* "file:line: column: message", without a trailing newline */
};

/* Errors counted for one file, for the per-file cap. */
struct diag_file {
	char *file;
	size_t errors;     /* reported or not */
	size_t summarised; /* suppressed errors already summed up in a message */
};

struct diag {
	struct diag_msg *msgs;
	size_t n, cap;
	size_t n_errors, n_warnings;
	/* Per-file cap: after max_per_file errors naming one file, further
	 * errors of that file are counted only; diag_flush adds one line
	 * "FILE: N more errors not shown". */
	size_t max_per_file;
	struct diag_file *files;
	size_t n_files;
};

#define DIAG_MAX_PER_FILE 20

void diag_init(struct diag *d);
void diag_free(struct diag *d);

/*
 * Add an error or a warning.  file may be NULL (no place), line 0 (no
 * line), column NULL (no column).
 */
void diag_error(struct diag *d, const char *file, unsigned long line,
                const char *column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_warning(struct diag *d, const char *file, unsigned long line,
                  const char *column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A warning of level DIAG_LOSS (counted with the warnings). */
void diag_loss(struct diag *d, const char *file, unsigned long line,
               const char *column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Would the next error naming 'file' be shown (not over the per-file
 * cap)?  Lets a caller skip costly work, such as a "did you mean" search,
 * for a message nobody will read. */
int diag_will_show(const struct diag *d, const char *file);

/* Add the "N more errors not shown" line of every file over the cap. */
void diag_flush(struct diag *d);

/* Print every message as "prog: text" to fp, warnings (of both levels)
 * prefixed "warning: ". */
void diag_print(const struct diag *d, FILE *fp, const char *prog);

/* Is a message of 'level' shown at quiet level 'quiet' (the number of
 * -q: 0 everything, 1 errors and DIAG_LOSS warnings, 2 errors only)? */
int diag_shown(enum diag_level level, int quiet);

/* As diag_print, but only the messages diag_shown at quiet level 'quiet'. */
void diag_print_filtered(const struct diag *d, FILE *fp, const char *prog,
                         int quiet);

#endif
