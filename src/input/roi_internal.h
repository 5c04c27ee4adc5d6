/*
 * roi_internal.h - what roi.c and roi_zip.c share: the files of one
 * package's reports/ folder, read into memory.
 */
#ifndef CHOKEPOINT_ROI_INTERNAL_H
#define CHOKEPOINT_ROI_INTERNAL_H

#include <stddef.h>

#include "base/diag.h"

struct roi_file {
	char *name;  /* the file's name inside reports/ ("b_01.02.csv") */
	char *disp;  /* for messages: PACKAGE/ENTRY */
	char *data;  /* len bytes and a NUL */
	size_t len;
};

struct roi_files {
	struct roi_file *f;
	size_t n, cap;
};

void roi_files_free(struct roi_files *fs);

/* Is 'name' a file of a reports/ folder that a package is read for
 * (report.json, FilingIndicators.csv, b_XX.XX.csv)?  Others are not
 * opened. */
int roi_file_wanted(const char *name);

/*
 * The files directly inside the reports/ folder of the package in a zip
 * archive: from the file 'path' when buf is NULL, else from the len
 * bytes at buf.  'name' is the package in messages.  Entries that climb
 * out of the package, entries over the file-size limit and archives
 * without a reports/ folder are refused.  0, or -1 with errors in d.
 */
int roi_zip_files(const char *name, const char *path, const void *buf, size_t len,
                  struct roi_files *out, struct diag *d);

#endif
