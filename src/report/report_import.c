/*
 * report_import.c - the data set, import.txt and import.json of
 * `chokepoint import` (chokepoint-import(5)).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/provenance.h"
#include "report/report_import.h"

const char *const report_import_files[] = { "institutions.csv", "services.csv",
	"vendors.csv", "cloud.csv", "dependencies.csv", "import.txt", "import.json", NULL };

static void write_out(FILE *fp, const void *arg)
{
	report_import_csv(fp, arg);
}

void report_import_csv(FILE *fp, const struct roi_out *o)
{
	for (size_t k = 0; k < o->ncols; k++)
		fprintf(fp, "%s%s", k ? "," : "", o->cols[k]);
	fputc('\n', fp);
	for (size_t i = 0; i < o->n; i++) {
		for (size_t k = 0; k < o->ncols; k++) {
			if (k)
				fputc(',', fp);
			csv_put(fp, o->rows[i].f[k]);
		}
		fputc('\n', fp);
	}
}

struct ctx {
	const struct roi *r;
	const struct roi_assumptions *a;
	json_t *sha; /* path -> sha256 */
};

static const char *tab_what[ROI_NTAB] = { "entities", "contracts", "contract uses",
	"providers", "supply-chain links", "functions", "assessments" };

static void hours(char *b, double x)
{
	if (isfinite(x))
		fmt_num(b, 64, x, 15);
	else
		strcpy(b, "none");
}

static void write_txt(FILE *fp, const void *arg)
{
	const struct ctx *c = arg;
	const struct roi *r = c->r;
	const struct roi_assumptions *a = c->a;
	char b1[64], b2[64], b3[64];
	fprintf(fp, "chokepoint %s: import of a DORA register of information\n\n", PACKAGE_VERSION);
	fprintf(fp, "packages read: %zu\n", r->n_pkgs);
	for (size_t i = 0; i < r->n_pkgs; i++)
		fprintf(fp, "  %s%s%s\n", r->pkgs[i].name, r->pkgs[i].report ? "  extends " : "",
		        r->pkgs[i].report ? r->pkgs[i].report : "");
	fprintf(fp, "\nrows read:\n");
	for (int t = 0; t < ROI_NTAB; t++)
		fprintf(fp, "  %s %-20s %10zu\n", roi_tab_code((enum roi_tab)t), tab_what[t],
		        r->rows_read[t]);
	fprintf(fp, "\nwritten:\n");
	fprintf(fp, "  institutions.csv %10zu  B_01.02 entities of a financial type\n", r->inst.n);
	fprintf(fp, "  services.csv     %10zu  B_06.01 critical or important functions\n",
	        r->serv.n);
	fprintf(fp, "  vendors.csv      %10zu  B_05.01 providers of no cloud service\n", r->vend.n);
	fprintf(fp, "  cloud.csv        %10zu  B_05.01 providers of a cloud service (S17-S19)\n",
	        r->cloud.n);
	fprintf(fp, "  dependencies.csv %10zu  B_02.02 function-provider pairs and B_05.02 "
	        "links of rank 2 and more\n", r->deps.n);
	fprintf(fp, "  systemic         %10zu  of %zu LEIs listed by --systemic\n",
	        r->n_systemic_found, r->n_systemic_listed);
	fprintf(fp, "\nrows dropped or changed, and why:\n");
	if (!r->n_counts)
		fprintf(fp, "  none\n");
	for (size_t i = 0; i < r->n_counts; i++)
		fprintf(fp, "  %10zu  %s\n", r->counts[i].n, r->counts[i].what);
	fprintf(fp, "\nassumptions (%s):\n", a->path ? a->path : "the defaults, as "
	        "data/roi-assumptions.ini");
	fprintf(fp, "  outages per type of ICT service: rate a year, median hours, p95 hours\n");
	for (int k = 0; k < ROI_NSVC; k++) {
		fmt_num(b1, sizeof b1, a->outage[k].rate, 15);
		fmt_num(b2, sizeof b2, a->outage[k].median, 15);
		fmt_num(b3, sizeof b3, a->outage[k].p95, 15);
		fprintf(fp, "    S%02d %-26s %s %s %s\n", k + 1, roi_service_name(k), b1, b2, b3);
	}
	static const char *const sub[4] = { "x959 not substitutable", "x960 highly complex",
		"x961 medium complexity", "x962 easily substitutable" };
	fprintf(fp, "  failover hours per substitutability (B_07.01 c0050)\n");
	for (int k = 0; k < 4; k++) {
		hours(b1, a->failover[k]);
		fprintf(fp, "    %-26s %s\n", sub[k], b1);
	}
	fmt_num(b1, sizeof b1, a->rto_floor, 15);
	fprintf(fp, "  floor of recovery time objectives: %s hours\n", b1);
	fprintf(fp, "  criticality that makes a service (B_06.01 c0050):%s%s%s\n",
	        a->critical_x28 ? " x28" : "", a->critical_x21 ? " x21" : "",
	        a->critical_x29 ? " x29" : "");
	static const char *const rel[4] = { "x794", "x795", "x796", "x797" };
	fprintf(fp, "  reliance that makes no edge (B_02.02 c0180):");
	int any = 0;
	for (int k = 0; k < 4; k++)
		if (a->no_edge[k])
			fprintf(fp, " %s", rel[k]), any = 1;
	fprintf(fp, "%s\n", any ? "" : " none");
	fprintf(fp, "  base currency: %s", a->base_currency);
	for (size_t k = 0; k < a->n_rates; k++) {
		fmt_num(b1, sizeof b1, a->rate[k], 15);
		fprintf(fp, "%s %s = %s", k ? "," : ";", a->rate_code[k], b1);
	}
	fprintf(fp, "\n\nThe register does not say which providers back each other up: every\n"
	        "dependency is hard (no redundancy group), and a figure that depends on\n"
	        "redundancy is an upper bound on the harm.\n");
}

static void write_json(FILE *fp, const void *arg)
{
	const struct ctx *c = arg;
	const struct roi *r = c->r;
	const struct roi_assumptions *a = c->a;
	json_t *root = json_object();
	json_object_set_new(root, "program", json_string("chokepoint " PACKAGE_VERSION));
	json_object_set(root, "inputs", c->sha);
	json_t *pk = json_array();
	for (size_t i = 0; i < r->n_pkgs; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(r->pkgs[i].name));
		json_object_set_new(o, "extends", r->pkgs[i].report ?
		                    json_string(r->pkgs[i].report) : json_null());
		json_array_append_new(pk, o);
	}
	json_object_set_new(root, "packages", pk);
	json_t *rr = json_object();
	for (int t = 0; t < ROI_NTAB; t++)
		json_object_set_new(rr, roi_tab_code((enum roi_tab)t), emit_jint(r->rows_read[t]));
	json_object_set_new(root, "rows_read", rr);
	json_t *w = json_object();
	json_object_set_new(w, "institutions", emit_jint(r->inst.n));
	json_object_set_new(w, "services", emit_jint(r->serv.n));
	json_object_set_new(w, "vendors", emit_jint(r->vend.n));
	json_object_set_new(w, "cloud", emit_jint(r->cloud.n));
	json_object_set_new(w, "dependencies", emit_jint(r->deps.n));
	json_object_set_new(w, "systemic", emit_jint(r->n_systemic_found));
	json_object_set_new(root, "written", w);
	json_t *cn = json_array();
	for (size_t i = 0; i < r->n_counts; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "reason", json_string(r->counts[i].what));
		json_object_set_new(o, "rows", emit_jint(r->counts[i].n));
		json_array_append_new(cn, o);
	}
	json_object_set_new(root, "dropped_or_changed", cn);
	json_t *as = json_object();
	json_object_set_new(as, "file", a->path ? json_string(a->path) : json_null());
	json_t *out = json_object();
	for (int k = 0; k < ROI_NSVC; k++) {
		char code[8];
		snprintf(code, sizeof code, "S%02d", k + 1);
		json_t *o = json_object();
		json_object_set_new(o, "annual_outage_rate", emit_jnum(a->outage[k].rate));
		json_object_set_new(o, "outage_median_hours", emit_jnum(a->outage[k].median));
		json_object_set_new(o, "outage_p95_hours", emit_jnum(a->outage[k].p95));
		json_object_set_new(out, code, o);
	}
	json_object_set_new(as, "outage", out);
	json_t *fo = json_object();
	static const char *const sub[4] = { "x959", "x960", "x961", "x962" };
	for (int k = 0; k < 4; k++)
		json_object_set_new(fo, sub[k], emit_jnum(a->failover[k]));
	json_object_set_new(as, "failover_hours", fo);
	json_object_set_new(as, "rto_floor_hours", emit_jnum(a->rto_floor));
	json_t *cr = json_array();
	if (a->critical_x28)
		json_array_append_new(cr, json_string("x28"));
	if (a->critical_x21)
		json_array_append_new(cr, json_string("x21"));
	if (a->critical_x29)
		json_array_append_new(cr, json_string("x29"));
	json_object_set_new(as, "critical", cr);
	static const char *const rel[4] = { "x794", "x795", "x796", "x797" };
	json_t *ne = json_array();
	for (int k = 0; k < 4; k++)
		if (a->no_edge[k])
			json_array_append_new(ne, json_string(rel[k]));
	json_object_set_new(as, "no_edge", ne);
	json_object_set_new(as, "base_currency", json_string(a->base_currency));
	json_t *rt = json_object();
	for (size_t k = 0; k < a->n_rates; k++)
		json_object_set_new(rt, a->rate_code[k], emit_jnum(a->rate[k]));
	json_object_set_new(as, "currency_rates", rt);
	json_object_set_new(root, "assumptions", as);
	emit_json(fp, root);
	json_decref(root);
}

int report_import_write(const char *dir, const struct roi *r,
                        const struct roi_assumptions *a, char *err, size_t errsz)
{
	struct ctx c = { r, a, json_object() };
	for (size_t i = 0; i < r->n_inputs; i++) {
		char hex[SHA256_HEX];
		if (prov_sha256_file(r->inputs[i].path, hex) != 0) {
			snprintf(err, errsz, "%s: cannot read for its SHA-256", r->inputs[i].path);
			json_decref(c.sha);
			return CP_ERR_WRITE;
		}
		json_object_set_new(c.sha, r->inputs[i].path, json_string(hex));
	}
	const struct roi_out *outs[5] = { &r->inst, &r->serv, &r->vend, &r->cloud, &r->deps };
	int rc = CP_OK;
	for (int k = 0; rc == CP_OK && k < 5; k++)
		rc = outfile_write(dir, report_import_files[k], write_out, outs[k], err, errsz);
	if (rc == CP_OK)
		rc = outfile_write(dir, "import.txt", write_txt, &c, err, errsz);
	if (rc == CP_OK)
		rc = outfile_write(dir, "import.json", write_json, &c, err, errsz);
	json_decref(c.sha);
	return rc;
}
