/*
 * engine.h - the compiled engine graph and the propagation of one outage
 * event (chokepoint-method(7), OUTAGE EVENTS).
 *
 * engine_compile turns a validated struct dataset into immutable flat
 * arrays (CSR), read-only after compilation and shared by all threads.
 * Each thread owns a struct engine_scratch; engine_propagate uses only
 * the scratch for its writes, touches only nodes downstream of the
 * event's roots, and engine_scratch_reset undoes exactly what it touched.
 *
 * Semantics.  An event is a set of roots r with durations d_r (hours,
 * INFINITY allowed for "unlimited").  Every node's downtime is the least
 * fixed point of
 *
 *   down(v) = max( own(v), max over groups g of v: G(g) )
 *   own(v)  = d_v if v is a root, else 0
 *   G(g)    = the (n - k + 1)-th largest of e_1 .. e_n
 *   e_i     = min( down(m_i), failover_i )   (failover_i = INFINITY if none)
 *
 * for group g with members m_1..m_n and min_up k.  A node hit twice as a
 * root keeps the longer duration.  Service s breaches when
 * down(s) > tolerance_hours(s).
 *
 * Ownership: struct engine owns its arrays (engine_free); a scratch is
 * created by engine_scratch_new and released by engine_scratch_free.
 * No igraph, no strings: safe to call from OpenMP threads.
 */
#ifndef CHOKEPOINT_ENGINE_H
#define CHOKEPOINT_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "input/dataset.h"

struct engine {
	uint32_t n_nodes;
	uint32_t n_groups;
	uint32_t n_edges;

	/* Groups of each dependent node v: [grp_off[v], grp_off[v+1]). */
	uint32_t *grp_off;      /* [n_nodes + 1] */
	uint32_t *grp_k;        /* [n_groups] min_up */
	uint32_t *grp_node;     /* [n_groups] the dependent */
	uint32_t *grp_mem_off;  /* [n_groups + 1] into mem_to / mem_failover */
	uint32_t *mem_to;       /* [n_edges] member (dependency) node */
	double *mem_failover;   /* [n_edges] failover cap, INFINITY if none */

	/* Reverse CSR, for the push to dependents: the groups that contain
	 * node u as a member are rev_grp[rev_off[u] .. rev_off[u+1]). */
	uint32_t *rev_off;      /* [n_nodes + 1] */
	uint32_t *rev_grp;      /* [n_edges] group index (deduplicated per u) */
	uint64_t *rev_key;      /* [n_edges] the group's dependent w as its worklist
	                         * key rank(w) << 32 | w (see rank) */

	/* Topological rank of each node's strongly connected component in the
	 * order "dependencies before dependents"; nodes on a cycle share one
	 * rank.  Used to process the worklist so acyclic parts need one pass. */
	uint32_t *rank;         /* [n_nodes] */
	uint32_t n_ranks;       /* components: ranks are 0 .. n_ranks - 1 */
	uint32_t *rank_node;    /* [n_ranks] the node of a rank off every cycle,
	                         * NODE_NONE for a cycle's rank */
	uint32_t max_group_size;

	/* Optional (NULL unless a caller sets it): the groups of some nodes
	 * packed member after member (engine_pack_build), which
	 * engine_propagate then evaluates instead of the arrays above. */
	const struct engine_pack *pack;

	/* Per node attributes the hot loop needs. */
	double *tolerance;      /* [n_nodes] services: tolerance_hours; others INFINITY */
	uint8_t *is_service;    /* [n_nodes] */
	uint8_t *cyclic;        /* [n_nodes] on a dependency cycle (or its own member) */
};

/* A member of a packed group (struct engine_pack); the first of a group
 * also holds its size n and r = n - k + 1 as n | r << 16. */
struct engine_pmem {
	double failover;
	uint32_t to, nr;
};

/*
 * The groups of the chosen nodes, each node's members contiguous with
 * their failover caps: evaluating a node reads one short run instead of
 * grp_off, grp_mem_off, grp_k, mem_to and mem_failover (a cache miss
 * each on a large graph).  Node v's members are mem[off[v] .. off[v+1]),
 * in the engine's order; an empty run means "not packed" (or no groups).
 */
struct engine_pack {
	uint32_t *off;            /* [n_nodes + 1] */
	struct engine_pmem *mem;
};

/* The value at index r (0-based) of a[0 .. n) sorted ascending;
 * reorders a.  G(g)'s order statistic. */
double engine_select_nth(double *a, uint32_t n, uint32_t r);

/*
 * max(x, G(g)), G(g) of the equations above for the packed group whose
 * members are m[0 .. n) (n and r in m[0].nr), from the downtimes down[];
 * buf is working space for n values.  What engine_propagate computes for
 * a packed group, and the cut-set search (conc_cutsets.c) for its own
 * packed leaves, so both evaluate G(g) the same way.  Inline: it is the
 * inner loop of both.  Untouched members have down = 0, so only the p
 * positive values are collected (see group_down, engine.c).
 */
/*
 * G(g) from the p positive member downtimes buf[0 .. p) of a group that
 * is down when fewer than k of its n members are up (r = n - k + 1): 0
 * when fewer than r members are down, else the r-th largest (the
 * maximum when r = 1).  Reorders buf.  Both the engine's groups and the
 * packed ones end here.
 */
static inline double engine_group_value(double *buf, uint32_t p, uint32_t r)
{
	if (p < r)
		return 0.0;
	if (r == 1) { /* k = n, the common "all needed" case: the maximum */
		double m = buf[0];
		for (uint32_t i = 1; i < p; i++)
			if (buf[i] > m)
				m = buf[i];
		return m;
	}
	return engine_select_nth(buf, p, p - r);
}

static inline double engine_packed_group_max(const double *down,
                                             const struct engine_pmem *m, double *buf,
                                             double x)
{
	const uint32_t n = m[0].nr & 0xffffu, r = m[0].nr >> 16;
	uint32_t p = 0;
	for (uint32_t i = 0; i < n; i++) {
		double y = down[m[i].to];
		if (m[i].failover < y)
			y = m[i].failover;
		if (y > 0.0)
			buf[p++] = y;
	}
	double gd = engine_group_value(buf, p, r);
	return gd > x ? gd : x;
}

/* Pack the groups of the nodes v with which[v] (every node: NULL); a node
 * with a group of 65,536 members or more is left out. */
void engine_pack_build(const struct engine *e, const uint8_t *which, struct engine_pack *p);
void engine_pack_free(struct engine_pack *p);

/* Levels of the rank set: 64^6 ranks, beyond the data set's node limit. */
#define ENGINE_RS_LEVELS 6

/* Per-thread working memory for engine_propagate. */
struct engine_scratch {
	double *down;           /* [n_nodes] downtime in the current event; 0 when untouched */
	uint32_t *touched;      /* nodes with down > 0, in the order they were first set */
	uint32_t n_touched;
	/* implementation-private working space (queue / heap, flags, buffers) */
	uint8_t *flag;
	uint64_t *heap;         /* nodes on cycles, keys rank << 32 | node */
	uint32_t heap_n;
	/* nodes off cycles, by rank: a set of ranks in levels of 64-bit
	 * words (bit i of level l + 1: word i of level l is not zero) */
	uint64_t *rs[ENGINE_RS_LEVELS];
	uint32_t rs_words[ENGINE_RS_LEVELS];
	uint32_t rs_levels;
	uint32_t rs_n;          /* ranks in the set */
	uint32_t rs_cursor;     /* no rank below it is in the set */
	double *buf;            /* [max_group_size] */
	/* A node held up (never down, whatever its roots and members), or
	 * NODE_NONE (the default): an importance measure's "provider
	 * working" (sim/importance.h).  Set and cleared by the caller. */
	uint32_t pin_up;
};

/* Compile; 0, or -1 with a message in err (out of memory, overflow). */
int engine_compile(struct engine *e, const struct dataset *ds, char *err, size_t errsz);
void engine_free(struct engine *e);

struct engine_scratch *engine_scratch_new(const struct engine *e);
void engine_scratch_free(struct engine_scratch *s);

/*
 * Propagate one event with roots[i] down for dur[i] hours (dur > 0; a
 * root listed twice keeps the longer).  On return s->down[v] holds down(v)
 * for every node and s->touched lists the nodes with down(v) > 0.  The
 * scratch must be clean (new, or reset after the previous event), or
 * hold the complete result of an earlier propagation of roots R: then the
 * result is that of R and these roots together (every value only rises,
 * by max, from a state below the joint least fixed point), and the nodes
 * newly down are appended to s->touched after the earlier ones.  The
 * cut-set search of concentration.c adds a second provider this way;
 * tests/unit/test_concentration.c checks it against fresh propagations.
 */
void engine_propagate(const struct engine *e, struct engine_scratch *s,
                      const uint32_t *roots, const double *dur, size_t n_roots);

/* G(g) of the equations above for group g, from the downtimes in s
 * (what engine_propagate computes when it evaluates g's dependent). */
double engine_group_down(const struct engine *e, struct engine_scratch *s, uint32_t g);

/* Return the scratch to all-zero, in time proportional to n_touched. */
void engine_scratch_reset(struct engine_scratch *s);

/*
 * Single-root events.  With one root r down for d > 0 hours, every
 * downtime is down(v) = min(d, cap(v)), where cap(v) is v's downtime when
 * r is down without limit: min(d, .) is monotone, so it commutes with
 * every max, min and order statistic of the equations above, and the
 * propagation does no arithmetic, so the equality is exact.  When none of
 * the nodes r takes down lies on a cycle, the worklist also visits them
 * in the same (rank, node) order for every d, so s->touched comes out in
 * the same order too: a caller may store r's nodes and caps once and
 * replay any duration as min(d, cap) without propagating, and sum over
 * them in the same order as engine_propagate would.
 *
 * engine_effect propagates r without limit with the (clean) scratch and
 * returns 0 with s->touched and s->down holding the nodes and caps, or -1
 * (scratch still to be reset) when one of them lies on a cycle, where the
 * order may depend on d.
 */
int engine_effect(const struct engine *e, struct engine_scratch *s, uint32_t r);

#endif
