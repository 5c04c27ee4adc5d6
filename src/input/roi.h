/*
 * roi.h - reading DORA registers of information (xBRL-CSV report
 * packages, DORA 4.0) and mapping them to a chokepoint data set.
 *
 * The register and its templates are defined by Commission Implementing
 * Regulation (EU) 2024/2956 (the ESAs' ITS on the register of
 * information) and the EBA's DORA 4.0 reporting framework; the mapping is
 * chokepoint's own and is described, with every default, in
 * chokepoint-import(5).
 *
 * roi_add_input reads one input (a .zip package, its unpacked folder, a
 * folder of b_XX.XX.csv files, or a folder of .zip packages) into a
 * struct roi; roi_map checks the
 * reject rules over every package read and builds the tables of a data
 * set.  Problems go to a struct diag: the reject rules are errors (each
 * with package, file, line and column), other problems warnings.  A
 * struct roi owns everything it points to; roi_free releases it.
 */
#ifndef CHOKEPOINT_ROI_H
#define CHOKEPOINT_ROI_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "input/csvread.h"

/* The templates read. */
enum roi_tab { ROI_B0102, ROI_B0201, ROI_B0202, ROI_B0501, ROI_B0502, ROI_B0601,
	ROI_B0701, ROI_NTAB };

/* The ICT service types S01..S19 of the ITS. */
#define ROI_NSVC 19

/* One value of the assumptions, with where it came from. */
struct roi_outage {
	double rate, median, p95; /* outages a year; hours */
};

struct roi_assumptions {
	char *path;                           /* file read, or NULL: the defaults */
	struct roi_outage outage[ROI_NSVC];   /* per ICT service type */
	double failover[4];                   /* x959, x960, x961, x962; INFINITY: none */
	double rto_floor;                     /* hours */
	int critical_x28, critical_x21, critical_x29; /* which c0050 codes make a service */
	int no_edge[4];                       /* x794..x797: reliance that makes no edge */
	char base_currency[8];
	char (*rate_code)[8];                 /* currency rates to the base currency */
	double *rate;
	size_t n_rates;
};

/* Fill a with the defaults (data/roi-assumptions.ini holds the same). */
void roi_assumptions_default(struct roi_assumptions *a);
/* Read an INI file over the defaults; 0, or -1 with errors in d. */
int roi_assumptions_load(struct roi_assumptions *a, const char *path, struct diag *d);
void roi_assumptions_free(struct roi_assumptions *a);
/* The readable name of service type k (0-based: S01 is 0). */
const char *roi_service_name(int k);

/* The code of B_01.02 c0040 (LIST0101040: "x12", ...) whose entities
 * import names 'name' ("credit_institution", ...), or NULL. */
const char *roi_entity_type_code(const char *name);

/* One input file of a package, for provenance. */
struct roi_input {
	char *path;   /* as given */
	int is_zip;
};

/* One table of one package. */
struct roi_table {
	int present;
	char *file;          /* for messages: PACKAGE/reports/b_XX.XX.csv */
	struct csvtab t;
	long *col;           /* index of each column the template reads, or -1 */
};

struct roi_package {
	char *name;          /* the input as given */
	char *report;        /* what report.json extends, or NULL */
	struct roi_table tab[ROI_NTAB];
	/* FilingIndicators.csv: templateID and reported, with their lines */
	char *fi_file;
	struct csvtab fi;
	int have_fi;
};

/* A row of an output table: fields as strings. */
struct roi_row {
	char **f;
};
struct roi_out {
	const char *const *cols;
	size_t ncols;
	struct roi_row *rows;
	size_t n, cap;
};

/* A counted reason (a row dropped, a value changed), for import.txt. */
struct roi_count {
	char *what;
	size_t n;
};

struct roi {
	struct roi_input *inputs;
	size_t n_inputs, cap_inputs;
	struct roi_package *pkgs;
	size_t n_pkgs, cap_pkgs;
	/* After roi_map: the data set, rows sorted. */
	struct roi_out inst, serv, vend, cloud, deps;
	struct roi_count *counts;
	size_t n_counts, cap_counts;
	size_t rows_read[ROI_NTAB];
	size_t n_systemic_listed, n_systemic_found;
};

void roi_init(struct roi *r);
void roi_free(struct roi *r);
/* Read one input.  0, or -1 with errors in d (the input is not kept). */
int roi_add_input(struct roi *r, const char *path, struct diag *d);
/* Read one package from a zip archive in memory, named 'name'. */
int roi_add_zip_mem(struct roi *r, const char *name, const void *buf, size_t len,
                    struct diag *d);
/* Read one package from n files in memory (the files of its reports/
 * folder: names[i] is "b_01.02.csv", "report.json", ...), named 'name';
 * report.json is required when need_report. */
int roi_add_files_mem(struct roi *r, const char *name, const char *const *names,
                      const char *const *data, const size_t *len, size_t n,
                      int need_report, struct diag *d);
/*
 * Check the reject rules over every package and build the data set.
 * systemic: LEIs to flag (n_systemic of them), may be NULL.  0, or -1
 * with errors in d (reject rules or nothing to import).
 */
int roi_map(struct roi *r, const struct roi_assumptions *a, char **systemic,
            size_t n_systemic, struct diag *d);
/* Read a list of LEIs, one a line ('#' comments, blank lines); 0 or -1. */
int roi_read_lei_list(const char *path, char ***leis, size_t *n, struct diag *d);

/* The template code of a table ("B_01.02") and its file name ("b_01.02.csv"). */
const char *roi_tab_code(enum roi_tab t);
const char *roi_tab_file(enum roi_tab t);

#endif
