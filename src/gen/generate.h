/*
 * generate.h - synthetic sector data sets (`chokepoint generate`).
 *
 * generate_dataset builds a data set of realistic structure from a preset
 * (jp: a Japanese-style sector of about 950 institutions; eu: an EU-wide
 * register of about 20,000 entities and 15,000 ICT providers), a scale
 * factor and a seed, and writes the five CSV files of chokepoint-data(5)
 * into a directory.  The same preset, scale and seed give the same bytes
 * on every run; every draw comes from rng.h's SplitMix64 streams.
 *
 * What scales: institutions, services, vendors and dependencies grow
 * with the scale factor (each institution type and vendor type keeps at
 * least one member); the cloud (providers, regions, zones) is the
 * market's and does not.  The output is acyclic and passes `validate`.
 *
 * As in data/jp-sector, each customer of an endpoint-security vendor
 * (edr-a, edr-b, ...) depends on its own endpoint fleet, a vendor node
 * <vendor>@<customer> of type endpoint_fleet whose parent is the vendor,
 * so models/edr-update-crash.ini (targets edr-a@*) runs on generated data.
 * The fleets are counted with the vendors.
 *
 * Also as in data/jp-sector, the jp preset's services reach the clearing
 * system (interbank-clearing) through relay computers: clearing-relay-a, or, for the
 * institutions that switched to new equipment (9 regional, 3 second-tier
 * regional and 2 trust banks at scale 1, scaled, at least one of each),
 * their own clearing-relay-b-<institution> whose parent is clearing-relay-b,
 * so models/clearing-relay-switch.ini (targets clearing-relay-b-*) runs on
 * generated jp.  The relays are counted with the vendors.  eu has no
 * relay layer: its clearing houses are reached directly.
 */
#ifndef CHOKEPOINT_GENERATE_H
#define CHOKEPOINT_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#define GEN_SCALE_MAX 20.0

/* The five files, in the order they are written. */
extern const char *const generate_files[5];

/* What a generated data set holds. */
struct gen_counts {
	uint32_t institutions, services, vendors, cloud;
	uint32_t dep_rows;   /* records in dependencies.csv */
	uint64_t dep_edges;  /* after expanding institution rows (no parents) */
};

/* Is 'name' a preset (jp, eu)? */
int generate_preset_valid(const char *name);

/*
 * Generate preset 'preset' at 'scale' (0 < scale <= GEN_SCALE_MAX) with
 * 'seed' into the existing directory 'dir'.  Each file is written to a
 * temporary file and all five are renamed into place only when all were
 * written, so a failure leaves no partial data set.  Returns 0 with the
 * counts filled, or -1 with a message in err (errno set).
 */
int generate_dataset(const char *dir, const char *preset, double scale, uint64_t seed,
                     struct gen_counts *counts, char *err, size_t errsz);

/*
 * The same data set as the text of its five files, in memory: text[i]
 * (malloc'd, len[i] bytes, NUL-terminated) for generate_files[i].  0 with
 * the counts filled, or -1 with a message in err (nothing to free).
 */
int generate_dataset_mem(const char *preset, double scale, uint64_t seed, char *text[5],
                         size_t len[5], struct gen_counts *counts, char *err, size_t errsz);

#endif
