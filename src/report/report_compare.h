/*
 * report_compare.h - a baseline and its variants, compared on common
 * random numbers: compare.csv and compare.txt (chokepoint-report(5)).
 *
 * Every run must have the same trial count, mode and per-trial breach
 * marks (mc_options.record_breaches), and the same institutions and
 * services (a variant changes dependencies, not who is served).  The
 * interval of a difference is that of the mean of the per-trial
 * differences d_t = x_variant(t) - x_baseline(t):
 *
 *   diff = (1/N) sum d_t,  s^2 = sum (d_t - diff)^2 / (N - 1),
 *   diff_lo, diff_hi = diff -/+ Z975 s / sqrt(N),
 *
 * computed from per-trial figures in trial order, so the same for any
 * thread count.
 */
#ifndef CHOKEPOINT_REPORT_COMPARE_H
#define CHOKEPOINT_REPORT_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "input/dataset.h"
#include "sim/montecarlo.h"

struct compare_run {
	const char *name; /* the variant's name ("" for the baseline) */
	const char *description;
	const struct dataset *ds;
	const struct mc_result *res;
};

/* One paired difference: variant mean, baseline mean, diff and interval. */
struct paired {
	double value, baseline, diff, lo, hi;
};

/* The paired figures of per-trial values a[t] (variant), b[t] (baseline). */
void compare_paired(const double *a, const double *b, uint64_t n, struct paired *out);
/* The same for indicators: up trials where only the variant has it, down
 * where only the baseline does, nv and nb the trials of each. */
void compare_paired_bits(uint64_t nv, uint64_t nb, uint64_t up, uint64_t down, uint64_t n,
                         struct paired *out);

/* Two independent runs (chokepoint compare): means ma and mb with
 * standard deviations sa and sb per trial over ta and tb trials:
 * diff = mb - ma, diff_lo, diff_hi = diff -/+ Z975 sqrt(sa^2/ta + sb^2/tb);
 * value = mb, baseline = ma. */
void compare_independent(double ma, double sa, double ta, double mb, double sb, double tb,
                         struct paired *out);

/* compare.csv's header line, and one row. */
void report_compare_header(FILE *fp);
void report_compare_row(FILE *fp, const char *scope, const char *id, const char *metric,
                        const char *variant, const struct paired *p);

/* Write dir/compare.csv and dir/compare.txt; CP_OK or a status with err. */
int report_compare(const char *dir, const struct compare_run *base,
                   const struct compare_run *vars, size_t n_vars, char *err,
                   size_t errsz);

#endif
