/* test_model.c - model files, overrides, data overrides, shock targets. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_errno.h>

#include "input/model.h"
#include "testutil.h"

static void quiet_gsl(void)
{
	gsl_set_error_handler_off();
}

TestSuite(model, .init = quiet_gsl);

/* A model file written into its own temporary directory, and loaded. */
struct fx {
	char *dir;
	char *path;
	struct model m;
	struct diag d;
	int r;
};

static void fx_load(struct fx *f, const char *name, const char *text)
{
	f->dir = tmpdata_dir();
	tmpdata_write(f->dir, name, text);
	f->path = path_join(f->dir, name);
	diag_init(&f->d);
	int missing = -1;
	f->r = model_load(&f->m, f->path, &f->d, &missing);
	cr_assert_eq(missing, 0);
}

static void fx_free(struct fx *f)
{
	model_free(&f->m);
	diag_free(&f->d);
	free(f->path);
	tmpdata_rm(f->dir);
}

/* Assert that some message reads "PATH:LINE: REST...". */
static void expect_error(const struct fx *f, unsigned long line, const char *rest)
{
	char *want = xasprintf("%s:%lu: %s", f->path, line, rest);
	int found = 0;
	for (size_t i = 0; i < f->d.n; i++)
		if (strncmp(f->d.msgs[i].text, want, strlen(want)) == 0)
			found = 1;
	if (!found)
		for (size_t i = 0; i < f->d.n; i++)
			cr_log_error("got: %s", f->d.msgs[i].text);
	cr_assert(found, "no message starting with \"%s\"", want);
	free(want);
}

static void expect_clean(const struct fx *f)
{
	for (size_t i = 0; i < f->d.n; i++)
		cr_log_error("%s", f->d.msgs[i].text);
	cr_assert_eq(f->r, 0);
	cr_assert_eq(f->d.n_errors, 0);
}

/* ---- reading ------------------------------------------------------------- */

static const char full_model[] =
	"; every key, indented keys, inline comments\n"
	"[model]\n"
	"name = full-model\n"
	"title = Cloud A Tokyo region outage   ; a comment\n"
	"description = One region lost;semicolon kept without a space before it\n"
	"data = ../data/x            ; relative to this file\n"
	"mode = annual\n"
	"trials = 5000\n"
	"seed = 18446744073709551615\n"
	"systemic_assets_share = 0.25\n"
	"baseline = no\n"
	"window_hours = 48\n"
	"\n"
	"[shock tokyo-region]\n"
	"  targets = cloud-a.apne1    vend-*\n"
	"  target_type = region zone\n"
	"  probability = 0.5\n"
	"  frequency = 0.02\n"
	"  hit_probability = 0.75\n"
	"  duration = lognormal 12 72\n"
	"  shared_duration = no\n"
	"\n"
	"[set]\n"
	"node.cloud-a:x.annual_outage_rate = 0.5 ; an id with ':'\n";

Test(model, full_file)
{
	struct fx f;
	char *dir = tmpdata_dir();
	char *sub = path_join(dir, "models");
	cr_assert_eq(mkdir(sub, 0777), 0);
	f.dir = dir;
	tmpdata_write(sub, "full.ini", full_model);
	f.path = path_join(sub, "full.ini");
	diag_init(&f.d);
	f.r = model_load(&f.m, f.path, &f.d, NULL);
	expect_clean(&f);

	const struct model *m = &f.m;
	cr_assert_str_eq(m->path, f.path);
	cr_assert_str_eq(m->name, "full-model");
	cr_assert_str_eq(m->title, "Cloud A Tokyo region outage");
	cr_assert_str_eq(m->description,
	                 "One region lost;semicolon kept without a space before it");
	char *want_data = path_join(sub, "../data/x");
	cr_assert_str_eq(m->data, want_data);
	free(want_data);
	cr_assert_eq(m->mode, MODE_ANNUAL);
	cr_assert_eq(m->trials, 5000);
	cr_assert_eq(m->seed, UINT64_MAX);
	cr_assert_eq(m->systemic_assets_share, 0.25);
	cr_assert_eq(m->baseline, 0);
	cr_assert_eq(model_baseline(m), 0);
	cr_assert_eq(m->window_hours, 48.0);

	cr_assert_eq(m->n_shocks, 1);
	const struct shock *s = &m->shocks[0];
	cr_assert_str_eq(s->name, "tokyo-region");
	cr_assert_eq(s->line, 14);
	cr_assert_str_eq(s->targets, "cloud-a.apne1 vend-*");
	cr_assert_str_eq(s->target_type, "region zone");
	cr_assert_eq(s->probability, 0.5);
	cr_assert(s->has_probability);
	cr_assert_eq(s->frequency, 0.02);
	cr_assert(s->has_frequency);
	cr_assert_eq(s->hit_probability, 0.75);
	cr_assert(s->has_duration);
	cr_assert_eq(s->duration.kind, DIST_LOGNORMAL);
	cr_assert_eq(s->duration.a, 12.0);
	cr_assert_eq(s->duration.b, 72.0);
	cr_assert_eq(s->shared_duration, 0);

	/* The [set] line is kept whole although the id holds a ':'. */
	cr_assert_eq(m->n_data_sets, 1);
	cr_assert_str_eq(m->data_sets[0].key, "node.cloud-a:x.annual_outage_rate");
	cr_assert_str_eq(m->data_sets[0].value, "0.5");
	cr_assert_str_eq(m->data_sets[0].file, f.path);
	cr_assert_eq(m->data_sets[0].line, 24);

	cr_assert_str_eq(m->text, full_model);
	cr_assert_eq(model_check(m, &f.d), 0);
	free(sub);
	fx_free(&f);
}

Test(model, defaults)
{
	struct fx f;
	fx_load(&f, "tokyo 2019.ini",
	        "[shock s]\ntargets = a\nduration = fixed 1\n");
	expect_clean(&f);
	const struct model *m = &f.m;
	cr_assert_str_eq(m->name, "tokyo_2019");
	cr_assert_str_eq(m->title, "");
	cr_assert_str_eq(m->description, "");
	cr_assert_str_eq(m->data, "");
	cr_assert_eq(m->mode, MODE_STRESS);
	cr_assert_eq(m->trials, MODEL_DEFAULT_TRIALS);
	cr_assert_eq(m->seed, MODEL_DEFAULT_SEED);
	cr_assert_eq(m->systemic_assets_share, MODEL_DEFAULT_SYSTEMIC_SHARE);
	cr_assert_eq(m->baseline, -1);
	cr_assert_eq(model_baseline(m), 0); /* stress: no */
	cr_assert_eq(m->window_hours, MODEL_DEFAULT_WINDOW_HOURS);
	const struct shock *s = &m->shocks[0];
	cr_assert_str_eq(s->target_type, "");
	cr_assert_eq(s->probability, 1.0);
	cr_assert_eq(s->has_probability, 0);
	cr_assert_eq(s->has_frequency, 0);
	cr_assert_eq(s->hit_probability, 1.0);
	cr_assert_eq(s->shared_duration, 1);
	cr_assert_eq(model_check(m, &f.d), 0);
	/* Annual mode: baseline yes by default, and the shock needs a rate. */
	f.m.mode = MODE_ANNUAL;
	cr_assert_eq(model_baseline(m), 1);
	fx_free(&f);
}

Test(model, absolute_data_kept)
{
	struct fx f;
	fx_load(&f, "a.ini", "[model]\ndata = /srv/data/jp\n");
	expect_clean(&f);
	cr_assert_str_eq(f.m.data, "/srv/data/jp");
	fx_free(&f);
}

Test(model, missing_file)
{
	struct model m;
	struct diag d;
	diag_init(&d);
	int missing = 0;
	cr_assert_eq(model_load(&m, "/nonexistent/x.ini", &d, &missing), -1);
	cr_assert_eq(missing, 1);
	cr_assert(diag_has(&d, "/nonexistent/x.ini: cannot open"));
	model_free(&m);
	diag_free(&d);
}

/* ---- errors, each with file:line and key ------------------------------------- */

Test(model, error_unknown_section)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\ntrials = 5\n[modle]\nfoo = 1\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 3, "unknown section [modle] (did you mean [model]?)");
	cr_assert_eq(f.d.n_errors, 1); /* the keys under it are not reported too */
	fx_free(&f);
}

Test(model, error_unknown_key)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\n\ntrails = 5\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 3, "trails: unknown key \"trails\" in [model] (did you mean \"trials\"?)");
	fx_free(&f);
}

Test(model, error_bad_mode)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\nmode = yearly\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 2, "mode: expected stress or annual, got \"yearly\"");
	fx_free(&f);
}

Test(model, error_trials_zero)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\ntrials = 0\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 2, "trials: expected a whole number from 1 to 4000000000, got \"0\"");
	fx_free(&f);
}

Test(model, error_probability)
{
	struct fx f;
	fx_load(&f, "t.ini",
	        "[shock x]\ntargets = a\nduration = fixed 1\nprobability = 1.5\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 4, "probability: expected a probability with 0 <= p <= 1, got \"1.5\"");
	fx_free(&f);
}

Test(model, error_bad_duration)
{
	struct fx f;
	fx_load(&f, "t.ini", "[shock x]\ntargets = a\nduration = lognormal 12\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 3, "duration: expected \"lognormal MEDIAN P95\" with "
	                    "0 < MEDIAN <= P95, got \"lognormal 12\"");
	fx_free(&f);
}

Test(model, error_duplicate_shock)
{
	struct fx f;
	fx_load(&f, "t.ini",
	        "[shock x]\ntargets = a\nduration = fixed 1\n\n"
	        "[shock x]\ntargets = b\nduration = fixed 2\n");
	cr_assert_eq(f.r, -1);
	char *want = xasprintf("shock \"x\" already defined at %s:1", f.path);
	expect_error(&f, 5, want);
	free(want);
	cr_assert_eq(f.m.n_shocks, 1);
	cr_assert_str_eq(f.m.shocks[0].targets, "a");
	fx_free(&f);
}

Test(model, error_duplicate_key)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\ntrials = 5\nseed = 2\ntrials = 6\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 4, "trials: already set at line 2");
	fx_free(&f);
}

Test(model, error_shock_needs_targets_and_duration)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\ntrials = 5\n[shock x]\nprobability = 0.5\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 3, "targets: expected space-separated ids or globs in [shock x]");
	expect_error(&f, 3, "duration: expected a distribution");
	fx_free(&f);
}

Test(model, error_syntax_and_odd_lines)
{
	struct fx f;
	char *longline = xmalloc(400);
	memset(longline, 'a', 399);
	longline[399] = '\0';
	char *text = xasprintf("trials = 5\n"                     /* 1: outside */
	                       "[model]\n"                        /* 2 */
	                       "just some words\n"                /* 3: no '=' */
	                       "[shock bad name]\n"               /* 4 */
	                       "[shock ok\n"                      /* 5: no ']' */
	                       "[shock y]\n"                      /* 6 */
	                       "targets = a,b\n"                  /* 7: commas */
	                       "description = %s\n"               /* 8: too long */
	                       "duration = fixed 1\n",            /* 9 */
	                       longline);
	fx_load(&f, "t.ini", text);
	cr_assert_eq(f.r, -1);
	expect_error(&f, 1, "trials: expected a [model], [shock NAME] or [set] section");
	expect_error(&f, 3, "expected KEY = VALUE, [SECTION] or a ; comment, got \"just some words\"");
	expect_error(&f, 4, "expected [shock NAME] with a NAME of 1 to 128 characters");
	expect_error(&f, 5, "expected [SECTION], got \"[shock ok\"");
	expect_error(&f, 7, "targets: expected space-separated ids or fnmatch globs, got \"a,b\"");
	expect_error(&f, 8, "line longer than 198 characters");
	free(text);
	free(longline);
	fx_free(&f);
}

Test(model, nan_and_hex_rejected)
{
	struct fx f;
	fx_load(&f, "t.ini", "[model]\nwindow_hours = nan\nsystemic_assets_share = 0x1p-2\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 2, "window_hours: expected a number of hours > 0, got \"nan\" "
	                    "(NaN and infinities are not allowed)");
	expect_error(&f, 3, "systemic_assets_share: expected a share with 0 < share <= 1");
	fx_free(&f);
}

Test(model, error_annual_without_frequency)
{
	struct fx f;
	fx_load(&f, "t.ini",
	        "[model]\nmode = annual\n\n"
	        "[shock none]\ntargets = a\nduration = fixed 1\n\n"
	        "[shock certain]\ntargets = a\nduration = fixed 1\nprobability = 1\n\n"
	        "[shock half]\ntargets = a\nduration = fixed 1\nprobability = 0.5\n");
	expect_clean(&f);
	cr_assert_eq(model_check(&f.m, &f.d), -1);
	expect_error(&f, 4, "frequency: expected frequency (occurrences per year) or "
	                    "probability in [shock none] in annual mode, got neither");
	expect_error(&f, 8, "probability: expected a probability < 1 in [shock certain]");
	cr_assert_eq(f.d.n_errors, 2);
	/* probability p is the chance of at least one occurrence a year:
	 * 1 - exp(-f) = p, f = -ln(1 - 0.5) = 0.69314718056 */
	cr_assert_float_eq(model_shock_frequency(&f.m.shocks[2]), 0.6931471805599453, 1e-15);
	/* The same file in stress mode is fine: probability defaults to 1. */
	struct diag d2;
	diag_init(&d2);
	cr_assert_eq(model_set(&f.m, "model.mode", "stress", NULL, 0, &d2), 0);
	cr_assert_eq(model_check(&f.m, &d2), 0);
	diag_free(&d2);
	fx_free(&f);
}

/* ---- overrides ----------------------------------------------------------------- */

Test(model, set_overrides)
{
	struct fx f;
	fx_load(&f, "t.ini",
	        "[set]\n"
	        "shock.x.probability = 0.25   ; before [shock x]: applied after the file\n"
	        "model.seed = 99\n"
	        "[shock x]\ntargets = a\nduration = lognormal 1 2\n"
	        "[shock a.b]\ntargets = a\nduration = fixed 1\n");
	expect_clean(&f);
	cr_assert_eq(f.m.shocks[0].probability, 0.25);
	cr_assert_eq(f.m.seed, 99);

	cr_assert_eq(model_set(&f.m, "model.trials", "5", NULL, 0, &f.d), 0);
	cr_assert_eq(f.m.trials, 5);
	cr_assert_eq(model_set(&f.m, "shock.x.duration", "fixed 3", NULL, 0, &f.d), 0);
	cr_assert_eq(f.m.shocks[0].duration.kind, DIST_FIXED);
	cr_assert_eq(f.m.shocks[0].duration.a, 3.0);
	/* A shock name with a dot: KEY is what follows the last '.'. */
	cr_assert_eq(model_set(&f.m, "shock.a.b.hit_probability", "0.5", NULL, 0, &f.d), 0);
	cr_assert_eq(f.m.shocks[1].hit_probability, 0.5);
	/* From the command line a relative data path stays as given. */
	cr_assert_eq(model_set(&f.m, "model.data", "data/x", NULL, 0, &f.d), 0);
	cr_assert_str_eq(f.m.data, "data/x");
	cr_assert_eq(f.d.n_errors, 0);

	cr_assert_eq(model_set(&f.m, "model.trials", "0", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "--set: model.trials: expected a whole number from 1"));
	cr_assert_eq(f.m.trials, 5);
	cr_assert_eq(model_set(&f.m, "shock.y.duration", "fixed 1", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "--set: shock.y.duration: no shock named \"y\""));
	cr_assert_eq(model_set(&f.m, "shock.x.durration", "fixed 1", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "(did you mean \"duration\"?)"));
	cr_assert_eq(model_set(&f.m, "modle.trials", "5", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "--set: modle.trials: expected model.KEY, shock.NAME.KEY"));
	cr_assert_eq(model_set(&f.m, "service.*.tolerance", "5", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "expected a column tolerance_hours or daily_volume"));
	cr_assert_eq(model_set(&f.m, "dependency.a.failover_hours", "5", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "expected dependency.FROMGLOB.TOGLOB.COLUMN"));
	cr_assert_eq(model_set(&f.m, "node.x.annual_outage_rate", "-1", NULL, 0, &f.d), -1);
	cr_assert(diag_has(&f.d, "node.x.annual_outage_rate: expected outages per year from 0 to 700, got \"-1\""));
	cr_assert_eq(f.m.n_data_sets, 0);
	fx_free(&f);
}

/* ---- data overrides and targets ------------------------------------------------ */

static const char inst_csv[] =
	"id,name,type,total_assets\n"
	"bank-a,Bank A,megabank,100\n"
	"bank-b,Bank B,regional_bank,50\n";
static const char serv_csv[] =
	"id,institution,name,category,tolerance_hours\n"
	"bank-a-payments,bank-a,Payments,payments,4\n"
	"bank-a-web,bank-a,Web,internet_banking,8\n"
	"bank-b-payments,bank-b,Payments,payments,6\n";
static const char vend_csv[] =
	"id,name,type,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	"core-x,Core X,shared_core_center,0.1,2,8\n";
static const char cloud_csv[] =
	"id,name,type,parent,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	"cloud-a,Cloud A,provider,,0,,\n"
	"cloud-a.apne1,Cloud A Tokyo,region,cloud-a,0.5,4,24\n"
	"cloud-a.apne3,Cloud A Osaka,region,cloud-a,0,,\n";
static const char deps_csv[] =
	"from,to,group,min_up,failover_hours\n"
	"bank-a-payments,core-x,,,\n"
	"bank-a,cloud-a.apne1,dc,1,\n"
	"bank-a,cloud-a.apne3,dc,1,\n"
	"bank-b-payments,cloud-a.apne1,,,2\n";

static void load_ds(struct dataset *ds)
{
	struct diag d;
	int r = tmpdata_load(ds, &d, inst_csv, serv_csv, vend_csv, cloud_csv, deps_csv);
	for (size_t i = 0; i < d.n; i++) /* warnings (no systemic column...) are fine */
		if (d.msgs[i].level == DIAG_ERROR)
			cr_log_error("%s", d.msgs[i].text);
	cr_assert_eq(r, 0);
	diag_free(&d);
}

/* The edge from -> to; the test fails if there is none. */
static const struct dep *edge(const struct dataset *ds, const char *from, const char *to)
{
	const struct dep *e = ds_edge(ds, from, to);
	cr_assert_not_null(e, "no edge %s -> %s", from, to);
	return e;
}

Test(model, apply_data_overrides)
{
	struct dataset ds;
	load_ds(&ds);
	struct fx f;
	fx_load(&f, "t.ini",
	        "[set]\n"
	        "service.*-payments.tolerance_hours = 2\n"
	        /* median above the data's p95 (8) until the next line fixes it */
	        "node.core-x.outage_median_hours = 10\n"
	        "node.core-x.outage_p95_hours = 20\n"
	        /* ids hold dots: the split bank-a | cloud-a.apne1 is the one
	         * that matches (via the institution shorthand) */
	        "dependency.bank-a.cloud-a.apne1.failover_hours = 3\n"
	        "dependency.bank-a-*.cloud-a.apne?.min_up = 2\n"
	        "dependency.bank-b-payments.*.failover_hours = none\n");
	expect_clean(&f);
	cr_assert_eq(model_apply_data(&f.m, &ds, &f.d), 0);
	cr_assert_eq(f.d.n_errors, 0);
	cr_assert_eq(ds_node(&ds, "bank-a-payments")->tolerance_hours, 2.0);
	cr_assert_eq(ds_node(&ds, "bank-b-payments")->tolerance_hours, 2.0);
	cr_assert_eq(ds_node(&ds, "bank-a-web")->tolerance_hours, 8.0);
	cr_assert_eq(ds_node(&ds, "core-x")->outage_median_hours, 10.0);
	cr_assert_eq(ds_node(&ds, "core-x")->outage_p95_hours, 20.0);
	cr_assert_eq(edge(&ds, "bank-a-payments", "cloud-a.apne1")->failover_hours, 3.0);
	cr_assert_eq(edge(&ds, "bank-a-web", "cloud-a.apne1")->failover_hours, 3.0);
	cr_assert(isinf(edge(&ds, "bank-a-web", "cloud-a.apne3")->failover_hours));
	cr_assert(isinf(edge(&ds, "bank-b-payments", "cloud-a.apne1")->failover_hours));
	const struct dep *e = edge(&ds, "bank-a-web", "cloud-a.apne3");
	cr_assert_eq(ds.groups[e->group].min_up, 2);
	cr_assert_eq(ds.groups[e->group].size, 2);
	fx_free(&f);
	dataset_free(&ds);
}

Test(model, apply_data_errors)
{
	struct dataset ds;
	load_ds(&ds);
	struct fx f;
	fx_load(&f, "t.ini",
	        "[model]\ntrials = 10\n"
	        "[set]\n"
	        "service.nothing-*.tolerance_hours = 3\n"          /* 4 */
	        "node.cloud-a.apne3.annual_outage_rate = 1\n"      /* 5 */
	        "dependency.bank-a-*.cloud-a.apne?.min_up = 3\n"   /* 6 */
	        "node.bank-a-web.annual_outage_rate = 1\n");       /* 7 */
	expect_clean(&f);
	cr_assert_eq(model_apply_data(&f.m, &ds, &f.d), -1);
	expect_error(&f, 4, "service.nothing-*.tolerance_hours: \"nothing-*\" matches no service");
	expect_error(&f, 5, "node.cloud-a.apne3.annual_outage_rate: provider \"cloud-a.apne3\" "
	                    "has annual_outage_rate > 0 but no outage_median_hours");
	expect_error(&f, 6, "dependency.bank-a-*.cloud-a.apne?.min_up: expected at most 2 "
	                    "(the members of group \"dc\" of \"bank-a-payments\"), got 3");
	expect_error(&f, 7, "node.bank-a-web.annual_outage_rate: \"bank-a-web\" matches no provider");
	fx_free(&f);
	dataset_free(&ds);
}

Test(model, apply_data_rejects_tolerance_zero)
{
	struct dataset ds;
	load_ds(&ds);
	struct fx f;
	fx_load(&f, "t.ini", "[set]\nservice.bank-a-*.tolerance_hours = 0\n");
	cr_assert_eq(f.r, -1);
	expect_error(&f, 2, "service.bank-a-*.tolerance_hours: expected a number of hours > 0 and at most 1e18, got \"0\"");
	cr_assert_eq(f.m.n_data_sets, 0);
	/* model_apply_data re-checks a kept value too. */
	struct override o = { "service.bank-a-*.tolerance_hours", "0", "x.ini", 9 };
	struct model m2 = { 0 };
	m2.data_sets = &o;
	m2.n_data_sets = 1;
	struct diag d;
	diag_init(&d);
	cr_assert_eq(model_apply_data(&m2, &ds, &d), -1);
	cr_assert(diag_has(&d, "x.ini:9: service.bank-a-*.tolerance_hours: expected a number of hours > 0"));
	cr_assert_eq(ds_node(&ds, "bank-a-payments")->tolerance_hours, 4.0);
	diag_free(&d);
	fx_free(&f);
	dataset_free(&ds);
}

Test(model, apply_data_ambiguous_dependency)
{
	struct dataset ds;
	struct diag d;
	char *deps = xasprintf("%scloud-a.apne3,core-x,,,\n", deps_csv);
	cr_assert_eq(tmpdata_load(&ds, &d, inst_csv, serv_csv, vend_csv, cloud_csv, deps), 0);
	diag_free(&d);
	free(deps);
	struct fx f;
	/* "*.*.*" splits as * -> *.* (bank services to cloud regions) and as
	 * *.* -> * (cloud-a.apne3 to core-x): ambiguous. */
	fx_load(&f, "t.ini", "[set]\ndependency.*.*.*.failover_hours = 1\n"
	                     "dependency.cloud-a?apne3.*.failover_hours = 5\n");
	expect_clean(&f);
	cr_assert_eq(model_apply_data(&f.m, &ds, &f.d), -1);
	expect_error(&f, 2, "dependency.*.*.*.failover_hours: ambiguous");
	cr_assert(diag_has(&f.d, "write a '.' inside an id as '?'"));
	cr_assert_eq(f.d.n_errors, 1);
	cr_assert_eq(edge(&ds, "cloud-a.apne3", "core-x")->failover_hours, 5.0);
	fx_free(&f);
	dataset_free(&ds);
}

static uint32_t idx(const struct dataset *ds, const char *id)
{
	uint32_t v = dataset_find(ds, id);
	cr_assert_neq(v, NODE_NONE);
	return v;
}

Test(model, resolve_targets)
{
	struct dataset ds;
	load_ds(&ds);
	struct fx f;
	fx_load(&f, "t.ini",
	        "[shock regions]\n"
	        "targets = cloud-a.* core-x\n"
	        "target_type = region\n"
	        "duration = fixed 1\n"
	        "[shock dup]\n"
	        "targets = cloud-a.apne1 core-x cloud-a.apne1 *-payments\n"
	        "duration = fixed 1\n"
	        "[shock all]\n"
	        "targets = *\n"
	        "duration = fixed 1\n"
	        "[shock types]\n"
	        "targets = *\n"
	        "target_type = provider shared_*\n"
	        "duration = fixed 1\n");
	expect_clean(&f);
	cr_assert_eq(model_resolve(&f.m, &ds, &f.d), 0);

	const struct shock *s = &f.m.shocks[0];
	cr_assert_eq(s->n_targets, 2);
	cr_assert_eq(s->target_nodes[0], idx(&ds, "cloud-a.apne1"));
	cr_assert_eq(s->target_nodes[1], idx(&ds, "cloud-a.apne3"));

	/* deduplicated, in node-index order */
	s = &f.m.shocks[1];
	cr_assert_eq(s->n_targets, 4);
	for (uint32_t i = 1; i < s->n_targets; i++)
		cr_assert_lt(s->target_nodes[i - 1], s->target_nodes[i]);
	int seen_apne1 = 0, seen_core = 0, seen_pay = 0;
	for (uint32_t i = 0; i < s->n_targets; i++) {
		seen_apne1 += s->target_nodes[i] == idx(&ds, "cloud-a.apne1");
		seen_core += s->target_nodes[i] == idx(&ds, "core-x");
		seen_pay += s->target_nodes[i] == idx(&ds, "bank-a-payments") ||
		            s->target_nodes[i] == idx(&ds, "bank-b-payments");
	}
	cr_assert_eq(seen_apne1 + seen_core + seen_pay, 4);

	/* "*" is every provider and service, never an institution:
	 * 3 services + 1 vendor + 3 cloud nodes = 7 */
	cr_assert_eq(f.m.shocks[2].n_targets, 7);
	for (uint32_t i = 0; i < 7; i++)
		cr_assert_neq(ds.nodes[f.m.shocks[2].target_nodes[i]].kind, NODE_INSTITUTION);

	/* type filter with a list and a glob: cloud-a (provider), core-x */
	s = &f.m.shocks[3];
	cr_assert_eq(s->n_targets, 2);
	cr_assert(s->target_nodes[0] == idx(&ds, "cloud-a") ||
	          s->target_nodes[1] == idx(&ds, "cloud-a"));
	cr_assert(s->target_nodes[0] == idx(&ds, "core-x") ||
	          s->target_nodes[1] == idx(&ds, "core-x"));

	/* resolving again (another data set, say) replaces the targets */
	cr_assert_eq(model_resolve(&f.m, &ds, &f.d), 0);
	cr_assert_eq(f.m.shocks[0].n_targets, 2);
	fx_free(&f);
	dataset_free(&ds);
}

Test(model, resolve_errors)
{
	struct dataset ds;
	load_ds(&ds);
	struct fx f;
	fx_load(&f, "t.ini",
	        "[shock inst]\ntargets = bank-a\nduration = fixed 1\n"          /* 1 */
	        "[shock typo]\ntargets = cloud-a.apen1\nduration = fixed 1\n"   /* 4 */
	        "[shock nothing]\ntargets = cloud-z*\nduration = fixed 1\n"     /* 7 */
	        "[shock filtered]\ntargets = cloud-a.*\ntarget_type = zone\n"   /* 10 */
	        "duration = fixed 1\n");
	expect_clean(&f);
	cr_assert_eq(model_resolve(&f.m, &ds, &f.d), -1);
	/* each message at the line of its key, one after its [shock] header
	 * (chokepoint-model(5)); target_type two after */
	expect_error(&f, 2, "targets: [shock inst]: \"bank-a\" is an institution");
	expect_error(&f, 5, "targets: [shock typo]: unknown id \"cloud-a.apen1\" "
	                    "(did you mean \"cloud-a.apne1\"?)");
	expect_error(&f, 8, "targets: [shock nothing]: \"cloud-z*\" matches no provider or service");
	expect_error(&f, 12, "target_type: [shock filtered]: none of the 2 targets has type \"zone\"");
	cr_assert_eq(f.d.n_errors, 4);
	fx_free(&f);
	dataset_free(&ds);
}

Test(model, rates_are_bounded)
{
	/* A frequency of 1e9 a year would make an annual trial run 1e9 events
	 * (a hang); rates are capped at MODEL_MAX_RATE = 700 a year, for
	 * shocks and for provider overrides alike. */
	struct model m;
	struct diag d;
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "m.ini", "[model]\nmode = annual\n[shock s]\ntargets = x\n"
	              "frequency = 2\nduration = fixed 1\n");
	char *path = path_join(dir, "m.ini");
	int missing;
	diag_init(&d);
	cr_assert_eq(model_load(&m, path, &d, &missing), 0);
	cr_expect_eq(model_set(&m, "shock.s.frequency", "1e9", "--set", 0, &d), -1);
	cr_expect(diag_has(&d, "from 0 to 700"));
	cr_expect_eq(model_set(&m, "shock.s.frequency", "700", "--set", 0, &d), 0);
	cr_expect_eq(model_set(&m, "node.*.annual_outage_rate", "701", "--set", 0, &d), -1);
	cr_expect_eq(model_set(&m, "node.*.annual_outage_rate", "365", "--set", 0, &d), 0);
	diag_free(&d);
	model_free(&m);
	free(path);
	tmpdata_rm(dir);
}
