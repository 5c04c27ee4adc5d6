/*
 * explain.h - one trial of a model reproduced from its seed and traced:
 * its events, their roots, and for each breached service the dependency
 * path from a root to it with the downtime at each hop (chokepoint(1),
 * explain).
 *
 * The trial's draws are replayed by mc_trial_events, so its figures are
 * those mc_run stores for it (t_events, t_inst, t_svc, t_assets,
 * t_systemic).  A path is read off the propagated downtimes backwards:
 * from a node down d, the group that gives it d and in it a member whose
 * downtime after its failover cap is d, until a root down d; on a tie,
 * the member first in data set order.  It is one path that explains the
 * downtime, not every one.
 *
 * struct explain owns its arrays; explain_free releases them.
 */
#ifndef CHOKEPOINT_EXPLAIN_H
#define CHOKEPOINT_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "input/dataset.h"
#include "input/model.h"
#include "sim/engine.h"
#include "sim/montecarlo.h"

struct ex_hop {
	uint32_t node;
	double down; /* hours, after groups and failover */
	/* the group through which the next hop depends on this node: its
	 * min_up, its size and how many of its members were down */
	uint32_t k, n, n_down;
	double failover; /* the edge's failover cap, INFINITY if none */
};

struct ex_service {
	uint32_t node;
	double down, tolerance;
	uint32_t n_hops;
	struct ex_hop *hops; /* the root first, the service last */
};

struct ex_root {
	uint32_t node;
	double duration;
	uint32_t source; /* index into explain.sources */
};

struct ex_event {
	size_t n_roots;
	struct ex_root *roots;
	size_t n_services; /* breached services, by excess, largest first */
	struct ex_service *services;
	uint32_t n_inst;     /* institutions in breach */
	uint32_t *inst;      /* their node indices, in data set order */
	double assets_share; /* their share of total assets, 0..1 */
	int threshold, systemic;
	uint32_t n_affected; /* services with downtime > 0 */
};

struct explain {
	uint64_t trial;
	struct mc_result src; /* only sources / n_sources are set */
	size_t n_events;
	struct ex_event *events;
	/* the trial's figures, as mc_run stores them (t_* of mc_result) */
	uint32_t t_events, t_inst, t_svc;
	double t_assets;
	int t_systemic, t_threshold;
};

/* Reproduce and trace trial 'trial' of m (0-based); CP_OK, or an error
 * status with a message in err. */
int explain_trial(const struct model *m, const struct dataset *ds, const struct engine *e,
                  uint64_t trial, struct explain *out, char *err, size_t errsz);
void explain_free(struct explain *x);

/* The first trial (0-based, below m->trials) in which service or
 * institution 'node' is in breach, or UINT64_MAX when none is. */
uint64_t explain_find_breach(const struct model *m, const struct dataset *ds,
                             const struct engine *e, uint32_t node);

#endif
