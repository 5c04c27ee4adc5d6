/*
 * cmd_graph.c - `chokepoint graph DATA [options]` (its usage is in
 * cmd_graph_entry): export the dependency graph for Gephi, Cytoscape,
 * Graphviz or a script.
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "base/error.h"
#include "base/path.h"
#include "sim/depgraph.h"
#include "cli/cmd.h"

static int cmd_graph_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_graph_entry = {
	.name = "graph",
	.usage = "DATA [-f graphml|dot|csv] [-o FILE]",
	.summary = "export the dependency graph",
	.exec = cmd_graph_exec,
};

struct graph_args {
	const struct dataset *ds;
	enum graph_format fmt;
};

/* Write the graph (cmd_write_file's writer). */
static int write_graph(FILE *fp, const void *arg)
{
	const struct graph_args *g = arg;
	return depgraph_write(g->ds, g->fmt, fp);
}

/* graph: the dependency graph of a data set, as a file for other tools. */
static int cmd_graph_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CMD_GLOBAL_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	enum graph_format fmt = GRAPH_GRAPHML;
	const char *out = "-";
	int c;
	while ((c = getopt_long(argc, argv, ":f:o:h" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (graph_format_parse(optarg, &fmt) != 0)
				return cmd_usage_error(self, "-f: expected graphml, dot or csv, "
				                       "got \"%s\"", optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
		default: {
			int r = cmd_global_option(self, c, optarg);
			if (r == 1)
				break;
			return r ? r : cmd_bad_option(self, c, argv);
		}
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(self, "expected one data set directory");
	/* An export inside the data set could replace one of its files. */
	if (strcmp(out, "-") != 0 && path_inside(out, argv[optind]))
		return cmd_usage_error(self, "-o: \"%s\" is inside the data set directory "
		                       "\"%s\": expected a file elsewhere", out, argv[optind]);

	struct dataset ds;
	int rc = cmd_load_dataset(&ds, argv[optind]);
	if (rc != CP_EXIT_OK)
		return rc;

	struct graph_args g = { &ds, fmt };
	rc = cmd_write_file(out, write_graph, &g);
	dataset_free(&ds);
	return rc;
}
