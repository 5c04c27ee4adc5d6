/*
 * model_internal.h - what the files of the model reader share; private to
 * src/input/model*.c (everyone else includes input/model.h).
 *
 *   model.c          reading the file, model_load, model_free, model_check,
 *                    model_format
 *   model_keys.c     the key tables, value parsing, the [model] and [shock]
 *                    keys, data-key checks, model_set
 *   model_data.c     model_apply_data
 *   model_targets.c  model_resolve
 *   variant.c        [variant NAME] sections and --variant files (variant.h)
 *
 * Strings returned here are owned by the caller (free()).
 */
#ifndef CHOKEPOINT_MODEL_INTERNAL_H
#define CHOKEPOINT_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "input/model.h"

/* Edits allowed for a "did you mean" suggestion. */
#define SUGGEST_EDITS 2

enum model_key {
	MK_NAME, MK_TITLE, MK_DESCRIPTION, MK_DATA, MK_MODE, MK_TRIALS, MK_SEED,
	MK_SHARE, MK_MIN_INST, MK_BASELINE, MK_WINDOW, MK_COUNT
};
extern const char *const model_keys[MK_COUNT];

enum shock_key {
	SK_TARGETS, SK_TARGET_TYPE, SK_PROBABILITY, SK_FREQUENCY, SK_HIT,
	SK_DURATION, SK_SHARED, SK_COUNT
};
extern const char *const shock_keys[SK_COUNT];

/* Data overrides: node.GLOB.COLUMN, service.GLOB.COLUMN, dependency.FROM.TO.COLUMN. */
enum data_kind { DK_NODE, DK_SERVICE, DK_DEPENDENCY, DK_COUNT };
enum data_col {
	DC_RATE, DC_MEDIAN, DC_P95,      /* node */
	DC_TOLERANCE, DC_VOLUME,         /* service */
	DC_FAILOVER, DC_MIN_UP,          /* dependency */
	DC_COUNT
};

/* Where a value came from, for messages: file:line: column. */
struct place {
	struct diag *d;
	const char *file;
	unsigned long line;
	const char *col;
};

/* ---- model_keys.c ------------------------------------------------------ */

/* Report "expected EXPECT, got "GOT"" at pl. */
void bad_value(const struct place *pl, const char *expect, const char *got);
/* The index of s in words[0..n), or -1. */
int find_word(const char *s, const char *const *words, size_t n);
/* The word of 'words' within SUGGEST_EDITS edits of s, or NULL. */
const char *nearest_word(const char *s, const char *const *words, size_t n);
/* Report an unknown key of section, with a suggestion or the list of keys. */
void unknown_key(const struct place *pl, const char *key, const char *section,
                 const char *const *words, size_t n);
/* Copy of s[0..n) without surrounding spaces and tabs. */
char *trim_dup(const char *s, size_t n);
/* A value without its inline comment (" ; ..."), trimmed. */
char *strip_comment(const char *v);
/* The directory part of path, or NULL when it has none. */
char *dir_of(const char *path);

/* Set [model] key k (dir: the model file's directory, or NULL); 0 or -1
 * after reporting. */
int model_key_set(struct model *m, int k, const char *v, const char *dir,
                  const struct place *pl);
/* Set [shock] key k of s; 0 or -1 after reporting. */
int shock_key_set(struct shock *s, int k, const char *v, const struct place *pl);
/* The shock named name[0..n), or NULL. */
struct shock *find_shock(const struct model *m, const char *name, size_t n);
/* Append a shock with the defaults, starting at line. */
struct shock *add_shock(struct model *m, const char *name, unsigned long line);

/* Split a data key into kind, glob part and column; 0, or -1 when it is
 * not a data key. */
int data_key_split(const char *key, enum data_kind *kind, const char **mid,
                   size_t *midlen, const char **col);
/* Parse a data override's value for column c; 0, or -1 after reporting. */
int data_value(int c, const char *v, double *x, uint32_t *k, const struct place *pl);
/* Check a data key's form and value; the column, or -1 after reporting. */
int data_key_check(const char *key, const char *value, const struct place *pl);

/* ---- model_data.c ------------------------------------------------------ */

/* Does fnmatch(3) pattern glob (flags 0) match s? */
int glob_match(const char *glob, const char *s);

#endif
