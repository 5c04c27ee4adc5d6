/*
 * test_depgraph.c - the dependency graph: construction from a data set,
 * cycles (strongly connected components), and the GraphML, DOT and CSV
 * exports read back the way a user's tool would read them.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <regex.h>
#include <string.h>

#include "input/csvread.h"
#include "sim/depgraph.h"
#include "testutil.h"

/*
 * Node indices of tiny (institutions, services, vendors, cloud, each in
 * file order): bank-a 0, bank-b 1, a-pay 2, a-net 3, b-pay 4, core 5,
 * clearing 6, cl 7, cl-tky 8, cl-tky-1 9, cl-tky-2 10.
 */
enum { BANK_A, BANK_B, A_PAY, A_NET, B_PAY, CORE, CLEARING, CL, CL_TKY, CL_TKY_1,
       CL_TKY_2, TINY_NODES };

static void setup(void)
{
	depgraph_setup();
}

static void load_tiny(struct dataset *ds)
{
	struct diag d;
	int missing;
	diag_init(&d);
	cr_assert_eq(dataset_load(ds, TEST_DATA "/tiny", &d, &missing), 0);
	diag_free(&d);
}

/* Load a variant of tiny; it must be valid. */
static void load_variant(struct dataset *ds, const char *inst, const char *deps)
{
	struct diag d;
	int r = tmpdata_load(ds, &d, inst, TINY_SERV, TINY_VEND, TINY_CLOUD, deps);
	for (size_t i = 0; i < d.n; i++)
		cr_log_info("%s", d.msgs[i].text);
	diag_free(&d);
	cr_assert_eq(r, 0);
}

/* The whole export of ds in fmt, as a NUL-terminated string. */
static char *export(const struct dataset *ds, enum graph_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	cr_assert_not_null(fp);
	cr_assert_eq(depgraph_write(ds, fmt, fp), 0);
	fclose(fp);
	return buf;
}

/* ---- construction -------------------------------------------------------- */

Test(depgraph, build_tiny_counts_and_edges, .init = setup)
{
	struct dataset ds;
	load_tiny(&ds);
	struct depgraph dg;
	char err[256];
	cr_assert_eq(depgraph_build(&dg, &ds, err, sizeof err), 0, "%s", err);
	/* 11 nodes; 9 edges = 6 dependency rows + 3 parent columns. */
	cr_assert_eq(igraph_vcount(&dg.g), ds.n_nodes);
	cr_assert_eq(igraph_vcount(&dg.g), TINY_NODES);
	cr_assert_eq(igraph_ecount(&dg.g), ds.n_deps);
	cr_assert_eq(igraph_ecount(&dg.g), 9);
	cr_assert(igraph_is_directed(&dg.g));
	for (uint32_t e = 0; e < ds.n_deps; e++) {
		igraph_integer_t f, t;
		igraph_edge(&dg.g, e, &f, &t);
		cr_assert_eq(f, ds.deps[e].from, "edge %u runs from the dependent", e);
		cr_assert_eq(t, ds.deps[e].to);
	}
	for (uint32_t v = 0; v < ds.n_nodes; v++)
		cr_assert_str_eq(VAS(&dg.g, "id", v), ds.nodes[v].id);
	cr_assert_str_eq(VAS(&dg.g, "kind", CL_TKY), "cloud");
	cr_assert_str_eq(VAS(&dg.g, "name", BANK_A), "Bank A (銀行A)");
	/* b-pay -> clearing has failover 8; a-pay -> clearing none */
	for (uint32_t e = 0; e < ds.n_deps; e++) {
		double fo = EAN(&dg.g, "failover", e);
		if (ds.deps[e].from == B_PAY && ds.deps[e].to == CLEARING)
			cr_assert_float_eq(fo, 8.0, 1e-12);
		else
			cr_assert(isinf(fo));
	}
	depgraph_free(&dg);
	depgraph_free(&dg); /* harmless twice */
	dataset_free(&ds);
}

Test(depgraph, no_cycles_on_tiny, .init = setup)
{
	struct dataset ds;
	load_tiny(&ds);
	struct depgraph dg;
	struct scc_list scc;
	char err[256];
	cr_assert_eq(depgraph_build(&dg, &ds, err, sizeof err), 0);
	cr_assert_eq(depgraph_cycles(&dg, &scc, err, sizeof err), 0);
	cr_assert_eq(scc.n, 0);
	scc_list_free(&scc);
	scc_list_free(&scc);
	depgraph_free(&dg);
	dataset_free(&ds);
}

Test(depgraph, three_cycle_and_two_cycle, .init = setup)
{
	/*
	 * a-pay -> core -> clearing -> a-pay: one component {2, 5, 6};
	 * a-net <-> cl-tky-2: another {3, 10}.  Components are listed by
	 * their smallest node, members ascending.  b-pay -> core feeds the
	 * first cycle but is not on it.
	 */
	struct dataset ds;
	load_variant(&ds, TINY_INST,
	             TINY_DEPS_HEAD
	             "a-pay,core,,,\ncore,clearing,,,\nclearing,a-pay,,,\n"
	             "b-pay,core,,,\na-net,cl-tky-2,,,\ncl-tky-2,a-net,,,\n");
	struct depgraph dg;
	struct scc_list scc;
	char err[256];
	cr_assert_eq(depgraph_build(&dg, &ds, err, sizeof err), 0);
	cr_assert_eq(depgraph_cycles(&dg, &scc, err, sizeof err), 0);
	cr_assert_eq(scc.n, 2);
	cr_assert_eq(scc.offset[0], 0);
	cr_assert_eq(scc.offset[1], 3);
	cr_assert_eq(scc.offset[2], 5);
	const uint32_t want[] = { A_PAY, CORE, CLEARING, A_NET, CL_TKY_2 };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(scc.member[i], want[i], "member %d: %u, expected %u", i,
		             scc.member[i], want[i]);
	scc_list_free(&scc);
	depgraph_free(&dg);
	dataset_free(&ds);
}

Test(depgraph, empty_dependencies_graph, .init = setup)
{
	/* A data set whose only edges are parents still builds. */
	struct dataset ds;
	load_variant(&ds, TINY_INST, TINY_DEPS_HEAD "a-pay,cl,,,\n");
	struct depgraph dg;
	char err[256];
	cr_assert_eq(depgraph_build(&dg, &ds, err, sizeof err), 0);
	cr_assert_eq(igraph_ecount(&dg.g), 4);
	depgraph_free(&dg);
	dataset_free(&ds);
}

Test(depgraph, format_names)
{
	enum graph_format f;
	cr_assert_eq(graph_format_parse("graphml", &f), 0);
	cr_assert_eq(f, GRAPH_GRAPHML);
	cr_assert_eq(graph_format_parse("dot", &f), 0);
	cr_assert_eq(f, GRAPH_DOT);
	cr_assert_eq(graph_format_parse("csv", &f), 0);
	cr_assert_eq(f, GRAPH_CSV);
	cr_assert_eq(graph_format_parse("svg", &f), -1);
	cr_assert_eq(graph_format_parse("", &f), -1);
	cr_assert_eq(graph_format_parse("DOT", &f), -1);
}

/* ---- GraphML ---------------------------------------------------------------- */

/*
 * Read GraphML text back with igraph.  Returns 0 when read, 1 when
 * igraph lacks GraphML support (then the caller falls back), else fails.
 */
static int read_graphml(igraph_t *g, const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(fp);
	igraph_error_t rc = igraph_read_graph_graphml(g, fp, 0);
	fclose(fp);
	if (rc == IGRAPH_UNIMPLEMENTED)
		return 1;
	return rc == IGRAPH_SUCCESS ? 0 : -1;
}

static size_t count_str(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

Test(depgraph, graphml_reads_back, .init = setup)
{
	struct dataset ds;
	load_tiny(&ds);
	char *text = export(&ds, GRAPH_GRAPHML);
	igraph_t g;
	int r = read_graphml(&g, text);
	cr_assert_neq(r, -1, "igraph could not read our GraphML");
	if (r == 1) {
		cr_log_warn("igraph without GraphML: counting elements instead");
		cr_assert_eq(count_str(text, "<node "), ds.n_nodes);
		cr_assert_eq(count_str(text, "<edge "), ds.n_deps + ds.n_kind[NODE_SERVICE]);
	} else {
		cr_assert_eq(igraph_vcount(&g), 11);
		/* 9 dependency edges + one has_service edge per service (3) */
		cr_assert_eq(igraph_ecount(&g), 9 + 3);
		cr_assert(igraph_is_directed(&g));
		/* igraph puts GraphML node ids into the vertex attribute "id". */
		for (uint32_t v = 0; v < ds.n_nodes; v++) {
			cr_assert_str_eq(VAS(&g, "id", v), ds.nodes[v].id);
			cr_assert_str_eq(VAS(&g, "name", v), ds.nodes[v].name);
			cr_assert_str_eq(VAS(&g, "kind", v), node_kind_name(ds.nodes[v].kind));
		}
		for (uint32_t e = 0; e < ds.n_deps; e++) {
			igraph_integer_t f, t;
			igraph_edge(&g, e, &f, &t);
			cr_assert_eq(f, ds.deps[e].from);
			cr_assert_eq(t, ds.deps[e].to);
		}
		cr_assert_float_eq(VAN(&g, "total_assets", BANK_A), 100.0, 1e-12);
		cr_assert_float_eq(VAN(&g, "tolerance_hours", A_NET), 24.0, 1e-12);
		cr_assert_eq(VAB(&g, "systemic", BANK_A), 1);
		igraph_destroy(&g);
	}
	free(text);
	dataset_free(&ds);
}

/* A name with every character that needs escaping somewhere. */
#define NASTY "Q \"quoted\" <tag> & co \\ back"
#define NASTY_CSV "\"Q \"\"quoted\"\" <tag> & co \\ back\""
#define INST_NASTY                                                                       \
	TINY_INST_HEAD                                                                   \
	"bank-a," NASTY_CSV ",megabank,100,1,JP\n"                                       \
	"bank-b,B,regional_bank,20,0,JP\n"
#define DEPS_NASTY                                                                       \
	TINY_DEPS_HEAD "a-pay,core,\"g<&\"\">\",1,\na-pay,clearing,\"g<&\"\">\",,\n"

Test(depgraph, graphml_escaping, .init = setup)
{
	struct dataset ds;
	load_variant(&ds, INST_NASTY, DEPS_NASTY);
	cr_assert_str_eq(ds.nodes[BANK_A].name, NASTY);
	char *text = export(&ds, GRAPH_GRAPHML);
	cr_assert(strstr(text, "Q &quot;quoted&quot; &lt;tag&gt; &amp; co \\ back"));
	igraph_t g;
	int r = read_graphml(&g, text);
	cr_assert_neq(r, -1, "igraph could not read our GraphML");
	if (r == 0) {
		cr_assert_str_eq(VAS(&g, "name", BANK_A), NASTY);
		int found = 0;
		for (igraph_integer_t e = 0; e < igraph_ecount(&g); e++)
			found += strcmp(EAS(&g, "group", e), "g<&\">") == 0;
		cr_assert_eq(found, 2, "the group label round-trips on both edges");
		igraph_destroy(&g);
	}
	free(text);
	dataset_free(&ds);
}

Test(depgraph, graphml_with_characters_xml_cannot_hold, .init = setup)
{
	/*
	 * U+0001 and the noncharacters U+FFFE and U+FFFF are valid UTF-8 but
	 * cannot appear in an XML 1.0 document at all (not even as &#1;).
	 * Either the loader refuses such a name or the export must still be
	 * a document igraph (libxml2) can read.
	 */
	const char *names[] = { "Bank\x01" "A", "Bank\xEF\xBF\xBE" "A", "Bank\xEF\xBF\xBF" "A" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *inst = xasprintf(TINY_INST_HEAD "bank-a,\"%s\",megabank,100,1,JP\n"
		                                      "bank-b,B,regional_bank,20,0,JP\n",
		                       names[i]);
		struct dataset ds;
		struct diag d;
		int r = tmpdata_load(&ds, &d, inst, TINY_SERV, TINY_VEND, TINY_CLOUD,
		                     TINY_DEPS_HEAD "a-pay,core,,,\n");
		free(inst);
		diag_free(&d);
		if (r != 0)
			continue; /* refused at load: fine */
		char *text = export(&ds, GRAPH_GRAPHML);
		igraph_t g;
		int rr = read_graphml(&g, text);
		cr_expect_neq(rr, -1, "name %zu: the GraphML export is not well-formed XML", i);
		if (rr == 0)
			igraph_destroy(&g);
		free(text);
		dataset_free(&ds);
	}
}

/* ---- DOT ------------------------------------------------------------------- */

Test(depgraph, dot_numbers_never_in_exponent_notation, .init = setup)
{
	/* failover 1000000 h must print as 1000000, not 1e+06. */
	struct dataset ds;
	load_variant(&ds, TINY_INST,
	             TINY_DEPS_HEAD
	             "a-pay,core,,,1000000\nb-pay,core,,,0.5\na-net,cl,,,\n");
	char *text = export(&ds, GRAPH_DOT);
	regex_t re;
	cr_assert_eq(regcomp(&re, "[0-9][eE][+-]", REG_EXTENDED | REG_NOSUB), 0);
	cr_assert_neq(regexec(&re, text, 0, NULL, 0), 0, "exponent notation in:\n%s", text);
	regfree(&re);
	cr_assert(strstr(text, "failover_hours=\"1000000\""));
	cr_assert(strstr(text, "failover_hours=\"0.5\""));
	free(text);
	/* nor in GraphML or CSV */
	char *gm = export(&ds, GRAPH_GRAPHML), *csv = export(&ds, GRAPH_CSV);
	cr_assert(strstr(gm, ">1000000<"));
	cr_assert(strstr(csv, ",1000000,"));
	cr_assert_eq(regcomp(&re, "[0-9][eE][+-]", REG_EXTENDED | REG_NOSUB), 0);
	cr_assert_neq(regexec(&re, gm, 0, NULL, 0), 0);
	cr_assert_neq(regexec(&re, csv, 0, NULL, 0), 0);
	regfree(&re);
	free(gm);
	free(csv);
	dataset_free(&ds);
}

Test(depgraph, dot_structure_and_escaping, .init = setup)
{
	struct dataset ds;
	load_variant(&ds, INST_NASTY, DEPS_NASTY);
	char *text = export(&ds, GRAPH_DOT);
	/* In a DOT "string" only " and \ are escaped; < and & are literal. */
	cr_assert(strstr(text, "label=\"Q \\\"quoted\\\" <tag> & co \\\\ back\""), "%s", text);
	cr_assert(strstr(text, "group=\"g<&\\\">\""), "%s", text);
	cr_assert(strncmp(text, "//", 2) == 0 || strncmp(text, "digraph", 7) == 0);
	cr_assert(strstr(text, "digraph chokepoint {"));
	/* one statement per node, per edge and per (institution, service) */
	cr_assert_eq(count_str(text, " -> "), ds.n_deps + ds.n_kind[NODE_SERVICE]);
	cr_assert_eq(count_str(text, "relation=\"has_service\""), ds.n_kind[NODE_SERVICE]);
	cr_assert_eq(count_str(text, "shape="), ds.n_nodes);
	cr_assert(strstr(text, "\"a-pay\" -> \"core\""));
	/* the closing brace ends the file */
	size_t n = strlen(text);
	cr_assert(n >= 2 && strcmp(text + n - 2, "}\n") == 0);
	free(text);
	dataset_free(&ds);
}

Test(depgraph, dot_escapes_line_breaks, .init = setup)
{
	/* A quoted newline in a name must not end the DOT string. */
	struct dataset ds;
	load_variant(
	    &ds,
	    "id,name,type,total_assets,systemic,country\n"
	    "bank-a,\"two\nlines\",megabank,100,1,JP\nbank-b,B,regional_bank,20,0,JP\n",
	    TINY_DEPS_HEAD "a-pay,core,,,\n");
	char *text = export(&ds, GRAPH_DOT);
	cr_assert(strstr(text, "label=\"two\\nlines\""), "%s", text);
	free(text);
	dataset_free(&ds);
}

/* ---- CSV -------------------------------------------------------------------- */

Test(depgraph, csv_round_trips, .init = setup)
{
	struct dataset ds;
	load_variant(&ds, INST_NASTY, DEPS_NASTY "b-pay,clearing,,,8\n");
	char *text = export(&ds, GRAPH_CSV);
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "edges.csv", text);
	char *path = path_join(dir, "edges.csv");
	struct csvtab t;
	struct diag d;
	int missing;
	diag_init(&d);
	cr_assert_eq(csvtab_read(&t, path, &d, &missing), 0);
	/* 3 rows + 3 parent edges, then one has_service row per service */
	cr_assert_eq(ds.n_deps, 6);
	cr_assert_eq(t.nrows, ds.n_deps + ds.n_kind[NODE_SERVICE]);
	long crel = csvtab_col(&t, "relation");
	cr_assert_geq(crel, 0);
	for (size_t r = ds.n_deps; r < t.nrows; r++) {
		uint32_t sv = dataset_find(&ds, csvtab_get(&t, r, csvtab_col(&t, "to")));
		cr_assert_neq(sv, NODE_NONE);
		cr_assert_str_eq(csvtab_get(&t, r, crel), "has_service");
		cr_assert_str_eq(csvtab_get(&t, r, csvtab_col(&t, "from")),
		                 ds.nodes[ds.nodes[sv].institution].id);
	}
	const char *cols[] = { "from", "to", "from_kind", "to_kind", "group", "min_up",
		"group_size", "failover_hours", "parent" };
	for (size_t c = 0; c < 9; c++)
		cr_assert_geq(csvtab_col(&t, cols[c]), 0, "column %s", cols[c]);
	long cf = csvtab_col(&t, "from"), ct = csvtab_col(&t, "to");
	long cg = csvtab_col(&t, "group"), cfo = csvtab_col(&t, "failover_hours");
	long cp = csvtab_col(&t, "parent"), cs = csvtab_col(&t, "group_size");
	for (size_t r = 0; r < ds.n_deps; r++) {
		const struct dep *e = &ds.deps[r];
		cr_assert_str_eq(csvtab_get(&t, r, cf), ds.nodes[e->from].id);
		cr_assert_str_eq(csvtab_get(&t, r, ct), ds.nodes[e->to].id);
		cr_assert_str_eq(csvtab_get(&t, r, cg), ds.groups[e->group].label);
		cr_assert_str_eq(csvtab_get(&t, r, cp), e->is_parent ? "1" : "0");
		cr_assert_str_eq(csvtab_get(&t, r, crel), e->is_parent ? "parent" : "depends_on");
		if (e->from == B_PAY) {
			cr_assert_str_eq(csvtab_get(&t, r, cfo), "8");
		} else {
			cr_assert_str_eq(csvtab_get(&t, r, cfo), "", "no failover: empty");
		}
		if (e->from == A_PAY)
			cr_assert_str_eq(csvtab_get(&t, r, cs), "2");
	}
	csvtab_free(&t);
	diag_free(&d);
	free(path);
	tmpdata_rm(dir);
	free(text);
	dataset_free(&ds);
}

Test(depgraph, write_error_is_reported, .init = setup)
{
	/* /dev/full: every write fails with ENOSPC; the caller must hear it. */
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		cr_skip_test("no /dev/full");
	struct dataset ds;
	load_tiny(&ds);
	setvbuf(fp, NULL, _IONBF, 0);
	cr_assert_eq(depgraph_write(&ds, GRAPH_GRAPHML, fp), -1);
	fclose(fp);
	dataset_free(&ds);
}
