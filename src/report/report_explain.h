/*
 * report_explain.h - one traced trial (sim/explain.h) as an exercise
 * scenario: text, JSON and a Graphviz graph (chokepoint(1), explain).
 */
#ifndef CHOKEPOINT_REPORT_EXPLAIN_H
#define CHOKEPOINT_REPORT_EXPLAIN_H

#include <jansson.h>
#include <stdio.h>

#include "input/dataset.h"
#include "input/model.h"
#include "sim/explain.h"

/* At most this many breached services of an event in the text (all in
 * the JSON). */
#define EXPLAIN_TEXT_SERVICES 20

void report_explain_text(FILE *fp, const struct model *m, const struct dataset *ds,
                         const struct explain *x);
json_t *report_explain_json(const struct model *m, const struct dataset *ds,
                            const struct explain *x);
/* The nodes and edges of every traced path, labelled with downtimes. */
void report_explain_dot(FILE *fp, const struct model *m, const struct dataset *ds,
                        const struct explain *x);

#endif
