/*
 * report_analyze.h - writers for `analyze` outputs (chokepoint-report(5)).
 *
 * Every file is written atomically (base/outfile.h): to a temporary name
 * in the output directory, renamed into place only when complete.
 */
#ifndef CHOKEPOINT_REPORT_ANALYZE_H
#define CHOKEPOINT_REPORT_ANALYZE_H

#include "base/error.h"
#include "input/dataset.h"
#include "sim/concentration.h"

/*
 * Write concentration.csv, concentration_groups.csv, reach.csv,
 * reach_by_type.csv, breach_curve.csv,
 * spof.csv, false_redundancy.csv, cutsets.csv, ctpp.csv, reverse_stress.csv (only
 * when the reverse stress test ran; otherwise a stale one is removed),
 * summary.json and summary.txt into dir, which must exist.  'top' rows
 * per table of summary.txt.  The long files are formatted on 'threads'
 * threads (the same bytes for any count).  Stops at the first failure, with a message
 * in err: CP_ERR_CREATE when a file cannot be created, CP_ERR_WRITE when
 * writing or committing one fails, a stale reverse_stress.csv cannot be
 * removed, or jansson cannot encode summary.json.  CP_OK otherwise.
 */
enum cp_status report_analyze(const char *dir, const struct dataset *ds,
                              const struct conc_result *r, const char *data_dir,
                              unsigned top, int threads, char *err, size_t errsz);

#endif
