/*
 * roi_write.h - a generated sector as DORA registers of information
 * (`chokepoint generate --format roi`).
 *
 * generate_roi builds the same data set as generate_dataset (same preset,
 * scale and seed) and writes it as the registers its institutions would
 * file: one DORA 4.0 report package (an xBRL-CSV .zip, the layout
 * `chokepoint import` reads) per reporting group.  The presets have no
 * banking groups, so each institution is a group of its own: one
 * package per institution.  A file systemic.txt lists the systemic
 * institutions for `import --systemic`.  The mapping, and what the
 * register cannot carry, are in chokepoint(1) (generate).
 */
#ifndef CHOKEPOINT_ROI_WRITE_H
#define CHOKEPOINT_ROI_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "gen/generate.h"

/* What was written. */
struct roi_write_counts {
	struct gen_counts data; /* the data set written */
	uint32_t packages;
	uint64_t contracts;  /* rows of B_02.02 (one per service and provider) */
	uint64_t chain_rows; /* rows of B_05.02 of rank 2 or more */
};

/* The name of the file of systemic LEIs written beside the packages. */
#define ROI_SYSTEMIC_FILE "systemic.txt"
/* The first line of the systemic.txt written beside the packages starts
 * with this: the mark that lets --force replace a generated register. */
#define ROI_SYSTEMIC_HEADER "# systemic institutions of the generated sector"

/*
 * Write the packages of preset 'preset' at 'scale' with 'seed' into
 * directory 'dir', which must not exist, be empty, or (with force) hold
 * only an earlier run's packages and systemic.txt.  Everything is written
 * into a temporary directory beside dir and renamed into place at the
 * end: dir is the old one or the complete new one, never half written.
 * Returns an enum cp_status: CP_OK, CP_ERR_CREATE (dir refused or not
 * creatable), CP_ERR_WRITE, with a message in err.
 */
int generate_roi(const char *dir, const char *preset, double scale, uint64_t seed,
                 int force, struct roi_write_counts *counts, char *err, size_t errsz);

#endif
