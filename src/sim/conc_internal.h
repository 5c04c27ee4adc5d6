/*
 * conc_internal.h - what the files of the concentration analysis share
 * (concentration.c runs them, conc_work.c, conc_reach.c, conc_spof.c,
 * conc_cutsets.c and conc_stress.c do the parts): the working state of
 * one conc_analyze call and the cut-set candidate lists.  Private to
 * src/sim; the public API is concentration.h.
 *
 * Ownership: conc_analyze owns its struct work and struct cand_lists and
 * frees what the functions below allocate in them; what they allocate in
 * struct conc_result is released by conc_result_free.
 */
#ifndef CHOKEPOINT_CONC_INTERNAL_H
#define CHOKEPOINT_CONC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sim/concentration.h"
#include "sim/engine.h"

#define NONE32 UINT32_MAX

/* The working state of one conc_analyze call. */
struct work {
	const struct dataset *ds;
	const struct engine *e;
	struct engine_scratch *s;
	uint32_t s0, n_svc;   /* first service node, number of services */
	size_t svc_words;     /* 64-bit words of a service bitset */
	uint32_t *inst_stamp; /* [n_nodes] distinct-institution marks */
	uint32_t epoch;
	uint32_t *inst_type; /* [n_nodes] institution -> type index */
	uint32_t *type_stamp, *type_pos; /* [n_types] per-provider type entries */
	uint32_t n_types;
	uint32_t *grp_off;   /* [n_nodes + 1] dataset groups of each node */
	uint32_t *grp_idx;   /* [n_groups] */
	double *buf;         /* [buf_n] */
	uint32_t buf_n;      /* the largest dataset group */
	double *dur;         /* [n_prov + 2] durations of the roots */
};

/* What conc_tally counts: down > 0, or down > tolerance. */
enum tally_mode { TALLY_AFFECTED, TALLY_BREACHED };

/* Bit i of a row-major bit matrix with 'words' words per row. */
static inline int bit_get(const uint64_t *m, size_t words, uint32_t row, uint32_t i)
{
	return (int)(m[(size_t)row * words + i / 64] >> (i % 64) & 1u);
}

/* Set bit i of a row of the same matrix. */
static inline void bit_set(uint64_t *m, size_t words, uint32_t row, uint32_t i)
{
	m[(size_t)row * words + i / 64] |= (uint64_t)1 << (i % 64);
}

/*
 * Cut-set candidates of each provider, as CSR: C_p = the services p
 * exposes (a dependency path to p) but does not breach alone.  A service
 * is stored as its position in the order of the services by (rank, node)
 * (svc_at maps a position back to the service index, node - s0), and
 * each list is ascending: the order in which a propagation first raises
 * the services off every cycle (see joint_tally).
 */
struct cand_lists {
	uint32_t *off;    /* [n_prov + 1] into pos */
	uint32_t *pos;    /* positions in the (rank, node) order */
	uint32_t *svc_at; /* [n_svc] position -> service index */
	uint32_t *pos_of; /* [n_svc] service index -> position */
	uint32_t *size;   /* [n_prov] nodes the provider's lone outage takes down */
	size_t n, cap;
	size_t max;       /* most entries: the memory limit, and 32-bit off[] */
	int over;         /* one more was pushed: the analysis is refused */
};

/* ---- conc_work.c: the working state ----------------------------------- */

/* Set up w for an analysis of ds on e; numbers the types of r on the way. */
void conc_work_init(struct work *w, const struct dataset *ds, const struct engine *e,
                    struct conc_result *r);
/* Free what conc_work_init allocated (a zeroed w is fine). */
void conc_work_free(struct work *w);
/* A fresh mark for w->inst_stamp (and w->type_stamp). */
uint32_t conc_next_epoch(struct work *w);
/* Count service v, and its institution once per mark ep, into out. */
void conc_outcome_add(struct work *w, struct conc_outcome *out, uint32_t v, uint32_t ep);
/* Fill in out->assets_share once the counts are in. */
void conc_outcome_finish(const struct dataset *ds, struct conc_outcome *out);
/* The services the current propagation affects or breaches, into out. */
void conc_tally(struct work *w, enum tally_mode mode, const uint64_t *only, double cap,
                struct conc_outcome *out);
/* Propagate n roots each down for dur hours (the scratch must be clean). */
void conc_propagate(struct work *w, const uint32_t *roots, size_t n, double dur);
/* qsort order of uint32_t, ascending. */
int conc_cmp_u32(const void *a, const void *b);

/* ---- conc_reach.c: institution types, reliance, markets, reach -------- */

/* Number the institution types (r->types, type_count, type_assets). */
void conc_collect_types(struct work *w, struct conc_result *r);
/* Each provider's market owner (conc_provider.owner). */
void conc_market_owners(const struct work *w, struct conc_result *r);
/* Direct reliance and the market weights of every provider. */
void conc_compute_reliance(struct work *w, struct conc_result *r, const uint32_t *pidx);
/* The markets and their indices (r->markets); owners first. */
void conc_compute_markets(const struct dataset *ds, struct conc_result *r);
/* Reverse breadth-first search from p: the dependents with a path to it. */
void conc_reach_bfs(const struct engine *e, uint32_t p, uint32_t *seen, uint32_t ep,
                    uint32_t *dist, uint32_t *queue, uint32_t *nq);
/* Exposure, per-type shares and the DORA-style flag of provider pr. */
void conc_exposure(struct work *w, struct conc_result *r, struct conc_provider *pr,
                   const uint32_t *queue, uint32_t nq);

/* ---- conc_spof.c: false redundancy, spof and false_redundancy order --- */

/* The dataset groups of each node (w->grp_off, grp_idx) and w->buf. */
void conc_index_groups(struct work *w);
/* Append to fr[0 .. *n_fr) (room *cap) the redundancy groups the current
 * propagation defeats. */
void conc_find_false_redundancy(struct work *w, uint32_t p, struct conc_false_red **fr,
                                size_t *n_fr, size_t *cap, uint32_t *n_groups);
/* qsort order of spof.csv. */
int conc_cmp_spof(const void *a, const void *b);
/* qsort order of false_redundancy.csv. */
int conc_cmp_fr(const void *a, const void *b);

/* ---- conc_cutsets.c: candidate lists and order-2 cut sets ------------- */

/* Append position x to the candidate lists (c->over past c->max). */
void conc_cand_push(struct cand_lists *c, uint32_t x);
/* The services in (rank, node) order: c->svc_at and c->pos_of. */
void conc_cand_order(const struct work *w, struct cand_lists *c);
/* Free the arrays of c. */
void conc_cand_free(struct cand_lists *c);
/* Undo a second root on top of a complete base outage. */
void conc_undo_second(struct work *w, const double *base_down, uint32_t *stack,
                      uint32_t root, uint32_t n_base);
/* The order-2 minimal cut sets (r->cut), sorted; on 'threads' threads. */
void conc_find_cutsets(struct work *w, struct conc_result *r, const struct cand_lists *C,
                       const uint64_t *dom, size_t pw, int hits, int threads);

/* ---- conc_stress.c: the greedy reverse stress test -------------------- */

/* Pick providers until the breached asset share reaches target (r->rs). */
void conc_reverse_stress(struct work *w, struct conc_result *r,
                         const struct cand_lists *C, double target);

#endif
