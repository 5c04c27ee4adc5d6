/*
 * report_explain.c - text, JSON and DOT of one traced trial.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report_explain.h"

static const char *hours(char *buf, size_t size, double h)
{
	if (isinf(h))
		snprintf(buf, size, "unlimited");
	else {
		char n[32];
		fmt_num(n, sizeof n, h, 2);
		snprintf(buf, size, "%s h", n);
	}
	return buf;
}

static const char *source_kind(const struct mc_source *s)
{
	return s->kind == SOURCE_BASELINE ? "own outage" : "shock";
}

/* " [k of n must be up, d down]" and " [failover F h]" for a hop. */
static void hop_notes(FILE *fp, const struct ex_hop *h)
{
	char b[48];
	if (h->n > 1)
		fprintf(fp, " [%u of %u must be up, %u down]", h->k, h->n, h->n_down);
	if (!isinf(h->failover) && h->failover <= h->down)
		fprintf(fp, " [failover after %s]", hours(b, sizeof b, h->failover));
}

void report_explain_text(FILE *fp, const struct model *m, const struct dataset *ds,
                         const struct explain *x)
{
	const int annual = m->mode == MODE_ANNUAL;
	char b1[48], b2[48], b3[48];
	if (annual)
		fprintf(fp,
		        "Trial %llu of %s (annual mode, seed %llu): one simulated year "
		        "with %u event%s\n",
		        (unsigned long long)x->trial + 1, m->name,
		        (unsigned long long)m->seed, x->t_events,
		        x->t_events == 1 ? "" : "s");
	else
		fprintf(
		    fp,
		    "Trial %llu of %s (stress mode, seed %llu): one simulated event\n",
		    (unsigned long long)x->trial + 1, m->name,
		    (unsigned long long)m->seed);
	size_t quiet = 0;
	for (size_t i = 0; i < x->n_events; i++) {
		const struct ex_event *ev = &x->events[i];
		if (ev->n_services == 0) {
			quiet++;
			continue;
		}
		fprintf(fp, "\nEvent %zu\n  What fired:\n", i + 1);
		for (size_t r = 0; r < ev->n_roots; r++) {
			const struct ex_root *rt = &ev->roots[r];
			const struct mc_source *s = &x->src.sources[rt->source];
			fprintf(fp, "    %s (%s): %s down %s\n", s->name, source_kind(s),
			        ds->nodes[rt->node].id,
			        hours(b1, sizeof b1, rt->duration));
		}
		fprintf(fp,
		        "  Services beyond their impact tolerance: %zu (of %u with "
		        "downtime), "
		        "by excess:\n",
		        ev->n_services, ev->n_affected);
		for (size_t j = 0; j < ev->n_services && j < EXPLAIN_TEXT_SERVICES; j++) {
			const struct ex_service *sv = &ev->services[j];
			const struct node *v = &ds->nodes[sv->node];
			fprintf(fp,
			        "    %s of %s: down %s, tolerance %s, exceeded by %s\n",
			        v->id, ds->nodes[v->institution].id,
			        hours(b1, sizeof b1, sv->down),
			        hours(b2, sizeof b2, sv->tolerance),
			        hours(b3, sizeof b3, sv->down - sv->tolerance));
			fputs("      ", fp);
			for (uint32_t h = 0; h < sv->n_hops; h++) {
				const struct ex_hop *hp = &sv->hops[h];
				fprintf(fp, "%s%s %s", h ? "\n        -> " : "",
				        ds->nodes[hp->node].id,
				        hours(b1, sizeof b1, hp->down));
				hop_notes(fp, hp);
			}
			fputc('\n', fp);
		}
		if (ev->n_services > EXPLAIN_TEXT_SERVICES)
			fprintf(fp, "    and %zu more (--json lists every one)\n",
			        ev->n_services - EXPLAIN_TEXT_SERVICES);
		char share[32];
		fmt_num(share, sizeof share, 100 * ev->assets_share, 2);
		fprintf(fp,
		        "  Institutions in breach: %u, holding %s %% of total assets; "
		        "systemic event: %s\n",
		        ev->n_inst, share, ev->systemic ? "yes" : "no");
		for (uint32_t k = 0; k < ev->n_inst; k++)
			fprintf(fp, "%s%s",
			        k % 6 ? ", "
			        : k   ? ",\n    "
			              : "    ",
			        ds->nodes[ev->inst[k]].id);
		if (ev->n_inst)
			fputc('\n', fp);
	}
	if (quiet)
		fprintf(fp, "\n%zu event%s breached no service.\n", quiet,
		        quiet == 1 ? "" : "s");
	char a[32];
	fmt_num(a, sizeof a, x->t_assets, 10);
	fprintf(
	    fp,
	    "\nTrial figures (as in --trials-out):\n  events %u, services_breached %u, "
	    "institutions_breached %u,\n  assets_share_breached %s, systemic %d, "
	    "assets_threshold %d\n",
	    x->t_events, x->t_svc, x->t_inst, a, x->t_systemic, x->t_threshold);
}

json_t *report_explain_json(const struct model *m, const struct dataset *ds,
                            const struct explain *x)
{
	json_t *root = json_object();
	json_object_set_new(root, "model", json_string(m->name));
	json_object_set_new(root, "mode", json_string(model_mode_name(m->mode)));
	json_object_set_new(root, "seed", json_integer((json_int_t)m->seed));
	json_object_set_new(root, "trial", json_integer((json_int_t)x->trial + 1));
	json_t *fig = json_object();
	json_object_set_new(fig, "events", json_integer(x->t_events));
	json_object_set_new(fig, "services_breached", json_integer(x->t_svc));
	json_object_set_new(fig, "institutions_breached", json_integer(x->t_inst));
	json_object_set_new(fig, "assets_share_breached", emit_jnum(x->t_assets));
	json_object_set_new(fig, "systemic", json_boolean(x->t_systemic));
	json_object_set_new(fig, "assets_threshold", json_boolean(x->t_threshold));
	json_object_set_new(root, "figures", fig);
	json_t *evs = json_array();
	for (size_t i = 0; i < x->n_events; i++) {
		const struct ex_event *ev = &x->events[i];
		json_t *je = json_object();
		json_t *jr = json_array();
		for (size_t r = 0; r < ev->n_roots; r++) {
			const struct mc_source *s = &x->src.sources[ev->roots[r].source];
			json_t *o = json_object();
			json_object_set_new(o, "source", json_string(s->name));
			json_object_set_new(o, "kind",
			                    json_string(s->kind == SOURCE_BASELINE
			                                    ? "baseline"
			                                    : "shock"));
			json_object_set_new(o, "node",
			                    json_string(ds->nodes[ev->roots[r].node].id));
			json_object_set_new(o, "duration_hours",
			                    emit_jnum(ev->roots[r].duration));
			json_array_append_new(jr, o);
		}
		json_object_set_new(je, "roots", jr);
		json_object_set_new(je, "services_affected",
		                    json_integer(ev->n_affected));
		json_t *js = json_array();
		for (size_t j = 0; j < ev->n_services; j++) {
			const struct ex_service *sv = &ev->services[j];
			const struct node *v = &ds->nodes[sv->node];
			json_t *o = json_object();
			json_object_set_new(o, "service", json_string(v->id));
			json_object_set_new(o, "institution",
			                    json_string(ds->nodes[v->institution].id));
			json_object_set_new(o, "down_hours", emit_jnum(sv->down));
			json_object_set_new(o, "tolerance_hours",
			                    emit_jnum(sv->tolerance));
			json_object_set_new(o, "excess_hours",
			                    emit_jnum(sv->down - sv->tolerance));
			json_t *jp = json_array();
			for (uint32_t h = 0; h < sv->n_hops; h++) {
				const struct ex_hop *hp = &sv->hops[h];
				json_t *ho = json_object();
				json_object_set_new(ho, "node",
				                    json_string(ds->nodes[hp->node].id));
				json_object_set_new(ho, "down_hours",
				                    emit_jnum(hp->down));
				if (h + 1 < sv->n_hops) {
					json_object_set_new(ho, "group_min_up",
					                    json_integer(hp->k));
					json_object_set_new(ho, "group_size",
					                    json_integer(hp->n));
					json_object_set_new(ho, "group_down",
					                    json_integer(hp->n_down));
					json_object_set_new(
					    ho, "failover_hours",
					    isinf(hp->failover)
					        ? json_null()
					        : emit_jnum(hp->failover));
				}
				json_array_append_new(jp, ho);
			}
			json_object_set_new(o, "path", jp);
			json_array_append_new(js, o);
		}
		json_object_set_new(je, "services", js);
		json_t *ji = json_array();
		for (uint32_t k = 0; k < ev->n_inst; k++)
			json_array_append_new(ji, json_string(ds->nodes[ev->inst[k]].id));
		json_object_set_new(je, "institutions", ji);
		json_object_set_new(je, "assets_share", emit_jnum(ev->assets_share));
		json_object_set_new(je, "systemic", json_boolean(ev->systemic));
		json_array_append_new(evs, je);
	}
	json_object_set_new(root, "events", evs);
	return root;
}

/* A DOT string: quotes and backslashes escaped. */
static void dot_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

struct dot_edge {
	uint64_t key; /* member << 32 | dependent */
	size_t at;    /* order of appearance */
};

static int cmp_edge_key(const void *a, const void *b)
{
	const struct dot_edge *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int cmp_edge_at(const void *a, const void *b)
{
	const struct dot_edge *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at;
}

void report_explain_dot(FILE *fp, const struct model *m, const struct dataset *ds,
                        const struct explain *x)
{
	fputs("digraph explain {\n  rankdir=LR;\n  label=", fp);
	char *title =
	    xasprintf("%s, trial %llu", m->name, (unsigned long long)x->trial + 1);
	dot_str(fp, title);
	free(title);
	fputs(";\n  node [shape=box];\n", fp);
	/* every node once, with its longest downtime over the events, in the
	 * order of first appearance; then every edge once */
	uint8_t *seen = xcalloc((size_t)ds->n_nodes + 1, 1);
	double *down = xcalloc((size_t)ds->n_nodes + 1, sizeof *down);
	uint32_t *order = NULL;
	uint8_t *role = xcalloc((size_t)ds->n_nodes + 1, 1); /* 1 root, 2 service */
	size_t n_order = 0, alloc_order = 0;
	for (size_t i = 0; i < x->n_events; i++) {
		const struct ex_event *ev = &x->events[i];
		for (size_t j = 0; j < ev->n_services; j++) {
			const struct ex_service *sv = &ev->services[j];
			for (uint32_t h = 0; h < sv->n_hops; h++) {
				const struct ex_hop *hp = &sv->hops[h];
				if (!seen[hp->node]) {
					seen[hp->node] = 1;
					ALLOC_GROW(order, n_order + 1, alloc_order);
					order[n_order++] = hp->node;
				}
				if (hp->down > down[hp->node])
					down[hp->node] = hp->down;
				if (h == 0)
					role[hp->node] |= 1;
				else if (h + 1 == sv->n_hops)
					role[hp->node] |= 2;
			}
		}
	}
	char b[48];
	for (size_t k = 0; k < n_order; k++) {
		uint32_t v = order[k];
		const char *id = ds->nodes[v].id;
		fputs("  ", fp);
		dot_str(fp, id);
		fputs(" [label=\"", fp);
		for (const char *c = id; *c; c++) {
			if (*c == '"' || *c == '\\')
				fputc('\\', fp);
			fputc(*c, fp);
		}
		fprintf(fp, "\\n%s\"", hours(b, sizeof b, down[v]));
		if (role[v] & 1)
			fputs(", style=filled, fillcolor=\"#f4cccc\"", fp);
		if (role[v] & 2)
			fputs(", peripheries=2", fp);
		fputs("];\n", fp);
	}
	free(order);
	free(down);
	free(role);
	/* edges member -> dependent, once each, in the order of first
	 * appearance: sorted by (pair, appearance) to drop repeats, then
	 * back into appearance order */
	struct dot_edge *edge = NULL;
	size_t n_edges = 0, alloc = 0;
	for (size_t i = 0; i < x->n_events; i++) {
		const struct ex_event *ev = &x->events[i];
		for (size_t j = 0; j < ev->n_services; j++) {
			const struct ex_service *sv = &ev->services[j];
			for (uint32_t h = 0; h + 1 < sv->n_hops; h++) {
				ALLOC_GROW(edge, n_edges + 1, alloc);
				edge[n_edges].key = (uint64_t)sv->hops[h].node << 32 |
				                    sv->hops[h + 1].node;
				edge[n_edges].at = n_edges;
				n_edges++;
			}
		}
	}
	if (n_edges)
		qsort(edge, n_edges, sizeof *edge, cmp_edge_key);
	size_t n_kept = 0;
	for (size_t k = 0; k < n_edges; k++)
		if (k == 0 || edge[k].key != edge[k - 1].key)
			edge[n_kept++] = edge[k];
	if (n_kept)
		qsort(edge, n_kept, sizeof *edge, cmp_edge_at);
	for (size_t k = 0; k < n_kept; k++) {
		fputs("  ", fp);
		dot_str(fp, ds->nodes[edge[k].key >> 32].id);
		fputs(" -> ", fp);
		dot_str(fp, ds->nodes[(uint32_t)edge[k].key].id);
		fputs(";\n", fp);
	}
	free(edge);
	free(seen);
	fputs("}\n", fp);
}
