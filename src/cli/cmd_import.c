/*
 * cmd_import.c - `chokepoint import INPUT... -o DIR`: DORA registers of
 * information into a data set (chokepoint-import(5)).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"
#include "input/roi.h"
#include "report/report_import.h"
#include "cli/cmd.h"

static int cmd_import_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "INPUT... -o DIR [--assumptions FILE] [--systemic FILE] [--force]",
	.summary = "DORA registers of information to a data set",
	.exec = cmd_import_exec,
};

enum { OPT_ASSUME = 256, OPT_SYSTEMIC, OPT_FORCE };

/* Print d (errors only under -q); free it. */
static void print_diag(struct diag *d)
{
	diag_flush(d);
	diag_print_filtered(d, stderr, msg_prog, msg_quiet);
	diag_free(d);
}

static int cmd_import_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "assumptions", required_argument, NULL, OPT_ASSUME },
		{ "systemic", required_argument, NULL, OPT_SYSTEMIC },
		{ "force", no_argument, NULL, OPT_FORCE },
		CMD_GLOBAL_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL, *assume = NULL, *sysfile = NULL;
	int force = 0, c;
	while ((c = getopt_long(argc, argv, ":ho:" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
		case 'o':
			dir = optarg;
			break;
		case OPT_ASSUME:
			assume = optarg;
			break;
		case OPT_SYSTEMIC:
			sysfile = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		default: {
			int r = cmd_global_option(self, c, optarg);
			if (r == 1)
				break;
			return r ? r : cmd_bad_option(self, c, argv);
		}
		}
	}
	if (optind >= argc)
		return cmd_usage_error(self, "expected at least one INPUT (a DORA report "
		                       "package, its folder or a folder of b_XX.XX.csv files)");
	if (!dir || !*dir)
		return cmd_usage_error(self, "expected -o DIR");

	/* Never into an input. */
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) && path_inside(dir, argv[i])) {
			msg_error("%s: inside the input %s: expected an output directory "
			          "outside every input", dir, argv[i]);
			return CP_EXIT_CANTCREAT;
		}
		if (same_file(dir, argv[i])) {
			msg_error("%s: is the input %s", dir, argv[i]);
			return CP_EXIT_CANTCREAT;
		}
	}

	struct diag d;
	diag_init(&d);
	struct roi_assumptions a;
	roi_assumptions_default(&a);
	char **sys = NULL;
	size_t n_sys = 0;
	struct roi r;
	roi_init(&r);
	int rc = CP_EXIT_DATAERR;
	if (assume && roi_assumptions_load(&a, assume, &d) != 0)
		goto fail;
	if (sysfile && roi_read_lei_list(sysfile, &sys, &n_sys, &d) != 0)
		goto fail;
	int bad = 0, missing = 0;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			missing = 1;
		if (roi_add_input(&r, argv[i], &d) != 0)
			bad = 1;
	}
	if (bad) {
		rc = missing ? CP_EXIT_NOINPUT : CP_EXIT_DATAERR;
		goto fail;
	}
	if (roi_map(&r, &a, sys, n_sys, &d) != 0)
		goto fail;
	print_diag(&d);

	if (make_dirs(dir) != 0) {
		msg_error("%s: cannot create directory: %s", dir, make_dirs_strerror(errno));
		rc = CP_EXIT_CANTCREAT;
		goto out;
	}
	if (!force) {
		size_t n = 0;
		while (report_import_files[n])
			n++;
		if ((rc = cmd_refuse_existing(dir, report_import_files, n)) != CP_EXIT_OK)
			goto out;
	}
	char err[512];
	outfile_defer_begin();
	int wr = report_import_write(dir, &r, &a, err, sizeof err);
	char err2[512];
	if (outfile_defer_end(wr == CP_OK, err2, sizeof err2) != 0 && wr == CP_OK) {
		wr = CP_ERR_WRITE;
		snprintf(err, sizeof err, "%s", err2);
	}
	if (wr != CP_OK) {
		msg_error("%s", err);
		rc = wr == CP_ERR_CREATE ? CP_EXIT_CANTCREAT : CP_EXIT_IOERR;
		goto out;
	}
	printf("%s: imported %zu package%s\n", dir, r.n_pkgs, r.n_pkgs == 1 ? "" : "s");
	printf("institutions %8zu\n", r.inst.n);
	printf("services     %8zu\n", r.serv.n);
	printf("vendors      %8zu\n", r.vend.n);
	printf("cloud        %8zu\n", r.cloud.n);
	printf("dependencies %8zu\n", r.deps.n);
	rc = CP_EXIT_OK;
	goto out;
fail:
	print_diag(&d);
out:
	for (size_t i = 0; i < n_sys; i++)
		free(sys[i]);
	free(sys);
	roi_free(&r);
	roi_assumptions_free(&a);
	return rc;
}
