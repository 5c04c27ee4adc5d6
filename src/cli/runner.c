/* runner.c - one model from file to results, for `run` and `sweep`. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/alloc.h"
#include "base/error.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/par.h"
#include "base/path.h"
#include "base/text.h"
#include "input/variant.h"
#include "sim/engine.h"
#include "report/report_compare.h"
#include "report/report_importance.h"
#include "report/charts.h"
#include "cli/cmd.h"
#include "cli/runner.h"


/* The usage error of -n or --max-trials (c) with value arg; 64. */
static int trials_error(const struct cmd_entry *cmd, int c, const char *arg)
{
	return cmd_usage_error(cmd, "%s: expected a whole number from 1 to %" PRIu64
	                       " (--limit trials=N), got \"%s\"",
	                       c == 'n' ? "-n" : "--max-trials", limit_get(LIMIT_TRIALS), arg);
}

int runner_check_opts(const struct run_opts *o, const struct cmd_entry *cmd)
{
	uint64_t x;
	if (o->trials && parse_count(o->trials, 0, &x) == 0 && x > limit_get(LIMIT_TRIALS))
		return trials_error(cmd, 'n', o->trials);
	if (o->max_trials > limit_get(LIMIT_TRIALS)) {
		char buf[32];
		snprintf(buf, sizeof buf, "%" PRIu64, o->max_trials);
		return trials_error(cmd, RUN_OPT_MAX_TRIALS, buf);
	}
	return CP_EXIT_OK;
}

int runner_option(struct run_opts *o, int c, const char *arg, const struct cmd_entry *cmd)
{
	char *end;
	switch (c) {
	case 'd': o->data = arg; return 1;
	case 'o': o->outdir = arg; return 1;
	case 'n':
	case RUN_OPT_MAX_TRIALS: {
		/* counts (chokepoint(1) Counts), checked here so a typo is a
		 * usage error (64); the trials limit, which a later --limit may
		 * raise, in runner_check_opts */
		uint64_t x;
		if (parse_count(arg, 0, &x) != 0 || x < 1 || x > limit_ceiling(LIMIT_TRIALS))
			return trials_error(cmd, c, arg);
		if (c == 'n')
			o->trials = arg;
		else
			o->max_trials = x;
		return 1;
	}
	case 's': {
		uint64_t x;
		if (parse_count(arg, 0, &x) != 0)
			return cmd_usage_error(cmd, "-s: expected a whole number from 0 to "
			                       "18446744073709551615, got \"%s\"", arg);
		o->seed = arg;
		return 1;
	}
	case 'j': {
		uint64_t j;
		if (parse_count(arg, 0, &j) != 0 || j < 1 || j > 1024)
			return cmd_usage_error(cmd, "-j: expected a number of threads from 1 to "
			                       "1024, got \"%s\"", arg);
		o->threads = (int)j;
		return 1;
	}
	case CMD_OPT_NO_PROGRESS:
		o->progress = 0;
		return cmd_global_option(cmd, c, arg);
	case 'q':
	case CMD_OPT_LIMIT:
		return cmd_global_option(cmd, c, arg);
	case RUN_OPT_SET:
		ALLOC_GROW(o->sets, o->n_sets + 1, o->alloc_sets);
		o->sets[o->n_sets++] = (char *)arg;
		return 1;
	case RUN_OPT_PRECISION: {
		errno = 0;
		double r = strtod(arg, &end);
		if (*end || end == arg || errno || !(r > 0 && r < 1))
			return cmd_usage_error(cmd, "--precision: expected a relative half-width "
			                       "between 0 and 1 (e.g. 0.05), got \"%s\"", arg);
		o->precision = r;
		return 1;
	}
	case RUN_OPT_TARGET:
		if (mc_target_parse(arg, &o->target) != 0)
			return cmd_usage_error(cmd, "--target: expected auto, p_systemic, "
			                       "institutions_breached, assets_share_breached or "
			                       "services_breached, got \"%s\"", arg);
		return 1;
	case RUN_OPT_TRIALS_OUT: o->trials_out = arg; return 1;
	case RUN_OPT_JSON: o->json = 1; return 1;
	case RUN_OPT_NO_CHARTS: o->no_charts = 1; return 1;
	}
	return 0;
}

int runner_prepare(struct model *m, const char *path, const struct run_opts *o,
                   char *const *point, size_t n_point)
{
	struct diag d;
	diag_init(&d);
	int missing = 0;
	int bad = model_load(m, path, &d, &missing) != 0;
	for (size_t i = 0; !bad && i < o->n_sets + n_point; i++) {
		const char *kv = i < o->n_sets ? o->sets[i] : point[i - o->n_sets];
		const char *where = i < o->n_sets ? "--set" : "--vary";
		const char *eq = strchr(kv, '=');
		if (!eq) {
			diag_error(&d, where, 0, NULL, "expected KEY=VALUE, got \"%s\"", kv);
			bad = 1;
			continue;
		}
		char *key = xstrndup(kv, (size_t)(eq - kv));
		/* a sweep point's variant=NAME is runner_point_variant's */
		if (i < o->n_sets || strcmp(key, "variant") != 0)
			bad |= model_set(m, key, eq + 1, where, 0, &d) != 0;
		free(key);
	}
	if (!bad && o->trials)
		bad |= model_set(m, "model.trials", o->trials, "-n", 0, &d) != 0;
	if (!bad && o->seed)
		bad |= model_set(m, "model.seed", o->seed, "-s", 0, &d) != 0;
	if (!bad)
		bad |= model_check(m, &d) != 0;
	if (m->trials > limit_get(LIMIT_TRIALS)) { /* with any other error too */
		diag_error(&d, path, 0, NULL, "trials = %" PRIu64 " is more than the trials "
		           "limit of %" PRIu64 ": use -n, or raise it with --limit trials=N",
		           m->trials, limit_get(LIMIT_TRIALS));
		bad = 1;
	}
	if (!bad && !o->data && (!m->data || !*m->data)) {
		diag_error(&d, path, 0, NULL, "no data set: expected data = DIR in [model] or -d DIR");
		bad = 1;
	}
	cmd_print_diag(&d, bad ? 0 : msg_quiet);
	diag_free(&d);
	if (missing)
		return CP_EXIT_NOINPUT;
	return bad ? CP_EXIT_DATAERR : CP_EXIT_OK;
}

/* The progress line: trials, rate and time left, at most 4 times a second. */
struct progress {
	const char *name;
	uint64_t total;
	struct timespec t0, last;
	int shown;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + 1e-9 * (double)(b->tv_nsec - a->tv_nsec);
}

static void on_progress(void *arg, uint64_t done)
{
	struct progress *p = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && since(&p->last, &now) < 0.25)
		return;
	p->last = now;
	p->shown = 1;
	double el = since(&p->t0, &now), rate = el > 0 ? (double)done / el : 0;
	if (done <= p->total)
		fprintf(stderr, "\r%s: %s: %llu/%llu trials, %.0f/s, %.0f s left   ", msg_prog,
		        p->name, (unsigned long long)done, (unsigned long long)p->total, rate,
		        rate > 0 ? (double)(p->total - done) / rate : 0);
	else
		fprintf(stderr, "\r%s: %s: %llu trials, %.0f/s (precision target)   ", msg_prog,
		        p->name, (unsigned long long)done, rate);
	fflush(stderr);
}

void runner_warn_large(const char *who, const struct dataset *ds, double share,
                       uint32_t min_inst, int is_default)
{
	uint32_t *big = xcalloc((size_t)ds->n_kind[NODE_INSTITUTION] + 1, sizeof *big);
	uint32_t n = model_large_institutions(ds, share, big);
	if (n > 0) {
		char pct[32], num[32];
		fmt_num(pct, sizeof pct, 100 * share, 2);
		fmt_num(num, sizeof num, share, 10);
		char *list = xstrdup("");
		for (uint32_t k = 0; k < n && k < 10; k++) {
			char own[32];
			fmt_num(own, sizeof own, 100 * ds->nodes[big[k]].total_assets / ds->total_assets,
			        2);
			char *more = xasprintf("%s%s%s %s %%", list, k ? ", " : "",
			                       ds->nodes[big[k]].id, own);
			free(list);
			list = more;
		}
		msg_warn("%s: %u institution%s hold%s at least %s %% of total assets "
		         "(systemic_assets_share = %s%s) on %s own (%s%s): in breach, %s alone "
		         "reaches the asset threshold (p_assets_threshold); p_systemic also "
		         "needs %u institution%s in breach (systemic_min_institutions)", who, n,
		         n == 1 ? "" : "s", n == 1 ? "s" : "", pct, num,
		         is_default ? ", the default" : "", n == 1 ? "its" : "their", list,
		         n > 10 ? ", ..." : "", n == 1 ? "it" : "each", min_inst,
		         min_inst == 1 ? "" : "s");
		free(list);
	}
	free(big);
}

/* --importance: the measures of the run's providers into out->imp. */
static int run_importance(const struct model *m, const struct run_opts *o,
                          const struct engine *e, struct run_out *out, int threads)
{
	/* MPI: rank 0, which holds every trial, alone (base/par.h) */
	if (!o->importance || par_rank() != 0)
		return CP_EXIT_OK;
	char err[512];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum cp_status r = imp_run(m, &out->ds, e, &out->res, threads, o->importance_top,
	                           &out->imp, err, sizeof err);
	if (r != CP_OK) {
		msg_error("%s: %s", m->path, err);
		return r == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
	}
	out->has_imp = 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	msg_info("%s: importance of %zu of %u providers in %.2f s", m->name, out->imp.n,
	         out->imp.n_candidates,
	         (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
	return CP_EXIT_OK;
}

/* Load the data set for m and apply the model and variant to it: what
 * runner_check_data checks and runner_execute runs on.  Exit status. */
static int prepare_data(struct model *m, const struct run_opts *o, struct dataset *ds)
{
	int rc = cmd_load_dataset(ds, o->data ? o->data : m->data);
	if (rc != CP_EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d);
	int bad = model_apply_data(m, ds, &d) != 0;
	if (!bad && o->variant)
		bad = variant_apply(m, o->variant, ds, &d) != 0;
	if (!bad)
		bad = model_resolve(m, ds, &d) != 0;
	cmd_print_diag(&d, bad ? 0 : msg_quiet);
	diag_free(&d);
	if (bad) {
		dataset_free(ds);
		return CP_EXIT_DATAERR;
	}
	return CP_EXIT_OK;
}

int runner_execute(struct model *m, const struct run_opts *o, struct run_out *out)
{
	return runner_execute_kept(m, o, out, NULL);
}

int runner_execute_kept(struct model *m, const struct run_opts *o, struct run_out *out,
                        struct dataset *kept)
{
	memset(out, 0, sizeof *out);
	out->data_dir = o->data ? o->data : m->data;
	int rc;
	if (kept && kept->nodes) { /* prepared by runner_check_data_keep */
		out->ds = *kept;
		memset(kept, 0, sizeof *kept);
	} else if ((rc = prepare_data(m, o, &out->ds)) != CP_EXIT_OK) {
		return rc;
	}
	struct diag d;
	struct engine e;
	char err[512];
	if (engine_compile(&e, &out->ds, err, sizeof err) != 0) {
		msg_error("%s", err);
		dataset_free(&out->ds);
		return CP_EXIT_SOFTWARE;
	}
	struct mc_options opt = { .threads = o->threads, .precision = o->precision,
		.target = o->target, .track = o->track, .n_track = o->n_track,
		.record_breaches = o->record_breaches, .stream_ref = o->stream_ref };
	/* A variant without its baseline at hand (a sweep point) keys its
	 * streams by the data set as the model alone leaves it. */
	struct dataset ref;
	int have_ref = 0;
	if (o->variant && !o->stream_ref &&
	    cmd_load_dataset(&ref, out->data_dir) == CP_EXIT_OK) {
		diag_init(&d);
		if (model_apply_data(m, &ref, &d) == 0) {
			opt.stream_ref = &ref;
			have_ref = 1;
		} else {
			dataset_free(&ref);
		}
		diag_free(&d);
	}
	if (opt.threads < 1) {
#ifdef _OPENMP
		opt.threads = omp_get_max_threads();
#else
		opt.threads = 1;
#endif
	}
	opt.max_trials = o->max_trials; /* 0: none */
	struct progress prog = { .name = m->name, .total = m->trials };
	clock_gettime(CLOCK_MONOTONIC, &prog.t0);
	if (o->progress && !msg_quiet) {
		opt.progress = on_progress;
		opt.progress_arg = &prog;
	}
	rc = CP_EXIT_OK;
	if (mc_run(m, &out->ds, &e, &opt, &out->res, err, sizeof err) != 0) {
		if (!par_failed_elsewhere()) /* else that rank's message, at the end */
			msg_error("%s: %s", m->path, err);
		rc = CP_EXIT_DATAERR;
	} else {
		report_summarise(&out->res, &out->sum, opt.threads);
		rc = run_importance(m, o, &e, out, opt.threads);
	}
	if (prog.shown)
		fputs("\r\033[K", stderr);
	if (have_ref)
		dataset_free(&ref);
	engine_free(&e);
	if (rc != CP_EXIT_OK)
		run_out_free(out);
	return rc;
}

int runner_check_data(struct model *m, const struct run_opts *o)
{
	struct dataset ds;
	int rc = prepare_data(m, o, &ds);
	if (rc == CP_EXIT_OK)
		dataset_free(&ds);
	return rc;
}

int runner_check_data_keep(struct model *m, const struct run_opts *o, struct dataset *kept)
{
	memset(kept, 0, sizeof *kept);
	return prepare_data(m, o, kept);
}

void run_out_free(struct run_out *out)
{
	if (!out)
		return;
	mc_result_free(&out->res);
	imp_result_free(&out->imp);
	out->has_imp = 0;
	dataset_free(&out->ds);
}

/* The --trials-out file (cmd_write_file's writer). */
static int write_trials(FILE *fp, const void *arg)
{
	report_trials(fp, arg);
	return 0;
}

int runner_write(const struct model *m, const struct run_opts *o, const struct run_out *out)
{
	if (par_rank() != 0) /* MPI: rank 0 writes every output */
		return CP_EXIT_OK;
	char err[512];
	char *dir = path_join(o->outdir, m->name);
	int rc = CP_EXIT_OK;
	/* Every file of the run is replaced together, or none is (base/outfile.h). */
	outfile_defer_begin();
	if (make_dirs(dir) != 0) {
		msg_error("%s: cannot create directory: %s", dir, make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
	} else {
		int r = report_run(dir, m, &out->ds, &out->res, &out->sum, out->data_dir,
		                   o->json_copy, err, sizeof err);
		if (r != 0) {
			msg_error("%s", err);
			rc = r == CP_ERR_CREATE ? CP_EXIT_CANTCREAT : CP_EXIT_IOERR;
		}
	}
	if (rc == CP_EXIT_OK && out->has_imp) {
		int r = report_importance(dir, &out->ds, &out->imp, err, sizeof err);
		if (r != CP_OK) {
			msg_error("%s", err);
			rc = r == CP_ERR_CREATE ? CP_EXIT_CANTCREAT : CP_EXIT_IOERR;
		}
	} else if (rc == CP_EXIT_OK) {
		/* An importance.csv left by an earlier run with --importance
		 * would look like part of this one. */
		char *path = path_join(dir, "importance.csv");
		if (outfile_remove(path) != 0) {
			msg_error("%s: cannot remove a stale file: %s", path, strerror(errno));
			rc = CP_EXIT_CANTCREAT;
		}
		free(path);
	}
	if (rc == CP_EXIT_OK && !o->no_charts && charts_run(dir, m, &out->res, err, sizeof err) != 0) {
		msg_error("%s", err);
		rc = CP_EXIT_CANTCREAT;
	}
	if (rc == CP_EXIT_OK && o->trials_out)
		rc = cmd_write_file(o->trials_out, write_trials, &out->res);
	if (outfile_defer_end(rc == CP_EXIT_OK, err, sizeof err) != 0 && rc == CP_EXIT_OK) {
		msg_error("%s", err);
		rc = CP_EXIT_IOERR;
	}
	if (rc == CP_EXIT_OK)
		msg_info("%s: %llu trials in %.2f s -> %s/%s", m->name,
		         (unsigned long long)out->res.trials, out->res.wall_seconds, dir,
		         !out->res.precision_checked ? ""
		         : out->res.precision_met    ? " (precision target met)"
		         : " (precision target NOT met)");
	free(dir);
	return rc;
}

/* A fresh copy of model m for variant v: the file and the command line's
 * overrides again, named NAME@VARIANT, with v's lines in its overrides
 * (reports list them at the top). */
static int variant_model(struct model *vm, const struct model *m, const struct variant *v,
                         const struct run_opts *o)
{
	int rc = runner_prepare(vm, m->path, o, NULL, 0);
	if (rc != CP_EXIT_OK)
		return rc;
	char *name = xasprintf("%s@%s", m->name, v->name);
	free(vm->name);
	vm->name = name;
	vm->overrides = xreallocarray(vm->overrides, vm->n_overrides + v->n_changes + 1,
	                              sizeof *vm->overrides);
	for (size_t i = 0; i < v->n_changes; i++) {
		struct override *ov = &vm->overrides[vm->n_overrides++];
		ov->key = xstrdup(v->changes[i].op);
		ov->value = xstrdup(v->changes[i].args);
		ov->file = xasprintf("[variant %s]", v->name);
		ov->line = v->changes[i].line;
	}
	return CP_EXIT_OK;
}

int runner_check_variants(const struct model *m, const struct run_opts *o)
{
	/* every variant, so that one pass shows every mistake */
	int rc = CP_EXIT_OK;
	for (size_t j = 0; j < m->n_variants; j++) {
		struct model vm;
		struct run_opts vo = *o;
		vo.variant = &m->variants[j];
		int r = variant_model(&vm, m, vo.variant, o);
		if (r == CP_EXIT_OK)
			r = runner_check_data(&vm, &vo);
		model_free(&vm);
		if (rc == CP_EXIT_OK)
			rc = r;
	}
	return rc;
}

int runner_variants(struct model *m, const struct run_opts *o, struct run_out *base_out)
{
	size_t n = m->n_variants;
	struct run_opts bo = *o;
	bo.record_breaches = 1;
	int rc = runner_execute(m, &bo, base_out);
	if (rc != CP_EXIT_OK)
		return rc;
	rc = runner_write(m, o, base_out);
	struct model *vms = xcalloc(n, sizeof *vms);
	struct run_out *vouts = xcalloc(n, sizeof *vouts);
	struct compare_run *vars = xcalloc(n, sizeof *vars);
	size_t ran = 0, made = 0;
	for (size_t j = 0; rc == CP_EXIT_OK && j < n; j++) {
		struct run_opts vo = bo;
		vo.variant = &m->variants[j];
		vo.stream_ref = &base_out->ds;
		vo.trials_out = NULL;
		vo.json_copy = NULL; /* --json prints the baseline's summary */
		rc = variant_model(&vms[j], m, vo.variant, o);
		made = j + 1;
		if (rc == CP_EXIT_OK)
			rc = runner_execute(&vms[j], &vo, &vouts[j]);
		if (rc != CP_EXIT_OK)
			break;
		ran = j + 1;
		rc = runner_write(&vms[j], &vo, &vouts[j]);
		vars[j].name = m->variants[j].name;
		vars[j].description = m->variants[j].description;
		vars[j].ds = &vouts[j].ds;
		vars[j].res = &vouts[j].res;
	}
	if (rc == CP_EXIT_OK && par_rank() == 0) {
		struct compare_run base = { "", m->description, &base_out->ds, &base_out->res };
		char *dir = path_join(o->outdir, m->name);
		char err[512];
		int r = report_compare(dir, &base, vars, n, err, sizeof err);
		if (r != CP_OK) {
			msg_error("%s", err);
			rc = r == CP_ERR_CREATE ? CP_EXIT_CANTCREAT
			   : r == CP_ERR_WRITE  ? CP_EXIT_IOERR : CP_EXIT_SOFTWARE;
		} else {
			msg_info("%s: %zu variant%s compared -> %s/compare.csv", m->name, n,
			         n == 1 ? "" : "s", dir);
		}
		free(dir);
	}
	for (size_t j = 0; j < ran; j++)
		run_out_free(&vouts[j]);
	for (size_t j = 0; j < made; j++)
		model_free(&vms[j]);
	free(vouts);
	free(vms);
	free(vars);
	return rc;
}

int runner_point_variant(const struct model *m, char *const *point, size_t n_point,
                         const struct variant **v)
{
	*v = NULL;
	for (size_t i = 0; i < n_point; i++) {
		if (strncmp(point[i], "variant=", 8) != 0)
			continue;
		const char *name = point[i] + 8;
		if (strcmp(name, "none") == 0)
			return CP_EXIT_OK;
		const char *near = NULL;
		size_t best = 3;
		for (size_t j = 0; j < m->n_variants; j++) {
			if (strcmp(m->variants[j].name, name) == 0) {
				*v = &m->variants[j];
				return CP_EXIT_OK;
			}
			size_t e = edit_distance(name, m->variants[j].name, 2);
			if (e < best) {
				best = e;
				near = m->variants[j].name;
			}
		}
		if (near)
			msg_error("--vary variant: %s has no variant \"%s\" (did you mean \"%s\"?)",
			          m->path, name, near);
		else
			msg_error("--vary variant: %s has no variant \"%s\": expected none or the "
			          "NAME of one of its %zu [variant NAME] sections", m->path, name,
			          m->n_variants);
		return CP_EXIT_DATAERR;
	}
	return CP_EXIT_OK;
}
