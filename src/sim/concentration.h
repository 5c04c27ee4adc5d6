/*
 * concentration.h - the deterministic analyses of `chokepoint analyze`
 * (chokepoint-method(7), CONCENTRATION ANALYSIS): market concentration
 * (HHI, CR3), reach and hidden nth-party concentration, breach curves,
 * single points of failure, false redundancy, order-2 cut sets and a
 * greedy reverse stress test.
 *
 * Every "what if provider X is down for H hours" question is answered by
 * engine_propagate on the compiled engine, so failover caps, k-of-n
 * redundancy and parent chains count exactly as in the Monte Carlo.
 * Reach ("exposure") is the other notion: every dependent with a path to
 * the provider, whatever redundancy there is on the way.
 *
 * No I/O here: the writers are in report_analyze.c.
 *
 * Ownership: conc_analyze fills a caller-owned struct conc_result and
 * conc_result_free releases what it allocated.  The result borrows
 * strings (types) from the dataset, which must outlive it.
 */
#ifndef CHOKEPOINT_CONCENTRATION_H
#define CHOKEPOINT_CONCENTRATION_H

#include <stddef.h>
#include <stdint.h>

#include "input/dataset.h"
#include "sim/engine.h"

/* Market weightings of the concentration indices. */
enum conc_weight {
	CONC_W_SERVICES,     /* dependent services */
	CONC_W_INSTITUTIONS, /* distinct institutions owning them */
	CONC_W_ASSETS,       /* total_assets of those institutions */
	CONC_W_VOLUME,       /* daily_volume of the dependent services */
	CONC_W_COUNT
};

/*
 * HHI classes of the 2023 U.S. Merger Guidelines (U.S. DOJ and FTC,
 * 18 December 2023, §2.1): unconcentrated below 1000, moderately
 * concentrated from 1000 to 1800, highly concentrated above 1800.
 */
#define CONC_HHI_MODERATE 1000.0
#define CONC_HHI_HIGH 1800.0

enum conc_class {
	CONC_CLASS_NONE, /* no reliance at all: no index */
	CONC_CLASS_UNCONCENTRATED,
	CONC_CLASS_MODERATE,
	CONC_CLASS_HIGH
};

/*
 * DORA Art. 31-style designation indicator: a type of financial entity
 * of which at least this share (by number or by assets) relies on the
 * provider.  The 10 % echoes the thresholds of Commission Delegated
 * Regulation (EU) 2024/1502; this is an indicator, not the legal test.
 */
#define CONC_DORA_SHARE 0.10

/* The hours of the "one day" figure of the summary (a 24 h outage). */
#define CONC_DAY_HOURS 24.0

/* Concentration indices of one market with weights w_1 .. w_n. */
struct conc_index {
	uint32_t n_active; /* participants with w_i > 0 */
	double total;      /* W = sum of w_i */
	double hhi;        /* 10000 * sum (w_i / W)^2; 0 when W = 0 */
	double cr3;        /* sum of the three largest w_i / W */
	uint32_t top; /* index of the largest w_i (first on ties), UINT32_MAX if W = 0 */
	double top_share; /* w_top / W */
	enum conc_class cls;
};

/* One market: providers of one kind and type (cloud: one level). */
struct conc_market {
	enum node_kind kind; /* NODE_VENDOR or NODE_CLOUD */
	const char *type;    /* provider type or cloud level (borrowed) */
	uint32_t n_members;
	uint32_t *members; /* indices into conc_result.prov */
	struct conc_index idx[CONC_W_COUNT];
	uint32_t top_node[CONC_W_COUNT]; /* node of the top provider, NODE_NONE if none */
	/* The same market with the provider groups (dataset group column) as
	 * participants: a group's weight counts the services relying on any
	 * of its members in the market once (concentration_groups.csv). */
	uint32_t n_groups;
	struct conc_index gidx[CONC_W_COUNT];
	const char *top_group[CONC_W_COUNT]; /* borrowed; NULL if none */
};

/* What one event does to the services: counts and the asset share. */
struct conc_outcome {
	uint32_t services;
	uint32_t institutions; /* distinct owners of those services */
	uint32_t systemic;     /* of which systemic */
	double assets;         /* sum of their total_assets */
	double assets_share;   /* assets / dataset total (0 when that is 0) */
};

/* Per provider. */
struct conc_provider {
	uint32_t node;
	/* The node whose market this one's reliance counts in: itself, or,
	 * for a vendor whose outage is its parent's (a parent of kind vendor,
	 * no outage rate of its own, no dependency but the parent: a
	 * per-customer fleet such as edr-a@INST), the nearest ancestor that
	 * is not such a node.  A provider with owner != node is in no market
	 * and has reliance 0; its reliance is its owner's. */
	uint32_t owner;
	/* Market reliance (concentration.csv): services with an edge to the
	 * node or to a node it owns (see owner); for a cloud node also to any
	 * cloud node below it. */
	double reliance[CONC_W_COUNT];
	/* Direct dependents: services with an edge to exactly this node. */
	struct conc_outcome direct;
	/* Exposure: services with any dependency path to the node. */
	struct conc_outcome exposed;
	/* Exposed institutions by type, only the types with at least one,
	 * in type order: a data set may hold as many types as institutions,
	 * and a dense [n_types] row per provider would not fit. */
	struct conc_type_share *type_shares;
	uint32_t n_type_shares;
	uint32_t dora_type;          /* type with the largest share, UINT32_MAX if none */
	double dora_max_share;       /* max over types of max(inst share, assets share) */
	int dora_flag; /* dora_max_share >= CONC_DORA_SHARE and exposed.systemic > 0 */
	/* The provider alone down without limit (engine): down > 0 ... */
	struct conc_outcome affected;
	/* ... and down > tolerance; and the same for a CONC_DAY_HOURS outage. */
	struct conc_outcome breached;
	struct conc_outcome breached_day;
	/* Single point of failure for these services (depth >= 2: nth party). */
	uint32_t spof_services, spof_nth_services, spof_institutions;
	uint32_t fr_groups; /* redundancy groups it defeats */
};

/* spof.csv: the provider's lone unlimited outage breaches the service. */
struct conc_spof {
	uint32_t service, provider; /* nodes */
	uint32_t depth;             /* shortest dependency path, in edges */
	double down;                /* the service's downtime (INFINITY: unlimited) */
};

/* false_redundancy.csv: a k < n group that one provider's outage defeats. */
struct conc_false_red {
	uint32_t group;        /* index into dataset.groups */
	uint32_t provider;     /* node */
	uint32_t members_down; /* members with min(down, failover) > 0 */
	double group_down;     /* G(g) in hours (INFINITY: unlimited) */
};

/* cutsets.csv: a provider pair that breaches services neither breaches alone. */
struct conc_cutset {
	uint32_t a, b;              /* nodes, a < b */
	struct conc_outcome broken; /* services breached by the pair only, their owners */
	uint32_t example;           /* first such service (node) */
};

/* reverse_stress.csv: one greedy step. */
struct conc_rs_step {
	uint32_t provider;         /* node added at this step */
	double gain;               /* rise of the breached asset share */
	struct conc_outcome total; /* breach of the joint outage so far */
};

struct conc_options {
	const double *durations; /* breach curve grid, ascending, INFINITY allowed */
	size_t n_durations;
	double reverse_share; /* > 0: run the reverse stress test to this share */
	int cut_hits;         /* record each cut set's services (conc_result.cut_hit) */
	int threads;          /* threads of the per-provider pass and the cut-set
	                       * search; below 1: one */
};

/* One service that an order-2 cut set breaches (conc_options.cut_hits). */
struct conc_cut_hit {
	uint32_t service; /* node */
	uint32_t a, b;    /* the pair, nodes, a < b */
};

/* reach.csv has two columns per institution type up to this many types;
 * beyond, they are left out (reach_by_type.csv has them all). */
#define CONC_WIDE_TYPES 64

/* One institution type reached by a provider's exposure. */
struct conc_type_share {
	uint32_t type;         /* index into conc_result.types */
	uint32_t institutions; /* exposed institutions of the type */
	double assets;         /* their total_assets */
};

struct conc_result {
	/* Institution types, in order of first appearance. */
	const char **types; /* borrowed from the dataset */
	uint32_t n_types;
	uint32_t *type_count; /* institutions of each type */
	double *type_assets;  /* their total_assets */

	struct conc_provider *prov; /* every vendor and cloud node, in node order */
	uint32_t n_prov;

	struct conc_market *markets; /* vendor types, then cloud levels */
	uint32_t n_markets;
	/* Group-level market weights: slot of each provider (its market and
	 * group; NONE for a provider in no market) and each slot's weights. */
	uint32_t *prov_slot;                /* [n_prov] */
	double (*slot_rel)[CONC_W_COUNT];   /* [n_prov] */

	double *durations; /* copy of the grid */
	size_t n_durations;
	struct conc_outcome *curve; /* [n_prov * n_durations], row-major by provider */

	struct conc_spof *spof;
	size_t n_spof;
	struct conc_false_red *fr;
	size_t n_fr;

	struct conc_cutset *cut; /* sorted: institutions, services (desc), then a, b */
	size_t n_cut;
	uint64_t cut_pairs;            /* provider pairs in all */
	uint64_t cut_pairs_propagated; /* pairs left after pruning, propagated jointly */
	uint64_t cut_services;         /* (pair, service) findings in all */
	/* The search stopped at the cutsets limit (limits.h): a k-of-n group
	 * with k = n - 1 alone makes every pair of its n members a cut set. */
	int cut_truncated;
	uint64_t cut_limit;
	/* With conc_options.cut_hits: every (cut set, service) finding of cut,
	 * sorted by service, then a, b (n_cut_hit == cut_services). */
	struct conc_cut_hit *cut_hit;
	size_t n_cut_hit;

	/* spof.csv stopped at the spof limit (limits.h); the per-provider
	 * counts (spof_services, ...) are exact all the same. */
	int spof_truncated;
	uint64_t spof_limit;
	uint32_t spof_services; /* services with at least one (exact) */

	int rs_run; /* the reverse stress test was asked for */
	double rs_target;
	struct conc_rs_step *rs;
	size_t n_rs;
	int rs_reached; /* the last step's share >= rs_target */
};

/* The indices of one market; w[i] >= 0. */
void conc_index_compute(const double *w, uint32_t n, struct conc_index *out);

enum conc_class conc_classify(double hhi);
const char *conc_class_name(enum conc_class c);
const char *conc_weight_name(enum conc_weight w);

/*
 * Run every analysis.  CP_OK; CP_ERR_INVALID with a message in err; or
 * CP_ERR_LIMIT, with a message, when the data set needs more memory than
 * the memory limit of limits.h allows (the cut-set search keeps a provider-by-provider bit
 * matrix: n_prov^2 / 8 bytes).  The engine must
 * have been compiled from ds.
 */
int conc_analyze(const struct dataset *ds, const struct engine *e,
                 const struct conc_options *o, struct conc_result *r, char *err,
                 size_t errsz);
void conc_result_free(struct conc_result *r);

/* Index of provider node v in r->prov, or UINT32_MAX. */
uint32_t conc_provider_index(const struct conc_result *r, uint32_t v);

#endif
