/*
 * test_base.c - the pieces of base/ (outfile, path, text) that keep outputs whole and inputs
 * safe: atomic and deferred output files, "is this path inside the data
 * set", numbers that never print truncated; and the regression inputs
 * of the fuzzers that need more than a golden case.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/path.h"
#include "base/stats.h"
#include "base/text.h"
#include "input/csvread.h"
#include "testutil.h"

static char *slurp_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = xmalloc(4096);
	size_t n = fread(buf, 1, 4095, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int count_tmp(const char *dir)
{
	char *cmd = xasprintf("ls '%s' | grep -c '\\.tmp\\.' || true", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	free(cmd);
	return n;
}

/* Deferred commits: nothing replaced until outfile_defer_end(1). */
Test(util, defer_commits_together)
{
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "a.csv", "old a\n");
	tmpdata_write(dir, "b.csv", "old b\n");
	char *a = path_join(dir, "a.csv"), *b = path_join(dir, "b.csv");

	outfile_defer_begin();
	struct outfile of;
	cr_assert_eq(outfile_open(&of, a), 0);
	fputs("new a\n", of.fp);
	cr_assert_eq(outfile_commit(&of), 0);
	cr_assert_eq(outfile_open(&of, b), 0);
	fputs("new b\n", of.fp);
	cr_assert_eq(outfile_commit(&of), 0);
	char *s = slurp_file(a);
	cr_assert_str_eq(s, "old a\n", "a replaced before outfile_defer_end");
	free(s);
	cr_assert_eq(count_tmp(dir), 2);
	cr_assert_eq(outfile_defer_end(1, NULL, 0), 0);
	s = slurp_file(a);
	cr_assert_str_eq(s, "new a\n");
	free(s);
	s = slurp_file(b);
	cr_assert_str_eq(s, "new b\n");
	free(s);
	cr_assert_eq(count_tmp(dir), 0);
	free(a);
	free(b);
	tmpdata_rm(dir);
}

/* A failed run: outfile_defer_end(0) keeps every old file. */
Test(util, defer_abort_keeps_old)
{
	char *dir = tmpdata_dir();
	tmpdata_write(dir, "a.csv", "old a\n");
	char *a = path_join(dir, "a.csv"), *c = path_join(dir, "c.csv");
	outfile_defer_begin();
	struct outfile of;
	cr_assert_eq(outfile_open(&of, a), 0);
	fputs("new a\n", of.fp);
	cr_assert_eq(outfile_commit(&of), 0);
	cr_assert_eq(outfile_open(&of, c), 0);
	fputs("new c\n", of.fp);
	cr_assert_eq(outfile_commit(&of), 0);
	cr_assert_eq(outfile_defer_end(0, NULL, 0), 0);
	char *s = slurp_file(a);
	cr_assert_str_eq(s, "old a\n");
	free(s);
	cr_assert_null(slurp_file(c), "c.csv created by an aborted run");
	cr_assert_eq(count_tmp(dir), 0);
	free(a);
	free(c);
	tmpdata_rm(dir);
}

/*
 * An output path that is a FIFO is written in place: a reader at the other
 * end gets the bytes, and the FIFO is still a FIFO afterwards.  A
 * temporary file renamed over it would have replaced the node (as root,
 * `-o /dev/null` replaced /dev/null with a regular file).
 */
Test(util, outfile_writes_fifo_in_place, .timeout = 20)
{
	char *dir = tmpdata_dir();
	char *fifo = path_join(dir, "pipe");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) { /* the reader: exit 0 iff it read exactly "abc\n" */
		char buf[16] = { 0 };
		FILE *fp = fopen(fifo, "r");
		size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
		_exit(n == 4 && strcmp(buf, "abc\n") == 0 ? 0 : 1);
	}
	struct outfile of;
	cr_assert_eq(outfile_open(&of, fifo), 0);
	fputs("abc\n", of.fp);
	cr_assert_eq(outfile_commit(&of), 0);
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the reader got other bytes");
	struct stat st;
	cr_assert_eq(stat(fifo, &st), 0);
	cr_assert(S_ISFIFO(st.st_mode), "the FIFO was replaced by a regular file");
	cr_assert_eq(count_tmp(dir), 0);
	free(fifo);
	tmpdata_rm(dir);
}

/* An output path that is a directory is refused before any work. */
Test(util, outfile_refuses_directory)
{
	char *dir = tmpdata_dir();
	struct outfile of;
	errno = 0;
	cr_assert_eq(outfile_open(&of, dir), -1);
	cr_assert_eq(errno, EISDIR);
	cr_assert_eq(count_tmp(dir), 0);
	tmpdata_rm(dir);
}

Test(util, path_inside)
{
	char *dir = tmpdata_dir();
	char *data = path_join(dir, "data"), *out = path_join(dir, "out");
	char *link = path_join(dir, "link");
	cr_assert_eq(mkdir(data, 0777), 0);
	cr_assert_eq(symlink(data, link), 0);
	char *p;
	cr_assert(path_inside(data, data));
	p = xasprintf("%s/", data);
	cr_assert(path_inside(p, data));
	free(p);
	p = xasprintf("%s/new/deeper", data); /* need not exist */
	cr_assert(path_inside(p, data));
	free(p);
	p = xasprintf("%s/x.csv", link); /* through a symbolic link */
	cr_assert(path_inside(p, data));
	free(p);
	p = xasprintf("%s/new/../data/x", dir); /* make_dirs would go there */
	cr_assert(path_inside(p, data));
	free(p);
	p = xasprintf("%s/../data2", data);
	cr_assert_not(path_inside(p, data));
	free(p);
	p = xasprintf("%s2", data); /* a prefix, not a parent */
	cr_assert_not(path_inside(p, data));
	free(p);
	cr_assert_not(path_inside(out, data));
	cr_assert_not(path_inside(dir, data));
	cr_assert_not(path_inside(data, out)); /* out does not exist */
	free(data);
	free(out);
	free(link);
	tmpdata_rm(dir);
}

/* Numbers too long for the buffer print exactly, never truncated. */
Test(util, fmt_num_never_truncates)
{
	char buf[64];
	fmt_num(buf, sizeof buf, 1e300, 10);
	cr_assert_str_eq(buf, "1e+300");
	fmt_num(buf, sizeof buf, -DBL_MAX, 6);
	cr_assert_eq(strtod(buf, NULL), -DBL_MAX, "%s", buf);
	fmt_num(buf, sizeof buf, 1e18, 10);
	cr_assert_str_eq(buf, "1000000000000000000");
	fmt_num(buf, sizeof buf, 0.125, 10);
	cr_assert_str_eq(buf, "0.125");
}

/*
 * Rounding to prec decimals is printf's: the exact binary value, to
 * nearest, ties to even.  Expected strings worked out by hand:
 * 0.125 = 1/8 exactly, so at 2 decimals a tie between 0.12 and 0.13: even
 * 0.12.  0.375 likewise gives 0.38, 2.5 at 0 decimals gives 2, 3.5 gives 4.
 * 1.005 is 1.00499999999999989... in binary, below the tie: 1 at 2
 * decimals, not 1.01.  -0.004 at 2 decimals rounds to -0.00, printed 0.
 * 2^53 + 2 prints whole.
 */
Test(util, fmt_num_rounds_as_printf)
{
	static const struct {
		double x;
		int prec;
		const char *want;
	} cases[] = {
		{0.125, 2, "0.12"},  {0.375, 2, "0.38"},   {2.5, 0, "2"},
		{3.5, 0, "4"},       {-2.5, 0, "-2"},      {0.1, 0, "0"},
		{1.005, 2, "1"},     {-0.004, 2, "0"},     {-0.0, 3, "0"},
		{9007199254740994.0, 1, "9007199254740994"},
		{123.456, 8, "123.456"}, {1e-300, 9, "0"}, {0.000123456, 6, "0.000123"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fmt_num(buf, sizeof buf, cases[i].x, cases[i].prec);
		cr_assert_str_eq(buf, cases[i].want, "%.17g at %d", cases[i].x, cases[i].prec);
	}
}

/* fmt_num as printf alone writes it: %.*f, trailing zeros and a bare
 * point removed, "-0" as "0". */
static void fmt_num_printf(char *buf, size_t size, double x, int prec)
{
	snprintf(buf, size, "%.*f", prec, x);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* A value for the number tests: random digits at a random scale, often
 * a short decimal or a half (the rounding boundaries printf decides). */
static double test_value(unsigned long long *st)
{
	*st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
	unsigned long long u = *st >> 11;
	int kind = (int)(u % 5), e = (int)(u / 5 % 40) - 20;
	double m = (double)(u % 1000000007ULL) / 1000000007.0;
	double x;
	if (kind == 0)
		x = m * pow(10, e);                        /* any digits */
	else if (kind == 1)
		x = (double)(u % 100000) / pow(10, (double)(u % 9)); /* a short decimal */
	else if (kind == 2)
		x = ((double)(u % 100000) + 0.5) / pow(10, (double)(u % 8)); /* a half */
	else if (kind == 3)
		x = (double)(u % 4096) / 1024;             /* dyadic: exact ties */
	else
		x = ldexp(m, e);
	return (u >> 40 & 1) ? -x : x;
}

/* fmt_g and fmt_num print what printf prints, digit for digit, on a
 * million values at every scale, halves and exact ties included. */
Test(util, number_formats_match_printf)
{
	unsigned long long st = 12345;
	char a[64], b[64];
	const double fixed[] = {0.0, -0.0, 1, 0.5, 0.125, 9999999999.5, 999999999.95,
	                        1e10, 1e-5, 1e-4, 0.0001, 123456789012.0, 1e25, 1e-15,
	                        2.5, 0.05, 1e22, 4503599627370497.0, DBL_MIN, 1e300};
	for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		for (int p = 1; p <= 17; p++) {
			int n = fmt_g(a, sizeof a, fixed[k], p);
			snprintf(b, sizeof b, "%.*g", p, fixed[k]);
			cr_assert_str_eq(a, b, "%%.%dg of %.17g", p, fixed[k]);
			cr_assert_eq(n, (int)strlen(b));
		}
	for (long i = 0; i < 1000000; i++) {
		double x = test_value(&st);
		int p = 1 + (int)(i % 15);
		fmt_g(a, sizeof a, x, p);
		snprintf(b, sizeof b, "%.*g", p, x);
		cr_assert_str_eq(a, b, "%%.%dg of %.17g", p, x);
		int q = (int)(i % 11);
		fmt_num(a, sizeof a, x, q);
		fmt_num_printf(b, sizeof b, x, q);
		cr_assert_str_eq(a, b, "fmt_num %d of %.17g", q, x);
	}
}

/* A field of 65,536 bytes is the longest accepted; one more is refused. */
Test(util, csv_field_limit)
{
	size_t n = 65536; /* the documented default of --limit field-size */
	char *text = xmalloc(n + 16);
	memcpy(text, "a\n", 2);
	memset(text + 2, 'x', n + 1);
	struct csvtab t;
	struct diag d;
	diag_init(&d);
	cr_assert_eq(csvtab_parse(&t, "t.csv", text, 2 + n, &d), 0);
	cr_assert_eq(strlen(csvtab_get(&t, 0, 0)), n);
	csvtab_free(&t);
	cr_assert_eq(csvtab_parse(&t, "t.csv", text, 2 + n + 1, &d), -1);
	cr_assert(diag_has(&d, "the limit is 65536 bytes"));
	csvtab_free(&t);
	diag_free(&d);
	free(text);
}

/* --limit NAME=VALUE: units, exponents, ceilings and refusals. */
Test(limits, values_units_and_ceilings)
{
	char err[256];
	limits_reset();
	/* 2G = 2 * 1024^3 = 2147483648 bytes */
	cr_assert_eq(limits_set("memory=2G", err, sizeof err), 0);
	cr_assert_eq(limit_get(LIMIT_MEMORY), 2147483648ULL);
	/* 2e9 = 2,000,000,000 trials, under the ceiling of 4e9 */
	cr_assert_eq(limits_set("trials=2e9", err, sizeof err), 0);
	cr_assert_eq(limit_get(LIMIT_TRIALS), 2000000000ULL);
	/* 5e9 passes the 32-bit ceiling of 4e9 */
	cr_assert_neq(limits_set("trials=5e9", err, sizeof err), 0);
	cr_assert(strstr(err, "from 1 to 4000000000") != NULL, "%s", err);
	cr_assert_eq(limit_get(LIMIT_TRIALS), 2000000000ULL, "a refused value kept");
	/* a count's K is a thousand (10K = 10000 records), a size's 1024 */
	cr_assert_eq(limits_set("records=10K", err, sizeof err), 0, "%s", err);
	cr_assert_eq(limit_get(LIMIT_RECORDS), 10000);
	/* zero, signs, fractions and junk fail */
	const char *bad[] = { "records=0", "records=-1", "records=1.5",
	                      "records=", "records=1e", "memory=1Q", "nodes=99999999999999999999",
	                      "memory=20000000T", "bogus=1", "records" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_neq(limits_set(bad[i], err, sizeof err), 0, "%s accepted", bad[i]);
	/* the ceilings themselves are accepted: 4e9 trials, 1024T = 2^50 bytes */
	cr_assert_eq(limits_set("trials=4e9", err, sizeof err), 0, "%s", err);
	cr_assert_eq(limit_get(LIMIT_TRIALS), 4000000000ULL);
	cr_assert_eq(limits_set("memory=1024T", err, sizeof err), 0, "%s", err);
	cr_assert_eq(limit_get(LIMIT_MEMORY), 1ULL << 50);
	cr_assert_neq(limits_set("trials=1e20", err, sizeof err), 0, "1e20 overflows");
	cr_assert_neq(limits_set("memory=1025T", err, sizeof err), 0);
	limits_reset();
	cr_assert_eq(limit_get(LIMIT_MEMORY), 8ULL << 30);
	cr_assert_eq(limit_get(LIMIT_TRIALS), 1000000000ULL);
}

/* A lowered field-size limit is enforced by the CSV reader with its place. */
Test(limits, csv_reader_obeys_an_override)
{
	/* line 3 holds a 10-byte field, over a limit of 8 */
	static const char text[] = "a,b\nshort,x\n0123456789,y\n";
	char err[256];
	limits_reset();
	cr_assert_eq(limits_set("field-size=8", err, sizeof err), 0);
	struct csvtab t;
	struct diag d;
	diag_init(&d);
	cr_assert_eq(csvtab_parse(&t, "t.csv", text, sizeof text - 1, &d), -1);
	cr_assert(diag_has(&d, "field 1 is 10 bytes long; the limit is 8 bytes"));
	cr_assert(diag_has(&d, "t.csv:3: "), "the message names line 3");
	csvtab_free(&t);
	diag_free(&d);
	/* the default takes it */
	limits_reset();
	diag_init(&d);
	cr_assert_eq(csvtab_parse(&t, "t.csv", text, sizeof text - 1, &d), 0);
	csvtab_free(&t);
	diag_free(&d);
}

/* chokepoint-data(5), number: overflow is an error, underflow reads as the
 * nearest double (0 for 1e-999, the subnormal 1e-320 as itself). */
Test(util, parse_decimal_range)
{
	double x = -1;
	cr_assert_eq(parse_decimal("1e999", &x), -1);
	cr_assert_eq(parse_decimal("-1e999", &x), -1);
	cr_assert_eq(parse_decimal("1e-999", &x), 0);
	cr_assert_eq(x, 0.0);
	cr_assert_eq(parse_decimal("1e-320", &x), 0);
	cr_assert(x > 0 && x < 1e-300, "%g", x);
	const char *bad[] = { "nan", "inf", "0x10", "12h", "1,000", "", "1e", "." };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(parse_decimal(bad[i], &x), -1, "\"%s\" accepted", bad[i]);
}

/* path_clean: the lexical form printed for a model's data = path. */
Test(util, path_clean)
{
	static const char *const cases[][2] = {
		{ "models/../data/jp-sector", "data/jp-sector" },
		{ "./models/./../data//x/", "data/x" },
		{ "a/b/../../c", "c" },
		{ "a/..", "." },
		{ "../x", "../x" },
		{ "../../x/../y", "../../y" },
		{ "a/../../b", "../b" },
		{ "/a/../b", "/b" },
		{ "/../b", "/b" },      /* ".." at the root is the root */
		{ "/", "/" },
		{ "", "." },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *c = path_clean(cases[i][0]);
		cr_expect_str_eq(c, cases[i][1], "path_clean(\"%s\")", cases[i][0]);
		free(c);
	}
}

/* A stale output is removed only when the run's files are committed. */
Test(util, outfile_remove_deferred)
{
	char dir[] = "/tmp/cp-remove-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = path_join(dir, "reverse_stress.csv");
	FILE *fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("old\n", fp);
	fclose(fp);
	struct stat st;
	outfile_defer_begin();
	cr_assert_eq(outfile_remove(path), 0);
	cr_assert_eq(stat(path, &st), 0, "removed before the commit");
	cr_assert_eq(outfile_defer_end(0, NULL, 0), 0);
	cr_assert_eq(stat(path, &st), 0, "a failed run removed the stale file");
	outfile_defer_begin();
	cr_assert_eq(outfile_remove(path), 0);
	cr_assert_eq(outfile_defer_end(1, NULL, 0), 0);
	cr_assert_neq(stat(path, &st), 0, "a committed run kept the stale file");
	/* absent already: not an error, deferred or not */
	cr_assert_eq(outfile_remove(path), 0);
	/* a directory in its place is refused at once, never queued */
	cr_assert_eq(mkdir(path, 0700), 0);
	outfile_defer_begin();
	errno = 0;
	cr_assert_eq(outfile_remove(path), -1);
	cr_assert_eq(errno, EISDIR);
	cr_assert_eq(outfile_defer_end(1, NULL, 0), 0);
	cr_assert_eq(stat(path, &st), 0);
	rmdir(path);
	rmdir(dir);
	free(path);
}

/* parse_count: the one syntax of counts (chokepoint(1) NUMBERS). */
Test(util, parse_count)
{
	uint64_t x = 7;
	cr_assert_eq(parse_count("20000", 0, &x), 0);
	cr_assert_eq(x, 20000);
	cr_assert_eq(parse_count("1e4", 0, &x), 0);
	cr_assert_eq(x, 10000);
	cr_assert_eq(parse_count("20k", 0, &x), 0);
	cr_assert_eq(x, 20000);
	cr_assert_eq(parse_count("20K", 0, &x), 0);
	cr_assert_eq(x, 20000);
	cr_assert_eq(parse_count("2.5e4", 0, &x), 0); /* 25 * 10^3 */
	cr_assert_eq(x, 25000);
	cr_assert_eq(parse_count("1.5M", 0, &x), 0);
	cr_assert_eq(x, 1500000);
	cr_assert_eq(parse_count("2e9", 0, &x), 0);
	cr_assert_eq(x, 2000000000);
	cr_assert_eq(parse_count("0.5e1", 0, &x), 0);
	cr_assert_eq(x, 5);
	cr_assert_eq(parse_count("18446744073709551615", 0, &x), 0);
	cr_assert_eq(x, UINT64_MAX);
	/* bytes: K, M, G, T are powers of 1024; 1.5 * 1024 = 1536 */
	cr_assert_eq(parse_count("1.5K", 1, &x), 0);
	cr_assert_eq(x, 1536);
	cr_assert_eq(parse_count("2G", 1, &x), 0);
	cr_assert_eq(x, 2ULL << 30);
	cr_assert_eq(parse_count("2e9", 1, &x), 0);
	cr_assert_eq(x, 2000000000);
	x = 7;
	/* not whole, malformed, signed, too large: refused, x untouched */
	static const char *const bad[] = { "", "2.5", "1.2345k", "1e", "e4", "k", "-1", "+1",
		" 1", "1 ", "1x", "20kk", "0x10", "nan", "inf", "18446744073709551616", "2e19",
		"1e41", "0.0000000000000000000000000000000000000001", "1.", ".", "1,000" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(parse_count(bad[i], 0, &x), -1, "\"%s\" accepted", bad[i]);
	cr_assert_eq(parse_count("1k", 1, &x), -1); /* bytes: K, not k */
	cr_assert_eq(x, 7);
	/* zero in any form is whole */
	cr_assert_eq(parse_count("0.000e0", 0, &x), 0);
	cr_assert_eq(x, 0);
}

/* parse_hours_unit: 4h = 4, 2 hours = 2, 30m = 30/60 = 0.5, 1.5 days =
 * 1.5 * 24 = 36, 90 MIN = 1.5; a bare number or another unit is not one. */
Test(util, parse_hours_unit)
{
	double h = -1;
	cr_assert_eq(parse_hours_unit("4h", &h), 0);
	cr_assert_eq(h, 4);
	cr_assert_eq(parse_hours_unit("2 hours", &h), 0);
	cr_assert_eq(h, 2);
	cr_assert_eq(parse_hours_unit("30m", &h), 0);
	cr_assert_eq(h, 0.5);
	cr_assert_eq(parse_hours_unit("1.5 days", &h), 0);
	cr_assert_eq(h, 36);
	cr_assert_eq(parse_hours_unit("90 MIN", &h), 0);
	cr_assert_eq(h, 1.5);
	static const char *const no[] = { "4", "", "h", "4s", "4 weeks", "-4h", "4hh", "abc" };
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		cr_assert_eq(parse_hours_unit(no[i], &h), -1, "\"%s\" read as hours", no[i]);
}

/*
 * A run's per-trial counts (institutions, services in breach) are
 * summarised by counting each value; the figures must be the bits the
 * general summary gives on the same values as doubles, which is the
 * simpler method (mean and sd in trial order, percentiles by selection).
 * Counts with many ties, one value, two values, a long tail.
 */
static void check_counts(const uint32_t *v, size_t n)
{
	double *d = xmalloc((n + 1) * sizeof *d);
	for (size_t i = 0; i < n; i++)
		d[i] = v[i];
	struct stats_summary a, b;
	stats_summarise_inplace(d, n, &a);
	stats_summarise_counts(v, n, &b);
	cr_assert(memcmp(&a, &b, sizeof a) == 0,
	          "n=%zu: mean %.17g/%.17g sd %.17g/%.17g p50 %g/%g p99 %g/%g max %g/%g",
	          n, a.mean, b.mean, a.sd, b.sd, a.p50, b.p50, a.p99, b.p99, a.max, b.max);
	free(d);
}

Test(stats, counts_summary_has_the_bits_of_the_double_one)
{
	uint32_t one[] = { 7 }, two[] = { 3, 1 }, same[] = { 2, 2, 2, 2 };
	check_counts(one, 1);
	check_counts(two, 2);
	check_counts(same, 4);
	/* 0 in 4 trials, else a geometric tail: p50 0, p99 and max far out */
	size_t n = 100003;
	uint32_t *v = xmalloc(n * sizeof *v);
	uint64_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		uint32_t r = (uint32_t)(x >> 33), k = 0;
		while (k < 40 && (r & (1u << k)))
			k++;
		v[i] = (r & 3) == 0 ? 0 : k * k + (r >> 28);
	}
	check_counts(v, n);
	/* and by hand: 1..10, p50 = 5 (the 5th of 10), p90 = 9, max 10, mean 5.5 */
	uint32_t ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct stats_summary s;
	stats_summarise_counts(ten, 10, &s);
	cr_assert_eq(s.p50, 5);
	cr_assert_eq(s.p90, 9);
	cr_assert_eq(s.p95, 10);
	cr_assert_eq(s.max, 10);
	cr_assert_float_eq(s.mean, 5.5, 1e-15);
	free(v);
}
