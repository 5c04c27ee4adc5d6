/* report_compare.c - compare.csv and compare.txt: variants against the baseline. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/outfile.h"
#include "base/stats.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report.h"
#include "report/report_compare.h"

/* At most this many institutions and services named in compare.txt per variant. */
#define TXT_MAX_ROWS 10

/* Fill out from the means and the sum of squared deviations ss of the n
 * per-trial differences: diff -/+ Z975 sqrt(ss / (n - 1)) / sqrt(n). */
static void paired_set(struct paired *out, double value, double baseline, double mean,
                       double ss, uint64_t n)
{
	double N = (double)n;
	out->value = value;
	out->baseline = baseline;
	out->diff = mean;
	double h = n > 1 ? Z975 * sqrt(ss / (N - 1)) / sqrt(N) : NAN;
	out->lo = mean - h;
	out->hi = mean + h;
}

void compare_paired(const double *a, const double *b, uint64_t n, struct paired *out)
{
	double sa = 0, sb = 0, sd = 0;
	for (uint64_t t = 0; t < n; t++) {
		sa += a[t];
		sb += b[t];
		sd += a[t] - b[t];
	}
	double N = (double)n, mean = sd / N, ss = 0;
	for (uint64_t t = 0; t < n; t++) {
		double e = a[t] - b[t] - mean;
		ss += e * e;
	}
	paired_set(out, sa / N, sb / N, mean, ss, n);
}

void compare_paired_bits(uint64_t nv, uint64_t nb, uint64_t up, uint64_t down, uint64_t n,
                         struct paired *out)
{
	double N = (double)n, mean = ((double)up - (double)down) / N;
	/* d_t is +1 (up trials), -1 (down trials) or 0: sum d^2 = up + down */
	double ss = (double)(up + down) - N * mean * mean;
	if (ss < 0)
		ss = 0;
	paired_set(out, (double)nv / N, (double)nb / N, mean, ss, n);
}

/* One row of compare.csv with its figures. */
struct crow {
	int scope; /* 0 sector, 1 institution, 2 service */
	const char *id, *metric;
	uint32_t node; /* institution or service node, else NODE_NONE */
	struct paired p;
};

#define N_SECTOR 5
static const char *const sector_metric[N_SECTOR] = {
    "institutions_breached", "assets_share_breached", "services_breached", "p_systemic",
    "p_assets_threshold"};
static const char *const scope_name[3] = {"sector", "institution", "service"};

/* Every row of variant v against the baseline. */
static struct crow *compare_rows(const struct compare_run *b, const struct compare_run *v,
                                 size_t *n_rows)
{
	const struct mc_result *rb = b->res, *rv = v->res;
	uint64_t T = rb->trials;
	size_t n = N_SECTOR + rb->n_institutions + rb->n_services, k = 0;
	struct crow *rows = xcalloc(n, sizeof *rows);
	double *x = xreallocarray(NULL, T ? T : 1, sizeof *x);
	double *y = xreallocarray(NULL, T ? T : 1, sizeof *y);
	for (int m = 0; m < N_SECTOR; m++) {
		for (uint64_t t = 0; t < T; t++) {
			switch (m) {
			case 0:
				x[t] = rv->t_inst[t], y[t] = rb->t_inst[t];
				break;
			case 1:
				x[t] = rv->t_assets[t], y[t] = rb->t_assets[t];
				break;
			case 2:
				x[t] = rv->t_svc[t], y[t] = rb->t_svc[t];
				break;
			case 3:
				x[t] = rv->t_systemic[t], y[t] = rb->t_systemic[t];
				break;
			default:
				x[t] = rv->t_threshold[t], y[t] = rb->t_threshold[t];
				break;
			}
		}
		struct crow *r = &rows[k++];
		r->scope = 0;
		r->id = "";
		r->metric = sector_metric[m];
		r->node = NODE_NONE;
		compare_paired(x, y, T, &r->p);
	}
	free(x);
	free(y);
	for (int sc = 1; sc <= 2; sc++) {
		uint32_t cnt = sc == 1 ? rb->n_institutions : rb->n_services;
		uint32_t first = sc == 1 ? 0 : b->ds->first_kind[NODE_SERVICE];
		const uint8_t *bb = sc == 1 ? rb->t_inst_bits : rb->t_svc_bits;
		const uint8_t *vb = sc == 1 ? rv->t_inst_bits : rv->t_svc_bits;
		size_t stride = sc == 1 ? rb->inst_stride : rb->svc_stride;
		for (uint32_t i = 0; i < cnt; i++) {
			uint64_t nv = 0, nb = 0, up = 0, down = 0;
			for (uint64_t t = 0; t < T; t++) {
				int p = mc_bit(vb, stride, t, i),
				    q = mc_bit(bb, stride, t, i);
				nv += (uint64_t)p;
				nb += (uint64_t)q;
				up += (uint64_t)(p && !q);
				down += (uint64_t)(q && !p);
			}
			struct crow *r = &rows[k++];
			r->scope = sc;
			r->node = first + i;
			r->id = b->ds->nodes[first + i].id;
			r->metric = "p_breach";
			compare_paired_bits(nv, nb, up, down, T, &r->p);
		}
	}
	*n_rows = k;
	return rows;
}

struct cmp_arg {
	const struct compare_run *b, *v;
	size_t n;
};

void compare_independent(double ma, double sa, double ta, double mb, double sb, double tb,
                         struct paired *out)
{
	out->baseline = ma;
	out->value = mb;
	out->diff = mb - ma;
	double h = Z975 * sqrt(sa * sa / ta + sb * sb / tb);
	out->lo = out->diff - h;
	out->hi = out->diff + h;
}

void report_compare_header(FILE *fp)
{
	fputs("scope,id,metric,variant,baseline,value,diff,diff_lo,diff_hi\n", fp);
}

void report_compare_row(FILE *fp, const char *scope, const char *id, const char *metric,
                        const char *variant, const struct paired *p)
{
	fputs(scope, fp);
	emit_sep_str(fp, id);
	emit_sep_str(fp, metric);
	emit_sep_str(fp, variant);
	emit_sep_num(fp, p->baseline, 8);
	emit_sep_num(fp, p->value, 8);
	emit_sep_num(fp, p->diff, 8);
	emit_sep_num(fp, p->lo, 8);
	emit_sep_num(fp, p->hi, 8);
	fputc('\n', fp);
}

static void w_csv(FILE *fp, const void *arg)
{
	const struct cmp_arg *a = arg;
	report_compare_header(fp);
	for (size_t j = 0; j < a->n; j++) {
		size_t n;
		struct crow *rows = compare_rows(a->b, &a->v[j], &n);
		for (size_t i = 0; i < n; i++)
			report_compare_row(fp, scope_name[rows[i].scope], rows[i].id,
			                   rows[i].metric, a->v[j].name, &rows[i].p);
		free(rows);
	}
}

static int by_abs_diff(const void *x, const void *y)
{
	const struct crow *a = x, *b = y;
	double da = fabs(a->p.diff), db = fabs(b->p.diff);
	if (da != db)
		return da > db ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

/* Print x with prec digits after the point (fmt_num). */
static void put(FILE *fp, double x, int prec)
{
	char buf[64];
	fmt_num(buf, sizeof buf, x, prec);
	fputs(buf, fp);
}

/* " (difference D, 95 % interval LO to HI)"; in points when pct. */
static void put_diff(FILE *fp, const struct paired *p, int pct)
{
	double s = pct ? 100 : 1;
	fputs(" (difference ", fp);
	put(fp, s * p->diff, pct ? 2 : 4);
	fputs(pct ? " points" : "", fp);
	if (isfinite(p->lo)) {
		fputs(", 95 % interval ", fp);
		put(fp, s * p->lo, pct ? 2 : 4);
		fputs(" to ", fp);
		put(fp, s * p->hi, pct ? 2 : 4);
	}
	fputs(")", fp);
}

/* How a service reads in a sentence: "INST's TYPE", or its id when the
 * institution has two services of that type. */
static void put_service(FILE *fp, const struct dataset *ds, uint32_t s)
{
	const struct node *v = &ds->nodes[s], *inst = &ds->nodes[v->institution];
	int unique = v->type[0] != '\0';
	for (uint32_t j = inst->first_service;
	     unique && j < inst->first_service + inst->n_services; j++)
		if (j != s && strcmp(ds->nodes[j].type, v->type) == 0)
			unique = 0;
	if (unique) {
		/* the category in words: internet_banking reads "internet banking" */
		fprintf(fp, "%s's ", inst->id);
		for (const char *c = v->type; *c; c++)
			fputc(*c == '_' ? ' ' : *c, fp);
	} else
		fputs(v->id, fp);
}

static void w_txt(FILE *fp, const void *arg)
{
	const struct cmp_arg *a = arg;
	const char *per = report_per(a->b->res->mode);
	fprintf(fp,
	        "Variants compared with the baseline on the same %llu trials "
	        "(common random numbers).\nEach difference is the mean of the per-trial "
	        "differences, with its 95 %% interval (chokepoint-report(5)).\n",
	        (unsigned long long)a->b->res->trials);
	for (size_t j = 0; j < a->n; j++) {
		const struct compare_run *v = &a->v[j];
		size_t n;
		struct crow *rows = compare_rows(a->b, v, &n);
		fprintf(fp, "\n%s%s%s\n", v->name, v->description[0] ? ": " : "",
		        v->description);
		int any = 0;
		for (size_t i = 0; i < N_SECTOR; i++) {
			const struct crow *r = &rows[i];
			if (r->p.diff == 0 && r->p.value == r->p.baseline)
				continue;
			any = 1;
			int pct = i >= 3 || i == 1;
			static const char *const what[N_SECTOR] = {
			    "institutions in breach average ",
			    "the share of assets in breach averages ",
			    "services in breach average ", "systemic events occur in ",
			    "the asset threshold is reached in "};
			fprintf(fp, "%s: %s", v->name, what[i]);
			put(fp, pct ? 100 * r->p.value : r->p.value, pct ? 2 : 4);
			if (i >= 3)
				fprintf(fp, " %% of %ss", per);
			else
				fprintf(fp, "%s per %s", pct ? " %" : "", per);
			fputs(" instead of ", fp);
			put(fp, pct ? 100 * r->p.baseline : r->p.baseline, pct ? 2 : 4);
			fputs(pct ? " %" : "", fp);
			put_diff(fp, &r->p, pct);
			fputs(".\n", fp);
		}
		for (int sc = 1; sc <= 2; sc++) {
			size_t first =
			    sc == 1 ? N_SECTOR : N_SECTOR + a->b->res->n_institutions;
			size_t cnt =
			    sc == 1 ? a->b->res->n_institutions : a->b->res->n_services;
			struct crow *sub = xcalloc(cnt + 1, sizeof *sub);
			size_t m = 0;
			for (size_t i = 0; i < cnt; i++)
				if (rows[first + i].p.diff != 0 ||
				    rows[first + i].p.value != rows[first + i].p.baseline)
					sub[m++] = rows[first + i];
			qsort(sub, m, sizeof *sub, by_abs_diff);
			for (size_t i = 0; i < m && i < TXT_MAX_ROWS; i++) {
				fprintf(fp, "%s: ", v->name);
				if (sc == 1)
					fputs(sub[i].id, fp);
				else
					put_service(fp, a->b->ds, sub[i].node);
				fputs(sc == 1 ? " has a breach in " : " breach in ", fp);
				put(fp, 100 * sub[i].p.value, 2);
				fprintf(fp, " %% of %ss instead of ", per);
				put(fp, 100 * sub[i].p.baseline, 2);
				fputs(" %", fp);
				put_diff(fp, &sub[i].p, 1);
				fputs(".\n", fp);
			}
			if (m > TXT_MAX_ROWS)
				fprintf(fp,
				        "%s: and %zu more %s whose breaches change "
				        "(compare.csv).\n",
				        v->name, m - TXT_MAX_ROWS,
				        sc == 1 ? "institutions" : "services");
			any |= m > 0;
			free(sub);
		}
		if (!any)
			fprintf(fp,
			        "%s: changes nothing in these trials: every figure "
			        "equals the "
			        "baseline's.\n",
			        v->name);
		free(rows);
	}
}

int report_compare(const char *dir, const struct compare_run *base,
                   const struct compare_run *vars, size_t n_vars, char *err, size_t errsz)
{
	for (size_t j = 0; j < n_vars; j++) {
		const struct mc_result *rv = vars[j].res, *rb = base->res;
		if (rv->trials != rb->trials ||
		    rv->n_institutions != rb->n_institutions ||
		    rv->n_services != rb->n_services || !rv->t_inst_bits ||
		    !rb->t_inst_bits) {
			snprintf(err, errsz,
			         "variant %s: not comparable with the baseline (trials, "
			         "institutions or services differ)",
			         vars[j].name);
			return CP_ERR_INVALID;
		}
	}
	struct cmp_arg a = {base, vars, n_vars};
	int r = outfile_write(dir, "compare.csv", w_csv, &a, err, errsz);
	return r ? r : outfile_write(dir, "compare.txt", w_txt, &a, err, errsz);
}
