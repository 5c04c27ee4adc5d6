/*
 * testutil.h - helpers shared by the Criterion unit tests.
 *
 * tmpdata_* build a throw-away data set directory from strings, so a
 * test states its whole fixture next to its assertions.
 */
#ifndef CHOKEPOINT_TESTUTIL_H
#define CHOKEPOINT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "diag.h"
#include "util.h"

/* A fresh temporary directory (caller frees the string). */
static inline char *tmpdata_dir(void)
{
	char *t = xstrdup("/tmp/chokepoint-test-XXXXXX");
	if (!mkdtemp(t))
		abort();
	return t;
}

/* Write 'text' to dir/name. */
static inline void tmpdata_write(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);
	FILE *fp = fopen(p, "wb");
	if (!fp)
		abort();
	fputs(text, fp);
	fclose(fp);
	free(p);
}

/* Remove dir and the files in it. */
static inline void tmpdata_rm(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	free(dir);
}

/* Does any message of d contain 'needle'? */
static inline int diag_has(const struct diag *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i].text, needle))
			return 1;
	return 0;
}

/*
 * Load a data set made of the given file texts (NULL: file absent).
 * Returns dataset_load's result; d receives the messages.
 */
static inline int tmpdata_load(struct dataset *ds, struct diag *d, const char *inst,
                               const char *serv, const char *vend, const char *cloud,
                               const char *deps)
{
	char *dir = tmpdata_dir();
	if (inst) tmpdata_write(dir, "institutions.csv", inst);
	if (serv) tmpdata_write(dir, "services.csv", serv);
	if (vend) tmpdata_write(dir, "vendors.csv", vend);
	if (cloud) tmpdata_write(dir, "cloud.csv", cloud);
	if (deps) tmpdata_write(dir, "dependencies.csv", deps);
	int missing;
	diag_init(d);
	int r = dataset_load(ds, dir, d, &missing);
	tmpdata_rm(dir);
	return r;
}

#endif
