/*
 * roi_assume.c - the assumptions of `chokepoint import`: what the register
 * of information does not say (outage rates and durations per ICT service
 * type) and the choices of the mapping (failover per substitutability
 * code, the floor of recovery time objectives, which codes make a service
 * or no edge, currency rates).  The defaults below are the values of
 * data/roi-assumptions.ini; an INI file (chokepoint-import(5)) replaces
 * any of them.
 */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/text.h"
#include "input/dataset.h"
#include "input/roi.h"

/* Outages a year, median and 95th percentile hours, per type S01..S19:
 * assumptions (the register holds no outage history). */
static const struct roi_outage default_outage[ROI_NSVC] = {
	{ 0.1, 4, 24 },   /* S01 ICT project management */
	{ 0.1, 4, 24 },   /* S02 ICT development */
	{ 0.5, 2, 12 },   /* S03 help desk */
	{ 0.2, 4, 24 },   /* S04 ICT security management */
	{ 0.5, 4, 24 },   /* S05 provision of data */
	{ 0.2, 4, 24 },   /* S06 data analysis */
	{ 0.2, 8, 48 },   /* S07 facilities and hosting */
	{ 0.3, 4, 24 },   /* S08 computation */
	{ 0.2, 6, 36 },   /* S09 non-cloud data storage */
	{ 1, 2, 12 },     /* S10 telecom carrier */
	{ 0.5, 2, 12 },   /* S11 network infrastructure */
	{ 0.2, 8, 48 },   /* S12 hardware and physical devices */
	{ 0.2, 4, 24 },   /* S13 software licensing */
	{ 0.3, 4, 24 },   /* S14 ICT operation management */
	{ 0.1, 4, 24 },   /* S15 ICT consulting */
	{ 0.1, 4, 24 },   /* S16 ICT risk management */
	{ 0.5, 3, 12 },   /* S17 cloud IaaS */
	{ 0.5, 3, 12 },   /* S18 cloud PaaS */
	{ 0.5, 3, 12 },   /* S19 cloud SaaS */
};

void roi_assumptions_default(struct roi_assumptions *a)
{
	memset(a, 0, sizeof *a);
	memcpy(a->outage, default_outage, sizeof a->outage);
	a->failover[0] = INFINITY; /* x959 not substitutable */
	a->failover[1] = INFINITY; /* x960 highly complex */
	a->failover[2] = 336;      /* x961 medium complexity: two weeks */
	a->failover[3] = 72;       /* x962 easily substitutable: three days */
	a->rto_floor = 1;
	a->critical_x28 = 1;
	a->critical_x21 = 1;
	a->critical_x29 = 0;
	a->no_edge[0] = 1; /* x794 not significant */
	strcpy(a->base_currency, "EUR");
}

void roi_assumptions_free(struct roi_assumptions *a)
{
	free(a->path);
	free(a->rate_code);
	free(a->rate);
	memset(a, 0, sizeof *a);
}

struct ctx {
	struct roi_assumptions *a;
	struct diag *d;
	const char *path;
	size_t cap;
	int bad;
	FILE *fp;
	unsigned long line; /* the line last handed to inih */
};

/* inih's reader, counting lines for messages. */
static char *reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	char *r = fgets(str, num, c->fp);
	if (r)
		c->line++;
	return r;
}

static int num_ok(const char *v, double *x, double lo, double hi)
{
	return parse_decimal(v, x) == 0 && *x >= lo && *x <= hi;
}

/* Does the list of words v hold 'code'? */
static int has_word(const char *v, const char *code)
{
	size_t l = strlen(code);
	for (const char *p = v; (p = strstr(p, code)); p += l)
		if ((p == v || p[-1] == ' ' || p[-1] == ',') &&
		    (!p[l] || p[l] == ' ' || p[l] == ','))
			return 1;
	return 0;
}

/* Only the codes of 'allowed' (NULL-terminated) in the list v? */
static int words_ok(const char *v, const char *const *allowed)
{
	char *s = xstrdup(v), *save = NULL;
	int ok = 1;
	for (char *w = strtok_r(s, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		int k = 0;
		while (allowed[k] && strcmp(allowed[k], w) != 0)
			k++;
		ok = ok && allowed[k];
	}
	free(s);
	return ok;
}

#define BAD(...) (diag_error(c->d, c->path, c->line, NULL, __VA_ARGS__), c->bad = 1, 1)

static int handle(void *user, const char *sec, const char *key, const char *val)
{
	struct ctx *c = user;
	struct roi_assumptions *a = c->a;
	if (!key)
		return 1;
	if (strcmp(sec, "outage") == 0) {
		int k = -1;
		if (key[0] == 'S' && key[1] >= '0' && key[1] <= '9' && key[2] >= '0' &&
		    key[2] <= '9' && !key[3])
			k = (key[1] - '0') * 10 + (key[2] - '0') - 1;
		if (k < 0 || k >= ROI_NSVC)
			return BAD("[outage] %s: expected a type of ICT service S01 to S19", key);
		/* Three plain decimals (no nan, inf or hex), blank-separated. */
		double x[3] = { 0, 0, 0 };
		int n = 0, ok = 1;
		char *s = xstrdup(val), *save = NULL;
		for (char *w = strtok_r(s, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			ok = ok && n < 3 && parse_decimal(w, &x[n++]) == 0;
		free(s);
		double r = x[0], m = x[1], p = x[2];
		if (!ok || n != 3 || r < 0 || r > DATASET_MAX_RATE || m < 1e-6 || m > 1e6 ||
		    p < m || p > 1e6)
			return BAD("[outage] %s = %s: expected RATE MEDIAN P95 (0 to 700 a year; "
			           "hours from 0.000001 to 1000000, P95 at least MEDIAN)", key, val);
		a->outage[k] = (struct roi_outage){ r, m, p };
		return 1;
	}
	if (strcmp(sec, "failover") == 0) {
		static const char *const codes[4] = { "x959", "x960", "x961", "x962" };
		for (int k = 0; k < 4; k++)
			if (strcmp(key, codes[k]) == 0) {
				double x;
				if (strcmp(val, "none") == 0)
					a->failover[k] = INFINITY;
				else if (num_ok(val, &x, 0, 1e6))
					a->failover[k] = x;
				else
					return BAD("[failover] %s = %s: expected hours from 0 to 1000000 "
					           "or none", key, val);
				return 1;
			}
		return BAD("[failover] %s: expected x959, x960, x961 or x962", key);
	}
	if (strcmp(sec, "service") == 0) {
		if (strcmp(key, "rto_floor_hours") == 0) {
			if (!num_ok(val, &a->rto_floor, 1e-6, 1e6))
				return BAD("[service] rto_floor_hours = %s: expected hours from "
				           "0.000001 to 1000000", val);
			return 1;
		}
		if (strcmp(key, "critical") == 0) {
			static const char *const ok[] = { "x28", "x21", "x29", NULL };
			if (!words_ok(val, ok))
				return BAD("[service] critical = %s: expected codes among x28, x21 "
				           "and x29", val);
			a->critical_x28 = has_word(val, "x28");
			a->critical_x21 = has_word(val, "x21");
			a->critical_x29 = has_word(val, "x29");
			return 1;
		}
		return BAD("[service] %s: expected rto_floor_hours or critical", key);
	}
	if (strcmp(sec, "reliance") == 0) {
		static const char *const ok[] = { "x794", "x795", "x796", "x797", NULL };
		if (strcmp(key, "no_edge") != 0)
			return BAD("[reliance] %s: expected no_edge", key);
		if (!words_ok(val, ok))
			return BAD("[reliance] no_edge = %s: expected codes among x794, x795, "
			           "x796 and x797", val);
		for (int k = 0; k < 4; k++)
			a->no_edge[k] = has_word(val, ok[k]);
		return 1;
	}
	if (strcmp(sec, "currency") == 0) {
		size_t l = strlen(val);
		if (strcmp(key, "base") == 0) {
			if (l != 3)
				return BAD("[currency] base = %s: expected an ISO 4217 code", val);
			strcpy(a->base_currency, val);
			return 1;
		}
		double x;
		if (strlen(key) != 3 || !num_ok(val, &x, 1e-12, 1e12))
			return BAD("[currency] %s = %s: expected CODE = units of the base currency "
			           "per unit of CODE", key, val);
		size_t k;
		for (k = 0; k < a->n_rates && strcmp(a->rate_code[k], key) != 0; k++)
			;
		if (k == a->n_rates) {
			ALLOC_GROW(a->rate, a->n_rates + 1, c->cap);
			a->rate_code = xreallocarray(a->rate_code, c->cap, sizeof *a->rate_code);
			strcpy(a->rate_code[a->n_rates++], key);
		}
		a->rate[k] = x;
		return 1;
	}
	return BAD("[%s]: unknown section: expected outage, failover, service, reliance "
	           "or currency", sec);
}

#if INI_HANDLER_LINENO
static int handler(void *user, const char *sec, const char *key, const char *val, int lineno)
{
	(void)lineno;
	return handle(user, sec, key, val);
}
#else
static int handler(void *user, const char *sec, const char *key, const char *val)
{
	return handle(user, sec, key, val);
}
#endif

int roi_assumptions_load(struct roi_assumptions *a, const char *path, struct diag *d)
{
	struct ctx c = { a, d, path, 0, 0, NULL, 0 };
	FILE *fp = fopen(path, "r");
	c.fp = fp;
	if (!fp) {
		diag_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	int r = ini_parse_stream(reader, &c, handler, &c);
	fclose(fp);
	if (r > 0)
		diag_error(d, path, (unsigned long)r, NULL, "not a line of an INI file: "
		           "expected [section] or key = value");
	if (r != 0 || c.bad)
		return -1;
	free(a->path);
	a->path = xstrdup(path);
	return 0;
}
