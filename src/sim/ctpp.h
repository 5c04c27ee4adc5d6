/*
 * ctpp.h - the quantitative "step 1" sub-criteria of Commission Delegated
 * Regulation (EU) 2024/1502 (designation of critical ICT third-party
 * service providers, CTPPs), per provider group (chokepoint-report(5),
 * ctpp.csv).
 *
 * A provider group is the set of providers (vendors and cloud nodes) that
 * share a `group` value; a provider without one is a group of its own.
 * Every service of the data set is taken to support a critical or
 * important function (import maps only those to services).  A group
 * serves an institution when a service of the institution has a
 * dependency edge (not a parent edge) to a provider of the group.
 *
 * Categories of financial entities are the institution types; a type is
 * "mapped" when it is one of the names `chokepoint import` gives to the
 * categories of Article 2(1) of Regulation (EU) 2022/2554.
 *
 * Ownership: ctpp_compute fills a caller-owned struct ctpp_result;
 * ctpp_result_free releases it.  Strings are borrowed from the dataset
 * and the conc_result, which must outlive it.
 */
#ifndef CHOKEPOINT_CTPP_H
#define CHOKEPOINT_CTPP_H

#include <stdint.h>

#include "input/dataset.h"
#include "sim/concentration.h"

/* The threshold of Article 2(4): both shares above 10 %. */
#define CTPP_SHARE_THRESHOLD 0.10
/* Article 3(2)(b) and 3(3)(b): at least three systemic entities. */
#define CTPP_SYSTEMIC_MIN 3

/* Whether a sub-criterion is met, or the data cannot settle it. */
enum ctpp_verdict { CTPP_NO, CTPP_YES, CTPP_UNKNOWN };

/* One category of financial entities a group serves. */
struct ctpp_cat {
	uint32_t type;         /* index into conc_result.types */
	int mapped;            /* the type names a category of Article 2(1) DORA */
	uint32_t institutions; /* institutions of the type the group serves */
	double assets;         /* their total_assets */
	double inst_share;     /* institutions / institutions of the type */
	double assets_share;   /* assets / assets of the type; < 0 when that is 0 */
	enum ctpp_verdict met; /* both shares above the threshold */
};

struct ctpp_group {
	const char *group; /* borrowed from the dataset */
	uint32_t n_providers;
	struct ctpp_cat *cats; /* categories served, in type order */
	uint32_t n_cats;
	enum ctpp_verdict art2;     /* sub-criteria 1.1 and 1.2, Article 2(4) */
	uint32_t systemic_credit;   /* systemic credit institutions served */
	uint32_t systemic_gj;       /* systemic CSDs, CCPs, trading venues, TRs */
	uint32_t systemic_other;    /* other systemic entities of a mapped type */
	uint32_t systemic_unmapped; /* systemic entities of an unmapped type */
	enum ctpp_verdict art3_21;  /* sub-criterion 2.1, Article 3(2) */
	enum ctpp_verdict art3_22;  /* sub-criterion 2.2, Article 3(3) */
	enum ctpp_verdict art5;     /* sub-criteria 4.1 and 4.2: always unknown */
	enum ctpp_verdict step1;    /* all of the above, Article 1(1)(a) */
};

struct ctpp_result {
	struct ctpp_group *groups; /* sorted by group name */
	uint32_t n_groups;
};

/* Assess every provider group of ds; r is ds's concentration analysis
 * (its institution types and their counts and assets). */
void ctpp_compute(const struct dataset *ds, const struct conc_result *r,
                  struct ctpp_result *out);
void ctpp_result_free(struct ctpp_result *out);

/* "yes", "no" or "unknown". */
const char *ctpp_verdict_name(enum ctpp_verdict v);

/* The category of Article 2(1) DORA that an institution type names:
 * 'a' credit institutions, 'g'..'j' CSDs, CCPs, trading venues, trade
 * repositories, 'o' another category, 0 an unmapped type. */
char ctpp_category(const char *type);

#endif
