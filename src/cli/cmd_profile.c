/*
 * cmd_profile.c - `chokepoint profile DATA INSTITUTION... [options]` (its
 * usage is in cmd_profile_entry): one institution's view of the sector
 * and where it stands against its peers, into OUTDIR/INSTITUTION/; with
 * --all-institutions, the indicators of every institution in
 * OUTDIR/indicators.csv.
 *
 * The sector is analysed once (conc_analyze) and each model runs once
 * (mc_run over the whole sector, the named institutions tracked for their
 * own source attribution), whatever the number of institutions.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"
#include "base/text.h"
#include "sim/concentration.h"
#include "sim/engine.h"
#include "sim/profile.h"
#include "report/charts.h"
#include "report/report_profile.h"
#include "cli/cmd.h"
#include "cli/runner.h"

static int cmd_profile_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_profile_entry = {
    .name = "profile",
    .usage = "DATA INSTITUTION...|--all-institutions [-m MODEL]... [-o OUTDIR] "
             "[-n TRIALS] [-s SEED] [-j THREADS] [--peers TYPE|all]",
    .summary = "one institution against its peers",
    .exec = cmd_profile_exec,
};

#define OPT_PEERS 2001
#define OPT_ALL 2002

/* The institution id closest to id, for "did you mean", or NULL. */
static const char *nearest_institution(const struct dataset *ds, const char *id)
{
	size_t len = strlen(id);
	size_t cap = len / 3 > 2 ? len / 3 : 2;
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++) {
		size_t d = edit_distance(id, ds->nodes[i].id, bestd - 1);
		if (d < bestd) {
			bestd = d;
			best = ds->nodes[i].id;
		}
	}
	return best;
}

/* The institution called id, or NODE_NONE after the message. */
static uint32_t find_institution(const struct dataset *ds, const char *data,
                                 const char *id)
{
	uint32_t v = dataset_find(ds, id);
	if (v != NODE_NONE && ds->nodes[v].kind == NODE_INSTITUTION)
		return v;
	if (v != NODE_NONE) {
		msg_error("%s: \"%s\" is a %s, not an institution: expected an id of "
		          "institutions.csv",
		          data, id, node_kind_name(ds->nodes[v].kind));
		return NODE_NONE;
	}
	const char *near = nearest_institution(ds, id);
	msg_error("%s: unknown institution \"%s\"%s%s%s", data, id,
	          near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
	return NODE_NONE;
}

/* Does any institution have type 'type'?  Else the message. */
static int check_peer_type(const struct dataset *ds, const char *data, const char *type)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (uint32_t i = 0; i < ds->n_kind[NODE_INSTITUTION]; i++) {
		if (strcmp(ds->nodes[i].type, type) == 0)
			return 0;
		size_t d = edit_distance(type, ds->nodes[i].type, bestd - 1);
		if (d < bestd) {
			bestd = d;
			best = ds->nodes[i].type;
		}
	}
	msg_error("--peers: no institution of %s has type \"%s\"%s%s%s", data, type,
	          best ? " (did you mean \"" : "", best ? best : "", best ? "\"?)" : "");
	return -1;
}

/*
 * OUTDIR/ID, with every '/' of the id written "%2F" and an id "." or ".."
 * written "%2E" or "%2E%2E", so an id never names a directory outside
 * OUTDIR.  '%' is not an id character (dataset_id_valid), so two ids
 * never share a directory ("g/x" and "g_x" stay apart).
 */
static char *inst_dir(const char *outdir, const char *id)
{
	size_t n = strlen(id);
	char *name = xmalloc(3 * n + 1), *o = name;
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0) {
		for (size_t i = 0; i < n; i++, o += 3)
			memcpy(o, "%2E", 3);
	} else {
		for (const char *c = id; *c; c++) {
			if (*c == '/') {
				memcpy(o, "%2F", 3);
				o += 3;
			} else {
				*o++ = *c;
			}
		}
	}
	*o = '\0';
	char *dir = path_join(outdir, name);
	free(name);
	return dir;
}

struct profile_job {
	const char *data, *outdir;
	struct dataset ds;
	struct engine e;
	struct conc_result r;
	struct model *models;
	struct run_out *outs;
	int n_models, ran;
	uint32_t *inst;
	uint32_t n_inst;
	struct prof_table t;
	struct stats_peer *peer;
	struct prof_peers pe;
	int all;
	int compiled;
};

/* Write the files of one institution; exit status. */
static int write_one(struct profile_job *J, uint32_t inst)
{
	char err[512];
	struct profile p;
	int rc = CP_EXIT_OK;
	int r = profile_build(&J->ds, &J->e, &J->r, inst, &p, err, sizeof err);
	if (r != CP_OK) {
		msg_error("%s: %s", J->data, err);
		return r == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
	}
	const struct model **mp = xcalloc((size_t)J->n_models + 1, sizeof *mp);
	const struct mc_result **rp = xcalloc((size_t)J->n_models + 1, sizeof *rp);
	for (int k = 0; k < J->n_models; k++) {
		mp[k] = &J->models[k];
		rp[k] = &J->outs[k].res;
	}
	struct prof_report pr = {&J->ds,  J->data, &J->r, &p, &J->t,
	                         J->peer, &J->pe,  mp,    rp, (size_t)J->n_models};
	char *dir = inst_dir(J->outdir, J->ds.nodes[inst].id);
	if (make_dirs(dir) != 0) {
		msg_error("%s: cannot create directory: %s", dir,
		          make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
	} else if ((r = report_profile(dir, &pr, err, sizeof err)) != CP_OK ||
	           (r = charts_profile(dir, &J->ds, &J->t, &J->pe, inst,
	                               report_profile_peer_name(&J->ds, &J->pe, inst),
	                               err, sizeof err)) != CP_OK) {
		msg_error("%s", err);
		rc = r == CP_ERR_CREATE ? CP_EXIT_CANTCREAT : CP_EXIT_IOERR;
	}
	free(dir);
	free(mp);
	free(rp);
	profile_free(&p);
	return rc;
}

/* Analyse, run, compute the indicators and write everything; exit status. */
static int profile_run(struct profile_job *J, struct run_opts *o)
{
	char err[512];
	if (engine_compile(&J->e, &J->ds, err, sizeof err) != 0) {
		msg_error("%s", err);
		return CP_EXIT_SOFTWARE;
	}
	J->compiled = 1;
	struct conc_options co = {NULL, 0, 0, 1, o->threads};
	int ar = conc_analyze(&J->ds, &J->e, &co, &J->r, err, sizeof err);
	if (ar != CP_OK) {
		msg_error("%s: %s", J->data, err);
		return ar == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
	}
	if (J->r.cut_truncated)
		msg_warn(
		    "%s: more than %llu order-2 cut sets: the profiles list those of the "
		    "first %llu found (--limit cutsets=N)",
		    J->data, (unsigned long long)J->r.cut_limit,
		    (unsigned long long)J->r.cut_limit);
	o->track = J->inst;
	o->n_track = J->n_inst;
	struct prof_run *runs = xcalloc((size_t)J->n_models + 1, sizeof *runs);
	int rc = CP_EXIT_OK;
	for (int k = 0; k < J->n_models && rc == CP_EXIT_OK; k++) {
		rc = runner_execute(&J->models[k], o, &J->outs[k]);
		if (rc != CP_EXIT_OK)
			break;
		J->ran = k + 1;
		dataset_free(&J->outs[k].ds); /* the results are enough */
		runs[k] = (struct prof_run){J->models[k].name, &J->outs[k].res};
	}
	if (rc == CP_EXIT_OK) {
		int r = prof_table_build(&J->ds, &J->e, &J->r, runs, (size_t)J->n_models,
		                         &J->t, err, sizeof err);
		if (r != CP_OK) {
			msg_error("%s: %s", J->data, err);
			rc = r == CP_ERR_LIMIT ? CP_EXIT_DATAERR : CP_EXIT_SOFTWARE;
		}
	}
	free(runs);
	if (rc != CP_EXIT_OK)
		return rc;
	J->peer = prof_peer_table(&J->ds, &J->t, &J->pe);
	if (make_dirs(J->outdir) != 0) {
		msg_error("%s: cannot create directory: %s", J->outdir,
		          make_dirs_strerror(errno));
		return CP_EXIT_CANTCREAT;
	}
	/* Every file is replaced together, or none is (base/outfile.h). */
	outfile_defer_begin();
	for (uint32_t k = 0; k < J->n_inst && rc == CP_EXIT_OK; k++)
		rc = write_one(J, J->inst[k]);
	if (rc == CP_EXIT_OK && J->all) {
		int r = report_profile_all(J->outdir, &J->ds, &J->t, J->peer, err,
		                           sizeof err);
		if (r != CP_OK) {
			msg_error("%s", err);
			rc = r == CP_ERR_CREATE ? CP_EXIT_CANTCREAT : CP_EXIT_IOERR;
		}
	}
	if (outfile_defer_end(rc == CP_EXIT_OK, err, sizeof err) != 0 &&
	    rc == CP_EXIT_OK) {
		msg_error("%s", err);
		rc = CP_EXIT_IOERR;
	}
	if (rc == CP_EXIT_OK)
		msg_info("profiled %u institution%s%s -> %s/", J->n_inst,
		         J->n_inst == 1 ? "" : "s",
		         J->all ? " and the indicators of every institution" : "",
		         J->outdir);
	return rc;
}

/* Check the models: each readable, its data overrides and targets valid on
 * DATA, no two of one name (their indicators would share a name). */
static int check_models(struct profile_job *J, const struct run_opts *o, char **paths)
{
	int rc = CP_EXIT_OK;
	for (int k = 0; k < J->n_models; k++) {
		int r = runner_prepare(&J->models[k], paths[k], o, NULL, 0);
		if (r != CP_EXIT_OK && rc == CP_EXIT_OK)
			rc = r;
	}
	for (int k = 0; rc == CP_EXIT_OK && k < J->n_models; k++)
		rc = runner_check_data(&J->models[k], o);
	for (int k = 0; rc == CP_EXIT_OK && k < J->n_models; k++)
		for (int j = 0; j < k; j++)
			if (strcmp(J->models[k].name, J->models[j].name) == 0) {
				msg_error("%s: model name \"%s\" is also the name of %s: "
				          "expected "
				          "distinct names (set name = in [model])",
				          J->models[k].path, J->models[k].name,
				          J->models[j].path);
				rc = CP_EXIT_DATAERR;
				break;
			}
	return rc;
}

/* profile: parse, check, then profile_run. */
static int cmd_profile_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"model", required_argument, NULL, 'm'},
	    {"output", required_argument, NULL, 'o'},
	    {"trials", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"threads", required_argument, NULL, 'j'},
	    {"peers", required_argument, NULL, OPT_PEERS},
	    {"all-institutions", no_argument, NULL, OPT_ALL},
	    {"help", no_argument, NULL, 'h'},
	    CMD_GLOBAL_LONGOPTS,
	    {NULL, 0, NULL, 0}};
	struct run_opts o = {.outdir = "profile", .progress = cmd_settings.progress};
	struct profile_job J;
	memset(&J, 0, sizeof J);
	char **paths = NULL;
	size_t n_paths = 0, alloc_paths = 0;
	int c, rc = CP_EXIT_OK, loaded = 0;
	while ((c = getopt_long(argc, argv, ":m:o:n:s:j:h" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		int r;
		switch (c) {
		case 'h':
			cmd_print_usage(self, stdout);
			free(paths);
			return CP_EXIT_OK;
		case 'm':
			ALLOC_GROW(paths, n_paths + 1, alloc_paths);
			paths[n_paths++] = optarg;
			break;
		case OPT_PEERS:
			if (!*optarg) {
				free(paths);
				return cmd_usage_error(self,
				                       "--peers: expected an institution "
				                       "type or \"all\", got \"\"");
			}
			J.pe.all = strcmp(optarg, "all") == 0;
			J.pe.type = J.pe.all ? NULL : optarg;
			break;
		case OPT_ALL:
			J.all = 1;
			break;
		case 'o':
		case 'n':
		case 's':
		case 'j':
		case 'q':
		case CMD_OPT_NO_PROGRESS:
		case CMD_OPT_LIMIT:
			r = runner_option(&o, c, optarg, self);
			if (r != 1) {
				free(paths);
				return r;
			}
			break;
		default:
			free(paths);
			return cmd_bad_option(self, c, argv);
		}
	}
	rc = runner_check_opts(&o, self);
	if (rc != CP_EXIT_OK) {
		free(paths);
		return rc;
	}
	if (argc - optind < 1) {
		free(paths);
		return cmd_usage_error(self, "expected a data set directory");
	}
	if (argc - optind < 2 && !J.all) {
		free(paths);
		return cmd_usage_error(self, "expected at least one institution id, or "
		                             "--all-institutions");
	}
	J.data = argv[optind];
	J.outdir = o.outdir;
	o.data = J.data;
	if (path_inside(J.outdir, J.data)) {
		free(paths);
		return cmd_usage_error(
		    self,
		    "-o: the output directory \"%s\" is the data set "
		    "directory \"%s\" or inside it: expected another one",
		    J.outdir, J.data);
	}
	rc = cmd_load_dataset(&J.ds, J.data);
	if (rc != CP_EXIT_OK)
		goto out;
	loaded = 1;
	/* The institutions, each once, in the order given. */
	J.inst = xcalloc((size_t)(argc - optind), sizeof *J.inst);
	for (int k = optind + 1; k < argc; k++) {
		uint32_t v = find_institution(&J.ds, J.data, argv[k]);
		if (v == NODE_NONE) {
			rc = CP_EXIT_DATAERR;
			continue;
		}
		uint32_t j = 0;
		while (j < J.n_inst && J.inst[j] != v)
			j++;
		if (j == J.n_inst)
			J.inst[J.n_inst++] = v;
	}
	if (rc == CP_EXIT_OK && J.pe.type &&
	    check_peer_type(&J.ds, J.data, J.pe.type) != 0)
		rc = CP_EXIT_DATAERR;
	if (rc != CP_EXIT_OK)
		goto out;
	J.n_models = (int)n_paths;
	J.models = xcalloc(n_paths + 1, sizeof *J.models);
	J.outs = xcalloc(n_paths + 1, sizeof *J.outs);
	rc = check_models(&J, &o, paths);
	if (rc == CP_EXIT_OK)
		rc = profile_run(&J, &o);
out:
	for (int k = 0; k < J.ran; k++)
		run_out_free(&J.outs[k]);
	for (int k = 0; J.models && k < J.n_models; k++)
		model_free(&J.models[k]);
	free(J.models);
	free(J.outs);
	free(J.peer);
	prof_table_free(&J.t);
	conc_result_free(&J.r);
	if (J.compiled)
		engine_free(&J.e);
	if (loaded)
		dataset_free(&J.ds);
	free(J.inst);
	free(paths);
	return rc;
}
