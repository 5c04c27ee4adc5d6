/*
 * fuzz_roi.c - libFuzzer target: reading DORA report packages
 * (`chokepoint import`).
 *
 * Input: either a zip archive (it starts with "PK"), read as one report
 * package by roi_add_zip_mem (libzip, the entry checks, the limits), or
 * packages separated by the byte 0x1D, each a list of files separated by
 * 0x1E, each file its name, the byte 0x1F and its text (for example
 * "b_01.02.csv" 0x1F "c0010,c0040\n..."), read by roi_add_files_mem.
 * Every package read is then checked and mapped (roi_map, the reject
 * rules, the merge, the mapping).  A mapping that succeeds must give a
 * data set that dataset_load_mem accepts; a failure must say why.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/dataset.h"
#include "input/roi.h"
#include "report/report_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Package 'p' (of length n): its files, read into r. */
static int add_files(struct roi *r, const char *p, size_t n, struct diag *d)
{
	const char *names[16], *text[16];
	size_t len[16], nf = 0;
	char *own[16];
	const char *end = p + n;
	while (p < end && nf < 16) {
		const char *q = memchr(p, 0x1E, (size_t)(end - p));
		if (!q)
			q = end;
		const char *s = memchr(p, 0x1F, (size_t)(q - p));
		if (s) {
			own[nf] = strndup(p, (size_t)(s - p));
			names[nf] = own[nf];
			text[nf] = s + 1;
			len[nf] = (size_t)(q - s - 1);
			nf++;
		}
		p = q < end ? q + 1 : end;
	}
	int rc = roi_add_files_mem(r, "fuzz", names, text, len, nf, 0, d);
	for (size_t i = 0; i < nf; i++)
		free(own[i]);
	return rc;
}

/* The text of one output table. */
static char *table_text(const struct roi_out *o, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	if (!fp)
		abort();
	report_import_csv(fp, o);
	fclose(fp);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d);
	struct roi r;
	roi_init(&r);
	int bad = 0;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		bad = roi_add_zip_mem(&r, "fuzz.zip", data, size, &d) != 0;
	} else {
		const char *p = (const char *)data, *end = p + size;
		while (p < end) {
			const char *q = memchr(p, 0x1D, (size_t)(end - p));
			if (!q)
				q = end;
			if (add_files(&r, p, (size_t)(q - p), &d) != 0)
				bad = 1;
			p = q < end ? q + 1 : end;
		}
	}
	if (bad && d.n_errors == 0)
		abort(); /* a failure must say why */
	if (!bad && r.n_pkgs > 0) {
		struct roi_assumptions a;
		roi_assumptions_default(&a);
		if (roi_map(&r, &a, NULL, 0, &d) == 0) {
			const struct roi_out *o[5] = { &r.inst, &r.serv, &r.vend, &r.cloud, &r.deps };
			char *text[5];
			size_t len[5];
			for (int k = 0; k < 5; k++)
				text[k] = table_text(o[k], &len[k]);
			struct diag d2;
			diag_init(&d2);
			struct dataset ds;
			int missing = 0;
			if (dataset_load_mem(&ds, "fuzz", (const char *const *)text, len, &d2,
			                     &missing) != 0) {
				diag_print(&d2, stderr, "fuzz_roi");
				abort(); /* an import must be a valid data set */
			}
			dataset_free(&ds);
			diag_free(&d2);
			for (int k = 0; k < 5; k++)
				free(text[k]);
		} else if (d.n_errors == 0) {
			abort();
		}
		roi_assumptions_free(&a);
	}
	roi_free(&r);
	diag_free(&d);
	return 0;
}
