/*
 * report_importance.c - importance.csv (report_importance.h).
 */
#include "config.h"

#include <math.h>

#include "base/outfile.h"
#include "base/text.h"
#include "report/emit.h"
#include "report/report_importance.h"

static const char *const metric_name[IMP_N_METRICS] = { "institutions_breached",
	                                                "p_systemic" };

/* ",x", or "," alone when x is undefined (NAN). */
static void put(FILE *fp, double x)
{
	if (isfinite(x))
		emit_sep_num(fp, x, 8);
	else
		fputc(',', fp);
}

void report_importance_csv(FILE *fp, const struct dataset *ds, const struct imp_result *r)
{
	fputs("provider,exposure,metric,r,r_down,r_up,birnbaum,birnbaum_lo,birnbaum_hi,"
	      "fussell_vesely,fussell_vesely_lo,fussell_vesely_hi,raw,raw_lo,raw_hi,"
	      "rrw,rrw_lo,rrw_hi,trials,per\n",
	      fp);
	for (size_t k = 0; k < r->n; k++) {
		const struct imp_provider *p = &r->p[k];
		for (int mt = 0; mt < IMP_N_METRICS; mt++) {
			const struct imp_measure *q = &p->m[mt];
			csv_put(fp, ds->nodes[p->node].id);
			emit_sep_uint(fp, p->exposure);
			emit_sep_str(fp, metric_name[mt]);
			put(fp, q->r);
			put(fp, q->r_down);
			put(fp, q->r_up);
			put(fp, q->birnbaum);
			put(fp, q->birnbaum_lo);
			put(fp, q->birnbaum_hi);
			put(fp, q->fv);
			put(fp, q->fv_lo);
			put(fp, q->fv_hi);
			put(fp, q->raw);
			put(fp, q->raw_lo);
			put(fp, q->raw_hi);
			put(fp, q->rrw);
			put(fp, q->rrw_lo);
			put(fp, q->rrw_hi);
			emit_sep_uint(fp, r->trials);
			emit_sep_str(fp, r->mode == MODE_ANNUAL ? "year" : "event");
			fputc('\n', fp);
		}
	}
}

struct wargs {
	const struct dataset *ds;
	const struct imp_result *r;
};

static void w_csv(FILE *fp, const void *a)
{
	const struct wargs *w = a;
	report_importance_csv(fp, w->ds, w->r);
}

enum cp_status report_importance(const char *dir, const struct dataset *ds,
                                 const struct imp_result *r, char *err, size_t errsz)
{
	struct wargs w = { ds, r };
	return (enum cp_status)outfile_write(dir, "importance.csv", w_csv, &w, err, errsz);
}
