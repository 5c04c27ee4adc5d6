/*
 * roi_write.c - a generated sector written as DORA 4.0 report packages,
 * one per institution (roi_write.h).
 *
 * The data set is generated in memory (generate_dataset_mem) and loaded
 * with the loader's checks (dataset_load_mem), so the packages say what
 * the CSV data set says, edge for edge.  Per institution:
 *
 *   B_01.02  the institution: LEI = its id, name, country, type of
 *            entity (the LIST0101040 code of its type), currency EUR,
 *            total assets in the data set's unit;
 *   B_06.01  each service as a critical function (x28): identifier = the
 *            service id, licensed activity = category, RTO = tolerance;
 *   B_02.01, B_02.02, B_07.01  one contract per dependency of a service
 *            (institution rows already expanded): the provider, the ICT
 *            service type of its provider type, full reliance (x797), and
 *            the substitutability whose failover in the default
 *            assumptions is the shortest at least the edge's (none: x959);
 *   B_05.01  every provider the package names, its ultimate parent its
 *            group;
 *   B_05.02  the supply chain under each contract: every edge out of a
 *            provider reached (dependencies and `parent`), once per
 *            package, ranked by depth.
 *
 * A service of another institution that a service depends on (a bank's
 * service used by a non-bank) is, in the register, that institution
 * acting as an ICT provider: it appears as a provider whose code is the
 * service id, with the service's own dependencies as its supply chain.
 *
 * The register has no redundancy groups (k of n), no outage rates and
 * no daily volumes: they are not written.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "base/alloc.h"
#include "base/diag.h"
#include "base/error.h"
#include "base/path.h"
#include "base/text.h"
#include "input/dataset.h"
#include "input/roi.h"
#include "gen/roi_write.h"

/* A fixed time for every zip entry: the same inputs give the same bytes. */
#define ROI_ENTRY_MTIME ((time_t)1767225600) /* 2026-01-01T00:00:00Z */
#define ROI_REF_PERIOD "2025-12-31"

/* The ICT service type (S01..S19) a provider of each generated type
 * provides; others S14 (ICT operation management). */
static const struct {
	const char *type;
	int svc;
} svc_of_type[] = {
    {"telecom", 10},
    {"data_center", 7},
    {"software", 13},
    {"security", 4},
    {"endpoint_fleet", 4},
    {"it_outsourcing", 14},
    {"data_provider", 5},
    {"card_network", 11},
    {"atm_network", 11},
    {"shared_core_center", 14},
    {"securities_back_office", 14},
};

static int svc_type(const struct node *v)
{
	if (v->kind == NODE_CLOUD)
		return 17; /* cloud IaaS */
	if (v->kind == NODE_VENDOR)
		for (size_t i = 0; i < sizeof svc_of_type / sizeof *svc_of_type; i++)
			if (strcmp(v->type, svc_of_type[i].type) == 0)
				return svc_of_type[i].svc;
	return 14;
}

/* The substitutability code for failover fo (hours, INFINITY: none): the
 * code whose default failover is the shortest at least fo, so the
 * imported edge is never more forgiving than the data set's. */
static const char *subst_code(const struct roi_assumptions *a, double fo)
{
	static const char *const codes[4] = {"x959", "x960", "x961", "x962"};
	int best = 0; /* x959: not substitutable, no failover */
	for (int k = 0; k < 4; k++)
		if (isfinite(a->failover[k]) && a->failover[k] >= fo &&
		    (!isfinite(a->failover[best]) || a->failover[k] < a->failover[best]))
			best = k;
	return codes[best];
}

/* The package being written: one memory stream per file. */
enum { T0102, T0201, T0202, T0501, T0502, T0601, T0701, NT };
static const char *const t_code[NT] = {"B_01.02", "B_02.01", "B_02.02", "B_05.01",
                                       "B_05.02", "B_06.01", "B_07.01"};
static const char *const t_file[NT] = {"b_01.02.csv", "b_02.01.csv", "b_02.02.csv",
                                       "b_05.01.csv", "b_05.02.csv", "b_06.01.csv",
                                       "b_07.01.csv"};
static const char *const t_head[NT] = {
    "c0010,c0020,c0030,c0040,c0100,c0110\n",
    "c0010,c0020\n",
    "c0010,c0020,c0030,c0050,c0060,c0130,c0150,c0160,c0180\n",
    "c0010,c0050,c0080,c0110\n",
    "c0010,c0020,c0030,c0050,c0060\n",
    "c0010,c0020,c0030,c0040,c0050,c0080\n",
    "c0010,c0020,c0040,c0050\n",
};

struct pkg {
	char *buf[NT];
	size_t len[NT];
	FILE *fp[NT];
	uint64_t rows[NT];
};

struct writer {
	const struct dataset *ds;
	struct roi_assumptions a;
	uint32_t *first, *cnt, *to; /* out-edges of each node (CSR), with failover */
	double *fo;
	uint32_t *listed, *seen, *depth; /* per package: epoch marks */
	uint32_t *queue;
	uint32_t epoch;
	struct roi_write_counts *n;
};

static void put_country(FILE *fp, const char *c)
{
	if (*c)
		fprintf(fp, "eba_GA:%s", c);
}

/* The country of a provider node: a service's is its institution's. */
static const char *node_country(const struct dataset *ds, const struct node *v)
{
	return v->kind == NODE_SERVICE ? ds->nodes[v->institution].country : v->country;
}

/* B_05.01 row of node v, once per package. */
static void list_provider(struct writer *W, struct pkg *p, uint32_t v)
{
	if (W->listed[v] == W->epoch)
		return;
	W->listed[v] = W->epoch;
	const struct node *nd = &W->ds->nodes[v];
	FILE *fp = p->fp[T0501];
	csv_put(fp, nd->id);
	fputc(',', fp);
	csv_put(fp, nd->name);
	fputc(',', fp);
	put_country(fp, node_country(W->ds, nd));
	fputc(',', fp);
	csv_put(fp, nd->group ? nd->group : nd->id);
	fputc('\n', fp);
	p->rows[T0501]++;
}

/* The supply chain under contract 'ref' of direct provider v: every edge
 * out of a node reached that this package has not written yet. */
static void chain(struct writer *W, struct pkg *p, const char *ref, int svc, uint32_t v)
{
	const struct dataset *ds = W->ds;
	size_t qh = 0, qt = 0;
	int any = 0;
	if (W->seen[v] == W->epoch)
		return;
	W->seen[v] = W->epoch;
	W->depth[v] = 1;
	W->queue[qt++] = v;
	while (qh < qt) {
		uint32_t x = W->queue[qh++];
		for (uint32_t k = W->first[x]; k < W->first[x] + W->cnt[x]; k++) {
			uint32_t y = W->to[k];
			if (!any) {
				fputs(ref, p->fp[T0502]);
				fprintf(p->fp[T0502], ",eba_TA:S%02d,", svc);
				csv_put(p->fp[T0502], ds->nodes[v].id);
				fputs(",1,eba_GA:qx2007\n", p->fp[T0502]);
				p->rows[T0502]++;
				any = 1;
			}
			list_provider(W, p, y);
			fputs(ref, p->fp[T0502]);
			fprintf(p->fp[T0502], ",eba_TA:S%02d,", svc);
			csv_put(p->fp[T0502], ds->nodes[y].id);
			fprintf(p->fp[T0502], ",%u,", W->depth[x] + 1);
			csv_put(p->fp[T0502], ds->nodes[x].id);
			fputc('\n', p->fp[T0502]);
			p->rows[T0502]++;
			W->n->chain_rows++;
			if (W->seen[y] != W->epoch) {
				W->seen[y] = W->epoch;
				W->depth[y] = W->depth[x] + 1;
				W->queue[qt++] = y;
			}
		}
	}
}

/* The package of institution i, in p's streams. */
static void write_package(struct writer *W, struct pkg *p, uint32_t i)
{
	const struct dataset *ds = W->ds;
	const struct node *inst = &ds->nodes[i];
	char num[64];
	FILE *fp = p->fp[T0102];
	csv_put(fp, inst->id);
	fputc(',', fp);
	csv_put(fp, inst->name);
	fputc(',', fp);
	put_country(fp, inst->country);
	const char *tc = roi_entity_type_code(inst->type);
	fprintf(fp, ",eba_CT:%s,eba_CU:EUR,", tc ? tc : "x316");
	fmt_num(num, sizeof num, inst->total_assets, 15);
	fprintf(fp, "%s\n", num);
	p->rows[T0102]++;
	uint32_t ncontract = 0;
	for (uint32_t s = inst->first_service; s < inst->first_service + inst->n_services;
	     s++) {
		const struct node *sv = &ds->nodes[s];
		fp = p->fp[T0601];
		csv_put(fp, sv->id);
		fputc(',', fp);
		csv_put(fp, sv->type);
		fputc(',', fp);
		csv_put(fp, sv->name);
		fputc(',', fp);
		csv_put(fp, inst->id);
		fmt_num(num, sizeof num, sv->tolerance_hours, 15);
		fprintf(fp, ",eba_BT:x28,%s\n", num);
		p->rows[T0601]++;
		for (uint32_t k = W->first[s]; k < W->first[s] + W->cnt[s]; k++) {
			uint32_t v = W->to[k];
			const struct node *pv = &ds->nodes[v];
			int svc = svc_type(pv);
			const char *cc = node_country(ds, pv);
			char ref[32];
			snprintf(ref, sizeof ref, "C%u", ++ncontract);
			fprintf(p->fp[T0201], "%s,eba_CO:x1\n", ref);
			p->rows[T0201]++;
			fp = p->fp[T0202];
			fprintf(fp, "%s,", ref);
			csv_put(fp, inst->id);
			fputc(',', fp);
			csv_put(fp, pv->id);
			fputc(',', fp);
			csv_put(fp, sv->id);
			fprintf(fp, ",eba_TA:S%02d", svc);
			for (int c = 0; c < 3; c++) {
				fputc(',', fp);
				if (*cc)
					put_country(fp, cc);
				else
					fputs("eba_GA:qx2007", fp);
			}
			fputs(",eba_ZZ:x797\n", fp);
			p->rows[T0202]++;
			W->n->contracts++;
			fp = p->fp[T0701];
			fprintf(fp, "%s,", ref);
			csv_put(fp, pv->id);
			fprintf(fp, ",eba_TA:S%02d,eba_ZZ:%s\n", svc,
			        subst_code(&W->a, W->fo[k]));
			p->rows[T0701]++;
			list_provider(W, p, v);
			chain(W, p, ref, svc, v);
		}
	}
}

/* ---- the zip ------------------------------------------------------------- */

struct entry {
	char *name;
	const char *data;
	size_t len;
};

/* The zip of entries e[0..n) in memory: 0 with *out (malloc'd) and
 * *outlen, or -1 with a message. */
static int zip_mem(const struct entry *e, size_t n, char **out, size_t *outlen, char *err,
                   size_t errsz)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = NULL;
	int rc = -1;
	*out = NULL;
	if (!src)
		goto fail;
	zip_source_keep(src);
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		zip_int64_t idx;
		if (!e[i].data) {
			idx = zip_dir_add(za, e[i].name, ZIP_FL_ENC_UTF_8);
		} else {
			zip_source_t *s = zip_source_buffer(za, e[i].data, e[i].len, 0);
			if (!s) {
				zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)),
				              0);
				goto fail;
			}
			idx = zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8);
			if (idx < 0)
				zip_source_free(s);
		}
		if (idx < 0 ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx, ROI_ENTRY_MTIME, 0) != 0) {
			zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
			goto fail;
		}
	}
	if (zip_close(za) != 0) {
		zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
		zip_discard(za);
		za = NULL;
		goto fail;
	}
	za = NULL;
	zip_stat_t st;
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		goto fail;
	*out = xmalloc(st.size ? st.size : 1);
	zip_int64_t got = zip_source_read(src, *out, st.size);
	zip_source_close(src);
	if (got < 0 || (zip_uint64_t)got != st.size)
		goto fail;
	*outlen = st.size;
	rc = 0;
fail:
	if (rc != 0) {
		snprintf(err, errsz, "cannot build a zip package: %s",
		         zip_error_strerror(&ze));
		free(*out);
		*out = NULL;
	}
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	size_t w = fwrite(data, 1, len, fp);
	int e = errno;
	if (fclose(fp) != 0 || w != len) {
		errno = w != len ? e : errno;
		return -1;
	}
	return 0;
}

/* Write institution i's package into directory tmp; its file name in *name. */
static int emit_package(struct writer *W, uint32_t i, const char *tmp, char *err,
                        size_t errsz)
{
	const struct node *inst = &W->ds->nodes[i];
	struct pkg p;
	memset(&p, 0, sizeof p);
	int rc = -1;
	char *zipbuf = NULL, *fi = NULL, *par = NULL, *path = NULL;
	char *pname =
	    xasprintf("%s.CON_%s_DORA010100_DORA_%s_20260101000000000", inst->id,
	              *inst->country ? inst->country : "XX", ROI_REF_PERIOD);
	for (int t = 0; t < NT; t++) {
		if (!(p.fp[t] = open_memstream(&p.buf[t], &p.len[t]))) {
			snprintf(err, errsz, "out of memory");
			goto out;
		}
		fputs(t_head[t], p.fp[t]);
	}
	W->epoch++;
	write_package(W, &p, i);
	for (int t = 0; t < NT; t++) {
		int bad = ferror(p.fp[t]);
		if ((fclose(p.fp[t]) != 0) | bad) {
			p.fp[t] = NULL;
			snprintf(err, errsz, "out of memory");
			goto out;
		}
		p.fp[t] = NULL;
	}
	size_t filen = 0, parlen = 0;
	FILE *fp = open_memstream(&fi, &filen);
	if (!fp) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	fputs("templateID,reported\n", fp);
	for (int t = 0; t < NT; t++)
		fprintf(fp, "%s,%s\n", t_code[t], p.rows[t] ? "true" : "false");
	int bad = ferror(fp);
	if ((fclose(fp) != 0) | bad) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	fp = open_memstream(&par, &parlen);
	if (!fp) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	fprintf(
	    fp,
	    "name,value\nentityID,rs:%s.CON\nrefPeriod,%s\nbaseCurrency,iso4217:EUR\n",
	    inst->id, ROI_REF_PERIOD);
	bad = ferror(fp);
	if ((fclose(fp) != 0) | bad) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	static const char pkgjson[] = "{\"documentInfo\":{\"documentType\":\"https://"
	                              "xbrl.org/report-package/2023\"}}\n";
	static const char repjson[] =
	    "{\"documentInfo\":{\"documentType\":\"https://xbrl.org/2021/xbrl-csv\","
	    "\"extends\":[\"http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/"
	    "dora.json\"]}}\n";
	struct entry e[6 + NT];
	size_t ne = 0;
	e[ne++] = (struct entry){xasprintf("%s/META-INF/", pname), NULL, 0};
	e[ne++] = (struct entry){xasprintf("%s/META-INF/reportPackage.json", pname),
	                         pkgjson, sizeof pkgjson - 1};
	e[ne++] = (struct entry){xasprintf("%s/reports/", pname), NULL, 0};
	e[ne++] = (struct entry){xasprintf("%s/reports/report.json", pname), repjson,
	                         sizeof repjson - 1};
	e[ne++] =
	    (struct entry){xasprintf("%s/reports/parameters.csv", pname), par, parlen};
	e[ne++] = (struct entry){xasprintf("%s/reports/FilingIndicators.csv", pname), fi,
	                         filen};
	for (int t = 0; t < NT; t++)
		e[ne++] = (struct entry){xasprintf("%s/reports/%s", pname, t_file[t]),
		                         p.buf[t], p.len[t]};
	size_t ziplen = 0;
	int zrc = zip_mem(e, ne, &zipbuf, &ziplen, err, errsz);
	for (size_t k = 0; k < ne; k++)
		free(e[k].name);
	if (zrc != 0)
		goto out;
	char *fname = xasprintf("%s.zip", pname);
	path = path_join(tmp, fname);
	free(fname);
	if (write_file(path, zipbuf, ziplen) != 0) {
		snprintf(err, errsz, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	W->n->packages++;
	rc = 0;
out:
	for (int t = 0; t < NT; t++) {
		if (p.fp[t])
			fclose(p.fp[t]);
		free(p.buf[t]);
	}
	free(fi);
	free(par);
	free(zipbuf);
	free(path);
	free(pname);
	return rc;
}

/* ---- the output directory -------------------------------------------------- */

/* Is 'name' what a run writes into the output directory? */
static int is_ours(const char *name)
{
	size_t l = strlen(name);
	return strcmp(name, ROI_SYSTEMIC_FILE) == 0 ||
	       (l > 4 && strcmp(name + l - 4, ".zip") == 0);
}

/* Remove directory d and the regular files in it (no deeper). */
static void remove_flat_dir(const char *d)
{
	DIR *dp = opendir(d);
	if (dp) {
		struct dirent *de;
		while ((de = readdir(dp))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *p = path_join(d, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(d);
}

/* Does dir hold the systemic.txt that generate writes (its first line)? */
static int marked(const char *dir)
{
	char *p = path_join(dir, ROI_SYSTEMIC_FILE);
	FILE *fp = fopen(p, "r");
	free(p);
	if (!fp)
		return 0;
	char line[128];
	int ok = fgets(line, sizeof line, fp) != NULL &&
	         strncmp(line, ROI_SYSTEMIC_HEADER, strlen(ROI_SYSTEMIC_HEADER)) == 0;
	fclose(fp);
	return ok;
}

/* May dir be replaced?  0: absent or empty (*exists says which), 1: it
 * holds an earlier run's files, -1: refused (message in err). */
static int check_dir(const char *dir, int *exists, char *err, size_t errsz)
{
	struct stat st;
	*exists = 0;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "%s: not a directory", dir);
		return -1;
	}
	*exists = 1;
	DIR *dp = opendir(dir);
	if (!dp) {
		snprintf(err, errsz, "%s: cannot read: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		const char *n = de->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
			continue;
		char *p = path_join(dir, n);
		int reg = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
		if (!reg || !is_ours(n)) {
			snprintf(err, errsz,
			         "%s: holds %s, which is not a package of a "
			         "generated register: expected a new or empty directory",
			         dir, n);
			rc = -1;
			break;
		}
		rc = 1;
	}
	closedir(dp);
	if (rc == 1 && !marked(dir)) {
		/* zips without our systemic.txt may be registers as filed */
		snprintf(err, errsz,
		         "%s: holds packages but not the %s that generate writes beside "
		         "them: expected a new or empty directory, or a register generated "
		         "earlier", dir, ROI_SYSTEMIC_FILE);
		rc = -1;
	}
	return rc;
}

int generate_roi(const char *dir, const char *preset, double scale, uint64_t seed,
                 int force, struct roi_write_counts *counts, char *err, size_t errsz)
{
	int exists, st = check_dir(dir, &exists, err, errsz);
	if (st < 0)
		return CP_ERR_CREATE;
	if (st > 0 && !force) {
		snprintf(err, errsz,
		         "%s: already holds a generated register: expected an empty "
		         "directory (--force replaces it)",
		         dir);
		return CP_ERR_CREATE;
	}
	char *text[5];
	size_t len[5];
	struct roi_write_counts n;
	memset(&n, 0, sizeof n);
	if (generate_dataset_mem(preset, scale, seed, text, len, &n.data, err, errsz) !=
	    0)
		return CP_ERR_CREATE;
	struct dataset ds;
	struct diag d;
	int missing = 0;
	diag_init(&d);
	int lrc = dataset_load_mem(&ds, "generated", (const char *const *)text, len, &d,
	                           &missing);
	for (int i = 0; i < 5; i++)
		free(text[i]);
	if (lrc != 0) {
		/* The generator writes valid data sets, so what stops the load
		 * is a resource limit (--limit): say which. */
		const char *why = "";
		for (size_t k = 0; k < d.n; k++)
			if (d.msgs[k].level == DIAG_ERROR) {
				why = d.msgs[k].text;
				break;
			}
		snprintf(err, errsz, "generate: the generated data set does not load: %s", why);
		diag_free(&d);
		return CP_ERR_LIMIT;
	}
	diag_free(&d);

	struct writer W;
	memset(&W, 0, sizeof W);
	W.ds = &ds;
	W.n = &n;
	roi_assumptions_default(&W.a);
	uint32_t nn = ds.n_nodes;
	W.first = xcalloc((size_t)nn + 1, sizeof *W.first);
	W.cnt = xcalloc((size_t)nn + 1, sizeof *W.cnt);
	W.to = xcalloc((size_t)ds.n_deps + 1, sizeof *W.to);
	W.fo = xcalloc((size_t)ds.n_deps + 1, sizeof *W.fo);
	W.listed = xcalloc((size_t)nn + 1, sizeof *W.listed);
	W.seen = xcalloc((size_t)nn + 1, sizeof *W.seen);
	W.depth = xcalloc((size_t)nn + 1, sizeof *W.depth);
	W.queue = xcalloc((size_t)nn + 1, sizeof *W.queue);
	for (uint32_t e = 0; e < ds.n_deps; e++)
		W.cnt[ds.deps[e].from]++;
	for (uint32_t v = 1; v < nn; v++)
		W.first[v] = W.first[v - 1] + W.cnt[v - 1];
	uint32_t *fill = xcalloc((size_t)nn + 1, sizeof *fill);
	for (uint32_t e = 0; e < ds.n_deps; e++) {
		uint32_t f = ds.deps[e].from, k = W.first[f] + fill[f]++;
		W.to[k] = ds.deps[e].to;
		W.fo[k] = ds.deps[e].failover_hours;
	}
	free(fill);

	/* a temporary directory beside dir, renamed into place at the end */
	char *clean = path_clean(dir);
	char *tmp = xasprintf("%s.tmp.XXXXXX", clean), *old = NULL;
	int rc = CP_OK;
	if (!mkdtemp(tmp)) {
		snprintf(err, errsz, "%s: cannot create: %s", tmp, strerror(errno));
		rc = CP_ERR_CREATE;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* mkdtemp makes it 0700; the register gets a directory's usual mode */
	mode_t um = umask(0);
	umask(um);
	if (chmod(tmp, 0777 & ~um) != 0) {
		snprintf(err, errsz, "%s: cannot set its mode: %s", tmp, strerror(errno));
		rc = CP_ERR_CREATE;
		goto out;
	}
	uint32_t i0 = ds.first_kind[NODE_INSTITUTION];
	for (uint32_t i = i0; i < i0 + ds.n_kind[NODE_INSTITUTION] && rc == CP_OK; i++)
		if (emit_package(&W, i, tmp, err, errsz) != 0)
			rc = CP_ERR_WRITE;
	if (rc == CP_OK) {
		size_t slen = 0;
		char *sbuf = NULL;
		FILE *fp = open_memstream(&sbuf, &slen);
		if (!fp)
			msg_die(CP_EXIT_OSERR, "out of memory");
		fprintf(fp,
		        ROI_SYSTEMIC_HEADER " (G-SIIs and "
		        "O-SIIs): chokepoint import --systemic %s\n",
		        ROI_SYSTEMIC_FILE);
		for (uint32_t i = i0; i < i0 + ds.n_kind[NODE_INSTITUTION]; i++)
			if (ds.nodes[i].systemic)
				fprintf(fp, "%s\n", ds.nodes[i].id);
		fclose(fp);
		char *sp = path_join(tmp, ROI_SYSTEMIC_FILE);
		if (write_file(sp, sbuf, slen) != 0) {
			snprintf(err, errsz, "%s: write failed: %s", sp, strerror(errno));
			rc = CP_ERR_WRITE;
		}
		free(sp);
		free(sbuf);
	}
	if (rc == CP_OK && exists) {
		/* the old directory out of the way, then the new one in */
		old = xasprintf("%s.old.XXXXXX", clean);
		if (!mkdtemp(old) || rename(dir, old) != 0) {
			snprintf(err, errsz, "%s: cannot replace: %s", dir,
			         strerror(errno));
			rc = CP_ERR_CREATE;
			rmdir(old);
			free(old);
			old = NULL;
		}
	}
	if (rc == CP_OK && rename(tmp, dir) != 0) {
		snprintf(err, errsz, "%s: cannot create: %s", dir, strerror(errno));
		rc = CP_ERR_CREATE;
		if (old && rename(old, dir) == 0) {
			free(old);
			old = NULL;
		}
	}
	if (rc == CP_OK) {
		free(tmp);
		tmp = NULL;
	}
	if (rc == CP_OK && old)
		remove_flat_dir(old);
out:
	if (tmp)
		remove_flat_dir(tmp);
	free(tmp);
	free(old);
	free(clean);
	free(W.first);
	free(W.cnt);
	free(W.to);
	free(W.fo);
	free(W.listed);
	free(W.seen);
	free(W.depth);
	free(W.queue);
	roi_assumptions_free(&W.a);
	dataset_free(&ds);
	if (rc == CP_OK && counts)
		*counts = n;
	return rc;
}
