/*
 * roi.c - DORA registers of information: reading packages, the reject
 * rules, merging packages and mapping them to a chokepoint data set.
 *
 * Every table is read by its header codes (c0010, ...), so columns may
 * come in any order; closed-list values may carry their namespace prefix
 * (eba_TA:S17) or not.  The mapping is in chokepoint-import(5).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/path.h"
#include "base/text.h"
#include "input/dataset.h"
#include "input/roi.h"
#include "input/roi_internal.h"

/* ---- templates ------------------------------------------------------------ */

struct tspec {
	const char *code, *file;
	const char *const *cols; /* the key columns first */
	int nkeys, ncols;
};

static const char *const c0102[] = { "c0010", "c0020", "c0030", "c0040", "c0100", "c0110" };
static const char *const c0201[] = { "c0010" };
static const char *const c0202[] = { "c0010", "c0020", "c0030", "c0050", "c0060", "c0130",
	"c0150", "c0160", "c0180" };
static const char *const c0501[] = { "c0010", "c0050", "c0060", "c0080", "c0110" };
static const char *const c0502[] = { "c0010", "c0020", "c0030", "c0050", "c0060" };
static const char *const c0601[] = { "c0010", "c0040", "c0020", "c0030", "c0050", "c0080" };
static const char *const c0701[] = { "c0010", "c0020", "c0040", "c0050" };

static const struct tspec tspec[ROI_NTAB] = {
	{ "B_01.02", "b_01.02.csv", c0102, 1, 6 },
	{ "B_02.01", "b_02.01.csv", c0201, 1, 1 },
	{ "B_02.02", "b_02.02.csv", c0202, 8, 9 },
	{ "B_05.01", "b_05.01.csv", c0501, 1, 5 },
	{ "B_05.02", "b_05.02.csv", c0502, 5, 5 },
	{ "B_06.01", "b_06.01.csv", c0601, 2, 6 },
	{ "B_07.01", "b_07.01.csv", c0701, 3, 4 },
};

/* Column positions in the lists above. */
enum { E_LEI, E_NAME, E_COUNTRY, E_TYPE, E_CURRENCY, E_ASSETS };
enum { K_REF, K_LEI, K_PROV, K_FUNC, K_SVC, K_PROVISION, K_STORAGE, K_PROCESS, K_RELIANCE };
enum { P_CODE, P_NAME, P_LATIN, P_COUNTRY, P_PARENT };
enum { S_REF, S_SVC, S_PROV, S_RANK, S_RECIP };
enum { F_ID, F_LEI, F_ACTIVITY, F_NAME, F_CRIT, F_RTO };
enum { A_REF, A_PROV, A_SVC, A_SUBST };

const char *roi_tab_code(enum roi_tab t) { return tspec[t].code; }
const char *roi_tab_file(enum roi_tab t) { return tspec[t].file; }

static const char *const svc_names[ROI_NSVC] = {
	"ict_project_management", "ict_development", "help_desk", "ict_security_management",
	"provision_of_data", "data_analysis", "facilities_hosting", "computation",
	"non_cloud_data_storage", "telecom_carrier", "network_infrastructure",
	"hardware", "software_licensing", "ict_operation_management", "ict_consulting",
	"ict_risk_management", "cloud_iaas", "cloud_paas", "cloud_saas",
};

const char *roi_service_name(int k) { return svc_names[k]; }

/* The types of entity of B_01.02 c0040 and chokepoint's names for them. */
static const struct { const char *code, *name; } ent_types[] = {
	{ "x12", "credit_institution" }, { "x599", "investment_firm" },
	{ "x643", "ccp" }, { "x639", "asset_management_company" },
	{ "x300", "payment_institution" }, { "x301", "account_information_provider" },
	{ "x302", "e_money_institution" }, { "x303", "crypto_asset_service_provider" },
	{ "x304", "csd" }, { "x305", "trading_venue" }, { "x306", "trade_repository" },
	{ "x307", "aifm" }, { "x308", "data_reporting_service_provider" },
	{ "x309", "insurance_undertaking" }, { "x310", "art_issuer" }, { "x311", "iorp" },
	{ "x312", "credit_rating_agency" }, { "x313", "critical_benchmark_administrator" },
	{ "x314", "crowdfunding_service_provider" },
	{ "x315", "securitisation_repository" }, { "x316", "other_financial_entity" },
	{ "x317", NULL }, { "x318", NULL }, { "x320", "insurance_intermediary" },
};

const char *roi_entity_type_code(const char *name)
{
	for (size_t k = 0; k < sizeof ent_types / sizeof *ent_types; k++)
		if (ent_types[k].name && strcmp(name, ent_types[k].name) == 0)
			return ent_types[k].code;
	return NULL;
}

/* ---- small helpers ---------------------------------------------------------- */

/* The value without an "eba_XX:" namespace prefix. */
static const char *strip(const char *v)
{
	if (strncmp(v, "eba_", 4) == 0) {
		const char *c = strchr(v, ':');
		if (c)
			return c + 1;
	}
	return v;
}

/* "Not applicable" (qx2007) reads as empty outside key columns. */
static const char *plain(const char *v)
{
	v = strip(v);
	return strcmp(v, "qx2007") == 0 ? "" : v;
}

static const char *cell(const struct roi_table *tb, size_t row, int k)
{
	return strip(csvtab_get(&tb->t, row, tb->col[k]));
}

/* A string-to-index hash map; keys are copied. */
struct smap {
	char **key;
	size_t *val;
	size_t n, cap; /* cap a power of two, or 0 */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t *smap_find(const struct smap *m, const char *k)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash_str(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->key[i])
			return NULL;
		if (strcmp(m->key[i], k) == 0)
			return &m->val[i];
	}
}

/* Insert k -> v unless present; the existing value's slot, or NULL when
 * inserted. */
static size_t *smap_put(struct smap *m, const char *k, size_t v)
{
	size_t *old = smap_find(m, k);
	if (old)
		return old;
	if (2 * (m->n + 1) > m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 64;
		char **nk = xcalloc(nc, sizeof *nk);
		size_t *nv = xcalloc(nc, sizeof *nv);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			size_t j = hash_str(m->key[i]) & (nc - 1);
			while (nk[j])
				j = (j + 1) & (nc - 1);
			nk[j] = m->key[i];
			nv[j] = m->val[i];
		}
		free(m->key);
		free(m->val);
		m->key = nk;
		m->val = nv;
		m->cap = nc;
	}
	size_t j = hash_str(k) & (m->cap - 1);
	while (m->key[j])
		j = (j + 1) & (m->cap - 1);
	m->key[j] = xstrdup(k);
	m->val[j] = v;
	m->n++;
	return NULL;
}

static void smap_free(struct smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

/* "a\x1fb": a composite key. */
static char *keyv(const char *const *p, int n)
{
	size_t len[8], total = 0;
	for (int i = 0; i < n; i++)
		total += (len[i] = strlen(p[i])) + 1;
	char *k = xmalloc(total ? total : 1), *q = k;
	for (int i = 0; i < n; i++) {
		memcpy(q, p[i], len[i]);
		q += len[i];
		*q++ = '\x1f';
	}
	q[-1] = '\0';
	return k;
}

/* Not through printf: keys are built for every row of every table. */
static char *key2(const char *a, const char *b)
{
	const char *p[2] = { a, b };
	return keyv(p, 2);
}

/* ---- counted problems ---------------------------------------------------------- */

/* Count one occurrence of 'what'; the first place is kept for the warning. */
struct tally {
	char *what;
	int warn;
	size_t n;
	char *file;
	unsigned long line;
	const char *col;
};
struct tallies {
	struct tally *t;
	size_t n, cap;
};

static void tally(struct tallies *ts, int warn, const char *file, unsigned long line,
                  const char *col, const char *what)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].what, what) == 0) {
			ts->t[i].n++;
			return;
		}
	ALLOC_GROW(ts->t, ts->n + 1, ts->cap);
	ts->t[ts->n++] = (struct tally){ xstrdup(what), warn, 1, file ? xstrdup(file) : NULL,
		line, col };
}

/* ---- inputs ----------------------------------------------------------------------- */

void roi_init(struct roi *r)
{
	memset(r, 0, sizeof *r);
}

static void out_free(struct roi_out *o)
{
	for (size_t i = 0; i < o->n; i++) {
		for (size_t k = 0; k < o->ncols; k++)
			free(o->rows[i].f[k]);
		free(o->rows[i].f);
	}
	free(o->rows);
	memset(o, 0, sizeof *o);
}

static void pkg_free(struct roi_package *p)
{
	for (int t = 0; t < ROI_NTAB; t++) {
		free(p->tab[t].file);
		free(p->tab[t].col);
		if (p->tab[t].present)
			csvtab_free(&p->tab[t].t);
	}
	if (p->have_fi)
		csvtab_free(&p->fi);
	free(p->fi_file);
	free(p->name);
	free(p->report);
}

void roi_free(struct roi *r)
{
	for (size_t i = 0; i < r->n_inputs; i++)
		free(r->inputs[i].path);
	free(r->inputs);
	for (size_t i = 0; i < r->n_pkgs; i++)
		pkg_free(&r->pkgs[i]);
	free(r->pkgs);
	out_free(&r->inst);
	out_free(&r->serv);
	out_free(&r->vend);
	out_free(&r->cloud);
	out_free(&r->deps);
	for (size_t i = 0; i < r->n_counts; i++)
		free(r->counts[i].what);
	free(r->counts);
	memset(r, 0, sizeof *r);
}

/* Does report.json say DORA 4.0?  0, or -1 with an error in d. */
static int check_report(struct roi_package *p, const struct roi_file *f, struct diag *d)
{
	json_error_t je;
	json_t *doc = json_loadb(f->data, f->len, 0, &je);
	if (!doc) {
		diag_error(d, f->disp, (unsigned long)je.line, NULL,
		           "not a DORA 4.0 register: report.json is not JSON: %s", je.text);
		return -1;
	}
	json_t *ext = json_object_get(json_object_get(doc, "documentInfo"), "extends");
	const char *found = NULL;
	if (json_is_array(ext)) {
		size_t i;
		json_t *v;
		json_array_foreach(ext, i, v) {
			const char *s = json_string_value(v);
			if (s && !found)
				found = s;
			if (s && strstr(s, "/fws/dora/4.0/")) {
				found = s;
				break;
			}
		}
	}
	int rc = 0;
	if (!found || !strstr(found, "/fws/dora/4.0/")) {
		diag_error(d, f->disp, 0, NULL, "not a DORA 4.0 register: documentInfo.extends "
		           "is %s%s%s, expected the EBA's .../fws/dora/4.0/... taxonomy",
		           found ? "\"" : "", found ? found : "absent", found ? "\"" : "");
		rc = -1;
	} else {
		p->report = xstrdup(found);
	}
	json_decref(doc);
	return rc;
}

/* Build a package from the files of its reports/ folder. */
static int add_package(struct roi *r, const char *name, struct roi_files *fs,
                       int need_report, struct diag *d)
{
	struct roi_package p;
	memset(&p, 0, sizeof p);
	p.name = xstrdup(name);
	int bad = 0, have_report = 0, n_tables = 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct roi_file *f = &fs->f[i];
		if (strcmp(f->name, "report.json") == 0) {
			have_report = 1;
			if (check_report(&p, f, d) != 0)
				bad = 1;
		}
	}
	if (!have_report && need_report) {
		diag_error(d, name, 0, NULL, "not a DORA 4.0 register: no reports/report.json");
		bad = 1;
	}
	/* Not a DORA 4.0 register: nothing more to say about its tables. */
	int not_dora = bad;
	for (size_t i = 0; !not_dora && i < fs->n; i++) {
		struct roi_file *f = &fs->f[i];
		if (strcmp(f->name, "FilingIndicators.csv") == 0) {
			if (p.have_fi) {
				diag_error(d, f->disp, 0, NULL, "a second FilingIndicators.csv in one "
				           "package");
				bad = 1;
			} else {
				/* owned (and freed) even when it fails */
				if (csvtab_parse(&p.fi, f->disp, f->data, f->len, d) != 0)
					bad = 1;
				p.have_fi = 1;
				p.fi_file = xstrdup(f->disp);
			}
			continue;
		}
		for (int t = 0; t < ROI_NTAB; t++) {
			if (strcasecmp(f->name, tspec[t].file) != 0)
				continue;
			struct roi_table *tb = &p.tab[t];
			if (tb->present) {
				diag_error(d, f->disp, 0, NULL, "a second file of %s in one package "
				           "(after %s)", tspec[t].code, tb->file);
				bad = 1;
				break;
			}
			/* owned (and freed) even when it fails */
			if (csvtab_parse(&tb->t, f->disp, f->data, f->len, d) != 0)
				bad = 1;
			tb->present = 1;
			n_tables++;
			tb->file = xstrdup(f->disp);
			tb->col = xcalloc((size_t)tspec[t].ncols, sizeof *tb->col);
			for (int k = 0; k < tspec[t].ncols; k++)
				tb->col[k] = csvtab_col(&tb->t, tspec[t].cols[k]);
		}
	}
	if (!bad && n_tables == 0 && !have_report) {
		diag_error(d, name, 0, NULL, "no b_XX.XX.csv table of the register: expected "
		           "a DORA report package or a folder of its tables");
		bad = 1;
	}
	if (bad) {
		pkg_free(&p);
		return -1;
	}
	ALLOC_GROW(r->pkgs, r->n_pkgs + 1, r->cap_pkgs);
	r->pkgs[r->n_pkgs++] = p;
	return 0;
}

static void add_input_rec(struct roi *r, const char *path, int is_zip)
{
	ALLOC_GROW(r->inputs, r->n_inputs + 1, r->cap_inputs);
	r->inputs[r->n_inputs++] = (struct roi_input){ xstrdup(path), is_zip };
}

int roi_add_zip_mem(struct roi *r, const char *name, const void *buf, size_t len,
                    struct diag *d)
{
	struct roi_files fs = { 0 };
	if (roi_zip_files(name, NULL, buf, len, &fs, d) != 0)
		return -1;
	int rc = add_package(r, name, &fs, 1, d);
	roi_files_free(&fs);
	return rc;
}

int roi_add_files_mem(struct roi *r, const char *name, const char *const *names,
                      const char *const *data, const size_t *len, size_t n,
                      int need_report, struct diag *d)
{
	struct roi_files fs = { 0 };
	for (size_t i = 0; i < n; i++) {
		char *buf = xmalloc(len[i] + 1);
		memcpy(buf, data[i], len[i]);
		buf[len[i]] = '\0';
		ALLOC_GROW(fs.f, fs.n + 1, fs.cap);
		fs.f[fs.n++] = (struct roi_file){ xstrdup(names[i]),
			xasprintf("%s/%s", name, names[i]), buf, len[i] };
	}
	int rc = add_package(r, name, &fs, need_report, d);
	roi_files_free(&fs);
	return rc;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct roi_file *)a)->name, ((const struct roi_file *)b)->name);
}

/* The files of folder 'dir' that a package's reports/ folder may hold. */
static int read_folder(const char *dir, struct roi_files *fs, struct diag *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		diag_error(d, dir, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct dirent *de;
	int bad = 0;
	uint64_t lim = limit_get(LIMIT_FILE_SIZE);
	while ((de = readdir(dp))) {
		const char *n = de->d_name;
		if (!roi_file_wanted(n))
			continue;
		char *p = path_join(dir, n);
		/* O_NONBLOCK: opening a FIFO does not wait for a writer; the
		 * flag is cleared once the file is known to be regular. */
		int fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		FILE *fp = NULL;
		const char *why = NULL;
		if (fd < 0 || fstat(fd, &st) != 0) {
			why = strerror(errno);
		} else if (!S_ISREG(st.st_mode)) {
			why = "not a regular file";
		} else {
			int fl = fcntl(fd, F_GETFL);
			if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ||
			    !(fp = fdopen(fd, "rb")))
				why = strerror(errno);
		}
		if (why) {
			diag_error(d, p, 0, NULL, "cannot read: %s", why);
			if (fd >= 0)
				close(fd);
			free(p);
			bad = 1;
			continue;
		}
		if ((uint64_t)st.st_size > lim) {
			diag_error(d, p, 0, NULL, "%" PRIu64 " bytes; the limit is %"
			           PRIu64 " (--limit file-size=N)", (uint64_t)st.st_size,
			           lim);
			fclose(fp);
			free(p);
			bad = 1;
			continue;
		}
		size_t len = (size_t)st.st_size;
		char *buf = xmalloc(len + 1);
		size_t got = fread(buf, 1, len, fp);
		fclose(fp);
		if (got != len) {
			diag_error(d, p, 0, NULL, "cannot read: short read");
			free(buf);
			free(p);
			bad = 1;
			continue;
		}
		buf[len] = '\0';
		ALLOC_GROW(fs->f, fs->n + 1, fs->cap);
		fs->f[fs->n++] = (struct roi_file){ xstrdup(n), p, buf, len };
	}
	closedir(dp);
	qsort(fs->f, fs->n, sizeof *fs->f, cmp_file);
	return bad ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_zip_name(const char *n)
{
	size_t l = strlen(n);
	return l > 4 && strcasecmp(n + l - 4, ".zip") == 0;
}

/*
 * A folder that holds no table of the register but holds packages
 * (*.zip, as a supervisor receives them): each package in name order,
 * as if named one by one.  1 when 'dir' is such a folder (*rc set),
 * 0 when it is not, with nothing read.
 */
static int add_package_folder(struct roi *r, const char *dir, struct diag *d, int *rc)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0; /* read_folder says why */
	char **zips = NULL;
	size_t n = 0, cap = 0;
	int tables = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (roi_file_wanted(de->d_name)) {
			tables = 1;
		} else if (is_zip_name(de->d_name)) {
			/* regular files only (a symlink to one too): a folder or
			 * a link to one named *.zip is not searched */
			struct stat st;
			char *p = path_join(dir, de->d_name);
			int reg = stat(p, &st) == 0 && S_ISREG(st.st_mode);
			free(p);
			if (reg) {
				ALLOC_GROW(zips, n + 1, cap);
				zips[n++] = xstrdup(de->d_name);
			}
		}
	}
	closedir(dp);
	int is = n > 0;
	if (is && tables) {
		diag_error(d, dir, 0, NULL, "holds both tables of the register (b_XX.XX.csv) "
		           "and packages (*.zip): expected a folder of one or the other");
		*rc = -1;
	} else if (is) {
		qsort(zips, n, sizeof *zips, cmp_str);
		*rc = 0;
		for (size_t i = 0; i < n; i++) {
			char *p = path_join(dir, zips[i]);
			if (roi_add_input(r, p, d) != 0)
				*rc = -1;
			free(p);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(zips[i]);
	free(zips);
	return is;
}

int roi_add_input(struct roi *r, const char *path, struct diag *d)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct roi_files fs = { 0 };
	int rc;
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		/* A zip is read by seeking: a FIFO or a device would block or
		 * fail half-way in the zip library. */
		diag_error(d, path, 0, NULL, "cannot read: not a regular file: expected "
		           "a DORA report package (.zip) or a folder");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (roi_zip_files(path, path, NULL, 0, &fs, d) != 0)
			return -1;
		rc = add_package(r, path, &fs, 1, d);
		if (rc == 0)
			add_input_rec(r, path, 1);
		roi_files_free(&fs);
		return rc;
	}
	char *rep = path_join(path, "reports");
	struct stat rs;
	int is_pkg = stat(rep, &rs) == 0 && S_ISDIR(rs.st_mode);
	if (!is_pkg && add_package_folder(r, path, d, &rc)) {
		free(rep);
		return rc;
	}
	rc = read_folder(is_pkg ? rep : path, &fs, d);
	free(rep);
	if (rc == 0)
		rc = add_package(r, path, &fs, is_pkg, d);
	if (rc == 0)
		for (size_t i = 0; i < fs.n; i++)
			add_input_rec(r, fs.f[i].disp, 0);
	roi_files_free(&fs);
	return rc;
}

/* ---- the reject rules ------------------------------------------------------------- */

/* The package's maps of keys, for rule 807. */
struct pkeys {
	struct smap ent, contract, prov, func;
};

/* 805 and 806 over one table; fills the key map of t when m is given. */
static void check_keys(struct roi_package *p, enum roi_tab t, struct diag *d, int *bad)
{
	struct roi_table *tb = &p->tab[t];
	const struct tspec *s = &tspec[t];
	for (int k = 0; k < s->nkeys; k++)
		if (tb->col[k] < 0) {
			diag_error(d, tb->file, tb->t.head_line, s->cols[k],
			           "805: key column %s of %s is missing", s->cols[k], s->code);
			*bad = 1;
			return;
		}
	struct smap seen = { 0 };
	for (size_t i = 0; i < tb->t.nrows; i++) {
		int empty = 0;
		for (int k = 0; k < s->nkeys; k++)
			if (!*cell(tb, i, k)) { /* "eba_XX:" alone is empty too */
				diag_error(d, tb->file, tb->t.line[i], s->cols[k],
				           "805: key column is empty: expected a value "
				           "(eba_GA:qx2007 when not applicable)");
				empty = *bad = 1;
			}
		if (empty)
			continue;
		const char *kc[8];
		for (int k = 0; k < s->nkeys; k++)
			kc[k] = cell(tb, i, k);
		char *key = keyv(kc, s->nkeys);
		size_t *old = smap_put(&seen, key, i);
		if (old) {
			diag_error(d, tb->file, tb->t.line[i], s->cols[0],
			           "806: duplicate key: the same %s as line %lu of %s",
			           s->nkeys > 1 ? "key columns" : s->cols[0],
			           tb->t.line[*old], s->code);
			*bad = 1;
		}
		free(key);
	}
	smap_free(&seen);
}

/* Are the key columns of table t all in its header? */
static int keys_present(const struct roi_package *p, enum roi_tab t)
{
	const struct roi_table *tb = &p->tab[t];
	if (!tb->present)
		return 1; /* an absent table has no rows and no keys */
	for (int k = 0; k < tspec[t].nkeys; k++)
		if (tb->col[k] < 0)
			return 0;
	return 1;
}

/* 807 over the rows of table t: column k (with column k2 of the same row
 * when k2 >= 0, for a key of two columns) must be a key of m, the keys of
 * table 'parent'.  Skipped when either table lacks a key column (805
 * said so); rows with an empty value were reported by 805. */
static void check_refs(struct roi_package *p, enum roi_tab t, int k, int k2,
                       const struct smap *m, enum roi_tab parent, int recip,
                       struct diag *d, int *bad)
{
	struct roi_table *tb = &p->tab[t];
	if (!tb->present || !keys_present(p, t) || !keys_present(p, parent))
		return;
	for (size_t i = 0; i < tb->t.nrows; i++) {
		const char *v = cell(tb, i, k);
		if (!*v || (k2 >= 0 && !*cell(tb, i, k2)) || (recip && !*plain(v)))
			continue;
		char *key = k2 >= 0 ? key2(v, cell(tb, i, k2)) : xstrdup(v);
		if (!smap_find(m, key)) {
			diag_error(d, tb->file, tb->t.line[i], tspec[t].cols[k],
			           "807: \"%s\" is not in %s of this package", v, tspec[parent].code);
			*bad = 1;
		}
		free(key);
	}
}

/* The keys of a table (column 0, with column k2 when k2 >= 0). */
static void map_keys(struct roi_package *p, enum roi_tab t, struct smap *m, int k2)
{
	struct roi_table *tb = &p->tab[t];
	if (!tb->present || !keys_present(p, t))
		return;
	for (size_t i = 0; i < tb->t.nrows; i++) {
		if (k2 < 0) {
			smap_put(m, cell(tb, i, 0), i);
		} else {
			char *k = key2(cell(tb, i, 0), cell(tb, i, k2));
			smap_put(m, k, i);
			free(k);
		}
	}
}

static void check_package(struct roi_package *p, struct diag *d, int *bad)
{
	for (int t = 0; t < ROI_NTAB; t++)
		if (p->tab[t].present)
			check_keys(p, (enum roi_tab)t, d, bad);
	/* 808: the filing indicators against the tables. */
	if (p->have_fi) {
		long ct = csvtab_col(&p->fi, "templateID"), cr = csvtab_col(&p->fi, "reported");
		if (ct < 0 || cr < 0) {
			diag_error(d, p->fi_file, p->fi.head_line, NULL, "expected the columns "
			           "templateID and reported");
			*bad = 1;
		}
		for (size_t i = 0; ct >= 0 && cr >= 0 && i < p->fi.nrows; i++) {
			const char *tid = strip(csvtab_get(&p->fi, i, ct));
			const char *rep = csvtab_get(&p->fi, i, cr);
			for (int t = 0; t < ROI_NTAB; t++) {
				if (strcasecmp(tid, tspec[t].code) != 0)
					continue;
				size_t rows = p->tab[t].present ? p->tab[t].t.nrows : 0;
				int said = strcasecmp(rep, "true") == 0;
				if (said && rows == 0) {
					diag_error(d, p->fi_file, p->fi.line[i], "reported",
					           "808: %s is reported but %s is absent or has no rows",
					           tspec[t].code, tspec[t].file);
					*bad = 1;
				} else if (!said && rows > 0) {
					diag_error(d, p->fi_file, p->fi.line[i], "reported",
					           "808: %s is not reported but %s has %zu rows",
					           tspec[t].code, tspec[t].file, rows);
					*bad = 1;
				}
			}
		}
	}
	struct pkeys k = { 0 };
	map_keys(p, ROI_B0102, &k.ent, -1);
	map_keys(p, ROI_B0201, &k.contract, -1);
	map_keys(p, ROI_B0501, &k.prov, -1);
	map_keys(p, ROI_B0601, &k.func, F_LEI);
	check_refs(p, ROI_B0202, K_REF, -1, &k.contract, ROI_B0201, 0, d, bad);
	check_refs(p, ROI_B0202, K_LEI, -1, &k.ent, ROI_B0102, 0, d, bad);
	check_refs(p, ROI_B0202, K_PROV, -1, &k.prov, ROI_B0501, 0, d, bad);
	check_refs(p, ROI_B0202, K_FUNC, K_LEI, &k.func, ROI_B0601, 0, d, bad);
	check_refs(p, ROI_B0502, S_REF, -1, &k.contract, ROI_B0201, 0, d, bad);
	check_refs(p, ROI_B0502, S_PROV, -1, &k.prov, ROI_B0501, 0, d, bad);
	check_refs(p, ROI_B0502, S_RECIP, -1, &k.prov, ROI_B0501, 1, d, bad);
	check_refs(p, ROI_B0601, F_LEI, -1, &k.ent, ROI_B0102, 0, d, bad);
	check_refs(p, ROI_B0701, A_REF, -1, &k.contract, ROI_B0201, 0, d, bad);
	check_refs(p, ROI_B0701, A_PROV, -1, &k.prov, ROI_B0501, 0, d, bad);
	smap_free(&k.ent);
	smap_free(&k.contract);
	smap_free(&k.prov);
	smap_free(&k.func);
}

/* ---- merging and mapping ------------------------------------------------------------ */

/* Where a value came from: package table and line. */
struct src {
	const char *file;
	unsigned long line;
};

struct ent {
	const char *lei, *name, *country, *type, *currency, *assets;
	struct src at;
	unsigned conflicts; /* bits: a conflict already warned about */
	int inst;           /* a financial entity: an institution */
	char *id;
};

struct prov {
	const char *code, *name, *country;
	const char *parent; /* code of the ultimate parent (c0110), "" if none */
	struct src at;
	unsigned conflicts;
	size_t direct[ROI_NSVC], chain[ROI_NSVC];
	int used;
	char *id;
};

struct func {
	const char *fid, *lei, *name, *activity, *crit, *rto;
	struct src at;
	unsigned conflicts;
	char *id; /* the service id, or NULL when not a service */
};

struct edge {
	char *from, *to;
	int pfrom;       /* from is a provider code, not a service id */
	double failover; /* INFINITY: none */
};

struct mapper {
	struct roi *r;
	const struct roi_assumptions *a;
	struct diag *d;
	struct tallies tl;
	struct smap ent_ix, prov_ix, func_ix, assess, edge_ix;
	struct ent *ents;
	size_t n_ents, cap_ents;
	struct prov *provs;
	size_t n_provs, cap_provs;
	struct func *funcs;
	size_t n_funcs, cap_funcs;
	struct edge *edges;
	size_t n_edges, cap_edges;
	int bad; /* a row refers to a key not read: the import fails */
};

/* The slot of key k in m.  The reject rules (805, 807) keep every key a
 * row refers to in its package, so NULL is a fault of the reader: it is
 * an error at the row, never followed. */
static size_t *find_ref(struct mapper *M, const struct smap *m, const char *k,
                        const char *what, const char *v, const char *file,
                        unsigned long line, const char *col)
{
	size_t *x = smap_find(m, k);
	if (!x) {
		diag_error(M->d, file, line, col, "%s \"%s\" was not read: the row "
		           "cannot be mapped", what, v);
		M->bad = 1;
	}
	return x;
}

/* Warn once about a field that two packages give differently. */
static void conflict(struct mapper *M, unsigned *flags, unsigned bit, const char *what,
                     const char *id, const char *field, const char *v1, struct src a,
                     const char *v2, struct src b)
{
	if (strcmp(v1, v2) == 0 || (*flags & bit))
		return;
	*flags |= bit;
	diag_warning(M->d, b.file, b.line, NULL, "%s %s: %s \"%s\" differs from \"%s\" "
	             "at %s:%lu: the first kept", what, id, field, v2, v1, a.file, a.line);
}

static int svc_index(const char *v)
{
	if (v[0] != 'S' || !v[1] || !v[2] || v[3])
		return -1;
	int k = (v[1] - '0') * 10 + (v[2] - '0');
	if (v[1] < '0' || v[1] > '9' || v[2] < '0' || v[2] > '9' || k < 1 || k > ROI_NSVC)
		return -1;
	return k - 1;
}

static void merge_package(struct mapper *M, struct roi_package *p)
{
	struct roi_table *tb = &p->tab[ROI_B0102];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		struct ent e = { cell(tb, i, E_LEI), plain(cell(tb, i, E_NAME)),
			plain(cell(tb, i, E_COUNTRY)), plain(cell(tb, i, E_TYPE)),
			plain(cell(tb, i, E_CURRENCY)), plain(cell(tb, i, E_ASSETS)),
			{ tb->file, tb->t.line[i] }, 0, 0, NULL };
		size_t *old = smap_put(&M->ent_ix, e.lei, M->n_ents);
		if (old) {
			struct ent *o = &M->ents[*old];
			conflict(M, &o->conflicts, 1, "entity", o->lei, "name", o->name, o->at, e.name, e.at);
			conflict(M, &o->conflicts, 2, "entity", o->lei, "type", o->type, o->at, e.type, e.at);
			conflict(M, &o->conflicts, 4, "entity", o->lei, "total assets", o->assets, o->at,
			         e.assets, e.at);
			conflict(M, &o->conflicts, 8, "entity", o->lei, "currency", o->currency, o->at,
			         e.currency, e.at);
			continue;
		}
		ALLOC_GROW(M->ents, M->n_ents + 1, M->cap_ents);
		M->ents[M->n_ents++] = e;
	}
	tb = &p->tab[ROI_B0501];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		const char *latin = plain(cell(tb, i, P_LATIN));
		struct prov v = { cell(tb, i, P_CODE), *latin ? latin : plain(cell(tb, i, P_NAME)),
			plain(cell(tb, i, P_COUNTRY)), plain(cell(tb, i, P_PARENT)),
			{ tb->file, tb->t.line[i] }, 0, { 0 }, { 0 }, 0, NULL };
		if (strcmp(v.parent, v.code) == 0)
			v.parent = ""; /* its own ultimate parent */
		size_t *old = smap_put(&M->prov_ix, v.code, M->n_provs);
		if (old) {
			struct prov *o = &M->provs[*old];
			conflict(M, &o->conflicts, 1, "provider", o->code, "name", o->name, o->at,
			         v.name, v.at);
			conflict(M, &o->conflicts, 2, "provider", o->code, "country", o->country,
			         o->at, v.country, v.at);
			/* a package that leaves the parent out does not contradict
			 * one that gives it */
			if (!*o->parent)
				o->parent = v.parent;
			else if (*v.parent)
				conflict(M, &o->conflicts, 4, "provider", o->code,
				         "ultimate parent", o->parent, o->at, v.parent, v.at);
			continue;
		}
		ALLOC_GROW(M->provs, M->n_provs + 1, M->cap_provs);
		M->provs[M->n_provs++] = v;
	}
	tb = &p->tab[ROI_B0601];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		struct func f = { cell(tb, i, F_ID), cell(tb, i, F_LEI), plain(cell(tb, i, F_NAME)),
			plain(cell(tb, i, F_ACTIVITY)), plain(cell(tb, i, F_CRIT)),
			plain(cell(tb, i, F_RTO)), { tb->file, tb->t.line[i] }, 0, NULL };
		char *k = key2(f.fid, f.lei);
		size_t *old = smap_put(&M->func_ix, k, M->n_funcs);
		free(k);
		if (old) {
			struct func *o = &M->funcs[*old];
			char *id = xasprintf("%s of %s", o->fid, o->lei);
			conflict(M, &o->conflicts, 1, "function", id, "criticality", o->crit, o->at,
			         f.crit, f.at);
			conflict(M, &o->conflicts, 2, "function", id, "recovery time objective",
			         o->rto, o->at, f.rto, f.at);
			free(id);
			continue;
		}
		ALLOC_GROW(M->funcs, M->n_funcs + 1, M->cap_funcs);
		M->funcs[M->n_funcs++] = f;
	}
	/* B_07.01: substitutability per (package, contract, provider, service type). */
	tb = &p->tab[ROI_B0701];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		char pb[24];
		snprintf(pb, sizeof pb, "%zu", (size_t)(p - M->r->pkgs));
		const char *kp[4] = { pb, cell(tb, i, A_REF), cell(tb, i, A_PROV),
			              cell(tb, i, A_SVC) };
		char *k = keyv(kp, 4);
		smap_put(&M->assess, k, i);
		free(k);
	}
}

static void add_edge(struct mapper *M, const char *from, const char *to, double fo,
                     int pfrom)
{
	const char *kp[3] = { pfrom ? "1" : "0", from, to };
	char *k = keyv(kp, 3);
	size_t *old = smap_put(&M->edge_ix, k, M->n_edges);
	free(k);
	if (old) {
		/* Several contracts for one pair: the most conservative failover,
		 * the longest, and none beats any. */
		struct edge *e = &M->edges[*old];
		if (fo > e->failover)
			e->failover = fo;
		return;
	}
	ALLOC_GROW(M->edges, M->n_edges + 1, M->cap_edges);
	M->edges[M->n_edges++] = (struct edge){ xstrdup(from), xstrdup(to), pfrom, fo };
}

static const char *failover_codes[4] = { "x959", "x960", "x961", "x962" };
static const char *reliance_codes[4] = { "x794", "x795", "x796", "x797" };

static void map_package_deps(struct mapper *M, struct roi_package *p)
{
	size_t pi = (size_t)(p - M->r->pkgs);
	struct roi_table *tb = &p->tab[ROI_B0202];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		const char *f = tb->file;
		unsigned long ln = tb->t.line[i];
		int s = svc_index(cell(tb, i, K_SVC));
		if (s < 0)
			tally(&M->tl, 1, f, ln, "c0060", "B_02.02: unknown type of ICT service "
			      "(expected S01 to S19): counted as no type");
		const char *pc = cell(tb, i, K_PROV);
		size_t *pv = find_ref(M, &M->prov_ix, pc, "provider", pc, f, ln,
		                      tspec[ROI_B0202].cols[K_PROV]);
		if (!pv)
			continue;
		struct prov *prov = &M->provs[*pv];
		if (s >= 0)
			prov->direct[s]++;
		const char *rel = plain(cell(tb, i, K_RELIANCE));
		int no_edge = 0, known = !*rel;
		for (int k = 0; k < 4; k++)
			if (strcmp(rel, reliance_codes[k]) == 0) {
				known = 1;
				no_edge = M->a->no_edge[k];
			}
		if (!known)
			tally(&M->tl, 1, f, ln, "c0180", "B_02.02: unknown level of reliance "
			      "(expected x794 to x797): the row makes an edge");
		char *fk = key2(cell(tb, i, K_FUNC), cell(tb, i, K_LEI));
		size_t *fi = find_ref(M, &M->func_ix, fk, "function", cell(tb, i, K_FUNC),
		                      f, ln, tspec[ROI_B0202].cols[K_FUNC]);
		free(fk);
		if (!fi)
			continue;
		struct func *fn = &M->funcs[*fi];
		if (!fn->id) {
			tally(&M->tl, 0, f, ln, NULL, "B_02.02: contract row of a function that is "
			      "not a service: no edge");
			continue;
		}
		if (no_edge) {
			tally(&M->tl, 1, f, ln, "c0180", "B_02.02: level of reliance that makes no "
			      "edge (x794 not significant by default): no edge");
			continue;
		}
		prov->used = 1;
		char pb[24];
		snprintf(pb, sizeof pb, "%zu", pi);
		const char *kp[4] = { pb, cell(tb, i, K_REF), cell(tb, i, K_PROV),
			              cell(tb, i, K_SVC) };
		char *ak = keyv(kp, 4);
		size_t *ai = smap_find(&M->assess, ak);
		free(ak);
		double fo = INFINITY;
		if (!ai) {
			tally(&M->tl, 0, f, ln, NULL, "B_02.02: no B_07.01 assessment of the "
			      "service: no failover (a hard dependency)");
		} else {
			struct roi_table *at = &p->tab[ROI_B0701];
			const char *sub = plain(cell(at, *ai, A_SUBST));
			int k = -1;
			for (int j = 0; j < 4; j++)
				if (strcmp(sub, failover_codes[j]) == 0)
					k = j;
			if (k < 0)
				tally(&M->tl, 1, at->file, at->t.line[*ai], "c0050", "B_07.01: "
				      "unknown or empty substitutability (expected x959 to x962): no "
				      "failover");
			else
				fo = M->a->failover[k];
		}
		add_edge(M, fn->id, prov->code, fo, 0);
	}
	tb = &p->tab[ROI_B0502];
	for (size_t i = 0; tb->present && i < tb->t.nrows; i++) {
		const char *f = tb->file;
		unsigned long ln = tb->t.line[i];
		double rank;
		const char *pc = cell(tb, i, S_PROV);
		size_t *pv = find_ref(M, &M->prov_ix, pc, "provider", pc, f, ln,
		                      tspec[ROI_B0502].cols[S_PROV]);
		if (!pv)
			continue;
		struct prov *prov = &M->provs[*pv];
		int s = svc_index(cell(tb, i, S_SVC));
		if (s >= 0)
			prov->chain[s]++;
		if (parse_decimal(cell(tb, i, S_RANK), &rank) != 0 || rank < 1 ||
		    rank != floor(rank)) {
			tally(&M->tl, 1, f, ln, "c0050", "B_05.02: rank not a whole number >= 1: "
			      "row skipped");
			continue;
		}
		if (rank < 2)
			continue; /* rank 1: the direct provider, an edge of B_02.02 */
		const char *recip = plain(cell(tb, i, S_RECIP));
		if (!*recip) {
			tally(&M->tl, 1, f, ln, "c0060", "B_05.02: rank >= 2 without a recipient: "
			      "row skipped");
			continue;
		}
		if (strcmp(recip, prov->code) == 0) {
			tally(&M->tl, 1, f, ln, "c0060", "B_05.02: provider is its own recipient: "
			      "row skipped");
			continue;
		}
		size_t *ri = find_ref(M, &M->prov_ix, recip, "provider", recip, f, ln,
		                      tspec[ROI_B0502].cols[S_RECIP]);
		if (!ri)
			continue;
		struct prov *rp = &M->provs[*ri];
		rp->used = prov->used = 1;
		add_edge(M, rp->code, prov->code, INFINITY, 1);
	}
}

/* The service type a provider's outages are drawn from: its most used
 * direct type, else its most used type in supply chains; -1 when none. */
static int main_type(const struct prov *v, int cloud_only)
{
	int best = -1;
	for (int pass = 0; pass < 2 && best < 0; pass++) {
		const size_t *c = pass ? v->chain : v->direct;
		for (int k = 0; k < ROI_NSVC; k++) {
			if (cloud_only && k < 16)
				continue;
			if (c[k] && (best < 0 || c[k] > c[best]))
				best = k;
		}
	}
	return best;
}

static int country_ok(const char *c)
{
	return strlen(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z';
}

static void out_row(struct roi_out *o, ...)
{
	va_list ap;
	va_start(ap, o);
	char **f = xcalloc(o->ncols, sizeof *f);
	for (size_t k = 0; k < o->ncols; k++)
		f[k] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	ALLOC_GROW(o->rows, o->n + 1, o->cap);
	o->rows[o->n++].f = f;
}

static int cmp_row(const void *a, const void *b)
{
	const struct roi_row *x = a, *y = b;
	int c = strcmp(x->f[0], y->f[0]);
	return c ? c : strcmp(x->f[1], y->f[1]);
}

static const char *const o_inst[] = { "id", "name", "type", "total_assets", "systemic",
	"country" };
static const char *const o_serv[] = { "id", "institution", "name", "category",
	"tolerance_hours" };
static const char *const o_prov[] = { "id", "name", "type", "country", "annual_outage_rate",
	"outage_median_hours", "outage_p95_hours", "group" };
static const char *const o_deps[] = { "from", "to", "failover_hours" };

static void num(char *buf, double x)
{
	fmt_num(buf, 64, x, 15);
}

static void map_entities(struct mapper *M, char **systemic, size_t n_systemic)
{
	struct smap sys = { 0 };
	for (size_t i = 0; i < n_systemic; i++)
		smap_put(&sys, systemic[i], 0);
	M->r->n_systemic_listed = sys.n;
	for (size_t i = 0; i < M->n_ents; i++) {
		struct ent *e = &M->ents[i];
		const char *tn = NULL;
		int known = 0;
		for (size_t k = 0; k < sizeof ent_types / sizeof *ent_types; k++)
			if (strcmp(e->type, ent_types[k].code) == 0)
				known = 1, tn = ent_types[k].name;
		if (!known) {
			tally(&M->tl, 1, e->at.file, e->at.line, "c0040", "B_01.02: unknown type of "
			      "entity: kept as an institution of type other_financial_entity");
			tn = "other_financial_entity";
		}
		if (!tn) {
			tally(&M->tl, 0, e->at.file, e->at.line, "c0040", "B_01.02: non-financial "
			      "entity (x317, x318): not an institution");
			continue;
		}
		if (!dataset_id_valid(e->lei)) {
			tally(&M->tl, 1, e->at.file, e->at.line, "c0010", "B_01.02: LEI not usable as "
			      "an id: entity dropped");
			continue;
		}
		e->inst = 1;
		e->id = xstrdup(e->lei);
		double assets = 0;
		if (*e->assets && (parse_decimal(e->assets, &assets) != 0 || assets < 0 ||
		                   assets > DATASET_MAX_NUMBER)) {
			tally(&M->tl, 1, e->at.file, e->at.line, "c0110", "B_01.02: total assets not "
			      "a number >= 0: taken as 0");
			assets = 0;
		}
		if (assets > 0 && *e->currency && strcmp(e->currency, M->a->base_currency) != 0) {
			size_t k;
			for (k = 0; k < M->a->n_rates; k++)
				if (strcmp(M->a->rate_code[k], e->currency) == 0)
					break;
			if (k == M->a->n_rates) {
				tally(&M->tl, 1, e->at.file, e->at.line, "c0100", "B_01.02: currency "
				      "without a rate to the base currency: total assets taken as 0");
				assets = 0;
			} else {
				assets *= M->a->rate[k];
			}
		}
		if (assets > DATASET_MAX_NUMBER) {
			tally(&M->tl, 1, e->at.file, e->at.line, "c0110", "B_01.02: total assets "
			      "above 1e18 after conversion: taken as 0");
			assets = 0;
		}
		const char *country = e->country;
		if (*country && !country_ok(country)) {
			tally(&M->tl, 1, e->at.file, e->at.line, "c0030", "B_01.02: country not "
			      "an ISO 3166-1 alpha-2 code: left empty");
			country = "";
		}
		size_t *sv = smap_find(&sys, e->lei);
		int is_sys = sv != NULL;
		if (is_sys) {
			M->r->n_systemic_found++;
			*sv = 1;
		}
		char ab[64];
		num(ab, assets);
		out_row(&M->r->inst, e->id, *e->name ? e->name : e->lei, tn, ab,
		        is_sys ? "1" : "0", country);
	}
	/* Each LEI listed but not found, in the order of the list. */
	for (size_t i = 0; i < n_systemic; i++) {
		size_t *sv = smap_find(&sys, systemic[i]);
		if (*sv)
			continue;
		*sv = 1; /* once, if listed twice */
		diag_warning(M->d, NULL, 0, NULL, "--systemic: %s is the LEI of no institution "
		             "read", systemic[i]);
		tally(&M->tl, 0, NULL, 0, NULL, "--systemic: LEI of no institution read");
	}
	smap_free(&sys);
}

static void map_functions(struct mapper *M)
{
	const struct roi_assumptions *a = M->a;
	for (size_t i = 0; i < M->n_funcs; i++) {
		struct func *f = &M->funcs[i];
		size_t *ei = find_ref(M, &M->ent_ix, f->lei, "entity", f->lei, f->at.file,
		                      f->at.line, tspec[ROI_B0601].cols[F_LEI]);
		if (!ei)
			continue;
		struct ent *e = &M->ents[*ei];
		if (!e->inst) {
			tally(&M->tl, 0, f->at.file, f->at.line, NULL, "B_06.01: function of an "
			      "entity that is not an institution: no service");
			continue;
		}
		int take;
		if (strcmp(f->crit, "x28") == 0) {
			take = a->critical_x28;
		} else if (strcmp(f->crit, "x21") == 0) {
			take = a->critical_x21;
			tally(&M->tl, 1, f->at.file, f->at.line, "c0050", take
			      ? "B_06.01: criticality not assessed (x21): taken as critical"
			      : "B_06.01: criticality not assessed (x21): no service");
		} else if (strcmp(f->crit, "x29") == 0) {
			take = a->critical_x29;
			tally(&M->tl, 1, f->at.file, f->at.line, "c0050", take
			      ? "B_06.01: function not critical or important (x29): taken as a service"
			      : "B_06.01: function not critical or important (x29): no service");
		} else {
			take = 0;
			tally(&M->tl, 1, f->at.file, f->at.line, "c0050", "B_06.01: unknown or "
			      "empty criticality (expected x28, x29 or x21): no service");
		}
		if (!take)
			continue;
		char *id = xasprintf("%s:%s", f->lei, f->fid);
		if (!dataset_id_valid(id)) {
			tally(&M->tl, 1, f->at.file, f->at.line, "c0010", "B_06.01: function "
			      "identifier not usable in an id: no service");
			free(id);
			continue;
		}
		double rto;
		if (!*f->rto || parse_decimal(f->rto, &rto) != 0 || rto < 0 ||
		    rto > DATASET_MAX_NUMBER) {
			tally(&M->tl, 1, f->at.file, f->at.line, "c0080", "B_06.01: recovery time "
			      "objective empty or not a number >= 0: the floor used");
			rto = a->rto_floor;
		} else if (rto < a->rto_floor) {
			tally(&M->tl, 1, f->at.file, f->at.line, "c0080", "B_06.01: recovery time "
			      "objective below the floor (0 included): raised to the floor");
			rto = a->rto_floor;
		}
		f->id = id;
		char rb[64];
		num(rb, rto);
		out_row(&M->r->serv, id, f->lei, *f->name ? f->name : f->fid,
		        *f->activity ? f->activity : "unspecified", rb);
	}
}

static void map_providers(struct mapper *M)
{
	struct smap inst_ids = { 0 };
	for (size_t i = 0; i < M->r->inst.n; i++)
		smap_put(&inst_ids, M->r->inst.rows[i].f[0], i);
	for (size_t i = 0; i < M->n_provs; i++) {
		struct prov *v = &M->provs[i];
		if (!v->used) {
			tally(&M->tl, 0, v->at.file, v->at.line, NULL, "B_05.01: provider on which "
			      "no service depends: not written");
			continue;
		}
		int cloud = 0;
		for (int k = 16; k < ROI_NSVC; k++)
			cloud |= v->direct[k] > 0;
		int t = main_type(v, cloud);
		const char *country = v->country;
		if (*country && !country_ok(country)) {
			tally(&M->tl, 1, v->at.file, v->at.line, "c0080", "B_05.01: country not "
			      "an ISO 3166-1 alpha-2 code: left empty");
			country = "";
		}
		/* The group: the ultimate parent's code, or the provider's own
		 * code when it has none (it is then its own ultimate parent, and
		 * the group of the providers that name it as theirs). */
		const char *group = *v->parent ? v->parent : v->code;
		if (!dataset_id_valid(group)) {
			tally(&M->tl, 1, v->at.file, v->at.line, "c0110", "B_05.01: code of the "
			      "ultimate parent not usable as an id: the provider is its own group");
			group = v->code;
		}
		struct roi_outage o = t >= 0 ? M->a->outage[t] : (struct roi_outage){ 0, 0, 0 };
		char rb[64], mb[64], pb[64];
		num(rb, o.rate);
		num(mb, o.median);
		num(pb, o.p95);
		if (o.rate <= 0)
			mb[0] = pb[0] = '\0';
		out_row(cloud ? &M->r->cloud : &M->r->vend, v->id, *v->name ? v->name : v->code,
		        cloud ? "provider" : t >= 0 ? svc_names[t] : "unspecified", country, rb,
		        mb, pb, group);
	}
	smap_free(&inst_ids);
}

static void put_counts(struct mapper *M)
{
	struct roi *r = M->r;
	for (size_t i = 0; i < M->tl.n; i++) {
		struct tally *t = &M->tl.t[i];
		if (t->warn)
			diag_warning(M->d, t->file, t->line, t->col, "%s (%zu row%s in all)",
			             t->what, t->n, t->n == 1 ? "" : "s");
		ALLOC_GROW(r->counts, r->n_counts + 1, r->cap_counts);
		r->counts[r->n_counts++] = (struct roi_count){ t->what, t->n };
		free(t->file);
	}
	free(M->tl.t);
}

int roi_map(struct roi *r, const struct roi_assumptions *a, char **systemic,
            size_t n_systemic, struct diag *d)
{
	int bad = 0;
	for (size_t i = 0; i < r->n_pkgs; i++)
		check_package(&r->pkgs[i], d, &bad);
	if (bad)
		return -1;
	struct mapper M;
	memset(&M, 0, sizeof M);
	M.r = r;
	M.a = a;
	M.d = d;
	r->inst = (struct roi_out){ o_inst, 6, NULL, 0, 0 };
	r->serv = (struct roi_out){ o_serv, 5, NULL, 0, 0 };
	r->vend = (struct roi_out){ o_prov, 8, NULL, 0, 0 };
	r->cloud = (struct roi_out){ o_prov, 8, NULL, 0, 0 };
	r->deps = (struct roi_out){ o_deps, 3, NULL, 0, 0 };
	for (size_t i = 0; i < r->n_pkgs; i++) {
		for (int t = 0; t < ROI_NTAB; t++)
			if (r->pkgs[i].tab[t].present)
				r->rows_read[t] += r->pkgs[i].tab[t].t.nrows;
		merge_package(&M, &r->pkgs[i]);
	}
	map_entities(&M, systemic, n_systemic);
	map_functions(&M);
	for (size_t i = 0; i < r->n_pkgs; i++)
		map_package_deps(&M, &r->pkgs[i]);
	/* Provider ids: the code, unless an institution has it (a financial
	 * entity that also provides ICT services to its group). */
	struct smap ids = { 0 };
	for (size_t i = 0; i < r->inst.n; i++)
		smap_put(&ids, r->inst.rows[i].f[0], i);
	for (size_t i = 0; i < M.n_provs; i++) {
		struct prov *v = &M.provs[i];
		if (!dataset_id_valid(v->code)) {
			if (v->used)
				tally(&M.tl, 1, v->at.file, v->at.line, "c0010", "B_05.01: provider code "
				      "not usable as an id: provider and its edges dropped");
			v->used = 0;
			continue;
		}
		if (smap_find(&ids, v->code)) {
			v->id = xasprintf("%s@ict", v->code);
			if (v->used)
				tally(&M.tl, 1, v->at.file, v->at.line, "c0010", "B_05.01: provider is "
				      "also an institution: written as CODE@ict");
		} else {
			v->id = xstrdup(v->code);
		}
	}
	smap_free(&ids);
	map_providers(&M);
	for (size_t i = 0; i < M.n_edges; i++) {
		struct edge *e = &M.edges[i];
		/* Edges join providers found above: a lookup cannot fail. */
		size_t *to = smap_find(&M.prov_ix, e->to);
		const char *fid = e->from;
		int ok = to && M.provs[*to].used;
		if (e->pfrom) { /* provider to provider */
			size_t *from = smap_find(&M.prov_ix, e->from);
			ok = ok && from && M.provs[*from].used;
			fid = ok ? M.provs[*from].id : NULL;
		}
		if (ok) {
			char fb[64] = "";
			if (isfinite(e->failover))
				num(fb, e->failover);
			out_row(&r->deps, fid, M.provs[*to].id, fb);
		}
		free(e->from);
		free(e->to);
	}
	free(M.edges);
	put_counts(&M);
	if (r->inst.n > 1)
		qsort(r->inst.rows, r->inst.n, sizeof *r->inst.rows, cmp_row);
	if (r->serv.n > 1)
		qsort(r->serv.rows, r->serv.n, sizeof *r->serv.rows, cmp_row);
	if (r->vend.n > 1)
		qsort(r->vend.rows, r->vend.n, sizeof *r->vend.rows, cmp_row);
	if (r->cloud.n > 1)
		qsort(r->cloud.rows, r->cloud.n, sizeof *r->cloud.rows, cmp_row);
	if (r->deps.n > 1)
		qsort(r->deps.rows, r->deps.n, sizeof *r->deps.rows, cmp_row);
	for (size_t i = 0; i < M.n_ents; i++)
		free(M.ents[i].id);
	for (size_t i = 0; i < M.n_provs; i++)
		free(M.provs[i].id);
	for (size_t i = 0; i < M.n_funcs; i++)
		free(M.funcs[i].id);
	free(M.ents);
	free(M.provs);
	free(M.funcs);
	smap_free(&M.ent_ix);
	smap_free(&M.prov_ix);
	smap_free(&M.func_ix);
	smap_free(&M.assess);
	smap_free(&M.edge_ix);
	if (M.bad)
		return -1;
	const char *none = !r->inst.n ? "no institution (a B_01.02 row of a financial entity)"
	                   : !r->serv.n ? "no service (a critical or important function of "
	                                  "B_06.01)"
	                   : !r->deps.n ? "no dependency (a B_02.02 row that makes an edge)"
	                                : NULL;
	if (none) {
		diag_error(d, NULL, 0, NULL, "nothing to import: %s", none);
		return -1;
	}
	return 0;
}

int roi_read_lei_list(const char *path, char ***leis, size_t *n, struct diag *d)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		diag_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	char line[1024];
	unsigned long ln = 0;
	size_t cap = 0;
	int bad = 0;
	*leis = NULL;
	*n = 0;
	while (fgets(line, sizeof line, fp)) {
		ln++;
		char *h = strchr(line, '#');
		if (h)
			*h = '\0';
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t l = strlen(s);
		while (l && strchr(" \t\r\n", s[l - 1]))
			s[--l] = '\0';
		if (!l)
			continue;
		if (!dataset_id_valid(s) || strpbrk(s, " \t")) {
			diag_error(d, path, ln, NULL, "\"%s\": expected one LEI a line", s);
			bad = 1;
			continue;
		}
		ALLOC_GROW(*leis, *n + 1, cap);
		(*leis)[(*n)++] = xstrdup(s);
	}
	fclose(fp);
	return bad ? -1 : 0;
}
