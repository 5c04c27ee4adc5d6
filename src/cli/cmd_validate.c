/*
 * cmd_validate.c - `chokepoint validate DATA`: load, check, count.
 *
 * Prints what the data set holds (records per file and per type, edges,
 * redundancy groups, cycles) so a user can see that it was read as meant.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/text.h"
#include "input/model.h"
#include "sim/depgraph.h"
#include "cli/cmd.h"
#include "cli/runner.h"

static int cmd_validate_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.usage = "DATA",
	.summary = "check a data set and print its counts",
	.exec = cmd_validate_exec,
};

struct tcount {
	const char *type;
	uint32_t n;
};

static int cmp_tcount(const void *a, const void *b)
{
	const struct tcount *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->type, y->type);
}

/* One line per type of the nodes of 'kind', most frequent first (then by
 * name); types numbered by dataset_number_types. */
static void print_types(const struct dataset *ds, enum node_kind kind)
{
	uint32_t n = ds->n_kind[kind];
	uint32_t *type_of = xcalloc((size_t)n + 1, sizeof *type_of);
	const char **types = xcalloc((size_t)n + 1, sizeof *types);
	uint32_t nt = dataset_number_types(ds, kind, type_of, types);
	struct tcount *tc = xcalloc((size_t)nt + 1, sizeof *tc);
	for (uint32_t t = 0; t < nt; t++)
		tc[t].type = types[t];
	for (uint32_t i = 0; i < n; i++)
		tc[type_of[i]].n++;
	qsort(tc, nt, sizeof *tc, cmp_tcount);
	for (uint32_t k = 0; k < nt; k++)
		printf("  %-24s %8u\n", tc[k].type, tc[k].n);
	free(tc);
	free(types);
	free(type_of);
}

/* The ids of a cycle's first 12 members, each after a blank, then
 * " ... (N more)" for the rest. */
static char *cycle_ids(const struct dataset *ds, const uint32_t *member, uint32_t n)
{
	char *ids = xstrdup("");
	for (uint32_t m = 0; m < n && m < 12; m++) {
		char *more = xasprintf("%s %s", ids, ds->nodes[member[m]].id);
		free(ids);
		ids = more;
	}
	if (n > 12) {
		char *more = xasprintf("%s ... (%u more)", ids, n - 12);
		free(ids);
		ids = more;
	}
	return ids;
}

/* validate: load, check, count. */
static int cmd_validate_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		CMD_GLOBAL_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int c;
	while ((c = getopt_long(argc, argv, ":h" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == 'h') {
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
		}
		int r = cmd_global_option(self, c, optarg);
		if (r == 1)
			continue;
		return r ? r : cmd_bad_option(self, c, argv);
	}
	if (argc - optind != 1)
		return cmd_usage_error(self, "expected one data set directory");
	const char *dir = argv[optind];

	struct dataset ds;
	int rc = cmd_load_dataset(&ds, dir);
	if (rc != CP_EXIT_OK)
		return rc;

	struct depgraph dg;
	struct scc_list scc;
	char err[512];
	if (depgraph_build(&dg, &ds, err, sizeof err) != 0 ||
	    depgraph_cycles(&dg, &scc, err, sizeof err) != 0) {
		msg_error("%s", err);
		depgraph_free(&dg);
		dataset_free(&ds);
		return CP_EXIT_SOFTWARE;
	}
	depgraph_free(&dg);

	/* Cycles are allowed (least fixed point) but worth a look. */
	for (uint32_t k = 0; !msg_quiet && k < scc.n; k++) {
		uint32_t n = scc.offset[k + 1] - scc.offset[k];
		char *ids = cycle_ids(&ds, &scc.member[scc.offset[k]], n);
		msg_warn("%s: dependency cycle: %u nodes depend on each other:%s", dir, n, ids);
		free(ids);
	}

	uint32_t redundant = 0, kofn = 0, with_failover = 0;
	for (uint32_t g = 0; g < ds.n_groups; g++)
		if (ds.groups[g].size > 1) {
			redundant++;
			kofn += ds.groups[g].min_up > 1;
		}
	for (uint32_t e = 0; e < ds.n_deps; e++)
		with_failover += ds.deps[e].failover_hours < 1e300;
	char assets[64];
	fmt_num(assets, sizeof assets, ds.total_assets, 3);
	uint32_t systemic = 0;
	for (uint32_t i = 0; i < ds.n_kind[NODE_INSTITUTION]; i++)
		systemic += ds.nodes[i].systemic != 0;

	/* A model's systemic_assets_share that one institution reaches alone
	 * makes the asset threshold a single-institution event: say which. */
	runner_warn_large(dir, &ds, MODEL_DEFAULT_SYSTEMIC_SHARE,
	                  MODEL_DEFAULT_SYSTEMIC_MIN_INSTITUTIONS, 1);

	printf("%s: valid data set\n", dir);
	printf("institutions %8u   total assets %s, %u systemic\n",
	       ds.n_kind[NODE_INSTITUTION], assets, systemic);
	print_types(&ds, NODE_INSTITUTION);
	printf("services     %8u   by category\n", ds.n_kind[NODE_SERVICE]);
	print_types(&ds, NODE_SERVICE);
	printf("vendors      %8u\n", ds.n_kind[NODE_VENDOR]);
	print_types(&ds, NODE_VENDOR);
	printf("cloud        %8u\n", ds.n_kind[NODE_CLOUD]);
	print_types(&ds, NODE_CLOUD);
	printf("dependencies %8u rows -> %u edges (%u from parent columns, "
	       "%u with failover)\n", ds.n_dep_rows, ds.n_deps, ds.n_parent_deps,
	       with_failover);
	printf("groups       %8u redundancy groups of 2 or more (%u need 2 or more up)\n",
	       redundant, kofn);
	printf("cycles       %8u\n", scc.n);
	scc_list_free(&scc);
	dataset_free(&ds);
	return CP_EXIT_OK;
}
