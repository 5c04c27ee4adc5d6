/*
 * model.h - scenario model files (INI, read by inih) and overrides.
 *
 * A model names a data set, a mode (stress or annual), trials, a seed and
 * a list of shocks; see chokepoint-model(5).  Overrides use one key
 * language everywhere ([set] sections, --set KEY=VALUE, sweep --vary):
 *
 *   model.KEY                       a key of [model]
 *   shock.NAME.KEY                  a key of [shock NAME]
 *   node.GLOB.COLUMN                a provider column (vendors.csv, cloud.csv)
 *   service.GLOB.COLUMN             a services.csv column
 *   dependency.FROMGLOB.TOGLOB.COLUMN  a dependencies.csv column
 *
 * model.* and shock.* overrides change the struct model at once
 * (model_set); node.*, service.* and dependency.* ones are kept and
 * applied to a loaded data set by model_apply_data.  A key that matches
 * nothing is an error.
 *
 * struct model owns every string and array it points to; model_free
 * releases them.
 */
#ifndef CHOKEPOINT_MODEL_H
#define CHOKEPOINT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "diag.h"
#include "dist.h"

enum model_mode { MODE_STRESS, MODE_ANNUAL };

#define MODEL_DEFAULT_TRIALS 10000
#define MODEL_DEFAULT_SEED 1
#define MODEL_DEFAULT_SYSTEMIC_SHARE 0.10
#define MODEL_DEFAULT_WINDOW_HOURS 72.0
#define MODEL_MAX_TRIALS 1000000000ULL

struct shock {
	char *name;
	char *targets;          /* space-separated ids or fnmatch globs */
	char *target_type;      /* "" = any type */
	double probability;     /* stress: chance per trial (default 1) */
	int has_probability;
	double frequency;       /* annual: expected occurrences per year */
	int has_frequency;
	double hit_probability; /* per matched target (default 1) */
	struct dist duration;
	int has_duration;
	int shared_duration;    /* 1: hit targets share one draw (default yes) */
	unsigned long line;     /* where [shock NAME] starts */

	/* filled by model_resolve */
	uint32_t *target_nodes;
	uint32_t n_targets;
};

/* A data override kept for model_apply_data. */
struct override {
	char *key;
	char *value;
	char *file;             /* model file, or "--set" */
	unsigned long line;     /* 0 for the command line */
};

struct model {
	char *path;             /* the file as given */
	char *name;             /* default: the file's base name without .ini */
	char *title;
	char *description;
	char *data;             /* data set directory, resolved against the file's directory */
	enum model_mode mode;
	uint64_t trials;
	uint64_t seed;
	double systemic_assets_share;
	int baseline;           /* -1: mode default (annual yes, stress no) */
	double window_hours;    /* stress-mode baseline window */

	struct shock *shocks;
	size_t n_shocks;

	struct override *data_sets;  /* node./service./dependency. overrides */
	size_t n_data_sets;

	char *text;             /* the file's text, for provenance */
};

/* Read and check a model file; 0, or -1 with errors (file:line) in d.  A
 * missing file sets *missing. */
int model_load(struct model *m, const char *path, struct diag *d, int *missing);
void model_free(struct model *m);

/*
 * Apply one override KEY=VALUE (from --set, or a [set] line).  model.* and
 * shock.* take effect at once; data keys are validated for form and kept.
 * 0, or -1 with an error naming file:line (line 0: the command line).
 */
int model_set(struct model *m, const char *key, const char *value,
              const char *file, unsigned long line, struct diag *d);

/* Final checks after all overrides (e.g. annual mode needs a frequency or
 * a probability on every shock).  0 or -1 with errors. */
int model_check(const struct model *m, struct diag *d);

/* Apply the kept data overrides to a loaded data set, re-checking each
 * changed value.  0 or -1 with errors. */
int model_apply_data(const struct model *m, struct dataset *ds, struct diag *d);

/* Resolve every shock's targets against the data set (globs, type
 * filter); a shock matching nothing is an error.  0 or -1. */
int model_resolve(struct model *m, const struct dataset *ds, struct diag *d);

/* Does the model include providers' own outage rates? */
int model_baseline(const struct model *m);

const char *model_mode_name(enum model_mode mode);

#endif
