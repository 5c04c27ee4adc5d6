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
 * Reading (model_load).  inih parses the file; a reader in front of it
 * counts lines (for file:line messages), strips indentation (so an
 * indented key is a key, never inih's continuation of the previous value)
 * and checks each line.  Consequences a model author sees:
 *   - " ; comment" (';' after a space or tab) ends a value anywhere, as does
 *     a line starting with ';' or '#';
 *   - a line may hold at most 198 characters after its indentation (inih's
 *     INI_MAX_LINE); use globs for long target lists;
 *   - in [set] only '=' separates key and value (ids may contain ':');
 *     elsewhere "key: value" also works;
 *   - unknown sections and keys, a key twice in one section, a shock name
 *     twice and bad values are errors "FILE:LINE: KEY: expected ..., got ...".
 * A model name (an output directory) is [A-Za-z0-9_.-]{1,128}, not
 * starting with '.'; a shock name is an id ([A-Za-z0-9_.:@/-]{1,128}).
 * Defaults: name = the file's base name without .ini (characters outside
 * [A-Za-z0-9_.-] become '_'), title = description = data = "" (the run
 * command then needs -d), mode = stress, trials, seed, share and window
 * as defined below, baseline = -1 (the mode's default; an empty value
 * restores it).  A relative data path is resolved against the model
 * file's directory when it comes from the file (model_set with line > 0)
 * and kept as given from the command line (relative to the working
 * directory).  [set] lines are applied through model_set in file order
 * after the whole file is read, so [set] may come anywhere.
 *
 * Data keys.  GLOB, FROMGLOB and TOGLOB are fnmatch(3) patterns over ids
 * (flags 0: '*' also matches '/').  COLUMN is the text after the last '.'.
 * node.* matches providers, service.* services.  dependency.* matches the
 * edges of dependencies.csv (not the edges made from `parent`) whose from
 * id (or, for a service, its institution's id, as the shorthand of
 * dependencies.csv) matches FROMGLOB and whose to id matches TOGLOB.  As
 * ids may contain '.', FROMGLOB.TOGLOB is split, when applied, at the one
 * '.' for which some edge matches; when several do, the key is ambiguous
 * (an error): write a '.' inside an id as '?'.  min_up sets the min_up of
 * every group with a matched edge (1 <= min_up <= group size);
 * failover_hours = none (or empty) removes the failover.
 *
 * Order of use: model_load, model_set for each --set, model_check (after
 * all overrides: mode-dependent rules), then with the data set
 * model_apply_data and model_resolve.
 *
 * struct model owns every string and array it points to; model_free
 * releases them.
 */
#ifndef CHOKEPOINT_MODEL_H
#define CHOKEPOINT_MODEL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "base/diag.h"
#include "input/dataset.h"
#include "input/dist.h"

enum model_mode { MODE_STRESS, MODE_ANNUAL };

#define MODEL_DEFAULT_TRIALS 10000
#define MODEL_DEFAULT_SEED 1
#define MODEL_DEFAULT_SYSTEMIC_SHARE 0.10
#define MODEL_DEFAULT_SYSTEMIC_MIN_INSTITUTIONS 2
#define MODEL_DEFAULT_WINDOW_HOURS 72.0
/* Most outages (or shock occurrences) a year: keeps Poisson counts by
 * inversion exact and monotone (rng.h RNG_POISSON_MAX) and a year's work
 * bounded.  The same bound applies to annual_outage_rate in data sets. */
#define MODEL_MAX_RATE 700.0

struct shock {
	char *name;
	char *targets;          /* space-separated ids or fnmatch globs */
	char *target_type;      /* "" = any; else space-separated types or globs */
	double probability;     /* stress: chance per trial (default 1) */
	int has_probability;
	double frequency;       /* annual: expected occurrences per year
	                         * (use model_shock_frequency: it falls back
	                         * on probability) */
	int has_frequency;
	double hit_probability; /* per matched target (default 1) */
	struct dist duration;
	int has_duration;
	int shared_duration;    /* 1: hit targets share one draw (default yes) */
	unsigned long line;     /* where [shock NAME] starts */
	/* where targets and target_type were set last (file NULL: not set;
	 * the model file, or "--set" with line 0), for messages */
	const char *targets_file, *target_type_file;
	unsigned long targets_line, target_type_line;

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

/* One change line of a variant: "OP = ARGS" at file:line. */
struct variant_change {
	char *op;               /* remove, add, replace or set */
	char *args;             /* the value, trimmed, without its comment */
	char *file;
	unsigned long line;
};

/* A [variant NAME] section, or a --variant NAME=FILE (see variant.h). */
struct variant {
	char *name;
	char *description;
	char *file;
	unsigned long line;     /* of [variant NAME]; 0 for a --variant file */
	struct variant_change *changes;
	size_t n_changes;
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
	/* a systemic event needs at least this many institutions in breach
	 * (>= 1), so that one large institution alone does not make one */
	uint32_t systemic_min_institutions;
	int baseline;           /* -1: mode default (annual yes, stress no) */
	double window_hours;    /* stress-mode baseline window */

	struct shock *shocks;
	size_t n_shocks;

	struct override *data_sets;  /* node./service./dependency. overrides */
	size_t n_data_sets;

	/* Every override from the command line (--set, --vary, -n, -s) that
	 * model_set applied, in order; file is "--set", "--vary", "-n" or "-s".
	 * Reports list them: the file's text no longer describes the run. */
	struct override *overrides;
	size_t n_overrides;

	char *text;             /* the file's text, for provenance */

	/* [variant NAME] sections and --variant files, in order */
	struct variant *variants;
	size_t n_variants;
};

/* Read and check a model file (values, required keys targets and
 * duration, [set] lines); 0, or -1 with errors (file:line) in d.  A
 * missing file sets *missing.  m is initialised even on failure: call
 * model_free either way.  Mode-dependent rules are left to model_check. */
int model_load(struct model *m, const char *path, struct diag *d, int *missing);
void model_free(struct model *m);

/*
 * Apply one override KEY=VALUE (from --set, or a [set] line).  model.* and
 * shock.* take effect at once; data keys are validated for form and kept.
 * 0, or -1 with an error naming file:line (line 0: the command line;
 * file NULL is recorded as "--set").  Values are trimmed; for an error
 * the model is unchanged.
 */
int model_set(struct model *m, const char *key, const char *value,
              const char *file, unsigned long line, struct diag *d);

/* Final checks after all overrides (e.g. annual mode needs a frequency or
 * a probability < 1 on every shock).  0 or -1 with errors; a model with no
 * shocks and no baseline gets a warning. */
int model_check(const struct model *m, struct diag *d);

/* Apply the kept data overrides to a loaded data set in order, re-checking
 * each changed value (tolerance > 0, rates >= 0, 1 <= min_up <= n) and,
 * after all of them, each changed provider (rate > 0 needs a median and a
 * p95, p95 >= median).  An override matching nothing is an error.  0 or -1
 * with errors; on -1 ds may be partly changed and should be discarded. */
int model_apply_data(const struct model *m, struct dataset *ds, struct diag *d);

/* Resolve every shock's targets against the data set: exact ids (an
 * unknown id or an institution id is an error) and fnmatch globs (over
 * providers and services; a glob matching nothing is a warning), then the
 * target_type filter (space-separated types or globs against the node's
 * type), deduplicated, in node-index order.  A shock left with no target
 * is an error at its [shock NAME] line.  May be called again (e.g. for
 * another data set).  0 or -1. */
int model_resolve(struct model *m, const struct dataset *ds, struct diag *d);

/* Annual-mode occurrences per year of shock s: frequency, else
 * -ln(1 - probability) (the Poisson rate with P(at least one) = p), else 0. */
double model_shock_frequency(const struct shock *s);

/* Does the model include providers' own outage rates? */
int model_baseline(const struct model *m);

const char *model_mode_name(enum model_mode mode);

/* The institutions of ds (node indices, in data set order, into idx when
 * not NULL) whose own total_assets are at least 'share' of the sector's:
 * each alone, in breach, reaches a systemic_assets_share of 'share'.
 * Returns their number; 0 when the sector's total assets are 0. */
uint32_t model_large_institutions(const struct dataset *ds, double share, uint32_t *idx);

/* The model as an INI text after every override: the exact scenario a run
 * used, for provenance (summary.json, sweep output). */
void model_format(const struct model *m, FILE *fp);

#endif
