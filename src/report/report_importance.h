/*
 * report_importance.h - importance.csv, the importance measures of a
 * run's providers (run --importance; chokepoint-report(5)).
 */
#ifndef CHOKEPOINT_REPORT_IMPORTANCE_H
#define CHOKEPOINT_REPORT_IMPORTANCE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "input/dataset.h"
#include "sim/importance.h"

/* The rows of importance.csv, header first. */
void report_importance_csv(FILE *fp, const struct dataset *ds, const struct imp_result *r);

/* Write dir/importance.csv (base/outfile.h); CP_OK or the status of
 * outfile_write with a message in err. */
enum cp_status report_importance(const char *dir, const struct dataset *ds,
                                 const struct imp_result *r, char *err, size_t errsz);

#endif
