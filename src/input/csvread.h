/*
 * csvread.h - read one CSV file into memory through libcsv.
 *
 * RFC 4180: quoted fields with commas, quotes and newlines; LF, CRLF or
 * CR line ends; a UTF-8 byte-order mark is stripped.  Spaces and tabs
 * around an unquoted field are ignored (libcsv's default; quote a field to
 * keep them).  Every record remembers the physical line it starts on, so
 * messages point at the line a user sees in an editor.
 *
 * A struct csvtab owns all its strings; csvtab_free releases them.
 */
#ifndef CHOKEPOINT_CSVREAD_H
#define CHOKEPOINT_CSVREAD_H

#include <stddef.h>

#include "base/diag.h"

/*
 * The limits of limits.h bound a file's size, its records, the fields of
 * a record (which also bounds the memory a line of commas can claim), the
 * fields of a file (records times columns: a table costs 8 bytes a field
 * plus its text) and the bytes of a field.
 */

struct csv_chunk; /* the strings of a table live in a few large chunks */

struct csvtab {
	char *path;            /* as given, used in messages */
	size_t ncols;          /* header fields */
	char **head;           /* [ncols] column names */
	size_t nrows;          /* data records (header excluded) */
	char **cell;           /* [nrows * ncols]; never NULL ("" when empty) */
	unsigned long *line;   /* [nrows] first physical line of each record */
	unsigned long head_line;
	struct csv_chunk *chunks; /* owns every string of head and cell */
};

/*
 * Read 'path'.  Returns 0 on success; -1 with errors added to d when the
 * file cannot be parsed (I/O error, bad quoting, invalid UTF-8, wrong
 * field count, over-long field, no header); a missing file sets
 * *missing = 1 (and adds nothing) so the caller can decide whether the
 * file was optional; a file that exists but cannot be opened (permissions,
 * a directory) sets *missing = 2 and adds an error.
 */
int csvtab_read(struct csvtab *t, const char *path, struct diag *d, int *missing);
/* The same for the len bytes at buf (a file already read), named 'path'
 * in messages; 0, or -1 with errors added to d.  buf is not modified. */
int csvtab_parse(struct csvtab *t, const char *path, const char *buf, size_t len,
                 struct diag *d);
void csvtab_free(struct csvtab *t);

/* Index of column 'name' or -1. */
long csvtab_col(const struct csvtab *t, const char *name);

/* Cell (row, col); "" when col < 0 (column absent). */
const char *csvtab_get(const struct csvtab *t, size_t row, long col);

#endif
