/* charts.c - PLplot SVG charts of run and analyze results. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <plplot/plplot.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"
#include "report/charts.h"
#include "report/report.h"

#define CHART_W 960
#define CHART_H 600
#define MAX_SERIES 8

/* A colour-blind-safe palette (Okabe and Ito 2008), PLplot colour map 0. */
static const int palette[MAX_SERIES][3] = {
	{ 0, 114, 178 }, { 213, 94, 0 }, { 0, 158, 115 }, { 204, 121, 167 },
	{ 230, 159, 0 }, { 86, 180, 233 }, { 0, 0, 0 }, { 240, 228, 66 } };

static char *tmp_current;

/* PLplot's fatal errors end the process: leave no temporary file behind. */
static int on_plexit(const char *msg)
{
	if (tmp_current)
		tmpfile_discard(tmp_current);
	outfile_defer_end(0, NULL, 0);
	fprintf(stderr, "chokepoint: chart: PLplot: %s\n", msg);
	exit(CP_EXIT_SOFTWARE);
}

/* Open a new PLplot stream writing SVG to a temporary file beside path;
 * CP_OK or CP_ERR_CREATE. */
static enum cp_status chart_begin(const char *path, char **tmp, char *err, size_t errsz)
{
	*tmp = xasprintf("%s.tmp.XXXXXX", path);
	/* listed for removal on SIGINT/SIGTERM until renamed (base/outfile.h) */
	int fd = tmpfile_create(*tmp);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot create: %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return CP_ERR_CREATE;
	}
	close(fd);
	tmp_current = *tmp;
	PLINT strm;
	plmkstrm(&strm);
	plsexit(on_plexit);
	plsdev("svg");
	plsfnam(*tmp);
	plspage(0, 0, CHART_W, CHART_H, 0, 0);
	plscolbg(255, 255, 255); /* colour 0: background, also white text */
	plscol0(1, 40, 40, 40); /* axes and text */
	for (int i = 0; i < MAX_SERIES; i++)
		plscol0(2 + i, palette[i][0], palette[i][1], palette[i][2]);
	plscol0(10, 190, 190, 190); /* grid */
	plinit();
	plfontld(1);
	pladv(0);
	return CP_OK;
}

/* Close the stream and move the file into place; CP_OK or CP_ERR_WRITE. */
static enum cp_status chart_end(const char *path, char *tmp, char *err, size_t errsz)
{
	plend1();
	tmp_current = NULL;
	/* renames now, or with the run's other outputs (outfile_defer_begin) */
	if (tmpfile_commit(tmp, xstrdup(path)) != 0) {
		snprintf(err, errsz, "%s: cannot rename into place: %s", path, strerror(errno));
		return CP_ERR_WRITE;
	}
	return CP_OK;
}

/* ---- run ------------------------------------------------------------ */

static int cmp_u32_asc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Exceedance curve: for each x = 1 .. max, the share of trials in which at
 * least x institutions breached; log10 y from 1/T to 1.
 */
static enum cp_status chart_exceedance(const char *dir, const struct model *m,
                                       const struct mc_result *res, char *err,
                                       size_t errsz)
{
	uint64_t T = res->trials;
	uint32_t *v = xreallocarray(NULL, T, sizeof *v);
	memcpy(v, res->t_inst, T * sizeof *v);
	qsort(v, T, sizeof *v, cmp_u32_asc);
	uint32_t xmax = T ? v[T - 1] : 0;
	/* step curve: points (x, P(N >= x)) */
	PLFLT *px = xmalloc((2 * (size_t)xmax + 2) * sizeof *px);
	PLFLT *py = xmalloc((2 * (size_t)xmax + 2) * sizeof *py);
	size_t n = 0, i = 0;
	for (uint32_t x = 1; x <= xmax; x++) {
		while (i < T && v[i] < x)
			i++;
		/* T - i trials have N >= x */
		px[n] = x;
		py[n] = log10((double)(T - i) / (double)T);
		n++;
	}
	free(v);
	char *path = path_join(dir, "exceedance.svg"), *tmp;
	enum cp_status r = chart_begin(path, &tmp, err, errsz);
	if (r != CP_OK) {
		free(path);
		free(px);
		free(py);
		return r;
	}
	const int annual = m->mode == MODE_ANNUAL;
	plvpor(0.10, 0.95, 0.12, 0.86);
	double ymin = floor(log10(1.0 / (double)T));
	plwind(0.5, xmax > 1 ? xmax + 0.5 : 2, ymin, 0.05);
	plcol0(10);
	plbox("g", 0, 0, "g", 1, 0);
	plcol0(1);
	plbox("bcnst", 0, 0, "bclnstv", 1, 0);
	char title[256];
	snprintf(title, sizeof title, "%s: institutions in breach per %s", m->name,
	         annual ? "year (worst event)" : "event");
	pllab(annual ? "institutions in breach in the year's worst event (at least x)"
	             : "institutions in breach in the event (at least x)",
	      annual ? "probability per year (log scale)" : "probability per event (log scale)",
	      title);
	plcol0(2);
	plwidth(2);
	if (n > 0)
		plline((PLINT)n, px, py);
	else
		plmtex("t", -3, 0.5, 0.5, "no institution breached in any trial");
	plwidth(1);
	plcol0(1);
	char note[128];
	snprintf(note, sizeof note, "%llu trials; chokepoint-report(5)",
	         (unsigned long long)T);
	plschr(0, 0.7);
	plmtex("t", 0.6, 1.0, 1.0, note);
	plschr(0, 1.0);
	free(px);
	free(py);
	r = chart_end(path, tmp, err, errsz);
	free(path);
	return r;
}

struct idx_val {
	size_t i;
	double v;
};

static int cmp_val_desc(const void *a, const void *b)
{
	const struct idx_val *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Horizontal bars: label[k] with value[k] (a fraction, 0..1), top down, in
 * a window of x 0..xmax and y 0.3..n + 0.7; values printed as percentages,
 * or as HHI points (x 10 000) when as_hhi.  Labels go in the left margin
 * (plmtex: text outside the window is clipped by plptex).
 */
static void hbars(size_t n, const char *const *label, const double *value, int colour,
                  double xmax, int as_hhi)
{
	const double ymin = 0.3, ymax = (double)n + 0.7;
	for (size_t k = 0; k < n; k++) {
		double y = (double)(n - k);
		PLFLT y0 = y - 0.4, y1 = y + 0.4;
		PLFLT bx[4] = { 0, value[k], value[k], 0 }, by[4] = { y0, y0, y1, y1 };
		plcol0(colour);
		plfill(4, bx, by);
		plcol0(1);
		plmtex("lv", 0.8, (y - ymin) / (ymax - ymin), 1.0, label[k]);
		char txt[32];
		if (as_hhi)
			snprintf(txt, sizeof txt, "%.0f", 10000 * value[k]);
		else
			snprintf(txt, sizeof txt, "%.1f %%", 100 * value[k]);
		if (value[k] > 0.85 * xmax) { /* inside the bar's end, in white */
			plcol0(0);
			plptex(value[k] - 0.01 * xmax, y, 1, 0, 1.0, txt);
			plcol0(1);
		} else {
			plptex(value[k] + 0.01 * xmax, y, 1, 0, 0.0, txt);
		}
	}
}

static enum cp_status chart_sources(const char *dir, const struct model *m,
                                    const struct mc_result *res, char *err, size_t errsz)
{
	double total, systemic;
	report_source_totals(res, &total, &systemic);
	struct idx_val *iv = xcalloc(res->n_sources + 1, sizeof *iv);
	for (size_t k = 0; k < res->n_sources; k++)
		iv[k] = (struct idx_val){ k, total > 0 ? res->src_svc_breaches[k] / total : 0 };
	qsort(iv, res->n_sources, sizeof *iv, cmp_val_desc);
	size_t n = 0;
	while (n < res->n_sources && n < 12 && iv[n].v > 0)
		n++;
	const char **label = xcalloc(n + 1, sizeof *label);
	double *val = xcalloc(n + 1, sizeof *val);
	for (size_t k = 0; k < n; k++) {
		label[k] = res->sources[iv[k].i].name;
		val[k] = iv[k].v;
	}
	/* x axis to the next tenth above the largest share */
	double xmax = n ? ceil(val[0] * 10 * 1.1) / 10 : 1.0;
	if (xmax > 1 || xmax <= 0)
		xmax = 1.0;
	char *path = path_join(dir, "sources.svg"), *tmp;
	enum cp_status r = chart_begin(path, &tmp, err, errsz);
	if (r == CP_OK) {
		plvpor(0.30, 0.92, 0.12, 0.88);
		plwind(0, xmax, 0.3, (PLFLT)n + 0.7);
		plcol0(1);
		plbox("bcnst", 0, 0, "bc", 0, 0);
		char title[256];
		snprintf(title, sizeof title, "%s: outage sources by share of service breaches",
		         m->name);
		pllab("share of all service breaches (fraction)", "", title);
		if (n)
			hbars(n, label, val, 2, xmax, 0);
		else
			plmtex("t", -3, 0.5, 0.5, "no service breached in any trial");
		r = chart_end(path, tmp, err, errsz);
	}
	free(path);
	free(label);
	free(val);
	free(iv);
	return r;
}

/* exceedance.svg, then sources.svg. */
enum cp_status charts_run(const char *dir, const struct model *m,
                          const struct mc_result *res, char *err, size_t errsz)
{
	enum cp_status r = chart_exceedance(dir, m, res, err, errsz);
	return r != CP_OK ? r : chart_sources(dir, m, res, err, errsz);
}

/* ---- analyze -------------------------------------------------------- */

static enum cp_status chart_breach_curves(const char *dir, const struct dataset *ds,
                                          const struct conc_result *r, unsigned top,
                                          char *err, size_t errsz)
{
	/* Finite durations only; "unlimited" is the curve's right end anyway. */
	size_t nd = 0;
	while (nd < r->n_durations && isfinite(r->durations[nd]))
		nd++;
	struct idx_val *iv = xcalloc(r->n_prov + 1, sizeof *iv);
	for (uint32_t p = 0; p < r->n_prov; p++) {
		const struct conc_outcome *last = &r->curve[(size_t)p * r->n_durations +
		                                           r->n_durations - 1];
		iv[p] = (struct idx_val){ p, (double)last->institutions };
	}
	qsort(iv, r->n_prov, sizeof *iv, cmp_val_desc);
	size_t ns = top < MAX_SERIES ? top : MAX_SERIES;
	if (ns > r->n_prov)
		ns = r->n_prov;
	double ymax = 1;
	for (size_t k = 0; k < ns; k++)
		if (iv[k].v > ymax)
			ymax = iv[k].v;
	char *path = path_join(dir, "breach_curves.svg"), *tmp;
	enum cp_status rc = chart_begin(path, &tmp, err, errsz);
	if (rc == CP_OK) {
		plvpor(0.10, 0.72, 0.12, 0.86);
		double x0 = nd ? log10(r->durations[0]) : 0, x1 = nd ? log10(r->durations[nd - 1]) : 1;
		if (x1 <= x0)
			x1 = x0 + 1;
		plwind(x0 - 0.05, x1 + 0.05, 0, ymax * 1.08);
		plcol0(10);
		plbox("lg", 0, 0, "g", 0, 0);
		plcol0(1);
		plbox("bclnst", 0, 0, "bcnstv", 0, 0);
		pllab("outage duration, hours (log scale)", "institutions in breach",
		      "Institutions in breach if one provider alone is down that long");
		PLFLT *px = xcalloc(nd + 1, sizeof *px), *py = xcalloc(nd + 1, sizeof *py);
		for (size_t k = 0; k < ns && nd > 0; k++) {
			uint32_t p = (uint32_t)iv[k].i;
			for (size_t j = 0; j < nd; j++) {
				px[j] = log10(r->durations[j]);
				py[j] = r->curve[(size_t)p * r->n_durations + j].institutions;
			}
			plcol0(2 + (int)k);
			plwidth(2);
			plline((PLINT)nd, px, py);
			plpoin((PLINT)nd, px, py, 17);
			plwidth(1);
			/* legend entry to the right of the plot */
			plvpor(0.74, 0.99, 0.12, 0.88);
			plwind(0, 1, 0, 1);
			PLFLT lx[2] = { 0.02, 0.12 }, ly[2];
			ly[0] = ly[1] = 0.95 - 0.06 * (double)k;
			plline(2, lx, ly);
			plcol0(1);
			plptex(0.15, ly[0], 1, 0, 0, ds->nodes[r->prov[p].node].id);
			plvpor(0.10, 0.72, 0.12, 0.86);
			plwind(x0 - 0.05, x1 + 0.05, 0, ymax * 1.08);
		}
		free(px);
		free(py);
		plcol0(1);
		plschr(0, 0.7);
		plmtex("t", 0.6, 1.0, 1.0, "failover and redundancy included; chokepoint-report(5)");
		plschr(0, 1.0);
		rc = chart_end(path, tmp, err, errsz);
	}
	free(path);
	free(iv);
	return rc;
}

static enum cp_status chart_hhi(const char *dir, const struct conc_result *r, char *err,
                                size_t errsz)
{
	size_t n = 0;
	const char **label = xcalloc(r->n_markets + 1, sizeof *label);
	double *val = xcalloc(r->n_markets + 1, sizeof *val);
	char **owned = xcalloc(r->n_markets + 1, sizeof *owned);
	for (uint32_t k = 0; k < r->n_markets; k++) {
		const struct conc_market *mk = &r->markets[k];
		if (mk->idx[CONC_W_INSTITUTIONS].cls == CONC_CLASS_NONE)
			continue;
		owned[n] = xasprintf("%s%s", mk->kind == NODE_CLOUD ? "cloud " : "", mk->type);
		label[n] = owned[n];
		val[n] = mk->idx[CONC_W_INSTITUTIONS].hhi / 10000.0;
		n++;
	}
	char *path = path_join(dir, "hhi.svg"), *tmp;
	enum cp_status rc = chart_begin(path, &tmp, err, errsz);
	if (rc == CP_OK) {
		plvpor(0.25, 0.92, 0.12, 0.88);
		plwind(0, 1.0, 0.3, (PLFLT)n + 0.7);
		/* guideline thresholds: 1000 and 1800 */
		plcol0(1);
		plbox("bcnst", 0.1, 0, "bc", 0, 0);
		pllab("HHI / 10 000 (weighting: institutions relying directly; dashed: 1000 and 1800)",
		      "", "Concentration of each provider market (HHI)");
		if (n)
			hbars(n, label, val, 3, 1.0, 1);
		/* merger-guideline thresholds, over the bars */
		plcol0(1);
		for (int t = 0; t < 2; t++) {
			PLFLT x = t ? CONC_HHI_HIGH / 10000 : CONC_HHI_MODERATE / 10000;
			PLFLT lx[2] = { x, x }, ly[2] = { 0.3, (PLFLT)n + 0.7 };
			pllsty(2);
			plline(2, lx, ly);
			pllsty(1);
		}
		rc = chart_end(path, tmp, err, errsz);
	}
	for (size_t k = 0; k < n; k++)
		free(owned[k]);
	free(owned);
	free(label);
	free(val);
	free(path);
	return rc;
}

/* breach_curves.svg, then hhi.svg. */
enum cp_status charts_analyze(const char *dir, const struct dataset *ds,
                              const struct conc_result *r, unsigned top, char *err,
                              size_t errsz)
{
	enum cp_status rc = chart_breach_curves(dir, ds, r, top ? top : 6, err, errsz);
	return rc != CP_OK ? rc : chart_hhi(dir, r, err, errsz);
}
