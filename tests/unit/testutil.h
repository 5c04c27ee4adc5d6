/*
 * testutil.h - helpers shared by the Criterion unit tests.
 *
 * tmpdata_* build a throw-away data set directory from strings, so a
 * test states its whole fixture next to its assertions.  TINY_* are the
 * files of tests/data/tiny as strings, for tests that load variants of it.
 * struct mc_fixture is a data set, model, engine and Monte Carlo result
 * loaded from texts and run (mc_fixture_run), for the simulation tests.
 */
#ifndef CHOKEPOINT_TESTUTIL_H
#define CHOKEPOINT_TESTUTIL_H

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/diag.h"
#include "base/path.h"
#include "input/dataset.h"
#include "input/model.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"

/* A fresh temporary directory (caller frees the string). */
static inline char *tmpdata_dir(void)
{
	char *t = xstrdup("/tmp/chokepoint-test-XXXXXX");
	if (!mkdtemp(t))
		abort();
	return t;
}

/* Write 'text' to dir/name. */
static inline void tmpdata_write(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);
	FILE *fp = fopen(p, "wb");
	if (!fp)
		abort();
	fputs(text, fp);
	fclose(fp);
	free(p);
}

/* Remove dir and the files in it. */
static inline void tmpdata_rm(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	free(dir);
}

/* Does any message of d contain 'needle'? */
static inline int diag_has(const struct diag *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i].text, needle))
			return 1;
	return 0;
}

/* The node 'id' of ds; the test fails if there is none. */
static inline const struct node *ds_node(const struct dataset *ds, const char *id)
{
	uint32_t v = dataset_find(ds, id);
	cr_assert_neq(v, NODE_NONE, "no node %s", id);
	return &ds->nodes[v];
}

/* The edge from -> to of ds, or NULL. */
static inline const struct dep *ds_edge(const struct dataset *ds, const char *from,
                                        const char *to)
{
	uint32_t f = dataset_find(ds, from), t = dataset_find(ds, to);
	for (uint32_t e = 0; e < ds->n_deps; e++)
		if (ds->deps[e].from == f && ds->deps[e].to == t)
			return &ds->deps[e];
	return NULL;
}

/* The header rows of the five data set files (chokepoint-data(5)). */
#define TINY_INST_HEAD "id,name,type,total_assets,systemic,country\n"
#define TINY_SERV_HEAD "id,institution,name,category,tolerance_hours,daily_volume\n"
#define TINY_PROV_HEAD \
	"id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
#define TINY_DEPS_HEAD "from,to,group,min_up,failover_hours\n"

/* tests/data/tiny, file by file (with the bank's name in ASCII). */
#define TINY_INST TINY_INST_HEAD                        \
	"bank-a,Bank A,megabank,100,1,JP\n"             \
	"bank-b,\"Bank B, Ltd.\",regional_bank,20,0,JP\n"
#define TINY_SERV TINY_SERV_HEAD                                   \
	"a-pay,bank-a,Payments,payments,2,1000\n"                 \
	"a-net,bank-a,Internet banking,internet_banking,24,500\n" \
	"b-pay,bank-b,Payments,payments,4,100\n"
#define TINY_VEND TINY_PROV_HEAD                                    \
	"core,Shared core center A,shared_core_center,,JP,0.2,8,48\n" \
	"clearing,Clearing system,clearing,,JP,0.05,12,48\n"
#define TINY_CLOUD TINY_PROV_HEAD                                 \
	"cl,Cloud A,provider,,US,0.05,6,24\n"                     \
	"cl-tky,Cloud A Tokyo,region,cl,JP,0.2,6,16\n"            \
	"cl-tky-1,Cloud A Tokyo zone 1,zone,cl-tky,JP,0.5,3,10\n" \
	"cl-tky-2,Cloud A Tokyo zone 2,zone,cl-tky,JP,0.5,3,10\n"
#define TINY_DEPS TINY_DEPS_HEAD \
	"bank-b,core,,,\n"      \
	"core,cl-tky-1,az,1,\n" \
	"core,cl-tky-2,az,1,\n" \
	"a-pay,clearing,,,\n"   \
	"b-pay,clearing,,,8\n"  \
	"a-net,cl-tky-1,,,\n"

/*
 * Load a data set made of the given file texts (NULL: file absent).
 * Returns dataset_load's result; d receives the messages and *missing
 * (if not NULL) dataset_load's flag.
 */
static inline int tmpdata_load_missing(struct dataset *ds, struct diag *d, int *missing,
                                       const char *inst, const char *serv, const char *vend,
                                       const char *cloud, const char *deps)
{
	char *dir = tmpdata_dir();
	if (inst) tmpdata_write(dir, "institutions.csv", inst);
	if (serv) tmpdata_write(dir, "services.csv", serv);
	if (vend) tmpdata_write(dir, "vendors.csv", vend);
	if (cloud) tmpdata_write(dir, "cloud.csv", cloud);
	if (deps) tmpdata_write(dir, "dependencies.csv", deps);
	int ignored;
	diag_init(d);
	int r = dataset_load(ds, dir, d, missing ? missing : &ignored);
	tmpdata_rm(dir);
	return r;
}

/* tmpdata_load_missing without the missing flag. */
static inline int tmpdata_load(struct dataset *ds, struct diag *d, const char *inst,
                               const char *serv, const char *vend, const char *cloud,
                               const char *deps)
{
	return tmpdata_load_missing(ds, d, NULL, inst, serv, vend, cloud, deps);
}

/*
 * Load model_text (written to a temporary m.ini) as a model of ds: the
 * overrides sets[0..n_sets) ("KEY=VALUE", as --set gives them), then
 * model_check, model_apply_data and model_resolve, each asserted.
 */
static inline void tmpmodel_load(struct model *m, struct dataset *ds,
                                 const char *model_text, const char *const *sets,
                                 size_t n_sets)
{
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "m.ini", model_text);
	char *path = path_join(dir, "m.ini");
	int missing = 0;
	struct diag d;
	diag_init(&d);
	cr_assert_eq(model_load(m, path, &d, &missing), 0, "model should load: %s",
	             d.n ? d.msgs[0].text : "");
	for (size_t i = 0; i < n_sets; i++) {
		const char *eq = strchr(sets[i], '=');
		char *key = xstrndup(sets[i], (size_t)(eq - sets[i]));
		cr_assert_eq(model_set(m, key, eq + 1, "--set", 0, &d), 0, "%s", sets[i]);
		free(key);
	}
	cr_assert_eq(model_check(m, &d), 0);
	cr_assert_eq(model_apply_data(m, ds, &d), 0);
	cr_assert_eq(model_resolve(m, ds, &d), 0, "resolve: %s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	free(path);
	tmpdata_rm(dir);
}

/* A data set, its model and engine, and one Monte Carlo run of them. */
struct mc_fixture {
	struct dataset ds;
	struct model m;
	struct engine e;
	struct mc_result res;
};

/*
 * Load the data set of the given file texts (no cloud.csv) and model_text
 * as its model (tmpdata_load, tmpmodel_load), compile the engine and run
 * mc_run with 'threads', asserting each step.
 */
static inline void mc_fixture_run(struct mc_fixture *f, const char *inst,
                                  const char *serv, const char *vend, const char *deps,
                                  const char *model_text, int threads)
{
	gsl_set_error_handler_off();
	struct diag d;
	cr_assert_eq(tmpdata_load(&f->ds, &d, inst, serv, vend, NULL, deps), 0,
	             "data set should load: %s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	tmpmodel_load(&f->m, &f->ds, model_text, NULL, 0);
	char err[256];
	cr_assert_eq(engine_compile(&f->e, &f->ds, err, sizeof err), 0, "%s", err);
	struct mc_options opt = { .threads = threads };
	cr_assert_eq(mc_run(&f->m, &f->ds, &f->e, &opt, &f->res, err, sizeof err), 0,
	             "%s", err);
}

/* Free what mc_fixture_run made. */
static inline void mc_fixture_free(struct mc_fixture *f)
{
	mc_result_free(&f->res);
	engine_free(&f->e);
	model_free(&f->m);
	dataset_free(&f->ds);
}

#endif
