/*
 * engine.c - the compiled engine graph and the propagation of one outage
 * event (chokepoint-method(7), OUTAGE EVENTS).
 *
 * engine_compile flattens the data set into CSR arrays and ranks the
 * strongly connected components (iterative Tarjan) so that dependencies
 * come before their dependents.  engine_propagate computes the least
 * fixed point of the downtime equations by a worklist ordered by that
 * rank: acyclic parts settle in one pass, cycles iterate until nothing
 * changes, and only nodes downstream of the roots are ever looked at.
 *
 * Nothing here calls igraph or keeps global state: the compiled engine is
 * read-only, every write goes to the caller's scratch, so threads may
 * propagate events concurrently on one engine.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sim/engine.h"

/* Scratch flag bits. */
#define FLAG_IN_HEAP 0x1u

/* Groups at most this large are ordered by insertion sort, larger ones by
 * quickselect: insertion sort wins on the small groups real data have. */
#define SMALL_GROUP 16u

static int compile_fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put a message in err (when there is room) and return -1. */
static int compile_fail(char *err, size_t errsz, const char *fmt, ...)
{
	if (err && errsz) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- compile ---------------------------------------------------------- */

/*
 * Rank the strongly connected components of the graph "v needs m" (v ->
 * each member of each group of v) with Tarjan's algorithm, run with an
 * explicit stack so that a 100,000-node chain does not overflow the C
 * stack.  Tarjan emits a component only after every component reachable
 * from it, i.e. after all of its (transitive) dependencies, so the
 * emission index is already the rank "dependencies before dependents".
 */
static void rank_components(struct engine *e)
{
	const uint32_t n = e->n_nodes;
	const uint32_t UNSEEN = UINT32_MAX;
	uint32_t *index = xreallocarray(NULL, n, sizeof *index);
	uint32_t *low = xreallocarray(NULL, n, sizeof *low);
	uint32_t *stack = xreallocarray(NULL, n, sizeof *stack);    /* Tarjan's stack */
	uint32_t *call = xreallocarray(NULL, n, sizeof *call);      /* DFS path */
	uint32_t *next = xreallocarray(NULL, n, sizeof *next);      /* next edge per node */
	uint8_t *on_stack = xcalloc(n, 1);
	uint32_t counter = 0, sp = 0, cp = 0, comp = 0;

	for (uint32_t v = 0; v < n; v++)
		index[v] = UNSEEN;
	for (uint32_t root = 0; root < n; root++) {
		if (index[root] != UNSEEN)
			continue;
		/* The edges of v are the members of its groups, which are
		 * contiguous: mem_to[grp_mem_off[grp_off[v]] .. grp_mem_off[grp_off[v+1]]). */
		index[root] = low[root] = counter++;
		stack[sp++] = root;
		on_stack[root] = 1;
		next[root] = e->grp_mem_off[e->grp_off[root]];
		call[cp++] = root;
		while (cp > 0) {
			uint32_t v = call[cp - 1];
			uint32_t end = e->grp_mem_off[e->grp_off[v + 1]];
			if (next[v] < end) {
				uint32_t w = e->mem_to[next[v]++];
				if (index[w] == UNSEEN) {
					index[w] = low[w] = counter++;
					stack[sp++] = w;
					on_stack[w] = 1;
					next[w] = e->grp_mem_off[e->grp_off[w]];
					call[cp++] = w;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			/* v is finished: pop it from the path, pass low to its caller. */
			cp--;
			if (cp > 0) {
				uint32_t u = call[cp - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
			if (low[v] == index[v]) {
				uint32_t w, size = 0, top = sp;
				do {
					w = stack[--sp];
					on_stack[w] = 0;
					e->rank[w] = comp;
					size++;
				} while (w != v);
				/* a component of two or more nodes is a cycle */
				for (uint32_t i = sp; size > 1 && i < top; i++)
					e->cyclic[stack[i]] = 1;
				e->rank_node[comp] = size > 1 ? NODE_NONE : v;
				comp++;
			}
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(next);
	free(on_stack);
	e->n_ranks = comp;
}

int engine_compile(struct engine *e, const struct dataset *ds, char *err, size_t errsz)
{
	memset(e, 0, sizeof *e);
	const uint32_t n = ds->n_nodes, ng = ds->n_groups;
	/* Offsets are n + 1 and ng + 1 long and hold values up to n_edges;
	 * keep every count strictly below UINT32_MAX (also NODE_NONE). */
	if (n >= UINT32_MAX || ng >= UINT32_MAX)
		return compile_fail(err, errsz, "engine: too many nodes or groups");

	/* Check the groups against the edges before trusting any index. */
	uint64_t n_edges = 0;
	for (uint32_t g = 0; g < ng; g++) {
		const struct group *gr = &ds->groups[g];
		if (gr->node >= n)
			return compile_fail(err, errsz, "engine: group %u: node out of range", g);
		if (gr->size == 0 || gr->min_up < 1 || gr->min_up > gr->size)
			return compile_fail(err, errsz,
			                    "engine: group %u: min_up %u with %u members", g,
			                    gr->min_up, gr->size);
		if ((uint64_t)gr->first_dep + gr->size > ds->n_deps)
			return compile_fail(err, errsz, "engine: group %u: edges out of range",
			                    g);
		for (uint32_t i = gr->first_dep; i < gr->first_dep + gr->size; i++)
			if (ds->deps[i].to >= n || ds->deps[i].from != gr->node)
				return compile_fail(err, errsz,
				                    "engine: edge %u does not fit its group", i);
		n_edges += gr->size;
		if (n_edges >= UINT32_MAX)
			return compile_fail(err, errsz, "engine: more than %u edges",
			                    UINT32_MAX - 1);
	}

	e->n_nodes = n;
	e->n_groups = ng;
	e->n_edges = (uint32_t)n_edges;
	e->grp_off = xcalloc((size_t)n + 1, sizeof *e->grp_off);
	e->grp_k = xreallocarray(NULL, ng, sizeof *e->grp_k);
	e->grp_node = xreallocarray(NULL, ng, sizeof *e->grp_node);
	e->grp_mem_off = xreallocarray(NULL, (size_t)ng + 1, sizeof *e->grp_mem_off);
	e->mem_to = xreallocarray(NULL, e->n_edges, sizeof *e->mem_to);
	e->mem_failover = xreallocarray(NULL, e->n_edges, sizeof *e->mem_failover);
	e->rev_off = xcalloc((size_t)n + 1, sizeof *e->rev_off);
	e->rev_grp = xreallocarray(NULL, e->n_edges, sizeof *e->rev_grp);
	e->rev_key = xreallocarray(NULL, e->n_edges, sizeof *e->rev_key);
	e->rank = xreallocarray(NULL, n, sizeof *e->rank);
	e->rank_node = xreallocarray(NULL, (size_t)n + 1, sizeof *e->rank_node);
	e->tolerance = xreallocarray(NULL, n, sizeof *e->tolerance);
	e->is_service = xcalloc(n, 1);
	e->cyclic = xcalloc(n, 1);

	/* Groups by dependent node.  The loader emits them sorted by node, so
	 * this is the identity order, but a counting sort costs nothing and
	 * keeps the CSR right whatever the order. */
	for (uint32_t g = 0; g < ng; g++)
		e->grp_off[ds->groups[g].node + 1]++;
	for (uint32_t v = 0; v < n; v++)
		e->grp_off[v + 1] += e->grp_off[v];
	uint32_t *order = xreallocarray(NULL, ng, sizeof *order);
	uint32_t *fill = xreallocarray(NULL, n, sizeof *fill);
	memcpy(fill, e->grp_off, (size_t)n * sizeof *fill);
	for (uint32_t g = 0; g < ng; g++)
		order[fill[ds->groups[g].node]++] = g;

	uint32_t pos = 0;
	for (uint32_t j = 0; j < ng; j++) {
		const struct group *gr = &ds->groups[order[j]];
		e->grp_k[j] = gr->min_up;
		e->grp_node[j] = gr->node;
		e->grp_mem_off[j] = pos;
		for (uint32_t i = 0; i < gr->size; i++) {
			const struct dep *d = &ds->deps[gr->first_dep + i];
			e->mem_to[pos] = d->to;
			e->mem_failover[pos] = d->failover_hours;
			pos++;
		}
		if (gr->size > e->max_group_size)
			e->max_group_size = gr->size;
	}
	e->grp_mem_off[ng] = pos;

	/* Reverse index: for each member u, the groups holding u, each once
	 * (the loader rejects a node listed twice in one group, but a
	 * repeated entry would only cost a redundant push, so skip it). */
	for (uint32_t j = 0; j < ng; j++)
		for (uint32_t i = e->grp_mem_off[j]; i < e->grp_mem_off[j + 1]; i++)
			e->rev_off[e->mem_to[i] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		e->rev_off[v + 1] += e->rev_off[v];
	memcpy(fill, e->rev_off, (size_t)n * sizeof *fill);
	for (uint32_t j = 0; j < ng; j++)
		for (uint32_t i = e->grp_mem_off[j]; i < e->grp_mem_off[j + 1]; i++) {
			uint32_t u = e->mem_to[i];
			/* groups are visited in increasing j: a repeat is adjacent */
			if (fill[u] > e->rev_off[u] && e->rev_grp[fill[u] - 1] == j)
				continue;
			e->rev_grp[fill[u]++] = j;
		}
	/* Close the gaps left by skipped repeats (none with a loaded data set). */
	uint32_t w = 0;
	for (uint32_t v = 0; v < n; v++) {
		uint32_t lo = e->rev_off[v], hi = fill[v];
		e->rev_off[v] = w;
		for (uint32_t i = lo; i < hi; i++)
			e->rev_grp[w++] = e->rev_grp[i];
	}
	e->rev_off[n] = w;
	free(order);
	free(fill);

	for (uint32_t v = 0; v < n; v++) {
		const struct node *nd = &ds->nodes[v];
		e->is_service[v] = nd->kind == NODE_SERVICE;
		e->tolerance[v] = nd->kind == NODE_SERVICE ? nd->tolerance_hours : INFINITY;
		/* a node among its own members is a cycle of one */
		for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++)
			for (uint32_t i = e->grp_mem_off[g]; i < e->grp_mem_off[g + 1]; i++)
				if (e->mem_to[i] == v)
					e->cyclic[v] = 1;
	}
	rank_components(e);
	for (uint32_t v = 0; v < n; v++)
		if (e->cyclic[v]) /* also a node among its own members */
			e->rank_node[e->rank[v]] = NODE_NONE;
	/* The worklist orders nodes by (rank, node): one 64-bit key compares
	 * both without looking up rank[] in the heap's inner loops. */
	for (uint32_t i = 0; i < e->rev_off[n]; i++) {
		uint32_t dep = e->grp_node[e->rev_grp[i]];
		e->rev_key[i] = (uint64_t)e->rank[dep] << 32 | dep;
	}
	return 0;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	free(e->grp_off);
	free(e->grp_k);
	free(e->grp_node);
	free(e->grp_mem_off);
	free(e->mem_to);
	free(e->mem_failover);
	free(e->rev_off);
	free(e->rev_grp);
	free(e->rev_key);
	free(e->rank);
	free(e->rank_node);
	free(e->tolerance);
	free(e->is_service);
	free(e->cyclic);
	memset(e, 0, sizeof *e);
}

/* ---- scratch ---------------------------------------------------------- */

struct engine_scratch *engine_scratch_new(const struct engine *e)
{
	struct engine_scratch *s = xcalloc(1, sizeof *s);
	s->down = xcalloc(e->n_nodes, sizeof *s->down);
	s->touched = xreallocarray(NULL, e->n_nodes, sizeof *s->touched);
	s->flag = xcalloc(e->n_nodes, 1);
	s->heap = xreallocarray(NULL, e->n_nodes, sizeof *s->heap);
	/* level l has ceil(n / 64^(l+1)) words; the top level one */
	uint64_t bits = e->n_ranks ? e->n_ranks : 1;
	do {
		uint64_t words = (bits + 63) / 64;
		s->rs[s->rs_levels] = xcalloc(words, sizeof *s->rs[0]);
		s->rs_words[s->rs_levels] = (uint32_t)words;
		s->rs_levels++;
		bits = words;
	} while (bits > 1 && s->rs_levels < ENGINE_RS_LEVELS);
	s->buf = xreallocarray(NULL, e->max_group_size, sizeof *s->buf);
	s->pin_up = NODE_NONE;
	return s;
}

void engine_scratch_free(struct engine_scratch *s)
{
	if (!s)
		return;
	free(s->down);
	free(s->touched);
	free(s->flag);
	free(s->heap);
	for (uint32_t l = 0; l < s->rs_levels; l++)
		free(s->rs[l]);
	free(s->buf);
	free(s);
}

void engine_scratch_reset(struct engine_scratch *s)
{
	for (uint32_t i = 0; i < s->n_touched; i++) {
		s->down[s->touched[i]] = 0.0;
		s->flag[s->touched[i]] = 0;
	}
	/* The heap is empty after a complete propagation; be safe anyway. */
	for (uint32_t i = 0; i < s->heap_n; i++)
		s->flag[(uint32_t)s->heap[i]] = 0;
	s->n_touched = 0;
	s->heap_n = 0;
}

/*
 * ---- the worklist: nodes by (rank, node) ------------------------------
 *
 * A node off every cycle is alone in its rank, so those nodes are kept as
 * a set of ranks with a find-next over levels of bit words: push and pop
 * cost a few word operations instead of a heap's log n cache misses.
 * Nodes on cycles share a rank and go into a binary heap of 64-bit keys
 * rank << 32 | node.  The next node is the smaller of the two heads, so
 * the order is exactly (rank, node).
 */

static inline void rs_add(struct engine_scratch *s, uint32_t r)
{
	uint64_t pos = r;
	for (uint32_t l = 0; l < s->rs_levels; l++) {
		uint64_t *w = &s->rs[l][pos >> 6];
		int was = *w != 0;
		*w |= 1ULL << (pos & 63);
		if (was)
			break;
		pos >>= 6;
	}
	s->rs_n++;
	if (r < s->rs_cursor)
		s->rs_cursor = r;
}

static inline void rs_remove(struct engine_scratch *s, uint32_t r)
{
	uint64_t pos = r;
	for (uint32_t l = 0; l < s->rs_levels; l++) {
		uint64_t *w = &s->rs[l][pos >> 6];
		*w &= ~(1ULL << (pos & 63));
		if (*w)
			break;
		pos >>= 6;
	}
	s->rs_n--;
}

/* The smallest rank >= r in the set (which must not be empty). */
static inline uint32_t rs_next(const struct engine_scratch *s, uint32_t r)
{
	uint64_t pos = r;
	uint32_t l = 0;
	for (;;) {
		uint64_t i = pos >> 6;
		uint64_t w = i < s->rs_words[l] ? s->rs[l][i] & (~0ULL << (pos & 63)) : 0;
		if (w) {
			pos = i << 6 | (uint64_t)__builtin_ctzll(w);
			break;
		}
		pos = i + 1; /* the next word: a bit of the level above */
		if (++l == s->rs_levels)
			return UINT32_MAX; /* not reached while rs_n > 0 */
	}
	while (l-- > 0)
		pos = pos << 6 | (uint64_t)__builtin_ctzll(s->rs[l][pos]);
	return (uint32_t)pos;
}

/* Queue the node of key k (rank << 32 | node) unless it is already queued. */
static inline void queue_push(const struct engine *e, struct engine_scratch *s, uint64_t k)
{
	uint32_t v = (uint32_t)k;
	if (s->flag[v] & FLAG_IN_HEAP)
		return;
	s->flag[v] |= FLAG_IN_HEAP;
	if (!e->cyclic[v]) {
		rs_add(s, (uint32_t)(k >> 32));
		return;
	}
	uint64_t *h = s->heap;
	uint32_t i = s->heap_n++;
	while (i > 0) {
		uint32_t p = (i - 1) / 2;
		if (h[p] <= k)
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = k;
}

/* Remove and return the first node of the heap (which must not be empty). */
static inline uint32_t heap_pop(struct engine_scratch *s)
{
	uint64_t *h = s->heap;
	uint32_t top = (uint32_t)h[0];
	uint64_t last = h[--s->heap_n];
	uint32_t n = s->heap_n, i = 0;
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1] < h[c])
			c++;
		if (h[c] >= last)
			break;
		h[i] = h[c];
		i = c;
	}
	if (n > 0)
		h[i] = last;
	s->flag[top] &= (uint8_t)~FLAG_IN_HEAP;
	return top;
}

/* Remove and return the first queued node (the queue must not be empty). */
static inline uint32_t queue_pop(const struct engine *e, struct engine_scratch *s)
{
	if (s->rs_n > 0) {
		uint32_t r = rs_next(s, s->rs_cursor);
		s->rs_cursor = r;
		if (s->heap_n == 0 || ((uint64_t)r << 32 | e->rank_node[r]) < s->heap[0]) {
			uint32_t v = e->rank_node[r];
			rs_remove(s, r);
			s->flag[v] &= (uint8_t)~FLAG_IN_HEAP;
			return v;
		}
	}
	return heap_pop(s);
}

/* ---- the order statistic ---------------------------------------------- */

static inline void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* The element that would be at index r (0-based) if a[0..n) were sorted
 * ascending; reorders a.  Iterative quickselect, median-of-three pivot. */
double engine_select_nth(double *a, uint32_t n, uint32_t r)
{
	if (n <= SMALL_GROUP) {
		for (uint32_t i = 1; i < n; i++) {
			double x = a[i];
			uint32_t j = i;
			for (; j > 0 && a[j - 1] > x; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return a[r];
	}
	uint32_t lo = 0, hi = n - 1;
	while (hi > lo) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (a[mid] < a[lo])
			swap_d(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swap_d(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swap_d(&a[hi], &a[mid]);
		double pivot = a[mid];
		/* Hoare partition: [lo, j] <= pivot <= [j+1, hi]. */
		uint32_t i = lo, j = hi;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap_d(&a[i], &a[j]);
			i++;
			j--;
		}
		if (r <= j)
			hi = j;
		else
			lo = j + 1;
	}
	return a[r];
}

/*
 * G(g) = the (n - k + 1)-th largest of e_i = min(down(m_i), failover_i).
 * The group is down while fewer than k members are up; all outages start
 * together, so it comes back when the k-th shortest member outage ends.
 * Untouched members have e_i = 0, so only the p positive values are
 * collected: with b_0 <= .. <= b_{p-1} the (n-k+1)-th largest of all n is
 * b_{p-(n-k+1)} when p >= n-k+1, and 0 otherwise.
 */
static double group_down(const struct engine *e, struct engine_scratch *s, uint32_t g)
{
	const uint32_t lo = e->grp_mem_off[g], hi = e->grp_mem_off[g + 1];
	const uint32_t n = hi - lo, r = n - e->grp_k[g] + 1;
	double *buf = s->buf;
	uint32_t p = 0;
	for (uint32_t i = lo; i < hi; i++) {
		double x = s->down[e->mem_to[i]];
		if (e->mem_failover[i] < x)
			x = e->mem_failover[i];
		if (x > 0.0)
			buf[p++] = x;
	}
	return engine_group_value(buf, p, r);
}

/* ---- packed groups ---------------------------------------------------- */

void engine_pack_build(const struct engine *e, const uint8_t *which, struct engine_pack *p)
{
	const uint32_t n = e->n_nodes;
	p->off = xcalloc((size_t)n + 1, sizeof *p->off);
	uint64_t total = 0;
	for (uint32_t v = 0; v < n; v++) {
		uint64_t m = 0;
		int fits = !which || which[v];
		for (uint32_t g = e->grp_off[v]; fits && g < e->grp_off[v + 1]; g++) {
			uint32_t size = e->grp_mem_off[g + 1] - e->grp_mem_off[g];
			fits = size <= UINT16_MAX;
			m += size;
		}
		if (fits && total + m < UINT32_MAX)
			total += m;
		p->off[v + 1] = (uint32_t)total;
	}
	p->mem = xreallocarray(NULL, total + 1, sizeof *p->mem);
	for (uint32_t v = 0; v < n; v++) {
		uint32_t k = p->off[v];
		if (p->off[v + 1] == k)
			continue;
		for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++) {
			uint32_t lo = e->grp_mem_off[g], hi = e->grp_mem_off[g + 1];
			uint32_t size = hi - lo, r = size - e->grp_k[g] + 1;
			for (uint32_t i = lo; i < hi; i++)
				p->mem[k++] = (struct engine_pmem){e->mem_failover[i], e->mem_to[i],
				                                   i == lo ? (size | r << 16) : 0};
		}
	}
}

void engine_pack_free(struct engine_pack *p)
{
	free(p->off);
	free(p->mem);
	p->off = NULL;
	p->mem = NULL;
}

/* max(x, G(g) of each group of v) from v's packed members m[0 .. end). */
static double packed_down(struct engine_scratch *s, const struct engine_pmem *m,
                          const struct engine_pmem *end, double x)
{
	while (m < end) {
		x = engine_packed_group_max(s->down, m, s->buf, x);
		m += m[0].nr & 0xffffu;
	}
	return x;
}

/* ---- propagation ------------------------------------------------------ */

/* Record that v's downtime rose from 'old' to 'x' and queue its dependents. */
static void raise_node(const struct engine *e, struct engine_scratch *s, uint32_t v,
                       double old, double x)
{
	s->down[v] = x;
	if (old == 0.0)
		s->touched[s->n_touched++] = v;
	for (uint32_t i = e->rev_off[v]; i < e->rev_off[v + 1]; i++)
		queue_push(e, s, e->rev_key[i]);
}

/*
 * The least fixed point by chaotic iteration from below: every value
 * starts at 0 (or a root's own duration), and a node is re-evaluated as
 * down(v) := max(down(v), max_g G(g)) whenever a member of one of its
 * groups rises.  Keeping the old value in the max is what lets a root
 * keep own(v) without a separate array, and it is sound because every
 * intermediate value is below the least fixed point.  Values only rise
 * and are drawn from the finite set {d_r} ∪ {failover caps}, so the
 * iteration ends; popping by rank means a node off every cycle is
 * evaluated once, after all its dependencies are final.
 */
void engine_propagate(const struct engine *e, struct engine_scratch *s,
                      const uint32_t *roots, const double *dur, size_t n_roots)
{
	for (size_t i = 0; i < n_roots; i++) {
		uint32_t r = roots[i];
		double d = dur[i];
		/* d > 0 also rejects NaN; a repeated root keeps the longer d. */
		if (r >= e->n_nodes || !(d > 0.0) || d <= s->down[r] || r == s->pin_up)
			continue;
		raise_node(e, s, r, s->down[r], d);
	}
	while (s->heap_n > 0 || s->rs_n > 0) {
		uint32_t v = queue_pop(e, s);
		double old = s->down[v], x = old;
		if (e->pack && e->pack->off[v + 1] > e->pack->off[v]) {
			x = packed_down(s, e->pack->mem + e->pack->off[v],
			                e->pack->mem + e->pack->off[v + 1], x);
		} else {
			for (uint32_t g = e->grp_off[v]; g < e->grp_off[v + 1]; g++) {
				double gd = group_down(e, s, g);
				if (gd > x)
					x = gd;
			}
		}
		if (x > old && v != s->pin_up)
			raise_node(e, s, v, old, x);
	}
}

double engine_group_down(const struct engine *e, struct engine_scratch *s, uint32_t g)
{
	return group_down(e, s, g);
}

int engine_effect(const struct engine *e, struct engine_scratch *s, uint32_t r)
{
	const double unlimited = INFINITY;
	engine_propagate(e, s, &r, &unlimited, 1);
	for (uint32_t i = 0; i < s->n_touched; i++)
		if (e->cyclic[s->touched[i]])
			return -1;
	return 0;
}
