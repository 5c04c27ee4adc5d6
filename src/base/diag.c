/* diag.c - collected errors and warnings with their places. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/diag.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof *d);
	d->max_per_file = DIAG_MAX_PER_FILE;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	for (size_t i = 0; i < d->n_files; i++)
		free(d->files[i].file);
	free(d->files);
	memset(d, 0, sizeof *d);
}

static void push(struct diag *d, enum diag_level lvl, char *text)
{
	ALLOC_GROW(d->msgs, d->n + 1, d->cap);
	d->msgs[d->n].level = lvl;
	d->msgs[d->n].text = text;
	d->n++;
}

static char *place(const char *file, unsigned long line, const char *column,
                   const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static char *place(const char *file, unsigned long line, const char *column,
                   const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	char *s;
	if (file && line && column)
		s = xasprintf("%s:%lu: %s: %s", file, line, column, msg);
	else if (file && line)
		s = xasprintf("%s:%lu: %s", file, line, msg);
	else if (file && column)
		s = xasprintf("%s: %s: %s", file, column, msg);
	else if (file)
		s = xasprintf("%s: %s", file, msg);
	else
		return msg;
	free(msg);
	return s;
}

void diag_error(struct diag *d, const char *file, unsigned long line,
                const char *column, const char *fmt, ...)
{
	d->n_errors++;
	if (file) {
		size_t i;
		for (i = 0; i < d->n_files; i++)
			if (strcmp(d->files[i].file, file) == 0)
				break;
		if (i == d->n_files) {
			d->files = xreallocarray(d->files, d->n_files + 1, sizeof *d->files);
			d->files[i] = (struct diag_file){ xstrdup(file), 0, 0 };
			d->n_files++;
		}
		if (d->files[i].errors++ >= d->max_per_file)
			return;
	}
	va_list ap;
	va_start(ap, fmt);
	push(d, DIAG_ERROR, place(file, line, column, fmt, ap));
	va_end(ap);
}

void diag_warning(struct diag *d, const char *file, unsigned long line,
                  const char *column, const char *fmt, ...)
{
	d->n_warnings++;
	va_list ap;
	va_start(ap, fmt);
	push(d, DIAG_WARNING, place(file, line, column, fmt, ap));
	va_end(ap);
}

void diag_loss(struct diag *d, const char *file, unsigned long line,
               const char *column, const char *fmt, ...)
{
	d->n_warnings++;
	va_list ap;
	va_start(ap, fmt);
	push(d, DIAG_LOSS, place(file, line, column, fmt, ap));
	va_end(ap);
}

int diag_will_show(const struct diag *d, const char *file)
{
	for (size_t i = 0; file && i < d->n_files; i++)
		if (strcmp(d->files[i].file, file) == 0)
			return d->files[i].errors < d->max_per_file;
	return 1;
}

void diag_flush(struct diag *d)
{
	for (size_t i = 0; i < d->n_files; i++) {
		struct diag_file *f = &d->files[i];
		if (f->errors <= d->max_per_file)
			continue;
		size_t hidden = f->errors - d->max_per_file;
		if (hidden > f->summarised) {
			push(d, DIAG_ERROR, xasprintf("%s: %zu more errors not shown", f->file,
			                              hidden - f->summarised));
			f->summarised = hidden;
		}
	}
}

void diag_print(const struct diag *d, FILE *fp, const char *prog)
{
	diag_print_filtered(d, fp, prog, 0);
}

int diag_shown(enum diag_level level, int quiet)
{
	return level == DIAG_ERROR || quiet <= 0 || (level == DIAG_LOSS && quiet == 1);
}

void diag_print_filtered(const struct diag *d, FILE *fp, const char *prog,
                         int quiet)
{
	for (size_t i = 0; i < d->n; i++)
		if (diag_shown(d->msgs[i].level, quiet))
			fprintf(fp, "%s: %s%s\n", prog,
			        d->msgs[i].level != DIAG_ERROR ? "warning: " : "",
			        d->msgs[i].text);
}
