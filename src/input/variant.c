/* variant.c - structural variants: reading their lines, applying them. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "input/model_internal.h"
#include "input/variant.h"

static const char *const variant_ops[] = {"description", "remove", "add",
                                          "replace",     "set",    "group"};
#define N_OPS (sizeof variant_ops / sizeof *variant_ops)
static const char *const add_opts[] = {"group", "min_up", "failover_hours"};
/* model keys a variant may not change: the pairing needs them equal */
static const char *const fixed_keys[] = {"model.trials", "model.seed", "model.mode",
                                         "model.name", "model.data"};

/* Split s at blanks into words (a copy in *buf); the number of words. */
static size_t split_words(const char *s, char **buf, char ***words)
{
	*buf = xstrdup(s);
	size_t n = 0, cap = 0;
	*words = NULL;
	for (char *p = strtok(*buf, " \t"); p; p = strtok(NULL, " \t")) {
		ALLOC_GROW(*words, n + 1, cap);
		(*words)[n++] = p;
	}
	return n;
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ID_MAX_LEN || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

int variant_begin(struct model *m, const char *name, const char *file, unsigned long line,
                  struct diag *d)
{
	while (*name == ' ' || *name == '\t')
		name++;
	if (!name_ok(name)) {
		diag_error(
		    d, file, line, NULL,
		    "expected [variant NAME] with a NAME of 1 to %d characters from "
		    "[A-Za-z0-9_.-], not starting with '.', got \"[variant %s]\"",
		    ID_MAX_LEN, name);
		return -1;
	}
	for (size_t i = 0; i < m->n_variants; i++)
		if (strcmp(m->variants[i].name, name) == 0) {
			diag_error(d, file, line, NULL,
			           "variant \"%s\" already defined at %s:%lu", name,
			           m->variants[i].file, m->variants[i].line);
			return -1;
		}
	m->variants = xreallocarray(m->variants, m->n_variants + 1, sizeof *m->variants);
	struct variant *v = &m->variants[m->n_variants++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	v->description = xstrdup("");
	v->file = xstrdup(file);
	v->line = line;
	return 0;
}

/* Check the arguments of a change line; 0 or -1 after reporting. */
/*
 * The option word "KEY=VALUE" of a change line: the index of KEY in
 * opts[0..n), or -1 after the message "expected EXPECT, got "WORD" (did
 * you mean KEY=?)".
 */
static int option_word(const char *word, const char *const *opts, int n,
                       const char *expect, const struct place *pl)
{
	const char *eq = strchr(word, '=');
	char *k = eq ? xstrndup(word, (size_t)(eq - word)) : xstrdup(word);
	int o = eq ? find_word(k, opts, n) : -1;
	if (o < 0) {
		const char *near = nearest_word(k, opts, n);
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "expected %s, got \"%s\"%s%s%s", expect, word,
		           near ? " (did you mean " : "", near ? near : "", near ? "=?)" : "");
	}
	free(k);
	return o;
}

static int check_args(const char *op, const char *args, const struct place *pl)
{
	char *buf, **w;
	size_t n = split_words(args, &buf, &w);
	int bad = 0;
	if (strcmp(op, "set") == 0) {
		const char *eq = strchr(args, '=');
		char *key = eq ? trim_dup(args, (size_t)(eq - args)) : NULL;
		if (!eq || !*key) {
			bad_value(pl, "KEY=VALUE (a --set key)", args);
			bad = 1;
		} else {
			for (size_t i = 0; i < sizeof fixed_keys / sizeof *fixed_keys;
			     i++)
				if (strcmp(key, fixed_keys[i]) == 0) {
					diag_error(pl->d, pl->file, pl->line, pl->col,
					           "%s cannot change in a variant: a "
					           "variant runs "
					           "on the baseline's trials, seed, mode "
					           "and data set",
					           key);
					bad = 1;
				}
		}
		free(key);
	} else if (strcmp(op, "replace") == 0) {
		if (n < 2 || n > 3 || !dataset_id_valid(w[0]) ||
		    !dataset_id_valid(w[1]) ||
		    (n == 3 && strncmp(w[2], "for=", 4) != 0 &&
		     strncmp(w[2], "type=", 5) != 0) ||
		    (n == 3 && !w[2][strcspn(w[2], "=") + 1])) {
			bad_value(pl, "PROVIDER NEW [for=ID,ID...|type=TYPE]", args);
			bad = 1;
		}
	} else if (strcmp(op, "group") == 0) {
		int ok = n >= 4 && dataset_id_valid(w[0]) && strlen(w[1]) <= ID_MAX_LEN;
		size_t last = n;
		if (ok && strncmp(w[n - 1], "min_up=", 7) == 0) {
			char *end;
			errno = 0;
			unsigned long k1 = strtoul(w[n - 1] + 7, &end, 10);
			ok = isdigit((unsigned char)w[n - 1][7]) && !*end && !errno &&
			     k1 >= 1 && k1 <= UINT32_MAX - 1;
			last = n - 1;
		}
		ok = ok && last >= 4;
		for (size_t i = 2; ok && i < last; i++)
			ok = dataset_id_valid(w[i]) && strchr(w[i], '=') == NULL;
		if (!ok) {
			bad_value(pl, "FROM GROUP TO TO... [min_up=K] (two or more TO)",
			          args);
			bad = 1;
		}
	} else if (strcmp(op, "remove") == 0 && n >= 1 && strcmp(w[0], "provider") == 0) {
		if (n != 2 || !dataset_id_valid(w[1])) {
			bad_value(pl, "provider ID", args);
			bad = 1;
		}
	} else if (strcmp(op, "add") == 0 && n >= 1 && strcmp(w[0], "provider") == 0) {
		static const char *const popts[] = {"type", "parent", "rate", "median",
		                                    "p95"};
		if (n < 3 || !dataset_id_valid(w[1]) ||
		    (strcmp(w[2], "vendor") != 0 && strcmp(w[2], "cloud") != 0)) {
			bad_value(pl,
			          "provider ID vendor|cloud [type=T] [parent=P] [rate=R] "
			          "[median=H] [p95=H]",
			          args);
			bad = 1;
		}
		for (size_t i = 3; !bad && i < n; i++) {
			const char *eq = strchr(w[i], '=');
			int o = option_word(w[i], popts, 5,
			                    "type=, parent=, rate=, median= or p95=", pl);
			double x;
			if (o < 0) {
				bad = 1;
			} else if (o == 0 && (!eq[1] || strlen(eq + 1) > ID_MAX_LEN)) {
				bad_value(pl, "type=TYPE (1 to 128 bytes)", w[i]);
				bad = 1;
			} else if (o == 1 && !dataset_id_valid(eq + 1)) {
				bad_value(pl, "parent=ID", w[i]);
				bad = 1;
			} else if (o >= 2 &&
			           (parse_decimal(eq + 1, &x) != 0 || !(x >= 0) ||
			            (o == 2 && x > DATASET_MAX_RATE) ||
			            (o > 2 && !(x > 0)))) {
				bad_value(pl,
				          o == 2 ? "rate=R, outages a year from 0 to 700"
				                 : "median=H and p95=H, hours > 0",
				          w[i]);
				bad = 1;
			}
		}
	} else { /* remove, add */
		int add = strcmp(op, "add") == 0;
		const char *form = add ? "dependency FROM TO [group=G] [min_up=K] "
		                         "[failover_hours=H]"
		                       : "dependency FROM TO or provider ID";
		if (n < 3 || strcmp(w[0], "dependency") != 0 || !dataset_id_valid(w[1]) ||
		    !dataset_id_valid(w[2]) || (!add && n != 3)) {
			bad_value(pl, form, args);
			bad = 1;
		}
		for (size_t i = 3; !bad && i < n; i++) {
			const char *eq = strchr(w[i], '=');
			int o = option_word(w[i], add_opts, 3,
			                    "group=G, min_up=K or failover_hours=H", pl);
			if (o < 0) {
				bad = 1;
			} else if (o == 0 && (!eq[1] || strlen(eq + 1) > ID_MAX_LEN)) {
				bad_value(pl, "group=LABEL (1 to 128 bytes)", w[i]);
				bad = 1;
			} else if (o == 1) {
				char *end;
				errno = 0;
				unsigned long k1 = strtoul(eq + 1, &end, 10);
				if (!isdigit((unsigned char)eq[1]) || *end || errno ||
				    k1 < 1 || k1 > UINT32_MAX - 1) {
					bad_value(pl, "min_up=K, a whole number >= 1",
					          w[i]);
					bad = 1;
				}
			} else if (o == 2) {
				double x;
				if (parse_decimal(eq + 1, &x) != 0 || !(x >= 0)) {
					bad_value(pl, "failover_hours=H, hours >= 0",
					          w[i]);
					bad = 1;
				}
			}
		}
	}
	free(w);
	free(buf);
	return bad ? -1 : 0;
}

void variant_line(struct variant *v, const char *key, const char *value, const char *file,
                  unsigned long line, struct diag *d)
{
	struct place pl = {d, file, line, key};
	int op = find_word(key, variant_ops, N_OPS);
	if (op < 0) {
		unknown_key(&pl, key, "[variant]", variant_ops, N_OPS);
		return;
	}
	if (op == 0) {
		free(v->description);
		v->description = xstrdup(value);
		return;
	}
	if (check_args(key, value, &pl) != 0)
		return;
	v->changes = xreallocarray(v->changes, v->n_changes + 1, sizeof *v->changes);
	struct variant_change *c = &v->changes[v->n_changes++];
	c->op = xstrdup(key);
	c->args = xstrdup(value);
	c->file = xstrdup(file);
	c->line = line;
}

int variant_load_file(struct model *m, const char *spec, struct diag *d, int *missing)
{
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec || !eq[1]) {
		diag_error(d, "--variant", 0, NULL, "expected NAME=FILE, got \"%s\"",
		           spec);
		return -1;
	}
	char *name = xstrndup(spec, (size_t)(eq - spec));
	const char *path = eq + 1;
	size_t errors0 = d->n_errors;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (missing)
			*missing = 1;
		diag_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
		free(name);
		return -1;
	}
	if (variant_begin(m, name, path, 0, d) != 0) {
		fclose(fp);
		free(name);
		return -1;
	}
	struct variant *v = &m->variants[m->n_variants - 1];
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		size_t n = (size_t)got;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!utf8_valid(line, n) || memchr(line, '\0', n)) {
			diag_error(d, path, lineno, NULL, "invalid UTF-8 or a NUL byte");
			continue;
		}
		char *t = trim_dup(line, n);
		if (!*t || *t == ';' || *t == '#') {
			free(t);
			continue;
		}
		char *q = strchr(t, '=');
		if (!q || q == t) {
			diag_error(
			    d, path, lineno, NULL,
			    "expected KEY = VALUE (a line of a [variant] section) or a "
			    "; comment, got \"%s\"",
			    t);
			free(t);
			continue;
		}
		char *key = trim_dup(t, (size_t)(q - t));
		char *value = strip_comment(q + 1);
		variant_line(v, key, value, path, lineno, d);
		free(key);
		free(value);
		free(t);
	}
	free(line);
	fclose(fp);
	free(name);
	return d->n_errors > errors0 ? -1 : 0;
}

/* ---- applying ------------------------------------------------------------ */

struct edges {
	struct dataset_edge *e;
	char **labels; /* owned labels, one per edge */
	size_t n, cap, cap_l;
	int dirty; /* changed since ds was rebuilt */
};

static void edges_push(struct edges *es, const struct dataset_edge *e)
{
	ALLOC_GROW(es->e, es->n + 1, es->cap);
	ALLOC_GROW(es->labels, es->n + 1, es->cap_l);
	es->labels[es->n] = xstrdup(e->label);
	es->e[es->n] = *e;
	es->e[es->n].label = es->labels[es->n];
	es->n++;
}

static void edges_clear(struct edges *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->labels[i]);
	es->n = 0;
}

/* The non-parent edges of ds, each with its group's label and min_up. */
static void edges_read(struct edges *es, const struct dataset *ds)
{
	edges_clear(es);
	for (uint32_t j = 0; j < ds->n_deps; j++) {
		const struct dep *p = &ds->deps[j];
		if (p->is_parent)
			continue;
		const struct group *g = &ds->groups[p->group];
		struct dataset_edge e = {p->from,           p->to,
		                         g->label,          g->label[0] ? g->min_up : 0,
		                         p->failover_hours, p->loc};
		edges_push(es, &e);
	}
	es->dirty = 0;
}

static void edges_remove(struct edges *es, size_t i)
{
	free(es->labels[i]);
	memmove(&es->e[i], &es->e[i + 1], (es->n - i - 1) * sizeof *es->e);
	memmove(&es->labels[i], &es->labels[i + 1], (es->n - i - 1) * sizeof *es->labels);
	es->n--;
	es->dirty = 1;
}

/* Resolve id to a node of a kind in mask; NODE_NONE after reporting. */
static uint32_t find_id(const struct dataset *ds, const char *id, unsigned mask,
                        const char *what, const struct place *pl)
{
	uint32_t v = dataset_find(ds, id);
	if (v == NODE_NONE) {
		const char *near = dataset_nearest_id(ds, id, mask);
		if (near)
			diag_error(pl->d, pl->file, pl->line, pl->col,
			           "unknown id \"%s\" (did you mean \"%s\"?)", id, near);
		else
			diag_error(pl->d, pl->file, pl->line, pl->col,
			           "unknown id \"%s\": expected %s", id, what);
		return NODE_NONE;
	}
	const struct node *n = &ds->nodes[v];
	if (!(mask & (1u << n->kind))) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "\"%s\" is a%s %s (%s:%lu): "
		           "expected %s",
		           id, n->kind == NODE_INSTITUTION ? "n" : "",
		           node_kind_name(n->kind), n->loc.file, n->loc.line, what);
		return NODE_NONE;
	}
	return v;
}

#define MASK_TO ((1u << NODE_SERVICE) | (1u << NODE_VENDOR) | (1u << NODE_CLOUD))
#define MASK_PROV ((1u << NODE_VENDOR) | (1u << NODE_CLOUD))

/* Does edge e start at FROM (a node, or an institution's services)? */
static int from_match(const struct dataset *ds, uint32_t from, uint32_t node)
{
	if (ds->nodes[from].kind == NODE_INSTITUTION)
		return ds->nodes[node].kind == NODE_SERVICE &&
		       ds->nodes[node].institution == from;
	return node == from;
}

/* The members of group 'label' of node 'from' in es. */
static uint32_t group_size(const struct edges *es, uint32_t from, const char *label)
{
	uint32_t n = 0;
	for (size_t i = 0; i < es->n; i++)
		n += es->e[i].from == from && strcmp(es->e[i].label, label) == 0;
	return n;
}

static int do_remove(struct edges *es, const struct dataset *ds, char **w,
                     const struct place *pl)
{
	uint32_t from = find_id(ds, w[1], MASK_TO | (1u << NODE_INSTITUTION),
	                        "a service, provider or institution id", pl);
	uint32_t to = find_id(ds, w[2], MASK_TO, "a provider or service id", pl);
	if (from == NODE_NONE || to == NODE_NONE)
		return -1;
	uint32_t n = 0;
	int bad = 0;
	for (size_t i = es->n; i-- > 0;) {
		const struct dataset_edge *e = &es->e[i];
		if (e->to != to || !from_match(ds, from, e->from))
			continue;
		uint32_t node = e->from, k = e->min_up;
		char *label = xstrdup(e->label);
		edges_remove(es, i);
		n++;
		uint32_t left = group_size(es, node, label);
		if (label[0] && left > 0 && k > left) {
			diag_error(pl->d, pl->file, pl->line, pl->col,
			           "expected at most %u (the members of group \"%s\" of "
			           "\"%s\"), "
			           "got %u: the removal leaves fewer members than min_up",
			           left, label, ds->nodes[node].id, k);
			bad = 1;
		}
		free(label);
	}
	if (n == 0) {
		diag_error(
		    pl->d, pl->file, pl->line, pl->col,
		    "\"%s\" does not depend on \"%s\" (dependencies.csv, after the "
		    "lines above)",
		    w[1], w[2]);
		return -1;
	}
	return bad ? -1 : 0;
}

static int do_add(struct edges *es, const struct dataset *ds, char **w, size_t nw,
                  const struct place *pl)
{
	uint32_t from = find_id(ds, w[1], MASK_TO | (1u << NODE_INSTITUTION),
	                        "a service, provider or institution id", pl);
	uint32_t to = find_id(ds, w[2], MASK_TO, "a provider or service id", pl);
	if (from == NODE_NONE || to == NODE_NONE)
		return -1;
	const char *label = "";
	uint32_t k = 0;
	double fo = INFINITY;
	for (size_t i = 3; i < nw; i++) { /* checked by check_args */
		const char *v = strchr(w[i], '=') + 1;
		if (strncmp(w[i], "group=", 6) == 0)
			label = v;
		else if (strncmp(w[i], "min_up=", 7) == 0)
			k = (uint32_t)strtoul(v, NULL, 10);
		else
			parse_decimal(v, &fo);
	}
	if (k > 1 && !label[0]) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "expected 1 for a dependency without a group, got %u (name a "
		           "group to make edges redundant)",
		           k);
		return -1;
	}
	uint32_t first = from, count = 1;
	if (ds->nodes[from].kind == NODE_INSTITUTION) {
		first = ds->nodes[from].first_service;
		count = ds->nodes[from].n_services;
	}
	if (from == to ||
	    (ds->nodes[to].kind == NODE_SERVICE && (first <= to && to < first + count))) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "\"%s\" would depend on itself", w[2]);
		return -1;
	}
	for (uint32_t s = first; s < first + count; s++) {
		/* min_up given: the group's min_up, on every member */
		for (size_t i = 0; k && i < es->n; i++)
			if (es->e[i].from == s && strcmp(es->e[i].label, label) == 0)
				es->e[i].min_up = k;
		struct dataset_edge e = {s, to, label, k, fo, {pl->file, pl->line}};
		edges_push(es, &e);
	}
	es->dirty = 1;
	return 0;
}

static int do_replace(struct edges *es, const struct dataset *ds, char **w, size_t nw,
                      const struct place *pl)
{
	uint32_t old =
	    find_id(ds, w[0], MASK_PROV, "a provider id (vendors.csv, cloud.csv)", pl);
	uint32_t neu =
	    find_id(ds, w[1], MASK_PROV, "a provider id (vendors.csv, cloud.csv)", pl);
	if (old == NODE_NONE || neu == NODE_NONE)
		return -1;
	uint32_t *only = NULL;
	size_t n_only = 0;
	const char *type = NULL;
	int bad = 0;
	if (nw == 3 && strncmp(w[2], "type=", 5) == 0) {
		type = w[2] + 5;
	} else if (nw == 3) {
		char *list = xstrdup(w[2] + 4);
		only = xcalloc(strlen(list) + 1, sizeof *only);
		for (char *id = strtok(list, ","); id; id = strtok(NULL, ",")) {
			uint32_t v = find_id(ds, id, MASK_TO | (1u << NODE_INSTITUTION),
			                     "a service, provider or institution id", pl);
			if (v == NODE_NONE)
				bad = 1;
			else
				only[n_only++] = v;
		}
		free(list);
	}
	uint32_t n = 0;
	for (size_t i = 0; !bad && i < es->n; i++) {
		struct dataset_edge *e = &es->e[i];
		if (e->to != old)
			continue;
		int take = !only && !type;
		for (size_t j = 0; j < n_only; j++)
			take |= from_match(ds, only[j], e->from);
		if (type)
			take = glob_match(type, ds->nodes[e->from].type);
		if (!take)
			continue;
		if (e->from == neu) {
			diag_error(pl->d, pl->file, pl->line, pl->col,
			           "\"%s\" would depend on itself", w[1]);
			bad = 1;
			break;
		}
		e->to = neu;
		e->loc.file = pl->file;
		e->loc.line = pl->line;
		n++;
	}
	free(only);
	if (!bad && n == 0) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "no dependency on \"%s\"%s%s matches", w[0],
		           nw == 3 ? " with " : "", nw == 3 ? w[2] : "");
		bad = 1;
	}
	es->dirty = 1;
	return bad ? -1 : 0;
}

/* add = provider ID vendor|cloud [type=T] [parent=P] [rate=R] [median=H]
 * [p95=H]: a new node, with the rules of vendors.csv and cloud.csv. */
static int do_add_provider(struct edges *es, struct dataset *ds, char **w, size_t nw,
                           const struct place *pl)
{
	struct node v;
	memset(&v, 0, sizeof v);
	v.id = w[1];
	v.kind = strcmp(w[2], "cloud") == 0 ? NODE_CLOUD : NODE_VENDOR;
	v.type = "";
	v.institution = NODE_NONE;
	v.parent = NODE_NONE;
	v.loc.file = pl->file;
	v.loc.line = pl->line;
	int bad = 0;
	for (size_t i = 3; i < nw; i++) { /* checked by check_args */
		const char *val = strchr(w[i], '=') + 1;
		if (strncmp(w[i], "type=", 5) == 0)
			v.type = (char *)val; /* copied by dataset_add_provider */
		else if (strncmp(w[i], "parent=", 7) == 0) {
			v.parent = find_id(ds, val, MASK_PROV,
			                   "a provider id (vendors.csv, cloud.csv)", pl);
			bad |= v.parent == NODE_NONE;
		} else if (strncmp(w[i], "rate=", 5) == 0)
			parse_decimal(val, &v.annual_outage_rate);
		else if (strncmp(w[i], "median=", 7) == 0)
			parse_decimal(val, &v.outage_median_hours);
		else
			parse_decimal(val, &v.outage_p95_hours);
	}
	if (v.kind == NODE_CLOUD && v.type[0] && strcmp(v.type, "provider") &&
	    strcmp(v.type, "region") && strcmp(v.type, "zone")) {
		diag_error(
		    pl->d, pl->file, pl->line, pl->col,
		    "expected type=provider, region or zone for a cloud node, got \"%s\"",
		    v.type);
		bad = 1;
	}
	if (v.annual_outage_rate > 0 &&
	    !(v.outage_median_hours > 0 && v.outage_p95_hours > 0)) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "provider \"%s\" has rate > 0 but no median= and p95=", v.id);
		bad = 1;
	} else if ((v.outage_median_hours > 0) != (v.outage_p95_hours > 0)) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "provider \"%s\" needs both median= and p95=, or neither",
		           v.id);
		bad = 1;
	} else if (v.outage_p95_hours < v.outage_median_hours) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "provider \"%s\": expected p95 >= median", v.id);
		bad = 1;
	}
	if (bad)
		return -1;
	uint32_t pos = dataset_add_provider(ds, &v, pl->d);
	if (pos == NODE_NONE)
		return -1;
	for (size_t i = 0; i < es->n; i++) {
		es->e[i].from += es->e[i].from >= pos;
		es->e[i].to += es->e[i].to >= pos;
	}
	es->dirty = 1;
	return 0;
}

/* remove = provider ID: every dependency on it goes, the parent column
 * of its children too; the node stays, with no dependant. */
static int do_remove_provider(struct edges *es, struct dataset *ds, char **w,
                              const struct place *pl)
{
	uint32_t p =
	    find_id(ds, w[1], MASK_PROV, "a provider id (vendors.csv, cloud.csv)", pl);
	if (p == NODE_NONE)
		return -1;
	uint32_t n = 0;
	for (size_t i = es->n; i-- > 0;) {
		if (es->e[i].to != p)
			continue;
		uint32_t node = es->e[i].from, k = es->e[i].min_up;
		char *label = xstrdup(es->e[i].label);
		edges_remove(es, i);
		n++;
		uint32_t left = group_size(es, node, label);
		if (label[0] && left > 0 && k > left)
			diag_error(pl->d, pl->file, pl->line, pl->col,
			           "expected at most %u (the members of group \"%s\" of "
			           "\"%s\"), "
			           "got %u: the removal leaves fewer members than min_up",
			           left, label, ds->nodes[node].id, k);
		free(label);
	}
	for (uint32_t i = 0; i < ds->n_nodes; i++)
		if (ds->nodes[i].parent == p) {
			ds->nodes[i].parent = NODE_NONE;
			n++;
		}
	if (n == 0) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "nothing depends on \"%s\" (after the lines above)", w[1]);
		return -1;
	}
	es->dirty = 1;
	return 0;
}

/* group = FROM G TO TO... [min_up=K]: FROM's dependencies on the TOs
 * (whatever their groups) become the members of group G, min_up K (1). */
static int do_group(struct edges *es, const struct dataset *ds, char **w, size_t nw,
                    const struct place *pl)
{
	uint32_t k = 1;
	if (strncmp(w[nw - 1], "min_up=", 7) == 0)
		k = (uint32_t)strtoul(w[--nw] + 7, NULL, 10);
	uint32_t from = find_id(ds, w[0], MASK_TO | (1u << NODE_INSTITUTION),
	                        "a service, provider or institution id", pl);
	if (from == NODE_NONE)
		return -1;
	int bad = 0;
	for (size_t j = 2; j < nw; j++) {
		uint32_t to = find_id(ds, w[j], MASK_TO, "a provider or service id", pl);
		if (to == NODE_NONE) {
			bad = 1;
			continue;
		}
		uint32_t n = 0;
		for (size_t i = 0; i < es->n; i++) {
			if (es->e[i].to != to || !from_match(ds, from, es->e[i].from))
				continue;
			free(es->labels[i]);
			es->labels[i] = xstrdup(w[1]);
			es->e[i].label = es->labels[i];
			es->e[i].min_up = k;
			es->e[i].loc.file = pl->file;
			es->e[i].loc.line = pl->line;
			n++;
		}
		if (n == 0) {
			diag_error(
			    pl->d, pl->file, pl->line, pl->col,
			    "\"%s\" does not depend on \"%s\" (dependencies.csv, after "
			    "the lines above)",
			    w[0], w[j]);
			bad = 1;
		}
	}
	es->dirty = 1;
	return bad ? -1 : 0;
}

int variant_apply(struct model *m, const struct variant *v, struct dataset *ds,
                  struct diag *d)
{
	size_t errors0 = d->n_errors;
	struct edges es = {0};
	edges_read(&es, ds);
	for (size_t i = 0; i < v->n_changes && d->n_errors == errors0; i++) {
		const struct variant_change *c = &v->changes[i];
		struct place pl = {d, c->file, c->line, c->op};
		if (strcmp(c->op, "set") == 0) {
			const char *eq = strchr(c->args, '=');
			char *key = trim_dup(c->args, (size_t)(eq - c->args));
			enum data_kind kind;
			const char *mid, *col;
			size_t midlen;
			if (data_key_split(key, &kind, &mid, &midlen, &col) == 0) {
				/* on the data set as it is after the lines above */
				if (es.dirty &&
				    dataset_set_deps(ds, es.e, es.n, d) != 0) {
					free(key);
					break;
				}
				struct override o = {key, (char *)eq + 1, c->file,
				                     c->line};
				struct model tm = {0};
				tm.data_sets = &o;
				tm.n_data_sets = 1;
				model_apply_data(&tm, ds, d);
				edges_read(&es, ds);
			} else {
				model_set(m, key, eq + 1, c->file, c->line, d);
			}
			free(key);
			continue;
		}
		char *buf, **w;
		size_t nw = split_words(c->args, &buf, &w);
		if (strcmp(c->op, "remove") == 0 && strcmp(w[0], "provider") == 0)
			do_remove_provider(&es, ds, w, &pl);
		else if (strcmp(c->op, "remove") == 0)
			do_remove(&es, ds, w, &pl);
		else if (strcmp(c->op, "group") == 0)
			do_group(&es, ds, w, nw, &pl);
		else if (strcmp(c->op, "add") == 0 && strcmp(w[0], "provider") == 0)
			do_add_provider(&es, ds, w, nw, &pl);
		else if (strcmp(c->op, "add") == 0)
			do_add(&es, ds, w, nw, &pl);
		else
			do_replace(&es, ds, w, nw, &pl);
		free(w);
		free(buf);
	}
	if (d->n_errors == errors0 && es.dirty)
		dataset_set_deps(ds, es.e, es.n, d);
	edges_clear(&es);
	free(es.e);
	free(es.labels);
	return d->n_errors > errors0 ? -1 : 0;
}

void variant_format(const struct variant *v, FILE *fp)
{
	fprintf(fp, "[variant %s]\n", v->name);
	if (v->description[0])
		fprintf(fp, "description = %s\n", v->description);
	for (size_t i = 0; i < v->n_changes; i++)
		fprintf(fp, "%s = %s\n", v->changes[i].op, v->changes[i].args);
}

void variant_free(struct variant *v)
{
	for (size_t i = 0; i < v->n_changes; i++) {
		free(v->changes[i].op);
		free(v->changes[i].args);
		free(v->changes[i].file);
	}
	free(v->changes);
	free(v->name);
	free(v->description);
	free(v->file);
}
