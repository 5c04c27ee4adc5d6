/*
 * report_import.h - the files `chokepoint import` writes: the data set
 * (institutions.csv, services.csv, vendors.csv, cloud.csv,
 * dependencies.csv), import.txt and import.json.
 */
#ifndef CHOKEPOINT_REPORT_IMPORT_H
#define CHOKEPOINT_REPORT_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "input/roi.h"

/* The names of the files written, NULL-terminated. */
extern const char *const report_import_files[];

/* One table of the data set as CSV: the header, then the rows. */
void report_import_csv(FILE *fp, const struct roi_out *o);

/*
 * Write every file into dir (which exists), each atomically; callers
 * wrap the call in outfile_defer_begin/end so that the files are
 * replaced together.  CP_OK, or an enum cp_status with a message in err.
 */
int report_import_write(const char *dir, const struct roi *r,
                        const struct roi_assumptions *a, char *err, size_t errsz);

#endif
