/*
 * profile.h - one institution's view of the sector (`chokepoint profile`,
 * chokepoint-report(5), PROFILE FILES): its providers, direct and
 * nth-party, with the path by which it depends on each; its single points
 * of failure, false redundancies and order-2 cut sets; and the indicators
 * that place it among its peers.
 *
 * The structural findings are those of conc_analyze, run once for the
 * sector with conc_options.cut_hits set, read for the services of one
 * institution: a service's single points of failure are its rows of
 * conc_result.spof, its false redundancies the rows of conc_result.fr of
 * its redundancy groups, its cut sets the rows of conc_result.cut_hit.
 * Only the providers and paths are found here, by a breadth-first search
 * from the institution's services along the dependency edges.
 *
 * The Monte Carlo figures come from one mc_run per model for the whole
 * sector (mc_result: per-institution breach trials, per-service downtime
 * sums, and the tracked institutions' own source attribution).
 *
 * Ownership: profile_build and prof_table_build fill caller-owned structs
 * released by profile_free and prof_table_free.  Both borrow nothing
 * after they return, except that node indices refer to the data set.
 */
#ifndef CHOKEPOINT_PROFILE_H
#define CHOKEPOINT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/stats.h"
#include "input/dataset.h"
#include "sim/concentration.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"

/* One provider the institution depends on. */
struct prof_provider {
	uint32_t node;
	uint32_t depth;            /* shortest dependency path from one of its
	                            * services, in edges: 1 is direct */
	uint32_t *path;            /* that path: a service of the institution,
	                            * ..., the provider (depth + 1 nodes) */
	uint32_t services_reached; /* its services with a path to the provider */
	uint32_t spof_services;    /* its services the provider's lone outage breaches */
};

/* An order-2 cut set that breaches services of the institution. */
struct prof_cut {
	uint32_t a, b;     /* provider nodes, a < b */
	uint32_t services; /* its services the pair breaches and neither alone */
	uint32_t example;  /* the first of them (node) */
};

struct profile {
	uint32_t inst;
	/* Direct providers first, then by depth, then node order. */
	struct prof_provider *prov;
	uint32_t n_prov, n_direct;
	/* Its rows of conc_result.spof: [spof_lo, spof_hi) (by service,
	 * depth, provider). */
	size_t spof_lo, spof_hi;
	/* Indices of conc_result.fr rows of its services' groups. */
	size_t *fr;
	size_t n_fr;
	/* Sorted by services (descending), then a, b. */
	struct prof_cut *cut;
	size_t n_cut;
};

/*
 * The profile of institution 'inst' from the sector analysis r (run with
 * cut_hits on the engine e compiled from ds).  CP_OK, or CP_ERR_INVALID
 * or CP_ERR_LIMIT with a message (spof.csv's limit cut its rows short).
 */
int profile_build(const struct dataset *ds, const struct engine *e,
                  const struct conc_result *r, uint32_t inst, struct profile *p,
                  char *err, size_t errsz);
void profile_free(struct profile *p);

/* The structural indicators, then two per model run. */
enum prof_indicator {
	PROF_SVC_SPOF,          /* services with a single point of failure */
	PROF_HIDDEN_SPOF_SHARE, /* share of services with one at depth >= 2 */
	PROF_PROVIDERS,         /* distinct providers, direct and nth-party */
	PROF_LARGEST_SHARE,     /* largest share of services one provider breaches */
	PROF_N_STRUCT
};
/* Model run k's indicators: PROF_N_STRUCT + 2k (p_breach) and + 2k + 1
 * (the mean downtime of the worst service). */

/* One model run for the indicators. */
struct prof_run {
	const char *name; /* the model's name */
	const struct mc_result *res;
};

/* Every indicator of every institution. */
struct prof_table {
	uint32_t n_inst; /* institutions: nodes 0 .. n_inst - 1 */
	uint32_t n_ind;
	char **names;  /* [n_ind] */
	double *value; /* [n_inst * n_ind], row by institution */
};

/*
 * The indicators of every institution (chokepoint-report(5) defines
 * them).  CP_OK, or CP_ERR_LIMIT with a message when spof.csv's limit cut
 * conc_result.spof short.
 */
int prof_table_build(const struct dataset *ds, const struct engine *e,
                     const struct conc_result *r, const struct prof_run *runs,
                     size_t n_runs, struct prof_table *t, char *err, size_t errsz);
void prof_table_free(struct prof_table *t);

/* Whose peers: the institution's own type, a named type, or everyone. */
struct prof_peers {
	const char *type; /* NULL: the institution's own type */
	int all;          /* every other institution */
};

/*
 * Where each institution stands on each indicator among its peers (every
 * other institution of its type, of pe->type, or of every type):
 * quartiles and percentile as stats_peer defines them.  Returns
 * [n_inst * n_ind] entries, row by institution (caller frees).  Each
 * group's values are sorted once: n log n per indicator.
 */
struct stats_peer *prof_peer_table(const struct dataset *ds, const struct prof_table *t,
                                   const struct prof_peers *pe);

/* The peer group's values of indicator k, sorted ([*n], caller frees);
 * for a chart.  Institution inst itself is left out. */
double *prof_peer_values(const struct dataset *ds, const struct prof_table *t,
                         const struct prof_peers *pe, uint32_t inst, uint32_t k,
                         size_t *n);

#endif
