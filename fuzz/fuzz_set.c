/*
 * fuzz_set.c - libFuzzer target: the --set / --vary value parser.
 *
 * Each input line is one KEY=VALUE override, applied with model_set to a
 * fresh copy of set-base.ini (a shock of every duration distribution), as
 * runner_prepare applies --set and sweep points.  The model is then
 * checked, its data overrides applied to tests/data/tiny (held in memory)
 * and its shocks resolved, as `chokepoint run` would.  A line
 * "--limit NAME=VALUE" sets a resource limit first, as the global option
 * does: the value parser is fuzzed, and so are the loader's limit checks.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "input/dataset.h"
#include "input/model.h"

#ifndef FUZZ_DIR
#error "FUZZ_DIR: the fuzz/ source directory"
#endif

static const char *const files[5] = { "institutions.csv", "services.csv", "vendors.csv",
	"cloud.csv", "dependencies.csv" };
static char *text[5];
static size_t len[5];
static const char *base = FUZZ_DIR "/set-base.ini";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	for (int f = 0; f < 5; f++) {
		char *p = xasprintf("%s/../tests/data/tiny/%s", FUZZ_DIR, files[f]);
		FILE *fp = fopen(p, "rb");
		if (!fp) {
			perror(p);
			exit(1);
		}
		text[f] = xmalloc(1 << 16);
		len[f] = fread(text[f], 1, 1 << 16, fp);
		fclose(fp);
		free(p);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d);
	struct model m;
	int missing = 0;
	if (model_load(&m, base, &d, &missing) != 0)
		abort(); /* the base model must load */
	char *in = xstrndup((const char *)data, size); /* stops at a NUL, as argv does */
	int bad = 0, limited = 0;
	limits_reset();
	for (char *save = NULL, *line = strtok_r(in, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "--limit ", 8) == 0) {
			char err[256];
			err[0] = '\0';
			if (limits_set(line + 8, err, sizeof err) == 0)
				limited = 1;
			else if (!err[0])
				abort(); /* a refusal always says why */
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		size_t before = d.n_errors;
		int r = model_set(&m, line, eq + 1, NULL, 0, &d);
		if ((r != 0) != (d.n_errors > before))
			abort(); /* failure if and only if an error was reported */
		bad |= r != 0;
	}
	free(in);
	if (!bad && model_check(&m, &d) == 0) {
		struct dataset ds;
		if (dataset_load_mem(&ds, "tiny", (const char *const *)text, len, &d,
		                     &missing) != 0) {
			if (!limited)
				abort(); /* tiny is valid under the default limits */
			model_free(&m);
			diag_free(&d);
			return 0;
		}
		if (model_apply_data(&m, &ds, &d) == 0 && model_resolve(&m, &ds, &d) == 0) {
			for (size_t k = 0; k < m.n_shocks; k++)
				for (uint32_t i = 0; i < m.shocks[k].n_targets; i++)
					if (m.shocks[k].target_nodes[i] >= ds.n_nodes)
						abort();
		}
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			model_format(&m, null);
			fclose(null);
		}
		dataset_free(&ds);
	}
	model_free(&m);
	diag_free(&d);
	return 0;
}
