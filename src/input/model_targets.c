/* model_targets.c - shock targets resolved against a data set. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "input/model_internal.h"

/* ---- shock targets ---------------------------------------------------------- */

/* Does the node's type match one of the space-separated type globs? */
static int type_match(const char *types, const char *type)
{
	if (!*types)
		return 1;
	char *t = xstrdup(types);
	int hit = 0;
	for (char *save, *w = strtok_r(t, " ", &save); w && !hit; w = strtok_r(NULL, " ", &save))
		hit = glob_match(w, type);
	free(t);
	return hit;
}

/* The closest provider or service id to 'id', for "did you mean". */
static const char *nearest_target(const struct dataset *ds, const char *id)
{
	size_t len = strlen(id);
	size_t cap = len / 3 > SUGGEST_EDITS ? len / 3 : SUGGEST_EDITS;
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (v->kind == NODE_INSTITUTION)
			continue;
		size_t e = edit_distance(id, v->id, bestd - 1);
		if (e < bestd) {
			bestd = e;
			best = v->id;
		}
	}
	return best;
}

/* The place of shock s's targets (type: its target_type) for a message. */
static const char *key_file(const struct model *m, const struct shock *s, int type)
{
	const char *f = type ? s->target_type_file : s->targets_file;
	return f ? f : m->path;
}

static unsigned long key_line(const struct shock *s, int type)
{
	const char *f = type ? s->target_type_file : s->targets_file;
	return f ? (type ? s->target_type_line : s->targets_line) : s->line;
}

/* Mark the targets of shock s; 0 or -1 after reporting. */
static int mark_targets(const struct model *m, const struct shock *s,
                        const struct dataset *ds, unsigned char *mark, struct diag *d)
{
	int bad = 0;
	char *t = xstrdup(s->targets);
	for (char *save, *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strpbrk(w, "*?[\\")) {
			uint32_t v = dataset_find(ds, w);
			if (v == NODE_NONE) {
				/* a pass over every id: only for a message that is shown */
				const char *near = diag_will_show(d, key_file(m, s, 0)) ? nearest_target(ds, w)
				                                              : NULL;
				diag_error(d, key_file(m, s, 0), key_line(s, 0), "targets",
				           "[shock %s]: unknown id \"%s\"%s%s%s", s->name, w,
				           near ? " (did you mean \"" : "", near ? near : "",
				           near ? "\"?)" : "");
				bad = 1;
			} else if (ds->nodes[v].kind == NODE_INSTITUTION) {
				diag_error(d, key_file(m, s, 0), key_line(s, 0), "targets",
				           "[shock %s]: \"%s\" is an institution; a shock hits "
				           "providers or services (target the institution's "
				           "services instead)", s->name, w);
				bad = 1;
			} else {
				mark[v] = 1;
			}
			continue;
		}
		uint32_t n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++)
			if (ds->nodes[i].kind != NODE_INSTITUTION && glob_match(w, ds->nodes[i].id))
				mark[i] = 1, n++;
		if (n == 0)
			diag_warning(d, key_file(m, s, 0), key_line(s, 0), "targets",
			             "[shock %s]: \"%s\" matches no provider or service",
			             s->name, w);
	}
	free(t);
	return bad ? -1 : 0;
}

int model_resolve(struct model *m, const struct dataset *ds, struct diag *d)
{
	size_t errors0 = d->n_errors;
	unsigned char *mark = xmalloc(ds->n_nodes ? ds->n_nodes : 1);
	for (size_t si = 0; si < m->n_shocks; si++) {
		struct shock *s = &m->shocks[si];
		free(s->target_nodes);
		s->target_nodes = NULL;
		s->n_targets = 0;
		memset(mark, 0, ds->n_nodes);
		if (mark_targets(m, s, ds, mark, d) != 0)
			continue;
		uint32_t matched = 0, n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			if (!mark[i])
				continue;
			matched++;
			if (type_match(s->target_type, ds->nodes[i].type))
				n++;
			else
				mark[i] = 0;
		}
		if (n == 0) {
			if (matched)
				diag_error(d, key_file(m, s, 1), key_line(s, 1), "target_type",
				           "[shock %s]: none of the %u targets has type \"%s\"",
				           s->name, matched, s->target_type);
			else
				diag_error(d, key_file(m, s, 0), key_line(s, 0), "targets",
				           "[shock %s]: \"%s\" matches no provider or service",
				           s->name, s->targets);
			continue;
		}
		s->target_nodes = xreallocarray(NULL, n, sizeof *s->target_nodes);
		for (uint32_t i = 0; i < ds->n_nodes; i++)
			if (mark[i])
				s->target_nodes[s->n_targets++] = i;
	}
	free(mark);
	return d->n_errors > errors0 ? -1 : 0;
}
