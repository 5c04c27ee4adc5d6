/* model_keys.c - the override keys of model files: tables, values, model_set. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/path.h"
#include "base/text.h"
#include "input/model_internal.h"

/* ---- keys ------------------------------------------------------------- */

const char *const model_keys[MK_COUNT] = {
	"name", "title", "description", "data", "mode", "trials", "seed",
	"systemic_assets_share", "systemic_min_institutions", "baseline", "window_hours"
};

const char *const shock_keys[SK_COUNT] = {
	"targets", "target_type", "probability", "frequency", "hit_probability",
	"duration", "shared_duration"
};

/* Data overrides: node.GLOB.COLUMN, service.GLOB.COLUMN, dependency.FROM.TO.COLUMN. */
static const char *const data_prefix[DK_COUNT] = { "node.", "service.", "dependency." };
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

void bad_value(const struct place *pl, const char *expect, const char *got)
{
	const char *why = "";
	if (strcasecmp(got, "nan") == 0 || strcasecmp(got, "inf") == 0 ||
	    strcasecmp(got, "-inf") == 0 || strcasecmp(got, "infinity") == 0)
		why = " (NaN and infinities are not allowed)";
	diag_error(pl->d, pl->file, pl->line, pl->col, "expected %s, got \"%s\"%s",
	           expect, got, why);
}

int find_word(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	return -1;
}

/* The word of 'words' within SUGGEST_EDITS edits of s, or NULL. */
const char *nearest_word(const char *s, const char *const *words, size_t n)
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

void unknown_key(const struct place *pl, const char *key, const char *section,
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


/* A whole number 0 .. 2^64 - 1, written as every count (parse_count). */
static int parse_u64(const char *s, uint64_t *out)
{
	return parse_count(s, 0, out);
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
	double x, h;
	if (parse_decimal(v, &x) != 0 && strstr(expect, "hours") &&
	    parse_hours_unit(v, &h) == 0) {
		char n[32];
		fmt_num(n, sizeof n, h, 6);
		diag_error(pl->d, pl->file, pl->line, pl->col,
		           "expected %s, without a unit, got \"%s\": write %s", expect, v, n);
		return -1;
	}
	if (parse_decimal(v, &x) != 0 || x < lo || (lo_open && x == lo) || x > hi) {
		bad_value(pl, expect, v);
		return -1;
	}
	*out = x;
	return 0;
}

/* Copy of s[0..n) without surrounding spaces and tabs. */
char *trim_dup(const char *s, size_t n)
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
char *strip_comment(const char *v)
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
int model_key_set(struct model *m, int k, const char *v, const char *dir,
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
	case MK_MIN_INST:
		if (parse_u64(v, &u) != 0 || u < 1 || u > UINT32_MAX)
			return bad_value(pl, "a whole number of institutions from 1 to 4294967295",
			                 v), -1;
		m->systemic_min_institutions = (uint32_t)u;
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

int shock_key_set(struct shock *s, int k, const char *v, const struct place *pl)
{
	double x;
	int b;
	switch (k) {
	case SK_TARGETS:
		if (!targets_valid(v))
			return bad_value(pl, "space-separated ids or fnmatch globs", v), -1;
		free(s->targets);
		s->targets = words_normalise(v);
		s->targets_file = pl->file;
		s->targets_line = pl->line;
		return 0;
	case SK_TARGET_TYPE:
		free(s->target_type);
		s->target_type = words_normalise(v);
		s->target_type_file = pl->file;
		s->target_type_line = pl->line;
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

struct shock *find_shock(const struct model *m, const char *name, size_t n)
{
	for (size_t i = 0; i < m->n_shocks; i++)
		if (strlen(m->shocks[i].name) == n && strncmp(m->shocks[i].name, name, n) == 0)
			return &m->shocks[i];
	return NULL;
}

struct shock *add_shock(struct model *m, const char *name, unsigned long line)
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
int data_key_split(const char *key, enum data_kind *kind, const char **mid,
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
int data_value(int c, const char *v, double *x, uint32_t *k,
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
int data_key_check(const char *key, const char *value, const struct place *pl)
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
char *dir_of(const char *path)
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
	/* What the command line changed (--set, a sweep point, -n, -s), for
	 * the reports: the file's own [set] lines (line > 0) are its text. */
	if (r == 0 && line == 0) {
		m->overrides = xreallocarray(m->overrides, m->n_overrides + 1,
		                             sizeof *m->overrides);
		struct override *o = &m->overrides[m->n_overrides++];
		o->key = xstrdup(key);
		o->value = xstrdup(v);
		o->file = xstrdup(file);
		o->line = 0;
	}
	free(v);
	return r;
}
