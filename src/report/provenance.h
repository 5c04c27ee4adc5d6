/*
 * provenance.h - what a result was computed from: SHA-256 fingerprints of
 * the input files (through nettle), the model text after overrides, the
 * program version.  Callers own the returned jansson objects.
 */
#ifndef CHOKEPOINT_PROVENANCE_H
#define CHOKEPOINT_PROVENANCE_H

#include <jansson.h>

#include "input/dataset.h"
#include "input/model.h"

#define SHA256_HEX 65

/* SHA-256 of the file at path, as 64 lowercase hex digits; 0 or -1 (errno). */
int prov_sha256_file(const char *path, char hex[SHA256_HEX]);

/* SHA-256 of a memory buffer. */
void prov_sha256(const void *data, size_t len, char hex[SHA256_HEX]);

/*
 * {"files": {"institutions.csv": sha256, ...}, "fingerprint": sha256} for
 * the files the data set was read from.  The fingerprint is the SHA-256 of
 * the lines "NAME SHA256\n" of every file, in the order above: one value
 * that changes when any input byte changes.  NULL on a read error.
 */
json_t *prov_dataset(const struct dataset *ds);

/* The model text after every override (model_format), with data = the
 * absolute path of data_used (when given), as a string; caller frees. */
char *prov_model_text(const struct model *m, const char *data_used);

#endif
