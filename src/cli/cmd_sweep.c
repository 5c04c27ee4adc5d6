/*
 * cmd_sweep.c - `chokepoint sweep MODEL --vary SPEC... [options]` (its
 * usage is in cmd_sweep_entry)
 *
 * Runs the model at every point of the cartesian product of the varied
 * values (the first --vary varies slowest) with the same seed and the same
 * random streams (common random numbers, rng.h), so differences between
 * points are the parameter's effect, not Monte Carlo noise.  Writes one
 * tidy long CSV (point, one column per varied key, scope, id, metric,
 * value, lo, hi) and, beside it, FILE.json with the provenance of every
 * point.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/par.h"
#include "base/path.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report_sweep.h"
#include "cli/cmd.h"
#include "cli/runner.h"

static int cmd_sweep_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_sweep_entry = {
	.name = "sweep",
	.usage = "MODEL --vary KEY=V1,V2,...|KEY=START:STOP:N ... [-o FILE] "
	         "[--scope sector,institution,service,source] [run options]",
	.brief = "MODEL --vary KEY=V1,V2,...|KEY=START:STOP:N ... [-o FILE] "
	         "[--scope LIST] [run options]",
	.summary = "parameter sweeps, tidy CSV",
	.exec = cmd_sweep_exec,
	.split = 1,
};

/* A point run by one rank of several: its CSV rows and its JSON, as text. */
struct point_text {
	char *rows, *json;
	size_t n_rows;
};

static void point_text_make(struct point_text *t, const struct sweep_point *pt,
                            const struct sweep_scope *sc)
{
	FILE *fp = open_memstream(&t->rows, &t->n_rows);
	if (!fp)
		msg_die(CP_EXIT_OSERR, "out of memory");
	report_sweep_rows(fp, pt, sc);
	if (fclose(fp) != 0)
		msg_die(CP_EXIT_OSERR, "out of memory");
	json_t *j = report_sweep_point_json(pt);
	t->json = json_dumps(j, JSON_COMPACT); /* reals to 17 digits: exact */
	json_decref(j);
	if (!t->json)
		msg_die(CP_EXIT_OSERR, "out of memory");
}

static void point_text_free(struct point_text *t)
{
	free(t->rows);
	free(t->json);
}

/* Bytes of a string, with its length first, from a rank to rank 0. */
static void send_text(const char *s, size_t n)
{
	uint64_t len = n;
	par_send(0, &len, sizeof len);
	par_send(0, s, n);
}

static char *recv_text(int from, size_t *n)
{
	uint64_t len;
	par_recv(from, &len, sizeof len);
	char *s = xmalloc((size_t)len + 1);
	par_recv(from, s, (size_t)len);
	s[len] = '\0';
	*n = (size_t)len;
	return s;
}

/* Rank 0 writes every point's rows to fp and appends its JSON to jpoints,
 * in point order; the other ranks send theirs (point p is rank p % ranks'). */
static void gather_points(struct point_text *texts, size_t npoints, FILE *fp,
                          json_t *jpoints)
{
	const int ranks = par_size(), me = par_rank();
	for (size_t p = 0; p < npoints; p++) {
		int owner = (int)(p % (size_t)ranks);
		if (me != 0) {
			if (owner == me) {
				send_text(texts[p].rows, texts[p].n_rows);
				send_text(texts[p].json, strlen(texts[p].json));
			}
			continue;
		}
		struct point_text t = texts[p];
		if (owner != 0) {
			t.rows = recv_text(owner, &t.n_rows);
			size_t n;
			t.json = recv_text(owner, &n);
		}
		fwrite(t.rows, 1, t.n_rows, fp);
		json_t *j = json_loads(t.json, 0, NULL);
		if (!j)
			msg_die(CP_EXIT_SOFTWARE, "sweep point %zu: its JSON from rank %d does not "
			        "read back", p + 1, owner);
		json_t *trials = json_object_get(j, "trials"), *wall = json_object_get(j, "wall_seconds");
		if (owner != 0)
			msg_info("sweep point %zu/%zu (rank %d) %" JSON_INTEGER_FORMAT
			         " trials in %.2f s", p + 1, npoints, owner, json_integer_value(trials),
			         json_real_value(wall));
		json_array_append_new(jpoints, j);
		if (owner != 0)
			point_text_free(&t);
	}
}

#define OPT_VARY 2001
#define OPT_SCOPE 2002

enum { SC_SECTOR = 1, SC_INSTITUTION = 2, SC_SERVICE = 4, SC_SOURCE = 8 };

struct vary {
	char *key;
	char **values;
	size_t n, alloc;
};

/* Is spec START:STOP:N, two decimals and a count?  Into *a, *b, *n. */
static int is_range(const char *spec, double *a, double *b, uint64_t *n)
{
	const char *c1 = strchr(spec, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2 || strchr(c2 + 1, ':') || strchr(spec, ','))
		return 0;
	char *x = xstrndup(spec, (size_t)(c1 - spec));
	char *y = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
	int ok = parse_decimal(x, a) == 0 && parse_decimal(y, b) == 0 &&
	         parse_count(c2 + 1, 0, n) == 0;
	free(x);
	free(y);
	return ok;
}

/* Parse KEY=V1,V2,... or KEY=START:STOP:N into v; exit status. */
static int parse_vary(const struct cmd_entry *self, const char *arg, struct vary *v)
{
	memset(v, 0, sizeof *v);
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return cmd_usage_error(self, "--vary: expected KEY=V1,V2,... or KEY=START:STOP:N, "
		                       "got \"%s\"", arg);
	v->key = xstrndup(arg, (size_t)(eq - arg));
	const char *spec = eq + 1;
	double a, b;
	uint64_t n;
	/* START:STOP:N only when the value is exactly three numbers (N a
	 * count, chokepoint(1) Counts): ids may hold ':' too (a single value
	 * such as "cloud:a") */
	if (is_range(spec, &a, &b, &n)) {
		if (n < 1 || n > limit_get(LIMIT_SWEEP_POINTS))
			return cmd_usage_error(self, "--vary %s: expected START:STOP:N with N "
			                       "from 1 to %" PRIu64 " (--limit sweep-points=N), "
			                       "got \"%s\"", v->key, limit_get(LIMIT_SWEEP_POINTS),
			                       spec);
		v->n = (size_t)n;
		v->values = xcalloc(v->n, sizeof *v->values);
		for (uint64_t i = 0; i < n; i++) {
			/* evenly spaced, both ends included */
			double x = n == 1 ? a : a + (b - a) * (double)i / (double)(n - 1);
			char buf[64];
			fmt_num(buf, sizeof buf, x, 10);
			v->values[i] = xstrdup(buf);
		}
		return CP_EXIT_OK;
	}
	char *copy = xstrdup(spec), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (v->n >= limit_get(LIMIT_SWEEP_POINTS)) {
			free(copy);
			return cmd_usage_error(self, "--vary %s: more than %" PRIu64 " values "
			                       "(--limit sweep-points=N)", v->key,
			                       limit_get(LIMIT_SWEEP_POINTS));
		}
		ALLOC_GROW(v->values, v->n + 1, v->alloc);
		v->values[v->n++] = xstrdup(tok);
	}
	free(copy);
	if (v->n == 0)
		return cmd_usage_error(self, "--vary %s: expected at least one value", v->key);
	return CP_EXIT_OK;
}

static void free_vary(struct vary *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->values[i]);
	free(v->values);
	free(v->key);
}

/* -o FILE (and FILE.json) outside the data set and not the model file; exit status. */
static int check_output(const struct cmd_entry *self, const char *csv, const char *data,
                        const char *model)
{
	char *json = xasprintf("%s.json", csv);
	int rc = CP_EXIT_OK;
	if (path_inside(csv, data) || path_inside(json, data))
		rc = cmd_usage_error(self, "-o: \"%s\" is inside the data set directory \"%s\": "
		                     "expected a file elsewhere", csv, data);
	else if (same_file(csv, model) || same_file(json, model))
		rc = cmd_usage_error(self, "-o: \"%s\" would replace the model file \"%s\": "
		                     "expected another file", csv, model);
	free(json);
	return rc;
}

static int parse_scope(const char *s, unsigned *out)
{
	*out = 0;
	char *copy = xstrdup(s), *save = NULL;
	int ok = 1;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "sector") == 0) *out |= SC_SECTOR;
		else if (strcmp(tok, "institution") == 0) *out |= SC_INSTITUTION;
		else if (strcmp(tok, "service") == 0) *out |= SC_SERVICE;
		else if (strcmp(tok, "source") == 0) *out |= SC_SOURCE;
		else ok = 0;
	}
	free(copy);
	return ok && *out ? 0 : -1;
}

/* Point p of the grid: the value index of each key (the first varies
 * slowest) and the overrides "KEY=VALUE" to apply. */
static void set_point(size_t p, const struct vary *vs, size_t nv, size_t *idx, char **point)
{
	for (size_t k = nv; k-- > 0;) {
		idx[k] = p % vs[k].n;
		p /= vs[k].n;
	}
	for (size_t k = 0; k < nv; k++) {
		free(point[k]);
		point[k] = xasprintf("%s=%s", vs[k].key, vs[k].values[idx[k]]);
	}
}

/* sweep: run a model at every point of a grid of parameter values. */
static int cmd_sweep_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		RUN_LONGOPTS,
		{ "vary", required_argument, NULL, OPT_VARY },
		{ "scope", required_argument, NULL, OPT_SCOPE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run_opts o = { .outdir = "-", .progress = cmd_settings.progress };
	struct vary *vs = NULL;
	size_t nv = 0, alloc_vs = 0;
	/* the --vary values, parsed after every option (a --limit
	 * sweep-points=N may follow them) */
	const char **raw = NULL;
	size_t n_raw = 0, alloc_raw = 0;
	unsigned scope = SC_SECTOR | SC_INSTITUTION | SC_SERVICE | SC_SOURCE;
	int c, rc = CP_EXIT_OK;
	while (rc == CP_EXIT_OK &&
	       (c = getopt_long(argc, argv, ":" RUN_SHORTOPTS "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			cmd_print_usage(self, stdout);
			goto out;
		} else if (c == OPT_VARY) {
			ALLOC_GROW(raw, n_raw + 1, alloc_raw);
			raw[n_raw++] = optarg;
		} else if (c == OPT_SCOPE) {
			if (parse_scope(optarg, &scope) != 0)
				rc = cmd_usage_error(self, "--scope: expected a comma-separated "
				                     "list of sector, institution, service, "
				                     "source, got \"%s\"", optarg);
		} else if (c == RUN_OPT_TRIALS_OUT) {
			rc = cmd_usage_error(self, "--trials-out is an option of run, not of "
			                     "sweep");
		} else {
			int r = (c == '?' || c == ':') ? cmd_bad_option(self, c, argv)
			                               : runner_option(&o, c, optarg, self);
			if (r != 1)
				rc = r ? r : cmd_bad_option(self, '?', argv);
		}
	}
	if (rc == CP_EXIT_OK)
		rc = runner_check_opts(&o, self);
	for (size_t k = 0; k < n_raw && rc == CP_EXIT_OK; k++) {
		ALLOC_GROW(vs, nv + 1, alloc_vs);
		rc = parse_vary(self, raw[k], &vs[nv++]);
	}
	if (rc != CP_EXIT_OK)
		goto out;
	if (argc - optind != 1) {
		rc = cmd_usage_error(self, "expected one model file");
		goto out;
	}
	if (nv == 0) {
		rc = cmd_usage_error(self, "expected at least one --vary");
		goto out;
	}
	if (o.json && strcmp(o.outdir, "-") == 0) {
		rc = cmd_usage_error(self, "--json prints the provenance on standard output: "
		                     "expected -o FILE for the CSV");
		goto out;
	}
	size_t npoints = 1;
	for (size_t k = 0; k < nv; k++) {
		if (vs[k].n > limit_get(LIMIT_SWEEP_POINTS) / npoints) {
			rc = cmd_usage_error(self, "more than %" PRIu64 " sweep points: the "
			                     "product of the number of values of every --vary "
			                     "(--limit sweep-points=N)",
			                     limit_get(LIMIT_SWEEP_POINTS));
			goto out;
		}
		npoints *= vs[k].n;
	}
	const char *path = argv[optind];

	/* Check every point's model before running any. */
	size_t *idx = xcalloc(nv, sizeof *idx);
	char **point = xcalloc(nv, sizeof *point);
	for (size_t p = 0; p < npoints && rc == CP_EXIT_OK; p++) {
		set_point(p, vs, nv, idx, point);
		struct model m;
		struct run_opts po = o;
		rc = runner_prepare(&m, path, &o, point, nv);
		if (rc == CP_EXIT_OK)
			rc = runner_point_variant(&m, point, nv, &po.variant);
		if (rc == CP_EXIT_OK)
			rc = runner_check_data(&m, &po);
		/* The CSV and its .json must not land among (or replace) the inputs. */
		if (rc == CP_EXIT_OK && p == 0 && strcmp(o.outdir, "-") != 0)
			rc = check_output(self, o.outdir, o.data ? o.data : m.data, path);
		model_free(&m);
	}

	/* MPI: every rank has checked every point (base/par.h); rank 0 alone
	 * writes */
	rc = par_agree(rc);
	const int writer = par_rank() == 0;
	struct outfile of = { 0 };
	const char *csv = o.outdir;
	/* -o dir/x.csv: dir/ is made as run and analyze make theirs */
	const char *slash = strrchr(csv, '/');
	if (rc == CP_EXIT_OK && writer && strcmp(csv, "-") != 0 && slash && slash > csv) {
		char *dir = xstrndup(csv, (size_t)(slash - csv));
		if (make_dirs(dir) != 0) {
			msg_error("%s: cannot create directory: %s", dir, make_dirs_strerror(errno));
			rc = CP_EXIT_CANTCREAT;
		}
		free(dir);
	}
	if (rc == CP_EXIT_OK && writer)
		rc = cmd_outfile_open(&of, csv);
	json_t *prov = json_object();
	json_t *jpoints = json_array();
	/* the varied keys, the point's values and the rows asked for (report_sweep.h) */
	const char **keys = xcalloc(nv, sizeof *keys), **vals = xcalloc(nv, sizeof *vals);
	for (size_t k = 0; k < nv; k++)
		keys[k] = vs[k].key;
	const struct sweep_scope sc = { (scope & SC_SECTOR) != 0, (scope & SC_INSTITUTION) != 0,
		(scope & SC_SERVICE) != 0, (scope & SC_SOURCE) != 0 };
	if (rc == CP_EXIT_OK && writer)
		report_sweep_header(of.fp, keys, nv);
	/* MPI: with at least as many points as ranks, each rank runs whole
	 * points (point p on rank p % ranks) alone, and rank 0 writes them in
	 * point order (gather_points); with fewer, every rank takes part in
	 * every point, whose blocks are split. */
	const int ranks = par_size(), me = par_rank();
	const int by_point = ranks > 1 && npoints >= (size_t)ranks;
	struct point_text *texts = by_point ? xcalloc(npoints, sizeof *texts) : NULL;
	for (size_t p = 0; p < npoints && rc == CP_EXIT_OK; p++) {
		if (by_point && p % (size_t)ranks != (size_t)me)
			continue;
		set_point(p, vs, nv, idx, point);
		struct model m;
		struct run_out out;
		struct run_opts po = o;
		par_solo(by_point);
		rc = runner_prepare(&m, path, &o, point, nv);
		if (rc == CP_EXIT_OK)
			rc = runner_point_variant(&m, point, nv, &po.variant);
		if (rc == CP_EXIT_OK)
			rc = runner_execute(&m, &po, &out);
		par_solo(0);
		if (rc == CP_EXIT_OK && !writer && !by_point) {
			run_out_free(&out);
		} else if (rc == CP_EXIT_OK) {
			for (size_t k = 0; k < nv; k++)
				vals[k] = vs[k].values[idx[k]];
			const struct sweep_point pt = { p, nv, keys, vals, &m, &out.ds, &out.res,
				&out.sum, out.data_dir };
			if (by_point) {
				point_text_make(&texts[p], &pt, &sc);
			} else {
				report_sweep_rows(of.fp, &pt, &sc);
				json_array_append_new(jpoints, report_sweep_point_json(&pt));
			}
			if (p == 0)
				report_sweep_head_json(prov, &pt);
			msg_info("sweep point %zu/%zu (%s...) %llu trials in %.2f s", p + 1,
			         npoints, point[0], (unsigned long long)out.res.trials,
			         out.res.wall_seconds);
			run_out_free(&out);
		}
		model_free(&m);
	}
	if (by_point) {
		rc = par_agree(rc); /* every rank's points ran */
		if (rc == CP_EXIT_OK)
			gather_points(texts, npoints, of.fp, jpoints);
		for (size_t p = 0; p < npoints; p++)
			point_text_free(&texts[p]);
		free(texts);
	}
	free(keys);
	free(vals);
	json_object_set_new(prov, "points", jpoints);
	/* The CSV and its .json are replaced together, or neither is (base/outfile.h). */
	outfile_defer_begin();
	if (rc == CP_EXIT_OK && !writer)
		; /* MPI: another rank than 0 */
	else if (rc == CP_EXIT_OK)
		rc = cmd_outfile_commit(&of, csv);
	else if (of.fp)
		outfile_abort(&of);
	if (rc == CP_EXIT_OK && writer && strcmp(csv, "-") != 0) {
		char *jpath = xasprintf("%s.json", csv);
		struct outfile jf;
		rc = cmd_outfile_open(&jf, jpath);
		if (rc == CP_EXIT_OK) {
			emit_json(jf.fp, prov);
			rc = cmd_outfile_commit(&jf, jpath);
		}
		free(jpath);
	}
	char err[512];
	if (outfile_defer_end(rc == CP_EXIT_OK, err, sizeof err) != 0 && rc == CP_EXIT_OK) {
		msg_error("%s", err);
		rc = CP_EXIT_IOERR;
	}
	if (rc == CP_EXIT_OK && o.json) {
		emit_json(stdout, prov);
	}
	json_decref(prov);
	for (size_t k = 0; k < nv; k++)
		free(point[k]);
	free(point);
	free(idx);
out:
	for (size_t k = 0; k < nv; k++)
		free_vary(&vs[k]);
	free(vs);
	free(raw);
	free(o.sets);
	return rc;
}
