/*
 * report_ctpp.h - the "step 1" verdicts of ctpp.csv summed up for
 * analyze's summary.txt and summary.json (chokepoint-report(5)).
 */
#ifndef CHOKEPOINT_REPORT_CTPP_H
#define CHOKEPOINT_REPORT_CTPP_H

#include <stdio.h>

#include <jansson.h>

#include "sim/ctpp.h"

/* The section of summary.txt: counts of groups by step-1 verdict, the
 * groups that meet step 1 and those that might (a sub-criterion the data
 * cannot settle, none not met), at most 'top' of each, by name. */
void ctpp_summary_text(FILE *fp, const struct ctpp_result *c, unsigned top);
/* The "ctpp" object of summary.json: the same counts and every group of
 * both lists. */
json_t *ctpp_summary_json(const struct ctpp_result *c);

#endif
