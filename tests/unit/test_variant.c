/*
 * test_variant.c - variants (input/variant.c) and paired comparisons
 * (report/report_compare.c), against closed forms.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>

#include "base/stats.h"
#include "input/model.h"
#include "input/variant.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"
#include "report/report_compare.h"
#include "testutil.h"

/* d = a - b = {0, -1, 1, 0}: diff 0, s^2 = 2 / 3, half-width
 * Z975 * sqrt(2/3) / sqrt(4) = 1.959964 * 0.816497 / 2 = 0.800152. */
Test(compare, paired_by_hand)
{
	const double a[] = { 1, 0, 1, 1 }, b[] = { 1, 1, 0, 1 };
	struct paired p;
	compare_paired(a, b, 4, &p);
	cr_expect_float_eq(p.value, 0.75, 1e-15);
	cr_expect_float_eq(p.baseline, 0.75, 1e-15);
	cr_expect_float_eq(p.diff, 0, 1e-15);
	double h = Z975 * sqrt(2.0 / 3.0) / 2;
	cr_expect_float_eq(p.hi, h, 1e-12);
	cr_expect_float_eq(p.lo, -h, 1e-12);
	/* the same as indicators: 3 and 3 trials, 1 up, 1 down */
	struct paired q;
	compare_paired_bits(3, 3, 1, 1, 4, &q);
	cr_expect_float_eq(q.hi, h, 1e-12);
	cr_expect_float_eq(q.diff, 0, 1e-15);
}

/* a = b: every difference 0, a zero-width interval, exactly. */
Test(compare, identical_is_exactly_zero)
{
	const double a[] = { 0.25, 3, 7, 0.1 };
	struct paired p;
	compare_paired(a, a, 4, &p);
	cr_expect(p.diff == 0 && p.lo == 0 && p.hi == 0);
	compare_paired_bits(2, 2, 0, 0, 4, &p);
	cr_expect(p.diff == 0 && p.lo == 0 && p.hi == 0);
}

/* Positively correlated indicators: the paired half-width is below the
 * independent one.  b = {1,1,1,1,0,0,0,0}, a = {1,1,0,0,0,0,0,0}: d has
 * two -1 and six 0, diff -1/4, s^2 = (2 - 8/16) / 7 = 3/14; independent
 * variance p(1-p)/n summed: (1/4 + 3/16) / 8 = 7/128 > 3/14 / 8 = 3/112. */
Test(compare, paired_narrower_than_independent)
{
	struct paired p;
	compare_paired_bits(2, 4, 0, 2, 8, &p);
	cr_expect_float_eq(p.diff, -0.25, 1e-15);
	double paired = Z975 * sqrt(3.0 / 14.0 / 8.0);
	double indep = Z975 * sqrt(7.0 / 128.0);
	cr_expect_float_eq(p.hi - p.diff, paired, 1e-12);
	cr_expect_lt(paired, indep);
}

struct vfix {
	struct dataset ds;
	struct model m;
	char *dir;
};

/* tests/data/tiny and a model with one variant of 'lines'. */
static void vfix_load(struct vfix *f, const char *shock, const char *lines)
{
	gsl_set_error_handler_off();
	struct diag d;
	cr_assert_eq(tmpdata_load(&f->ds, &d, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	                          TINY_DEPS),
	             0);
	diag_free(&d);
	f->dir = tmpdata_dir();
	char *text = xasprintf("[model]\ntrials = 2000\nseed = 3\n%s\n[variant v]\n%s", shock,
	                       lines);
	tmpdata_write(f->dir, "m.ini", text);
	free(text);
	char *path = path_join(f->dir, "m.ini");
	int missing = 0;
	diag_init(&d);
	cr_assert_eq(model_load(&f->m, path, &d, &missing), 0, "%s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	free(path);
}

static void vfix_free(struct vfix *f)
{
	model_free(&f->m);
	dataset_free(&f->ds);
	tmpdata_rm(f->dir);
}

/* The four line kinds, in order, on tiny. */
Test(variant, four_line_kinds)
{
	struct vfix f;
	vfix_load(&f, "",
	          "remove = dependency a-pay clearing\n"
	          "add = dependency a-pay clearing group=clr min_up=1\n"
	          "add = dependency a-pay core group=clr min_up=1 failover_hours=0.5\n"
	          "set = service.a-pay.tolerance_hours=4\n");
	struct diag d;
	diag_init(&d);
	cr_assert_eq(variant_apply(&f.m, &f.m.variants[0], &f.ds, &d), 0, "%s",
	             d.n ? d.msgs[0].text : "");
	const struct dep *e1 = ds_edge(&f.ds, "a-pay", "clearing");
	const struct dep *e2 = ds_edge(&f.ds, "a-pay", "core");
	cr_assert(e1 && e2);
	cr_expect_eq(e1->group, e2->group);
	const struct group *g = &f.ds.groups[e1->group];
	cr_expect_eq(g->size, 2);
	cr_expect_eq(g->min_up, 1);
	cr_expect_str_eq(g->label, "clr");
	cr_expect(isinf(e1->failover_hours));
	cr_expect_float_eq(e2->failover_hours, 0.5, 1e-15);
	cr_expect_float_eq(ds_node(&f.ds, "a-pay")->tolerance_hours, 4, 1e-15);
	/* the other edges untouched: b-pay's failover, core's zones */
	cr_expect_float_eq(ds_edge(&f.ds, "b-pay", "clearing")->failover_hours, 8, 1e-15);
	cr_expect_eq(f.ds.groups[ds_edge(&f.ds, "core", "cl-tky-1")->group].size, 2);
	diag_free(&d);
	vfix_free(&f);
}

/* Common random numbers: with the clearing system shocked (probability
 * 1/2, 10 hours), a-pay breaches in about half the trials; with an
 * unshocked 1-of-2 partner it breaches in none, exactly, while b-pay (not
 * changed) breaches in exactly the same trials. */
Test(variant, partner_takes_breach_to_zero)
{
	struct vfix f;
	vfix_load(&f,
	          "[shock s]\ntargets = clearing\nprobability = 0.5\n"
	          "duration = fixed 10\n",
	          "remove = dependency a-pay clearing\n"
	          "add = dependency a-pay clearing group=clr min_up=1\n"
	          "add = dependency a-pay core group=clr min_up=1\n");
	struct diag d;
	diag_init(&d);
	struct dataset vds;
	cr_assert_eq(tmpdata_load(&vds, &d, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	                          TINY_DEPS),
	             0);
	cr_assert_eq(model_resolve(&f.m, &f.ds, &d), 0);
	cr_assert_eq(variant_apply(&f.m, &f.m.variants[0], &vds, &d), 0);
	struct engine eb, ev;
	char err[256];
	cr_assert_eq(engine_compile(&eb, &f.ds, err, sizeof err), 0);
	cr_assert_eq(engine_compile(&ev, &vds, err, sizeof err), 0);
	struct mc_options ob = { .threads = 1, .record_breaches = 1 };
	struct mc_options ov = { .threads = 2, .record_breaches = 1, .stream_ref = &f.ds };
	struct mc_result rb, rv;
	cr_assert_eq(mc_run(&f.m, &f.ds, &eb, &ob, &rb, err, sizeof err), 0);
	cr_assert_eq(mc_run(&f.m, &vds, &ev, &ov, &rv, err, sizeof err), 0);
	uint32_t apay = dataset_find(&f.ds, "a-pay") - f.ds.first_kind[NODE_SERVICE];
	uint32_t bpay = dataset_find(&f.ds, "b-pay") - f.ds.first_kind[NODE_SERVICE];
	cr_expect_gt(rb.svc_breach_trials[apay], 800);
	cr_expect_eq(rv.svc_breach_trials[apay], 0);
	cr_expect_eq(rv.svc_breach_trials[bpay], rb.svc_breach_trials[bpay]);
	for (uint64_t t = 0; t < rb.trials; t++)
		cr_assert_eq(mc_bit(rv.t_svc_bits, rv.svc_stride, t, bpay),
		             mc_bit(rb.t_svc_bits, rb.svc_stride, t, bpay), "trial %lu",
		             (unsigned long)t);
	mc_result_free(&rb);
	mc_result_free(&rv);
	engine_free(&eb);
	engine_free(&ev);
	dataset_free(&vds);
	diag_free(&d);
	vfix_free(&f);
}

/* Ids are checked with did-you-mean at the variant's line: line 6 of
 * "[model]", trials, seed, "", "[variant v]", the remove line. */
Test(variant, unknown_id_suggests)
{
	struct vfix f;
	vfix_load(&f, "", "remove = dependency a-pay claering\n");
	struct diag d;
	diag_init(&d);
	cr_expect_neq(variant_apply(&f.m, &f.m.variants[0], &f.ds, &d), 0);
	cr_expect(diag_has(&d, "unknown id \"claering\" (did you mean \"clearing\"?)"));
	cr_expect(diag_has(&d, "m.ini:6: remove: "), "%s", d.n ? d.msgs[0].text : "");
	diag_free(&d);
	vfix_free(&f);
}

/* A vendor added before the cloud nodes renumbers them: every parent,
 * edge and group still names the same ids, and the id index finds all. */
Test(variant, add_provider_renumbers)
{
	struct vfix f;
	vfix_load(&f, "",
	          "add = provider standby vendor type=clearing rate=0.1 median=2 p95=6\n"
	          "add = dependency b-pay standby\n");
	uint32_t cl0 = dataset_find(&f.ds, "cl-tky-1");
	struct diag d;
	diag_init(&d);
	cr_assert_eq(variant_apply(&f.m, &f.m.variants[0], &f.ds, &d), 0, "%s",
	             d.n ? d.msgs[0].text : "");
	uint32_t sb = dataset_find(&f.ds, "standby");
	cr_assert_neq(sb, NODE_NONE);
	cr_expect_eq(f.ds.nodes[sb].kind, NODE_VENDOR);
	cr_expect_eq(sb + 1, f.ds.first_kind[NODE_CLOUD]);
	cr_expect_eq(f.ds.n_kind[NODE_VENDOR], 3);
	cr_expect_eq(dataset_find(&f.ds, "cl-tky-1"), cl0 + 1);
	cr_expect_str_eq(f.ds.nodes[ds_node(&f.ds, "cl-tky-1")->parent].id, "cl-tky");
	cr_expect_str_eq(f.ds.nodes[ds_node(&f.ds, "cl-tky")->parent].id, "cl");
	cr_expect(ds_edge(&f.ds, "core", "cl-tky-2") != NULL);
	cr_expect(ds_edge(&f.ds, "cl-tky-1", "cl-tky") != NULL); /* the parent edge */
	cr_expect(ds_edge(&f.ds, "b-pay", "standby") != NULL);
	cr_expect_float_eq(f.ds.nodes[sb].outage_p95_hours, 6, 1e-15);
	for (uint32_t g = 0; g < f.ds.n_groups; g++) {
		const struct group *gr = &f.ds.groups[g];
		for (uint32_t j = gr->first_dep; j < gr->first_dep + gr->size; j++)
			cr_expect_eq(f.ds.deps[j].from, gr->node);
	}
	diag_free(&d);
	vfix_free(&f);
}
