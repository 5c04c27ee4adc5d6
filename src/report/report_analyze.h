/*
 * report_analyze.h - writers for `analyze` outputs (chokepoint-report(5)).
 *
 * Every file is written atomically (base/outfile.h): to a temporary name
 * in the output directory, renamed into place only when complete.
 */
#ifndef CHOKEPOINT_REPORT_ANALYZE_H
#define CHOKEPOINT_REPORT_ANALYZE_H

#include "sim/concentration.h"
#include "input/dataset.h"

/*
 * Write concentration.csv, reach.csv, breach_curve.csv, spof.csv,
 * false_redundancy.csv, cutsets.csv, reverse_stress.csv (only when the
 * reverse stress test ran; otherwise a stale one is removed),
 * summary.json and summary.txt into dir, which must exist.  'top' rows
 * per table of summary.txt.  0, or -1 with a message in err.
 */
int report_analyze(const char *dir, const struct dataset *ds, const struct conc_result *r,
                   const char *data_dir, unsigned top, char *err, size_t errsz);

#endif
