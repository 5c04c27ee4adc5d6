/*
 * report_profile.h - writers for `profile` outputs (chokepoint-report(5),
 * PROFILE FILES): per institution profile.txt, profile.json,
 * indicators.csv, providers.csv and sources.csv; for --all-institutions
 * one indicators.csv of every institution.
 *
 * Every file is written atomically (base/outfile.h).
 */
#ifndef CHOKEPOINT_REPORT_PROFILE_H
#define CHOKEPOINT_REPORT_PROFILE_H

#include <stddef.h>

#include "base/error.h"
#include "base/stats.h"
#include "input/dataset.h"
#include "input/model.h"
#include "sim/concentration.h"
#include "sim/montecarlo.h"
#include "sim/profile.h"

/* Everything one profile is written from. */
struct prof_report {
	const struct dataset *ds; /* the data set as read */
	const char *data_dir;
	const struct conc_result *r; /* the sector analysis (cut_hits on) */
	const struct profile *p;
	const struct prof_table *t;    /* every institution's indicators */
	const struct stats_peer *peer; /* prof_peer_table's result */
	const struct prof_peers *pe;
	const struct model *const *models;  /* [n_models] */
	const struct mc_result *const *res; /* [n_models], with p->inst tracked */
	size_t n_models;
};

/*
 * Write profile.txt, profile.json, indicators.csv, providers.csv and
 * sources.csv into dir (which must exist).  CP_OK, or the first failure
 * with a message in err (CP_ERR_CREATE, CP_ERR_WRITE).
 */
enum cp_status report_profile(const char *dir, const struct prof_report *pr, char *err,
                              size_t errsz);

/* The peer group of institution inst as words: "regional_bank", "all". */
const char *report_profile_peer_name(const struct dataset *ds,
                                     const struct prof_peers *pe, uint32_t inst);

/* indicators.csv of every institution into dir. */
enum cp_status report_profile_all(const char *dir, const struct dataset *ds,
                                  const struct prof_table *t,
                                  const struct stats_peer *peer, char *err, size_t errsz);

#endif
