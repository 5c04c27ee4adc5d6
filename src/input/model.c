/* model.c - model files (INI, read by inih), overrides, shock targets. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "base/limits.h"
#include "input/model.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/text.h"

/* Largest model file read; anything bigger is not a hand-written model. */
/* Edits allowed for a "did you mean" suggestion. */
#define SUGGEST_EDITS 2
/* Per override, how many failing nodes are named before "and N more". */
#define MAX_NAMED 1

/* ---- keys ------------------------------------------------------------- */

enum model_key {
	MK_NAME, MK_TITLE, MK_DESCRIPTION, MK_DATA, MK_MODE, MK_TRIALS, MK_SEED,
	MK_SHARE, MK_BASELINE, MK_WINDOW, MK_COUNT
};
static const char *const model_keys[MK_COUNT] = {
	"name", "title", "description", "data", "mode", "trials", "seed",
	"systemic_assets_share", "baseline", "window_hours"
};

enum shock_key {
	SK_TARGETS, SK_TARGET_TYPE, SK_PROBABILITY, SK_FREQUENCY, SK_HIT,
	SK_DURATION, SK_SHARED, SK_COUNT
};
static const char *const shock_keys[SK_COUNT] = {
	"targets", "target_type", "probability", "frequency", "hit_probability",
	"duration", "shared_duration"
};

/* Data overrides: node.GLOB.COLUMN, service.GLOB.COLUMN, dependency.FROM.TO.COLUMN. */
enum data_kind { DK_NODE, DK_SERVICE, DK_DEPENDENCY, DK_COUNT };
static const char *const data_prefix[DK_COUNT] = { "node.", "service.", "dependency." };
enum data_col {
	DC_RATE, DC_MEDIAN, DC_P95,      /* node */
	DC_TOLERANCE, DC_VOLUME,         /* service */
	DC_FAILOVER, DC_MIN_UP,          /* dependency */
	DC_COUNT
};
static const char *const data_cols[DC_COUNT] = {
	"annual_outage_rate", "outage_median_hours", "outage_p95_hours",
	"tolerance_hours", "daily_volume", "failover_hours", "min_up"
};
static const enum data_kind data_col_kind[DC_COUNT] = {
	DK_NODE, DK_NODE, DK_NODE, DK_SERVICE, DK_SERVICE, DK_DEPENDENCY, DK_DEPENDENCY
};
static const char *const data_cols_list[DK_COUNT] = {
	"annual_outage_rate, outage_median_hours or outage_p95_hours",
	"tolerance_hours or daily_volume",
	"failover_hours or min_up"
};

/* Where a value came from, for messages: file:line: column. */
struct place {
	struct diag *d;
	const char *file;
	unsigned long line;
	const char *col;
};

static void bad_value(const struct place *pl, const char *expect, const char *got)
{
	const char *why = "";
	if (strcasecmp(got, "nan") == 0 || strcasecmp(got, "inf") == 0 ||
	    strcasecmp(got, "-inf") == 0 || strcasecmp(got, "infinity") == 0)
		why = " (NaN and infinities are not allowed)";
	diag_error(pl->d, pl->file, pl->line, pl->col, "expected %s, got \"%s\"%s",
	           expect, got, why);
}

static int find_word(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	return -1;
}

/* The word of 'words' within SUGGEST_EDITS edits of s, or NULL. */
static const char *nearest_word(const char *s, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t bestd = SUGGEST_EDITS + 1;
	for (size_t i = 0; i < n; i++) {
		size_t e = edit_distance(s, words[i], SUGGEST_EDITS);
		if (e < bestd) {
			bestd = e;
			best = words[i];
		}
	}
	return best;
}

static void unknown_key(const struct place *pl, const char *key, const char *section,
                        const char *const *words, size_t n)
{
	const char *near = nearest_word(key, words, n);
	char *list = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *t = xasprintf("%s%s%s", list, i ? ", " : "", words[i]);
		free(list);
		list = t;
	}
	if (near)
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "unknown key \"%s\" in %s (did you mean \"%s\"?)", key, section, near);
	else
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "unknown key \"%s\" in %s; expected one of %s", key, section, list);
	free(list);
}

/* ---- values ----------------------------------------------------------- */


/* A whole number 0 .. 2^64 - 1, digits only. */
static int parse_u64(const char *s, uint64_t *out)
{
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = (uint64_t)x;
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

/* Number in [lo, hi], lo excluded when lo_open; 0 or -1 after reporting. */
static int get_range(const struct place *pl, const char *v, double lo, int lo_open,
                     double hi, const char *expect, double *out)
{
	double x;
	if (parse_decimal(v, &x) != 0 || x < lo || (lo_open && x == lo) || x > hi) {
		bad_value(pl, expect, v);
		return -1;
	}
	*out = x;
	return 0;
}

/* Copy of s[0..n) without surrounding spaces and tabs. */
static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	             s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/*
 * A value without its inline comment.  inih strips " ; comment" when it
 * is built with INI_ALLOW_INLINE_COMMENTS (the default) and keeps it
 * otherwise; doing it here too gives the same result either way.  As in
 * inih, ';' starts a comment only after a space or tab.
 */
static char *strip_comment(const char *v)
{
	size_t n = strlen(v);
	for (size_t i = 1; i < n; i++)
		if (v[i] == ';' && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
			n = i;
			break;
		}
	return trim_dup(v, n);
}

/* Is s a space-separated list of ids or fnmatch globs? */
static int targets_valid(const char *s)
{
	int any = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		any = 1;
		if (!isalnum((unsigned char)*p) && !strchr("_.:@/-*?[]!^\\", *p))
			return 0;
	}
	return any;
}

/* Whitespace-separated words of s joined by single spaces. */
static char *words_normalise(const char *s)
{
	char *out = xmalloc(strlen(s) + 1);
	size_t n = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n)
			out[n++] = ' ';
		while (*p && *p != ' ' && *p != '\t')
			out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

/* An output directory name: [A-Za-z0-9_.-]{1,128}, not starting with '.'. */
static int name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > ID_MAX_LEN || s[0] == '.')
		return 0;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	return 1;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* ---- [model] and [shock] keys ----------------------------------------- */

/*
 * Set [model] key k.  'dir' is the model file's directory for a relative
 * data path (NULL: keep it as given, relative to the working directory).
 */
static int model_key_set(struct model *m, int k, const char *v, const char *dir,
                         const struct place *pl)
{
	uint64_t u;
	double x;
	int b;
	switch (k) {
	case MK_NAME:
		if (!name_valid(v)) {
			bad_value(pl, "a name of 1 to 128 characters from [A-Za-z0-9_.-], "
			          "not starting with '.'", v);
			return -1;
		}
		set_str(&m->name, v);
		return 0;
	case MK_TITLE:
		set_str(&m->title, v);
		return 0;
	case MK_DESCRIPTION:
		set_str(&m->description, v);
		return 0;
	case MK_DATA:
		free(m->data);
		m->data = *v && *v != '/' && dir ? path_join(dir, v) : xstrdup(v);
		if (*v && *v != '/' && dir) {
			/* "models/../data/x" reads better as "data/x" in every
			 * message and report, when it is the same directory */
			char *clean = path_clean(m->data);
			if (same_file(clean, m->data)) {
				free(m->data);
				m->data = clean;
			} else {
				free(clean);
			}
		}
		return 0;
	case MK_MODE:
		if (strcasecmp(v, "stress") == 0)
			m->mode = MODE_STRESS;
		else if (strcasecmp(v, "annual") == 0)
			m->mode = MODE_ANNUAL;
		else
			return bad_value(pl, "stress or annual", v), -1;
		return 0;
	case MK_TRIALS:
		/* the trials limit applies to the value a run ends up with
		 * (runner.c), after -n and --set: here only its ceiling */
		if (parse_u64(v, &u) != 0 || u < 1 || u > limit_ceiling(LIMIT_TRIALS)) {
			char e[96];
			snprintf(e, sizeof e, "a whole number from 1 to %" PRIu64,
			         limit_ceiling(LIMIT_TRIALS));
			return bad_value(pl, e, v), -1;
		}
		m->trials = u;
		return 0;
	case MK_SEED:
		if (parse_u64(v, &u) != 0)
			return bad_value(pl, "a whole number from 0 to 18446744073709551615", v), -1;
		m->seed = u;
		return 0;
	case MK_SHARE:
		if (get_range(pl, v, 0, 1, 1, "a share with 0 < share <= 1", &x) != 0)
			return -1;
		m->systemic_assets_share = x;
		return 0;
	case MK_BASELINE:
		if (!*v) {
			m->baseline = -1;
			return 0;
		}
		if (parse_bool(v, &b) != 0)
			return bad_value(pl, "yes/no, true/false or 1/0", v), -1;
		m->baseline = b;
		return 0;
	case MK_WINDOW:
		if (get_range(pl, v, 0, 1, INFINITY, "a number of hours > 0", &x) != 0)
			return -1;
		m->window_hours = x;
		return 0;
	}
	return -1;
}

static int shock_key_set(struct shock *s, int k, const char *v, const struct place *pl)
{
	double x;
	int b;
	switch (k) {
	case SK_TARGETS:
		if (!targets_valid(v))
			return bad_value(pl, "space-separated ids or fnmatch globs", v), -1;
		free(s->targets);
		s->targets = words_normalise(v);
		return 0;
	case SK_TARGET_TYPE:
		free(s->target_type);
		s->target_type = words_normalise(v);
		return 0;
	case SK_PROBABILITY:
		if (get_range(pl, v, 0, 0, 1, "a probability with 0 <= p <= 1", &x) != 0)
			return -1;
		s->probability = x;
		s->has_probability = 1;
		return 0;
	case SK_FREQUENCY:
		if (get_range(pl, v, 0, 0, MODEL_MAX_RATE, "occurrences per year from 0 to 700",
		              &x) != 0)
			return -1;
		s->frequency = x;
		s->has_frequency = 1;
		return 0;
	case SK_HIT:
		if (get_range(pl, v, 0, 0, 1, "a probability with 0 <= p <= 1", &x) != 0)
			return -1;
		s->hit_probability = x;
		return 0;
	case SK_DURATION: {
		char err[512];
		if (dist_parse(v, &s->duration, err, sizeof err) != 0) {
			diag_error(pl->d, pl->file, pl->line, pl->col, "%s", err);
			return -1;
		}
		s->has_duration = 1;
		return 0;
	}
	case SK_SHARED:
		if (parse_bool(v, &b) != 0)
			return bad_value(pl, "yes/no, true/false or 1/0", v), -1;
		s->shared_duration = b;
		return 0;
	}
	return -1;
}

static struct shock *find_shock(const struct model *m, const char *name, size_t n)
{
	for (size_t i = 0; i < m->n_shocks; i++)
		if (strlen(m->shocks[i].name) == n && strncmp(m->shocks[i].name, name, n) == 0)
			return &m->shocks[i];
	return NULL;
}

static struct shock *add_shock(struct model *m, const char *name, unsigned long line)
{
	m->shocks = xreallocarray(m->shocks, m->n_shocks + 1, sizeof *m->shocks);
	struct shock *s = &m->shocks[m->n_shocks++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->targets = xstrdup("");
	s->target_type = xstrdup("");
	s->probability = 1.0;
	s->hit_probability = 1.0;
	s->shared_duration = 1;
	s->line = line;
	return s;
}

/* ---- data override keys ------------------------------------------------ */

/*
 * Split a data key into kind, the glob part ("GLOB" or "FROMGLOB.TOGLOB")
 * and the column (after the last '.', since ids may contain dots).
 * 0, or -1 when the key is not a data key at all (no known prefix).
 */
static int data_key_split(const char *key, enum data_kind *kind, const char **mid,
                          size_t *midlen, const char **col)
{
	for (int k = 0; k < DK_COUNT; k++) {
		size_t pl = strlen(data_prefix[k]);
		if (strncmp(key, data_prefix[k], pl) != 0)
			continue;
		*kind = (enum data_kind)k;
		*mid = key + pl;
		const char *dot = strrchr(*mid, '.');
		if (!dot) {
			*midlen = 0;
			*col = *mid + strlen(*mid);
		} else {
			*midlen = (size_t)(dot - *mid);
			*col = dot + 1;
		}
		return 0;
	}
	return -1;
}

/* Could mid[0..n) be FROMGLOB.TOGLOB, both non-empty? */
static int dep_mid_valid(const char *mid, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++)
		if (mid[i] == '.')
			return 1;
	return 0;
}

/*
 * Parse a data override's value for column c: the number in *x (INFINITY
 * for failover "none" or empty), min_up in *k.  0, or -1 after reporting.
 */
static int data_value(int c, const char *v, double *x, uint32_t *k,
                      const struct place *pl)
{
	uint64_t u;
	switch (c) {
	case DC_RATE:
		return get_range(pl, v, 0, 0, MODEL_MAX_RATE, "outages per year from 0 to 700", x);
	case DC_VOLUME:
		return get_range(pl, v, 0, 0, DATASET_MAX_NUMBER, "a number from 0 to 1e18", x);
	case DC_MEDIAN:
	case DC_P95:
		return get_range(pl, v, DIST_MIN_HOURS, 0, DIST_MAX_HOURS,
		                 "a number of hours from 0.000001 to 1000000", x);
	case DC_TOLERANCE:
		return get_range(pl, v, 0, 1, DATASET_MAX_NUMBER,
		                 "a number of hours > 0 and at most 1e18", x);
	case DC_FAILOVER:
		if (!*v || strcasecmp(v, "none") == 0) {
			*x = INFINITY;
			return 0;
		}
		return get_range(pl, v, 0, 0, DATASET_MAX_NUMBER,
		                 "a number of hours from 0 to 1e18, or none", x);
	case DC_MIN_UP:
		if (parse_u64(v, &u) != 0 || u < 1 || u > UINT32_MAX) {
			bad_value(pl, "a whole number >= 1", v);
			return -1;
		}
		*k = (uint32_t)u;
		return 0;
	}
	return -1;
}

/* Check a data key's form and value; the column index, or -1 after reporting. */
static int data_key_check(const char *key, const char *value, const struct place *pl)
{
	enum data_kind kind;
	const char *mid, *col;
	size_t midlen;
	if (data_key_split(key, &kind, &mid, &midlen, &col) != 0)
		return -1;
	static const char *const forms[DK_COUNT] = {
		"node.GLOB.COLUMN", "service.GLOB.COLUMN", "dependency.FROMGLOB.TOGLOB.COLUMN"
	};
	int ok = kind == DK_DEPENDENCY ? dep_mid_valid(mid, midlen) : midlen > 0;
	if (!ok) {
		diag_error(pl->d, pl->file, pl->line, pl->col, "expected %s", forms[kind]);
		return -1;
	}
	int c = find_word(col, data_cols, DC_COUNT);
	if (c < 0 || data_col_kind[c] != kind) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "expected a column %s after %s, got \"%s\"",
		           data_cols_list[kind], forms[kind], col);
		return -1;
	}
	double x;
	uint32_t k;
	if (data_value(c, value, &x, &k, pl) != 0)
		return -1;
	return c;
}

/* ---- model_set ------------------------------------------------------------ */

/* The directory part of path, or NULL when it has none. */
static char *dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return NULL;
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/*
 * shock.NAME.duration.PARAM: change one parameter of a shock's duration,
 * so a sweep can vary, say, the median alone.  Lognormal: "median" moves
 * the median and keeps the spread sigma (P95 scales with it), "p95" moves
 * the 95th percentile; exponential "mean"; fixed "hours"; uniform "min",
 * "max"; weibull "shape", "scale".  Returns 1 when key has this form (with
 * r set to 0 or -1), 0 when it does not.
 */
static int duration_param_set(struct model *m, const char *key, const char *v,
                              const struct place *pl, int *r)
{
	const char *name = key + 6, *dd = NULL;
	for (const char *p = strstr(name, ".duration."); p; p = strstr(p + 1, ".duration."))
		dd = p;
	if (!dd)
		return 0;
	struct shock *sh = find_shock(m, name, (size_t)(dd - name));
	if (!sh)
		return 0;
	const char *param = dd + 10;
	static const char *const names[5][2] = {
		{ "hours", NULL }, { "min", "max" }, { "mean", NULL },
		{ "median", "p95" }, { "shape", "scale" } };
	struct dist *du = &sh->duration;
	int which = -1;
	for (int i = 0; i < 2; i++)
		if (names[du->kind][i] && strcmp(param, names[du->kind][i]) == 0)
			which = i;
	*r = -1;
	if (which < 0) {
		char dbuf[128];
		dist_format(du, dbuf, sizeof dbuf);
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "shock \"%.*s\" has duration \"%s\": expected duration.%s%s%s",
		           (int)(dd - name), name, dbuf, names[du->kind][0],
		           names[du->kind][1] ? " or duration." : "",
		           names[du->kind][1] ? names[du->kind][1] : "");
		return 1;
	}
	/* The bounds of dist.h; dist_check below checks the result as a whole. */
	double x;
	int zero_ok = du->kind == DIST_UNIFORM && which == 0, bad;
	if (du->kind == DIST_WEIBULL && which == 0)
		bad = get_range(pl, v, DIST_MIN_SHAPE, 0, DIST_MAX_SHAPE,
		                "a shape from 0.1 to 1000", &x);
	else if (zero_ok && parse_decimal(v, &x) == 0 && x == 0)
		bad = 0;
	else
		bad = get_range(pl, v, DIST_MIN_HOURS, 0, DIST_MAX_HOURS,
		                zero_ok ? "a number of hours, 0 or from 0.000001 to 1000000"
		                        : "a number of hours from 0.000001 to 1000000", &x);
	if (bad)
		return 1;
	struct dist nd = *du;
	if (du->kind == DIST_LOGNORMAL && which == 0) {
		nd.b = du->b * (x / du->a); /* keep P95 / MEDIAN, i.e. sigma */
		nd.a = x;
	} else if (which == 0) {
		nd.a = x;
	} else {
		nd.b = x;
	}
	if ((du->kind == DIST_UNIFORM || du->kind == DIST_LOGNORMAL) && nd.b < nd.a) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "expected %s >= %s, got %s below it", names[du->kind][1],
		           names[du->kind][0], which ? names[du->kind][1] : names[du->kind][0]);
		return 1;
	}
	char err[256];
	if (dist_check(&nd, err, sizeof err) != 0) { /* bounds, dist.h */
		diag_error(pl->d, pl->file, pl->line, pl->col, "%s", err);
		return 1;
	}
	*du = nd;
	*r = 0;
	return 1;
}

int model_set(struct model *m, const char *key, const char *value,
              const char *file, unsigned long line, struct diag *d)
{
	if (!file)
		file = "--set";
	struct place pl = { d, file, line, key };
	char *v = trim_dup(value, strlen(value));
	int r = -1;
	enum data_kind kind;
	const char *mid, *col;
	size_t midlen;

	if (strncmp(key, "model.", 6) == 0) {
		int k = find_word(key + 6, model_keys, MK_COUNT);
		if (k < 0) {
			unknown_key(&pl, key + 6, "[model]", model_keys, MK_COUNT);
		} else {
			/* From a file, a relative data path is relative to the model
			 * file; from the command line, to the working directory. */
			char *dir = line > 0 ? dir_of(m->path) : NULL;
			r = model_key_set(m, k, v, dir, &pl);
			free(dir);
		}
	} else if (strncmp(key, "shock.", 6) == 0 && duration_param_set(m, key, v, &pl, &r)) {
		; /* shock.NAME.duration.PARAM, handled */
	} else if (strncmp(key, "shock.", 6) == 0) {
		const char *name = key + 6;
		const char *dot = strrchr(name, '.');
		if (!dot || dot == name) {
			diag_error(d, file, line, key, "expected shock.NAME.KEY");
		} else {
			struct shock *s = find_shock(m, name, (size_t)(dot - name));
			int k = find_word(dot + 1, shock_keys, SK_COUNT);
			if (!s)
				diag_error(d, file, line, key, "no shock named \"%.*s\" in %s",
				           (int)(dot - name), name, m->path ? m->path : "the model");
			else if (k < 0)
				unknown_key(&pl, dot + 1, "[shock]", shock_keys, SK_COUNT);
			else
				r = shock_key_set(s, k, v, &pl);
		}
	} else if (data_key_split(key, &kind, &mid, &midlen, &col) == 0) {
		if (data_key_check(key, v, &pl) >= 0) {
			m->data_sets = xreallocarray(m->data_sets, m->n_data_sets + 1,
			                             sizeof *m->data_sets);
			struct override *o = &m->data_sets[m->n_data_sets++];
			o->key = xstrdup(key);
			o->value = xstrdup(v);
			o->file = xstrdup(file);
			o->line = line;
			r = 0;
		}
	} else {
		diag_error(d, file, line, key,
		           "expected model.KEY, shock.NAME.KEY, node.GLOB.COLUMN, "
		           "service.GLOB.COLUMN or dependency.FROMGLOB.TOGLOB.COLUMN");
	}
	free(v);
	return r;
}

/* ---- reading the file ------------------------------------------------------ */

enum section { SEC_NONE, SEC_MODEL, SEC_SHOCK, SEC_SET, SEC_BAD };

struct pending_set {
	char *key, *value;
	unsigned long line;
};

struct loader {
	struct model *m;
	struct diag *d;
	const char *file;
	char *dir;                 /* the model file's directory, or NULL */

	/* the reader's position in m->text */
	size_t len, pos;
	unsigned long lineno;      /* line last handed to inih */
	const char *raw;           /* that line, without indentation and line end */
	size_t raw_len;

	enum section sec;
	size_t shock;              /* current shock, when sec == SEC_SHOCK */
	unsigned long model_seen[MK_COUNT];   /* line of each [model] key, 0 if unset */
	unsigned long (*shock_seen)[SK_COUNT];
	int outside_reported;

	struct pending_set *sets;
	size_t n_sets;
};

/* A "[...]" line: start a section. */
static void begin_section(struct loader *L, const char *s, size_t n)
{
	char *name = trim_dup(s, n);
	L->sec = SEC_BAD;
	if (strcmp(name, "model") == 0) {
		L->sec = SEC_MODEL;
	} else if (strcmp(name, "set") == 0) {
		L->sec = SEC_SET;
	} else if (strncmp(name, "shock", 5) == 0 &&
	           (name[5] == '\0' || name[5] == ' ' || name[5] == '\t')) {
		const char *sn = name + 5;
		while (*sn == ' ' || *sn == '\t')
			sn++;
		const struct shock *old = find_shock(L->m, sn, strlen(sn));
		if (!dataset_id_valid(sn)) {
			diag_error(L->d, L->file, L->lineno, NULL,
			           "expected [shock NAME] with a NAME of 1 to %d characters "
			           "from [A-Za-z0-9_.:@/-], got \"[%s]\"", ID_MAX_LEN, name);
		} else if (old) {
			diag_error(L->d, L->file, L->lineno, NULL,
			           "shock \"%s\" already defined at %s:%lu", sn, L->file,
			           old->line);
		} else {
			add_shock(L->m, sn, L->lineno);
			L->shock_seen = xreallocarray(L->shock_seen, L->m->n_shocks,
			                              sizeof *L->shock_seen);
			memset(L->shock_seen[L->m->n_shocks - 1], 0, sizeof *L->shock_seen);
			L->shock = L->m->n_shocks - 1;
			L->sec = SEC_SHOCK;
		}
	} else {
		static const char *const known[] = { "model", "shock", "set" };
		const char *near = nearest_word(name, known, 3);
		diag_error(L->d, L->file, L->lineno, NULL,
		           "unknown section [%s]%s%s%s; expected [model], [shock NAME] or [set]",
		           name, near ? " (did you mean [" : "", near ? near : "",
		           near ? "]?)" : "");
	}
	free(name);
}

/*
 * Check one line before inih sees it and follow sections.  Returns 1 to
 * hand the line to inih, 0 to hand it an empty line instead (the line
 * was reported).
 */
static int check_line(struct loader *L, const char *p, size_t n)
{
	if (memchr(p, '\0', n)) {
		diag_error(L->d, L->file, L->lineno, NULL, "unexpected NUL byte");
		return 0;
	}
	if (!utf8_valid(p, n)) {
		diag_error(L->d, L->file, L->lineno, NULL, "invalid UTF-8");
		return 0;
	}
	if (n == 0 || *p == ';' || *p == '#')
		return 1;
	char *line = xstrndup(p, n);
	int ok = 1;
	if (*p == '[') {
		char *close = strchr(line, ']');
		const char *after = close ? close + 1 : "";
		while (*after == ' ' || *after == '\t')
			after++;
		if (!close || (*after && *after != ';' && *after != '#')) {
			diag_error(L->d, L->file, L->lineno, NULL,
			           "expected [SECTION], got \"%s\"", line);
			L->sec = SEC_BAD;
			ok = 0;
		} else {
			begin_section(L, line + 1, (size_t)(close - line - 1));
		}
	} else {
		/* inih splits at the first '=' or ':' before any comment; [set]
		 * keys hold ids, which may contain ':', so there only '=' counts. */
		char *code = strip_comment(line);
		size_t k = L->sec == SEC_SET ? strcspn(code, "=") : strcspn(code, "=:");
		char *key = trim_dup(code, k);
		int sep = code[k] != '\0';
		free(code);
		if (!sep || !*key) {
			diag_error(L->d, L->file, L->lineno, NULL,
			           "expected KEY = VALUE, [SECTION] or a ; comment, got \"%s\"",
			           line);
			ok = 0;
		}
		free(key);
	}
	free(line);
	return ok;
}

/*
 * inih's reader: hand over the model text one line at a time, so the
 * handler knows the line number (Debian's inih is built without
 * INI_HANDLER_LINENO).  Leading whitespace is removed: inih would read an
 * indented line as a continuation of the previous value (INI_ALLOW_MULTILINE),
 * which turns an indented "key = value" into part of the key above.
 */
static char *reader(char *str, int num, void *stream)
{
	struct loader *L = stream;
	if (L->pos >= L->len)
		return NULL;
	const char *p = L->m->text + L->pos;
	const char *nl = memchr(p, '\n', L->len - L->pos);
	size_t n = nl ? (size_t)(nl - p) : L->len - L->pos;
	L->pos += n + (nl != NULL);
	L->lineno++;
	if (L->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (n && p[n - 1] == '\r')
		n--;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	L->raw = p;
	L->raw_len = n;
	if (n + 2 > (size_t)num) {
		/* inih reads a longer line in pieces, each taken as a line. */
		diag_error(L->d, L->file, L->lineno, NULL,
		           "line longer than %d characters (not counting indentation); "
		           "shorten it, e.g. with globs in targets", num - 2);
		n = 0;
	} else if (!check_line(L, p, n)) {
		n = 0;
	}
	memcpy(str, p, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	return str;
}

/* A KEY = VALUE line of [model] or [shock NAME]. */
static void section_key(struct loader *L, const char *name, const char *value)
{
	struct place pl = { L->d, L->file, L->lineno, name };
	int is_model = L->sec == SEC_MODEL;
	const char *const *keys = is_model ? model_keys : shock_keys;
	size_t nkeys = is_model ? MK_COUNT : SK_COUNT;
	int k = find_word(name, keys, nkeys);
	if (k < 0) {
		unknown_key(&pl, name, is_model ? "[model]" : "[shock]", keys, nkeys);
		return;
	}
	unsigned long *seen = is_model ? &L->model_seen[k] : &L->shock_seen[L->shock][k];
	if (*seen) {
		diag_error(L->d, L->file, L->lineno, name, "already set at line %lu", *seen);
		return;
	}
	*seen = L->lineno;
	char *v = strip_comment(value);
	if (is_model)
		model_key_set(L->m, k, v, L->dir, &pl);
	else
		shock_key_set(&L->m->shocks[L->shock], k, v, &pl);
	free(v);
}

/* A [set] line: kept and applied once the whole file is read. */
static void set_line(struct loader *L)
{
	/* Split the raw line at '=' (see check_line on ':'). */
	const char *eq = memchr(L->raw, '=', L->raw_len);
	if (!eq)
		return;
	char *key = trim_dup(L->raw, (size_t)(eq - L->raw));
	char *rest = xstrndup(eq + 1, L->raw_len - (size_t)(eq + 1 - L->raw));
	char *value = strip_comment(rest);
	free(rest);
	for (size_t i = 0; i < L->n_sets; i++)
		if (strcmp(L->sets[i].key, key) == 0) {
			diag_error(L->d, L->file, L->lineno, key, "already set at line %lu",
			           L->sets[i].line);
			free(key);
			free(value);
			return;
		}
	L->sets = xreallocarray(L->sets, L->n_sets + 1, sizeof *L->sets);
	L->sets[L->n_sets].key = key;
	L->sets[L->n_sets].value = value;
	L->sets[L->n_sets].line = L->lineno;
	L->n_sets++;
}

static int handle(struct loader *L, const char *name, const char *value)
{
	/* inih built with INI_CALL_HANDLER_ON_NEW_SECTION or INI_ALLOW_NO_VALUE
	 * passes NULLs; sections and syntax are handled by the reader. */
	if (!name || !value)
		return 1;
	switch (L->sec) {
	case SEC_NONE:
		if (!L->outside_reported)
			diag_error(L->d, L->file, L->lineno, name,
			           "expected a [model], [shock NAME] or [set] section "
			           "before the first key");
		L->outside_reported = 1;
		break;
	case SEC_MODEL:
	case SEC_SHOCK:
		section_key(L, name, value);
		break;
	case SEC_SET:
		set_line(L);
		break;
	case SEC_BAD:
		break; /* the section line was reported */
	}
	return 1; /* errors are in L->d; let inih go on */
}

#if INI_HANDLER_LINENO
static int handler(void *user, const char *section, const char *name,
                   const char *value, int lineno)
{
	(void)section, (void)lineno;
	return handle(user, name, value);
}
#else
static int handler(void *user, const char *section, const char *name, const char *value)
{
	(void)section;
	return handle(user, name, value);
}
#endif

/* Read the whole file into m->text; 0, or -1 after reporting. */
static int read_text(struct model *m, const char *path, struct diag *d, int *missing,
                     size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (errno == ENOENT && missing)
			*missing = 1;
		diag_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (n > limit_get(LIMIT_MODEL_SIZE)) {
			diag_error(d, path, 0, NULL, "larger than %" PRIu64 " bytes: not a model "
			           "file (--limit model-size=N)", limit_get(LIMIT_MODEL_SIZE));
			break;
		}
		if (got == 0)
			break;
	}
	int bad = n > limit_get(LIMIT_MODEL_SIZE);
	if (!bad && ferror(fp)) {
		diag_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
		bad = 1;
	}
	fclose(fp);
	buf[n] = '\0';
	m->text = buf;
	*len = n;
	return bad ? -1 : 0;
}

/* The default name: the file's base name without .ini, as a valid name. */
static char *default_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
		n -= 4;
	if (n > ID_MAX_LEN)
		n = ID_MAX_LEN;
	if (n == 0)
		return xstrdup("model");
	char *s = xstrndup(base, n);
	for (char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			*p = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

int model_load(struct model *m, const char *path, struct diag *d, int *missing)
{
	memset(m, 0, sizeof *m);
	if (missing)
		*missing = 0;
	m->path = xstrdup(path);
	m->name = default_name(path);
	m->title = xstrdup("");
	m->description = xstrdup("");
	m->data = xstrdup("");
	m->mode = MODE_STRESS;
	m->trials = MODEL_DEFAULT_TRIALS;
	m->seed = MODEL_DEFAULT_SEED;
	m->systemic_assets_share = MODEL_DEFAULT_SYSTEMIC_SHARE;
	m->baseline = -1;
	m->window_hours = MODEL_DEFAULT_WINDOW_HOURS;

	size_t errors0 = d->n_errors;
	size_t len = 0;
	if (read_text(m, path, d, missing, &len) != 0)
		return -1;
	if (len >= 2 && (memcmp(m->text, "\xff\xfe", 2) == 0 ||
	                 memcmp(m->text, "\xfe\xff", 2) == 0)) {
		diag_error(d, path, 1, NULL,
		           "the file is UTF-16 encoded: expected UTF-8 (save it as UTF-8)");
		return -1;
	}

	struct loader L = { 0 };
	L.m = m;
	L.d = d;
	L.file = m->path;
	L.dir = dir_of(path);
	L.len = len; /* not strlen: a NUL byte is reported by check_line */
	int r = ini_parse_stream(reader, &L, handler, &L);
	if (r == -2)
		diag_error(d, path, 0, NULL, "out of memory while parsing");
	else if (r != 0 && d->n_errors == errors0)
		diag_error(d, path, (unsigned long)(r > 0 ? r : 0), NULL,
		           "expected KEY = VALUE, [SECTION] or a ; comment");

	/* Keys every shock needs, reported at its [shock NAME] line. */
	for (size_t i = 0; i < m->n_shocks; i++) {
		const struct shock *s = &m->shocks[i];
		if (!*s->targets && !L.shock_seen[i][SK_TARGETS])
			diag_error(d, path, s->line, "targets",
			           "expected space-separated ids or globs in [shock %s], "
			           "got nothing", s->name);
		if (!s->has_duration && !L.shock_seen[i][SK_DURATION])
			diag_error(d, path, s->line, "duration",
			           "expected a distribution (e.g. duration = lognormal 12 72) "
			           "in [shock %s], got nothing", s->name);
	}

	/* [set] lines apply after the whole file, in file order, so they may
	 * come anywhere and see every shock. */
	for (size_t i = 0; i < L.n_sets; i++) {
		model_set(m, L.sets[i].key, L.sets[i].value, path, L.sets[i].line, d);
		free(L.sets[i].key);
		free(L.sets[i].value);
	}
	free(L.sets);
	free(L.shock_seen);
	free(L.dir);
	return d->n_errors > errors0 ? -1 : 0;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_shocks; i++) {
		struct shock *s = &m->shocks[i];
		free(s->name);
		free(s->targets);
		free(s->target_type);
		free(s->target_nodes);
	}
	free(m->shocks);
	for (size_t i = 0; i < m->n_data_sets; i++) {
		free(m->data_sets[i].key);
		free(m->data_sets[i].value);
		free(m->data_sets[i].file);
	}
	free(m->data_sets);
	free(m->path);
	free(m->name);
	free(m->title);
	free(m->description);
	free(m->data);
	free(m->text);
	memset(m, 0, sizeof *m);
}

/* ---- checks after overrides ------------------------------------------------ */

double model_shock_frequency(const struct shock *s)
{
	if (s->has_frequency)
		return s->frequency;
	if (s->has_probability)
		return -log1p(-s->probability); /* P(N >= 1) = 1 - exp(-f) = p */
	return 0.0;
}

int model_check(const struct model *m, struct diag *d)
{
	size_t errors0 = d->n_errors;
	for (size_t i = 0; m->mode == MODE_ANNUAL && i < m->n_shocks; i++) {
		const struct shock *s = &m->shocks[i];
		if (s->has_frequency)
			continue;
		if (!s->has_probability)
			diag_error(d, m->path, s->line, "frequency",
			           "expected frequency (occurrences per year) or probability "
			           "in [shock %s] in annual mode, got neither", s->name);
		else if (s->probability >= 1)
			diag_error(d, m->path, s->line, "probability",
			           "expected a probability < 1 in [shock %s] in annual mode "
			           "(frequency = -ln(1 - p) is infinite at 1), got 1; "
			           "give frequency instead", s->name);
	}
	if (m->n_shocks == 0 && !model_baseline(m))
		diag_warning(d, m->path, 0, NULL,
		             "no shocks and baseline = no: nothing can fail");
	return d->n_errors > errors0 ? -1 : 0;
}

int model_baseline(const struct model *m)
{
	return m->baseline == -1 ? m->mode == MODE_ANNUAL : m->baseline;
}

const char *model_mode_name(enum model_mode mode)
{
	return mode == MODE_ANNUAL ? "annual" : "stress";
}

/* ---- data overrides ---------------------------------------------------------- */

static int glob_match(const char *glob, const char *s)
{
	return fnmatch(glob, s, 0) == 0;
}

/*
 * Does edge e match FROM and TO?  FROM also matches an institution id
 * for its services' edges, as the shorthand of dependencies.csv does.
 */
static int dep_match(const struct dataset *ds, const struct dep *e, const char *from,
                     const char *to)
{
	const struct node *f = &ds->nodes[e->from];
	if (!glob_match(to, ds->nodes[e->to].id))
		return 0;
	return glob_match(from, f->id) ||
	       (f->kind == NODE_SERVICE && glob_match(from, ds->nodes[f->institution].id));
}

/* Edges matching FROM.TO, the split of mid at position i. */
static uint32_t dep_count(const struct dataset *ds, const char *mid, size_t i)
{
	char *from = xstrndup(mid, i), *to = xstrdup(mid + i + 1);
	uint32_t n = 0;
	for (uint32_t j = 0; j < ds->n_deps; j++)
		n += !ds->deps[j].is_parent && dep_match(ds, &ds->deps[j], from, to);
	free(from);
	free(to);
	return n;
}

/* Apply one dependency override; 0 or -1 after reporting. */
static int apply_dep(const char *mid, size_t midlen, int c,
                     double x, uint32_t k, struct dataset *ds, const struct place *pl)
{
	char *m = xstrndup(mid, midlen);
	size_t split = 0, n_splits = 0;
	char *alts = xstrdup("");
	for (size_t i = 1; i + 1 < midlen; i++) {
		if (m[i] != '.' || dep_count(ds, m, i) == 0)
			continue;
		char *t = xasprintf("%s%s\"%.*s\" -> \"%s\"", alts, n_splits ? ", " : "",
		                    (int)i, m, m + i + 1);
		free(alts);
		alts = t;
		split = i;
		n_splits++;
	}
	int r = -1;
	if (n_splits == 0) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "matches no dependency (FROMGLOB.TOGLOB against the from and "
		           "to ids of dependencies.csv)");
	} else if (n_splits > 1) {
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "ambiguous: FROMGLOB.TOGLOB splits as %s; write a '.' inside "
		           "an id as '?'", alts);
	} else {
		m[split] = '\0';
		const char *from = m, *to = m + split + 1;
		unsigned char *gdone = xcalloc(ds->n_groups ? ds->n_groups : 1, 1);
		r = 0;
		for (uint32_t j = 0; j < ds->n_deps; j++) {
			struct dep *e = &ds->deps[j];
			if (e->is_parent || !dep_match(ds, e, from, to))
				continue;
			if (c == DC_FAILOVER) {
				e->failover_hours = x;
				continue;
			}
			struct group *g = &ds->groups[e->group];
			if (gdone[e->group]++)
				continue;
			if (k > g->size) {
				if (g->label[0])
					diag_error(pl->d, pl->file, pl->line, pl->col,
					           "expected at most %u (the members of group \"%s\" "
					           "of \"%s\"), got %u", g->size, g->label,
					           ds->nodes[g->node].id, k);
				else
					diag_error(pl->d, pl->file, pl->line, pl->col,
					           "expected 1 for the ungrouped dependency of \"%s\" "
					           "on \"%s\", got %u", ds->nodes[e->from].id,
					           ds->nodes[e->to].id, k);
				r = -1;
				continue;
			}
			g->min_up = k;
		}
		free(gdone);
	}
	free(alts);
	free(m);
	return r;
}

/* After all overrides: the rules between provider columns still hold. */
static int check_providers(const struct model *m, const struct dataset *ds,
                           const size_t *last, struct diag *d)
{
	int bad = 0;
	for (size_t oi = 0; oi < m->n_data_sets; oi++) {
		const struct override *o = &m->data_sets[oi];
		uint32_t nbad = 0;
		char *first = NULL;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			const struct node *v = &ds->nodes[i];
			if (!node_is_provider(v) || last[i] != oi + 1)
				continue;
			char med[64], p95[64];
			fmt_num(med, sizeof med, v->outage_median_hours, 6);
			fmt_num(p95, sizeof p95, v->outage_p95_hours, 6);
			char *why = NULL;
			if (v->annual_outage_rate > 0 &&
			    (v->outage_median_hours <= 0 || v->outage_p95_hours <= 0))
				why = xasprintf("provider \"%s\" has annual_outage_rate > 0 "
				                "but no outage_median_hours and outage_p95_hours",
				                v->id);
			else if ((v->outage_median_hours > 0) != (v->outage_p95_hours > 0))
				why = xasprintf("provider \"%s\" needs both outage_median_hours "
				                "and outage_p95_hours, or neither", v->id);
			else if (v->outage_p95_hours < v->outage_median_hours)
				why = xasprintf("provider \"%s\": expected outage_p95_hours "
				                ">= outage_median_hours, got %s < %s", v->id,
				                p95, med);
			if (!why)
				continue;
			if (nbad++ < MAX_NAMED)
				first = why;
			else
				free(why);
		}
		if (nbad) {
			if (nbad > MAX_NAMED)
				diag_error(d, o->file, o->line, o->key, "%s (and %u more)", first,
				           nbad - MAX_NAMED);
			else
				diag_error(d, o->file, o->line, o->key, "%s", first);
			free(first);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int model_apply_data(const struct model *m, struct dataset *ds, struct diag *d)
{
	size_t errors0 = d->n_errors;
	/* last[i]: 1 + index of the last override that changed provider i. */
	size_t *last = xcalloc(ds->n_nodes ? ds->n_nodes : 1, sizeof *last);
	for (size_t oi = 0; oi < m->n_data_sets; oi++) {
		const struct override *o = &m->data_sets[oi];
		struct place pl = { d, o->file, o->line, o->key };
		enum data_kind kind;
		const char *mid, *col;
		size_t midlen;
		int c = data_key_split(o->key, &kind, &mid, &midlen, &col) == 0
		        ? data_key_check(o->key, o->value, &pl) : -1;
		double x = 0;
		uint32_t k = 0;
		if (c < 0 || data_value(c, o->value, &x, &k, &pl) != 0)
			continue;
		if (kind == DK_DEPENDENCY) {
			apply_dep(mid, midlen, c, x, k, ds, &pl);
			continue;
		}
		char *glob = xstrndup(mid, midlen);
		uint32_t n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			struct node *v = &ds->nodes[i];
			int right = kind == DK_NODE ? node_is_provider(v) : v->kind == NODE_SERVICE;
			if (!right || !glob_match(glob, v->id))
				continue;
			n++;
			switch (c) {
			case DC_RATE: v->annual_outage_rate = x; break;
			case DC_MEDIAN: v->outage_median_hours = x; break;
			case DC_P95: v->outage_p95_hours = x; break;
			case DC_TOLERANCE: v->tolerance_hours = x; break;
			case DC_VOLUME: v->daily_volume = x; break;
			default: break;
			}
			last[i] = oi + 1;
		}
		if (n == 0)
			diag_error(d, o->file, o->line, o->key, "\"%s\" matches no %s", glob,
			           kind == DK_NODE ? "provider (vendors.csv, cloud.csv)"
			                           : "service (services.csv)");
		free(glob);
	}
	check_providers(m, ds, last, d);
	free(last);
	return d->n_errors > errors0 ? -1 : 0;
}

/* ---- shock targets ---------------------------------------------------------- */

/* Does the node's type match one of the space-separated type globs? */
static int type_match(const char *types, const char *type)
{
	if (!*types)
		return 1;
	char *t = xstrdup(types);
	int hit = 0;
	for (char *save, *w = strtok_r(t, " ", &save); w && !hit; w = strtok_r(NULL, " ", &save))
		hit = glob_match(w, type);
	free(t);
	return hit;
}

/* The closest provider or service id to 'id', for "did you mean". */
static const char *nearest_target(const struct dataset *ds, const char *id)
{
	size_t len = strlen(id);
	size_t cap = len / 3 > SUGGEST_EDITS ? len / 3 : SUGGEST_EDITS;
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (uint32_t i = 0; i < ds->n_nodes; i++) {
		const struct node *v = &ds->nodes[i];
		if (v->kind == NODE_INSTITUTION)
			continue;
		size_t e = edit_distance(id, v->id, bestd - 1);
		if (e < bestd) {
			bestd = e;
			best = v->id;
		}
	}
	return best;
}

/* Mark the targets of shock s; 0 or -1 after reporting. */
static int mark_targets(const struct model *m, const struct shock *s,
                        const struct dataset *ds, unsigned char *mark, struct diag *d)
{
	int bad = 0;
	char *t = xstrdup(s->targets);
	for (char *save, *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strpbrk(w, "*?[\\")) {
			uint32_t v = dataset_find(ds, w);
			if (v == NODE_NONE) {
				/* a pass over every id: only for a message that is shown */
				const char *near = diag_will_show(d, m->path) ? nearest_target(ds, w)
				                                              : NULL;
				diag_error(d, m->path, s->line, "targets",
				           "[shock %s]: unknown id \"%s\"%s%s%s", s->name, w,
				           near ? " (did you mean \"" : "", near ? near : "",
				           near ? "\"?)" : "");
				bad = 1;
			} else if (ds->nodes[v].kind == NODE_INSTITUTION) {
				diag_error(d, m->path, s->line, "targets",
				           "[shock %s]: \"%s\" is an institution; a shock hits "
				           "providers or services (target the institution's "
				           "services instead)", s->name, w);
				bad = 1;
			} else {
				mark[v] = 1;
			}
			continue;
		}
		uint32_t n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++)
			if (ds->nodes[i].kind != NODE_INSTITUTION && glob_match(w, ds->nodes[i].id))
				mark[i] = 1, n++;
		if (n == 0)
			diag_warning(d, m->path, s->line, "targets",
			             "[shock %s]: \"%s\" matches no provider or service",
			             s->name, w);
	}
	free(t);
	return bad ? -1 : 0;
}

int model_resolve(struct model *m, const struct dataset *ds, struct diag *d)
{
	size_t errors0 = d->n_errors;
	unsigned char *mark = xmalloc(ds->n_nodes ? ds->n_nodes : 1);
	for (size_t si = 0; si < m->n_shocks; si++) {
		struct shock *s = &m->shocks[si];
		free(s->target_nodes);
		s->target_nodes = NULL;
		s->n_targets = 0;
		memset(mark, 0, ds->n_nodes);
		if (mark_targets(m, s, ds, mark, d) != 0)
			continue;
		uint32_t matched = 0, n = 0;
		for (uint32_t i = 0; i < ds->n_nodes; i++) {
			if (!mark[i])
				continue;
			matched++;
			if (type_match(s->target_type, ds->nodes[i].type))
				n++;
			else
				mark[i] = 0;
		}
		if (n == 0) {
			if (matched)
				diag_error(d, m->path, s->line, "target_type",
				           "[shock %s]: none of the %u targets has type \"%s\"",
				           s->name, matched, s->target_type);
			else
				diag_error(d, m->path, s->line, "targets",
				           "[shock %s]: \"%s\" matches no provider or service",
				           s->name, s->targets);
			continue;
		}
		s->target_nodes = xreallocarray(NULL, n, sizeof *s->target_nodes);
		for (uint32_t i = 0; i < ds->n_nodes; i++)
			if (mark[i])
				s->target_nodes[s->n_targets++] = i;
	}
	free(mark);
	return d->n_errors > errors0 ? -1 : 0;
}

/* Write a value on one line: keys hold no line breaks, but be safe. */
static void put_value(FILE *fp, const char *key, const char *v)
{
	fprintf(fp, "%s = ", key);
	for (; *v; v++)
		fputc(*v == '\n' || *v == '\r' ? ' ' : *v, fp);
	fputc('\n', fp);
}

void model_format(const struct model *m, FILE *fp)
{
	char num[64], dur[128];
	fputs("[model]\n", fp);
	put_value(fp, "name", m->name ? m->name : "");
	put_value(fp, "title", m->title ? m->title : "");
	put_value(fp, "description", m->description ? m->description : "");
	put_value(fp, "data", m->data ? m->data : "");
	put_value(fp, "mode", model_mode_name(m->mode));
	fprintf(fp, "trials = %llu\nseed = %llu\n", (unsigned long long)m->trials,
	        (unsigned long long)m->seed);
	fmt_num(num, sizeof num, m->systemic_assets_share, 10);
	put_value(fp, "systemic_assets_share", num);
	put_value(fp, "baseline", model_baseline(m) ? "yes" : "no");
	fmt_num(num, sizeof num, m->window_hours, 10);
	put_value(fp, "window_hours", num);
	for (size_t k = 0; k < m->n_shocks; k++) {
		const struct shock *sh = &m->shocks[k];
		fprintf(fp, "\n[shock %s]\n", sh->name);
		put_value(fp, "targets", sh->targets ? sh->targets : "");
		if (sh->target_type && *sh->target_type)
			put_value(fp, "target_type", sh->target_type);
		if (sh->has_probability) {
			fmt_num(num, sizeof num, sh->probability, 10);
			put_value(fp, "probability", num);
		}
		if (sh->has_frequency) {
			fmt_num(num, sizeof num, sh->frequency, 10);
			put_value(fp, "frequency", num);
		}
		fmt_num(num, sizeof num, sh->hit_probability, 10);
		put_value(fp, "hit_probability", num);
		dist_format(&sh->duration, dur, sizeof dur);
		put_value(fp, "duration", dur);
		put_value(fp, "shared_duration", sh->shared_duration ? "yes" : "no");
	}
	if (m->n_data_sets) {
		fputs("\n[set]\n", fp);
		for (size_t i = 0; i < m->n_data_sets; i++)
			put_value(fp, m->data_sets[i].key, m->data_sets[i].value);
	}
}
