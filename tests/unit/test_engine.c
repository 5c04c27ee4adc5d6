/*
 * test_engine.c - the compiled engine graph and outage propagation
 * (chokepoint-method(7), OUTAGE EVENTS).
 *
 * Every expected downtime is worked out by hand in the comment beside
 * it; the randomized test compares the engine with a naive Kleene
 * iteration over all nodes.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine.h"
#include "testutil.h"

/* ---- fixtures --------------------------------------------------------- */

#define INST "id,name,type\nbank-a,Bank A,megabank\nbank-b,Bank B,regional_bank\n"
#define SERV_HDR "id,institution,name,category,tolerance_hours\n"
#define PROV_HDR "id,name,type,parent\n"
#define DEPS_HDR "from,to,group,min_up,failover_hours\n"

struct fx {
	struct dataset ds;
	struct engine e;
	struct engine_scratch *s;
};

static void fx_load(struct fx *f, const char *inst, const char *serv, const char *vend,
                    const char *cloud, const char *deps)
{
	struct diag d;
	memset(f, 0, sizeof *f);
	int r = tmpdata_load(&f->ds, &d, inst, serv, vend, cloud, deps);
	if (r != 0)
		diag_print(&d, stderr, "test_engine");
	diag_free(&d);
	cr_assert_eq(r, 0, "the fixture does not load");
	char err[256] = "";
	cr_assert_eq(engine_compile(&f->e, &f->ds, err, sizeof err), 0, "%s", err);
	f->s = engine_scratch_new(&f->e);
}

static void fx_free(struct fx *f)
{
	engine_scratch_free(f->s);
	engine_free(&f->e);
	dataset_free(&f->ds);
}

static uint32_t node(const struct fx *f, const char *id)
{
	uint32_t v = dataset_find(&f->ds, id);
	cr_assert_neq(v, NODE_NONE, "no node \"%s\" in the fixture", id);
	return v;
}

/*
 * What must hold after every propagation: touched lists exactly the nodes
 * with down > 0, each once; the worklist is empty and no flag is left set.
 */
static void check_touched(const struct engine *e, const struct engine_scratch *s)
{
	uint8_t *seen = calloc(e->n_nodes ? e->n_nodes : 1, 1);
	cr_assert(seen);
	for (uint32_t i = 0; i < s->n_touched; i++) {
		uint32_t v = s->touched[i];
		cr_assert_lt(v, e->n_nodes);
		cr_assert_eq(seen[v], 0, "node %u touched twice", v);
		cr_assert(s->down[v] > 0, "touched node %u has down %g", v, s->down[v]);
		seen[v] = 1;
	}
	for (uint32_t v = 0; v < e->n_nodes; v++) {
		cr_assert(s->down[v] >= 0, "node %u down %g", v, s->down[v]);
		cr_assert(s->down[v] == 0 || seen[v], "node %u down %g not in touched", v,
		          s->down[v]);
		cr_assert_eq(s->flag[v], 0, "flag of node %u left set", v);
	}
	cr_assert_eq(s->heap_n, 0);
	free(seen);
}

/*
 * Run one event on a clean scratch: ids[i] down for hours[i].  ids is
 * NULL-terminated; the scratch is reset first, so the result of the
 * previous event is gone.
 */
static void fx_event(struct fx *f, const char *const *ids, const double *hours)
{
	uint32_t roots[16];
	size_t n = 0;
	for (; ids[n]; n++) {
		cr_assert_lt(n, 16);
		roots[n] = node(f, ids[n]);
	}
	engine_scratch_reset(f->s);
	engine_propagate(&f->e, f->s, roots, hours, n);
	check_touched(&f->e, f->s);
}

#define ROOTS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define HOURS(...) ((const double[]){ __VA_ARGS__ })

static double down(const struct fx *f, const char *id)
{
	return f->s->down[node(f, id)];
}

/* Exact comparison: the engine only picks values, it never computes new ones. */
#define ASSERT_DOWN(f, id, want)                                                        \
	do {                                                                            \
		double got_ = down((f), (id));                                          \
		double want_ = (want);                                                  \
		cr_assert(got_ == want_, "down(%s) = %g, expected %g", (id), got_,      \
		          want_);                                                       \
	} while (0)

static int breaches(const struct fx *f, const char *id)
{
	uint32_t v = node(f, id);
	return f->s->down[v] > f->e.tolerance[v];
}

/* ---- compile ---------------------------------------------------------- */

Test(engine, compile_layout)
{
	struct fx f;
	fx_load(&f, INST,
	        SERV_HDR "a-pay,bank-a,Payments,payments,2\n"
	                 "b-pay,bank-b,Payments,payments,4\n",
	        PROV_HDR "core,Core,shared_core_center,\n"
	                 "x,X,software,\n"
	                 "y,Y,software,\n"
	                 "z,Z,software,\n",
	        NULL,
	        DEPS_HDR "a-pay,core,,,\n"
	                 "a-pay,x,r,2,\n"
	                 "a-pay,y,r,2,3\n"
	                 "a-pay,z,r,2,\n"
	                 "b-pay,core,,,\n"
	                 "core,x,,,\n");
	const struct engine *e = &f.e;
	cr_assert_eq(e->n_nodes, 8);  /* 2 institutions, 2 services, 4 vendors */
	cr_assert_eq(e->n_groups, 4); /* a-pay: "" and r; b-pay: ""; core: "" */
	cr_assert_eq(e->n_edges, 6);
	cr_assert_eq(e->max_group_size, 3);

	uint32_t ap = node(&f, "a-pay"), core = node(&f, "core"), x = node(&f, "x");
	cr_assert_eq(e->grp_off[ap + 1] - e->grp_off[ap], 2);
	/* The group r: k = 2, members x, y, z, y capped at 3 h. */
	uint32_t g = e->grp_off[ap] + 1;
	cr_assert_eq(e->grp_k[g], 2);
	cr_assert_eq(e->grp_node[g], ap);
	cr_assert_eq(e->grp_mem_off[g + 1] - e->grp_mem_off[g], 3);
	uint32_t m = e->grp_mem_off[g];
	cr_assert_eq(e->mem_to[m], x);
	cr_assert(isinf(e->mem_failover[m]));
	cr_assert_eq(e->mem_to[m + 1], node(&f, "y"));
	cr_assert(e->mem_failover[m + 1] == 3.0);

	/* x is a member of a-pay's r and of core's own group. */
	cr_assert_eq(e->rev_off[x + 1] - e->rev_off[x], 2);
	cr_assert_eq(e->rev_off[core + 1] - e->rev_off[core], 2);
	cr_assert_eq(e->rev_off[ap + 1] - e->rev_off[ap], 0);

	cr_assert(e->is_service[ap]);
	cr_assert(!e->is_service[core]);
	cr_assert(e->tolerance[ap] == 2.0);
	cr_assert(isinf(e->tolerance[core]));
	cr_assert(isinf(e->tolerance[node(&f, "bank-a")]));

	/* Dependencies rank strictly before dependents on an acyclic graph. */
	for (uint32_t j = 0; j < e->n_groups; j++)
		for (uint32_t i = e->grp_mem_off[j]; i < e->grp_mem_off[j + 1]; i++)
			cr_assert_lt(e->rank[e->mem_to[i]], e->rank[e->grp_node[j]]);
	fx_free(&f);
}

Test(engine, free_is_idempotent)
{
	engine_free(NULL);
	engine_scratch_free(NULL);
	struct fx f;
	fx_load(&f, INST, SERV_HDR "a-pay,bank-a,P,payments,2\n", PROV_HDR "v,V,software,\n",
	        NULL, DEPS_HDR "a-pay,v,,,\n");
	fx_free(&f);
	engine_free(&f.e); /* zeroed by the first call */
}

/* ---- the semantics, case by case -------------------------------------- */

/* Two services each with one vendor and a service needing both. */
Test(engine, all_of)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n",
	        PROV_HDR "v1,V1,software,\nv2,V2,software,\n", NULL,
	        DEPS_HDR "s,v1,,,\ns,v2,,,\n");
	/* Ungrouped edges are each their own group (n = k = 1), all needed:
	 * down(s) = max(G1, G2) = max(3, 5) = 5. */
	fx_event(&f, ROOTS("v1", "v2"), HOURS(3, 5));
	ASSERT_DOWN(&f, "s", 5);
	/* Only v1 down: max(3, 0) = 3. */
	fx_event(&f, ROOTS("v1"), HOURS(3));
	ASSERT_DOWN(&f, "s", 3);
	ASSERT_DOWN(&f, "v2", 0);
	fx_free(&f);
}

Test(engine, one_of_two)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n", NULL,
	        "id,name,type,parent\ncp,Cloud,provider,\nr,Region,region,cp\n"
	        "z1,Zone 1,zone,r\nz2,Zone 2,zone,r\n",
	        DEPS_HDR "s,z1,az,1,\ns,z2,az,1,\n");
	/* n = 2, k = 1: the (2 - 1 + 1) = 2nd largest of (6, 2) = 2, the
	 * shorter outage: s is back as soon as one zone is. */
	fx_event(&f, ROOTS("z1", "z2"), HOURS(6, 2));
	ASSERT_DOWN(&f, "s", 2);
	/* One zone only: 2nd largest of (6, 0) = 0, s never goes down. */
	fx_event(&f, ROOTS("z1"), HOURS(6));
	ASSERT_DOWN(&f, "s", 0);
	cr_assert_eq(f.s->n_touched, 1);
	/* The region under both zones (parent edges): z1 = z2 = 4, s = 4. */
	fx_event(&f, ROOTS("r"), HOURS(4));
	ASSERT_DOWN(&f, "z1", 4);
	ASSERT_DOWN(&f, "z2", 4);
	ASSERT_DOWN(&f, "s", 4);
	fx_free(&f);
}

Test(engine, two_of_three)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n",
	        PROV_HDR "a,A,data_center,\nb,B,data_center,\nc,C,data_center,\n", NULL,
	        DEPS_HDR "s,a,q,2,\ns,b,q,2,\ns,c,q,2,\n");
	/* n = 3, k = 2: the (3 - 2 + 1) = 2nd largest.  (7, 3, 5) sorted
	 * descending is 7, 5, 3: down(s) = 5 (after 5 h, b and c are up). */
	fx_event(&f, ROOTS("a", "b", "c"), HOURS(7, 3, 5));
	ASSERT_DOWN(&f, "s", 5);
	/* (7, 3, 0): 7, 3, 0 -> 3. */
	fx_event(&f, ROOTS("a", "b"), HOURS(7, 3));
	ASSERT_DOWN(&f, "s", 3);
	/* (7, 0, 0): 7, 0, 0 -> 0; two of three are still up. */
	fx_event(&f, ROOTS("a"), HOURS(7));
	ASSERT_DOWN(&f, "s", 0);
	fx_free(&f);
}

Test(engine, group_down_of_one_group)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n",
	        PROV_HDR "a,A,data_center,\nb,B,data_center,\nc,C,data_center,\n", NULL,
	        DEPS_HDR "s,a,q,2,\ns,b,q,2,4\ns,c,q,2,\n");
	uint32_t sv = node(&f, "s");
	cr_assert_eq(f.e.grp_off[sv + 1] - f.e.grp_off[sv], 1);
	uint32_t g = f.e.grp_off[sv];
	/* e_i = min(down, failover): a 7, b min(9, 4) = 4, c 5; the 2nd
	 * largest of (7, 4, 5) is 5, what the propagation gives s. */
	fx_event(&f, ROOTS("a", "b", "c"), HOURS(7, 9, 5));
	cr_assert(engine_group_down(&f.e, f.s, g) == 5);
	ASSERT_DOWN(&f, "s", 5);
	/* (7, 4, 0): 4; and one member down is not enough: 0. */
	fx_event(&f, ROOTS("a", "b"), HOURS(7, 9));
	cr_assert(engine_group_down(&f.e, f.s, g) == 4);
	fx_event(&f, ROOTS("a"), HOURS(7));
	cr_assert(engine_group_down(&f.e, f.s, g) == 0);
	fx_free(&f);
}

Test(engine, failover_cap)
{
	struct fx f;
	fx_load(&f, INST,
	        SERV_HDR "s,bank-a,S,payments,24\nt,bank-a,T,deposits,24\n",
	        PROV_HDR "v,V,software,\na,A,data_center,\nb,B,data_center,\n"
	                 "c,C,data_center,\n",
	        NULL,
	        DEPS_HDR "s,v,,,4\n"
	                 "t,a,q,2,4\nt,b,q,2,\nt,c,q,2,\n");
	/* e = min(10, 4) = 4: s works around v after 4 h. */
	fx_event(&f, ROOTS("v"), HOURS(10));
	ASSERT_DOWN(&f, "s", 4);
	/* Shorter than the failover: e = min(3, 4) = 3. */
	fx_event(&f, ROOTS("v"), HOURS(3));
	ASSERT_DOWN(&f, "s", 3);
	/* k-of-n: n = 3, k = 2, a capped at 4.  e = (min(10, 4), 6, 0) =
	 * (4, 6, 0); the 2nd largest is 4. */
	fx_event(&f, ROOTS("a", "b"), HOURS(10, 6));
	ASSERT_DOWN(&f, "t", 4);
	/* e = (4, 6, 5): 6, 5, 4 -> 5. */
	fx_event(&f, ROOTS("a", "b", "c"), HOURS(10, 6, 5));
	ASSERT_DOWN(&f, "t", 5);
	fx_free(&f);
}

Test(engine, parent_chain)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n", NULL,
	        PROV_HDR "cp,Cloud,provider,\ncr,Region,region,cp\ncz,Zone,zone,cr\n",
	        DEPS_HDR "s,cz,,,\n");
	/* cz -> cr -> cp by parent edges (ordinary all-needed groups):
	 * down(cr) = 5, down(cz) = 5, down(s) = 5. */
	fx_event(&f, ROOTS("cp"), HOURS(5));
	ASSERT_DOWN(&f, "cr", 5);
	ASSERT_DOWN(&f, "cz", 5);
	ASSERT_DOWN(&f, "s", 5);
	/* The zone alone: nothing flows up to its region or provider. */
	fx_event(&f, ROOTS("cz"), HOURS(5));
	ASSERT_DOWN(&f, "cz", 5);
	ASSERT_DOWN(&f, "s", 5);
	ASSERT_DOWN(&f, "cr", 0);
	ASSERT_DOWN(&f, "cp", 0);
	cr_assert_eq(f.s->n_touched, 2);
	fx_free(&f);
}

Test(engine, service_on_service)
{
	struct fx f;
	fx_load(&f, INST,
	        SERV_HDR "s1,bank-a,Clearing gateway,payments,24\n"
	                 "s2,bank-b,Payments,payments,24\n",
	        PROV_HDR "v,V,software,\n", NULL, DEPS_HDR "s1,v,,,\ns2,s1,,,\n");
	/* v -> s1 -> s2: 4, 4. */
	fx_event(&f, ROOTS("v"), HOURS(4));
	ASSERT_DOWN(&f, "s1", 4);
	ASSERT_DOWN(&f, "s2", 4);
	/* A service as a root: s1 = 2 takes s2 down 2, not v. */
	fx_event(&f, ROOTS("s1"), HOURS(2));
	ASSERT_DOWN(&f, "s2", 2);
	ASSERT_DOWN(&f, "v", 0);
	fx_free(&f);
}

Test(engine, cycle)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n",
	        PROV_HDR "r,R,software,\na,A,software,\nb,B,software,\nq,Q,software,\n"
	                 "c,C,software,\nd,D,software,\n",
	        NULL,
	        DEPS_HDR "a,r,,,\na,b,,,\nb,a,,,\ns,b,,,\n"
	                 "c,q,alt,1,\nc,d,alt,1,\nd,c,,,\n");
	const struct engine *e = &f.e;
	cr_assert_eq(e->rank[node(&f, "a")], e->rank[node(&f, "b")]);
	cr_assert_lt(e->rank[node(&f, "r")], e->rank[node(&f, "a")]);
	cr_assert_lt(e->rank[node(&f, "b")], e->rank[node(&f, "s")]);
	cr_assert_eq(e->rank[node(&f, "c")], e->rank[node(&f, "d")]);

	/* a needs r and b, b needs a: down(a) = max(6, down(b)), down(b) =
	 * down(a); least fixed point a = b = 6, and s (needs b) = 6. */
	fx_event(&f, ROOTS("r"), HOURS(6));
	ASSERT_DOWN(&f, "a", 6);
	ASSERT_DOWN(&f, "b", 6);
	ASSERT_DOWN(&f, "s", 6);
	/* A root on the cycle itself: b = down(a) = 3. */
	fx_event(&f, ROOTS("a"), HOURS(3));
	ASSERT_DOWN(&f, "b", 3);
	ASSERT_DOWN(&f, "s", 3);
	ASSERT_DOWN(&f, "r", 0);
	/* No root feeds the cycle: a = b = 0 is the least fixed point (any
	 * a = b = x is a fixed point, but an outage must start at a root). */
	fx_event(&f, ROOTS("q"), HOURS(6));
	ASSERT_DOWN(&f, "a", 0);
	ASSERT_DOWN(&f, "b", 0);
	/* c needs q or d (1 of 2), d needs c.  q = 6: G(alt) = 2nd largest
	 * of (6, down(d)) with down(d) = down(c); the least solution of
	 * c = min(6, c) is c = 0: d keeps c up. */
	ASSERT_DOWN(&f, "c", 0);
	ASSERT_DOWN(&f, "d", 0);
	cr_assert_eq(f.s->n_touched, 1);
	/* Both q and d down from the start: c = 2nd largest of (6, max(1,
	 * down(c))) = min(6, max(1, c)) -> least solution c = 1, d = 1. */
	fx_event(&f, ROOTS("q", "d"), HOURS(6, 1));
	ASSERT_DOWN(&f, "c", 1);
	ASSERT_DOWN(&f, "d", 1);
	fx_free(&f);
}

Test(engine, institution_shorthand)
{
	struct fx f;
	fx_load(&f, INST,
	        SERV_HDR "a-pay,bank-a,Payments,payments,24\n"
	                 "a-net,bank-a,Internet,internet_banking,24\n"
	                 "b-pay,bank-b,Payments,payments,24\n",
	        PROV_HDR "core,Core,shared_core_center,\n", NULL,
	        DEPS_HDR "bank-a,core,,,2\n");
	/* The row applies to a-pay and a-net, each capped at 2 h:
	 * min(8, 2) = 2; bank-b's service is untouched, and the institution
	 * node itself is not a dependent. */
	fx_event(&f, ROOTS("core"), HOURS(8));
	ASSERT_DOWN(&f, "a-pay", 2);
	ASSERT_DOWN(&f, "a-net", 2);
	ASSERT_DOWN(&f, "b-pay", 0);
	ASSERT_DOWN(&f, "bank-a", 0);
	cr_assert_eq(f.s->n_touched, 3);
	fx_free(&f);
}

Test(engine, root_twice)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n",
	        PROV_HDR "v,V,software,\nw,W,software,\n", NULL, DEPS_HDR "s,v,,,\nv,w,,,\n");
	/* v listed twice keeps max(2, 7) = 7, in either order. */
	fx_event(&f, ROOTS("v", "v"), HOURS(2, 7));
	ASSERT_DOWN(&f, "v", 7);
	ASSERT_DOWN(&f, "s", 7);
	cr_assert_eq(f.s->n_touched, 2);
	fx_event(&f, ROOTS("v", "v"), HOURS(7, 2));
	ASSERT_DOWN(&f, "v", 7);
	ASSERT_DOWN(&f, "s", 7);
	/* A root that is also downstream of another: down(v) = max(own 2,
	 * down(w) 5) = 5; and the other way round max(own 9, 5) = 9. */
	fx_event(&f, ROOTS("v", "w"), HOURS(2, 5));
	ASSERT_DOWN(&f, "v", 5);
	ASSERT_DOWN(&f, "s", 5);
	fx_event(&f, ROOTS("w", "v"), HOURS(5, 9));
	ASSERT_DOWN(&f, "v", 9);
	ASSERT_DOWN(&f, "s", 9);
	fx_free(&f);
}

Test(engine, unlimited_durations)
{
	struct fx f;
	fx_load(&f, INST,
	        SERV_HDR "s,bank-a,S,payments,24\nt,bank-a,T,payments,24\n"
	                 "u,bank-a,U,payments,24\n",
	        PROV_HDR "v,V,software,\nw,W,software,\n", NULL,
	        DEPS_HDR "s,v,,,\nt,v,,,4\nu,v,alt,1,\nu,w,alt,1,\n");
	/* s: INFINITY; t: min(INFINITY, 4) = 4; u: 1 of 2, 2nd largest of
	 * (INFINITY, 3) = 3. */
	fx_event(&f, ROOTS("v", "w"), HOURS(INFINITY, 3));
	ASSERT_DOWN(&f, "s", INFINITY);
	ASSERT_DOWN(&f, "t", 4);
	ASSERT_DOWN(&f, "u", 3);
	cr_assert(breaches(&f, "s"));
	/* Both unlimited: u = INFINITY too. */
	fx_event(&f, ROOTS("v", "w"), HOURS(INFINITY, INFINITY));
	ASSERT_DOWN(&f, "u", INFINITY);
	/* A provider never breaches: INFINITY > INFINITY is false. */
	cr_assert(!breaches(&f, "v"));
	fx_free(&f);
}

Test(engine, breach_is_strict)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,4\n", PROV_HDR "v,V,software,\n",
	        NULL, DEPS_HDR "s,v,,,\n");
	/* tolerance 4: down 4 is within it (4 > 4 is false) ... */
	fx_event(&f, ROOTS("v"), HOURS(4));
	cr_assert(!breaches(&f, "s"));
	/* ... down 4.5 is not. */
	fx_event(&f, ROOTS("v"), HOURS(4.5));
	cr_assert(breaches(&f, "s"));
	fx_free(&f);
}

Test(engine, scratch_reset)
{
	struct fx f;
	fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\nt,bank-b,T,payments,24\n",
	        PROV_HDR "v,V,software,\nw,W,software,\n", NULL,
	        DEPS_HDR "s,v,,,\nt,v,,,\nt,w,,,\nw,v,,,\n");
	fx_event(&f, ROOTS("v"), HOURS(3));
	cr_assert_eq(f.s->n_touched, 4);
	engine_scratch_reset(f.s);
	cr_assert_eq(f.s->n_touched, 0);
	cr_assert_eq(f.s->heap_n, 0);
	for (uint32_t v = 0; v < f.e.n_nodes; v++) {
		cr_assert(f.s->down[v] == 0, "down[%u] = %g after reset", v, f.s->down[v]);
		cr_assert_eq(f.s->flag[v], 0);
	}
	/* The same scratch gives the same answer again: t = max(2, 2) = 2. */
	fx_event(&f, ROOTS("v"), HOURS(2));
	ASSERT_DOWN(&f, "t", 2);
	/* An empty event and a reset of a clean scratch are no-ops. */
	engine_scratch_reset(f.s);
	engine_propagate(&f.e, f.s, NULL, NULL, 0);
	cr_assert_eq(f.s->n_touched, 0);
	engine_scratch_reset(f.s);
	fx_free(&f);
}

/*
 * 25 services s1..s25, service s_k needs k of the 25 vendors v1..v25:
 * groups large enough for the selection to take its quickselect path.
 */
Test(engine, large_groups)
{
	enum { N = 25 };
	char *serv = NULL, *vend = NULL, *deps = NULL;
	size_t sn, vn, dn;
	FILE *sf = open_memstream(&serv, &sn), *vf = open_memstream(&vend, &vn),
	     *df = open_memstream(&deps, &dn);
	cr_assert(sf && vf && df);
	fputs(SERV_HDR, sf);
	fputs(PROV_HDR, vf);
	fputs(DEPS_HDR, df);
	for (int i = 1; i <= N; i++) {
		fprintf(vf, "v%d,V,software,\n", i);
		fprintf(sf, "s%d,bank-a,S,payments,24\n", i);
		for (int j = 1; j <= N; j++)
			fprintf(df, "s%d,v%d,all,%d,\n", i, j, i);
	}
	fclose(sf);
	fclose(vf);
	fclose(df);
	struct fx f;
	fx_load(&f, INST, serv, vend, NULL, deps);
	free(serv);
	free(vend);
	free(deps);
	cr_assert_eq(f.e.max_group_size, N);
	uint32_t roots[N];
	double dur[N];
	char id[16];
	for (int pass = 0; pass < 2; pass++) {
		/* Vendor v_i down d_i hours, listed in a scrambled order. */
		for (int i = 0; i < N; i++) {
			int vi = (i * 7) % N + 1;
			snprintf(id, sizeof id, "v%d", vi);
			roots[i] = node(&f, id);
			dur[i] = pass == 0 ? vi : (vi + 1) / 2;
		}
		engine_scratch_reset(f.s);
		engine_propagate(&f.e, f.s, roots, dur, N);
		check_touched(&f.e, f.s);
		for (int k = 1; k <= N; k++) {
			/* G = the (n-k+1)-th largest = the k-th smallest.  Pass 0,
			 * d_i = i: the k-th smallest of 1..25 is k.  Pass 1, d_i =
			 * ceil(i/2) = 1,1,2,2,..,12,12,13: the k-th is ceil(k/2). */
			snprintf(id, sizeof id, "s%d", k);
			ASSERT_DOWN(&f, id, pass == 0 ? k : (k + 1) / 2);
		}
	}
	fx_free(&f);
}

/* A leaf vendor with one dependent, in a graph of some 60 nodes. */
Test(engine, touches_only_downstream)
{
	char *vend = NULL, *deps = NULL, *serv = NULL;
	size_t vn, dn, sn;
	FILE *vf = open_memstream(&vend, &vn), *df = open_memstream(&deps, &dn),
	     *sf = open_memstream(&serv, &sn);
	cr_assert(vf && df && sf);
	fputs(PROV_HDR "leaf,Leaf,software,\n", vf);
	fputs(SERV_HDR, sf);
	fputs(DEPS_HDR, df);
	for (int i = 0; i < 40; i++) {
		fprintf(vf, "p%d,P%d,software,\n", i, i);
		if (i > 0)
			fprintf(df, "p%d,p%d,,,\n", i, i - 1);
	}
	for (int i = 0; i < 16; i++) {
		fprintf(sf, "s%d,bank-%c,S%d,payments,24\n", i, i % 2 ? 'a' : 'b', i);
		fprintf(df, "s%d,p%d,,,\n", i, 39 - i);
	}
	fputs("s3,leaf,,,\n", df);
	fclose(vf);
	fclose(df);
	fclose(sf);
	struct fx f;
	fx_load(&f, INST, serv, vend, NULL, deps);
	free(vend);
	free(deps);
	free(serv);
	fx_event(&f, ROOTS("leaf"), HOURS(5));
	cr_assert_eq(f.s->n_touched, 2);
	ASSERT_DOWN(&f, "s3", 5);
	/* The bottom of the chain reaches all 40 providers and 16 services. */
	fx_event(&f, ROOTS("p0"), HOURS(5));
	cr_assert_eq(f.s->n_touched, 56);
	fx_free(&f);
}

/* 100,000 providers in a chain, then closed into one cycle: the SCC
 * ranking must not recurse. */
Test(engine, long_chain_and_cycle, .timeout = 120)
{
	enum { N = 100000 };
	for (int closed = 0; closed <= 1; closed++) {
		char *vend = NULL, *deps = NULL;
		size_t vn, dn;
		FILE *vf = open_memstream(&vend, &vn), *df = open_memstream(&deps, &dn);
		cr_assert(vf && df);
		fputs(PROV_HDR, vf);
		fputs(DEPS_HDR "s,p99999,,,\n", df);
		for (int i = 0; i < N; i++) {
			fprintf(vf, "p%d,P,software,\n", i);
			if (i > 0)
				fprintf(df, "p%d,p%d,,,\n", i, i - 1);
		}
		if (closed)
			fprintf(df, "p0,p%d,,,\n", N - 1);
		fclose(vf);
		fclose(df);
		struct fx f;
		fx_load(&f, INST, SERV_HDR "s,bank-a,S,payments,24\n", vend, NULL, deps);
		free(vend);
		free(deps);
		uint32_t p0 = node(&f, "p0");
		for (uint32_t i = 1; i < N; i++) {
			if (closed)
				cr_assert_eq(f.e.rank[p0 + i], f.e.rank[p0]);
			else
				cr_assert_lt(f.e.rank[p0 + i - 1], f.e.rank[p0 + i]);
		}
		/* Root p0: all N providers and s down 3. */
		fx_event(&f, ROOTS("p0"), HOURS(3));
		cr_assert_eq(f.s->n_touched, N + 1);
		ASSERT_DOWN(&f, "s", 3);
		/* Root p500: open, p500 .. p99999 and s (N - 500 + 1 nodes) while
		 * p499 stays up; closed, the cycle carries it all the way round. */
		fx_event(&f, ROOTS("p500"), HOURS(3));
		cr_assert_eq(f.s->n_touched, closed ? N + 1 : N - 500 + 1);
		ASSERT_DOWN(&f, "s", 3);
		ASSERT_DOWN(&f, "p499", closed ? 3 : 0);
		fx_free(&f);
	}
}

/* ---- randomized cross-check against a naive reference ------------------ */

/* xorshift64*: a fixed, portable stream (rand() differs between libcs). */
static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * The definition, evaluated the slow way: Kleene iteration from all
 * zeros, every node recomputed from the previous round's values until
 * nothing changes.  Reads the data set directly, not the engine arrays.
 */
static void reference(const struct dataset *ds, const uint32_t *roots, const double *dur,
                      size_t n_roots, double *out)
{
	const uint32_t n = ds->n_nodes;
	double *own = calloc(n, sizeof *own), *next = calloc(n, sizeof *next);
	double *e = calloc(ds->n_deps + 1, sizeof *e);
	cr_assert(own && next && e);
	for (size_t i = 0; i < n_roots; i++)
		if (dur[i] > own[roots[i]])
			own[roots[i]] = dur[i];
	for (uint32_t v = 0; v < n; v++)
		out[v] = 0;
	for (int changed = 1; changed;) {
		memcpy(next, own, n * sizeof *next);
		for (uint32_t g = 0; g < ds->n_groups; g++) {
			const struct group *gr = &ds->groups[g];
			for (uint32_t i = 0; i < gr->size; i++) {
				const struct dep *d = &ds->deps[gr->first_dep + i];
				e[i] = fmin(out[d->to], d->failover_hours);
			}
			qsort(e, gr->size, sizeof *e, cmp_desc);
			double G = e[gr->size - gr->min_up]; /* (n-k+1)-th largest */
			if (G > next[gr->node])
				next[gr->node] = G;
		}
		changed = memcmp(next, out, n * sizeof *out) != 0;
		memcpy(out, next, n * sizeof *out);
	}
	free(own);
	free(next);
	free(e);
}

/*
 * A random data set: one institution with S services, P vendors.  Each
 * service and vendor gets up to 3 groups of 1..max_size members with a
 * random k and random failover caps.  Acyclic: members come only from
 * earlier nodes in the order p0..p(P-1), s0..s(S-1).
 */
static void random_fixture(struct fx *f, int cyclic, uint32_t max_size)
{
	enum { S = 8, P = 40 };
	static const char *const fo[] = { "", "", "", "1", "2.5", "4", "10" };
	char *serv = NULL, *vend = NULL, *deps = NULL;
	size_t sn, vn, dn;
	FILE *sf = open_memstream(&serv, &sn), *vf = open_memstream(&vend, &vn),
	     *df = open_memstream(&deps, &dn);
	cr_assert(sf && vf && df);
	fputs(SERV_HDR, sf);
	fputs(PROV_HDR, vf);
	fputs(DEPS_HDR, df);
	char names[S + P][8];
	for (int i = 0; i < P; i++) {
		snprintf(names[i], sizeof names[i], "p%d", i);
		fprintf(vf, "p%d,P,software,\n", i);
	}
	for (int i = 0; i < S; i++) {
		snprintf(names[P + i], sizeof names[P + i], "s%d", i);
		fprintf(sf, "s%d,bank-a,S,payments,5\n", i);
	}
	int rows = 0;
	for (uint32_t v = 0; v < S + P; v++) {
		uint32_t cand[S + P], nc = 0;
		for (uint32_t u = 0; u < S + P; u++)
			if (u != v && (cyclic || u < v))
				cand[nc++] = u;
		uint32_t ngr = rnd(4);
		for (uint32_t g = 0; g < ngr && nc > 0; g++) {
			uint32_t size = 1 + rnd(max_size < nc ? max_size : nc);
			uint32_t k = 1 + rnd(size);
			for (uint32_t i = 0; i < size; i++) {
				/* partial Fisher-Yates: distinct members */
				uint32_t j = i + rnd(nc - i);
				uint32_t t = cand[i];
				cand[i] = cand[j];
				cand[j] = t;
				if (size == 1 && rnd(2))
					fprintf(df, "%s,%s,,,%s\n", names[v], names[cand[i]],
					        fo[rnd(7)]);
				else
					fprintf(df, "%s,%s,g%u,%u,%s\n", names[v],
					        names[cand[i]], g, k, fo[rnd(7)]);
				rows++;
			}
		}
	}
	if (rows == 0)
		fputs("s0,p0,,,\n", df);
	fclose(sf);
	fclose(vf);
	fclose(df);
	fx_load(f, "id,name,type\nbank-a,A,megabank\n", serv, vend, NULL, deps);
	free(serv);
	free(vend);
	free(deps);
}

Test(engine, random_cross_check)
{
	static const double hours[] = { 0.5, 1, 2, 3, 4, 6, 8, 12, 24, INFINITY };
	rng_state = 0x9E3779B97F4A7C15ULL;
	int n_cyclic_graphs = 0;
	for (int graph = 0; graph < 24; graph++) {
		int cyclic = graph % 2;
		uint32_t max_size = graph >= 20 ? 30 : 4; /* large groups: quickselect */
		struct fx f;
		random_fixture(&f, cyclic, max_size);
		const uint32_t n = f.e.n_nodes;
		int has_cycle = 0;
		for (uint32_t j = 0; j < f.e.n_groups; j++)
			for (uint32_t i = f.e.grp_mem_off[j]; i < f.e.grp_mem_off[j + 1]; i++) {
				uint32_t r_m = f.e.rank[f.e.mem_to[i]];
				uint32_t r_v = f.e.rank[f.e.grp_node[j]];
				cr_assert_leq(r_m, r_v);
				has_cycle |= r_m == r_v;
			}
		cr_assert(cyclic || !has_cycle);
		n_cyclic_graphs += has_cycle;
		double *want = calloc(n, sizeof *want);
		cr_assert(want);
		/* the same engine with the groups of every node packed (even
		 * graphs) or of every other node (odd ones) */
		uint8_t *which = calloc(n + 1, 1);
		cr_assert(which);
		for (uint32_t v = 0; v < n; v++)
			which[v] = graph % 2 == 0 || v % 2 == 0;
		struct engine_pack pk;
		engine_pack_build(&f.e, which, &pk);
		struct engine pe = f.e;
		pe.pack = &pk;
		struct engine_scratch *ps = engine_scratch_new(&pe);
		for (int ev = 0; ev < 40; ev++) {
			uint32_t roots[4];
			double dur[4];
			size_t nr = 1 + rnd(4);
			for (size_t i = 0; i < nr; i++) {
				roots[i] = 1 + rnd(n - 1); /* not the institution */
				dur[i] = hours[rnd(10)];
			}
			engine_scratch_reset(f.s);
			engine_propagate(&f.e, f.s, roots, dur, nr);
			check_touched(&f.e, f.s);
			reference(&f.ds, roots, dur, nr, want);
			for (uint32_t v = 0; v < n; v++)
				cr_assert(f.s->down[v] == want[v],
				          "graph %d event %d node %s: engine %g, reference %g",
				          graph, ev, f.ds.nodes[v].id, f.s->down[v], want[v]);
			/* packed: the same downtimes, touched in the same order */
			engine_scratch_reset(ps);
			engine_propagate(&pe, ps, roots, dur, nr);
			cr_assert_eq(ps->n_touched, f.s->n_touched);
			for (uint32_t t = 0; t < ps->n_touched; t++)
				cr_assert_eq(ps->touched[t], f.s->touched[t]);
			for (uint32_t v = 0; v < n; v++)
				cr_assert(ps->down[v] == f.s->down[v], "packed: graph %d node %s",
				          graph, f.ds.nodes[v].id);
		}
		engine_scratch_free(ps);
		engine_pack_free(&pk);
		free(which);
		free(want);
		fx_free(&f);
	}
	cr_assert_geq(n_cyclic_graphs, 6, "the cyclic graphs should have cycles");
}
