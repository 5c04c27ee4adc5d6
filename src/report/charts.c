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
#include "base/stats.h"
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
	msg_die(CP_EXIT_SOFTWARE, "chart: PLplot: %s", msg);
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

/* v[0..n) sorted ascending into out[0..n): counts (a count of each value,
 * the largest at most the sector's size), so linear in n. */
static void sort_counts(const uint32_t *v, size_t n, uint32_t *out)
{
	uint32_t max;
	size_t *count = stats_value_counts(v, n, &max);
	for (uint32_t x = 0, *o = out;; x++) {
		for (size_t c = count[x]; c > 0; c--)
			*o++ = x;
		if (x == max)
			break;
	}
	free(count);
}

/* "per simulated event" or "per simulated year". */
static const char *per_unit(enum model_mode mode)
{
	return mode == MODE_ANNUAL ? "per simulated year" : "per simulated event";
}

/*
 * The titles of a run's chart: the model's title (its name when it has
 * none); under it, smaller, what the chart shows with the unit of its
 * probabilities, and the headline metric with its threshold and its
 * estimate.  Drawn above the current viewport, centred.
 */
static void run_titles(const struct model *m, const struct mc_result *res,
                       const char *what)
{
	uint64_t sys = 0;
	for (uint64_t t = 0; t < res->trials; t++)
		sys += res->t_systemic[t];
	double p = res->trials ? (double)sys / (double)res->trials : 0;
	char l1[256], l2[256], l3[256];
	snprintf(l1, sizeof l1, "%s", m->title && *m->title ? m->title : m->name);
	snprintf(l2, sizeof l2, "%s, %s (model %s, %s mode)", what, per_unit(m->mode),
	         m->name, model_mode_name(m->mode));
	snprintf(l3, sizeof l3,
	         "headline: p_systemic = P(>= %u institutions holding >= %.0f %% of assets "
	         "breach) = %.4f %s",
	         res->systemic_min_inst, 100 * res->systemic_share, p, per_unit(m->mode));
	plcol0(1);
	plmtex("t", 3.4, 0.5, 0.5, l1);
	plschr(0, 0.75);
	plmtex("t", 2.5, 0.5, 0.5, l2);
	plmtex("t", 1.1, 0.5, 0.5, l3);
	plschr(0, 1.0);
}

/*
 * Exceedance curve of N, the institutions in breach (the year's worst
 * event in annual mode): S(x) = P(N >= x) for x = 1 .. max N, log10 y from
 * 1/T to 1.  N is a count, so S is a step function: drawn right-continuous,
 * S(floor(x)) on [k, k + 1), with a vertical drop at each k where it
 * falls; the polyline has only horizontal and vertical segments.
 */
static enum cp_status chart_exceedance(const char *dir, const struct model *m,
                                       const struct mc_result *res, char *err,
                                       size_t errsz)
{
	uint64_t T = res->trials;
	uint32_t *v = xreallocarray(NULL, T + 1, sizeof *v);
	sort_counts(res->t_inst, T, v);
	uint32_t xmax = T ? v[T - 1] : 0;
	/* vertices: at most two per distinct value of N, plus the ends */
	PLFLT *px = xmalloc((2 * (size_t)T + 4) * sizeof *px);
	PLFLT *py = xmalloc((2 * (size_t)T + 4) * sizeof *py);
	size_t n = 0, i = 0;
	while (i < T && v[i] < 1)
		i++;
	for (uint32_t x = 1; x <= xmax && i < T;) {
		/* S is constant, (T - i) / T, on [x, v[i]]; it drops at v[i] + 1 */
		double y = log10((double)(T - i) / (double)T);
		uint32_t last = v[i];
		/* (x, y) after the previous level's end (x, y_prev): the drop */
		px[n] = x;
		py[n] = y;
		n++;
		px[n] = (PLFLT)last + 1;
		py[n] = y;
		n++;
		while (i < T && v[i] <= last)
			i++;
		x = last + 1;
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
	plvpor(0.10, 0.95, 0.12, 0.80);
	double ymin = floor(log10(1.0 / (double)(T ? T : 1)));
	if (ymin > -1)
		ymin = -1;
	plwind(0.5, xmax >= 1 ? xmax + 1.5 : 2, ymin, 0.05);
	/* whole institutions: ticks of 1 when the axis is short */
	double xtick = xmax <= 10 ? 1 : 0;
	plcol0(10);
	plbox("g", xtick, 0, "g", 1, 0);
	plcol0(1);
	plbox("bcnst", xtick, 0, "bclnstv", 1, 0);
	pllab(annual ? "x: institutions in breach in the year's worst event"
	             : "x: institutions in breach in the event",
	      annual ? "P(at least x) per simulated year (log scale)"
	             : "P(at least x) per simulated event (log scale)",
	      "");
	run_titles(m, res, "exceedance of institutions in breach");
	plcol0(2);
	plwidth(2);
	if (n > 0)
		plline((PLINT)n, px, py);
	else
		plmtex("t", -3, 0.5, 0.5, "no institution breached in any trial");
	plwidth(1);
	plcol0(1);
	char note[128];
	snprintf(note, sizeof note, "%llu trials; steps: N is a count; chokepoint-report(5)",
	         (unsigned long long)T);
	plschr(0, 0.7);
	plmtex("b", -1.5, 0.98, 1.0, note);
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
 * Horizontal bars: label[k] with value[k], top down, in a window of x
 * 0..xmax and y 0.3..n + 0.7, each value printed in the right margin,
 * as a percentage (pct) or a whole number (so no value label crosses a
 * line drawn over the bars).
 * Labels go in the left margin (plmtex: text outside the window is
 * clipped by plptex).
 */
static void hbars(size_t n, const char *const *label, const double *value, int colour,
                  int pct)
{
	const double ymin = 0.3, ymax = (double)n + 0.7;
	for (size_t k = 0; k < n; k++) {
		double y = (double)(n - k);
		PLFLT y0 = y - 0.4, y1 = y + 0.4;
		PLFLT bx[4] = { 0, value[k], value[k], 0 }, by[4] = { y0, y0, y1, y1 };
		plcol0(colour);
		plfill(4, bx, by);
		plcol0(1);
		double pos = (y - ymin) / (ymax - ymin);
		plmtex("lv", 0.8, pos, 1.0, label[k]);
		char txt[32];
		if (pct)
			snprintf(txt, sizeof txt, "%.1f %%", value[k]);
		else
			snprintf(txt, sizeof txt, "%.0f", value[k]);
		plmtex("rv", 0.8, pos, 0.0, txt);
	}
}

static enum cp_status chart_sources(const char *dir, const struct model *m,
                                    const struct mc_result *res, char *err, size_t errsz)
{
	double total, systemic;
	report_source_totals(res, &total, &systemic);
	struct idx_val *iv = xcalloc(res->n_sources + 1, sizeof *iv);
	for (size_t k = 0; k < res->n_sources; k++)
		iv[k] = (struct idx_val){ k, total > 0 ? 100 * res->src_svc_breaches[k] / total
		                                       : 0 };
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
	/* x axis in percent, to the next ten above the largest share */
	double xmax = n ? ceil(val[0] * 1.1 / 10) * 10 : 100;
	if (xmax > 100 || xmax <= 0)
		xmax = 100;
	char *path = path_join(dir, "sources.svg"), *tmp;
	enum cp_status r = chart_begin(path, &tmp, err, errsz);
	if (r == CP_OK) {
		const char *what = "outage sources by Shapley share of service breaches";
		if (n >= 2) {
			plvpor(0.30, 0.88, 0.12, 0.80);
			plwind(0, xmax, 0.3, (PLFLT)n + 0.7);
			plcol0(1);
			plbox("bcnst", 0, 0, "bc", 0, 0);
			pllab("Shapley share of all service breaches, %", "", "");
			run_titles(m, res, what);
			hbars(n, label, val, 2, 1);
		} else {
			/* one source (or none): a sentence, not a full-width bar */
			plvpor(0.05, 0.95, 0.12, 0.80);
			plwind(0, 1, 0, 1);
			run_titles(m, res, what);
			char line[512];
			if (n == 1)
				snprintf(line, sizeof line,
				         "One outage source, %s, causes every service breach "
				         "(%.1f %%).",
				         label[0], val[0]);
			else
				snprintf(line, sizeof line, "No service breached in any trial.");
			plcol0(1);
			plptex(0.5, 0.55, 1, 0, 0.5, line);
			plschr(0, 0.8);
			plptex(0.5, 0.45, 1, 0, 0.5,
			       "A chart of shares needs two sources or more; see sources.csv.");
			plschr(0, 1.0);
		}
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

/* Do providers a and b have the same breach curve on the first nd points? */
static int same_curve(const struct conc_result *r, uint32_t a, uint32_t b, size_t nd)
{
	for (size_t j = 0; j < nd; j++)
		if (r->curve[(size_t)a * r->n_durations + j].institutions !=
		    r->curve[(size_t)b * r->n_durations + j].institutions)
			return 0;
	return 1;
}

/*
 * Breach curves of the top providers by institutions in breach at the
 * last duration of the grid (unlimited by default), and the worst cloud node (provider,
 * region or zone) in the last slot when the top ones hold none: market
 * infrastructures fill the top, and the question is often about cloud.
 * The curve is known at the grid's durations only; it is drawn as a
 * right-continuous step, the value at d_j held on [d_j, d_j+1), so it
 * never shows a value between two counts.  Each curve is drawn thinner
 * than the ones before it, so partly coinciding curves both show; a curve
 * equal to an earlier one on every point is also dashed and its legend
 * says "= same as".
 */
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
		/* ranked by the grid's last duration ("unlimited" by default) */
		size_t j = r->n_durations ? r->n_durations - 1 : 0;
		const struct conc_outcome *last = &r->curve[(size_t)p * r->n_durations + j];
		iv[p] = (struct idx_val){ p, r->n_durations ? (double)last->institutions : 0 };
	}
	qsort(iv, r->n_prov, sizeof *iv, cmp_val_desc);
	size_t ns = top < MAX_SERIES ? top : MAX_SERIES;
	if (ns > r->n_prov)
		ns = r->n_prov;
	while (ns > 0 && iv[ns - 1].v <= 0)
		ns--;
	/* the worst cloud node in the last slot if none is shown */
	int cloud_added = 0;
	{
		size_t k = 0, c = r->n_prov;
		for (; k < ns; k++)
			if (ds->nodes[r->prov[iv[k].i].node].kind == NODE_CLOUD)
				break;
		if (k == ns) {
			for (c = ns; c < r->n_prov; c++)
				if (ds->nodes[r->prov[iv[c].i].node].kind == NODE_CLOUD &&
				    iv[c].v > 0)
					break;
			if (c < r->n_prov) {
				if (ns < (top < MAX_SERIES ? top : MAX_SERIES))
					ns++;
				iv[ns - 1] = iv[c];
				cloud_added = 1;
			}
		}
	}
	double ymax = 1;
	for (size_t k = 0; k < ns; k++)
		if (iv[k].v > ymax)
			ymax = iv[k].v;
	char *path = path_join(dir, "breach_curves.svg"), *tmp;
	enum cp_status rc = chart_begin(path, &tmp, err, errsz);
	if (rc == CP_OK) {
		plvpor(0.10, 0.66, 0.12, 0.84);
		double x0 = nd ? log10(r->durations[0]) : 0,
		       x1 = nd ? log10(r->durations[nd - 1]) : 1;
		if (x1 <= x0)
			x1 = x0 + 1;
		/* the last step runs a little past the last duration */
		double xend = x1 + 0.08 * (x1 - x0);
		plwind(x0 - 0.05, xend + 0.02, 0, ymax * 1.08);
		/* whole institutions: ticks of 1 when the axis is short */
		double ytick = ymax * 1.08 <= 10 ? 1 : 0;
		plcol0(10);
		plbox("lg", 0, 0, "g", ytick, ytick > 0 ? 1 : 0);
		plcol0(1);
		plbox("bclnst", 0, 0, "bcnstv", ytick, ytick > 0 ? 1 : 0);
		pllab("outage duration d, hours (log scale)", "institutions in breach",
		      "Institutions in breach if one provider alone is down for d hours");
		plschr(0, 0.7);
		plmtex("t", 0.6, 0.0, 0.0,
		       "steps: the count at each duration of the grid, held to the next; "
		       "failover and redundancy included");
		plschr(0, 1.0);
		PLFLT *px = xcalloc(2 * nd + 2, sizeof *px), *py = xcalloc(2 * nd + 2, sizeof *py);
		for (size_t k = 0; k < ns && nd > 0; k++) {
			uint32_t p = (uint32_t)iv[k].i;
			size_t m = 0;
			for (size_t j = 0; j < nd; j++) {
				double y = r->curve[(size_t)p * r->n_durations + j].institutions;
				double xa = log10(r->durations[j]);
				double xb = j + 1 < nd ? log10(r->durations[j + 1]) : xend;
				px[m] = xa;
				py[m++] = y;
				px[m] = xb;
				py[m++] = y;
			}
			size_t same = k;
			for (size_t q = 0; q < k; q++)
				if (same_curve(r, p, (uint32_t)iv[q].i, nd)) {
					same = q;
					break;
				}
			/* nested widths: each curve thinner than those drawn before
			 * it, so where two run together both colours show */
			plcol0(2 + (int)k);
			plwidth(1.5 + 1.1 * (double)(ns - 1 - k));
			if (same != k)
				pllsty(3);
			plline((PLINT)m, px, py);
			plwidth(2);
			pllsty(1);
			/* markers at the grid's durations, where the counts are known */
			for (size_t j = 0; j < nd; j++) {
				px[j] = log10(r->durations[j]);
				py[j] = r->curve[(size_t)p * r->n_durations + j].institutions;
			}
			plpoin((PLINT)nd, px, py, same != k ? 4 : 17);
			plwidth(1);
			/* legend entry to the right of the plot */
			plvpor(0.68, 0.99, 0.12, 0.84);
			plwind(0, 1, 0, 1);
			PLFLT lx[2] = { 0.02, 0.12 }, ly[2];
			ly[0] = ly[1] = 0.96 - 0.075 * (double)k;
			if (same != k)
				pllsty(3);
			plwidth(1.5 + 1.1 * (double)(ns - 1 - k));
			plline(2, lx, ly);
			plwidth(1);
			pllsty(1);
			plcol0(1);
			const char *id = ds->nodes[r->prov[p].node].id;
			char entry[300];
			if (same != k)
				snprintf(entry, sizeof entry, "%s = same as %s", id,
				         ds->nodes[r->prov[iv[same].i].node].id);
			else if (cloud_added && k == ns - 1)
				snprintf(entry, sizeof entry, "%s (worst cloud node)", id);
			else
				snprintf(entry, sizeof entry, "%s", id);
			plschr(0, 0.8);
			plptex(0.15, ly[0], 1, 0, 0, entry);
			plschr(0, 1.0);
			plvpor(0.10, 0.66, 0.12, 0.84);
			plwind(x0 - 0.05, xend + 0.02, 0, ymax * 1.08);
		}
		free(px);
		free(py);
		if (ns == 0)
			plmtex("t", -3, 0.5, 0.5, "no provider's lone outage breaches any service");
		rc = chart_end(path, tmp, err, errsz);
	}
	free(path);
	free(iv);
	return rc;
}

static int cmp_hhi_desc(const void *a, const void *b)
{
	const struct idx_val *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * HHI of every market with reliance (institutions weighting), sorted
 * from the most concentrated, on the 0-10,000 scale of the axis and the
 * labels, with the two thresholds of the 2023 U.S. Merger Guidelines
 * (CONC_HHI_MODERATE, CONC_HHI_HIGH) drawn and labelled.
 */
static enum cp_status chart_hhi(const char *dir, const struct conc_result *r, char *err,
                                size_t errsz)
{
	size_t n = 0;
	struct idx_val *iv = xcalloc(r->n_markets + 1, sizeof *iv);
	for (uint32_t k = 0; k < r->n_markets; k++) {
		const struct conc_market *mk = &r->markets[k];
		if (mk->idx[CONC_W_INSTITUTIONS].cls == CONC_CLASS_NONE)
			continue;
		iv[n++] = (struct idx_val){ k, mk->idx[CONC_W_INSTITUTIONS].hhi };
	}
	qsort(iv, n, sizeof *iv, cmp_hhi_desc);
	const char **label = xcalloc(n + 1, sizeof *label);
	double *val = xcalloc(n + 1, sizeof *val);
	char **owned = xcalloc(n + 1, sizeof *owned);
	for (size_t k = 0; k < n; k++) {
		const struct conc_market *mk = &r->markets[iv[k].i];
		owned[k] = xasprintf("%s%s", mk->kind == NODE_CLOUD ? "cloud " : "", mk->type);
		label[k] = owned[k];
		val[k] = iv[k].v;
	}
	char *path = path_join(dir, "hhi.svg"), *tmp;
	enum cp_status rc = chart_begin(path, &tmp, err, errsz);
	if (rc == CP_OK) {
		plvpor(0.27, 0.90, 0.22, 0.86);
		plwind(0, 10000, 0.3, (PLFLT)n + 0.7);
		plcol0(1);
		plbox("bcnstf", 2000, 4, "bc", 0, 0);
		pllab("HHI, 0 to 10000 (weighting: institutions relying directly)", "",
		      "Concentration of each provider market (HHI), most concentrated first");
		if (n)
			hbars(n, label, val, 3, 0);
		else
			plmtex("t", -3, 0.5, 0.5, "no market with reliance");
		/* the merger guidelines' thresholds, over the bars, labelled above */
		const double thr[2] = { CONC_HHI_MODERATE, CONC_HHI_HIGH };
		for (int t = 0; t < 2; t++) {
			PLFLT lx[2] = { thr[t], thr[t] }, ly[2] = { 0.3, (PLFLT)n + 0.7 };
			plcol0(1);
			pllsty(2);
			plline(2, lx, ly);
			pllsty(1);
			char txt[16];
			snprintf(txt, sizeof txt, "%.0f", thr[t]);
			plschr(0, 0.75);
			plmtex("t", 0.5, thr[t] / 10000, t ? 0.0 : 1.0, txt);
			plschr(0, 1.0);
		}
		plschr(0, 0.75);
		plmtex("b", 6.4, 0.5, 0.5,
		       "dashed lines: the bands of the 2023 U.S. Merger Guidelines,");
		plmtex("b", 7.8, 0.5, 0.5,
		       "unconcentrated < 1000 <= moderately concentrated <= 1800 < highly "
		       "concentrated");
		plschr(0, 1.0);
		rc = chart_end(path, tmp, err, errsz);
	}
	for (size_t k = 0; k < n; k++)
		free(owned[k]);
	free(owned);
	free(label);
	free(val);
	free(iv);
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

/* ---- profile -------------------------------------------------------- */

/*
 * peers.svg: one strip per indicator, top down.  Each strip has its own
 * scale, 0 to the largest value of the peers and the institution: the
 * peers as small grey dots (spread over the strip's height by their rank,
 * so equal values stay visible), their quartiles as a box with the median
 * as a bar, the institution as a large dot.
 */
enum cp_status charts_profile(const char *dir, const struct dataset *ds,
                              const struct prof_table *t, const struct prof_peers *pe,
                              uint32_t inst, const char *peer_name, char *err,
                              size_t errsz)
{
	char *path = path_join(dir, "peers.svg"), *tmp;
	enum cp_status rc = chart_begin(path, &tmp, err, errsz);
	if (rc != CP_OK) {
		free(path);
		return rc;
	}
	const double top = 0.88, bottom = 0.06, left = 0.36, right = 0.95;
	const double h = (top - bottom) / (double)(t->n_ind ? t->n_ind : 1);
	char title[512];
	snprintf(title, sizeof title, "%s among its peers (%s): higher is worse",
	         ds->nodes[inst].id, peer_name);
	plvpor(0.02, 0.98, top, 0.95);
	plwind(0, 1, 0, 1);
	plcol0(1);
	plmtex("t", 0.5, 0.5, 0.5, title);
	for (uint32_t k = 0; k < t->n_ind; k++) {
		size_t n;
		double *v = prof_peer_values(ds, t, pe, inst, k, &n);
		double x = t->value[(size_t)inst * t->n_ind + k];
		double xmax = x;
		for (size_t j = 0; j < n; j++)
			if (v[j] > xmax)
				xmax = v[j];
		if (!(xmax > 0))
			xmax = 1;
		xmax *= 1.05;
		double y1 = top - (double)k * h, y0 = y1 - h * 0.62;
		plvpor(left, right, y0, y1);
		plwind(0, xmax, 0, 1);
		plcol0(10);
		plbox("g", 0, 0, "", 0, 0);
		plcol0(1);
		plschr(0, 0.6);
		plbox("bcnst", 0, 0, "bc", 0, 0);
		/* "name:model" on two lines: the indicator, then the model */
		plschr(0, 0.75);
		const char *colon = strchr(t->names[k], ':');
		if (colon) {
			char *head = xstrndup(t->names[k], (size_t)(colon - t->names[k]));
			plmtex("lv", 0.8, 0.72, 1.0, head);
			plschr(0, 0.6);
			plmtex("lv", 0.8, 0.22, 1.0, colon + 1);
			free(head);
		} else {
			plmtex("lv", 0.8, 0.5, 1.0, t->names[k]);
		}
		plschr(0, 1.0);
		if (n > 0) {
			PLFLT q1 = stats_quantile_sorted(v, n, 0.25),
			      q2 = stats_quantile_sorted(v, n, 0.50),
			      q3 = stats_quantile_sorted(v, n, 0.75);
			PLFLT bx[5] = {q1, q3, q3, q1, q1}, by[5] = {0.2, 0.2, 0.8, 0.8, 0.2};
			plcol0(7); /* light blue box */
			plline(5, bx, by);
			PLFLT mx[2] = {q2, q2}, my[2] = {0.1, 0.9};
			plwidth(2);
			plline(2, mx, my);
			plwidth(1);
			PLFLT *px = xcalloc(n, sizeof *px), *py = xcalloc(n, sizeof *py);
			for (size_t j = 0; j < n; j++) {
				px[j] = v[j];
				py[j] = 0.15 + 0.7 * (n > 1 ? (double)j / (double)(n - 1) : 0.5);
			}
			plcol0(10);
			plssym(0, 0.5);
			plpoin((PLINT)n, px, py, 17);
			free(px);
			free(py);
		}
		PLFLT ix[1] = {x}, iy[1] = {0.5};
		plcol0(3);
		plssym(0, 1.6);
		plpoin(1, ix, iy, 17);
		plssym(0, 1.0);
		free(v);
	}
	char note[160];
	snprintf(note, sizeof note, "dots: peers; box: their quartiles, bar: median; "
	         "large dot: %s; chokepoint-report(5)", ds->nodes[inst].id);
	plvpor(left, right, 0.0, bottom);
	plwind(0, 1, 0, 1);
	plcol0(1);
	plschr(0, 0.6);
	plmtex("b", -0.8, 1.0, 1.0, note);
	plschr(0, 1.0);
	rc = chart_end(path, tmp, err, errsz);
	free(path);
	return rc;
}
