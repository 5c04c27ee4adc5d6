/*
 * cmd_run.c - `chokepoint run MODEL... [options]` (its usage is in
 * cmd_run_entry)
 *
 * Every model is read and checked before any trial runs, so a typo in the
 * fifth model of a batch does not surface after an hour of simulation.
 * Results go to OUTDIR/NAME/; with several models, OUTDIR/batch.csv holds
 * one headline row per model; --json prints the summaries on stdout.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/par.h"
#include "base/path.h"
#include "base/text.h"
#include "cli/cmd.h"
#include "cli/runner.h"
#include "input/variant.h"

static int cmd_run_exec(const struct cmd_entry *self, int argc, char **argv);

#define RUN_OPT_VARIANT 1100
#define RUN_OPT_IMPORTANCE 1101
#define RUN_OPT_TOP 1102

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "MODEL... [-d DATA] [-o OUTDIR] [-n TRIALS] [-s SEED] [-j THREADS] "
	         "[--set KEY=VALUE]... [--precision REL [--target METRIC] [--max-trials N]] "
	         "[--trials-out FILE] [--json] [--no-charts] [--variant NAME=FILE]... "
	         "[--importance [--top N]]",
	.summary = "Monte Carlo outage scenarios",
	.exec = cmd_run_exec,
	.split = 1,
};

/* --json: summary.json's bytes 'doc' (a document and its line break) as
 * an element of the array of several models when 'nested', each line
 * break followed by two more spaces, as jansson nests it. */
static void put_nested(FILE *fp, const char *doc, size_t len, int nested)
{
	if (len && doc[len - 1] == '\n')
		len--;
	if (!nested) {
		fwrite(doc, 1, len, fp);
		return;
	}
	for (const char *p = doc, *end = doc + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		fwrite(p, 1, n, fp);
		if (nl)
			fputs("  ", fp);
		p += n;
	}
}

struct batch {
	const struct model *models;
	const struct run_out *outs;
	int n;
};

/* OUTDIR/batch.csv: one headline row per model (cmd_write_file's writer). */
static int write_batch(FILE *fp, const void *arg)
{
	const struct batch *b = arg;
	report_batch_header(fp);
	for (int k = 0; k < b->n; k++)
		report_batch_row(fp, &b->models[k], &b->outs[k].res, &b->outs[k].sum);
	return 0;
}

/* run: check every model, then run each and write its results. */
static int cmd_run_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		RUN_LONGOPTS,
		{ "variant", required_argument, NULL, RUN_OPT_VARIANT },
		{ "importance", no_argument, NULL, RUN_OPT_IMPORTANCE },
		{ "top", required_argument, NULL, RUN_OPT_TOP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run_opts o = { .outdir = "out", .progress = cmd_settings.progress };
	int c, rc = CP_EXIT_OK;
	const char *top = NULL;
	while ((c = getopt_long(argc, argv, ":" RUN_SHORTOPTS "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			cmd_print_usage(self, stdout);
			free(o.sets);
			free(o.variant_files);
			return CP_EXIT_OK;
		}
		if (c == RUN_OPT_VARIANT) {
			ALLOC_GROW(o.variant_files, o.n_variant_files + 1, o.alloc_variant_files);
			o.variant_files[o.n_variant_files++] = optarg;
			continue;
		}
		if (c == RUN_OPT_IMPORTANCE) {
			o.importance = 1;
			continue;
		}
		if (c == RUN_OPT_TOP) {
			uint64_t n;
			if (parse_count(optarg, 0, &n) != 0 || n < 1 || n > UINT32_MAX) {
				free(o.sets);
				free(o.variant_files);
				return cmd_usage_error(self, "--top: expected a number of providers "
				                       "from 1 to %u, got \"%s\"", UINT32_MAX,
				                       optarg);
			}
			o.importance_top = (uint32_t)n;
			top = optarg;
			continue;
		}
		int r = (c == '?' || c == ':') ? cmd_bad_option(self, c, argv)
		                               : runner_option(&o, c, optarg, self);
		if (r != 1) {
			free(o.sets);
			free(o.variant_files);
			return r ? r : cmd_bad_option(self, '?', argv);
		}
	}
	rc = runner_check_opts(&o, self);
	if (rc == CP_EXIT_OK && top && !o.importance)
		rc = cmd_usage_error(self, "--top %s: expected with --importance", top);
	if (rc != CP_EXIT_OK) {
		free(o.sets);
		free(o.variant_files);
		return rc;
	}
	int nmodels = argc - optind;
	if (nmodels < 1) {
		free(o.sets);
		free(o.variant_files);
		return cmd_usage_error(self, "expected at least one model file");
	}
	if (o.trials_out && nmodels > 1) {
		free(o.sets);
		free(o.variant_files);
		return cmd_usage_error(self, "--trials-out: expected a single model, got %d",
		                       nmodels);
	}

	struct model *models = xcalloc((size_t)nmodels, sizeof *models);
	struct run_out *outs = xcalloc((size_t)nmodels, sizeof *outs);
	for (int k = 0; k < nmodels; k++) {
		int r = runner_prepare(&models[k], argv[optind + k], &o, NULL, 0);
		if (r == CP_EXIT_OK && o.n_variant_files) {
			struct diag d;
			int missing = 0;
			diag_init(&d);
			for (size_t j = 0; j < o.n_variant_files; j++)
				if (variant_load_file(&models[k], o.variant_files[j], &d,
				                      &missing) != 0)
					r = missing ? CP_EXIT_NOINPUT : CP_EXIT_DATAERR;
			diag_print_filtered(&d, stderr, msg_prog, msg_quiet && r == CP_EXIT_OK);
			diag_free(&d);
		}
		if (r == CP_EXIT_OK && models[k].n_variants && o.precision > 0)
			r = cmd_usage_error(self, "--precision: not with variants (%s has %zu): "
			                    "a paired comparison needs the same trials in every "
			                    "run", models[k].path, models[k].n_variants);
		if (r == CP_EXIT_OK && models[k].n_variants && o.trials_out)
			r = cmd_usage_error(self, "--trials-out: not with variants (%s has %zu)",
			                    models[k].path, models[k].n_variants);
		if (r != CP_EXIT_OK && rc == CP_EXIT_OK)
			rc = r;
	}
	/* Data-dependent checks (targets, data overrides) for every model
	 * before the first trial. */
	/* A single model runs on the data set its check prepared: an EU-scale
	 * set takes a good part of a second to load. */
	struct dataset kept = {0};
	for (int k = 0; rc == CP_EXIT_OK && k < nmodels; k++) {
		rc = nmodels == 1 && !models[k].n_variants
		         ? runner_check_data_keep(&models[k], &o, &kept)
		         : runner_check_data(&models[k], &o);
		if (rc == CP_EXIT_OK)
			rc = runner_check_variants(&models[k], &o);
	}
	/* OUTDIR/batch.csv and a model's directory cannot share a name. */
	for (int k = 0; rc == CP_EXIT_OK && nmodels > 1 && k < nmodels; k++)
		if (strcmp(models[k].name, "batch.csv") == 0) {
			msg_error("%s: model name \"batch.csv\" is the name of the batch summary "
			          "file: expected another name (set name = in [model])",
			          models[k].path);
			rc = CP_EXIT_DATAERR;
		}
	/* Two models writing into one directory would overwrite each other. */
	for (int k = 0; rc == CP_EXIT_OK && k < nmodels; k++)
		for (int j = 0; j < k; j++)
			if (strcmp(models[k].name, models[j].name) == 0) {
				msg_error("%s: model name \"%s\" is also the name of %s: expected "
				          "distinct names (set name = in [model])",
				          models[k].path, models[k].name, models[j].path);
				rc = CP_EXIT_DATAERR;
				break;
			}
	/* Outputs must not land among (or replace) the inputs. */
	for (int k = 0; rc == CP_EXIT_OK && k < nmodels; k++) {
		const char *data = o.data ? o.data : models[k].data;
		char *dir = path_join(o.outdir, models[k].name);
		if (path_inside(o.outdir, data))
			rc = cmd_usage_error(self, "-o: the output directory \"%s\" is the "
			                     "data set directory \"%s\" or inside it: expected "
			                     "another one", o.outdir, data);
		else if (path_inside(dir, data)) /* -o data with name = the set's */
			rc = cmd_usage_error(self, "-o: the results of %s would go to \"%s\", the "
			                     "data set directory: expected another -o or name",
			                     models[k].path, dir);
		free(dir);
		if (rc != CP_EXIT_OK)
			break;
		int to_file = o.trials_out && strcmp(o.trials_out, "-") != 0;
		if (to_file && path_inside(o.trials_out, data))
			rc = cmd_usage_error(self, "--trials-out: \"%s\" is inside the data set "
			                     "directory \"%s\": expected a file elsewhere",
			                     o.trials_out, data);
		else if (to_file && same_file(o.trials_out, models[k].path))
			rc = cmd_usage_error(self, "--trials-out: \"%s\" is the model file: "
			                     "expected another file", o.trials_out);
	}
	/* MPI: every rank has read and checked its inputs (base/par.h); rank
	 * 0 alone writes */
	rc = par_agree(rc);
	const int writer = par_rank() == 0;
	if (rc == CP_EXIT_OK && writer && make_dirs(o.outdir) != 0) {
		msg_error("%s: cannot create directory: %s", o.outdir,
		          make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
	}
	/* --json: the summaries streamed as summary.json is (report.h), into
	 * memory until every model has run; several models make an array */
	char *jbuf = NULL;
	size_t jlen = 0;
	FILE *jf = NULL;
	if (o.json && !(jf = open_memstream(&jbuf, &jlen))) {
		msg_error("--json: %s", strerror(errno));
		rc = CP_EXIT_OSERR;
	}
	int ran = 0;
	for (int k = 0; k < nmodels && rc == CP_EXIT_OK; k++) {
		int with_variants = models[k].n_variants > 0;
		/* The writer's summary.json is the model's --json document:
		 * report_run gives a copy of its bytes (runner_write) */
		char *mbuf = NULL;
		size_t mlen = 0;
		FILE *mf = jf && writer ? open_memstream(&mbuf, &mlen) : NULL;
		if (jf && writer && !mf) {
			msg_error("--json: %s", strerror(errno));
			rc = CP_EXIT_OSERR;
			break;
		}
		o.json_copy = mf;
		rc = with_variants ? runner_variants(&models[k], &o, &outs[k])
		                   : runner_execute_kept(&models[k], &o, &outs[k], &kept);
		if (rc == CP_EXIT_OK) {
			/* Institutions that reach the asset threshold alone: once
			 * for each data set and threshold of the batch, not once a
			 * model. */
			const struct model *m = &models[k],
			                   *pm = k ? &models[k - 1] : NULL;
			if (!pm || strcmp(outs[k].data_dir, outs[k - 1].data_dir) != 0 ||
			    pm->systemic_assets_share != m->systemic_assets_share ||
			    pm->systemic_min_institutions != m->systemic_min_institutions)
				runner_warn_large(m->name, &outs[k].ds,
				                  m->systemic_assets_share,
				                  m->systemic_min_institutions, 0);
			ran = k + 1;
			if (!with_variants) /* runner_variants wrote every directory */
				rc = runner_write(&models[k], &o, &outs[k]);
		}
		o.json_copy = NULL;
		if (mf && fclose(mf) != 0 && rc == CP_EXIT_OK) {
			msg_error("--json: %s", strerror(errno));
			rc = CP_EXIT_OSERR;
		}
		if (jf && rc == CP_EXIT_OK) {
			fputs(nmodels == 1 ? "" : k ? ",\n  " : "[\n  ", jf);
			if (mf) {
				put_nested(jf, mbuf, mlen, nmodels > 1);
			} else if (report_json_write(jf, &models[k], &outs[k].ds,
			                             &outs[k].res, &outs[k].sum,
			                             outs[k].data_dir,
			                             nmodels > 1) != 0) {
				msg_error(
				    "--json: cannot encode the JSON (out of memory?)");
				rc = CP_EXIT_SOFTWARE;
			}
		}
		free(mbuf);
		if (k >= ran)
			break;
		/* Keep the results for batch.csv; the data set is no longer needed. */
		dataset_free(&outs[k].ds);
	}
	if (rc == CP_EXIT_OK && nmodels > 1 && writer) {
		char *path = path_join(o.outdir, "batch.csv");
		struct batch b = { models, outs, nmodels };
		rc = cmd_write_file(path, write_batch, &b);
		free(path);
	}
	if (jf) {
		fputs(nmodels == 1 ? "\n" : "\n]\n", jf);
		if (fclose(jf) != 0 && rc == CP_EXIT_OK) {
			msg_error("--json: %s", strerror(errno));
			rc = CP_EXIT_OSERR;
		}
		if (rc == CP_EXIT_OK)
			fwrite(jbuf, 1, jlen, stdout);
		free(jbuf);
	}
	dataset_free(&kept); /* a check that was not followed by its run */
	for (int k = 0; k < ran; k++)
		run_out_free(&outs[k]);
	free(outs);
	for (int k = 0; k < nmodels; k++)
		model_free(&models[k]);
	free(models);
	free(o.sets);
	free(o.variant_files);
	return rc;
}
