/*
 * fuzz_model.c - libFuzzer target: the model-file parser.
 *
 * The input is written to a temporary file and read by model_load, as
 * `chokepoint run` would read it; a model that loads is checked
 * (model_check) and formatted (model_format), as provenance does.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "input/model.h"

static char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cleanup(void)
{
	if (path)
		unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	path = xasprintf("%s/chokepoint-fuzz-model.XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		perror(path);
		exit(1);
	}
	close(fd);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	struct diag d;
	diag_init(&d);
	struct model m;
	int missing = 0;
	int r = model_load(&m, path, &d, &missing);
	if (r == 0) {
		model_check(&m, &d);
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			model_format(&m, null);
			fclose(null);
		}
	} else if (d.n_errors == 0) {
		abort(); /* a failure must say why */
	}
	model_free(&m);
	diag_free(&d);
	return 0;
}
