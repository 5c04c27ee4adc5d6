/* model_data.c - data overrides (node.*, service.*, dependency.*) on a data set. */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "input/model_internal.h"

/* Per override, how many failing nodes are named before "and N more". */
#define MAX_NAMED 1

/* ---- data overrides ---------------------------------------------------------- */

int glob_match(const char *glob, const char *s)
{
	return fnmatch(glob, s, 0) == 0;
}

/*
 * Does edge e match FROM and TO?  FROM also matches an institution id
 * for its services' edges, as the shorthand of dependencies.csv does.
 */
static int dep_match(const struct dataset *ds, const struct dep *e, const char *from,
                     const char *to)
{
	const struct node *f = &ds->nodes[e->from];
	if (!glob_match(to, ds->nodes[e->to].id))
		return 0;
	return glob_match(from, f->id) ||
	       (f->kind == NODE_SERVICE && glob_match(from, ds->nodes[f->institution].id));
}

/* Edges matching FROM.TO, the split of mid at position i. */
static uint32_t dep_count(const struct dataset *ds, const char *mid, size_t i)
{
	char *from = xstrndup(mid, i), *to = xstrdup(mid + i + 1);
	uint32_t n = 0;
	for (uint32_t j = 0; j < ds->n_deps; j++)
		n += !ds->deps[j].is_parent && dep_match(ds, &ds->deps[j], from, to);
	free(from);
	free(to);
	return n;
}

/* Apply one dependency override; 0 or -1 after reporting. */
static int apply_dep(const char *mid, size_t midlen, int c,
                     double x, uint32_t k, struct dataset *ds, const struct place *pl)
{
	char *m = xstrndup(mid, midlen);
	size_t split = 0, n_splits = 0;
	char *alts = xstrdup("");
	for (size_t i = 1; i + 1 < midlen; i++) {
		if (m[i] != '.' || dep_count(ds, m, i) == 0)
			continue;
		char *t = xasprintf("%s%s\"%.*s\" -> \"%s\"", alts, n_splits ? ", " : "",
		                    (int)i, m, m + i + 1);
		free(alts);
		alts = t;
		split = i;
		n_splits++;
	}
	int r = -1;
	if (n_splits == 0) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "matches no dependency (FROMGLOB.TOGLOB against the from and "
		           "to ids of dependencies.csv)");
	} else if (n_splits > 1) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "ambiguous: FROMGLOB.TOGLOB splits as %s; write a '.' inside "
		           "an id as '?'", alts);
	} else {
		m[split] = '\0';
		const char *from = m, *to = m + split + 1;
		unsigned char *gdone = xcalloc(ds->n_groups ? ds->n_groups : 1, 1);
		r = 0;
		for (uint32_t j = 0; j < ds->n_deps; j++) {
			struct dep *e = &ds->deps[j];
			if (e->is_parent || !dep_match(ds, e, from, to))
				continue;
			if (c == DC_FAILOVER) {
				e->failover_hours = x;
				continue;
			}
			struct group *g = &ds->groups[e->group];
			if (gdone[e->group]++)
				continue;
			if (k > g->size) {
				if (g->label[0])
					diag_error(pl->d, pl->file, pl->line, pl->col,
					           "expected at most %u (the members of group \"%s\" "
					           "of \"%s\"), got %u", g->size, g->label,
					           ds->nodes[g->node].id, k);
				else
					diag_error(pl->d, pl->file, pl->line, pl->col,
					           "expected 1 for the ungrouped dependency of \"%s\" "
					           "on \"%s\", got %u", ds->nodes[e->from].id,
					           ds->nodes[e->to].id, k);
				r = -1;
				continue;
			}
			g->min_up = k;
		}
		free(gdone);
	}
	free(alts);
	free(m);
	return r;
}

/* After all overrides: the rules between provider columns still hold. */
static int check_providers(const struct model *m, const struct dataset *ds,
                           const size_t *last, struct diag *d)
{
	int bad = 0;
	for (size_t oi = 0; oi < m->n_data_sets; oi++) {
		const struct override *o = &m->data_sets[oi];
		uint32_t nbad = 0;
		char *first = NULL;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			const struct node *v = &ds->nodes[i];
			if (!node_is_provider(v) || last[i] != oi + 1)
				continue;
			char med[64], p95[64];
			fmt_num(med, sizeof med, v->outage_median_hours, 6);
			fmt_num(p95, sizeof p95, v->outage_p95_hours, 6);
			char *why = NULL;
			if (v->annual_outage_rate > 0 &&
			    (v->outage_median_hours <= 0 || v->outage_p95_hours <= 0))
				why = xasprintf("provider \"%s\" has annual_outage_rate > 0 "
				                "but no outage_median_hours and outage_p95_hours",
				                v->id);
			else if ((v->outage_median_hours > 0) != (v->outage_p95_hours > 0))
				why = xasprintf("provider \"%s\" needs both outage_median_hours "
				                "and outage_p95_hours, or neither", v->id);
			else if (v->outage_p95_hours < v->outage_median_hours)
				why = xasprintf("provider \"%s\": expected outage_p95_hours "
				                ">= outage_median_hours, got %s < %s", v->id,
				                p95, med);
			if (!why)
				continue;
			if (nbad++ < MAX_NAMED)
				first = why;
			else
				free(why);
		}
		if (nbad) {
			if (nbad > MAX_NAMED)
				diag_error(d, o->file, o->line, o->key, "%s (and %u more)", first,
				           nbad - MAX_NAMED);
			else
				diag_error(d, o->file, o->line, o->key, "%s", first);
			free(first);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int model_apply_data(const struct model *m, struct dataset *ds, struct diag *d)
{
	size_t errors0 = d->n_errors;
	/* last[i]: 1 + index of the last override that changed provider i. */
	size_t *last = xcalloc(ds->n_nodes ? ds->n_nodes : 1, sizeof *last);
	for (size_t oi = 0; oi < m->n_data_sets; oi++) {
		const struct override *o = &m->data_sets[oi];
		struct place pl = { d, o->file, o->line, o->key };
		enum data_kind kind;
		const char *mid, *col;
		size_t midlen;
		int c = data_key_split(o->key, &kind, &mid, &midlen, &col) == 0
		        ? data_key_check(o->key, o->value, &pl) : -1;
		double x = 0;
		uint32_t k = 0;
		if (c < 0 || data_value(c, o->value, &x, &k, &pl) != 0)
			continue;
		if (kind == DK_DEPENDENCY) {
			apply_dep(mid, midlen, c, x, k, ds, &pl);
			continue;
		}
		char *glob = xstrndup(mid, midlen);
		uint32_t n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			struct node *v = &ds->nodes[i];
			int right = kind == DK_NODE ? node_is_provider(v) : v->kind == NODE_SERVICE;
			if (!right || !glob_match(glob, v->id))
				continue;
			n++;
			switch (c) {
			case DC_RATE: v->annual_outage_rate = x; break;
			case DC_MEDIAN: v->outage_median_hours = x; break;
			case DC_P95: v->outage_p95_hours = x; break;
			case DC_TOLERANCE: v->tolerance_hours = x; break;
			case DC_VOLUME: v->daily_volume = x; break;
			default: break;
			}
			last[i] = oi + 1;
		}
		if (n == 0)
			diag_error(d, o->file, o->line, o->key, "\"%s\" matches no %s", glob,
			           kind == DK_NODE ? "provider (vendors.csv, cloud.csv)"
			                           : "service (services.csv)");
		free(glob);
	}
	check_providers(m, ds, last, d);
	free(last);
	return d->n_errors > errors0 ? -1 : 0;
}
