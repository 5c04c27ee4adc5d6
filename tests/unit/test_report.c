/*
 * test_report.c - the headline figures of a run and how its reports state
 * them: the systemic event and the asset threshold, the unit of every
 * probability, ties among the most exposed services, command-line
 * overrides, the meaning of a source's share, and no sum of unlike
 * volumes.
 *
 * Each test runs a small model whose figures are worked out by hand,
 * writes the run's files with report_run into a temporary directory and
 * reads them back.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <math.h>

#include "base/stats.h"
#include "input/model.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"
#include "report/emit.h"
#include "report/report.h"
#include "testutil.h"

/* bank holds 10 of the sector's 40 units of assets (25 %), other 30 (75 %). */
static const char INST[] = "id,name,type,total_assets,systemic\n"
                           "bank,Bank,regional_bank,10,0\n"
                           "other,Other bank,regional_bank,30,0\n";
static const char VEND2[] = "id,name,type\n"
                            "a,Vendor A,software\n"
                            "b,Vendor B,software\n";

struct fixture {
	struct dataset ds;
	struct model m;
	struct engine e;
	struct mc_result res;
	struct run_summary sum;
	char *out; /* report_run's directory */
};

/* Load the data set and model texts, apply the command-line overrides
 * sets[0..n_sets) ("KEY=VALUE"), run on one thread and write the reports. */
static void run_fixture(struct fixture *f, const char *serv, const char *vend,
                        const char *deps, const char *model_text, const char *const *sets,
                        size_t n_sets)
{
	gsl_set_error_handler_off();
	struct diag d;
	cr_assert_eq(tmpdata_load(&f->ds, &d, INST, serv, vend, NULL, deps), 0,
	             "data set should load: %s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	tmpmodel_load(&f->m, &f->ds, model_text, sets, n_sets);
	char err[256];
	cr_assert_eq(engine_compile(&f->e, &f->ds, err, sizeof err), 0, "%s", err);
	struct mc_options opt = {.threads = 1};
	cr_assert_eq(mc_run(&f->m, &f->ds, &f->e, &opt, &f->res, err, sizeof err), 0,
	             "%s", err);
	report_summarise(&f->res, &f->sum, 1);
	f->out = tmpdata_dir();
	cr_assert_eq(report_run(f->out, &f->m, &f->ds, &f->res, &f->sum, "data", NULL,
	                        err, sizeof err),
	             CP_OK, "%s", err);
}

static void free_fixture(struct fixture *f)
{
	tmpdata_rm(f->out);
	mc_result_free(&f->res);
	engine_free(&f->e);
	model_free(&f->m);
	dataset_free(&f->ds);
}

/* The whole of file 'name' of the run's directory (caller frees). */
static char *slurp(const struct fixture *f, const char *name)
{
	char *p = path_join(f->out, name);
	FILE *fp = fopen(p, "rb");
	cr_assert_not_null(fp, "%s", p);
	free(p);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int c;
	while ((c = fgetc(fp)) != EOF) {
		ALLOC_GROW(buf, len + 2, cap);
		buf[len++] = (char)c;
	}
	fclose(fp);
	if (!buf)
		buf = xstrdup("");
	buf[len] = '\0';
	return buf;
}

/* Text with runs of blanks and line breaks as one blank: wrapped
 * sentences compare as written. */
static char *squeeze(const char *s)
{
	char *t = xstrdup(s), *o = t;
	for (; *s; s++) {
		int blank = *s == ' ' || *s == '\n';
		if (blank && o > t && o[-1] == ' ')
			continue;
		*o++ = blank ? ' ' : *s;
	}
	*o = '\0';
	return t;
}

static const char SERV_BOTH[] =
    "id,institution,name,category,tolerance_hours,daily_volume\n"
    "pay,bank,Payments,payments,4,2400\n"
    "opay,other,Payments,payments,8,100\n";

/*
 * Item: a systemic event needs systemic_min_institutions (default 2)
 * institutions in breach besides the asset share; p_assets_threshold keeps
 * the share alone.  One shock on a, exponential mean 5 h, every trial.
 * bank (25 % of assets) breaches when D > 4, other (75 %) when D > 8.
 *   asset threshold 0.2: reached when bank breaches, P(D > 4) = exp(-0.8)
 *                        = 0.449329;
 *   systemic:            both breach, P(D > 8) = exp(-1.6) = 0.201897.
 * The old definition (one institution enough) gave p_systemic 0.449329.
 */
Test(report, systemic_needs_two_institutions)
{
	struct fixture f;
	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\nopay,a\n",
	            "[model]\nmode = stress\ntrials = 40000\nseed = 3\n"
	            "systemic_assets_share = 0.2\n"
	            "[shock s]\ntargets = a\nduration = exponential 5\n",
	            NULL, 0);
	double se_sys = sqrt(0.201897 * (1 - 0.201897) / 40000.0);
	double se_thr = sqrt(0.449329 * (1 - 0.449329) / 40000.0);
	cr_expect_leq(fabs(f.sum.p_systemic - exp(-1.6)), 4 * se_sys, "p_systemic %.5f",
	              f.sum.p_systemic);
	cr_expect_leq(fabs(f.sum.p_threshold - exp(-0.8)), 4 * se_thr,
	              "p_assets_threshold %.5f", f.sum.p_threshold);
	/* sector.csv carries both, with their unit */
	char *sector = slurp(&f, "sector.csv");
	cr_expect(strstr(sector, "\np_systemic,") != NULL);
	cr_expect(strstr(sector, "\np_assets_threshold,") != NULL);
	free(sector);
	/* summary.txt names the institution that reaches the share alone */
	char *text = slurp(&f, "summary.txt");
	char *flat = squeeze(text);
	cr_expect(strstr(flat, "at least 2 institutions in breach in one event") != NULL,
	          "%s", text);
	cr_expect(strstr(flat, "Warning: 2 institutions hold at least 20 % of total "
	                       "assets on their own (bank 25 %, other 75 %)") != NULL,
	          "%s", text);
	free(flat);
	free(text);
	free_fixture(&f);
}

/* systemic_min_institutions = 1 restores the single-institution reading:
 * p_systemic = p_assets_threshold = exp(-0.8) (same draws, same counts). */
Test(report, systemic_min_institutions_one)
{
	struct fixture f;
	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\nopay,a\n",
	            "[model]\nmode = stress\ntrials = 40000\nseed = 3\n"
	            "systemic_assets_share = 0.2\nsystemic_min_institutions = 1\n"
	            "[shock s]\ntargets = a\nduration = exponential 5\n",
	            NULL, 0);
	cr_expect_eq(f.sum.n_systemic, f.sum.n_threshold);
	cr_expect_leq(fabs(f.sum.p_systemic - exp(-0.8)),
	              4 * sqrt(0.449329 * (1 - 0.449329) / 40000.0));
	free_fixture(&f);
}

/* The key is read, checked and written back. */
Test(report, systemic_min_institutions_key)
{
	struct model m;
	struct diag d;
	diag_init(&d);
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "m.ini", "[model]\nsystemic_min_institutions = 0\n");
	char *path = path_join(dir, "m.ini");
	int missing = 0;
	cr_expect_neq(model_load(&m, path, &d, &missing), 0);
	cr_expect(diag_has(&d, "expected a whole number of institutions from 1"));
	model_free(&m);
	diag_free(&d);
	diag_init(&d);
	tmpdata_write(dir, "m.ini", "[model]\n");
	cr_assert_eq(model_load(&m, path, &d, &missing), 0);
	cr_expect_eq(m.systemic_min_institutions, 2, "default 2");
	cr_expect_eq(model_set(&m, "model.systemic_min_institutions", "3", NULL, 0, &d),
	             0);
	cr_expect_eq(m.systemic_min_institutions, 3);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	model_format(&m, fp);
	fclose(fp);
	cr_expect(strstr(buf, "\nsystemic_min_institutions = 3\n") != NULL, "%s", buf);
	free(buf);
	model_free(&m);
	diag_free(&d);
	free(path);
	tmpdata_rm(dir);
}

/* Every institution whose own assets reach the share, in data set order. */
Test(report, large_institutions)
{
	struct dataset ds;
	struct diag d;
	cr_assert_eq(
	    tmpdata_load(&ds, &d, INST, SERV_BOTH, VEND2, NULL, "from,to\npay,a\n"), 0);
	diag_free(&d);
	uint32_t idx[2];
	/* 25 % and 75 %: both reach 0.25, only 'other' 0.3, none 0.8 */
	cr_expect_eq(model_large_institutions(&ds, 0.25, idx), 2);
	cr_expect_eq(model_large_institutions(&ds, 0.3, idx), 1);
	cr_expect_str_eq(ds.nodes[idx[0]].id, "other");
	cr_expect_eq(model_large_institutions(&ds, 0.8, NULL), 0);
	dataset_free(&ds);
}

/*
 * Item: the unit of every probability.  A stress run's files say "event"
 * and an annual run's "year", in a per column (sector.csv, services.csv,
 * institutions.csv, sources.csv, batch.csv) and in summary.json and
 * summary.txt.
 */
Test(report, probability_units)
{
	static const char *const mode[2] = {"stress", "annual"};
	static const char *const per[2] = {"event", "year"};
	for (int k = 0; k < 2; k++) {
		struct fixture f;
		char *model = xasprintf("[model]\nmode = %s\ntrials = 1000\n"
		                        "[shock s]\ntargets = a\nprobability = 0.5\n"
		                        "duration = fixed 10\n",
		                        mode[k]);
		run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\n", model, NULL, 0);
		free(model);
		char *line_end = xasprintf(",%s\n", per[k]);
		static const char *const files[] = {"sector.csv", "services.csv",
		                                    "institutions.csv", "sources.csv"};
		for (size_t i = 0; i < 4; i++) {
			char *t = slurp(&f, files[i]);
			/* header ends with per; every row with the unit */
			char *nl = strchr(t, '\n');
			cr_assert_not_null(nl);
			cr_expect(nl - t >= 4 && strncmp(nl - 4, ",per", 4) == 0,
			          "%s: %s", files[i], t);
			size_t rows = 0, with = 0;
			for (char *p = nl + 1; *p; p = strchr(p, '\n') + 1) {
				char *e = strchr(p, '\n');
				rows++;
				with += (size_t)(e - p) >= strlen(line_end) - 1 &&
				        strncmp(e - strlen(line_end) + 1, line_end,
				                strlen(line_end)) == 0;
			}
			cr_expect(rows > 0 && rows == with,
			          "%s: %zu of %zu rows end \"%s\"", files[i], with, rows,
			          per[k]);
			free(t);
		}
		char *json = slurp(&f, "summary.json");
		char *want = xasprintf("\"per\": \"%s\"", per[k]);
		cr_expect(strstr(json, want) != NULL, "%s", want);
		free(want);
		free(json);
		char *text = slurp(&f, "summary.txt");
		want = xasprintf("Headline (probabilities per simulated %s)", per[k]);
		cr_expect(strstr(text, want) != NULL, "%s", text);
		free(want);
		free(text);
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		report_batch_header(fp);
		report_batch_row(fp, &f.m, &f.res, &f.sum);
		fclose(fp);
		cr_expect(strncmp(buf, "model,mode,per,trials,seed,p_systemic,", 38) == 0,
		          "%s", buf);
		want = xasprintf("\nm,%s,%s,1000,", mode[k], per[k]);
		cr_expect(strstr(buf, want) != NULL, "%s", buf);
		free(want);
		free(buf);
		free(line_end);
		free_fixture(&f);
	}
}

/*
 * Item: no sum of unlike volumes.  pay counts transactions and opay
 * customers (the data set says nothing of units): no figure adds them.
 */
Test(report, no_volume_sum)
{
	struct fixture f;
	run_fixture(
	    &f, SERV_BOTH, VEND2, "from,to\npay,a\nopay,a\n",
	    "[model]\ntrials = 100\n[shock s]\ntargets = a\nduration = fixed 10\n", NULL,
	    0);
	for (int k = 0; k < REPORT_SECTOR_METRICS; k++)
		cr_expect(strstr(report_sector_metric[k], "volume") == NULL, "%s",
		          report_sector_metric[k]);
	char *sector = slurp(&f, "sector.csv");
	cr_expect(strstr(sector, "volume") == NULL, "%s", sector);
	free(sector);
	char *json = slurp(&f, "summary.json");
	cr_expect(strstr(json, "volume_disrupted") == NULL);
	free(json);
	char *text = slurp(&f, "summary.txt");
	cr_expect(strstr(text, "Transactions disrupted") == NULL, "%s", text);
	free(text);
	enum mc_target t;
	cr_expect_neq(mc_target_parse("volume_disrupted", &t), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	report_trials(fp, &f.res);
	fclose(fp);
	const char *head = "trial,events,services_breached,institutions_breached,"
	                   "assets_share_breached,systemic,assets_threshold\n";
	cr_expect(strncmp(buf, head, strlen(head)) == 0, "%s", buf);
	free(buf);
	free_fixture(&f);
}

/*
 * Item: ties.  One shock on a, fixed 10 h, every trial.  p1 (first in the
 * data set) fails over after 6 h, p2 and p3 stay down 10 h: all three
 * breach (tolerance 4 h) in every trial, so they tie at p_breach 1; by
 * mean downtime p2 (10 h) and p3 (10 h) come before p1 (6 h), p2 before
 * p3 in data set order.  The sentence names p2, the table's first row,
 * and says it is one of 3 tied services.  The old sentence named p1.
 */
Test(report, ties_disclosed_same_order)
{
	struct fixture f;
	run_fixture(
	    &f,
	    "id,institution,name,category,tolerance_hours\n"
	    "p1,bank,Pay 1,payments,4\np2,bank,Pay 2,payments,4\n"
	    "p3,other,Pay 3,payments,4\n",
	    VEND2, "from,to,failover_hours\np1,a,6\np2,a,\np3,a,\n",
	    "[model]\ntrials = 200\n[shock s]\ntargets = a\nduration = fixed 10\n", NULL,
	    0);
	char *text = slurp(&f, "summary.txt");
	char *flat = squeeze(text);
	cr_expect(strstr(flat,
	                 "The service most often beyond its impact tolerance is p2 "
	                 "of bank (tolerance 4 h), one of 3 services tied at 100.0% "
	                 "of simulated events") != NULL,
	          "%s", text);
	const char *table = strstr(text, "Services most likely to breach");
	cr_assert_not_null(table);
	const char *r1 = strstr(table, "\n  p2 "), *r2 = strstr(table, "\n  p3 "),
	           *r3 = strstr(table, "\n  p1 ");
	cr_expect(r1 && r2 && r3 && r1 < r2 && r2 < r3, "%s", table);
	free(flat);
	free(text);
	free_fixture(&f);
}

/*
 * Item: overrides.  A run with --set says so at the top of summary.txt
 * (the second line) and lists them, and summary.json lists them right
 * after "per".  Without overrides, neither mentions any.
 */
Test(report, overrides_listed_at_top)
{
	static const char *const sets[] = {"model.name=tok-8h",
	                                   "service.*.tolerance_hours=8"};
	struct fixture f;
	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\n",
	            "[model]\ntitle = Original title\ntrials = 100\n"
	            "[shock s]\ntargets = a\nduration = fixed 10\n",
	            sets, 2);
	char *text = slurp(&f, "summary.txt");
	const char *top = "chokepoint " PACKAGE_VERSION ": model tok-8h\nOverrides  "
	                  "this run is not the model file";
	cr_expect(strncmp(text, top, strlen(top)) == 0, "%s", text);
	cr_expect(strstr(text, "\n             --set model.name=tok-8h\n"
	                       "             --set service.*.tolerance_hours=8\n"
	                       "Original title\n") != NULL,
	          "%s", text);
	free(text);
	char *json = slurp(&f, "summary.json");
	cr_expect(strstr(json, "\"overrides\": [\n    {\n      \"option\": \"--set\",\n"
	                       "      \"key\": \"model.name\",\n"
	                       "      \"value\": \"tok-8h\"\n") != NULL,
	          "%s", json);
	free(json);
	free_fixture(&f);

	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\n",
	            "[model]\ntrials = 100\n[set]\nmodel.name = x\n"
	            "[shock s]\ntargets = a\nduration = fixed 10\n",
	            NULL, 0);
	text = slurp(&f, "summary.txt");
	cr_expect(strstr(text, "Overrides") == NULL, "the file's own [set]: %s", text);
	free(text);
	json = slurp(&f, "summary.json");
	cr_expect(strstr(json, "\"overrides\": []") != NULL);
	free(json);
	free_fixture(&f);
}

/*
 * Item: attribution.  Shocks on a and b both occur in every trial (stress
 * mode: one event); only a's outage breaches pay.  Removing sb changes
 * nothing and sb alone breaches nothing, so sa has the breach alone
 * (alone, necessary and Shapley 1 for the service and for bank) and sb
 * none; no event is systemic (one institution below the default share).
 */
Test(report, source_attribution_sound)
{
	struct fixture f;
	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\n",
	            "[model]\ntrials = 100\n"
	            "[shock sa]\ntargets = a\nduration = fixed 10\n"
	            "[shock sb]\ntargets = b\nduration = fixed 10\n",
	            NULL, 0);
	char *src = slurp(&f, "sources.csv");
	cr_expect(strstr(src, "\nsa,shock,1,1,1,1,0,1,1,1,1,1,1,0,0,0,event\n"
	                      "sb,shock,1,0,0,0,0,0,0,0,0,0,0,0,0,0,event\n") != NULL,
	          "%s", src);
	free(src);
	char *text = slurp(&f, "summary.txt");
	char *flat = squeeze(text);
	cr_expect(strstr(flat, "\"necessary\" those that do not happen without it, alone "
	                       "ones included") != NULL,
	          "%s", text);
	cr_expect(strstr(flat, "100 events had breaches and more than one source; 0 of "
	                       "them had more than 8 sources with a path to a breached "
	                       "service") != NULL,
	          "%s", text);
	free(flat);
	free(text);
	free_fixture(&f);
}

/*
 * summary.json is written piecewise, its services and institutions
 * streamed one element at a time (report_json_write); it must be byte
 * for byte what jansson writes for the whole tree (report_json): parse
 * it and dump it again with the same flags (numbers carry at most 10
 * significant digits, so they read back and print the same), and compare
 * with the dump of report_json's tree.  Nested one level deep (run
 * --json with several models) it must be that tree as an array element.
 * The shock holds a down 10 h in every trial: pay (tolerance 4 h) and
 * opay (8 h) breach each time, p_breach 1.
 */
Test(report, summary_json_streamed_as_jansson_dumps_it)
{
	struct fixture f;
	run_fixture(&f, SERV_BOTH, VEND2, "from,to\npay,a\nopay,a\n",
	            "[model]\nmode = stress\ntrials = 100\n"
	            "[shock s]\ntargets = a\nduration = fixed 10\n",
	            NULL, 0);
	const int flags = JSON_INDENT(2) | JSON_REAL_PRECISION(10);
	char *js = slurp(&f, "summary.json");
	json_error_t jerr;
	json_t *doc = json_loads(js, 0, &jerr);
	cr_assert_not_null(doc, "summary.json: %s at line %d", jerr.text, jerr.line);
	char *again = json_dumps(doc, flags);
	size_t n = strlen(again);
	cr_expect(strncmp(js, again, n) == 0 && strcmp(js + n, "\n") == 0,
	          "summary.json differs from jansson's dump of it:\n%s", js);
	json_t *tree = report_json(&f.m, &f.ds, &f.res, &f.sum, "data");
	char *whole = json_dumps(tree, flags);
	cr_expect_str_eq(again, whole);
	json_t *svc = json_object_get(doc, "services");
	cr_expect_eq(json_array_size(svc), 2);
	cr_expect_eq(json_array_size(json_object_get(doc, "institutions")), 2);
	/* the third streamed array: the shock is among the sources */
	json_t *src = json_object_get(doc, "sources");
	int shock = 0;
	for (size_t k = 0; k < json_array_size(src); k++) {
		json_t *e = json_array_get(src, k);
		shock |= strcmp(json_string_value(json_object_get(e, "source")), "s") == 0 &&
		         strcmp(json_string_value(json_object_get(e, "kind")), "shock") == 0;
	}
	cr_expect(shock, "summary.json's sources lack shock \"s\"");
	for (size_t k = 0; k < 2; k++)
		cr_expect_float_eq(
		    json_real_value(json_object_get(json_array_get(svc, k), "p_breach")),
		    1.0, 1e-12);
	/* one level deep: the element of an array of documents */
	json_t *arr = json_array();
	json_array_append(arr, tree);
	char *nested = json_dumps(arr, flags);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	fputs("[\n  ", fp);
	cr_expect_eq(report_json_write(fp, &f.m, &f.ds, &f.res, &f.sum, "data", 1), 0);
	fputs("\n]", fp);
	fclose(fp);
	cr_expect_str_eq(buf, nested);
	free(buf);
	/* --json's copy (report_run's json_copy): the bytes of summary.json */
	char *copy = NULL;
	size_t clen = 0;
	char *dir = tmpdata_dir(), err[256];
	fp = open_memstream(&copy, &clen);
	cr_assert_eq(
	    report_run(dir, &f.m, &f.ds, &f.res, &f.sum, "data", fp, err, sizeof err),
	    CP_OK, "%s", err);
	fclose(fp);
	cr_expect_str_eq(copy, js);
	free(copy);
	tmpdata_rm(dir);
	free(nested);
	json_decref(arr);
	free(whole);
	json_decref(tree);
	free(again);
	json_decref(doc);
	free(js);
	free_fixture(&f);
}

/* emit_items: item i of 'n' as "i\n". */
static int item_line(struct emit_buf *b, const void *arg, size_t i)
{
	(void)arg;
	eb_uint(b, i);
	eb_putc(b, '\n');
	return 0;
}

/* Items formatted on threads come out in item order, whatever the count
 * (many blocks: 10,000 items). */
Test(report, emit_items_in_order_on_threads)
{
	const size_t n = 10000;
	char *want = NULL;
	size_t wlen = 0;
	FILE *fp = open_memstream(&want, &wlen);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%zu\n", i);
	fclose(fp);
	for (int t = 1; t <= 3; t++) {
		char *got = NULL;
		size_t glen = 0;
		fp = open_memstream(&got, &glen);
		cr_expect_eq(emit_items(fp, n, item_line, NULL, t), 0);
		fclose(fp);
		cr_expect_str_eq(got, want, "%d threads", t);
		free(got);
	}
	free(want);
}

/*
 * The JSON written without a tree (emit_jw) is what jansson dumps for the
 * same tree, nested at an indent: escapes, non-ASCII text, integers,
 * reals to 10 digits (exponents, -0, unlimited as null), empty and
 * nested containers; a string jansson refuses (invalid UTF-8) is flagged.
 */
Test(report, json_written_directly_as_jansson_dumps_it)
{
	const char *strs[] = {"plain", "quote\" back\\ slash/", "tab\tnl\ncr\r\b\f\x01\x1f\x7f",
	                      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", ""};
	const double nums[] = {0.0, -0.0, 1, 0.1, 1.0 / 3, 2.5e-7, 123456789012.0, 1e21,
	                       -4.25, 1e-5, 99999999995.0, INFINITY, 6.02214076e23};
	json_t *doc = json_object();
	struct emit_buf b = {NULL, 0, 0};
	struct emit_jw j;
	jw_begin(&j, &b, 4);
	jw_open(&j, '{');
	json_t *sa = json_array();
	jw_key(&j, "strings");
	jw_open(&j, '[');
	for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) {
		json_array_append_new(sa, json_string(strs[k]));
		jw_item(&j);
		jw_str(&j, strs[k]);
	}
	jw_close(&j, ']');
	json_object_set_new(doc, "strings", sa);
	json_t *na = json_array();
	jw_key(&j, "numbers");
	jw_open(&j, '[');
	for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
		json_array_append_new(na, emit_jnum(nums[k]));
		jw_item(&j);
		jw_num(&j, nums[k]);
	}
	jw_close(&j, ']');
	json_object_set_new(doc, "numbers", na);
	jw_key(&j, "ints");
	jw_open(&j, '[');
	json_t *ia = json_array();
	const uint64_t ints[] = {0, 7, 4294967295u, UINT64_MAX};
	for (size_t k = 0; k < 4; k++) {
		json_array_append_new(ia, emit_jint(ints[k]));
		jw_item(&j);
		jw_int(&j, ints[k]);
	}
	jw_close(&j, ']');
	json_object_set_new(doc, "ints", ia);
	jw_key(&j, "empty_array");
	jw_open(&j, '[');
	jw_close(&j, ']');
	json_object_set_new(doc, "empty_array", json_array());
	jw_key(&j, "empty_object");
	jw_open(&j, '{');
	jw_close(&j, '}');
	json_object_set_new(doc, "empty_object", json_object());
	jw_key(&j, "nested");
	jw_open(&j, '{');
	jw_key(&j, "flag");
	jw_bool(&j, 1);
	jw_key(&j, "off");
	jw_bool(&j, 0);
	jw_key(&j, "none");
	jw_null(&j);
	jw_close(&j, '}');
	json_t *nest = json_object();
	json_object_set_new(nest, "flag", json_true());
	json_object_set_new(nest, "off", json_false());
	json_object_set_new(nest, "none", json_null());
	json_object_set_new(doc, "nested", nest);
	jw_close(&j, '}');
	cr_assert_not(j.bad);
	struct emit_buf want = {NULL, 0, 0};
	cr_assert_eq(emit_json_buf(&want, doc, 4), 0);
	eb_putc(&b, '\0');
	eb_putc(&want, '\0');
	cr_expect_str_eq(b.p, want.p);
	/* invalid UTF-8 (an overlong '/'): jansson has no string for it */
	b.n = 0;
	jw_begin(&j, &b, 0);
	jw_str(&j, "bad \xc0\xaf");
	cr_expect(j.bad);
	free(b.p);
	free(want.p);
	json_decref(doc);
}
