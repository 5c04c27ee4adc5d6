/*
 * generate.c - synthetic sector data sets from presets (generate.h).
 *
 * A data set is built in layers, each depending only on the layers
 * before it, so the dependency graph is acyclic by construction:
 *
 *   cloud       providers, their regions and three zones per region
 *               (zone -> region -> provider through `parent`);
 *   vendors     by type, in table order; a vendor runs on a cloud or in
 *               a data center and uses carriers, endpoint security,
 *               software and an upstream vendor, all of earlier types:
 *               the nth-party ranks of DORA's register of information;
 *   institutions by type, log-normal assets within the type (largest
 *               first; the largest n are systemic), each on a shared
 *               core center, on a cloud or on its own systems in a data
 *               center with a backup site, with carriers and security;
 *   services    per institution, each with the providers its category
 *               needs: clearing, processors, card networks, software,
 *               cloud hosting, a bank's service (for non-banks);
 *   relays      jp only, as in data/jp-sector: the clearing market's
 *               leader becomes interbank-clearing, and every service row on it names
 *               a relay computer instead (failover kept): clearing-relay-a,
 *               or the institution's own clearing-relay-b-<institution>
 *               (parent clearing-relay-b, no outage rate of its own) for
 *               the few of chosen types that switched to new equipment
 *               (cf. Oct 2023: 14 switched, 11 affected).  The two relays
 *               depend on interbank-clearing.  Drawn from a stream of their own.
 *   fleets      each customer of an endpoint-security vendor runs the
 *               vendor's agent on its own machines: a vendor node
 *               <vendor>@<customer> (type endpoint_fleet, parent the
 *               vendor, no outage rate of its own) that the customer's row
 *               names instead of the vendor, as in data/jp-sector.  A
 *               vendor-wide outage reaches every fleet through the parent;
 *               a faulty update can hit a share of them.
 *
 * jp names what data/jp-sector's models target as that data set does:
 * the core-banking centers (core-center-a, ..., core-center-e, ...,
 * core-broker-b; at least as many members as names at every scale), and
 * the largest fund transfer operator's app payments
 * (fundtransfer-001-payments).  The nodes made only for that draw from
 * side streams (side_begin): every other draw is the one it would be
 * without them.
 *
 * Within a provider type, market shares follow a power law: member i
 * (0-based) is chosen with weight (i + 1)^-alpha, so the first members
 * are the market leaders.  Redundancy appears as groups (1 of 2 carriers,
 * 1 of 3 zones, 1 of 2 regions, 1 of 2 sites), failover as backup sites
 * and manual workarounds after some hours.
 *
 * The presets' tables are in presets.c.
 */
#include "config.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/outfile.h"
#include "base/path.h"
#include "base/rng.h"
#include "base/text.h"
#include "gen/generate.h"
#include "gen/presets.h"

#define NONE UINT32_MAX

const char *const generate_files[5] = {
	"institutions.csv", "services.csv", "vendors.csv", "cloud.csv", "dependencies.csv"
};

/* Cloud outage parameters (data/jp-sector/README.md): provider, region, zone. */
#define CLOUD_PROVIDER_RATE 0.05
#define CLOUD_REGION_RATE 0.2
#define CLOUD_ZONE_RATE_LO 0.5
#define CLOUD_ZONE_RATE_HI 1.0
#define ZONES_PER_REGION 3

/* Random streams, one per layer: changing one layer's tables leaves the
 * draws of the others alone.  The side streams serve the nodes made only
 * so that a named vendor or a top service exists (side_begin). */
enum { STREAM_CLOUD = 1, STREAM_VENDORS, STREAM_INSTITUTIONS, STREAM_SERVICES,
       STREAM_VENDOR_DEPS, STREAM_INSTITUTION_DEPS, STREAM_RELAYS,
       STREAM_NAMED_VENDORS, STREAM_NAMED_VENDOR_DEPS, STREAM_TOP_SERVICES,
       STREAM_TOP_SERVICE_DEPS };

/* ---- the data set being built ----------------------------------------- */

enum gkind { G_INST, G_SVC, G_VENDOR, G_CLOUD };

struct gnode {
	char *id, *name;
	const char *type, *country;
	enum gkind kind;
	/* providers (median, p95: NAN when not given) */
	uint32_t parent;
	double rate, median, p95;
	const char *fleet_type;  /* vendors: their customers' fleet type, or NULL */
	uint32_t next_fleet;     /* fleets: the next fleet of the same customer */
	/* dependents (institutions, services, vendors) */
	uint32_t first_fleet;    /* the first of their fleets */
	/* institutions */
	double assets;
	int systemic;
	uint32_t itype, first_svc, n_svc;
	uint32_t relay;          /* its own clearing relay, or NONE */
	uint32_t rank;           /* 0 for the largest of its type */
	/* services */
	uint32_t inst;
	int side;                /* a top service made only for jp_top: side streams */
	const struct category *cat;
	double tol, volume;
};

struct gdep {
	uint32_t from, to;
	const char *group; /* "" when ungrouped */
	uint32_t min_up;   /* 0 when ungrouped */
	double failover;   /* 0: none */
};

/* The members of one provider market, with cumulative weights. */
struct market {
	uint32_t *node;
	double *cum;
	uint32_t n;
	size_t alloc_node, alloc_cum;
};

/* What one dependent already depends on, to keep rows unique. */
#define SEEN_MAX 64

struct seen {
	uint32_t n;
	uint32_t to[SEEN_MAX];
	const char *group[SEEN_MAX];
};

struct gen {
	const struct preset *p;
	double scale;
	uint64_t seed;
	gsl_rng *rng;               /* the stream drawn from: main or side */
	gsl_rng *main, *side;
	struct gnode *nodes;
	uint32_t n_nodes;
	size_t alloc_nodes;
	struct gdep *deps;
	size_t n_deps, alloc_deps;
	struct market *vmarket;     /* [n_vtypes] */
	uint32_t *drawn;            /* [n_vtypes]: members drawn from the main streams */
	struct market clouds;       /* providers */
	struct market *regions;     /* [n_clouds]: each provider's regions */
	struct market *bank;        /* [n_cats]: bank services by category, by assets */
	struct market countries;    /* by weight; 'node' is an index into p->countries */
	uint32_t n_kind[4];
};

static void stream(struct gen *g, uint64_t layer)
{
	gsl_rng_set(g->main, rng_key(g->seed, layer, 0));
}

/*
 * Draw from side stream (layer, k) until side_end: a node that exists only
 * so that a named vendor or a top service does takes its draws there, and
 * the main stream's next draw is the one it would have been without it.
 */
static void side_begin(struct gen *g, uint64_t layer, uint64_t k)
{
	gsl_rng_set(g->side, rng_key(g->seed, layer, k));
	g->rng = g->side;
}

static void side_end(struct gen *g)
{
	g->rng = g->main;
}

static double unif(struct gen *g)
{
	return gsl_rng_uniform(g->rng);
}

static uint32_t new_node(struct gen *g, enum gkind kind)
{
	ALLOC_GROW(g->nodes, g->n_nodes + 1, g->alloc_nodes);
	struct gnode *v = &g->nodes[g->n_nodes];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->parent = NONE;
	v->inst = NONE;
	v->next_fleet = NONE;
	v->first_fleet = NONE;
	v->relay = NONE;
	g->n_kind[kind]++;
	return g->n_nodes++;
}

/*
 * A provider node (cloud.csv or vendors.csv), its fields in the files'
 * column order; takes ownership of id and name.
 */
static uint32_t new_provider(struct gen *g, enum gkind kind, char *id, char *name,
                             const char *type, uint32_t parent, const char *country,
                             double rate, double median, double p95)
{
	uint32_t v = new_node(g, kind);
	struct gnode *n = &g->nodes[v];
	n->id = id;
	n->name = name;
	n->type = type;
	n->parent = parent;
	n->country = country;
	n->rate = rate;
	n->median = median;
	n->p95 = p95;
	return v;
}

static void market_add(struct market *m, uint32_t node, double w)
{
	ALLOC_GROW(m->node, m->n + 1, m->alloc_node);
	ALLOC_GROW(m->cum, m->n + 1, m->alloc_cum);
	m->node[m->n] = node;
	m->cum[m->n] = (m->n ? m->cum[m->n - 1] : 0) + w;
	m->n++;
}

static void market_free(struct market *m)
{
	free(m->node);
	free(m->cum);
}

/* Index of a member drawn by weight (the market must not be empty). */
static uint32_t market_pick_index(struct gen *g, const struct market *m)
{
	double u = unif(g) * m->cum[m->n - 1];
	uint32_t lo = 0, hi = m->n - 1;
	while (lo < hi) { /* the first i with u < cum[i] */
		uint32_t mid = lo + (hi - lo) / 2;
		if (u < m->cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A member drawn by weight. */
static uint32_t market_pick(struct gen *g, const struct market *m)
{
	return m->node[market_pick_index(g, m)];
}

/* Two distinct members (the market must have two). */
static void market_pick2(struct gen *g, const struct market *m, uint32_t out[2])
{
	out[0] = market_pick(g, m);
	for (int tries = 0; tries < 32; tries++) {
		out[1] = market_pick(g, m);
		if (out[1] != out[0])
			return;
	}
	/* a dominant leader: take the next member */
	for (uint32_t i = 0; i < m->n; i++)
		if (m->node[i] == out[0]) {
			out[1] = m->node[(i + 1) % m->n];
			return;
		}
}

/* Market of vendor type 'type' among the first 'before' types, or NULL. */
static const struct market *vmarket(const struct gen *g, const char *type, size_t before)
{
	for (size_t t = 0; t < before && t < g->p->n_vtypes; t++)
		if (strcmp(g->p->vtypes[t].type, type) == 0)
			return g->vmarket[t].n ? &g->vmarket[t] : NULL;
	return NULL;
}

static const char *country(struct gen *g)
{
	if (g->p->country)
		return g->p->country;
	return g->p->countries[market_pick(g, &g->countries)].code;
}

/* Round to 'nd' decimals, as the CSV will show it. */
static double round_to(double x, int nd)
{
	double f = pow(10, nd);
	return round(x * f) / f;
}

/* Scaled count: at least 'min'. */
static uint32_t scaled(double count, double scale, uint32_t min)
{
	double n = round(count * scale);
	return n < min ? min : (uint32_t)n;
}

/* Member i (0-based) in letters from 'a' (or 'A'): a, ..., z, aa, ab, ... */
static void letters(char buf[8], uint32_t i, char a)
{
	char rev[8];
	int n = 0;
	for (uint64_t x = (uint64_t)i + 1; x > 0; x = (x - 1) / 26) /* bijective base 26 */
		rev[n++] = (char)(a + (x - 1) % 26);
	for (int k = 0; k < n; k++)
		buf[k] = rev[n - 1 - k];
	buf[n] = '\0';
}

/*
 * Width of the number in generated ids: at least 3 digits, more only as
 * the number itself needs ("bank-007", "bank-1234").  Not widened with the
 * count of the type, so a member keeps its id at every scale and a model
 * naming fundtransfer-001-payments runs on any generated sector.
 */
#define ID_DIGITS 3

/* ---- dependencies ------------------------------------------------------ */

static int seen_has(const struct seen *s, uint32_t to, const char *group)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (s->to[i] == to && strcmp(s->group[i], group) == 0)
			return 1;
	return 0;
}

static void push_dep(struct gen *g, uint32_t from, uint32_t to, const char *group,
                     uint32_t min_up, double failover, struct seen *s)
{
	ALLOC_GROW(g->deps, g->n_deps + 1, g->alloc_deps);
	g->deps[g->n_deps++] = (struct gdep){ from, to, group, min_up, failover };
	if (s && s->n < SEEN_MAX) {
		s->to[s->n] = to;
		s->group[s->n] = group;
		s->n++;
	}
}

/* 'from' needs 'to' (ungrouped), unless it already does. */
static void dep1(struct gen *g, uint32_t from, uint32_t to, double failover,
                 struct seen *s)
{
	if (to == NONE || to == from || seen_has(s, to, ""))
		return;
	push_dep(g, from, to, "", 0, failover, s);
}

/* 'from' needs k of the n members, as group 'label' (skipped if taken). */
static void depk(struct gen *g, uint32_t from, const char *label, const uint32_t *m,
                 uint32_t n, uint32_t k, double failover, struct seen *s)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (strcmp(s->group[i], label) == 0)
			return; /* one group per label and dependent */
	for (uint32_t i = 0; i < n; i++)
		push_dep(g, from, m[i], label, k, failover, s);
}

/*
 * Host 'from' on a cloud drawn by market share: 60 % across the three
 * zones of a region (1 of 3 up), 20 % in a single zone, 20 % across two
 * regions (1 of 2 up).  Group labels carry 'prefix' so that a service's
 * hosting never merges with its institution's.
 */
static void host(struct gen *g, uint32_t from, const char *prefix, double failover,
                 struct seen *s)
{
	static const char *const labels[2][2] = { { "az", "region" },
		                                  { "app-az", "app-region" } };
	const char *const *lab = labels[prefix[0] != '\0'];
	const struct market *rm = &g->regions[market_pick_index(g, &g->clouds)];
	double u = unif(g);
	uint32_t r = market_pick(g, rm);
	if (u < 0.6 || (u >= 0.8 && rm->n < 2)) {
		uint32_t z[ZONES_PER_REGION];
		for (uint32_t i = 0; i < ZONES_PER_REGION; i++)
			z[i] = r + 1 + i; /* a region's zones follow it */
		depk(g, from, lab[0], z, ZONES_PER_REGION, 1, failover, s);
	} else if (u < 0.8) {
		dep1(g, from, r + 1 + (uint32_t)gsl_rng_uniform_int(g->rng, ZONES_PER_REGION),
		     failover, s);
	} else {
		uint32_t two[2];
		market_pick2(g, rm, two);
		depk(g, from, lab[1], two, 2, 1, failover, s);
	}
}

/* A carrier pair (1 of 2 up) with chance p_dual, else one with chance p. */
static void network(struct gen *g, uint32_t from, double p_dual, double p, size_t before,
                    struct seen *s)
{
	const struct market *tm = vmarket(g, "telecom", before);
	if (!tm)
		return;
	if (tm->n >= 2 && unif(g) < p_dual) {
		uint32_t two[2];
		market_pick2(g, tm, two);
		depk(g, from, "net", two, 2, 1, 0, s);
	} else if (unif(g) < p) {
		dep1(g, from, market_pick(g, tm), 0, s);
	}
}

/* One vendor of market m, or a pair (1 of 2 up) with chance p_dual. */
static void vendor_need(struct gen *g, uint32_t from, const struct market *m,
                        double p_dual, const char *label, double failover,
                        struct seen *s)
{
	if (!m)
		return;
	if (label && m->n >= 2 && unif(g) < p_dual) {
		uint32_t two[2];
		market_pick2(g, m, two);
		depk(g, from, label, two, 2, 1, failover, s);
	} else {
		/* a second need of the same type may pick the same vendor:
		 * try a few draws for a new one */
		for (int tries = 0; tries < 4; tries++) {
			uint32_t v = market_pick(g, m);
			if (!seen_has(s, v, "")) {
				dep1(g, from, v, failover, s);
				return;
			}
		}
	}
}

/* ---- layers ------------------------------------------------------------ */

static void make_cloud(struct gen *g)
{
	const struct preset *p = g->p;
	stream(g, STREAM_CLOUD);
	g->regions = xcalloc((size_t)p->n_clouds, sizeof *g->regions);
	for (int c = 0; c < p->n_clouds; c++) {
		char letter = (char)('a' + c), upper = (char)('A' + c);
		uint32_t v = new_provider(g, G_CLOUD, xasprintf("cloud-%c", letter),
		                          xasprintf("Cloud %c", upper), "provider", NONE,
		                          p->cloud_country[c], CLOUD_PROVIDER_RATE, 6, 24);
		market_add(&g->clouds, v, pow(c + 1, -p->cloud_alpha));
		for (int r = 0; r < p->n_regions[c]; r++) {
			uint32_t rv = new_provider(
				g, G_CLOUD, xasprintf("cloud-%c-%s", letter, p->region_id[r]),
				xasprintf("Cloud %c %s region", upper, p->region_name[r]),
				"region", v, p->cloud_country[c], CLOUD_REGION_RATE, 6, 16);
			/* the first regions are the busiest */
			market_add(&g->regions[c], rv, pow(r + 1, -1.0));
			for (int z = 1; z <= ZONES_PER_REGION; z++) {
				double rate = round_to(CLOUD_ZONE_RATE_LO +
				                       unif(g) * (CLOUD_ZONE_RATE_HI -
				                                  CLOUD_ZONE_RATE_LO), 2);
				new_provider(g, G_CLOUD,
				             xasprintf("cloud-%c-%s-%d", letter, p->region_id[r], z),
				             xasprintf("Cloud %c %s zone %d", upper,
				                       p->region_name[r], z),
				             "zone", rv, p->cloud_country[c], rate, 3, 10);
			}
		}
	}
}

/* The preset's names for the members of vendor type 'type', or NULL. */
static const struct named_vendors *named_of(const struct preset *p, const char *type)
{
	for (size_t k = 0; p->named && p->named[k].type; k++)
		if (strcmp(p->named[k].type, type) == 0)
			return &p->named[k];
	return NULL;
}

static uint32_t n_names(const struct named_vendors *nv)
{
	uint32_t n = 0;
	while (nv && n < MAX_NAMED && nv->names[n].id)
		n++;
	return n;
}

static void make_vendors(struct gen *g)
{
	const struct preset *p = g->p;
	g->vmarket = xcalloc(p->n_vtypes, sizeof *g->vmarket);
	g->drawn = xcalloc(p->n_vtypes, sizeof *g->drawn);
	stream(g, STREAM_VENDORS);
	for (size_t t = 0; t < p->n_vtypes; t++) {
		const struct vtype *vt = &p->vtypes[t];
		const struct named_vendors *nv = named_of(p, vt->type);
		uint32_t n = scaled(vt->count, g->scale, 1), nn = n_names(nv);
		g->drawn[t] = n;
		if (n < nn) /* every named member exists */
			n = nn;
		const char *ft = presets_fleet_type(vt->type);
		for (uint32_t i = 0; i < n; i++) {
			if (i == g->drawn[t])
				side_begin(g, STREAM_NAMED_VENDORS, t);
			/* two draws, in this order: the country, then the rate */
			const char *cc = vt->country ? vt->country : country(g);
			double rate =
				round_to(vt->rate_lo + unif(g) * (vt->rate_hi - vt->rate_lo), 2);
			char *id, *name;
			if (i < nn) {
				id = xstrdup(nv->names[i].id);
				name = xstrdup(nv->names[i].name);
			} else if (ft) {
				char lo[8], up[8];
				letters(lo, i, 'a');
				letters(up, i, 'A');
				id = xasprintf("%s-%s", vt->prefix, lo);
				name = xasprintf("%s %s", vt->name, up);
			} else {
				id = xasprintf("%s-%0*u", vt->prefix, ID_DIGITS, i + 1);
				name = xasprintf("%s %0*u", vt->name, ID_DIGITS, i + 1);
			}
			uint32_t v = new_provider(g, G_VENDOR, id, name, vt->type, NONE, cc,
			                          rate, vt->median, vt->p95);
			g->nodes[v].fleet_type = ft;
			market_add(&g->vmarket[t], v, pow(i + 1, -vt->alpha));
		}
		side_end(g);
	}
	/* nth-party links, only to earlier types: acyclic */
	stream(g, STREAM_VENDOR_DEPS);
	for (size_t t = 0; t < p->n_vtypes; t++) {
		const struct vtype *vt = &p->vtypes[t];
		const struct market *dc = vmarket(g, "data_center", t);
		const struct market *sw = vmarket(g, "software", t);
		const struct market *edr = vmarket(g, "security", t);
		const struct market *up = vt->upstream ? vmarket(g, vt->upstream, t) : NULL;
		for (uint32_t i = 0; i < g->vmarket[t].n; i++) {
			uint32_t v = g->vmarket[t].node[i];
			struct seen s = { 0 };
			if (i == g->drawn[t])
				side_begin(g, STREAM_NAMED_VENDOR_DEPS, t);
			double u = unif(g);
			if (u < vt->p_cloud) {
				host(g, v, "", vt->dc_failover, &s);
			} else if (dc && u < vt->p_cloud + vt->p_dc) {
				if (dc->n >= 3 && vt->p_dc_dual >= 1) {
					/* critical infrastructure: three sites, two needed */
					uint32_t three[3];
					market_pick2(g, dc, three);
					three[2] = market_pick(g, dc);
					for (uint32_t k = 0; three[2] == three[0] || three[2] == three[1];
					     k++) /* a leader drawn again: the next member */
						three[2] = dc->node[k % dc->n];
					depk(g, v, "site", three, 3, 2, 0, &s);
				} else if (dc->n >= 2 && unif(g) < vt->p_dc_dual) {
					uint32_t two[2];
					market_pick2(g, dc, two);
					depk(g, v, "site", two, 2, 1, 0, &s);
				} else {
					dep1(g, v, market_pick(g, dc), vt->dc_failover, &s);
				}
			}
			network(g, v, vt->p_net_dual, vt->p_net, t, &s);
			if (edr && unif(g) < vt->p_edr)
				dep1(g, v, market_pick(g, edr), 0, &s);
			double nsw = vt->n_software;
			for (; sw && nsw > 0; nsw -= 1)
				if (nsw >= 1 || unif(g) < nsw)
					vendor_need(g, v, sw, 0, NULL, 0, &s);
			if (up && unif(g) < vt->p_upstream)
				dep1(g, v, market_pick(g, up), 0, &s);
		}
		side_end(g);
	}
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y;
}

static const struct category *category_of(const struct preset *p, const char *key)
{
	for (size_t c = 0; c < p->n_cats; c++)
		if (strcmp(p->cats[c].key, key) == 0)
			return &p->cats[c];
	return NULL;
}

static void make_institutions(struct gen *g)
{
	const struct preset *p = g->p;
	stream(g, STREAM_INSTITUTIONS);
	for (size_t t = 0; t < p->n_itypes; t++) {
		const struct itype *it = &p->itypes[t];
		uint32_t n = scaled(it->count, g->scale, 1);
		uint32_t n_sys = it->systemic > 0 ? scaled(it->systemic, g->scale, 1) : 0;
		double *a = xcalloc(n, sizeof *a);
		for (uint32_t i = 0; i < n; i++) {
			double x = gsl_ran_lognormal(g->rng, log(it->median), it->sigma);
			a[i] = x < it->lo ? it->lo : x > it->hi ? it->hi : x;
		}
		qsort(a, n, sizeof *a, cmp_desc); /* 001 is the largest */
		for (uint32_t i = 0; i < n; i++) {
			uint32_t v = new_node(g, G_INST);
			struct gnode *nd = &g->nodes[v];
			nd->id = xasprintf("%s-%0*u", it->prefix, ID_DIGITS, i + 1);
			nd->name = xasprintf("%s %0*u", it->name, ID_DIGITS, i + 1);
			nd->type = it->type;
			nd->country = country(g);
			nd->assets = round_to(a[i], (int)p->asset_decimals);
			nd->systemic = i < n_sys;
			nd->rank = i;
			nd->itype = (uint32_t)t;
		}
		free(a);
	}
}

/* Whether the largest institution of type 'itype' always has service 'key'. */
static int is_top_service(const struct preset *p, const char *itype, const char *key)
{
	for (size_t k = 0; p->top && p->top[k].itype; k++)
		if (strcmp(p->top[k].itype, itype) == 0 && strcmp(p->top[k].key, key) == 0)
			return 1;
	return 0;
}

static void make_services(struct gen *g)
{
	const struct preset *p = g->p;
	stream(g, STREAM_SERVICES);
	uint32_t n_inst = g->n_nodes;
	for (uint32_t v = 0; v < n_inst; v++) {
		if (g->nodes[v].kind != G_INST)
			continue;
		const struct itype *it = &p->itypes[g->nodes[v].itype];
		g->nodes[v].first_svc = g->n_nodes;
		/* a draw for every listed service; the first when none is drawn */
		int take[MAX_SVC] = { 0 }, any = 0, side[MAX_SVC] = { 0 };
		for (int k = 0; k < MAX_SVC && it->svc[k].key; k++)
			any |= take[k] = unif(g) < it->svc[k].p;
		take[0] |= !any;
		/* the largest of the type: its top services, from a side stream
		 * if not drawn */
		for (int k = 0; k < MAX_SVC && it->svc[k].key; k++)
			if (g->nodes[v].rank == 0 && !take[k] &&
			    is_top_service(p, it->type, it->svc[k].key))
				take[k] = side[k] = 1;
		for (int k = 0; k < MAX_SVC && it->svc[k].key; k++) {
			if (!take[k])
				continue;
			if (side[k])
				side_begin(g, STREAM_TOP_SERVICES,
				           (uint64_t)g->nodes[v].itype * MAX_SVC + (uint64_t)k);
			const struct category *cat = category_of(p, it->svc[k].key);
			uint32_t s = new_node(g, G_SVC);
			struct gnode *inst = &g->nodes[v], *sv = &g->nodes[s];
			sv->id = xasprintf("%s-%s", inst->id, cat->suffix);
			sv->name = xstrdup(cat->name);
			sv->type = cat->category;
			sv->inst = v;
			sv->cat = cat;
			double tol = cat->tol_alt > 0 && unif(g) < 0.5 ? cat->tol_alt : cat->tol;
			if (inst->systemic && cat->tol_systemic > 0)
				tol = cat->tol_systemic;
			sv->tol = tol;
			/* volume: the category's figure at the type's median assets,
			 * growing with assets (elasticity 0.7), log-normal noise */
			double rel = inst->assets > 0 ? inst->assets / it->median : 1;
			double vol = cat->volume * pow(rel, 0.7) *
			             gsl_ran_lognormal(g->rng, 0, 0.3);
			sv->volume = vol < 1 ? 1 : round(vol);
			sv->side = side[k];
			inst->n_svc++;
			side_end(g);
		}
	}
}

/* Bank services of each category, weighted by their institution's assets. */
static void make_bank_markets(struct gen *g)
{
	const struct preset *p = g->p;
	g->bank = xcalloc(p->n_cats, sizeof *g->bank);
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		const struct gnode *s = &g->nodes[v];
		if (s->kind != G_SVC || !p->itypes[g->nodes[s->inst].itype].bank)
			continue;
		double w = g->nodes[s->inst].assets;
		if (w > 0)
			market_add(&g->bank[s->cat - p->cats], v, w);
	}
}

/* Service s of an institution of type it: need nd, with chance nd->p. */
static void service_need(struct gen *g, const struct itype *it, uint32_t s,
                         const struct need *nd, struct seen *ss)
{
	const struct preset *p = g->p;
	if (unif(g) >= nd->p)
		return;
	if (nd->kind == NEED_CLOUD) {
		host(g, s, "app-", nd->failover, ss);
	} else if (nd->kind == NEED_VENDOR) {
		vendor_need(g, s, vmarket(g, nd->type, p->n_vtypes), nd->p_dual, nd->label,
		            nd->failover, ss);
	} else if (!it->bank) { /* a bank's service; banks do not lean on banks */
		const struct category *bc = category_of(p, nd->type);
		const struct market *bm = bc ? &g->bank[bc - p->cats] : NULL;
		if (bm && bm->n)
			dep1(g, s, market_pick(g, bm), nd->failover, ss);
	}
}

static void institution_deps(struct gen *g)
{
	const struct preset *p = g->p;
	const size_t all = p->n_vtypes;
	const struct market *dc = vmarket(g, "data_center", all);
	const struct market *edr = vmarket(g, "security", all);
	const struct market *msp = vmarket(g, "it_outsourcing", all);
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		const struct gnode *inst = &g->nodes[v];
		if (inst->kind != G_INST || inst->n_svc == 0)
			continue;
		const struct itype *it = &p->itypes[inst->itype];
		struct seen is = { 0 }; /* the institution's rows hold for every service */
		const struct market *core = vmarket(g, it->core_type, all);
		double u = unif(g);
		if (core && u < it->p_core) {
			uint32_t c = it->core_index >= 0
			           ? core->node[(uint32_t)it->core_index % core->n]
			           : market_pick(g, core);
			dep1(g, v, c, 0, &is);
		} else if (u < it->p_core + it->p_cloud) {
			host(g, v, "", 0, &is);
		} else if (dc) {
			dep1(g, v, market_pick(g, dc), it->own_failover, &is);
		}
		network(g, v, it->p_net_dual, it->p_net, all, &is);
		if (edr && unif(g) < it->p_edr)
			dep1(g, v, market_pick(g, edr), 0, &is);
		if (msp && unif(g) < it->p_outsource)
			dep1(g, v, market_pick(g, msp), 0, &is);

		for (uint32_t s = inst->first_svc; s < inst->first_svc + inst->n_svc; s++) {
			const struct category *cat = g->nodes[s].cat;
			struct seen ss = is;
			if (g->nodes[s].side)
				side_begin(g, STREAM_TOP_SERVICE_DEPS,
				           (uint64_t)inst->itype * MAX_SVC + (s - inst->first_svc));
			for (int k = 0; k < MAX_NEEDS && cat->needs[k].type; k++)
				service_need(g, it, s, &cat->needs[k], &ss);
			for (int k = 0; p->svc_extra && p->svc_extra[k].type; k++)
				service_need(g, it, s, &p->svc_extra[k], &ss);
			side_end(g);
		}
	}
}

/* A relay-layer node of fixed id, in the clearing system's country. */
static uint32_t fixed_provider(struct gen *g, const struct fixed_provider *fp,
                               const char *type, uint32_t parent, const char *country)
{
	return new_provider(g, G_VENDOR, xstrdup(fp->id), xstrdup(fp->name), type, parent,
	                    country, fp->rate, fp->median, fp->p95);
}

/*
 * The preset's relay layer, if any: the clearing market's leader becomes
 * the system, the two relays depend on it, and every service row naming
 * the system names its institution's relay instead: its own if the
 * institution switched, else the current one (failover and groups kept).
 * The switched institutions are drawn, uniformly among those of each type
 * with such a row, from a stream of their own: nothing else changes.
 */
static void make_relays(struct gen *g)
{
	const struct relay_layer *rl = g->p->relay;
	const struct market *cm = rl ? vmarket(g, rl->clearing_type, g->p->n_vtypes) : NULL;
	if (!cm)
		return;
	uint32_t sys = cm->node[0];
	struct gnode *sn = &g->nodes[sys];
	const char *type = sn->type, *cc = sn->country;
	free(sn->id);
	free(sn->name);
	sn->id = xstrdup(rl->system.id);
	sn->name = xstrdup(rl->system.name);
	sn->rate = rl->system.rate;
	sn->median = rl->system.median;
	sn->p95 = rl->system.p95;

	/* institutions with a service row on the system can switch */
	uint32_t n = g->n_nodes;
	unsigned char *uses = xcalloc(n, 1);
	for (size_t i = 0; i < g->n_deps; i++) {
		const struct gnode *f = &g->nodes[g->deps[i].from];
		if (g->deps[i].to == sys && f->kind == G_SVC)
			uses[f->inst] = 1;
	}
	uint32_t cur = fixed_provider(g, &rl->current, type, NONE, cc);
	uint32_t sw = fixed_provider(g, &rl->switched, type, NONE, cc);
	push_dep(g, cur, sys, "", 0, 0, NULL);
	push_dep(g, sw, sys, "", 0, 0, NULL);

	stream(g, STREAM_RELAYS);
	uint32_t *cand = xcalloc(n, sizeof *cand), *pick = xcalloc(n, sizeof *pick);
	for (int k = 0; k < MAX_SWITCHED_TYPES && rl->switched_types[k].itype; k++) {
		uint32_t nc = 0;
		for (uint32_t v = 0; v < n; v++)
			if (uses[v] && strcmp(g->nodes[v].type, rl->switched_types[k].itype) == 0)
				cand[nc++] = v;
		uint32_t want = scaled(rl->switched_types[k].count, g->scale, 1);
		if (want > nc)
			want = nc;
		if (want == 0)
			continue;
		gsl_ran_choose(g->rng, pick, want, cand, nc, sizeof *cand); /* in order */
		for (uint32_t i = 0; i < want; i++) {
			const struct gnode *inst = &g->nodes[pick[i]];
			uint32_t r = new_provider(g, G_VENDOR,
			                          xasprintf("%s-%s", rl->switched.id, inst->id),
			                          xasprintf("%s %s", rl->own_name, inst->id), type,
			                          sw, inst->country, 0, NAN, NAN);
			g->nodes[pick[i]].relay = r; /* new_provider may move the nodes */
		}
	}
	free(cand);
	free(pick);
	free(uses);

	for (size_t i = 0; i < g->n_deps; i++) {
		struct gdep *d = &g->deps[i];
		const struct gnode *f = &g->nodes[d->from];
		if (d->to == sys && f->kind == G_SVC)
			d->to = g->nodes[f->inst].relay != NONE ? g->nodes[f->inst].relay : cur;
	}
}

/*
 * The fleet of vendor 'vendor' (of a type in fleet_types) on the machines of
 * 'customer', made on first use: "<vendor>@<customer>", named
 * "<VENDOR> agents on the machines of <customer>", in the customer's
 * country, no outage rate or durations of its own.
 */
static uint32_t fleet(struct gen *g, uint32_t customer, uint32_t vendor)
{
	uint32_t f = g->nodes[customer].first_fleet;
	for (; f != NONE; f = g->nodes[f].next_fleet)
		if (g->nodes[f].parent == vendor)
			return f;
	const struct gnode *c = &g->nodes[customer], *v = &g->nodes[vendor];
	char *up = xstrdup(v->id);
	for (char *q = up; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	char *id = xasprintf("%s@%s", v->id, c->id);
	char *name = xasprintf("%s agents on the machines of %s", up, c->id);
	free(up);
	/* new_provider may move the nodes: c and v are invalid after it */
	f = new_provider(g, G_VENDOR, id, name, v->fleet_type, vendor, c->country, 0, NAN,
	                 NAN);
	g->nodes[f].next_fleet = g->nodes[customer].first_fleet;
	g->nodes[customer].first_fleet = f;
	return f;
}

/* Every row on a vendor of a type in fleet_types names the customer's
 * fleet instead; fleets are made in the order of the rows (no draws). */
static void make_fleets(struct gen *g)
{
	for (size_t i = 0; i < g->n_deps; i++) {
		struct gdep *d = &g->deps[i];
		const struct gnode *to = &g->nodes[d->to];
		if (to->fleet_type)
			d->to = fleet(g, d->from, d->to);
	}
}

/* ---- output ------------------------------------------------------------ */

static void put_num(FILE *fp, double x, int prec)
{
	char buf[64];
	fmt_num(buf, sizeof buf, x, prec);
	fputs(buf, fp);
}

static void write_institutions(const struct gen *g, FILE *fp)
{
	fputs("id,name,type,total_assets,systemic,country\n", fp);
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		const struct gnode *n = &g->nodes[v];
		if (n->kind != G_INST)
			continue;
		csv_put(fp, n->id);
		fputc(',', fp);
		csv_put(fp, n->name);
		fprintf(fp, ",%s,", n->type);
		put_num(fp, n->assets, (int)g->p->asset_decimals);
		fprintf(fp, ",%d,%s\n", n->systemic, n->country);
	}
}

static void write_services(const struct gen *g, FILE *fp)
{
	fputs("id,institution,name,category,tolerance_hours,daily_volume\n", fp);
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		const struct gnode *n = &g->nodes[v];
		if (n->kind != G_SVC)
			continue;
		csv_put(fp, n->id);
		fputc(',', fp);
		csv_put(fp, g->nodes[n->inst].id);
		fputc(',', fp);
		csv_put(fp, n->name);
		fprintf(fp, ",%s,", n->type);
		put_num(fp, n->tol, 2);
		fputc(',', fp);
		put_num(fp, n->volume, 0);
		fputc('\n', fp);
	}
}

static void write_providers(const struct gen *g, FILE *fp, enum gkind kind)
{
	fputs("id,name,type,parent,country,annual_outage_rate,outage_median_hours,"
	      "outage_p95_hours\n", fp);
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		const struct gnode *n = &g->nodes[v];
		if (n->kind != kind)
			continue;
		csv_put(fp, n->id);
		fputc(',', fp);
		csv_put(fp, n->name);
		fprintf(fp, ",%s,%s,%s,", n->type, n->parent != NONE ? g->nodes[n->parent].id : "",
		        n->country);
		put_num(fp, n->rate, 2);
		fputc(',', fp);
		if (!isnan(n->median))
			put_num(fp, n->median, 2);
		fputc(',', fp);
		if (!isnan(n->p95))
			put_num(fp, n->p95, 2);
		fputc('\n', fp);
	}
}

static void write_deps(const struct gen *g, FILE *fp)
{
	fputs("from,to,group,min_up,failover_hours\n", fp);
	for (size_t i = 0; i < g->n_deps; i++) {
		const struct gdep *d = &g->deps[i];
		csv_put(fp, g->nodes[d->from].id);
		fputc(',', fp);
		csv_put(fp, g->nodes[d->to].id);
		fprintf(fp, ",%s,", d->group);
		if (d->min_up)
			fprintf(fp, "%u", d->min_up);
		fputc(',', fp);
		if (d->failover > 0)
			put_num(fp, d->failover, 2);
		fputc('\n', fp);
	}
}

int generate_preset_valid(const char *name)
{
	return presets_find(name) != NULL;
}

static void gen_free(struct gen *g)
{
	for (uint32_t v = 0; v < g->n_nodes; v++) {
		free(g->nodes[v].id);
		free(g->nodes[v].name);
	}
	free(g->nodes);
	free(g->deps);
	if (g->vmarket)
		for (size_t t = 0; t < g->p->n_vtypes; t++)
			market_free(&g->vmarket[t]);
	free(g->vmarket);
	market_free(&g->clouds);
	if (g->regions)
		for (int c = 0; c < g->p->n_clouds; c++)
			market_free(&g->regions[c]);
	free(g->regions);
	if (g->bank)
		for (size_t c = 0; c < g->p->n_cats; c++)
			market_free(&g->bank[c]);
	free(g->bank);
	market_free(&g->countries);
	gsl_rng_free(g->main);
	gsl_rng_free(g->side);
	free(g->drawn);
}

/* Build preset 'preset' at 'scale' with 'seed' into g.  0, or -1 with a
 * message in err (errno set); g is freed by gen_free either way. */
static int gen_build(struct gen *g, const char *preset, double scale, uint64_t seed,
                     char *err, size_t errsz)
{
	memset(g, 0, sizeof *g);
	g->p = presets_find(preset);
	if (!g->p || !(scale > 0 && scale <= GEN_SCALE_MAX)) {
		snprintf(err, errsz, "generate: no preset \"%s\" or scale out of range", preset);
		errno = EINVAL;
		return -1;
	}
	g->scale = scale;
	g->seed = seed;
	g->rng = g->main = gsl_rng_alloc(rng_splitmix64);
	g->side = gsl_rng_alloc(rng_splitmix64);
	if (!g->main || !g->side) {
		snprintf(err, errsz, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	if (g->p->countries)
		for (uint32_t i = 0; g->p->countries[i].code; i++)
			market_add(&g->countries, i, g->p->countries[i].w);

	make_cloud(g);
	make_vendors(g);
	make_institutions(g);
	make_services(g);
	make_bank_markets(g);
	stream(g, STREAM_INSTITUTION_DEPS);
	institution_deps(g);
	make_relays(g);
	make_fleets(g);
	return 0;
}

static void gen_write(const struct gen *g, FILE *const fp[5])
{
	write_institutions(g, fp[0]);
	write_services(g, fp[1]);
	write_providers(g, fp[2], G_VENDOR);
	write_providers(g, fp[3], G_CLOUD);
	write_deps(g, fp[4]);
}

static void gen_counts(const struct gen *g, struct gen_counts *counts)
{
	memset(counts, 0, sizeof *counts);
	counts->institutions = g->n_kind[G_INST];
	counts->services = g->n_kind[G_SVC];
	counts->vendors = g->n_kind[G_VENDOR];
	counts->cloud = g->n_kind[G_CLOUD];
	counts->dep_rows = (uint32_t)g->n_deps;
	for (size_t i = 0; i < g->n_deps; i++) {
		const struct gnode *f = &g->nodes[g->deps[i].from];
		counts->dep_edges += f->kind == G_INST ? f->n_svc : 1;
	}
}

int generate_dataset(const char *dir, const char *preset, double scale, uint64_t seed,
                     struct gen_counts *counts, char *err, size_t errsz)
{
	struct gen g;
	if (gen_build(&g, preset, scale, seed, err, errsz) != 0) {
		gen_free(&g);
		return -1;
	}

	/* Write all five, then rename all five: no partial data set. */
	struct outfile of[5];
	int rc = 0, opened = 0;
	for (; opened < 5; opened++) {
		char *path = path_join(dir, generate_files[opened]);
		int r = outfile_open(&of[opened], path);
		if (r != 0)
			snprintf(err, errsz, "%s: cannot create: %s", path, strerror(errno));
		free(path);
		if (r != 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0) {
		FILE *fps[5];
		for (int i = 0; i < 5; i++)
			fps[i] = of[i].fp;
		gen_write(&g, fps);
		for (int i = 0; i < 5 && rc == 0; i++)
			if (fflush(of[i].fp) != 0 || ferror(of[i].fp)) {
				snprintf(err, errsz, "%s: write failed: %s", of[i].path,
				         strerror(errno));
				rc = -1;
			}
	}
	for (int i = 0; i < opened; i++) {
		if (rc == 0 && outfile_commit(&of[i]) != 0) {
			snprintf(err, errsz, "%s/%s: write failed: %s", dir, generate_files[i],
			         strerror(errno));
			rc = -1;
		} else if (rc != 0) {
			outfile_abort(&of[i]);
		}
	}
	if (rc == 0 && counts)
		gen_counts(&g, counts);
	gen_free(&g);
	return rc;
}

int generate_dataset_mem(const char *preset, double scale, uint64_t seed, char *text[5],
                         size_t len[5], struct gen_counts *counts, char *err, size_t errsz)
{
	struct gen g;
	FILE *fps[5] = { NULL };
	int rc = 0;
	for (int i = 0; i < 5; i++) {
		text[i] = NULL;
		len[i] = 0;
	}
	if (gen_build(&g, preset, scale, seed, err, errsz) != 0) {
		gen_free(&g);
		return -1;
	}
	for (int i = 0; i < 5 && rc == 0; i++)
		if (!(fps[i] = open_memstream(&text[i], &len[i]))) {
			snprintf(err, errsz, "out of memory");
			rc = -1;
		}
	if (rc == 0)
		gen_write(&g, fps);
	for (int i = 0; i < 5; i++)
		if (fps[i] && (ferror(fps[i]) | fclose(fps[i])) != 0 && rc == 0) {
			snprintf(err, errsz, "out of memory");
			rc = -1;
		}
	if (rc == 0 && counts)
		gen_counts(&g, counts);
	if (rc != 0)
		for (int i = 0; i < 5; i++) {
			free(text[i]);
			text[i] = NULL;
		}
	gen_free(&g);
	return rc;
}
