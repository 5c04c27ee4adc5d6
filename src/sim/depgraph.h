/*
 * depgraph.h - the dependency graph in igraph: construction, strongly
 * connected components, topological order, export.
 *
 * Vertices are the data set's nodes, in node-index order, with string
 * attributes id, name, kind, type.  An edge runs from the dependent to
 * what it needs (dependencies.csv's from -> to; a provider -> its parent),
 * with attributes group (label, "" when the edge is its own group),
 * min_up and failover (hours; infinity when none).
 *
 * igraph is not thread-safe as Debian builds it: call these functions
 * from serial code only.  depgraph_setup() must run once at start-up; it
 * installs a non-aborting igraph error handler and the attribute table.
 * A struct depgraph owns its igraph_t; depgraph_free releases it.
 */
#ifndef CHOKEPOINT_DEPGRAPH_H
#define CHOKEPOINT_DEPGRAPH_H

#include <stdint.h>
#include <stdio.h>

#include <igraph/igraph.h>

#include "input/dataset.h"

struct depgraph {
	igraph_t g;
	int built;
};

/* Strongly connected components with more than one node (cycles). */
struct scc_list {
	uint32_t n;          /* components */
	uint32_t *offset;    /* [n + 1] into member */
	uint32_t *member;    /* node indices, ascending within a component */
};

enum graph_format { GRAPH_GRAPHML, GRAPH_DOT, GRAPH_CSV };

void depgraph_setup(void);

/* Build; 0 or -1 with a message in err. */
int depgraph_build(struct depgraph *dg, const struct dataset *ds, char *err,
                   size_t errsz);
void depgraph_free(struct depgraph *dg);

/* Components of size > 1; 0 or -1 with a message in err. */
int depgraph_cycles(const struct depgraph *dg, struct scc_list *out, char *err,
                    size_t errsz);
void scc_list_free(struct scc_list *s);

/* Write the graph in 'fmt'; 0 or -1 (errno from stdio). */
int depgraph_write(const struct dataset *ds, enum graph_format fmt, FILE *fp);

/* Parse "graphml", "dot" or "csv"; -1 if none. */
int graph_format_parse(const char *s, enum graph_format *out);

#endif
