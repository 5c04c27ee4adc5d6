/*
 * charts.h - SVG charts through PLplot, written beside the CSV files.
 *
 * run:     exceedance.svg  P(institutions in breach >= x) per simulated
 *                          event or year, as a step function
 *          sources.svg     the top outage sources' Shapley share of service breaches
 *                          (a sentence when there is one source)
 * analyze: breach_curves.svg  institutions in breach against outage
 *                             duration (log hours, steps) for the top
 *                             providers and the worst cloud node
 *          hhi.svg            HHI of each provider market, sorted, 0-10000,
 *                             with the merger guidelines' bands
 *
 * PLplot keeps global state and is not thread-safe: call from serial
 * code only.  Each chart goes to a temporary file renamed into place when
 * complete.  PLplot ends the process on a fatal error; our handler then
 * removes temporary files and exits with status 70.
 */
#ifndef CHOKEPOINT_CHARTS_H
#define CHOKEPOINT_CHARTS_H

#include <stddef.h>

#include "base/error.h"
#include "input/dataset.h"
#include "input/model.h"
#include "sim/concentration.h"
#include "sim/montecarlo.h"
#include "sim/profile.h"

/*
 * Both functions stop at the first chart that fails, with a message in
 * err: CP_ERR_CREATE when its temporary file cannot be created,
 * CP_ERR_WRITE when it cannot be renamed into place.  CP_OK otherwise.
 */

/* Charts of a run. */
enum cp_status charts_run(const char *dir, const struct model *m,
                          const struct mc_result *res, char *err, size_t errsz);

/* Charts of an analysis; 'top' providers on the breach curves (at most 8). */
enum cp_status charts_analyze(const char *dir, const struct dataset *ds,
                              const struct conc_result *r, unsigned top, char *err,
                              size_t errsz);

/*
 * peers.svg of a profile: institution inst among its peers on every
 * indicator of t (peer_name names the group in the title).
 */
enum cp_status charts_profile(const char *dir, const struct dataset *ds,
                              const struct prof_table *t, const struct prof_peers *pe,
                              uint32_t inst, const char *peer_name, char *err,
                              size_t errsz);

#endif
