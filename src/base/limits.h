/*
 * limits.h - resource limits: documented defaults, overridable with
 * `chokepoint --limit NAME=VALUE` (chokepoint(1), LIMITS).
 *
 * Each limit keeps a run from exhausting the machine on a runaway input
 * (a 50 GB file, a header of a million commas, 10^12 trials); input
 * beyond one is an error that names the limit and how to raise it.  A
 * limit may be lowered to anything from 1 and raised up to its ceiling,
 * which is what the code can represent (node indices are 32-bit, so are
 * the histogram counts of a run's trials), not a matter of taste.
 *
 * Bounds that are rules of the data rather than resources (ids of 1 to
 * 128 bytes, numbers at most 1e18, rates at most 700 a year, durations
 * from 1e-6 to 1e6 hours) are not limits: they keep every sum finite and
 * every figure printable, and stay fixed.
 */
#ifndef CHOKEPOINT_LIMITS_H
#define CHOKEPOINT_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum limit_id {
	LIMIT_FILE_SIZE,    /* bytes of one CSV file */
	LIMIT_RECORDS,      /* records in one CSV file */
	LIMIT_FIELDS,       /* fields in one CSV record, the header included */
	LIMIT_FIELD_SIZE,   /* bytes of one CSV field */
	LIMIT_CELLS,        /* fields of one CSV file: records times columns */
	LIMIT_NODES,        /* institutions, services and providers together */
	LIMIT_EDGES,        /* dependency edges after expansion */
	LIMIT_MODEL_SIZE,   /* bytes of one model file */
	LIMIT_TRIALS,       /* trials (or years) of one run */
	LIMIT_MEMORY,       /* bytes of per-trial results one run may keep, of
	                     * analyze's provider-by-provider matrix, and of
	                     * the files import decompresses from one zip */
	LIMIT_SWEEP_POINTS, /* grid points of one sweep */
	LIMIT_CUTSETS,      /* order-2 cut sets analyze records */
	LIMIT_SPOF,         /* rows of spof.csv */
	LIMIT_COUNT
};

/* The current value of a limit: its default until limits_set. */
uint64_t limit_get(enum limit_id id);

/* The most a limit can be raised to. */
uint64_t limit_ceiling(enum limit_id id);

/* The name users write (`records`, `field-size`, ...). */
const char *limit_name(enum limit_id id);

/*
 * Apply "NAME=VALUE".  VALUE is a whole number, optionally in exponent
 * form (2e9) or, for a limit in bytes, with a binary suffix K, M, G or T.
 * 0, or -1 with a message in err.
 */
int limits_set(const char *spec, char *err, size_t errsz);

/* Back to the defaults (for tests). */
void limits_reset(void);

/* One line per limit: name, value, default, ceiling, what it bounds. */
void limits_print(FILE *fp);

#endif
