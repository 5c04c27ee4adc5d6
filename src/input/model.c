/* model.c - model files (INI, read by inih): reading, checks, formatting. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/text.h"
#include "input/model_internal.h"
#include "input/variant.h"

/* ---- reading the file ------------------------------------------------------ */

enum section { SEC_NONE, SEC_MODEL, SEC_SHOCK, SEC_SET, SEC_VARIANT, SEC_BAD };

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
	} else if (strncmp(name, "variant", 7) == 0 &&
	           (name[7] == '\0' || name[7] == ' ' || name[7] == '\t')) {
		if (variant_begin(L->m, name + 7, L->file, L->lineno, L->d) == 0)
			L->sec = SEC_VARIANT;
	} else {
		static const char *const known[] = { "model", "shock", "set", "variant" };
		const char *near = nearest_word(name, known, 4);
		diag_error(L->d, L->file, L->lineno, NULL,
		           "unknown section [%s]%s%s%s; expected [model], [shock NAME], [set] "
		           "or [variant NAME]",
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
		size_t k = L->sec == SEC_SET || L->sec == SEC_VARIANT ? strcspn(code, "=")
		                                                      : strcspn(code, "=:");
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
	case SEC_VARIANT: {
		const char *eq = memchr(L->raw, '=', L->raw_len);
		if (eq) {
			char *key = trim_dup(L->raw, (size_t)(eq - L->raw));
			char *rest = xstrndup(eq + 1, L->raw_len - (size_t)(eq + 1 - L->raw));
			char *val = strip_comment(rest);
			variant_line(&L->m->variants[L->m->n_variants - 1], key, val, L->file,
			             L->lineno, L->d);
			free(key);
			free(rest);
			free(val);
		}
		break;
	}
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
		ALLOC_GROW(buf, n + 2, cap); /* a byte to read and the NUL */
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
	m->systemic_min_institutions = MODEL_DEFAULT_SYSTEMIC_MIN_INSTITUTIONS;
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
	for (size_t i = 0; i < m->n_overrides; i++) {
		free(m->overrides[i].key);
		free(m->overrides[i].value);
		free(m->overrides[i].file);
	}
	free(m->overrides);
	for (size_t i = 0; i < m->n_variants; i++)
		variant_free(&m->variants[i]);
	free(m->variants);
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


/* ---- formatting ------------------------------------------------------------ */

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
	fprintf(fp, "systemic_min_institutions = %u\n", m->systemic_min_institutions);
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
	for (size_t i = 0; i < m->n_variants; i++) {
		fputc('\n', fp);
		variant_format(&m->variants[i], fp);
	}
}

uint32_t model_large_institutions(const struct dataset *ds, double share, uint32_t *idx)
{
	uint32_t n = 0;
	if (!(ds->total_assets > 0))
		return 0;
	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++)
		if (ds->nodes[i].total_assets / ds->total_assets >= share) {
			if (idx)
				idx[n] = i;
			n++;
		}
	return n;
}
