/*
 * dataset.c - load and validate a data set directory (chokepoint-data(5)).
 *
 * Loading runs in passes so that every error of every file is found in
 * one run: read the CSV tables, make the nodes (checking each field),
 * index the ids (duplicates), resolve references (with "did you mean"),
 * check parent chains, then expand and group the dependencies.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/path.h"
#include "base/text.h"
#include "input/csvread.h"
#include "input/dataset.h"
#include "input/dist.h"

/* The node and edge limits (limits.h) have ceilings that keep counts
 * inside uint32_t. */

enum { F_INST, F_SERV, F_VEND, F_CLOUD, F_DEPS, F_COUNT };
static const char *const file_names[F_COUNT] = {
	"institutions.csv", "services.csv", "vendors.csv", "cloud.csv",
	"dependencies.csv"
};

/* Columns of each file; required ones first, NULL-terminated. */
static const char *const cols_inst[] = { "id", "name", "type", "total_assets",
	"systemic", "country", NULL };
static const char *const cols_serv[] = { "id", "institution", "name", "category",
	"tolerance_hours", "daily_volume", NULL };
static const char *const cols_prov[] = { "id", "name", "type", "parent", "country",
	"annual_outage_rate", "outage_median_hours", "outage_p95_hours", "group", NULL };
static const char *const cols_deps[] = { "from", "to", "group", "min_up",
	"failover_hours", NULL };
static const int required_inst = 3, required_serv = 5, required_prov = 3,
                 required_deps = 2;

/* A dependency edge before grouping. */
struct raw_dep {
	uint32_t from, to;
	const char *label;   /* points into the csv table or "" */
	uint32_t min_up;     /* 0 when not given */
	double failover;
	int is_parent;
	int via_inst;        /* expanded from an institution row */
	struct src_loc loc;
	size_t seq;          /* input order, for stable sorting */
};

struct loader {
	struct dataset *ds;
	struct diag *d;
	/* dataset_load_mem: the files' contents (NULL: absent) instead of disk */
	const char *const *mem;
	const size_t *mem_len;
	struct csvtab tab[F_COUNT];
	int have[F_COUNT];
	/* reference strings per node, resolved after indexing */
	const char **ref;    /* service: institution id; provider: parent id */
	size_t nodes_alloc, ref_alloc;  /* allocated elements of ds->nodes, ref */
};

const char *node_kind_name(enum node_kind k)
{
	static const char *const names[] = { "institution", "service", "vendor",
		"cloud" };
	return k < NODE_KIND_COUNT ? names[k] : "?";
}

int dataset_id_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		if (!(isalnum(c) || strchr("_.:@/-", c)) || c >= 0x80)
			return 0;
	}
	return n >= 1 && n <= ID_MAX_LEN;
}

/* ---- typed fields ---------------------------------------------------- */

/* Report a bad number with what was expected. */
static void bad_number(struct loader *L, const struct csvtab *t, size_t row,
                       const char *col, const char *expect, const char *got)
{
	const char *why = "";
	if (strcasecmp(got, "nan") == 0 || strcasecmp(got, "inf") == 0 ||
	    strcasecmp(got, "infinity") == 0 || strcasecmp(got, "-inf") == 0)
		why = " (NaN and infinities are not allowed)";
	diag_error(L->d, t->path, t->line[row], col, "expected %s, got \"%s\"%s",
	           expect, got, why);
}

/* What a bad number was expected to be, for get_number's messages: only
 * formatted for one (a snprintf a field cost 4 % of a load). */
static void number_expected(char *buf, size_t size, double lo, int strict)
{
	snprintf(buf, size, "a number %s %g", strict ? ">" : ">=", lo);
}

/*
 * Numeric column: empty gives 'dflt' (or an error when required);
 * otherwise the value must be >= lo (strictly > lo when 'strict').
 * Returns 0 when fine; -1 after reporting.
 */
static int get_number(struct loader *L, const struct csvtab *t, size_t row,
                      const char *col, int required, double dflt, double lo,
                      int strict, double *out)
{
	const char *s = csvtab_get(t, row, csvtab_col(t, col));
	char expect[64]; /* formatted for a message only */
	if (!*s) {
		if (required) {
			number_expected(expect, sizeof expect, lo, strict);
			diag_error(L->d, t->path, t->line[row], col,
			           "expected %s, got an empty field", expect);
			return -1;
		}
		*out = dflt;
		return 0;
	}
	double x;
	int r = parse_decimal(s, &x);
	if (r != 0 && s[0] != '-' && strspn(s, "0123456789+-.eE") == strlen(s) &&
	    isinf(strtod(s, NULL)))
		x = INFINITY, r = 0; /* well-formed, but beyond a double: too large */
	double h;
	size_t cl = strlen(col);
	if (r != 0 && cl > 6 && strcmp(col + cl - 6, "_hours") == 0 &&
	    parse_hours_unit(s, &h) == 0) {
		char v[32];
		fmt_num(v, sizeof v, h, 6);
		diag_error(L->d, t->path, t->line[row], col,
		           "expected a number of hours without a unit, got \"%s\": "
		           "write %s", s, v);
		return -1;
	}
	if (r != 0 || x < lo || (strict && x == lo)) {
		number_expected(expect, sizeof expect, lo, strict);
		bad_number(L, t, row, col, expect, s);
		return -1;
	}
	if (x > DATASET_MAX_NUMBER) {
		diag_error(L->d, t->path, t->line[row], col,
		           "expected a number of at most 1e18 (a larger one is surely a "
		           "unit mistake), got \"%s\"", s);
		return -1;
	}
	*out = x;
	return 0;
}

/* Text column that must not be empty. */
static int get_text(struct loader *L, const struct csvtab *t, size_t row,
                    const char *col, const char **out)
{
	const char *s = csvtab_get(t, row, csvtab_col(t, col));
	if (!*s) {
		diag_error(L->d, t->path, t->line[row], col,
		           "expected a non-empty value, got an empty field");
		return -1;
	}
	*out = s;
	return 0;
}

static int get_id(struct loader *L, const struct csvtab *t, size_t row,
                  const char *col, const char **out)
{
	const char *s = csvtab_get(t, row, csvtab_col(t, col));
	if (!dataset_id_valid(s)) {
		diag_error(L->d, t->path, t->line[row], col,
		           "expected an id of 1 to %d characters from "
		           "[A-Za-z0-9_.:@/-], got \"%s\"", ID_MAX_LEN, s);
		return -1;
	}
	*out = s;
	return 0;
}

static int get_bool(struct loader *L, const struct csvtab *t, size_t row,
                    const char *col, int *out)
{
	const char *s = csvtab_get(t, row, csvtab_col(t, col));
	static const char *const yes[] = { "1", "true", "yes" };
	static const char *const no[] = { "", "0", "false", "no" };
	for (size_t i = 0; i < 3; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (size_t i = 0; i < 4; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	diag_error(L->d, t->path, t->line[row], col,
	           "expected 0/1, true/false or yes/no, got \"%s\"", s);
	return -1;
}

static int get_country(struct loader *L, const struct csvtab *t, size_t row,
                       const char **out)
{
	const char *s = csvtab_get(t, row, csvtab_col(t, "country"));
	if (*s && !(strlen(s) == 2 && isupper((unsigned char)s[0]) &&
	            isupper((unsigned char)s[1]))) {
		diag_error(L->d, t->path, t->line[row], "country",
		           "expected an ISO 3166 alpha-2 code such as \"JP\", got \"%s\"", s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- headers ---------------------------------------------------------- */

/* The prefix of a user's own column, which chokepoint reads past. */
#define USER_COLUMN_PREFIX "x_"

/*
 * The column of 'cols' absent from t's header that an unknown name 'got'
 * probably means, or NULL: one that equals it but for case, that holds it
 * ("assets" for total_assets, "failover" for failover_hours), that it
 * holds ("institution_id" for institution), or within a third of its
 * length in edits (at least 2), compared in lower case.
 */
static const char *nearest_column(const char *got, const char *const *cols,
                                  const struct csvtab *t)
{
	size_t len = strlen(got);
	if (len == 0 || len > 64)
		return NULL;
	char low[65];
	for (size_t i = 0; i <= len; i++)
		low[i] = (char)tolower((unsigned char)got[i]);
	const char *best = NULL;
	for (const char *const *k = cols; *k && !best; k++)
		if (csvtab_col(t, *k) < 0 && strcmp(*k, low) == 0)
			best = *k;
	for (const char *const *k = cols; *k && !best && len >= 3; k++)
		if (csvtab_col(t, *k) < 0 && strstr(*k, low))
			best = *k;
	if (best)
		return best;
	for (const char *const *k = cols; *k; k++) /* the longest it holds */
		if (csvtab_col(t, *k) < 0 && strstr(low, *k) &&
		    (!best || strlen(*k) > strlen(best)))
			best = *k;
	if (best)
		return best;
	size_t cap = len / 3 > 2 ? len / 3 : 2;
	size_t bestd = cap + 1;
	for (const char *const *k = cols; *k; k++) {
		if (csvtab_col(t, *k) >= 0)
			continue;
		size_t dist = edit_distance(low, *k, bestd - 1);
		if (dist < bestd) {
			bestd = dist;
			best = *k;
		}
	}
	return best;
}

/*
 * Check required columns and refuse unknown ones: a misspelt optional
 * column would otherwise be dropped and every figure it drives be 0.
 * Columns named x_... are the user's own and are read past; so is a
 * column without a name that holds no value (a spreadsheet's trailing
 * comma).
 */
static int check_header(struct loader *L, const struct csvtab *t,
                        const char *const *cols, int nreq)
{
	int ok = 1;
	for (int i = 0; i < nreq; i++)
		if (csvtab_col(t, cols[i]) < 0) {
			diag_error(L->d, t->path, t->head_line, NULL,
			           "missing required column \"%s\"", cols[i]);
			ok = 0;
		}
	/* the known columns, for messages */
	char known[256] = "";
	for (const char *const *k = cols; *k; k++) {
		size_t n = strlen(known);
		snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", *k);
	}
	/* One message for every unknown column: the first MAX_UNKNOWN_NAMED
	 * names, each cut to MAX_NAME_SHOWN bytes (a header of a thousand
	 * 60 kB names still makes one short line), with a suggestion each. */
	enum { MAX_UNKNOWN_NAMED = 10, MAX_NAME_SHOWN = 64 };
	char *unknown = NULL, *first = NULL;
	size_t n_unknown = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = t->head[c];
		int is_known = 0;
		for (const char *const *k = cols; *k; k++)
			if (strcmp(*k, h) == 0)
				is_known = 1;
		if (is_known || strncmp(h, USER_COLUMN_PREFIX, strlen(USER_COLUMN_PREFIX)) == 0)
			continue;
		if (!*h) {
			size_t r = 0;
			while (r < t->nrows && !*csvtab_get(t, r, c))
				r++;
			if (r < t->nrows) {
				diag_error(L->d, t->path, t->line[r], NULL,
				           "field %zu has a value but its column has no name in "
				           "the header: expected one of %s, or a name starting "
				           "with " USER_COLUMN_PREFIX " for a column of your own",
				           c + 1, known);
				ok = 0;
			}
			continue;
		}
		ok = 0;
		if (n_unknown++ >= MAX_UNKNOWN_NAMED)
			continue;
		size_t len = strlen(h), cut = len;
		if (len > MAX_NAME_SHOWN) /* at a character boundary */
			for (cut = MAX_NAME_SHOWN; cut > 0 && (h[cut] & 0xc0) == 0x80; cut--)
				;
		const char *near = nearest_column(h, cols, t);
		char *u = xasprintf("%s%s\"%.*s%s\"%s%s%s", unknown ? unknown : "",
		                    unknown ? ", " : "", (int)cut, h, cut < len ? "..." : "",
		                    near ? " (did you mean \"" : "", near ? near : "",
		                    near ? "\"?)" : "");
		free(unknown);
		unknown = u;
		if (!first && !near && cut == len)
			first = xstrdup(h);
	}
	if (n_unknown > MAX_UNKNOWN_NAMED) {
		char *u = xasprintf("%s and %zu more", unknown, n_unknown - MAX_UNKNOWN_NAMED);
		free(unknown);
		unknown = u;
	}
	if (unknown) {
		char *keep = first ? xasprintf(" (\"" USER_COLUMN_PREFIX "%s\")", first)
		                   : xstrdup("");
		diag_error(L->d, t->path, t->head_line, NULL,
		           "unknown column%s %s: expected %s; to keep a column of your own, "
		           "start its name with \"" USER_COLUMN_PREFIX "\"%s",
		           n_unknown > 1 ? "s" : "", unknown, known, keep);
		free(keep);
	}
	free(unknown);
	free(first);
	return ok ? 0 : -1;
}

/* ---- id index ------------------------------------------------------- */

/* FNV-1a of a string (an id or a type), for the hash tables. */
static uint32_t id_hash_of(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * The hash index dataset_find reads: a node's id in at most half the
 * slots, the first node of an id only (the lowest index), so that a
 * lookup costs one id comparison rather than a binary search's
 * seventeen.  A slot holds the id's pointer and hash besides the node,
 * so a probe past another id reads no node and no string: at 400,000
 * nodes those reads missed the caches.  Returns the number of nodes
 * whose id an earlier node already has (malformed ids, all "", count
 * too), so that the sort that reports duplicates runs only when there is
 * one.  Linear in the nodes.
 */
static uint32_t build_hash(struct dataset *ds)
{
	uint32_t slots = 16, repeats = 0;
	while (slots < 2 * (uint64_t)ds->n_nodes)
		slots *= 2;
	free(ds->id_hash);
	ds->id_hash = xcalloc(slots, sizeof *ds->id_hash);
	ds->id_hash_mask = slots - 1;
	for (uint32_t v = 0; v < ds->n_nodes; v++) {
		const char *id = ds->nodes[v].id;
		uint32_t h = id_hash_of(id);
		for (uint32_t i = h & ds->id_hash_mask;; i = (i + 1) & ds->id_hash_mask) {
			struct id_slot *u = &ds->id_hash[i];
			if (!u->id) {
				*u = (struct id_slot){ id, h, v };
				break;
			}
			if (u->hash == h && strcmp(u->id, id) == 0) {
				repeats++; /* a later definition of the id: the first wins */
				break;
			}
		}
	}
	return repeats;
}

/* Nodes by id, then by index (their place in the one nodes array). */
static int cmp_node_id(const void *a, const void *b)
{
	const struct node *x = *(const struct node *const *)a;
	const struct node *y = *(const struct node *const *)b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Report every id defined twice, in the order of the ids (then of the
 * nodes): each definition after the first names the one before it.
 * Only called when build_hash found a repeat, so a valid data set is
 * not sorted (n log n).  Returns the number of errors reported.
 */
static int report_duplicates(struct loader *L)
{
	const struct dataset *ds = L->ds;
	const struct node **by_id = xcalloc((size_t)ds->n_nodes + 1, sizeof *by_id);
	for (uint32_t i = 0; i < ds->n_nodes; i++)
		by_id[i] = &ds->nodes[i];
	qsort(by_id, ds->n_nodes, sizeof *by_id, cmp_node_id);
	int errors = 0;
	for (uint32_t i = 1; i < ds->n_nodes; i++) {
		const struct node *a = by_id[i - 1], *b = by_id[i];
		/* malformed ids were reported already; "" is not a definition */
		if (strcmp(a->id, b->id) == 0 && dataset_id_valid(b->id)) {
			/* a is the earlier definition when in the same file; report
			 * the one that comes later in file order. */
			diag_error(L->d, b->loc.file, b->loc.line, "id",
			           "\"%s\" already defined at %s:%lu", b->id,
			           a->loc.file, a->loc.line);
			errors++;
		}
	}
	free(by_id);
	return errors;
}

/* Build the id hash and report duplicate ids (the first definition
 * wins); 0, or -1 when one was reported. */
static int build_index(struct loader *L)
{
	if (build_hash(L->ds) == 0)
		return 0;
	return report_duplicates(L) ? -1 : 0;
}

/*
 * Number the types in order of first appearance (dataset.h) with a hash
 * table of the types seen so far: linear in the nodes, where sorting
 * them by type was n log n.  A type's number is the count of distinct
 * types before its first node, as the sort's renumbering gave.
 */
uint32_t dataset_number_types(const struct dataset *ds, enum node_kind kind,
                              uint32_t *type_of, const char **types)
{
	uint32_t first = ds->first_kind[kind], n = ds->n_kind[kind];
	uint32_t slots = 16;
	while (slots < 2 * (uint64_t)n)
		slots *= 2;
	uint32_t *slot = xcalloc(slots, sizeof *slot); /* type number + 1, 0 empty */
	uint32_t nt = 0;
	for (uint32_t i = 0; i < n; i++) {
		const char *type = ds->nodes[first + i].type;
		uint32_t h = id_hash_of(type) & (slots - 1);
		while (slot[h] && strcmp(types[slot[h] - 1], type) != 0)
			h = (h + 1) & (slots - 1);
		if (!slot[h]) { /* a new type */
			types[nt] = type;
			slot[h] = ++nt;
		}
		type_of[i] = slot[h] - 1;
	}
	free(slot);
	return nt;
}

/* Node index of 'id' (the first node of that id), NODE_NONE when none or
 * when ds holds no nodes (no hash index). */
uint32_t dataset_find(const struct dataset *ds, const char *id)
{
	if (!ds->id_hash)
		return NODE_NONE;
	uint32_t h = id_hash_of(id);
	for (uint32_t i = h & ds->id_hash_mask;; i = (i + 1) & ds->id_hash_mask) {
		const struct id_slot *u = &ds->id_hash[i];
		if (!u->id)
			return NODE_NONE;
		if (u->hash == h && strcmp(u->id, id) == 0)
			return u->node;
	}
}

/*
 * The closest id of an acceptable kind (mask of 1 << kind), for "did you
 * mean".  Only ids within a third of the length (at least 2 edits) count.
 * Of equally close ids the least by strcmp (then the first node) wins:
 * the one a walk in id order would meet first, without sorting the ids.
 */
static const char *nearest_id(const struct dataset *ds, const char *id, unsigned mask)
{
	size_t len = strlen(id);
	size_t cap = len / 3 > 1 ? len / 3 : 1;
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (!(mask & (1u << v->kind)))
			continue;
		/* exact up to bestd, so that a tie is seen */
		size_t dist = edit_distance(id, v->id, bestd < cap ? bestd : cap);
		if (dist < bestd || (best && dist == bestd && strcmp(v->id, best) < 0)) {
			bestd = dist;
			best = v->id;
		}
	}
	return best;
}

/*
 * Resolve reference 'id' found at (t,row,col) to a node whose kind is in
 * 'mask'; 'what' names the acceptable kinds for the message.
 */
static uint32_t resolve(struct loader *L, const struct csvtab *t, size_t row,
                        const char *col, const char *id, unsigned mask,
                        const char *what)
{
	const struct dataset *ds = L->ds;
	uint32_t v = dataset_find(ds, id);
	if (v == NODE_NONE) {
		/* the search costs a pass over every id: only for a shown message */
		const char *near = diag_will_show(L->d, t->path) ? nearest_id(ds, id, mask)
		                                                 : NULL;
		if (near)
			diag_error(L->d, t->path, t->line[row], col,
			           "unknown id \"%s\" (did you mean \"%s\"?)", id, near);
		else
			diag_error(L->d, t->path, t->line[row], col,
			           "unknown id \"%s\": expected %s", id, what);
		return NODE_NONE;
	}
	if (!(mask & (1u << ds->nodes[v].kind))) {
		const struct node *n = &ds->nodes[v];
		if (n->kind == NODE_INSTITUTION && strcmp(col, "to") == 0)
			diag_error(L->d, t->path, t->line[row], col,
			           "\"%s\" is an institution (%s:%lu): expected %s; "
			           "name the institution's service instead",
			           id, n->loc.file, n->loc.line, what);
		else
			diag_error(L->d, t->path, t->line[row], col,
			           "\"%s\" is a %s (%s:%lu): expected %s", id,
			           node_kind_name(n->kind), n->loc.file, n->loc.line, what);
		return NODE_NONE;
	}
	return v;
}

/* ---- nodes ------------------------------------------------------------ */

static struct node *new_node(struct loader *L, enum node_kind kind,
                             const struct csvtab *t, size_t row)
{
	struct dataset *ds = L->ds;
	ALLOC_GROW(ds->nodes, ds->n_nodes + 1, L->nodes_alloc);
	ALLOC_GROW(L->ref, ds->n_nodes + 1, L->ref_alloc);
	L->ref[ds->n_nodes] = "";
	struct node *v = &ds->nodes[ds->n_nodes++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->loc.file = t->path;
	v->loc.line = t->line[row];
	v->institution = NODE_NONE;
	v->parent = NODE_NONE;
	return v;
}

/* Common id/name/type; returns -1 if any is bad (the node keeps "" then). */
static int node_common(struct loader *L, struct node *v, const struct csvtab *t,
                       size_t row, const char *typecol)
{
	const char *id = "", *name = "", *type = "";
	int bad = 0;
	bad |= get_id(L, t, row, "id", &id);
	bad |= get_text(L, t, row, "name", &name);
	bad |= get_text(L, t, row, typecol, &type);
	v->id = xstrdup(id);
	v->name = xstrdup(name);
	v->type = xstrdup(type);
	return bad ? -1 : 0;
}

static int load_institutions(struct loader *L)
{
	const struct csvtab *t = &L->tab[F_INST];
	int bad = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		struct node *v = new_node(L, NODE_INSTITUTION, t, r);
		const char *country = "";
		bad |= node_common(L, v, t, r, "type");
		bad |= get_number(L, t, r, "total_assets", 0, 0.0, 0.0, 0, &v->total_assets);
		bad |= get_bool(L, t, r, "systemic", &v->systemic);
		bad |= get_country(L, t, r, &country);
		v->country = xstrdup(country);
	}
	return bad ? -1 : 0;
}

static int load_services(struct loader *L)
{
	const struct csvtab *t = &L->tab[F_SERV];
	int bad = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		struct node *v = new_node(L, NODE_SERVICE, t, r);
		const char *inst = "";
		bad |= node_common(L, v, t, r, "category");
		bad |= get_id(L, t, r, "institution", &inst);
		L->ref[v - L->ds->nodes] = inst;
		bad |= get_number(L, t, r, "tolerance_hours", 1, 0.0, 0.0, 1,
		                  &v->tolerance_hours);
		bad |= get_number(L, t, r, "daily_volume", 0, 0.0, 0.0, 0,
		                  &v->daily_volume);
		v->country = xstrdup("");
	}
	return bad ? -1 : 0;
}

static int load_providers(struct loader *L, int f, enum node_kind kind)
{
	const struct csvtab *t = &L->tab[f];
	int bad = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		struct node *v = new_node(L, kind, t, r);
		const char *country = "";
		int rbad = node_common(L, v, t, r, "type");
		if (kind == NODE_CLOUD && v->type[0] && strcmp(v->type, "provider") &&
		    strcmp(v->type, "region") && strcmp(v->type, "zone")) {
			diag_error(L->d, t->path, t->line[r], "type",
			           "expected provider, region or zone, got \"%s\"", v->type);
			rbad = -1;
		}
		const char *parent = csvtab_get(t, r, csvtab_col(t, "parent"));
		if (*parent && get_id(L, t, r, "parent", &parent) != 0) {
			rbad = -1;
			parent = "";
		}
		L->ref[v - L->ds->nodes] = parent;
		/* group: the ultimate parent's code; empty means its own group */
		const char *grp = csvtab_get(t, r, csvtab_col(t, "group"));
		if (*grp && get_id(L, t, r, "group", &grp) != 0) {
			rbad = -1;
			grp = "";
		}
		v->group = xstrdup(*grp ? grp : v->id);
		rbad |= get_country(L, t, r, &country);
		v->country = xstrdup(country);
		rbad |= get_number(L, t, r, "annual_outage_rate", 0, 0.0, 0.0, 0,
		                   &v->annual_outage_rate);
		if (v->annual_outage_rate > DATASET_MAX_RATE) {
			diag_error(L->d, t->path, t->line[r], "annual_outage_rate",
			           "expected at most %g outages a year, got %s", DATASET_MAX_RATE,
			           csvtab_get(t, r, csvtab_col(t, "annual_outage_rate")));
			rbad = -1;
		}
		int need = v->annual_outage_rate > 0;
		int mbad = get_number(L, t, r, "outage_median_hours", need, 0.0, 0.0, 1,
		                      &v->outage_median_hours);
		int pbad = get_number(L, t, r, "outage_p95_hours", need, 0.0, 0.0, 1,
		                      &v->outage_p95_hours);
		/* bounds of every duration (dist.h), so draws stay finite */
		for (int k = 0; k < 2 && !mbad && !pbad; k++) {
			double h = k ? v->outage_p95_hours : v->outage_median_hours;
			const char *col = k ? "outage_p95_hours" : "outage_median_hours";
			if (h > 0 && (h < DIST_MIN_HOURS || h > DIST_MAX_HOURS)) {
				diag_error(L->d, t->path, t->line[r], col,
				           "expected hours from 0.000001 to 1000000, got \"%s\"",
				           csvtab_get(t, r, csvtab_col(t, col)));
				if (k)
					pbad = -1;
				else
					mbad = -1;
			}
		}
		if (!mbad && !pbad && v->outage_p95_hours > 0 &&
		    v->outage_median_hours > 0 &&
		    v->outage_p95_hours < v->outage_median_hours) {
			char a[32], b[32];
			fmt_num(a, sizeof a, v->outage_p95_hours, 6);
			fmt_num(b, sizeof b, v->outage_median_hours, 6);
			diag_error(L->d, t->path, t->line[r], "outage_p95_hours",
			           "expected a 95th percentile >= the median (%s h), got %s",
			           b, a);
			rbad = -1;
		}
		if (!mbad && !pbad && (v->outage_median_hours > 0) != (v->outage_p95_hours > 0)) {
			diag_error(L->d, t->path, t->line[r],
			           v->outage_median_hours > 0 ? "outage_p95_hours"
			                                      : "outage_median_hours",
			           "expected both outage_median_hours and outage_p95_hours, "
			           "or neither");
			rbad = -1;
		}
		bad |= rbad | mbad | pbad;
	}
	return bad ? -1 : 0;
}

/* ---- references and ordering ----------------------------------------- */

/* Resolve services' institutions and providers' parents. */
static int resolve_refs(struct loader *L)
{
	struct dataset *ds = L->ds;
	int bad = 0;
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		struct node *v = &ds->nodes[i];
		const char *ref = L->ref[i];
		if (!*ref)
			continue;
		int f = v->kind == NODE_SERVICE ? F_SERV
		      : v->kind == NODE_VENDOR  ? F_VEND : F_CLOUD;
		const struct csvtab *t = &L->tab[f];
		/* find the row of this node for the message */
		size_t row = i - ds->first_kind[v->kind];
		if (v->kind == NODE_SERVICE) {
			v->institution = resolve(L, t, row, "institution", ref,
			                         1u << NODE_INSTITUTION, "an institution id");
			bad |= v->institution == NODE_NONE;
		} else {
			if (strcmp(ref, v->id) == 0) {
				diag_error(L->d, t->path, t->line[row], "parent",
				           "\"%s\" names itself as its parent", ref);
				bad = 1;
				continue;
			}
			v->parent = resolve(L, t, row, "parent", ref,
			                    (1u << NODE_VENDOR) | (1u << NODE_CLOUD),
			                    "a provider id from vendors.csv or cloud.csv");
			bad |= v->parent == NODE_NONE;
		}
	}
	return bad ? -1 : 0;
}

/* A parent chain that returns to a node makes "root ancestor" meaningless. */
static int check_parent_cycles(struct loader *L)
{
	struct dataset *ds = L->ds;
	int bad = 0;
	/* state: 0 unknown, 1 on the current walk, 2 known to end */
	unsigned char *state = xcalloc(ds->n_nodes, 1);
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		if (state[i])
			continue;
		uint32_t v = i;
		while (v != NODE_NONE && state[v] == 0) {
			state[v] = 1;
			v = ds->nodes[v].parent;
		}
		int cyc = v != NODE_NONE && state[v] == 1;
		if (cyc) {
			const struct node *n = &ds->nodes[v];
			diag_error(L->d, n->loc.file, n->loc.line, "parent",
			           "the parent chain of \"%s\" loops back to it", n->id);
			bad = 1;
		}
		for (uint32_t w = i; w != NODE_NONE && state[w] == 1; w = ds->nodes[w].parent)
			state[w] = 2;
	}
	free(state);
	return bad ? -1 : 0;
}

/*
 * Order services by owning institution (file order within one), so an
 * institution's services are contiguous, then rebuild the id hash.  A
 * stable counting sort by institution index: services are read in file
 * order, so within an institution they stay in it, the order the sort
 * by (institution, line) gave, in linear time.
 */
static void group_services(struct loader *L)
{
	struct dataset *ds = L->ds;
	uint32_t s0 = ds->first_kind[NODE_SERVICE], ns = ds->n_kind[NODE_SERVICE];
	uint32_t ni = ds->n_kind[NODE_INSTITUTION]; /* institutions are nodes [0, ni) */
	/* start[k]: the place of institution k's first service */
	uint32_t *start = xcalloc((size_t)ni + 1, sizeof *start);
	for (uint32_t i = s0; i < s0 + ns; i++)
		start[ds->nodes[i].institution + 1]++;
	for (uint32_t k = 0; k < ni; k++)
		start[k + 1] += start[k];
	struct node *sorted = xreallocarray(NULL, (size_t)ns + 1, sizeof *sorted);
	for (uint32_t i = s0; i < s0 + ns; i++)
		sorted[start[ds->nodes[i].institution]++] = ds->nodes[i];
	if (ns)
		memcpy(ds->nodes + s0, sorted, (size_t)ns * sizeof *sorted);
	free(sorted);
	free(start);
	for (uint32_t i = s0; i < s0 + ns; i++) {
		struct node *inst = &ds->nodes[ds->nodes[i].institution];
		if (inst->n_services++ == 0)
			inst->first_service = i;
	}
	build_index(L);
}

/* ---- dependencies ----------------------------------------------------- */

/* Raw edges by (from, label, to, input order): a total order, since no
 * two edges share seq. */
static int cmp_raw(const struct raw_dep *x, const struct raw_dep *y)
{
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	int c = strcmp(x->label, y->label);
	if (c)
		return c;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* cmp_raw for qsort over pointers to raw edges. */
static int cmp_raw_ptr(const void *a, const void *b)
{
	return cmp_raw(*(const struct raw_dep *const *)a, *(const struct raw_dep *const *)b);
}

struct rawvec {
	struct raw_dep *v;
	size_t n, cap;
};

static struct raw_dep *raw_push(struct rawvec *rv)
{
	ALLOC_GROW(rv->v, rv->n + 1, rv->cap);
	struct raw_dep *e = &rv->v[rv->n];
	memset(e, 0, sizeof *e);
	e->seq = rv->n++;
	return e;
}

/* Parse dependencies.csv rows into raw edges (institution rows expanded). */
static int read_deps(struct loader *L, struct rawvec *rv)
{
	struct dataset *ds = L->ds;
	const struct csvtab *t = &L->tab[F_DEPS];
	int bad = 0;
	const unsigned to_mask = (1u << NODE_SERVICE) | (1u << NODE_VENDOR) |
	                         (1u << NODE_CLOUD);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *fs = "", *ts = "";
		int rbad = 0;
		uint32_t from = NODE_NONE, to = NODE_NONE;
		if (get_id(L, t, r, "from", &fs) == 0)
			from = resolve(L, t, r, "from", fs, to_mask | (1u << NODE_INSTITUTION),
			               "a service, provider or institution id");
		if (get_id(L, t, r, "to", &ts) == 0)
			to = resolve(L, t, r, "to", ts, to_mask, "a provider or service id");
		rbad |= from == NODE_NONE || to == NODE_NONE;
		const char *label = csvtab_get(t, r, csvtab_col(t, "group"));
		if (strlen(label) > ID_MAX_LEN) {
			diag_error(L->d, t->path, t->line[r], "group",
			           "expected a label of at most %d bytes, got %zu bytes",
			           ID_MAX_LEN, strlen(label));
			rbad = 1;
		} else if (*label && !label[strspn(label, " \t")]) {
			/* looks empty in a spreadsheet, yet would make a group */
			diag_error(L->d, t->path, t->line[r], "group",
			           "expected a label or an empty field, got only blanks "
			           "(\"%s\")", label);
			rbad = 1;
		}
		uint32_t min_up = 0;
		const char *ms = csvtab_get(t, r, csvtab_col(t, "min_up"));
		if (*ms) {
			char *end;
			errno = 0;
			unsigned long k = strtoul(ms, &end, 10);
			if (!isdigit((unsigned char)ms[0]) || *end || errno || k < 1 ||
			    k > UINT32_MAX - 1) {
				diag_error(L->d, t->path, t->line[r], "min_up",
				           "expected a whole number >= 1, got \"%s\"", ms);
				rbad = 1;
			} else {
				min_up = (uint32_t)k;
			}
		}
		double failover = INFINITY;
		const char *fo = csvtab_get(t, r, csvtab_col(t, "failover_hours"));
		if (*fo && get_number(L, t, r, "failover_hours", 0, 0.0, 0.0, 0, &failover))
			rbad = 1;
		if (from != NODE_NONE && from == to) {
			diag_error(L->d, t->path, t->line[r], "to",
			           "\"%s\" depends on itself", ts);
			rbad = 1;
		}
		if (rbad) {
			bad = 1;
			continue;
		}
		const struct node *fn = &ds->nodes[from];
		uint32_t first = from, count = 1;
		int via = 0;
		if (fn->kind == NODE_INSTITUTION) {
			first = fn->first_service;
			count = fn->n_services;
			via = 1;
			if (count == 0) {
				diag_warning(L->d, t->path, t->line[r], "from",
				             "institution \"%s\" has no services: "
				             "the row has no effect", fs);
				continue;
			}
			if (ds->nodes[to].kind == NODE_SERVICE &&
			    ds->nodes[to].institution == from) {
				diag_error(L->d, t->path, t->line[r], "to",
				           "\"%s\" is a service of institution \"%s\": the "
				           "shorthand would make it depend on itself",
				           ts, fs);
				bad = 1;
				continue;
			}
		}
		if (rv->n + count > limit_get(LIMIT_EDGES)) {
			diag_error(L->d, t->path, t->line[r], NULL,
			           "more than %" PRIu64 " dependency edges after expanding "
			           "institution rows (--limit edges=N)", limit_get(LIMIT_EDGES));
			return -1;
		}
		for (uint32_t s = first; s < first + count; s++) {
			struct raw_dep *e = raw_push(rv);
			e->from = s;
			e->to = to;
			e->label = label;
			e->min_up = min_up;
			e->failover = failover;
			e->via_inst = via;
			e->loc.file = t->path;
			e->loc.line = t->line[r];
		}
	}
	return bad ? -1 : 0;
}

/*
 * Pointers to the raw edges of rv in cmp_raw's order, in linear time
 * where a qsort of the edges themselves was n log n: a stable counting
 * sort by 'from' (a node index), then a sort of each from's few edges
 * by cmp_raw.  cmp_raw is a total order, so the result is the one order
 * a sort of the whole array by it gives.
 */
static const struct raw_dep **sort_raw(const struct rawvec *rv)
{
	uint32_t nb = 0; /* one past the largest 'from' */
	for (size_t i = 0; i < rv->n; i++)
		if (rv->v[i].from >= nb)
			nb = rv->v[i].from + 1;
	size_t *start = xcalloc((size_t)nb + 1, sizeof *start);
	for (size_t i = 0; i < rv->n; i++)
		start[rv->v[i].from + 1]++;
	for (uint32_t f = 0; f < nb; f++)
		start[f + 1] += start[f];
	const struct raw_dep **by = xcalloc(rv->n + 1, sizeof *by);
	for (size_t i = 0; i < rv->n; i++) /* start[f] ends at the end of f's edges */
		by[start[rv->v[i].from]++] = &rv->v[i];
	size_t lo = 0;
	for (uint32_t f = 0; f < nb; f++) {
		size_t hi = start[f];
		if (hi - lo > 1)
			qsort(by + lo, hi - lo, sizeof *by, cmp_raw_ptr);
		lo = hi;
	}
	free(start);
	return by;
}

/* Form groups from the raw edges in cmp_raw's order; check duplicates
 * and min_up. */
static int make_groups(struct loader *L, const struct rawvec *rv)
{
	struct dataset *ds = L->ds;
	int bad = 0;
	const struct raw_dep **by = sort_raw(rv);
	ds->deps = xreallocarray(NULL, rv->n, sizeof *ds->deps);
	ds->groups = xreallocarray(NULL, rv->n, sizeof *ds->groups);
	uint32_t nd = 0, ng = 0;
	size_t i = 0;
	while (i < rv->n) {
		const struct raw_dep *e0 = by[i];
		size_t j = i + 1;
		if (e0->label[0])
			while (j < rv->n && by[j]->from == e0->from &&
			       strcmp(by[j]->label, e0->label) == 0)
				j++;
		/* edges [i, j) form one group */
		struct group *g = &ds->groups[ng];
		g->node = e0->from;
		g->label = xstrdup(e0->label);
		g->first_dep = nd;
		g->size = 0;
		const struct raw_dep *kset = NULL;
		for (size_t m = i; m < j; m++) {
			const struct raw_dep *e = by[m];
			/* Sorted by (from, label, to): a repeat is the edge before,
			 * whether inside a group or between two unlabelled edges. */
			if (m > 0 && e->from == by[m - 1]->from && e->to == by[m - 1]->to &&
			    strcmp(e->label, by[m - 1]->label) == 0) {
				const struct raw_dep *p = by[m - 1];
				/* of two, report the row that is not a parent column */
				const struct raw_dep *q = e->is_parent ? p : e;
				const struct raw_dep *o = e->is_parent ? e : p;
				diag_error(L->d, q->loc.file, q->loc.line, "to",
				           "duplicate dependency of \"%s\" on \"%s\"%s%s%s "
				           "(already %s %s:%lu)",
				           ds->nodes[e->from].id, ds->nodes[e->to].id,
				           e->label[0] ? " in group \"" : "", e->label,
				           e->label[0] ? "\"" : "",
				           o->is_parent ? "its parent at" : "at",
				           o->loc.file, o->loc.line);
				bad = 1;
				continue;
			}
			if (e->min_up) {
				if (kset && kset->min_up != e->min_up) {
					diag_error(L->d, e->loc.file, e->loc.line, "min_up",
					           "expected the same min_up on every edge of "
					           "group \"%s\" of \"%s\": %u here, %u at %s:%lu",
					           e->label, ds->nodes[e->from].id, e->min_up,
					           kset->min_up, kset->loc.file, kset->loc.line);
					bad = 1;
				} else if (!kset) {
					kset = e;
				}
			}
			struct dep *d = &ds->deps[nd++];
			d->from = e->from;
			d->to = e->to;
			d->group = ng;
			d->failover_hours = e->failover;
			d->is_parent = e->is_parent;
			d->loc = e->loc;
			g->size++;
		}
		if (g->size == 0) { /* only duplicates: already reported */
			free(g->label);
			i = j;
			continue;
		}
		g->min_up = kset ? kset->min_up : 1;
		if (g->min_up > g->size) {
			if (g->label[0])
				diag_error(L->d, kset->loc.file, kset->loc.line, "min_up",
				           "expected at most %u (the members of group \"%s\" "
				           "of \"%s\"), got %u", g->size, g->label,
				           ds->nodes[g->node].id, g->min_up);
			else
				diag_error(L->d, kset->loc.file, kset->loc.line, "min_up",
				           "expected 1 for a dependency without a group, got "
				           "%u (name a group to make edges redundant)",
				           g->min_up);
			bad = 1;
		}
		ng++;
		i = j;
	}
	free(by);
	ds->n_deps = nd;
	ds->n_groups = ng;
	return bad ? -1 : 0;
}

static int load_deps(struct loader *L)
{
	struct dataset *ds = L->ds;
	struct rawvec rv = { 0 };
	int bad = read_deps(L, &rv) != 0;
	ds->n_dep_rows = (uint32_t)L->tab[F_DEPS].nrows;
	/* A provider's parent is a dependency in a group of its own. */
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (v->parent == NODE_NONE)
			continue;
		struct raw_dep *e = raw_push(&rv);
		e->from = i;
		e->to = v->parent;
		e->label = "";
		e->failover = INFINITY;
		e->is_parent = 1;
		e->loc = v->loc;
		ds->n_parent_deps++;
	}
	/* The edges limit counts the parent edges too (read_deps checked
	 * the rows' edges alone, as it expanded them). */
	if (!bad && rv.n > limit_get(LIMIT_EDGES)) {
		diag_error(L->d, L->tab[F_DEPS].path, 0, NULL,
		           "%zu dependency edges (%u from parent columns): the limit is %"
		           PRIu64 " (--limit edges=N)", rv.n, ds->n_parent_deps,
		           limit_get(LIMIT_EDGES));
		bad = 1;
	}
	if (!bad)
		bad = make_groups(L, &rv) != 0;
	free(rv.v);
	return bad ? -1 : 0;
}

/* ---- columns that drive headline figures ----------------------------- */

/*
 * A DIAG_LOSS warning for each optional column that drives a headline
 * figure and is absent, or 0 (false) on every row: the figure it
 * disables is named, so a misspelt or forgotten column does not pass as
 * a sector with no systemic risk.
 */
static void warn_headline(struct loader *L)
{
	const struct dataset *ds = L->ds;
	uint32_t i0 = ds->first_kind[NODE_INSTITUTION], ni = ds->n_kind[NODE_INSTITUTION];
	uint32_t s0 = ds->first_kind[NODE_SERVICE], ns = ds->n_kind[NODE_SERVICE];
	uint32_t n_sys = 0;
	double volume = 0;
	for (uint32_t i = i0; i < i0 + ni; i++)
		n_sys += ds->nodes[i].systemic != 0;
	for (uint32_t i = s0; i < s0 + ns; i++)
		volume += ds->nodes[i].daily_volume;
	const struct csvtab *ti = &L->tab[F_INST], *ts = &L->tab[F_SERV];
	if (!(ds->total_assets > 0))
		diag_loss(L->d, ti->path, 0, "total_assets",
		          "%s: assets_share_breached and p_systemic (a systemic event "
		          "needs a share of total assets in breach) will be 0, and so "
		          "will every asset share of analyze",
		          csvtab_col(ti, "total_assets") < 0 ? "no such column"
		                                             : "0 for every institution");
	if (n_sys == 0)
		diag_loss(L->d, ti->path, 0, "systemic",
		          "%s: exposed_systemic, systemic_breached and dora_flag of "
		          "analyze will be 0", csvtab_col(ti, "systemic") < 0
		          ? "no such column" : "no institution is systemic");
	if (!(volume > 0))
		diag_loss(L->d, ts->path, 0, "daily_volume",
		          "%s: volume_disrupted will be 0",
		          csvtab_col(ts, "daily_volume") < 0 ? "no such column"
		                                             : "0 for every service");
}

/* ---- the whole load --------------------------------------------------- */

static void free_nodes(struct dataset *ds)
{
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		free(ds->nodes[i].id);
		free(ds->nodes[i].name);
		free(ds->nodes[i].type);
		free(ds->nodes[i].country);
		free(ds->nodes[i].group);
	}
	free(ds->nodes);
	ds->nodes = NULL;
	ds->n_nodes = 0;
}

void dataset_free(struct dataset *ds)
{
	if (!ds)
		return;
	free_nodes(ds);
	free(ds->deps);
	for (uint32_t g = 0; g < ds->n_groups; g++)
		free(ds->groups[g].label);
	free(ds->groups);
	free(ds->id_hash);
	for (size_t i = 0; i < ds->n_files; i++)
		free(ds->files[i]);
	free(ds->dir);
	memset(ds, 0, sizeof *ds);
}

/* ---- files chokepoint does not read ----------------------------------- */

/*
 * The file of file_names that 'name' (a file in the data directory that
 * is not one of them) probably means, or -1: the same name but for case,
 * or a stem (the name before its last '.') within 2 edits of the file's,
 * or sharing all its letters but the last 3 ("vendor.csv", "dependency.csv",
 * "Cloud.CSV", "clouds.csv", "vendors.xlsx").
 */
static int probable_file(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);
	if (stem == 0 || stem > 64)
		return -1;
	char low[65];
	for (size_t i = 0; i < stem; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[stem] = '\0';
	for (int f = 0; f < F_COUNT; f++) {
		if (strcasecmp(name, file_names[f]) == 0)
			return f;
		char want[32];
		snprintf(want, sizeof want, "%s", file_names[f]);
		*strrchr(want, '.') = '\0';
		size_t wl = strlen(want), common = 0;
		while (common < stem && common < wl && low[common] == want[common])
			common++;
		if (edit_distance(low, want, 2) <= 2 ||
		    (common >= 4 && common + 3 >= (stem > wl ? stem : wl)))
			return f;
	}
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Look at the files of 'dir' that are not the five files of a data set.
 * One that probably means a file that is absent is an error (its data
 * would be lost): alt[f] gets its name, for the message of a missing
 * required file, and an optional file's error is reported here.  One that
 * probably means a file that is present is a DIAG_LOSS warning; any
 * other .csv file, a warning.  Other files (README.md, notes.txt) are
 * not named.
 * 0, or -1 when an error was reported.
 */
static int check_other_files(struct diag *d, const char *dir, char *alt[F_COUNT])
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0; /* the tables' reading says why */
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(dp));) {
		/* hidden files and editors' backups (name~) are nobody's data */
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || e->d_name[len - 1] == '~')
			continue;
		int known = 0;
		for (int f = 0; f < F_COUNT; f++)
			known |= strcmp(e->d_name, file_names[f]) == 0;
		if (known)
			continue;
		ALLOC_GROW(names, n + 1, cap);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) { /* directories too */
			free(path);
			free(names[i]);
			continue;
		}
		int f = probable_file(names[i]);
		const char *dot = strrchr(names[i], '.');
		int csv = dot && strcasecmp(dot, ".csv") == 0;
		char *want = f >= 0 ? path_join(dir, file_names[f]) : NULL;
		int present = want && stat(want, &st) == 0;
		if (f >= 0 && !present) {
			if (!alt[f])
				alt[f] = xstrdup(names[i]);
			if (f == F_VEND || f == F_CLOUD) {
				diag_error(d, path, 0, NULL, "not read: did you mean %s? "
				           "chokepoint reads %s (lower case%s): rename the file",
				           file_names[f], file_names[f],
				           csv ? "" : ", CSV UTF-8");
				bad = 1;
			}
		} else if (f >= 0) {
			diag_loss(d, path, 0, NULL, "not read: chokepoint reads %s, beside it; "
			          "remove or rename this file if its rows belong there",
			          file_names[f]);
		} else if (csv) {
			diag_warning(d, path, 0, NULL, "not read: a data set is institutions.csv, "
			          "services.csv, vendors.csv, cloud.csv and dependencies.csv");
		}
		free(want);
		free(path);
		free(names[i]);
	}
	free(names);
	return bad ? -1 : 0;
}

static int load(struct dataset *ds, const char *dir, const char *const *mem,
                const size_t *mem_len, struct diag *d, int *missing);

/* Read one table; 0 ok, -1 error reported, 1 missing (nothing reported). */
static int read_table(struct loader *L, int f)
{
	char *path = path_join(L->ds->dir, file_names[f]);
	int missing = 0, r;
	if (!L->mem)
		r = csvtab_read(&L->tab[f], path, L->d, &missing);
	else if (L->mem[f])
		r = csvtab_parse(&L->tab[f], path, L->mem[f], L->mem_len[f], L->d);
	else
		r = -1, missing = 1;
	diag_flush(L->d);
	free(path);
	if (r == 0) {
		L->have[f] = 1;
		return 0;
	}
	return missing == 1 ? 1 : missing == 2 ? -2 : -1;
}

int dataset_load(struct dataset *ds, const char *dir, struct diag *d, int *missing)
{
	return load(ds, dir, NULL, NULL, d, missing);
}

int dataset_load_mem(struct dataset *ds, const char *dir, const char *const text[5],
                     const size_t len[5], struct diag *d, int *missing)
{
	return load(ds, dir, text, len, d, missing);
}

static int load(struct dataset *ds, const char *dir, const char *const *mem,
                const size_t *mem_len, struct diag *d, int *missing)
{
	memset(ds, 0, sizeof *ds);
	*missing = 0;
	ds->dir = xstrdup(dir);
	struct loader L = { .ds = ds, .d = d, .mem = mem, .mem_len = mem_len };
	size_t errors_before = d->n_errors;
	int bad = 0;

	struct stat st;
	if (!mem && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		diag_error(d, dir, 0, NULL, "%s: expected a data set directory",
		           stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
		*missing = 1;
		dataset_free(ds);
		return -1;
	}

	char *alt[F_COUNT] = { NULL };
	if (!mem && check_other_files(d, dir, alt) != 0)
		bad = 1;
	int got[F_COUNT];
	for (int f = 0; f < F_COUNT; f++)
		got[f] = read_table(&L, f);
	for (int f = 0; f < F_COUNT; f++) {
		if (got[f] != 1 || f == F_VEND || f == F_CLOUD)
			continue;
		char *path = path_join(dir, file_names[f]);
		if (alt[f])
			diag_error(d, path, 0, NULL, "no such file: every data set needs %s "
			           "(there is %s: %s)", file_names[f], alt[f],
			           strcasecmp(strrchr(alt[f], '.') ? strrchr(alt[f], '.') : "",
			                      ".csv") ? "save it as CSV UTF-8 under that name"
			                              : "rename it");
		else
			diag_error(d, path, 0, NULL, "no such file: every data set needs %s",
			           file_names[f]);
		free(path);
		*missing = 1;
	}
	for (int f = 0; f < F_COUNT; f++)
		free(alt[f]);
	if (got[F_VEND] == 1 && got[F_CLOUD] == 1) {
		diag_error(d, dir, 0, NULL, "no vendors.csv and no cloud.csv: expected "
		           "at least one of them");
		*missing = 1;
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (got[f] < 0)
			bad = 1;
		if (got[f] == -2) /* exists but cannot be opened: input missing */
			*missing = 1;
	}
	if (*missing || bad)
		goto fail;

	/* The files stay named in messages through ds->files. */
	for (int f = 0; f < F_COUNT; f++)
		if (L.have[f]) {
			ds->files[ds->n_files++] = L.tab[f].path;
		}

	const char *const *cols[F_COUNT] = { cols_inst, cols_serv, cols_prov,
		cols_prov, cols_deps };
	const int nreq[F_COUNT] = { required_inst, required_serv, required_prov,
		required_prov, required_deps };
	static const char *const what[F_COUNT] = { "institution", "service",
		"vendor", "cloud provider", "dependency" };
	for (int f = 0; f < F_COUNT; f++) {
		if (!L.have[f])
			continue;
		if (check_header(&L, &L.tab[f], cols[f], nreq[f]) != 0)
			bad = 1;
		if (L.tab[f].nrows == 0 && f != F_VEND && f != F_CLOUD)
			diag_error(d, L.tab[f].path, 0, NULL,
			           "no records after the header: expected at least one %s",
			           what[f]), bad = 1;
	}
	if (L.tab[F_VEND].nrows + L.tab[F_CLOUD].nrows == 0 && !bad) {
		diag_error(d, dir, 0, NULL, "no providers: expected at least one record "
		           "in vendors.csv or cloud.csv");
		bad = 1;
	}
	if (bad)
		goto fail;
	size_t total = 0;
	for (int f = 0; f < F_DEPS; f++)
		total += L.tab[f].nrows;
	if (total > limit_get(LIMIT_NODES)) {
		diag_error(d, dir, 0, NULL, "%zu nodes: the limit is %" PRIu64
		           " (--limit nodes=N)", total, limit_get(LIMIT_NODES));
		goto fail;
	}

	static const enum node_kind kinds[4] = { NODE_INSTITUTION, NODE_SERVICE,
		NODE_VENDOR, NODE_CLOUD };
	for (int f = 0; f < 4; f++) {
		ds->first_kind[kinds[f]] = ds->n_nodes;
		if (!L.have[f])
			continue;
		int r = f == F_INST ? load_institutions(&L)
		      : f == F_SERV ? load_services(&L)
		      : load_providers(&L, f, kinds[f]);
		diag_flush(d);
		bad |= r != 0;
		ds->n_kind[kinds[f]] = ds->n_nodes - ds->first_kind[kinds[f]];
	}
	if (build_index(&L) != 0)
		bad = 1;
	if (!bad && resolve_refs(&L) != 0)
		bad = 1;
	if (!bad && check_parent_cycles(&L) != 0)
		bad = 1;
	if (bad)
		goto fail;
	group_services(&L);
	bad = load_deps(&L) != 0;
	diag_flush(d);
	if (bad)
		goto fail;

	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++)
		ds->total_assets += ds->nodes[i].total_assets;
	warn_headline(&L);
	for (int f = 0; f < F_COUNT; f++) {
		if (L.have[f])
			L.tab[f].path = NULL; /* owned by ds->files */
		csvtab_free(&L.tab[f]);
	}
	free(L.ref);
	return d->n_errors > errors_before ? -1 : 0;

fail:
	diag_flush(d);
	for (int f = 0; f < F_COUNT; f++) {
		int owned = 0;
		for (size_t i = 0; i < ds->n_files; i++)
			owned |= L.tab[f].path == ds->files[i];
		if (owned)
			L.tab[f].path = NULL;
		csvtab_free(&L.tab[f]);
	}
	free(L.ref);
	dataset_free(ds);
	return -1;
}

/* ---- rebuilding the dependencies (variants) ----------------------------- */

const char *dataset_nearest_id(const struct dataset *ds, const char *id, unsigned mask)
{
	return nearest_id(ds, id, mask);
}

int dataset_set_deps(struct dataset *ds, const struct dataset_edge *edges, size_t n,
                     struct diag *d)
{
	struct loader L = { .ds = ds, .d = d };
	struct rawvec rv = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct raw_dep *e = raw_push(&rv);
		e->from = edges[i].from;
		e->to = edges[i].to;
		e->label = edges[i].label;
		e->min_up = edges[i].min_up;
		e->failover = edges[i].failover;
		e->loc = edges[i].loc;
	}
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (v->parent == NODE_NONE)
			continue;
		struct raw_dep *e = raw_push(&rv);
		e->from = i;
		e->to = v->parent;
		e->label = "";
		e->failover = INFINITY;
		e->is_parent = 1;
		e->loc = v->loc;
	}
	free(ds->deps);
	for (uint32_t g = 0; g < ds->n_groups; g++)
		free(ds->groups[g].label);
	free(ds->groups);
	ds->deps = NULL;
	ds->groups = NULL;
	ds->n_deps = ds->n_groups = 0;
	int bad = make_groups(&L, &rv) != 0;
	free(rv.v);
	return bad ? -1 : 0;
}

uint32_t dataset_add_provider(struct dataset *ds, const struct node *proto, struct diag *d)
{
	if (dataset_find(ds, proto->id) != NODE_NONE) {
		const struct node *o = &ds->nodes[dataset_find(ds, proto->id)];
		diag_error(d, proto->loc.file, proto->loc.line, "id",
		           "\"%s\" already defined at %s:%lu", proto->id, o->loc.file,
		           o->loc.line);
		return NODE_NONE;
	}
	/* nodes of a kind stay contiguous: a vendor goes after the vendors
	 * (before the cloud nodes), a cloud node at the end */
	uint32_t pos = proto->kind == NODE_VENDOR ? ds->first_kind[NODE_CLOUD] : ds->n_nodes;
	ds->nodes = xreallocarray(ds->nodes, (size_t)ds->n_nodes + 1, sizeof *ds->nodes);
	memmove(&ds->nodes[pos + 1], &ds->nodes[pos],
	        (size_t)(ds->n_nodes - pos) * sizeof *ds->nodes);
	struct node *v = &ds->nodes[pos];
	*v = *proto;
	v->id = xstrdup(proto->id);
	v->name = xstrdup(proto->name ? proto->name : proto->id);
	v->type = xstrdup(proto->type ? proto->type : "");
	v->country = xstrdup(proto->country ? proto->country : "");
	v->group = xstrdup(proto->group && *proto->group ? proto->group : proto->id);
	ds->n_nodes++;
	for (uint32_t i = 0; i < ds->n_nodes; i++)
		if (i != pos && ds->nodes[i].parent != NODE_NONE && ds->nodes[i].parent >= pos)
			ds->nodes[i].parent++;
	if (v->parent != NODE_NONE && v->parent >= pos)
		v->parent++;
	for (uint32_t j = 0; j < ds->n_deps; j++) {
		ds->deps[j].from += ds->deps[j].from >= pos;
		ds->deps[j].to += ds->deps[j].to >= pos;
	}
	for (uint32_t g = 0; g < ds->n_groups; g++)
		ds->groups[g].node += ds->groups[g].node >= pos;
	ds->n_kind[proto->kind]++;
	if (proto->kind == NODE_VENDOR)
		ds->first_kind[NODE_CLOUD]++;
	struct loader L = { .ds = ds, .d = d };
	build_index(&L);
	return pos;
}
