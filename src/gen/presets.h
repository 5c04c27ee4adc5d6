/*
 * presets.h - the generator's presets (jp, eu) and the types of their
 * tables: institution types, vendor types, service categories and what
 * each needs, the cloud market, jp's relay layer and named vendors.
 *
 * Private to src/gen.  Every table is static and constant: callers read
 * them through the pointers presets_find returns and never free them.
 */
#ifndef CHOKEPOINT_PRESETS_H
#define CHOKEPOINT_PRESETS_H

#include <stddef.h>

enum need_kind { NEED_VENDOR, NEED_CLOUD, NEED_BANK };

/* A provider that services of a category use. */
struct need {
	enum need_kind kind;
	const char *type;     /* vendor type; NEED_BANK: a bank service's category key */
	double p;             /* chance a service has it */
	double p_dual;        /* chance it is a redundant pair (group, 1 of 2 up) */
	const char *label;    /* the pair's group label */
	double failover;      /* hours; 0: none */
};

#define MAX_NEEDS 6

/* An important business service category. */
struct category {
	const char *key;      /* referenced by institution types */
	const char *suffix;   /* service id: <institution>-<suffix> */
	const char *category; /* services.csv category */
	const char *name;
	double tol, tol_alt;  /* tolerance: tol, or tol_alt for half (0: none) */
	double tol_systemic;  /* systemic institutions (0: as others) */
	double volume;        /* daily volume at the type's median assets */
	struct need needs[MAX_NEEDS]; /* until type == NULL */
};

#define MAX_SVC 8

/* An institution type. */
struct itype {
	const char *type, *prefix, *name;
	double count;                  /* at scale 1 */
	double median, sigma, lo, hi;  /* total_assets: clamped log-normal */
	double systemic;               /* the largest this many (scaled) */
	int bank;                      /* its services serve non-banks */
	const char *core_type;         /* vendor type of its shared core centers */
	int core_index;                /* -1: by market share; else that member */
	double p_core, p_cloud;        /* else own systems in a data center */
	double own_failover;           /* own systems' backup site, hours */
	double p_net_dual, p_net;      /* carriers: a pair, else one */
	double p_edr, p_outsource;     /* endpoint security; IT outsourcing */
	struct {
		const char *key;
		double p;
	} svc[MAX_SVC];                /* until key == NULL; the first if none drawn */
};

/* A vendor type.  Its dependencies are on earlier types (and clouds). */
struct vtype {
	const char *type, *prefix, *name;
	double count;                  /* at scale 1 */
	double alpha;                  /* market shares: weight (i + 1)^-alpha */
	double rate_lo, rate_hi;       /* own outages a year, uniform */
	double median, p95;            /* outage duration, hours */
	const char *country;           /* NULL: the preset's */
	double p_cloud;                /* hosted on a cloud */
	double p_dc, p_dc_dual;        /* else in a data center; a pair of sites */
	double dc_failover;            /* backup site after this many hours (0: none) */
	double p_net_dual, p_net;
	double p_edr;
	double n_software;             /* software it uses (mean; the fraction is a chance) */
	const char *upstream;          /* an earlier type each one needs */
	double p_upstream;
};

struct country_weight {
	const char *code;
	double w;
};

/* A provider of fixed id: the nodes of a relay layer. */
struct fixed_provider {
	const char *id, *name;
	double rate, median, p95;
};

/*
 * A clearing system whose participants reach it through relay computers
 * (as in data/jp-sector, cf. the Oct 2023 relay fault): the clearing
 * market's leader is renamed 'system'; 'current' is the relay every
 * participant uses; of the institution types in 'switched_types', that
 * many (at scale 1) have switched to new equipment, each its own relay
 * "<switched.id>-<institution>" whose parent is 'switched'.
 */
#define MAX_SWITCHED_TYPES 4

struct relay_layer {
	const char *clearing_type;  /* vendor type of the clearing system */
	struct fixed_provider system, current, switched;
	const char *own_name;       /* an institution's relay: "<own_name> <institution>" */
	struct {
		const char *itype;
		double count;
	} switched_types[MAX_SWITCHED_TYPES]; /* until itype == NULL */
};

/*
 * The first members of a vendor type, named as in data/jp-sector so that
 * a model's targets (core-center-a, core-center-e) exist on generated data:
 * member i (the i-th by market share) is names[i]; members after the list
 * keep "<prefix>-NNN", numbered by position.  The type has at least as
 * many members as names at every scale; the members it has only for that
 * (at small scales) draw from streams of their own, so the other vendors'
 * draws do not move.
 */
#define MAX_NAMED 8

struct named_vendors {
	const char *type;
	struct {
		const char *id, *name;
	} names[MAX_NAMED]; /* until id == NULL */
};

/*
 * A service the largest institution of a type always has, as in
 * data/jp-sector (fundtransfer-001-payments).  When its own draw leaves
 * the service out, the service's draws come from streams of their own, so
 * the other services' draws do not move.  'key' is a non-bank category
 * (a bank's service would change the bank markets' weights).
 */
struct top_service {
	const char *itype, *key;
};

struct preset {
	const char *name;
	const char *country;                    /* NULL: drawn from countries */
	const struct country_weight *countries; /* until code == NULL */
	/* cloud market */
	int n_clouds;
	const char *const *cloud_country;       /* per provider */
	double cloud_alpha;
	const int *n_regions;                   /* per provider */
	const char *const *region_id;           /* shared list: first n of it */
	const char *const *region_name;
	const struct itype *itypes;
	size_t n_itypes;
	const struct vtype *vtypes;
	size_t n_vtypes;
	const struct category *cats;
	size_t n_cats;
	const struct need *svc_extra;           /* needs of every service */
	double asset_decimals;                  /* total_assets decimals */
	const struct relay_layer *relay;        /* NULL: services use the clearing system */
	const struct named_vendors *named;      /* until type == NULL; NULL: none */
	const struct top_service *top;          /* until itype == NULL; NULL: none */
};

/* The preset called 'name', or NULL. */
const struct preset *presets_find(const char *name);

/* The fleet node type of vendor type 'type', or NULL. */
const char *presets_fleet_type(const char *type);

#endif
