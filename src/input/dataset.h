/*
 * dataset.h - the data set: typed entity tables, the id index, validation.
 *
 * dataset_load reads a directory of CSV files (institutions.csv,
 * services.csv, vendors.csv and/or cloud.csv, dependencies.csv; see
 * chokepoint-data(5)) into one table of nodes and one of dependency edges,
 * checking every rule of the format.  The institution shorthand in
 * dependencies.csv is expanded into one edge per service of the
 * institution, and every provider's `parent` becomes an ordinary edge in
 * a group of its own, so later stages see one uniform kind of edge.
 *
 * A struct dataset owns every string and array it points to;
 * dataset_free releases them.  Node indices are stable: institutions
 * first, then services, then providers, each in file order.
 */
#ifndef CHOKEPOINT_DATASET_H
#define CHOKEPOINT_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define NODE_NONE UINT32_MAX
#define ID_MAX_LEN 128
/* Largest number a data set may hold (assets, volumes, hours): sums over
 * 2e7 nodes of such numbers, and their products with hours, stay far
 * from overflow, and every number prints exactly in fixed notation. */
#define DATASET_MAX_NUMBER 1e18
/* Most own outages a year a provider may have (see MODEL_MAX_RATE). */
#define DATASET_MAX_RATE 700.0

enum node_kind {
	NODE_INSTITUTION,
	NODE_SERVICE,
	NODE_VENDOR,
	NODE_CLOUD,
	NODE_KIND_COUNT
};

/* Where a record came from, for messages ("file:line"). */
struct src_loc {
	const char *file; /* owned by the dataset (files[]) */
	unsigned long line;
};

struct node {
	char *id;
	char *name;
	char *type;        /* institution type, service category, provider type */
	char *country;     /* "" when not given */
	enum node_kind kind;
	struct src_loc loc;

	/* institutions */
	double total_assets;    /* >= 0, dataset's unit */
	int systemic;           /* 0/1 */
	uint32_t first_service; /* services of an institution are contiguous: */
	uint32_t n_services;    /* [first_service, first_service + n_services) */

	/* services */
	uint32_t institution;   /* owning institution's node index */
	double tolerance_hours; /* > 0 */
	double daily_volume;    /* >= 0 */

	/* providers (vendor or cloud) */
	uint32_t parent;             /* provider node index or NODE_NONE */
	char *group;                 /* provider group (ultimate parent's code);
	                              * the provider's own id when not given;
	                              * NULL for other nodes */
	double annual_outage_rate;   /* >= 0 */
	double outage_median_hours;  /* > 0 when rate > 0, else 0 if absent */
	double outage_p95_hours;     /* >= median when rate > 0 */
};

/*
 * One dependency edge: 'from' needs 'to'.  Edges of one dependent are
 * contiguous after loading and sorted by (from, group, to) so that the
 * members of a redundancy group are adjacent.
 */
struct dep {
	uint32_t from, to;
	uint32_t group;         /* index into dataset.groups */
	double failover_hours;  /* INFINITY when absent */
	int is_parent;          /* generated from a provider's parent column */
	struct src_loc loc;     /* row of dependencies.csv (or of the provider) */
};

/* A redundancy group: the edges [first_dep, first_dep + size) of 'node'. */
struct group {
	uint32_t node;
	char *label;       /* "" for an unlabelled edge's own group */
	uint32_t first_dep;
	uint32_t size;     /* n */
	uint32_t min_up;   /* k, 1 <= k <= n */
};

/* A slot of the id hash: the id (borrowed from its node, NULL for an
 * empty slot), its hash and the node's index.  The id and hash are kept
 * here so that a lookup reads neither the node nor, but for the match,
 * an id. */
struct id_slot {
	const char *id;
	uint32_t hash;
	uint32_t node;
};

struct dataset {
	char *dir;
	char *files[5];            /* paths of the files read, for src_loc */
	size_t n_files;

	struct node *nodes;
	uint32_t n_nodes;
	uint32_t n_kind[NODE_KIND_COUNT];
	uint32_t first_kind[NODE_KIND_COUNT]; /* nodes of a kind are contiguous */

	struct dep *deps;
	uint32_t n_deps;
	uint32_t n_dep_rows;       /* records in dependencies.csv */
	uint32_t n_parent_deps;    /* edges generated from `parent` */

	struct group *groups;
	uint32_t n_groups;

	struct id_slot *id_hash;   /* open addressing over ids (dataset_find) */
	uint32_t id_hash_mask;     /* slots - 1 (a power of two) */
	double total_assets;       /* sum over institutions */
};

/*
 * Load and validate the data set in directory 'dir'.  Returns 0 when it
 * is valid (warnings may have been added to d); otherwise -1 with every
 * error found in d and ds left empty.  *missing is set when a required
 * file or the directory itself does not exist (exit status 66, not 65).
 */
int dataset_load(struct dataset *ds, const char *dir, struct diag *d, int *missing);
/* The same from memory (for tests and fuzzing): text[f] and len[f] hold
 * the contents of institutions.csv, services.csv, vendors.csv, cloud.csv
 * and dependencies.csv in that order, text[f] NULL for an absent file;
 * 'dir' only names the files in messages. */
int dataset_load_mem(struct dataset *ds, const char *dir, const char *const text[5],
                     const size_t len[5], struct diag *d, int *missing);
void dataset_free(struct dataset *ds);

/* Node index of 'id' or NODE_NONE. */
uint32_t dataset_find(const struct dataset *ds, const char *id);

/*
 * Number the distinct types of the nodes of 'kind' in order of first
 * appearance: type_of[i] is the number of the type of node
 * first_kind[kind] + i, types[t] the t-th type (borrowed from the nodes).
 * Both arrays hold n_kind[kind] entries.  Returns the number of types.
 * Linear (a hash of the types): a data set may hold as many types as
 * nodes.
 */
uint32_t dataset_number_types(const struct dataset *ds, enum node_kind kind,
                              uint32_t *type_of, const char **types);

/* The closest id to 'id' among the nodes whose kind is in 'mask' (bits
 * 1 << kind), within a third of its length (at least 2 edits), for "did
 * you mean"; NULL when none is that close. */
const char *dataset_nearest_id(const struct dataset *ds, const char *id, unsigned mask);

/* A dependency edge as a variant rebuilds them (dataset_set_deps). */
struct dataset_edge {
	uint32_t from, to;   /* node indices: a service or provider, and a provider or service */
	const char *label;   /* group label, "" for none (borrowed) */
	uint32_t min_up;     /* 0: not given (1, or the group's other edges') */
	double failover;     /* INFINITY when none */
	struct src_loc loc;  /* where the edge was written, for messages */
};

/* Replace the dependencies of ds (not those made from `parent`) by
 * edges[0..n) and form their groups with the checks of dataset_load
 * (duplicates, min_up the same on a group's edges and at most its size),
 * reported with each edge's loc.  0, or -1 with errors in d (ds is then
 * not fit to run). */
int dataset_set_deps(struct dataset *ds, const struct dataset_edge *edges, size_t n,
                     struct diag *d);

/* Add provider *proto (kind NODE_VENDOR or NODE_CLOUD, its strings
 * copied, a NULL or empty group made its own id; parent a node index of
 * ds or NODE_NONE) after the providers of
 * its kind, which moves the nodes after it up by one: every index in ds
 * (parents, dependencies, groups) is updated, the id index rebuilt.
 * Returns its index, or NODE_NONE when the id exists (an error in d at
 * proto->loc). */
uint32_t dataset_add_provider(struct dataset *ds, const struct node *proto, struct diag *d);

/* Is v a provider (vendor or cloud node)? */
static inline int node_is_provider(const struct node *v)
{
	return v->kind == NODE_VENDOR || v->kind == NODE_CLOUD;
}

const char *node_kind_name(enum node_kind k);

/* Is s a well-formed id: [A-Za-z0-9_.:@/-]{1,128}? */
int dataset_id_valid(const char *s);

#endif
