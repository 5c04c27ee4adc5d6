/*
 * test_dataset.c - loading and validating a data set (chokepoint-data(5)):
 * every rule, its message (file, line, column, what was expected, what was
 * found), defaults, the institution shorthand, parent edges and the
 * ordering guarantees of struct dataset.
 *
 * The fixture is tests/data/tiny written out as strings (TINY_* in
 * testutil.h); each test breaks one thing in it.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "input/dataset.h"
#include "testutil.h"

/* One load: the data set, its messages, the return code, *missing. */
struct ld {
	struct dataset ds;
	struct diag d;
	int rc;
	int missing;
};

/* Load the five files (NULL: absent); the directory is removed after. */
static void load(struct ld *l, const char *inst, const char *serv, const char *vend,
                 const char *cloud, const char *deps)
{
	l->missing = -1;
	l->rc = tmpdata_load_missing(&l->ds, &l->d, &l->missing, inst, serv, vend, cloud,
	                             deps);
	for (size_t i = 0; i < l->d.n; i++)
		cr_log_info("%s%s", l->d.msgs[i].level == DIAG_WARNING ? "warning: " : "",
		            l->d.msgs[i].text);
}

static void ld_free(struct ld *l)
{
	dataset_free(&l->ds);
	diag_free(&l->d);
}

/* Expect a failed load (exit 65 kind) with a message containing each needle. */
static void expect_error(struct ld *l, const char *needle)
{
	cr_assert_eq(l->rc, -1, "expected the load to fail with \"%s\"", needle);
	cr_assert_eq(l->missing, 0);
	cr_assert(diag_has(&l->d, needle), "no message contains \"%s\"", needle);
}

/* Number of messages of 'level' containing 'needle'. */
static size_t count_msgs(const struct diag *d, enum diag_level level, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->msgs[i].level == level && strstr(d->msgs[i].text, needle))
			n++;
	return n;
}

/* ---- the valid fixture ------------------------------------------------ */

Test(dataset, tiny_loads_with_the_counts_of_its_files)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.d.n, 0, "no errors, no warnings");
	const struct dataset *ds = &l.ds;
	cr_assert_eq(ds->n_kind[NODE_INSTITUTION], 2);
	cr_assert_eq(ds->n_kind[NODE_SERVICE], 3);
	cr_assert_eq(ds->n_kind[NODE_VENDOR], 2);
	cr_assert_eq(ds->n_kind[NODE_CLOUD], 4);
	cr_assert_eq(ds->n_nodes, 11);
	/* Kinds contiguous in the order institutions, services, vendors, cloud. */
	cr_assert_eq(ds->first_kind[NODE_INSTITUTION], 0);
	cr_assert_eq(ds->first_kind[NODE_SERVICE], 2);
	cr_assert_eq(ds->first_kind[NODE_VENDOR], 5);
	cr_assert_eq(ds->first_kind[NODE_CLOUD], 7);
	/* 6 rows (bank-b's row expands to its one service) + 3 parents. */
	cr_assert_eq(ds->n_dep_rows, 6);
	cr_assert_eq(ds->n_parent_deps, 3);
	cr_assert_eq(ds->n_deps, 9);
	/* 9 edges, the two "az" edges of core share a group: 8 groups. */
	cr_assert_eq(ds->n_groups, 8);
	cr_assert_float_eq(ds->total_assets, 120.0, 1e-12);
	cr_assert_str_eq(ds_node(ds, "bank-b")->name, "Bank B, Ltd.");
	cr_assert_eq(ds_node(ds, "bank-a")->systemic, 1);
	cr_assert_float_eq(ds_node(ds, "a-pay")->tolerance_hours, 2.0, 1e-12);
	cr_assert_float_eq(ds_node(ds, "cl-tky")->outage_p95_hours, 16.0, 1e-12);
	cr_assert_eq(dataset_find(ds, "nope"), NODE_NONE);
	dataset_free(&l.ds);
	dataset_free(&l.ds); /* a second free is harmless */
	diag_free(&l.d);
}

Test(dataset, edges_of_a_node_contiguous_and_groups_adjacent)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	for (uint32_t e = 1; e < ds->n_deps; e++)
		cr_assert_leq(ds->deps[e - 1].from, ds->deps[e].from);
	for (uint32_t g = 0; g < ds->n_groups; g++) {
		const struct group *gr = &ds->groups[g];
		for (uint32_t k = 0; k < gr->size; k++) {
			cr_assert_eq(ds->deps[gr->first_dep + k].group, g);
			cr_assert_eq(ds->deps[gr->first_dep + k].from, gr->node);
		}
	}
	const struct dep *z1 = ds_edge(ds, "core", "cl-tky-1");
	const struct dep *z2 = ds_edge(ds, "core", "cl-tky-2");
	cr_assert(z1 && z2);
	cr_assert_eq(z1->group, z2->group);
	cr_assert_str_eq(ds->groups[z1->group].label, "az");
	cr_assert_eq(ds->groups[z1->group].size, 2);
	cr_assert_eq(ds->groups[z1->group].min_up, 1);
	ld_free(&l);
}

Test(dataset, edges_ordered_by_dependent_group_and_provider)
{
	/*
	 * Rows out of order: core's edges come out as its unlabelled edge
	 * (label "") on clearing, then group "az" on cl-tky-1 and cl-tky-2,
	 * then group "b" on cl; a-pay's edges, core's and cl-tky-1's parent
	 * edge each in node order.
	 */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "core,cl,b,,\ncore,cl-tky-2,az,,\na-pay,core,,,\n"
	                    "core,clearing,,,\ncore,cl-tky-1,az,,\na-pay,clearing,,,\n");
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	uint32_t core = dataset_find(ds, "core");
	const char *want[] = { "clearing", "cl-tky-1", "cl-tky-2", "cl" };
	uint32_t e0 = 0;
	while (e0 < ds->n_deps && ds->deps[e0].from != core)
		e0++;
	for (uint32_t k = 0; k < 4; k++) {
		cr_assert_lt(e0 + k, ds->n_deps);
		cr_assert_eq(ds->deps[e0 + k].from, core);
		cr_assert_str_eq(ds->nodes[ds->deps[e0 + k].to].id, want[k]);
	}
	cr_assert(e0 + 4 == ds->n_deps || ds->deps[e0 + 4].from != core);
	cr_assert_eq(ds->deps[e0 + 1].group, ds->deps[e0 + 2].group);
	cr_assert_neq(ds->deps[e0].group, ds->deps[e0 + 1].group);
	cr_assert_neq(ds->deps[e0 + 2].group, ds->deps[e0 + 3].group);
	/* a-pay (a service, before the providers): core, then clearing, in
	 * node order (vendors.csv lists core first) */
	uint32_t apay = dataset_find(ds, "a-pay");
	cr_assert_eq(ds->deps[0].from, apay);
	cr_assert_str_eq(ds->nodes[ds->deps[0].to].id, "core");
	cr_assert_str_eq(ds->nodes[ds->deps[1].to].id, "clearing");
	ld_free(&l);
}

Test(dataset, parent_edges_generated)
{
	/* cl-tky -> cl, cl-tky-1 -> cl-tky, cl-tky-2 -> cl-tky: each its own
	 * group of one, no failover, marked is_parent. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	cr_assert_eq(ds_node(ds, "cl-tky-1")->parent, dataset_find(ds, "cl-tky"));
	cr_assert_eq(ds_node(ds, "cl")->parent, NODE_NONE);
	const char *pairs[3][2] = { { "cl-tky", "cl" }, { "cl-tky-1", "cl-tky" },
		{ "cl-tky-2", "cl-tky" } };
	for (int i = 0; i < 3; i++) {
		const struct dep *e = ds_edge(ds, pairs[i][0], pairs[i][1]);
		cr_assert_not_null(e, "%s -> %s", pairs[i][0], pairs[i][1]);
		cr_assert_eq(e->is_parent, 1);
		cr_assert(isinf(e->failover_hours));
		cr_assert_eq(ds->groups[e->group].size, 1);
		cr_assert_eq(ds->groups[e->group].min_up, 1);
		cr_assert_str_eq(ds->groups[e->group].label, "");
		cr_assert(strstr(e->loc.file, "cloud.csv"));
	}
	cr_assert_eq(ds_edge(ds, "core", "cl-tky-1")->is_parent, 0);
	ld_free(&l);
}

Test(dataset, defaults_for_empty_optional_fields)
{
	/* bank-c: total_assets, systemic and country empty -> 0, 0, "".
	 * svc c-x: daily_volume empty -> 0.  vendor v: rate and durations
	 * empty -> 0.  Dependency without min_up/failover -> 1, infinity. */
	struct ld l;
	load(&l, TINY_INST "bank-c,Bank C,shinkin,,,\n",
	     TINY_SERV "c-x,bank-c,X,payments,1.5,\n",
	     TINY_VEND "v,Vendor,software,,,,,\n", TINY_CLOUD, TINY_DEPS "c-x,v,,,\n");
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	const struct node *c = ds_node(ds, "bank-c");
	cr_assert_eq(c->total_assets, 0.0);
	cr_assert_eq(c->systemic, 0);
	cr_assert_str_eq(c->country, "");
	cr_assert_eq(ds_node(ds, "c-x")->daily_volume, 0.0);
	cr_assert_float_eq(ds_node(ds, "c-x")->tolerance_hours, 1.5, 1e-12);
	const struct node *v = ds_node(ds, "v");
	cr_assert_eq(v->annual_outage_rate, 0.0);
	cr_assert_eq(v->outage_median_hours, 0.0);
	cr_assert_eq(v->parent, NODE_NONE);
	const struct dep *e = ds_edge(ds, "c-x", "v");
	cr_assert_not_null(e);
	cr_assert(isinf(e->failover_hours) && e->failover_hours > 0);
	cr_assert_eq(ds->groups[e->group].min_up, 1);
	cr_assert_eq(ds->groups[e->group].size, 1);
	/* total assets 100 + 20 + 0 */
	cr_assert_float_eq(ds->total_assets, 120.0, 1e-12);
	ld_free(&l);
}

Test(dataset, systemic_spellings)
{
	/* 0/1, true/false, yes/no in any case. */
	struct ld l;
	load(&l,
	     TINY_INST_HEAD "i1,I,bank,,TRUE,\ni2,I,bank,,yes,\ni3,I,bank,,No,\n"
	                    "i4,I,bank,,false,\n",
	     TINY_SERV_HEAD "s1,i1,S,payments,1,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "s1,core,,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(ds_node(&l.ds, "i1")->systemic, 1);
	cr_assert_eq(ds_node(&l.ds, "i2")->systemic, 1);
	cr_assert_eq(ds_node(&l.ds, "i3")->systemic, 0);
	cr_assert_eq(ds_node(&l.ds, "i4")->systemic, 0);
	ld_free(&l);
}

Test(dataset, columns_in_any_order)
{
	struct ld l;
	load(&l, "country,systemic,total_assets,type,name,id\nJP,1,100,megabank,Bank A,bank-a\n"
	         "JP,0,20,regional_bank,Bank B,bank-b\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	cr_assert_float_eq(ds_node(&l.ds, "bank-a")->total_assets, 100.0, 1e-12);
	cr_assert_str_eq(ds_node(&l.ds, "bank-b")->name, "Bank B");
	ld_free(&l);
}

Test(dataset, services_of_an_institution_contiguous)
{
	/*
	 * services.csv interleaves: s1 A, s2 B, s3 A, s4 B, s5 A.  After
	 * loading, A's services are s1 s3 s5 (file order) in one run and
	 * B's are s2 s4; ids still resolve and edges point at the right
	 * services.
	 */
	struct ld l;
	load(&l, TINY_INST,
	     TINY_SERV_HEAD "s1,bank-a,S1,payments,1,\ns2,bank-b,S2,payments,2,\n"
	                    "s3,bank-a,S3,deposits,3,\ns4,bank-b,S4,deposits,4,\n"
	                    "s5,bank-a,S5,payments,5,\n",
	     TINY_VEND, TINY_CLOUD, TINY_DEPS_HEAD "s3,core,,,\ns4,clearing,,,\n");
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	const struct node *a = ds_node(ds, "bank-a"), *b = ds_node(ds, "bank-b");
	cr_assert_eq(a->n_services, 3);
	cr_assert_eq(b->n_services, 2);
	const char *a_ids[] = { "s1", "s3", "s5" }, *b_ids[] = { "s2", "s4" };
	for (uint32_t k = 0; k < 3; k++) {
		const struct node *s = &ds->nodes[a->first_service + k];
		cr_assert_str_eq(s->id, a_ids[k]);
		cr_assert_eq(s->institution, dataset_find(ds, "bank-a"));
	}
	for (uint32_t k = 0; k < 2; k++)
		cr_assert_str_eq(ds->nodes[b->first_service + k].id, b_ids[k]);
	/* tolerance travels with its service (s3: 3 h, s4: 4 h) */
	cr_assert_float_eq(ds_node(ds, "s3")->tolerance_hours, 3.0, 1e-12);
	cr_assert_float_eq(ds_node(ds, "s4")->tolerance_hours, 4.0, 1e-12);
	/* the service's line travels too: s4 is on line 5 of services.csv */
	cr_assert_eq(ds_node(ds, "s4")->loc.line, 5);
	cr_assert_not_null(ds_edge(ds, "s3", "core"));
	cr_assert_not_null(ds_edge(ds, "s4", "clearing"));
	cr_assert_null(ds_edge(ds, "s1", "core"));
	ld_free(&l);
}

Test(dataset, institution_shorthand_expands_with_group)
{
	/*
	 * "bank-a,core,dc,1,5" and "bank-a,clearing,dc,1," stand for the
	 * same two rows for each of bank-a's services (a-pay, a-net): each
	 * service gets its own group "dc" of 2 members {core, clearing}
	 * with min_up 1; failover 5 on the core edges only.
	 */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "bank-a,core,dc,1,5\nbank-a,clearing,dc,1,\nb-pay,core,,,\n");
	cr_assert_eq(l.rc, 0);
	const struct dataset *ds = &l.ds;
	cr_assert_eq(ds->n_dep_rows, 3);
	cr_assert_eq(ds->n_deps, 2 * 2 + 1 + 3);
	const char *svc[] = { "a-pay", "a-net" };
	uint32_t groups[2];
	for (int i = 0; i < 2; i++) {
		const struct dep *c = ds_edge(ds, svc[i], "core");
		const struct dep *k = ds_edge(ds, svc[i], "clearing");
		cr_assert(c && k, "%s", svc[i]);
		cr_assert_eq(c->group, k->group);
		const struct group *g = &ds->groups[c->group];
		cr_assert_str_eq(g->label, "dc");
		cr_assert_eq(g->size, 2);
		cr_assert_eq(g->min_up, 1);
		cr_assert_eq(g->node, dataset_find(ds, svc[i]));
		cr_assert_float_eq(c->failover_hours, 5.0, 1e-12);
		cr_assert(isinf(k->failover_hours));
		cr_assert_eq(c->loc.line, 2);
		groups[i] = c->group;
	}
	cr_assert_neq(groups[0], groups[1], "a group label is local to its dependent");
	cr_assert_null(ds_edge(ds, "bank-a", "core"),
	               "no edge from the institution itself");
	cr_assert_null(ds_edge(ds, "b-pay", "clearing"));
	ld_free(&l);
}

Test(dataset, shorthand_for_institution_without_services_warns)
{
	/* bank-c has no services: its row (line 8) expands to nothing. */
	struct ld l;
	load(&l, TINY_INST "bank-c,C,shinkin,,,\n", TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "bank-c,core,,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.d.n_warnings, 1);
	cr_assert(diag_has(&l.d, "dependencies.csv:8: from:"));
	cr_assert_eq(l.ds.n_deps, 9, "no edge added");
	cr_assert_eq(ds_node(&l.ds, "bank-c")->n_services, 0);
	ld_free(&l);
}

/* ---- missing files and directories ------------------------------------ */

Test(dataset, missing_required_file)
{
	const char *files[] = { "institutions.csv", "services.csv", "dependencies.csv" };
	for (int i = 0; i < 3; i++) {
		struct ld l;
		load(&l, i == 0 ? NULL : TINY_INST, i == 1 ? NULL : TINY_SERV, TINY_VEND,
		     TINY_CLOUD, i == 2 ? NULL : TINY_DEPS);
		cr_assert_eq(l.rc, -1);
		cr_assert_eq(l.missing, 1, "%s", files[i]);
		char *needle = xasprintf("/%s: no such file", files[i]);
		cr_assert(diag_has(&l.d, needle), "%s", needle);
		free(needle);
		ld_free(&l);
	}
}

Test(dataset, vendors_or_cloud_either_is_enough)
{
	struct ld l;
	/* cloud only: drop the vendors and their edges */
	load(&l, TINY_INST, TINY_SERV, NULL, TINY_CLOUD,
	     TINY_DEPS_HEAD "a-pay,cl-tky-1,,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.ds.n_kind[NODE_VENDOR], 0);
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, NULL, TINY_DEPS_HEAD "a-pay,core,,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.ds.n_kind[NODE_CLOUD], 0);
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV, NULL, NULL, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.missing, 1);
	cr_assert(diag_has(&l.d, "no vendors.csv and no cloud.csv"));
	ld_free(&l);
	/* a header-only vendors.csv beside a full cloud.csv is fine ... */
	load(&l, TINY_INST, TINY_SERV, TINY_PROV_HEAD, TINY_CLOUD,
	     TINY_DEPS_HEAD "a-pay,cl-tky-1,,,\n");
	cr_assert_eq(l.rc, 0);
	ld_free(&l);
	/* ... but with no provider anywhere there is nothing to fail */
	load(&l, TINY_INST, TINY_SERV, TINY_PROV_HEAD, TINY_PROV_HEAD,
	     TINY_DEPS_HEAD "a-pay,b-pay,,,\n");
	expect_error(&l, "no providers");
	ld_free(&l);
}

Test(dataset, missing_directory)
{
	struct ld l;
	diag_init(&l.d);
	l.rc = dataset_load(&l.ds, "/nonexistent/chokepoint-data", &l.d, &l.missing);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.missing, 1);
	cr_assert(diag_has(&l.d, "/nonexistent/chokepoint-data"));
	ld_free(&l);
}

/* ---- headers ------------------------------------------------------------ */

Test(dataset, missing_required_column)
{
	struct ld l;
	load(&l, TINY_INST,
	     "id,institution,name,category,daily_volume\na-pay,bank-a,P,payments,1\n",
	     TINY_VEND, TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "services.csv:1: missing required column \"tolerance_hours\"");
	ld_free(&l);
}

Test(dataset, header_only_required_file)
{
	struct ld l;
	load(&l, TINY_INST_HEAD, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "institutions.csv");
	cr_assert(diag_has(&l.d, "no records after the header"));
	ld_free(&l);
}

Test(dataset, empty_file)
{
	struct ld l;
	load(&l, TINY_INST, "", TINY_VEND, TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "services.csv");
	cr_assert(diag_has(&l.d, "empty"));
	ld_free(&l);
}

Test(dataset, unknown_columns_one_error_per_file)
{
	/* Two unknown columns in institutions.csv and one in services.csv:
	 * exactly one error for each file, naming every column, with "did
	 * you mean" where a known column is near; x_ columns are read past. */
	struct ld l;
	load(&l, "id,name,type,lei,assets,systemic,country,x_notes\n"
	         "bank-a,Bank A,megabank,X1,100,1,JP,n\nbank-b,Bank B,regional_bank,X2,20,0,JP,\n",
	     "id,institution,name,category,tolerance_hours,daily_volume,owner\n"
	     "a-pay,bank-a,Payments,payments,2,1000,x\n"
	     "a-net,bank-a,Internet banking,internet_banking,24,500,y\n"
	     "b-pay,bank-b,Payments,payments,4,100,z\n",
	     TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.d.n_errors, 2);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "institutions.csv:1:"), 1);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "services.csv:1:"), 1);
	cr_assert(diag_has(&l.d, "\"lei\", \"assets\" (did you mean \"total_assets\"?)"));
	cr_assert(diag_has(&l.d, "\"owner\""));
	cr_assert(!diag_has(&l.d, "x_notes"));
	ld_free(&l);
}

Test(dataset, user_columns_and_blank_columns_are_read_past)
{
	/* x_ columns, and a nameless column without values (a trailing
	 * comma), load; a nameless column with a value is an error. */
	struct ld l;
	load(&l, "id,name,type,total_assets,systemic,country,x_lei,\n"
	         "bank-a,Bank A,megabank,100,1,JP,L1,\nbank-b,Bank B,regional_bank,20,0,JP,L2,\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.d.n_warnings, 0);
	ld_free(&l);
	load(&l, "id,name,type,total_assets,systemic,country,\n"
	         "bank-a,Bank A,megabank,100,1,JP,\nbank-b,Bank B,regional_bank,20,0,JP,oops\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert(diag_has(&l.d, "institutions.csv:3: field 7 has a value but its column has no name"));
	ld_free(&l);
}

Test(dataset, hours_with_a_unit)
{
	/* 4h = 4, 2 hours = 2, 30m = 30/60 = 0.5, 1.5 days = 36 hours */
	struct ld l;
	load(&l, TINY_INST,
	     "id,institution,name,category,tolerance_hours,daily_volume\n"
	     "a-pay,bank-a,Payments,payments,4h,1000\n"
	     "a-net,bank-a,Internet banking,internet_banking,2 hours,500\n"
	     "b-pay,bank-b,Payments,payments,30m,100\n"
	     "b-net,bank-b,Net,internet_banking,1.5 days,100\n",
	     TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert(diag_has(&l.d, "services.csv:2: tolerance_hours: expected a number of hours "
	                         "without a unit, got \"4h\": write 4"));
	cr_assert(diag_has(&l.d, "got \"2 hours\": write 2"));
	cr_assert(diag_has(&l.d, "got \"30m\": write 0.5"));
	cr_assert(diag_has(&l.d, "got \"1.5 days\": write 36"));
	ld_free(&l);
}

Test(dataset, headline_columns_absent_or_zero)
{
	/* no total_assets, nobody systemic, no volume: three DIAG_LOSS
	 * warnings naming the figures, and the data set loads */
	struct ld l;
	load(&l, "id,name,type\nbank-a,Bank A,megabank\nbank-b,Bank B,regional_bank\n",
	     "id,institution,name,category,tolerance_hours\n"
	     "a-pay,bank-a,Payments,payments,2\nb-pay,bank-b,Payments,payments,4\n",
	     TINY_VEND, TINY_CLOUD, "from,to\na-pay,clearing\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(count_msgs(&l.d, DIAG_LOSS, ""), 3);
	cr_assert(diag_has(&l.d, "total_assets: no such column: assets_share_breached and p_systemic"));
	cr_assert(diag_has(&l.d, "systemic: no such column: exposed_systemic"));
	cr_assert(diag_has(&l.d, "daily_volume: no such column: volume_disrupted will be 0"));
	ld_free(&l);
	/* present but 0 everywhere says so */
	load(&l, "id,name,type,total_assets,systemic\nbank-a,A,megabank,0,0\nbank-b,B,r,0,no\n",
	     "id,institution,name,category,tolerance_hours,daily_volume\n"
	     "a-pay,bank-a,Payments,payments,2,0\nb-pay,bank-b,Payments,payments,4,\n",
	     TINY_VEND, TINY_CLOUD, "from,to\na-pay,clearing\n");
	cr_assert_eq(l.rc, 0);
	cr_assert(diag_has(&l.d, "total_assets: 0 for every institution"));
	cr_assert(diag_has(&l.d, "systemic: no institution is systemic"));
	cr_assert(diag_has(&l.d, "daily_volume: 0 for every service"));
	ld_free(&l);
	/* tiny has all three: no warning */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.d.n_warnings, 0);
	ld_free(&l);
}

/* ---- ids and references ------------------------------------------------ */

Test(dataset, duplicate_id_within_a_file)
{
	/* bank-a on lines 2 and 4 of institutions.csv. */
	struct ld l;
	load(&l, TINY_INST "bank-a,Again,megabank,1,0,JP\n", TINY_SERV, TINY_VEND,
	     TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "institutions.csv:4: id: \"bank-a\" already defined at ");
	cr_assert(diag_has(&l.d, "institutions.csv:2"));
	ld_free(&l);
}

Test(dataset, duplicate_id_across_files)
{
	/*
	 * "core" is a vendor (vendors.csv:2) and a cloud node (cloud.csv:6).
	 * Files are read institutions, services, vendors, cloud, so the
	 * cloud.csv record is the second definition.
	 */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND,
	     TINY_CLOUD "core,Core again,provider,,,,,\n", TINY_DEPS);
	expect_error(&l, "cloud.csv:6: id: \"core\" already defined at ");
	cr_assert(diag_has(&l.d, "vendors.csv:2"));
	cr_assert_eq(l.d.n_errors, 1);
	ld_free(&l);

	/* a service id reused as an institution id: one error, both places */
	load(&l, TINY_INST "a-pay,Bank P,megabank,,,\n", TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.d.n_errors, 1);
	cr_assert(diag_has(&l.d, "institutions.csv:4"));
	cr_assert(diag_has(&l.d, "services.csv:2"));
	ld_free(&l);
}

/* Index of the first message containing 'needle', or d->n. */
static size_t msg_index(const struct diag *d, const char *needle)
{
	size_t i = 0;
	while (i < d->n && !strstr(d->msgs[i].text, needle))
		i++;
	return i;
}

Test(dataset, duplicate_ids_reported_in_id_order)
{
	/*
	 * dup-b on lines 4, 6 and 8, dup-a on lines 5 and 7: three errors,
	 * dup-a's first (ids in order), each definition naming the one
	 * before it.
	 */
	struct ld l;
	load(&l,
	     TINY_INST "dup-b,B1,shinkin,,,\ndup-a,A1,shinkin,,,\ndup-b,B2,shinkin,,,\n"
	               "dup-a,A2,shinkin,,,\ndup-b,B3,shinkin,,,\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.d.n_errors, 3);
	size_t a7 = msg_index(&l.d, "institutions.csv:7: id: \"dup-a\" already defined at ");
	size_t b6 = msg_index(&l.d, "institutions.csv:6: id: \"dup-b\" already defined at ");
	size_t b8 = msg_index(&l.d, "institutions.csv:8: id: \"dup-b\" already defined at ");
	cr_assert(a7 < b6 && b6 < b8, "order: dup-a:7 %zu, dup-b:6 %zu, dup-b:8 %zu", a7, b6,
	          b8);
	cr_assert(strstr(l.d.msgs[a7].text, "institutions.csv:5"));
	cr_assert(strstr(l.d.msgs[b6].text, "institutions.csv:4"));
	cr_assert(strstr(l.d.msgs[b8].text, "institutions.csv:6"));
	ld_free(&l);
}

Test(dataset, bad_ids_do_not_cascade_into_duplicates)
{
	/*
	 * Two rows with malformed ids (line 4 "bank c", line 5 empty): two
	 * errors.  Nothing was defined twice, so no "already defined".
	 */
	struct ld l;
	load(&l, TINY_INST "bank c,C,shinkin,,,\n,D,shinkin,,,\n", TINY_SERV, TINY_VEND,
	     TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "institutions.csv:4: id: expected an id");
	cr_assert(diag_has(&l.d, "institutions.csv:5: id: expected an id"));
	cr_assert(!diag_has(&l.d, "already defined"), "spurious duplicate-id error");
	cr_assert_eq(l.d.n_errors, 2);
	ld_free(&l);
}

Test(dataset, id_syntax)
{
	char id128[129], id129[130];
	memset(id128, 'a', 128);
	id128[128] = '\0';
	memset(id129, 'a', 129);
	id129[129] = '\0';
	cr_assert(dataset_id_valid("a"));
	cr_assert(dataset_id_valid("A-z_0.9:@/x"));
	cr_assert(dataset_id_valid(id128));
	cr_assert(!dataset_id_valid(id129));
	cr_assert(!dataset_id_valid(""));
	cr_assert(!dataset_id_valid("a b"));
	cr_assert(!dataset_id_valid("a,b"));
	cr_assert(!dataset_id_valid("銀行"));
	cr_assert(!dataset_id_valid("caf\xc3\xa9"));
}

Test(dataset, dangling_reference_did_you_mean)
{
	/* The message of chokepoint-data(5), DIAGNOSTICS: dependencies.csv
	 * line 3 names "cloud-z-tokyo"; "cloud-a-tokyo" is one edit away. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND,
	     TINY_CLOUD "cloud-a-tokyo,Cloud A Tokyo,region,cl,JP,,,\n",
	     TINY_DEPS_HEAD "a-pay,clearing,,,\na-net,cloud-z-tokyo,,,\n");
	expect_error(&l, "dependencies.csv:3: to: unknown id \"cloud-z-tokyo\" "
	                 "(did you mean \"cloud-a-tokyo\"?)");
	ld_free(&l);

	/* Nothing near: say what kind of id was expected. */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "a-pay,zzzzzzzzzzzz,,,\n");
	expect_error(&l, "dependencies.csv:2: to: unknown id \"zzzzzzzzzzzz\": expected a "
	                 "provider or service id");
	ld_free(&l);

	/* A service's institution. */
	load(&l, TINY_INST, TINY_SERV "c-pay,bank-q,P,payments,1,\n", TINY_VEND,
	     TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "services.csv:5: institution: unknown id \"bank-q\" (did you mean");
	ld_free(&l);

	/* A provider's parent. */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND,
	     TINY_CLOUD "cl-osa,Osaka,region,cl-tkx,JP,,,\n", TINY_DEPS);
	expect_error(&l, "cloud.csv:6: parent: unknown id \"cl-tkx\" (did you mean \"cl-tky\"?)");
	ld_free(&l);

	/* The dependent. */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "a-pey,core,,,\n");
	expect_error(&l, "dependencies.csv:2: from: unknown id \"a-pey\" (did you mean "
	                 "\"a-pay\"?)");
	ld_free(&l);
}

Test(dataset, did_you_mean_of_equally_close_ids_is_the_least)
{
	/* "zz-3" is one edit from "zz-2" and "zz-1" (read in that order):
	 * the least id, "zz-1", is suggested. */
	struct ld l;
	load(&l, TINY_INST "zz-2,Z2,shinkin,,,\nzz-1,Z1,shinkin,,,\n",
	     TINY_SERV "c-pay,zz-3,P,payments,1,\n", TINY_VEND, TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "services.csv:5: institution: unknown id \"zz-3\" (did you mean "
	                 "\"zz-1\"?)");
	ld_free(&l);
}

Test(dataset, reference_of_the_wrong_kind)
{
	/* A service's institution must be an institution. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV "c-pay,core,P,payments,1,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: institution: \"core\" is a vendor");
	ld_free(&l);
	/* A parent must be a provider. */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND,
	     TINY_CLOUD "cl-osa,Osaka,region,a-pay,JP,,,\n", TINY_DEPS);
	expect_error(&l, "cloud.csv:6: parent: \"a-pay\" is a service");
	ld_free(&l);
}

Test(dataset, self_dependency)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS "core,core,,,\n");
	expect_error(&l, "dependencies.csv:8: to: \"core\" depends on itself");
	ld_free(&l);
	/* via the shorthand: bank-a's service a-pay would need itself */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "bank-a,a-pay,,,\n");
	expect_error(&l, "dependencies.csv:8: to:");
	ld_free(&l);
}

Test(dataset, institution_as_to)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "a-pay,bank-b,,,\n");
	expect_error(&l, "dependencies.csv:8: to: \"bank-b\" is an institution");
	cr_assert(diag_has(&l.d, "name the institution's service instead"));
	ld_free(&l);
}

Test(dataset, duplicate_dependency)
{
	/* Two identical rows inside a group. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "core,cl-tky-1,az,1,\n");
	expect_error(&l, "dependencies.csv:8: to: duplicate dependency of \"core\" on "
	                 "\"cl-tky-1\" in group \"az\"");
	ld_free(&l);
}

Test(dataset, duplicate_ungrouped_dependency)
{
	/*
	 * "a-pay,clearing" on lines 5 and 8 with no group: the same edge
	 * twice, which would double-count the dependency.  The message
	 * format in make_groups has a branch for this case.
	 */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "a-pay,clearing,,,\n");
	expect_error(&l, "duplicate dependency of \"a-pay\" on \"clearing\"");
	cr_assert(diag_has(&l.d, "dependencies.csv:8"));
	ld_free(&l);
}

Test(dataset, dependency_repeating_a_parent_column)
{
	/* cl-tky-1's parent (cloud.csv:4) is cl-tky; a row saying so again
	 * in dependencies.csv would count the same edge twice. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "cl-tky-1,cl-tky,,,\n");
	expect_error(&l, "dependencies.csv:8: to: duplicate dependency of \"cl-tky-1\" on "
	                 "\"cl-tky\"");
	cr_assert(diag_has(&l.d, "cloud.csv:4"));
	cr_assert_eq(l.d.n_errors, 1);
	ld_free(&l);
}

Test(dataset, shorthand_repeating_a_service_row)
{
	/* "bank-b,core" (line 2) already gives b-pay -> core. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "b-pay,core,,,\n");
	expect_error(&l, "duplicate dependency of \"b-pay\" on \"core\"");
	cr_assert(diag_has(&l.d, "dependencies.csv:2"));
	cr_assert(diag_has(&l.d, "dependencies.csv:8"));
	ld_free(&l);
}

/* ---- numbers -------------------------------------------------------------- */

Test(dataset, negative_number)
{
	struct ld l;
	load(&l,
	     TINY_INST_HEAD
	     "bank-a,Bank A,megabank,-5,1,JP\nbank-b,B,regional_bank,20,0,JP\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "institutions.csv:2: total_assets: expected a number >= 0, got \"-5\"");
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,1,-1\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: daily_volume: expected a number >= 0, got \"-1\"");
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,-0.5,,\n", TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "vendors.csv:4: annual_outage_rate: expected a number >= 0, got \"-0.5\"");
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "a-net,core,,,-1\n");
	expect_error(&l, "dependencies.csv:8: failover_hours: expected a number >= 0, got \"-1\"");
	ld_free(&l);
}

Test(dataset, not_a_number)
{
	/* The first example message of chokepoint-data(5), DIAGNOSTICS. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,abc,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: tolerance_hours: expected a number > 0, got \"abc\"");
	ld_free(&l);
	const char *bad[] = { "1,5", "0x10", "1.2.3", "12h", "1e", "--1", "." };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *inst =
		    xasprintf(TINY_INST_HEAD "bank-a,A,megabank,\"%s\",1,JP\n", bad[i]);
		load(&l, inst, TINY_SERV_HEAD "a-pay,bank-a,P,payments,2,\n", TINY_VEND,
		     TINY_CLOUD, TINY_DEPS_HEAD "a-pay,core,,,\n");
		char *needle = xasprintf("institutions.csv:2: total_assets: expected a number "
		                         ">= 0, got \"%s\"", bad[i]);
		expect_error(&l, needle);
		free(needle);
		free(inst);
		ld_free(&l);
	}
}

Test(dataset, good_number_spellings)
{
	/* 1e3 = 1000, +2.5, .5, 7. are all plain finite decimals. */
	struct ld l;
	load(&l,
	     TINY_INST_HEAD
	     "i1,A,bank,1e3,,\ni2,B,bank,+2.5,,\ni3,C,bank,.5,,\ni4,D,bank,7.,,\n",
	     TINY_SERV_HEAD "s1,i1,S,payments,1,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "s1,core,,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_float_eq(l.ds.total_assets, 1000 + 2.5 + 0.5 + 7, 1e-9);
	ld_free(&l);
}

Test(dataset, tiny_positive_number_is_a_number)
{
	/* 1e-320 is a finite decimal >= 0 (a subnormal double); strtod
	 * flags it ERANGE, but "expected a number >= 0" would be false. */
	struct ld l;
	load(&l, TINY_INST_HEAD "i1,A,bank,1e-320,,\n",
	     TINY_SERV_HEAD "s1,i1,S,payments,1,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "s1,core,,,\n");
	cr_assert_eq(l.rc, 0, "1e-320 rejected");
	ld_free(&l);
}

Test(dataset, nan_and_infinities)
{
	const char *bad[] = { "NaN", "nan", "inf", "-inf", "Infinity" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *cloud =
		    xasprintf(TINY_CLOUD "cl-x,X,zone,cl-tky,JP,%s,3,10\n", bad[i]);
		struct ld l;
		load(&l, TINY_INST, TINY_SERV, TINY_VEND, cloud, TINY_DEPS);
		char *needle = xasprintf("cloud.csv:6: annual_outage_rate: expected a number "
		                         ">= 0, got \"%s\" (NaN and infinities are not allowed)",
		                         bad[i]);
		expect_error(&l, needle);
		free(needle);
		free(cloud);
		ld_free(&l);
	}
	/* Overflow to infinity is refused too. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,1e999,\n", TINY_VEND,
	     TINY_CLOUD, TINY_DEPS);
	expect_error(&l, "services.csv:5: tolerance_hours:");
	ld_free(&l);
}

Test(dataset, tolerance_must_be_positive)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,0,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: tolerance_hours: expected a number > 0, got \"0\"");
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,-2,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: tolerance_hours: expected a number > 0, got \"-2\"");
	ld_free(&l);
	load(&l, TINY_INST, TINY_SERV "c,bank-b,C,payments,,\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "services.csv:5: tolerance_hours: expected a number > 0, got an "
	                 "empty field");
	ld_free(&l);
}

Test(dataset, p95_below_median)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,0.1,8,4\n", TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "vendors.csv:4: outage_p95_hours: expected a 95th percentile >= "
	                 "the median (8 h), got 4");
	ld_free(&l);
	/* equal is fine (a point mass) */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,0.1,8,8\n", TINY_CLOUD,
	     TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	ld_free(&l);
}

Test(dataset, rate_without_durations)
{
	/* rate 0.1 > 0 needs both durations: two errors on line 4. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,0.1,,\n", TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "vendors.csv:4: outage_median_hours: expected a number > 0, got an "
	                 "empty field");
	cr_assert(diag_has(&l.d, "vendors.csv:4: outage_p95_hours: expected a number > 0, "
	                         "got an empty field"));
	ld_free(&l);
	/* one duration alone is an error even with rate 0 */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,,,5\n", TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "vendors.csv:4: outage_median_hours: expected both");
	ld_free(&l);
	/* rate 0 with no durations: fine */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,software,,,0,,\n", TINY_CLOUD,
	     TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	ld_free(&l);
}

/* ---- groups ------------------------------------------------------------- */

Test(dataset, min_up_out_of_range)
{
	/* group az has 2 members; 3 cannot be up */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "core,cl-tky-1,az,3,\ncore,cl-tky-2,az,3,\n");
	expect_error(&l, "dependencies.csv:2: min_up: expected at most 2 (the members of "
	                 "group \"az\" of \"core\"), got 3");
	ld_free(&l);
	const char *bad[] = { "0", "-1", "1.5", "x", "+1" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *deps = xasprintf(TINY_DEPS_HEAD "core,cl-tky-1,az,%s,\n", bad[i]);
		load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, deps);
		char *needle = xasprintf("dependencies.csv:2: min_up: expected a whole number "
		                         ">= 1, got \"%s\"", bad[i]);
		expect_error(&l, needle);
		free(needle);
		free(deps);
		ld_free(&l);
	}
	/* 2 of 2 is fine */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "core,cl-tky-1,az,2,\ncore,cl-tky-2,az,,\n");
	cr_assert_eq(l.rc, 0);
	cr_assert_eq(l.ds.groups[ds_edge(&l.ds, "core", "cl-tky-2")->group].min_up, 2);
	ld_free(&l);
}

Test(dataset, min_up_inconsistent_within_group)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "core,cl-tky-1,az,1,\ncore,cl-tky-2,az,2,\n");
	expect_error(&l, "min_up: expected the same min_up on every edge of group \"az\" "
	                 "of \"core\"");
	cr_assert(diag_has(&l.d, "dependencies.csv:3: min_up:"));
	cr_assert(diag_has(&l.d, "dependencies.csv:2"));
	ld_free(&l);
}

Test(dataset, min_up_above_one_without_group)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS "a-net,core,,2,\n");
	expect_error(&l, "dependencies.csv:8: min_up: expected 1 for a dependency without "
	                 "a group, got 2");
	ld_free(&l);
}

Test(dataset, group_label_too_long)
{
	char label[130];
	memset(label, 'g', 129);
	label[129] = '\0';
	char *deps = xasprintf(TINY_DEPS_HEAD "core,cl-tky-1,%s,,\n", label);
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, deps);
	expect_error(&l, "dependencies.csv:2: group:");
	free(deps);
	ld_free(&l);
}

/* ---- providers ------------------------------------------------------------ */

Test(dataset, parent_cycle)
{
	/* p1 -> p2 -> p3 -> p1 through parent. */
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND,
	     TINY_CLOUD "p1,P1,zone,p2,,,,\np2,P2,region,p3,,,,\np3,P3,provider,p1,,,,\n",
	     TINY_DEPS);
	expect_error(&l, "parent: the parent chain of \"p");
	cr_assert(diag_has(&l.d, "loops back"));
	cr_assert(diag_has(&l.d, "cloud.csv:"));
	cr_assert_eq(l.d.n_errors, 1, "one cycle, one error");
	ld_free(&l);
	/* a node that is its own parent */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD "p1,P1,zone,p1,,,,\n",
	     TINY_DEPS);
	expect_error(&l, "cloud.csv:6: parent: \"p1\" names itself as its parent");
	ld_free(&l);
}

Test(dataset, cloud_type)
{
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD "cl-x,X,datacenter,,,,,\n",
	     TINY_DEPS);
	expect_error(&l, "cloud.csv:6: type: expected provider, region or zone, got "
	                 "\"datacenter\"");
	ld_free(&l);
	/* vendor types are open-ended */
	load(&l, TINY_INST, TINY_SERV, TINY_VEND "v,V,datacenter,,,,,\n", TINY_CLOUD,
	     TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	ld_free(&l);
}

Test(dataset, bad_country)
{
	const char *bad[] = { "jp", "JPN", "J", "日本" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *inst = xasprintf(TINY_INST "bank-c,C,shinkin,,,%s\n", bad[i]);
		struct ld l;
		load(&l, inst, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
		char *needle = xasprintf("institutions.csv:4: country: expected an ISO 3166 "
		                         "alpha-2 code such as \"JP\", got \"%s\"", bad[i]);
		expect_error(&l, needle);
		free(needle);
		free(inst);
		ld_free(&l);
	}
}

Test(dataset, bad_systemic)
{
	struct ld l;
	load(&l, TINY_INST "bank-c,C,shinkin,,2,\n", TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "institutions.csv:4: systemic: expected 0/1, true/false or yes/no, "
	                 "got \"2\"");
	ld_free(&l);
}

Test(dataset, empty_required_text)
{
	struct ld l;
	load(&l, TINY_INST "bank-c,,shinkin,,,\n", TINY_SERV, TINY_VEND, TINY_CLOUD,
	     TINY_DEPS);
	expect_error(&l, "institutions.csv:4: name: expected a non-empty value");
	ld_free(&l);
}

/* ---- every error, up to the cap ----------------------------------------- */

Test(dataset, all_errors_of_a_file_reported)
{
	/* Three bad rows, one error each, all reported. */
	struct ld l;
	load(&l, TINY_INST "c1,C,shinkin,-1,,\nc2,C,shinkin,,maybe,\nc3,C,shinkin,,,xx\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.d.n_errors, 3);
	cr_assert(diag_has(&l.d, "institutions.csv:4: total_assets:"));
	cr_assert(diag_has(&l.d, "institutions.csv:5: systemic:"));
	cr_assert(diag_has(&l.d, "institutions.csv:6: country:"));
	ld_free(&l);
}

Test(dataset, errors_in_several_files_reported_together)
{
	struct ld l;
	load(&l, TINY_INST "c1,C,shinkin,-1,,\n", TINY_SERV "c,bank-b,C,payments,0,\n",
	     TINY_VEND "v,V,software,,,0.1,8,4\n", TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert(diag_has(&l.d, "institutions.csv:4:"));
	cr_assert(diag_has(&l.d, "services.csv:5:"));
	cr_assert(diag_has(&l.d, "vendors.csv:4:"));
	ld_free(&l);
}

/* head + 'n' rows made by fmt from the row number (used once or twice). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *rows(const char *head, const char *fmt, int n)
{
	char *s = xstrdup(head);
	for (int i = 1; i <= n; i++) {
		char *row = xasprintf(fmt, i, i); /* fmt may use the number twice */
		char *t = xasprintf("%s%s", s, row);
		free(row);
		free(s);
		s = t;
	}
	return s;
}
#pragma GCC diagnostic pop

Test(dataset, error_cap_per_file)
{
	/* 30 bad rows: 20 shown, then "10 more errors not shown". */
	char *inst = rows(TINY_INST, "x%d,X,shinkin,-1,,\n", 30);
	struct ld l;
	load(&l, inst, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	free(inst);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "total_assets: expected"), 20);
	cr_assert(diag_has(&l.d, "institutions.csv: 10 more errors not shown"));
	cr_assert_eq(l.d.n, 21);
	/* the ones shown are the first 20: lines 4 .. 23 */
	cr_assert(diag_has(&l.d, "institutions.csv:23:"));
	cr_assert(!diag_has(&l.d, "institutions.csv:24:"));
	ld_free(&l);

	/* exactly 20: no summary line */
	inst = rows(TINY_INST, "x%d,X,shinkin,-1,,\n", 20);
	load(&l, inst, TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	free(inst);
	cr_assert_eq(l.d.n, 20);
	cr_assert(!diag_has(&l.d, "more errors"));
	ld_free(&l);
}

Test(dataset, error_cap_for_csv_errors)
{
	/* 30 rows with a wrong field count in dependencies.csv. */
	char *deps = rows(TINY_DEPS, "a-net,core%d\n", 30);
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, deps);
	free(deps);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "expected 5 fields"), 20);
	cr_assert(diag_has(&l.d, "dependencies.csv: 10 more errors not shown"));
	ld_free(&l);
}

Test(dataset, error_cap_for_dependency_errors)
{
	char *deps = rows(TINY_DEPS, "a-net,nothing-%d,,,\n", 30);
	struct ld l;
	load(&l, TINY_INST, TINY_SERV, TINY_VEND, TINY_CLOUD, deps);
	free(deps);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "unknown id"), 20);
	cr_assert(diag_has(&l.d, "dependencies.csv: 10 more errors not shown"));
	ld_free(&l);
}

Test(dataset, error_cap_for_unresolved_references)
{
	/* 30 services naming institutions that do not exist: the cap of
	 * "all errors in a file ... (up to a limit)" applies here too. */
	char *serv = rows(TINY_SERV, "s%d,no-such-bank-%d,S,payments,1,\n", 30);
	struct ld l;
	load(&l, TINY_INST, serv, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	free(serv);
	cr_assert_eq(l.rc, -1);
	cr_assert_eq(l.d.n_errors, 30);
	cr_assert_eq(count_msgs(&l.d, DIAG_ERROR, "institution: unknown id"), 20,
	             "30 reference errors shown, expected 20 and a summary");
	cr_assert(diag_has(&l.d, "services.csv: 10 more errors not shown"));
	ld_free(&l);
}

/* ---- encodings through the loader --------------------------------------- */

Test(dataset, bom_and_crlf_data_set)
{
	struct ld l;
	load(&l,
	     "\xEF\xBB\xBFid,name,type,total_assets,systemic,country\r\n"
	     "bank-a,銀行A,megabank,100,1,JP\r\nbank-b,B,regional_bank,20,0,JP\r\n",
	     TINY_SERV, TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, 0);
	cr_assert_str_eq(ds_node(&l.ds, "bank-a")->name, "銀行A");
	cr_assert_str_eq(ds_node(&l.ds, "bank-b")->country, "JP");
	ld_free(&l);
}

Test(dataset, messages_name_the_file_in_the_directory_given)
{
	/* Loading tests/data/tiny by its path: node locations carry it. */
	struct ld l;
	diag_init(&l.d);
	l.rc = dataset_load(&l.ds, TEST_DATA "/tiny", &l.d, &l.missing);
	cr_assert_eq(l.rc, 0);
	cr_assert_str_eq(ds_node(&l.ds, "cl-tky-2")->loc.file,
	                 TEST_DATA "/tiny/cloud.csv");
	cr_assert_eq(ds_node(&l.ds, "cl-tky-2")->loc.line, 5);
	cr_assert_str_eq(ds_node(&l.ds, "bank-a")->name, "Bank A (銀行A)");
	ld_free(&l);
}

Test(dataset, unknown_column_suggests_an_absent_column)
{
	/* "institution_id" holds the missing "institution"; "Total Assets" is
	 * total_assets but for case and one edit; a column already present
	 * is never suggested ("Name" beside name: no suggestion). */
	struct ld l;
	load(&l, "id,name,type,Total Assets,Name\nbank-a,A,megabank,1,A\nbank-b,B,r,1,B\n",
	     "id,institution_id,name,category,tolerance_hours\na-pay,bank-a,P,payments,2\n",
	     TINY_VEND, TINY_CLOUD, TINY_DEPS);
	cr_assert_eq(l.rc, -1);
	cr_assert(diag_has(&l.d, "\"Total Assets\" (did you mean \"total_assets\"?), \"Name\":"));
	cr_assert(diag_has(&l.d, "\"institution_id\" (did you mean \"institution\"?)"));
	cr_assert(diag_has(&l.d, "missing required column \"institution\""));
	ld_free(&l);
}

/*
 * Types are numbered by first appearance in file order, whatever their
 * spelling: institutions typed shinkin, megabank, shinkin, bank,
 * megabank are types 0, 1, 0, 2, 1 (shinkin first met, then megabank,
 * then bank), three types.  Numbering by sorted spelling would give
 * bank 0, megabank 1, shinkin 2.
 */
Test(dataset, types_numbered_in_order_of_first_appearance)
{
	struct ld l;
	load(&l,
	     TINY_INST_HEAD "i1,One,shinkin,1,0,JP\n"
	                    "i2,Two,megabank,1,0,JP\n"
	                    "i3,Three,shinkin,1,0,JP\n"
	                    "i4,Four,bank,1,0,JP\n"
	                    "i5,Five,megabank,1,0,JP\n",
	     TINY_SERV_HEAD "s1,i1,S,payments,2,1\n", TINY_VEND, TINY_CLOUD,
	     TINY_DEPS_HEAD "s1,core,,,\n");
	cr_assert_eq(l.rc, 0);
	uint32_t n = l.ds.n_kind[NODE_INSTITUTION];
	cr_assert_eq(n, 5);
	uint32_t type_of[5];
	const char *types[5];
	cr_assert_eq(dataset_number_types(&l.ds, NODE_INSTITUTION, type_of, types), 3);
	const uint32_t want[5] = { 0, 1, 0, 2, 1 };
	for (uint32_t i = 0; i < n; i++)
		cr_expect_eq(type_of[i], want[i], "node %u: type %u, want %u", i, type_of[i],
		             want[i]);
	cr_expect_str_eq(types[0], "shinkin");
	cr_expect_str_eq(types[1], "megabank");
	cr_expect_str_eq(types[2], "bank");
	ld_free(&l);
}
