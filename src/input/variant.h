/*
 * variant.h - structural variants of a data set ([variant NAME] sections
 * of a model file, --variant NAME=FILE); see chokepoint-model(5).
 *
 * A variant is a list of change lines applied in order to the baseline's
 * data set (after the model's own data overrides):
 *
 *   description = TEXT
 *   remove = dependency FROM TO
 *   remove = provider PROVIDER
 *   add = provider ID vendor|cloud [type=T] [parent=P] [rate=R] [median=H] [p95=H]
 *   group = FROM G TO TO... [min_up=K]
 *   add = dependency FROM TO [group=G] [min_up=K] [failover_hours=H]
 *   replace = PROVIDER NEW [for=ID,ID...|type=TYPE]
 *   set = KEY=VALUE            (any --set key but the run's identity)
 *
 * FROM may be an institution: its services, as in dependencies.csv.
 * Lines are checked for form when read (variant_line) and against the
 * data set when applied (variant_apply), with file:line messages and
 * "did you mean" for ids; the data set the changes leave is checked with
 * the rules of dataset_load (dataset_set_deps) and of the data overrides.
 */
#ifndef CHOKEPOINT_VARIANT_H
#define CHOKEPOINT_VARIANT_H

#include <stdio.h>

#include "base/diag.h"
#include "input/dataset.h"
#include "input/model.h"

/* Start variant NAME (text after "[variant", blanks allowed) at file:line;
 * 0, or -1 after reporting (bad or repeated name). */
int variant_begin(struct model *m, const char *name, const char *file, unsigned long line,
                  struct diag *d);

/* One KEY = VALUE line of a variant: check its form and keep it. */
void variant_line(struct variant *v, const char *key, const char *value, const char *file,
                  unsigned long line, struct diag *d);

/* --variant NAME=FILE: read FILE, lines of a [variant] section (no
 * section line), as variant NAME.  0, or -1 after reporting; *missing
 * set when FILE cannot be opened. */
int variant_load_file(struct model *m, const char *spec, struct diag *d, int *missing);

/* Apply v to ds (the baseline's data set, data overrides applied) and to
 * m (a copy of the baseline's model, for set = model./shock. keys).  0,
 * or -1 with errors in d (ds and m then not fit to run). */
int variant_apply(struct model *m, const struct variant *v, struct dataset *ds,
                  struct diag *d);

/* The variant's lines as a [variant NAME] section, for provenance. */
void variant_format(const struct variant *v, FILE *fp);

void variant_free(struct variant *v);

#endif
