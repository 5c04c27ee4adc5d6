/*
 * test_roi.c - reading DORA registers (input/roi): the mapping of one
 * package held in memory, the merging of several contracts into one edge,
 * the reject rules, and the shipped assumptions file against the
 * built-in defaults.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "input/roi.h"
#include "testutil.h"

/* A package of one bank (E, x12), one function (F, critical, RTO 6) and
 * one provider (P) under the contracts given in b_02.02.csv and their
 * assessments in b_07.01.csv. */
static int map_one(struct roi *r, struct diag *d, const char *b0202, const char *b0701,
                   const struct roi_assumptions *a)
{
	const char *names[] = { "b_01.02.csv", "b_02.01.csv", "b_02.02.csv", "b_05.01.csv",
		"b_06.01.csv", "b_07.01.csv" };
	const char *text[] = {
		"c0040,c0010,c0020,c0110\neba_CT:x12,E,Bank,10\n",
		"c0010\nK1\nK2\nK3\n",
		b0202,
		"c0010,c0050\nP,Provider\n",
		"c0050,c0010,c0040,c0080\neba_BT:x28,F,E,6\n",
		b0701,
	};
	size_t len[6];
	for (int i = 0; i < 6; i++)
		len[i] = strlen(text[i]);
	roi_init(r);
	diag_init(d);
	if (roi_add_files_mem(r, "t", names, text, len, 6, 0, d) != 0)
		return -1;
	return roi_map(r, a, NULL, 0, d);
}

static const char *const B0202_3 =
	"c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n"
	"K1,E,P,F,eba_TA:S08,DE,DE,DE,eba_ZZ:x796\n"
	"K2,E,P,F,S13,DE,DE,DE,x797\n"
	"K3,E,P,F,S13,DE,DE,DE,x795\n";

/* Three contracts for one (function, provider) pair make one edge with
 * the longest failover: x962 (72 h) and x961 (336 h) give 336. */
Test(roi, several_contracts_one_edge_longest_failover)
{
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	struct roi r;
	struct diag d;
	cr_assert_eq(map_one(&r, &d, B0202_3,
	                     "c0010,c0020,c0040,c0050\nK1,P,S08,x962\nK2,P,S13,eba_ZZ:x961\n"
	                     "K3,P,S13,x962\n", &a), 0);
	cr_assert_eq(r.deps.n, 1);
	cr_assert_str_eq(r.deps.rows[0].f[0], "E:F");
	cr_assert_str_eq(r.deps.rows[0].f[1], "P");
	cr_assert_str_eq(r.deps.rows[0].f[2], "336");
	/* The provider's type is its most used service: S13 twice, S08 once. */
	cr_assert_eq(r.vend.n, 1);
	cr_assert_str_eq(r.vend.rows[0].f[2], "software_licensing");
	cr_assert_str_eq(r.serv.rows[0].f[4], "6");
	roi_free(&r);
	diag_free(&d);
	roi_assumptions_free(&a);
}

/* ... and one of them not substitutable (x959: no failover) makes the
 * edge hard: none beats any. */
Test(roi, no_failover_beats_any)
{
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	struct roi r;
	struct diag d;
	cr_assert_eq(map_one(&r, &d, B0202_3,
	                     "c0010,c0020,c0040,c0050\nK1,P,S08,x962\nK2,P,S13,x959\n"
	                     "K3,P,S13,x961\n", &a), 0);
	cr_assert_eq(r.deps.n, 1);
	cr_assert_str_eq(r.deps.rows[0].f[2], "");
	roi_free(&r);
	diag_free(&d);
	roi_assumptions_free(&a);
}

/* Reliance x794 makes no edge by default; nothing is left to import. */
Test(roi, not_significant_makes_no_edge)
{
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	struct roi r;
	struct diag d;
	cr_assert_neq(map_one(&r, &d,
	                      "c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n"
	                      "K1,E,P,F,S08,DE,DE,DE,eba_ZZ:x794\n",
	                      "c0010,c0020,c0040,c0050\n", &a), 0);
	cr_assert_eq(r.deps.n, 0);
	cr_assert_eq(d.n_errors, 1);
	cr_assert(strstr(d.msgs[d.n - 1].text, "nothing to import: no dependency"));
	roi_free(&r);
	diag_free(&d);
	/* With no_edge emptied the same row makes the edge. */
	a.no_edge[0] = 0;
	cr_assert_eq(map_one(&r, &d,
	                     "c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n"
	                     "K1,E,P,F,S08,DE,DE,DE,eba_ZZ:x794\n",
	                     "c0010,c0020,c0040,c0050\n", &a), 0);
	cr_assert_eq(r.deps.n, 1);
	roi_free(&r);
	diag_free(&d);
	roi_assumptions_free(&a);
}

/* 807: a contract row naming a function of another entity. */
Test(roi, dangling_function_is_807)
{
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	struct roi r;
	struct diag d;
	cr_assert_neq(map_one(&r, &d,
	                      "c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n"
	                      "K1,E,P,G,S08,DE,DE,DE,x796\n",
	                      "c0010,c0020,c0040,c0050\n", &a), 0);
	cr_assert_eq(d.n_errors, 1);
	cr_assert_str_eq(d.msgs[0].text,
	                 "t/b_02.02.csv:2: c0050: 807: \"G\" is not in B_06.01 of this package");
	roi_free(&r);
	diag_free(&d);
	roi_assumptions_free(&a);
}

/* 805 reads a key without its namespace prefix: "eba_LEI:" alone is an
 * empty key (as the rest of the reader sees it), refused before the
 * mapping, which would otherwise look up a provider and an entity that
 * no row defines. */
Test(roi, prefix_alone_is_an_empty_key)
{
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	struct roi r;
	struct diag d;
	const char *names[] = { "b_01.02.csv", "b_02.01.csv", "b_02.02.csv", "b_05.01.csv",
		"b_05.02.csv", "b_06.01.csv" };
	const char *text[] = {
		"c0040,c0010,c0020,c0110\neba_CT:x12,E,Bank,10\n",
		"c0010\nK1\n",
		"c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n"
		"K1,E,P,F,S08,DE,DE,DE,x796\n",
		"c0010,c0050\nP,Provider\n",
		"c0010,c0020,c0030,c0050,c0060\nK1,S08,eba_LEI:,2,P\n",
		"c0050,c0010,c0040,c0080\neba_BT:x28,F,E,6\neba_BT:x28,G,eba_LEI:,6\n",
	};
	size_t len[6];
	for (int i = 0; i < 6; i++)
		len[i] = strlen(text[i]);
	roi_init(&r);
	diag_init(&d);
	cr_assert_eq(roi_add_files_mem(&r, "t", names, text, len, 6, 0, &d), 0);
	cr_assert_neq(roi_map(&r, &a, NULL, 0, &d), 0);
	cr_assert_eq(d.n_errors, 2);
	cr_assert_str_eq(d.msgs[0].text, "t/b_05.02.csv:2: c0030: 805: key column is empty: "
	                 "expected a value (eba_GA:qx2007 when not applicable)");
	cr_assert_str_eq(d.msgs[1].text, "t/b_06.01.csv:3: c0040: 805: key column is empty: "
	                 "expected a value (eba_GA:qx2007 when not applicable)");
	roi_free(&r);
	diag_free(&d);
	roi_assumptions_free(&a);
}

/* data/roi-assumptions.ini holds exactly the built-in defaults. */
Test(roi, shipped_assumptions_are_the_defaults)
{
	struct roi_assumptions def, a;
	roi_assumptions_default(&def);
	roi_assumptions_default(&a);
	struct diag d;
	diag_init(&d);
	char *path = xasprintf("%s/../../data/roi-assumptions.ini", TEST_DATA);
	cr_assert_eq(roi_assumptions_load(&a, path, &d), 0, "%s", d.n ? d.msgs[0].text : "");
	for (int k = 0; k < ROI_NSVC; k++) {
		cr_assert_eq(a.outage[k].rate, def.outage[k].rate, "S%02d", k + 1);
		cr_assert_eq(a.outage[k].median, def.outage[k].median, "S%02d", k + 1);
		cr_assert_eq(a.outage[k].p95, def.outage[k].p95, "S%02d", k + 1);
	}
	for (int k = 0; k < 4; k++) {
		cr_assert(a.failover[k] == def.failover[k], "failover %d", k);
		cr_assert_eq(a.no_edge[k], def.no_edge[k]);
	}
	cr_assert_eq(a.rto_floor, def.rto_floor);
	cr_assert_eq(a.critical_x28, def.critical_x28);
	cr_assert_eq(a.critical_x21, def.critical_x21);
	cr_assert_eq(a.critical_x29, def.critical_x29);
	cr_assert_str_eq(a.base_currency, def.base_currency);
	cr_assert_eq(a.n_rates, 0);
	free(path);
	diag_free(&d);
	roi_assumptions_free(&a);
	roi_assumptions_free(&def);
}
