/* limits.c - resource limits with overridable defaults (see limits.h). */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/text.h"

#define KIB 1024ULL
#define MIB (1024ULL * KIB)
#define GIB (1024ULL * MIB)
#define TIB (1024ULL * GIB)

static const struct {
	const char *name;
	uint64_t dflt, ceiling;
	int bytes;          /* a size in bytes: K/M/G/T suffixes allowed */
	const char *what;
} defs[LIMIT_COUNT] = {
	[LIMIT_FILE_SIZE] = { "file-size", 4 * GIB, 1024 * TIB, 1,
		"bytes of one CSV file" },
	[LIMIT_RECORDS] = { "records", 50000000ULL, 4000000000ULL, 0,
		"records in one CSV file" },
	[LIMIT_FIELDS] = { "fields", 1024, 65536, 0,
		"fields in one CSV record" },
	[LIMIT_FIELD_SIZE] = { "field-size", 64 * KIB, 1 * GIB, 1,
		"bytes of one CSV field" },
	/* 8 bytes a field plus its text: the default is 2 GB of pointers,
	 * a dependencies.csv of 50,000,000 records (the records default). */
	[LIMIT_CELLS] = { "cells", 250000000ULL, 4000000000ULL, 0,
		"fields of one CSV file (records x columns)" },
	/* Node and edge indices are 32-bit. */
	[LIMIT_NODES] = { "nodes", 20000000ULL, 4000000000ULL, 0,
		"institutions, services and providers" },
	[LIMIT_EDGES] = { "edges", 200000000ULL, 4000000000ULL, 0,
		"dependency edges" },
	[LIMIT_MODEL_SIZE] = { "model-size", 16 * MIB, 1 * GIB, 1,
		"bytes of one model file" },
	/* Histogram counts of a run are 32-bit. */
	[LIMIT_TRIALS] = { "trials", 1000000000ULL, 4000000000ULL, 0,
		"trials or years of one run" },
	[LIMIT_MEMORY] = { "memory", 8 * GIB, 1024 * TIB, 1,
		"bytes of per-trial results of a run, of analyze's pair matrix, "
		"of the files import reads from one zip" },
	[LIMIT_SWEEP_POINTS] = { "sweep-points", 100000ULL, 1000000000ULL, 0,
		"grid points of one sweep" },
	/* About 50 bytes each, and a few microseconds each to find. */
	[LIMIT_CUTSETS] = { "cutsets", 1000000ULL, 100000000ULL, 0,
		"order-2 cut sets analyze records" },
	/* 24 bytes each; a chain of n providers under n services makes n^2. */
	[LIMIT_SPOF] = { "spof", 10000000ULL, 1000000000ULL, 0,
		"rows of spof.csv (analyze)" },
};

/* Overrides from limits_set; 0: the default. */
static uint64_t over[LIMIT_COUNT];

uint64_t limit_get(enum limit_id id)
{
	return over[id] ? over[id] : defs[id].dflt;
}

uint64_t limit_ceiling(enum limit_id id)
{
	return defs[id].ceiling;
}

const char *limit_name(enum limit_id id)
{
	return defs[id].name;
}

void limits_reset(void)
{
	memset(over, 0, sizeof over);
}

int limits_set(const char *spec, char *err, size_t errsz)
{
	const char *eq = strchr(spec, '=');
	size_t n = eq ? (size_t)(eq - spec) : strlen(spec);
	int id = -1;
	for (int i = 0; i < LIMIT_COUNT; i++)
		if (strlen(defs[i].name) == n && strncmp(defs[i].name, spec, n) == 0)
			id = i;
	if (id < 0) {
		int k = snprintf(err, errsz, "--limit: unknown limit \"%.*s\": expected one of",
		                 (int)(n > 64 ? 64 : n), spec);
		for (int i = 0; i < LIMIT_COUNT && k >= 0 && (size_t)k < errsz; i++)
			k += snprintf(err + k, errsz - (size_t)k, "%s %s", i ? "," : "",
			              defs[i].name);
		return -1;
	}
	if (!eq) {
		snprintf(err, errsz, "--limit: expected NAME=VALUE, got \"%s\"", spec);
		return -1;
	}
	uint64_t v;
	if (parse_count(eq + 1, defs[id].bytes, &v) != 0 || v < 1 ||
	    v > defs[id].ceiling) {
		snprintf(err, errsz, "--limit %s: expected a whole number from 1 to %" PRIu64
		         "%s, got \"%s\"", defs[id].name, defs[id].ceiling,
		         defs[id].bytes ? " (bytes; K, M, G and T suffixes are powers of 1024)"
		                        : "", eq + 1);
		return -1;
	}
	over[id] = v;
	return 0;
}

void limits_print(FILE *fp)
{
	fprintf(fp, "%-13s %15s %15s %17s  %s\n", "limit", "value", "default", "ceiling",
	        "bounds");
	for (int i = 0; i < LIMIT_COUNT; i++)
		fprintf(fp, "%-13s %15" PRIu64 " %15" PRIu64 " %17" PRIu64 "  %s\n",
		        defs[i].name, limit_get((enum limit_id)i), defs[i].dflt, defs[i].ceiling,
		        defs[i].what);
}
