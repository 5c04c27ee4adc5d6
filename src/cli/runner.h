/*
 * runner.h - run one model from its file to results: shared by `run` and
 * `sweep`.  Reads the model, applies overrides in a fixed order (the
 * file's [set], then --set, then a sweep point's values, then -n/-s), loads
 * and overrides the data set, resolves shocks, compiles the engine and
 * runs the Monte Carlo.  Messages go to stderr; functions return an exit
 * status (enum cp_exit).
 */
#ifndef CHOKEPOINT_RUNNER_H
#define CHOKEPOINT_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "input/dataset.h"
#include "input/model.h"
#include "sim/importance.h"
#include "sim/montecarlo.h"
#include "report/report.h"
#include "cli/cmd.h"

struct cmd_entry;

struct run_opts {
	const char *data;        /* -d */
	const char *outdir;      /* -o */
	const char *trials;      /* -n */
	const char *seed;        /* -s */
	int threads;             /* -j (0: all cores) */
	char **sets;             /* --set KEY=VALUE */
	size_t n_sets, alloc_sets;
	double precision;        /* --precision REL (0: off) */
	enum mc_target target;   /* --target */
	uint64_t max_trials;     /* --max-trials (0: none) */
	const char *trials_out;  /* --trials-out FILE */
	int json;                /* --json */
	FILE *json_copy;         /* also gets summary.json's bytes (runner_write) */
	int no_charts;           /* --no-charts */
	int progress;            /* a progress line allowed (unless -q) */
	const uint32_t *track;   /* institutions to attribute (mc_options.track) */
	uint32_t n_track;
	char **variant_files;    /* --variant NAME=FILE */
	size_t n_variant_files, alloc_variant_files;
	/* a variant run: the variant applied after the data overrides, and
	 * the baseline's data set, whose ids key the random streams */
	const struct variant *variant;
	const struct dataset *stream_ref;
	int record_breaches;     /* keep per-trial breach marks (compare.csv) */
	int importance;          /* --importance: importance.csv */
	uint32_t importance_top; /* --top N (0: every provider) */
};

/* A finished run: the data set it used (for reports) and its results. */
struct run_out {
	struct dataset ds;
	struct mc_result res;
	struct run_summary sum;
	const char *data_dir;
	struct imp_result imp;   /* --importance */
	int has_imp;
};

/*
 * Parse the run options common to run and sweep (getopt_long long options
 * and their letters are in RUN_SHORTOPTS / RUN_LONGOPTS).  Returns 1 when
 * c was a run option (handled), 0 when not, or an exit status >= 64 for a
 * bad value (a usage error of command 'cmd').
 */
int runner_option(struct run_opts *o, int c, const char *arg, const struct cmd_entry *cmd);

#define RUN_SHORTOPTS "d:o:n:s:j:" CMD_GLOBAL_SHORTOPTS
#define RUN_OPT_SET 1001
#define RUN_OPT_PRECISION 1002
#define RUN_OPT_TARGET 1003
#define RUN_OPT_MAX_TRIALS 1004
#define RUN_OPT_TRIALS_OUT 1005
#define RUN_OPT_JSON 1006
#define RUN_OPT_NO_CHARTS 1007
#define RUN_LONGOPTS \
	{ "data", required_argument, NULL, 'd' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "trials", required_argument, NULL, 'n' }, \
	{ "seed", required_argument, NULL, 's' }, \
	{ "threads", required_argument, NULL, 'j' }, \
	{ "set", required_argument, NULL, RUN_OPT_SET }, \
	{ "precision", required_argument, NULL, RUN_OPT_PRECISION }, \
	{ "target", required_argument, NULL, RUN_OPT_TARGET }, \
	{ "max-trials", required_argument, NULL, RUN_OPT_MAX_TRIALS }, \
	{ "trials-out", required_argument, NULL, RUN_OPT_TRIALS_OUT }, \
	{ "json", no_argument, NULL, RUN_OPT_JSON }, \
	{ "no-charts", no_argument, NULL, RUN_OPT_NO_CHARTS }, \
	CMD_GLOBAL_LONGOPTS

/*
 * Load model 'path' and apply overrides: [set] (by model_load), --set,
 * then point[0..n_point) ("KEY=VALUE" strings, e.g. a sweep point), then
 * -n and -s.  Exit status.
 */
int runner_prepare(struct model *m, const char *path, const struct run_opts *o,
                   char *const *point, size_t n_point);

/* Load the data set and resolve the model's data overrides and targets
 * without running, so every model of a batch is checked first.  Exit
 * status; warnings are left for runner_execute. */
int runner_check_data(struct model *m, const struct run_opts *o);
/* The same, keeping the prepared data set in *kept for runner_execute_kept
 * (which saves loading it again); release it with dataset_free if unused. */
int runner_check_data_keep(struct model *m, const struct run_opts *o,
                           struct dataset *kept);

/* Warn (msg_warn, "WHO: ...") of the institutions of ds that hold at
 * least 'share' of total assets on their own, naming up to ten with their
 * shares: each alone reaches the asset threshold, while p_systemic needs
 * min_inst institutions.  is_default: 'share' is the model default. */
void runner_warn_large(const char *who, const struct dataset *ds, double share,
                       uint32_t min_inst, int is_default);

/* Run a prepared model; on success out holds the data set and results
 * (release with run_out_free).  Exit status. */
int runner_execute(struct model *m, const struct run_opts *o, struct run_out *out);
/* runner_execute on the data set runner_check_data_keep prepared for the
 * same model and options (taken from *kept, which is left empty), or, when
 * kept is NULL or empty, on the data set loaded anew. */
int runner_execute_kept(struct model *m, const struct run_opts *o, struct run_out *out,
                        struct dataset *kept);
void run_out_free(struct run_out *out);

/* The checks of the run options that wait for every option (a --limit
 * trials=N after -n): 0, or the exit status of the usage error printed. */
int runner_check_opts(const struct run_opts *o, const struct cmd_entry *cmd);

/*
 * A model with variants (runner_prepare done, the baseline not yet run):
 * run the baseline and each variant on the same trials and seed, write
 * OUTDIR/NAME/, OUTDIR/NAME@VARIANT/ and OUTDIR/NAME/compare.csv and
 * compare.txt.  base_out receives the baseline's results.  Exit status.
 */
int runner_variants(struct model *m, const struct run_opts *o, struct run_out *base_out);

/* The variant a sweep point names (variant=NAME among point[0..n)),
 * NULL for none or variant=none; an unknown NAME is an error (printed).
 * runner_execute keys a variant's streams by the data set without the
 * variant, so sweep points differ by their values alone. */
int runner_point_variant(const struct model *m, char *const *point, size_t n_point,
                         const struct variant **v);

/* Check that each variant of m applies to its data set; exit status. */
int runner_check_variants(const struct model *m, const struct run_opts *o);

/* Write OUTDIR/NAME/ (report_run) and --trials-out; exit status. */
int runner_write(const struct model *m, const struct run_opts *o, const struct run_out *out);


#endif
