/*
 * fuzz_dataset.c - libFuzzer target: the CSV data-set loader.
 *
 * Input: one mask byte, then the five files separated by the byte 0x1E
 * (ASCII record separator) in the order institutions.csv, services.csv,
 * vendors.csv, cloud.csv, dependencies.csv.  Bit f of the mask (low five
 * bits) says whether file f exists; a missing part is an empty file.  The
 * files are handed to dataset_load_mem, so no disk is touched.  A data set
 * that loads is also checked for its invariants, analysed as `analyze`
 * does (engine, concentration) and exported, which walks every node, edge
 * and group.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/dataset.h"
#include "sim/concentration.h"
#include "sim/depgraph.h"
#include "sim/engine.h"

#define SEP 0x1E

/* Abort (a finding) when an invariant of dataset.h does not hold. */
static void check(const struct dataset *ds)
{
	uint32_t n = 0;
	for (int k = 0; k < NODE_KIND_COUNT; k++) {
		if (ds->first_kind[k] != n)
			abort();
		n += ds->n_kind[k];
	}
	if (n != ds->n_nodes)
		abort();
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (!dataset_id_valid(v->id) || dataset_find(ds, v->id) != i)
			abort();
		if (v->kind == NODE_SERVICE &&
		    (v->institution >= ds->n_nodes ||
		     ds->nodes[v->institution].kind != NODE_INSTITUTION))
			abort();
		if (v->parent != NODE_NONE && (v->parent >= ds->n_nodes || v->parent == i))
			abort();
	}
	uint32_t nd = 0;
	for (uint32_t g = 0; g < ds->n_groups; g++) {
		const struct group *gr = &ds->groups[g];
		if (gr->first_dep != nd || gr->size == 0 || gr->min_up < 1 ||
		    gr->min_up > gr->size)
			abort();
		for (uint32_t j = gr->first_dep; j < gr->first_dep + gr->size; j++)
			if (ds->deps[j].group != g || ds->deps[j].from != gr->node)
				abort();
		nd += gr->size;
	}
	if (nd != ds->n_deps)
		abort();
	for (uint32_t j = 0; j < ds->n_deps; j++)
		if (ds->deps[j].from >= ds->n_nodes || ds->deps[j].to >= ds->n_nodes ||
		    ds->deps[j].from == ds->deps[j].to)
			abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	depgraph_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mask = data[0];
	const char *text[5] = { 0 };
	size_t len[5] = { 0 };
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	for (int f = 0; f < 5; f++) {
		const char *q = p < end ? memchr(p, SEP, (size_t)(end - p)) : NULL;
		if (!q)
			q = end;
		if (mask & (1u << f)) {
			text[f] = p < end ? p : "";
			len[f] = p < end ? (size_t)(q - p) : 0;
		}
		p = q < end ? q + 1 : end;
	}
	struct diag d;
	diag_init(&d);
	struct dataset ds;
	int missing = 0;
	int r = dataset_load_mem(&ds, "fuzz", text, len, &d, &missing);
	if (r == 0) {
		check(&ds);
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			depgraph_write(&ds, GRAPH_GRAPHML, null);
			fclose(null);
		}
		char err[256];
		/* the analyses of `analyze`: engine_propagate from every
		 * provider, at several durations, with the reverse stress test */
		struct engine e;
		if (engine_compile(&e, &ds, err, sizeof err) == 0) {
			static const double grid[] = { 1, 8, 24, 1e6, INFINITY };
			struct conc_options o = { grid, sizeof grid / sizeof grid[0], 0.5, 1 };
			struct conc_result res;
			if (conc_analyze(&ds, &e, &o, &res, err, sizeof err) == 0)
				conc_result_free(&res);
			engine_free(&e);
		}
		struct depgraph dg;
		if (depgraph_build(&dg, &ds, err, sizeof err) == 0) {
			struct scc_list scc;
			if (depgraph_cycles(&dg, &scc, err, sizeof err) == 0)
				scc_list_free(&scc);
			depgraph_free(&dg);
		}
	} else if (d.n_errors == 0) {
		abort(); /* a failure must say why */
	}
	dataset_free(&ds);
	diag_free(&d);
	return 0;
}
