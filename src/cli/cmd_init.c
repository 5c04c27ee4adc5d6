/*
 * cmd_init.c - `chokepoint init [--force] DIR`: write a small starting
 * data set and model to edit (chokepoint-data(5), EXAMPLES).
 *
 * The example is a bank group: three institutions, six important business
 * services, four vendors (one of them a data centre that two others run in:
 * a shared sub-outsourcer), two cloud regions (internet banking runs in both:
 * a redundant pair), and a stress model of an outage of one region.  CSV
 * files have no comments (chokepoint-data(5)), so the explanations are in
 * README.txt and in the model file's comments.
 *
 * DIR is created when missing.  A directory that holds anything is left
 * alone unless --force is given, which replaces only the files written
 * here.  The files are written to temporary files and renamed together.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/outfile.h"
#include "base/path.h"
#include "cli/cmd.h"

static int cmd_init_exec(const struct cmd_entry *self, int argc, char **argv);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "[--force] DIR",
	.summary = "write a small data set and model to edit",
	.exec = cmd_init_exec,
};

#define OPT_FORCE 1001

static const char readme_txt[] =
	"A starting data set and model for chokepoint\n"
	"============================================\n"
	"\n"
	"Written by `chokepoint init`.  Edit these files to describe your own\n"
	"institutions, services and providers; chokepoint-data(5) defines every\n"
	"file and column, chokepoint-model(5) every key of model.ini.  CSV files\n"
	"cannot hold comments, so they are explained here.\n"
	"\n"
	"Try it first, from where you ran `chokepoint init DIR`:\n"
	"\n"
	"    chokepoint validate DIR           check the data set, print its counts\n"
	"    chokepoint analyze DIR -o an      concentration, single points of failure\n"
	"    chokepoint run DIR/model.ini -o out     simulate the scenario of model.ini\n"
	"\n"
	"The example: a bank group\n"
	"-------------------------\n"
	"\n"
	"institutions.csv  3 institutions of one group: a bank (systemic), a trust\n"
	"                  bank and a securities firm.  total_assets are in one\n"
	"                  currency unit for all (here JPY trillion): 120 + 30 + 10\n"
	"                  = 160.  A systemic event (model.ini) is one in which at\n"
	"                  least 2 institutions breach and together hold at least\n"
	"                  10 % of that.  `chokepoint validate` warns that the\n"
	"                  bank and the trust bank each hold more than 10 % on\n"
	"                  their own, as the largest members of any small group\n"
	"                  do: either one in breach reaches the asset threshold\n"
	"                  (p_assets_threshold) alone, but a systemic event needs\n"
	"                  a second institution in breach.\n"
	"\n"
	"services.csv      6 important business services, two per institution.\n"
	"                  tolerance_hours is the impact tolerance, in hours,\n"
	"                  written as a plain number (2, not 2h): a service whose\n"
	"                  outage lasts longer breaches it.  daily_volume is in\n"
	"                  transactions (or sessions) per day.\n"
	"\n"
	"vendors.csv       4 outsourcing vendors: the group's core banking centre\n"
	"                  (core), the interbank clearing system (clearing), the\n"
	"                  securities firm's trading platform (trading), and the\n"
	"                  data centre both core and trading run in (datacenter):\n"
	"                  a sub-outsourcer that the group's contracts do not\n"
	"                  show, shared by all three institutions.\n"
	"                  annual_outage_rate is in outages per year;\n"
	"                  outage_median_hours and outage_p95_hours give the\n"
	"                  lognormal length of one outage.  They are used in\n"
	"                  annual mode (see model.ini), or in stress mode with\n"
	"                  baseline = yes; the model's shock ignores them.\n"
	"\n"
	"cloud.csv         2 regions of one cloud provider, Cloud A East and West;\n"
	"                  same columns as vendors.csv, with type region (or zone,\n"
	"                  or provider).  A zone's parent column names its region.\n"
	"\n"
	"dependencies.csv  10 rows: the node in from needs the node in to.\n"
	"  bank,core and trust,core    an institution in from stands for each of\n"
	"                              its services: 2 rows for 4 dependencies;\n"
	"  bank-payments,clearing      both banks' payments need the clearing\n"
	"  trust-payments,clearing     system; the trust bank works around a\n"
	"                              clearing outage after 3 hours\n"
	"                              (failover_hours 3), within its 4-hour\n"
	"                              tolerance;\n"
	"  bank-internet,cloud-east    internet banking runs in both regions and\n"
	"  bank-internet,cloud-west    needs one of them: the redundancy group\n"
	"                              \"regions\" with min_up 1, a redundant pair;\n"
	"  securities-trading,trading  the trading service needs its platform;\n"
	"  securities-web,cloud-east   the securities website runs in the East\n"
	"                              region only;\n"
	"  core,datacenter             the core centre and the trading platform\n"
	"  trading,datacenter          both run in the one data centre.\n"
	"\n"
	"So the data centre, which no institution contracts with, is the group's\n"
	"chokepoint: when it is down every service but the website is down\n"
	"(`chokepoint analyze` lists it in spof.csv and reach.csv).\n"
	"\n"
	"What model.ini computes, by hand\n"
	"--------------------------------\n"
	"\n"
	"The East region is down in every trial (probability 1) for a lognormal\n"
	"time of median 6 h and 95th percentile 16 h, so sigma = ln(16/6) /\n"
	"1.6448536 = 0.5963.\n"
	"\n"
	"- securities-web needs only cloud-east and tolerates 4 h: it breaches\n"
	"  when the outage lasts more than 4 h, with probability\n"
	"  1 - Phi(ln(4/6) / 0.5963) = 1 - Phi(-0.680) = 0.752.  With\n"
	"  --set 'shock.east-region.duration=fixed 6' it breaches in every trial.\n"
	"- bank-internet never breaches: the West region is up.\n"
	"- Only the securities firm breaches, one institution with 10 of 160 in\n"
	"  assets (6.25 %), below the 10 % threshold: no trial is a systemic\n"
	"  event, nor reaches the asset threshold.\n"
	"\n"
	"Making it yours\n"
	"---------------\n"
	"\n"
	"Replace the rows with your own, keeping the header lines; ids may use\n"
	"letters, digits and _ . : @ / -, and must be unique across the four node\n"
	"files.  Run `chokepoint validate DIR` after each change: every problem is\n"
	"reported with its file, line and column.  Copy model.ini to write more\n"
	"scenarios, each with a name of its own (the name = line); run them all\n"
	"at once with `chokepoint run DIR/*.ini`.\n";

static const char institutions_csv[] =
	"id,name,type,total_assets,systemic,country\n"
	"bank,Example Bank,bank,120,1,JP\n"
	"trust,Example Trust Bank,trust_bank,30,0,JP\n"
	"securities,Example Securities,securities,10,0,JP\n";

static const char services_csv[] =
	"id,institution,name,category,tolerance_hours,daily_volume\n"
	"bank-payments,bank,Payments,payments,2,400000\n"
	"bank-internet,bank,Internet banking,internet_banking,8,250000\n"
	"trust-payments,trust,Payments,payments,4,20000\n"
	"trust-custody,trust,Custody and settlement,custody,24,5000\n"
	"securities-trading,securities,Online trading,securities_trading,2,80000\n"
	"securities-web,securities,Customer website,customer_web,4,30000\n";

static const char vendors_csv[] =
	"id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	"core,Group core banking centre,shared_core_center,,JP,0.2,6,24\n"
	"clearing,Interbank clearing system,clearing,,JP,0.05,3,12\n"
	"trading,Trading platform vendor,software,,JP,0.5,2,8\n"
	"datacenter,Data centre operator,data_center,,JP,0.1,4,24\n";

static const char cloud_csv[] =
	"id,name,type,parent,country,annual_outage_rate,outage_median_hours,outage_p95_hours\n"
	"cloud-east,Cloud A East region,region,,JP,0.2,6,16\n"
	"cloud-west,Cloud A West region,region,,JP,0.2,6,16\n";

static const char dependencies_csv[] =
	"from,to,group,min_up,failover_hours\n"
	"bank,core,,,\n"
	"trust,core,,,\n"
	"bank-payments,clearing,,,\n"
	"trust-payments,clearing,,,3\n"
	"bank-internet,cloud-east,regions,1,\n"
	"bank-internet,cloud-west,regions,1,\n"
	"securities-trading,trading,,,\n"
	"securities-web,cloud-east,,,\n"
	"core,datacenter,,,\n"
	"trading,datacenter,,,\n";

static const char model_ini[] =
	"; A scenario for the starting data set of this directory: Cloud A's East\n"
	"; region goes down.  chokepoint-model(5) defines every key; README.txt\n"
	"; works out what to expect.  Lines that start with ; or # are comments.\n"
	"\n"
	"[model]\n"
	"; Results go to OUTDIR/east-region-outage/ (chokepoint run -o OUTDIR).\n"
	"name = east-region-outage\n"
	"title = Cloud A East region outage\n"
	"description = The East region of the group's cloud provider is lost for hours.\n"
	"; The data set, relative to this file: its own directory.\n"
	"data = .\n"
	"; stress: each trial is one outage of the shocks below.  annual: each\n"
	"; trial is a year of outages at the providers' own annual_outage_rate\n"
	"; and the shocks' frequency (try: chokepoint run model.ini --set\n"
	"; model.mode=annual).\n"
	"mode = stress\n"
	"; Monte Carlo trials; the same seed gives the same results.\n"
	"trials = 10000\n"
	"seed = 1\n"
	"; A systemic event: at least systemic_min_institutions institutions\n"
	"; breach and together hold at least systemic_assets_share of the\n"
	"; sector's total assets (here 10 % of 160).\n"
	"systemic_assets_share = 0.10\n"
	"systemic_min_institutions = 2\n"
	"\n"
	"; One shock: what fails together, how likely, for how long.\n"
	"[shock east-region]\n"
	"; Ids or globs of providers or services (cloud-* would take both regions).\n"
	"targets = cloud-east\n"
	"; Stress mode: the chance that the shock happens in a trial.\n"
	"probability = 1\n"
	"; Annual mode: how many times a year it happens, on average.\n"
	"frequency = 0.1\n"
	"; Hours down: lognormal MEDIAN P95 (also fixed H, uniform A B,\n"
	"; exponential MEAN, weibull SHAPE SCALE).\n"
	"duration = lognormal 6 16\n";

/* The files init writes, in the order it lists them. */
static const struct init_file {
	const char *name;
	const char *text;
	const char *what;
} init_files[] = {
	{ "README.txt", readme_txt, "what each file holds, and what to expect" },
	{ "institutions.csv", institutions_csv, "3 institutions of a bank group" },
	{ "services.csv", services_csv, "6 important business services" },
	{ "vendors.csv", vendors_csv, "4 vendors, one a shared sub-outsourcer" },
	{ "cloud.csv", cloud_csv, "2 cloud regions" },
	{ "dependencies.csv", dependencies_csv, "10 dependencies, one a redundant pair" },
	{ "model.ini", model_ini, "a stress scenario: the East region goes down" },
};
#define N_INIT_FILES (sizeof init_files / sizeof init_files[0])

/* 1 if directory 'dir' holds any entry, 0 if empty, -1 (errno) if unreadable. */
static int dir_has_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int any = 0;
	const struct dirent *e;
	errno = 0;
	while (!any && (e = readdir(d)) != NULL)
		any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	int saved = errno;
	closedir(d);
	if (!any && saved) {
		errno = saved;
		return -1;
	}
	return any;
}

/* Write every file of init_files into dir, all or none; exit status. */
static int write_files(const char *dir)
{
	struct outfile of[N_INIT_FILES];
	size_t opened = 0;
	int rc = CP_EXIT_OK;
	char err[512];
	outfile_defer_begin();
	for (; opened < N_INIT_FILES; opened++) {
		char *path = path_join(dir, init_files[opened].name);
		rc = cmd_outfile_open(&of[opened], path);
		if (rc == CP_EXIT_OK && fputs(init_files[opened].text, of[opened].fp) == EOF) {
			msg_error("%s: write failed: %s", path, strerror(errno));
			outfile_abort(&of[opened]);
			rc = CP_EXIT_IOERR;
		}
		if (rc == CP_EXIT_OK)
			rc = cmd_outfile_commit(&of[opened], path);
		free(path);
		if (rc != CP_EXIT_OK)
			break;
	}
	if (outfile_defer_end(rc == CP_EXIT_OK, err, sizeof err) != 0 && rc == CP_EXIT_OK) {
		msg_error("%s", err);
		rc = CP_EXIT_IOERR;
	}
	return rc;
}

/* init: a starting data set and model in a new or empty directory. */
static int cmd_init_exec(const struct cmd_entry *self, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "force", no_argument, NULL, OPT_FORCE },
		CMD_GLOBAL_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int force = 0, c;
	while ((c = getopt_long(argc, argv, ":h" CMD_GLOBAL_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(self, stdout);
			return CP_EXIT_OK;
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
	if (argc - optind != 1 || !*argv[optind])
		return cmd_usage_error(self, "expected one directory to write into");
	const char *dir = argv[optind];

	if (make_dirs(dir) != 0) {
		msg_error("%s: cannot create directory: %s", dir, make_dirs_strerror(errno));
		return CP_EXIT_CANTCREAT;
	}
	int any = dir_has_entries(dir);
	if (any < 0) {
		msg_error("%s: cannot read directory: %s", dir, strerror(errno));
		return CP_EXIT_CANTCREAT;
	}
	if (any && !force) {
		msg_error("%s: not empty: expected a new or empty directory (--force "
		          "replaces the files init writes and keeps the others)", dir);
		return CP_EXIT_CANTCREAT;
	}
	int rc = write_files(dir);
	if (rc != CP_EXIT_OK)
		return rc;

	printf("%s: wrote a starting data set and model to edit:\n", dir);
	for (size_t i = 0; i < N_INIT_FILES; i++)
		printf("  %-17s %s\n", init_files[i].name, init_files[i].what);
	printf("next:\n");
	printf("  chokepoint validate %s\n", dir);
	char *model = path_join(dir, "model.ini");
	printf("  chokepoint run %s -o out\n", model);
	free(model);
	return CP_EXIT_OK;
}
