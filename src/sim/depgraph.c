/* depgraph.c - igraph construction, cycles and export of the dependency graph. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "sim/depgraph.h"

/* Last igraph error, kept by the handler for the caller's message. */
static char igraph_msg[256];

/*
 * igraph's default handler aborts the program.  This one records the
 * reason and releases what igraph registered for clean-up, so the
 * failing call returns its error code to us.
 */
static void on_igraph_error(const char *reason, const char *file, int line,
                            igraph_error_t code)
{
	(void)file;
	(void)line;
	snprintf(igraph_msg, sizeof igraph_msg, "igraph: %s (%s)", reason,
	         igraph_strerror(code));
	IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line)
{
	(void)reason;
	(void)file;
	(void)line;
}

void depgraph_setup(void)
{
	igraph_set_error_handler(on_igraph_error);
	igraph_set_warning_handler(on_igraph_warning);
	igraph_set_attribute_table(&igraph_cattribute_table);
}

static int fail(char *err, size_t errsz, const char *what)
{
	snprintf(err, errsz, "%s: %s", what, igraph_msg[0] ? igraph_msg : "igraph error");
	return -1;
}

int depgraph_build(struct depgraph *dg, const struct dataset *ds, char *err,
                   size_t errsz)
{
	memset(dg, 0, sizeof *dg);
	igraph_vector_int_t edges;
	if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)ds->n_deps))
		return fail(err, errsz, "building the graph");
	for (uint32_t i = 0; i < ds->n_deps; i++) {
		VECTOR(edges)[2 * i] = ds->deps[i].from;
		VECTOR(edges)[2 * i + 1] = ds->deps[i].to;
	}
	igraph_error_t rc = igraph_create(&dg->g, &edges, ds->n_nodes, IGRAPH_DIRECTED);
	igraph_vector_int_destroy(&edges);
	if (rc)
		return fail(err, errsz, "building the graph");
	dg->built = 1;

	/* Attributes, set a whole column at a time. */
	igraph_strvector_t sv;
	igraph_vector_t nv;
	if (igraph_strvector_init(&sv, ds->n_nodes))
		goto fail;
	static const char *const vnames[] = { "id", "name", "kind", "type" };
	for (int a = 0; a < 4; a++) {
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			const struct node *v = &ds->nodes[i];
			const char *s = a == 0 ? v->id : a == 1 ? v->name
			              : a == 2 ? node_kind_name(v->kind) : v->type;
			if (igraph_strvector_set(&sv, i, s))
				goto fail_sv;
		}
		if (igraph_cattribute_VAS_setv(&dg->g, vnames[a], &sv))
			goto fail_sv;
	}
	igraph_strvector_destroy(&sv);

	if (igraph_strvector_init(&sv, ds->n_deps))
		goto fail;
	for (uint32_t i = 0; i < ds->n_deps; i++)
		if (igraph_strvector_set(&sv, i, ds->groups[ds->deps[i].group].label))
			goto fail_sv;
	if (igraph_cattribute_EAS_setv(&dg->g, "group", &sv))
		goto fail_sv;
	igraph_strvector_destroy(&sv);

	if (igraph_vector_init(&nv, ds->n_deps))
		goto fail;
	for (uint32_t i = 0; i < ds->n_deps; i++)
		VECTOR(nv)[i] = ds->groups[ds->deps[i].group].min_up;
	if (igraph_cattribute_EAN_setv(&dg->g, "min_up", &nv))
		goto fail_nv;
	for (uint32_t i = 0; i < ds->n_deps; i++)
		VECTOR(nv)[i] = ds->deps[i].failover_hours;
	if (igraph_cattribute_EAN_setv(&dg->g, "failover", &nv))
		goto fail_nv;
	igraph_vector_destroy(&nv);
	return 0;

fail_nv:
	igraph_vector_destroy(&nv);
	goto fail;
fail_sv:
	igraph_strvector_destroy(&sv);
fail:
	depgraph_free(dg);
	return fail(err, errsz, "setting graph attributes");
}

void depgraph_free(struct depgraph *dg)
{
	if (dg && dg->built) {
		igraph_destroy(&dg->g);
		dg->built = 0;
	}
}

int depgraph_cycles(const struct depgraph *dg, struct scc_list *out, char *err,
                    size_t errsz)
{
	memset(out, 0, sizeof *out);
	igraph_vector_int_t memb, csize;
	igraph_integer_t nc;
	if (igraph_vector_int_init(&memb, 0))
		return fail(err, errsz, "finding cycles");
	if (igraph_vector_int_init(&csize, 0)) {
		igraph_vector_int_destroy(&memb);
		return fail(err, errsz, "finding cycles");
	}
	if (igraph_connected_components(&dg->g, &memb, &csize, &nc, IGRAPH_STRONG)) {
		igraph_vector_int_destroy(&memb);
		igraph_vector_int_destroy(&csize);
		return fail(err, errsz, "finding cycles");
	}
	/*
	 * Number the big components in order of their smallest node, so the
	 * listing does not depend on igraph's internal numbering.
	 */
	igraph_integer_t nv = igraph_vector_int_size(&memb);
	int64_t *slot = xmalloc((size_t)nc * sizeof *slot);
	for (igraph_integer_t c = 0; c < nc; c++)
		slot[c] = -1;
	uint32_t nbig = 0, nmem = 0;
	for (igraph_integer_t v = 0; v < nv; v++) {
		igraph_integer_t c = VECTOR(memb)[v];
		if (VECTOR(csize)[c] > 1 && slot[c] < 0)
			slot[c] = nbig++;
		if (VECTOR(csize)[c] > 1)
			nmem++;
	}
	out->n = nbig;
	out->offset = xcalloc(nbig + 1, sizeof *out->offset);
	out->member = xmalloc((nmem ? nmem : 1) * sizeof *out->member);
	for (igraph_integer_t c = 0; c < nc; c++)
		if (slot[c] >= 0)
			out->offset[slot[c] + 1] = (uint32_t)VECTOR(csize)[c];
	for (uint32_t k = 0; k < nbig; k++)
		out->offset[k + 1] += out->offset[k];
	uint32_t *fill = xcalloc(nbig ? nbig : 1, sizeof *fill);
	for (igraph_integer_t v = 0; v < nv; v++) {
		int64_t k = slot[VECTOR(memb)[v]];
		if (k >= 0)
			out->member[out->offset[k] + fill[k]++] = (uint32_t)v;
	}
	free(fill);
	free(slot);
	igraph_vector_int_destroy(&memb);
	igraph_vector_int_destroy(&csize);
	return 0;
}

void scc_list_free(struct scc_list *s)
{
	if (!s)
		return;
	free(s->offset);
	free(s->member);
	memset(s, 0, sizeof *s);
}

int graph_format_parse(const char *s, enum graph_format *out)
{
	if (strcmp(s, "graphml") == 0)
		*out = GRAPH_GRAPHML;
	else if (strcmp(s, "dot") == 0)
		*out = GRAPH_DOT;
	else if (strcmp(s, "csv") == 0)
		*out = GRAPH_CSV;
	else
		return -1;
	return 0;
}

/* ---- export ----------------------------------------------------------- */

/* XML text with &, <, >, " escaped. */
static void put_xml(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
}

/* A DOT double-quoted string: only " and \ need escaping. */
static void put_dot(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n') {
			fputs("\\n", fp);
			continue;
		}
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void write_graphml(const struct dataset *ds, FILE *fp)
{
	char num[64];
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
	      "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
	      "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
	      "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
	      "  <key id=\"institution\" for=\"node\" attr.name=\"institution\" attr.type=\"string\"/>\n"
	      "  <key id=\"total_assets\" for=\"node\" attr.name=\"total_assets\" attr.type=\"double\"/>\n"
	      "  <key id=\"systemic\" for=\"node\" attr.name=\"systemic\" attr.type=\"boolean\"/>\n"
	      "  <key id=\"tolerance_hours\" for=\"node\" attr.name=\"tolerance_hours\" attr.type=\"double\"/>\n"
	      "  <key id=\"annual_outage_rate\" for=\"node\" attr.name=\"annual_outage_rate\" attr.type=\"double\"/>\n"
	      "  <key id=\"group\" for=\"edge\" attr.name=\"group\" attr.type=\"string\"/>\n"
	      "  <key id=\"min_up\" for=\"edge\" attr.name=\"min_up\" attr.type=\"int\"/>\n"
	      "  <key id=\"group_size\" for=\"edge\" attr.name=\"group_size\" attr.type=\"int\"/>\n"
	      "  <key id=\"failover_hours\" for=\"edge\" attr.name=\"failover_hours\" attr.type=\"double\"/>\n"
	      "  <key id=\"parent\" for=\"edge\" attr.name=\"parent\" attr.type=\"boolean\"/>\n"
	      "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
	      "  <graph id=\"chokepoint\" edgedefault=\"directed\">\n", fp);
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		fputs("    <node id=\"", fp);
		put_xml(fp, v->id);
		fputs("\"><data key=\"name\">", fp);
		put_xml(fp, v->name);
		fprintf(fp, "</data><data key=\"kind\">%s</data><data key=\"type\">",
		        node_kind_name(v->kind));
		put_xml(fp, v->type);
		fputs("</data>", fp);
		if (v->kind == NODE_INSTITUTION) {
			fmt_num(num, sizeof num, v->total_assets, 6);
			fprintf(fp, "<data key=\"total_assets\">%s</data>"
			        "<data key=\"systemic\">%s</data>", num,
			        v->systemic ? "true" : "false");
		} else if (v->kind == NODE_SERVICE) {
			fmt_num(num, sizeof num, v->tolerance_hours, 6);
			fputs("<data key=\"institution\">", fp);
			put_xml(fp, ds->nodes[v->institution].id);
			fprintf(fp, "</data><data key=\"tolerance_hours\">%s</data>", num);
		} else {
			fmt_num(num, sizeof num, v->annual_outage_rate, 6);
			fprintf(fp, "<data key=\"annual_outage_rate\">%s</data>", num);
		}
		fputs("</node>\n", fp);
	}
	for (uint32_t e = 0; e < ds->n_deps; e++) {
		const struct dep *d = &ds->deps[e];
		const struct group *g = &ds->groups[d->group];
		fprintf(fp, "    <edge id=\"e%u\" source=\"", e);
		put_xml(fp, ds->nodes[d->from].id);
		fputs("\" target=\"", fp);
		put_xml(fp, ds->nodes[d->to].id);
		fputs("\"><data key=\"group\">", fp);
		put_xml(fp, g->label);
		fprintf(fp, "</data><data key=\"min_up\">%u</data>"
		        "<data key=\"group_size\">%u</data>", g->min_up, g->size);
		if (isfinite(d->failover_hours)) {
			fmt_num(num, sizeof num, d->failover_hours, 6);
			fprintf(fp, "<data key=\"failover_hours\">%s</data>", num);
		}
		fprintf(fp, "<data key=\"parent\">%s</data><data key=\"relation\">%s</data>"
		        "</edge>\n", d->is_parent ? "true" : "false",
		        d->is_parent ? "parent" : "depends_on");
	}
	/* An institution has its services: edges so that viewers connect them. */
	for (uint32_t s = ds->first_kind[NODE_SERVICE];
	     s < ds->first_kind[NODE_SERVICE] + ds->n_kind[NODE_SERVICE]; s++) {
		fprintf(fp, "    <edge id=\"s%u\" source=\"", s);
		put_xml(fp, ds->nodes[ds->nodes[s].institution].id);
		fputs("\" target=\"", fp);
		put_xml(fp, ds->nodes[s].id);
		fputs("\"><data key=\"parent\">false</data>"
		      "<data key=\"relation\">has_service</data></edge>\n", fp);
	}
	fputs("  </graph>\n</graphml>\n", fp);
}

static void write_dot(const struct dataset *ds, FILE *fp)
{
	static const char *const shape[] = { "house", "box", "ellipse", "component" };
	static const char *const color[] = { "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd" };
	char num[64];
	fputs("// chokepoint dependency graph: an edge points from the dependent\n"
	      "// to what it needs; dashed edges belong to redundancy groups;\n"
	      "// dotted edges join an institution to its services.\n"
	      "digraph chokepoint {\n"
	      "  graph [rankdir=LR, overlap=false];\n"
	      "  node [fontname=\"Helvetica\", fontsize=10];\n", fp);
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		fputs("  ", fp);
		put_dot(fp, v->id);
		fputs(" [label=", fp);
		put_dot(fp, v->name);
		fprintf(fp, ", shape=%s, color=\"%s\", kind=\"%s\", type=", shape[v->kind],
		        color[v->kind], node_kind_name(v->kind));
		put_dot(fp, v->type);
		fputs("];\n", fp);
	}
	for (uint32_t e = 0; e < ds->n_deps; e++) {
		const struct dep *d = &ds->deps[e];
		const struct group *g = &ds->groups[d->group];
		fputs("  ", fp);
		put_dot(fp, ds->nodes[d->from].id);
		fputs(" -> ", fp);
		put_dot(fp, ds->nodes[d->to].id);
		fputs(" [", fp);
		if (g->size > 1) {
			fputs("style=dashed, group=", fp);
			put_dot(fp, g->label);
			fprintf(fp, ", min_up=\"%u\", label=\"%u of %u\", ", g->min_up,
			        g->min_up, g->size);
		}
		if (isfinite(d->failover_hours)) {
			fmt_num(num, sizeof num, d->failover_hours, 6);
			fprintf(fp, "failover_hours=\"%s\", ", num);
		}
		fprintf(fp, "parent=\"%s\", relation=\"%s\"];\n",
		        d->is_parent ? "true" : "false", d->is_parent ? "parent" : "depends_on");
	}
	for (uint32_t s = ds->first_kind[NODE_SERVICE];
	     s < ds->first_kind[NODE_SERVICE] + ds->n_kind[NODE_SERVICE]; s++) {
		fputs("  ", fp);
		put_dot(fp, ds->nodes[ds->nodes[s].institution].id);
		fputs(" -> ", fp);
		put_dot(fp, ds->nodes[s].id);
		fputs(" [style=dotted, color=\"#999999\", relation=\"has_service\"];\n", fp);
	}
	fputs("}\n", fp);
}

static void write_csv(const struct dataset *ds, FILE *fp)
{
	char num[64];
	fputs("from,to,from_kind,to_kind,group,min_up,group_size,failover_hours,parent,"
	      "relation\n", fp);
	for (uint32_t e = 0; e < ds->n_deps; e++) {
		const struct dep *d = &ds->deps[e];
		const struct group *g = &ds->groups[d->group];
		csv_put(fp, ds->nodes[d->from].id);
		fputc(',', fp);
		csv_put(fp, ds->nodes[d->to].id);
		fprintf(fp, ",%s,%s,", node_kind_name(ds->nodes[d->from].kind),
		        node_kind_name(ds->nodes[d->to].kind));
		csv_put(fp, g->label);
		fprintf(fp, ",%u,%u,", g->min_up, g->size);
		if (isfinite(d->failover_hours)) {
			fmt_num(num, sizeof num, d->failover_hours, 6);
			fputs(num, fp);
		}
		fprintf(fp, ",%d,%s\n", d->is_parent, d->is_parent ? "parent" : "depends_on");
	}
	for (uint32_t s = ds->first_kind[NODE_SERVICE];
	     s < ds->first_kind[NODE_SERVICE] + ds->n_kind[NODE_SERVICE]; s++) {
		csv_put(fp, ds->nodes[ds->nodes[s].institution].id);
		fputc(',', fp);
		csv_put(fp, ds->nodes[s].id);
		fputs(",institution,service,,,,,0,has_service\n", fp);
	}
}

int depgraph_write(const struct dataset *ds, enum graph_format fmt, FILE *fp)
{
	switch (fmt) {
	case GRAPH_GRAPHML: write_graphml(ds, fp); break;
	case GRAPH_DOT: write_dot(ds, fp); break;
	case GRAPH_CSV: write_csv(ds, fp); break;
	}
	return ferror(fp) ? -1 : 0;
}
