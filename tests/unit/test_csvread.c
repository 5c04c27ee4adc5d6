/*
 * test_csvread.c - the CSV reader: encodings, line ends, RFC 4180 quoting,
 * the physical line reported for each record, and hostile input.
 *
 * Each test writes its file byte for byte, so what is tested is exactly
 * what a user's editor or spreadsheet would have saved.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "input/csvread.h"

/* the documented default of --limit field-size (chokepoint(1) LIMITS) */
#define CSV_FIELD_DEFAULT 65536
#include "testutil.h"

/* Result of reading one file: the table, its messages, and the path. */
struct rd {
	struct csvtab t;
	struct diag d;
	int rc;
	int missing;
};

/* Write 'len' bytes (NULs allowed) to a fresh file and read it back. */
static void read_bytes(struct rd *r, const char *bytes, size_t len)
{
	char *dir = tmpdata_dir();
	char *path = path_join(dir, "t.csv");
	FILE *fp = fopen(path, "wb");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(bytes, 1, len, fp), len);
	fclose(fp);
	diag_init(&r->d);
	r->rc = csvtab_read(&r->t, path, &r->d, &r->missing);
	free(path);
	tmpdata_rm(dir);
}

static void read_str(struct rd *r, const char *text)
{
	read_bytes(r, text, strlen(text));
}

static void rd_free(struct rd *r)
{
	csvtab_free(&r->t);
	diag_free(&r->d);
}

/* Print the messages when a test fails, to see what the reader said. */
static void dump(const struct rd *r)
{
	for (size_t i = 0; i < r->d.n; i++)
		cr_log_info("msg: %s", r->d.msgs[i].text);
}

static const char *cell(const struct rd *r, size_t row, const char *col)
{
	long c = csvtab_col(&r->t, col);
	cr_assert_geq(c, 0, "no column %s", col);
	return csvtab_get(&r->t, row, c);
}

/* ---- encodings and line ends ---------------------------------------- */

Test(csvread, utf8_bom_is_stripped)
{
	/* Excel's "CSV UTF-8" starts with EF BB BF; the first column must
	 * still be called "id", not "\xEF\xBB\xBFid". */
	struct rd r;
	read_str(&r, "\xEF\xBB\xBFid,name\nx,y\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.ncols, 2);
	cr_assert_str_eq(r.t.head[0], "id");
	cr_assert_eq(csvtab_col(&r.t, "id"), 0);
	cr_assert_eq(r.t.nrows, 1);
	cr_assert_str_eq(cell(&r, 0, "id"), "x");
	cr_assert_eq(r.t.head_line, 1);
	cr_assert_eq(r.t.line[0], 2);
	rd_free(&r);
}

Test(csvread, bom_only_file_is_empty)
{
	struct rd r;
	read_str(&r, "\xEF\xBB\xBF");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "empty"));
	rd_free(&r);
}

Test(csvread, crlf_line_ends)
{
	/* Line 1 header, 2 "a,b", 3 "c,d".  No field may keep a '\r'. */
	struct rd r;
	read_str(&r, "id,name\r\na,b\r\nc,d\r\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 2);
	cr_assert_str_eq(r.t.head[1], "name");
	cr_assert_str_eq(cell(&r, 0, "name"), "b");
	cr_assert_str_eq(cell(&r, 1, "name"), "d");
	cr_assert_eq(r.t.line[0], 2);
	cr_assert_eq(r.t.line[1], 3);
	rd_free(&r);
}

Test(csvread, lone_cr_line_ends)
{
	/* Classic Mac OS line ends: each CR ends a line. */
	struct rd r;
	read_str(&r, "id,name\ra,b\rc,d\r");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 2);
	cr_assert_str_eq(cell(&r, 0, "name"), "b");
	cr_assert_str_eq(cell(&r, 1, "id"), "c");
	cr_assert_eq(r.t.line[0], 2);
	cr_assert_eq(r.t.line[1], 3);
	rd_free(&r);
}

Test(csvread, no_final_newline)
{
	struct rd r;
	read_str(&r, "id,name\na,b");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 1);
	cr_assert_str_eq(cell(&r, 0, "name"), "b");
	rd_free(&r);
}

/* ---- quoting ------------------------------------------------------------ */

Test(csvread, quoted_fields)
{
	/*
	 * line 1  id,name
	 * line 2  1,"a, b"                 comma inside quotes
	 * line 3  2,"say ""hi"""           doubled quotes -> say "hi"
	 * line 4  3,"first                 a record over lines 4 and 5
	 * line 5  second"
	 * line 6  4,x                      must be reported at line 6
	 */
	struct rd r;
	read_str(&r, "id,name\n"
	             "1,\"a, b\"\n"
	             "2,\"say \"\"hi\"\"\"\n"
	             "3,\"first\nsecond\"\n"
	             "4,x\n");
	dump(&r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 4);
	cr_assert_str_eq(cell(&r, 0, "name"), "a, b");
	cr_assert_str_eq(cell(&r, 1, "name"), "say \"hi\"");
	cr_assert_str_eq(cell(&r, 2, "name"), "first\nsecond");
	cr_assert_str_eq(cell(&r, 3, "name"), "x");
	cr_assert_eq(r.t.line[0], 2);
	cr_assert_eq(r.t.line[1], 3);
	cr_assert_eq(r.t.line[2], 4, "a record is reported at the line where it starts");
	cr_assert_eq(r.t.line[3], 6, "the next record is at its own physical line");
	rd_free(&r);
}

Test(csvread, embedded_newlines_with_crlf_and_cr)
{
	/*
	 * CRLF file: record "3" spans lines 2-4 (two quoted CRLFs), record
	 * "4" is on line 5.  The quoted line breaks are data and are kept.
	 */
	struct rd r;
	read_str(&r, "id,name\r\n3,\"a\r\nb\r\nc\"\r\n4,x\r\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 2);
	cr_assert_str_eq(cell(&r, 0, "name"), "a\r\nb\r\nc");
	cr_assert_eq(r.t.line[0], 2);
	cr_assert_eq(r.t.line[1], 5);
	rd_free(&r);

	/* Lone CRs: record "3" spans lines 2-3, record "4" is line 4. */
	read_str(&r, "id,name\r3,\"a\rb\"\r4,x\r");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 2);
	cr_assert_eq(r.t.line[0], 2);
	cr_assert_eq(r.t.line[1], 4);
	rd_free(&r);
}

Test(csvread, quoted_spaces_kept_unquoted_trimmed)
{
	/* csvread.h: spaces around an unquoted field are ignored; quote a
	 * field to keep them. */
	struct rd r;
	read_str(&r, "id,name\n  a  ,\"  b  \"\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_str_eq(cell(&r, 0, "id"), "a");
	cr_assert_str_eq(cell(&r, 0, "name"), "  b  ");
	rd_free(&r);
}

Test(csvread, empty_fields_are_empty_strings)
{
	struct rd r;
	read_str(&r, "a,b,c\n,,\n\"\",x,\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.nrows, 2);
	for (size_t row = 0; row < 2; row++)
		for (long c = 0; c < 3; c++)
			cr_assert_not_null(csvtab_get(&r.t, row, c));
	cr_assert_str_eq(cell(&r, 0, "a"), "");
	cr_assert_str_eq(cell(&r, 1, "a"), "");
	cr_assert_str_eq(cell(&r, 1, "b"), "x");
	/* An absent column reads as "" too. */
	cr_assert_eq(csvtab_col(&r.t, "nope"), -1);
	cr_assert_str_eq(csvtab_get(&r.t, 0, -1), "");
	rd_free(&r);
}

/* ---- blank lines and line numbers -------------------------------------- */

Test(csvread, blank_lines_skipped_lines_still_right)
{
	/*
	 * line 1  (blank)
	 * line 2  id,name       header
	 * line 3  (blank)
	 * line 4  a,b
	 * line 5  "   " (spaces only)
	 * line 6  (blank, CRLF)
	 * line 7  c,d
	 * line 8  (blank)
	 */
	struct rd r;
	read_str(&r, "\nid,name\n\na,b\n   \n\r\nc,d\n\n");
	dump(&r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.head_line, 2);
	cr_assert_eq(r.t.nrows, 2);
	cr_assert_eq(r.t.line[0], 4);
	cr_assert_eq(r.t.line[1], 7);
	rd_free(&r);
}

Test(csvread, error_line_after_blank_lines_and_multiline_record)
{
	/*
	 * line 1 header, 2 blank, 3-4 a record with a quoted newline,
	 * 5 blank, 6 a record with 3 fields: the error must say line 6.
	 */
	struct rd r;
	read_str(&r, "id,name\n\n1,\"x\ny\"\n\n2,b,extra\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:6: expected 2 fields as in the header, found 3"));
	rd_free(&r);
}

/* ---- UTF-8 -------------------------------------------------------------- */

Test(csvread, japanese_names_round_trip)
{
	/* 東西XYZ銀行: 4 CJK characters of 3 bytes + "XYZ" = 15 bytes. */
	const char *name = "\xe6\x9d\xb1\xe8\xa5\xbfXYZ\xe9\x8a\x80\xe8\xa1\x8c";
	cr_assert_str_eq(name, "東西XYZ銀行");
	struct rd r;
	read_str(&r, "id,name,note\n"
	             "bank-x,東西XYZ銀行,\"ひばり、つばめ, かもめ\"\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(strlen(cell(&r, 0, "name")), 15);
	cr_assert_eq(memcmp(cell(&r, 0, "name"), name, 15), 0);
	cr_assert_str_eq(cell(&r, 0, "note"), "ひばり、つばめ, かもめ");
	rd_free(&r);
}

Test(csvread, invalid_utf8_rejected_with_line)
{
	/* C3 28: a lead byte followed by a non-continuation byte (line 3). */
	struct rd r;
	read_str(&r, "id,name\na,b\nc,\xC3\x28\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3:"));
	cr_assert(diag_has(&r.d, "UTF-8"));
	rd_free(&r);

	/* Latin-1 "é" (E9) as a Shift_JIS/Latin-1 export would write it. */
	read_str(&r, "id,name\ncaf\xE9,b\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:2: field 1 is not valid UTF-8"));
	rd_free(&r);

	/* Overlong "/" (C0 AF) and a UTF-16 surrogate (ED A0 80). */
	read_str(&r, "id,name\na,\xC0\xAF\nb,\xED\xA0\x80\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:2:"));
	cr_assert(diag_has(&r.d, "t.csv:3:"));
	rd_free(&r);

	/* In the header the file cannot be read at all. */
	read_str(&r, "i\xFF" "d,name\na,b\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:1:"));
	rd_free(&r);
}

Test(csvread, utf16_rejected)
{
	/* "id,name\n" in UTF-16LE with its BOM FF FE. */
	static const char le[] = "\xFF\xFEi\0d\0,\0n\0a\0m\0e\0\n\0";
	struct rd r;
	read_bytes(&r, le, sizeof le - 1);
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:1:"));
	cr_assert(diag_has(&r.d, "UTF-16"));
	rd_free(&r);

	static const char be[] = "\xFE\xFF\0i\0d\0,\0n\0a\0m\0e\0\n";
	read_bytes(&r, be, sizeof be - 1);
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "UTF-16"));
	rd_free(&r);
}

Test(csvread, nul_byte_rejected)
{
	static const char text[] = "id,name\na,b\0c\n";
	struct rd r;
	read_bytes(&r, text, sizeof text - 1);
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:2:"));
	cr_assert(diag_has(&r.d, "NUL"));
	rd_free(&r);
}

Test(csvread, control_characters_rejected_tab_kept)
{
	/* U+0001 on line 3 is not text; a tab (quoted, so not trimmed) is. */
	struct rd r;
	read_str(&r, "id,name\na,\"x\ty\"\nb,c\x01" "d\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3:"));
	cr_assert_eq(r.d.n_errors, 1);
	rd_free(&r);
	read_str(&r, "id,name\na,\"x\ty\"\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_str_eq(cell(&r, 0, "name"), "x\ty");
	rd_free(&r);
}

/* ---- limits ------------------------------------------------------------- */

/* "id,name\na,b\nc," + n bytes of 'x' + "\n" */
static char *long_field_file(size_t n, size_t *len)
{
	static const char pre[] = "id,name\na,b\nc,";
	size_t np = sizeof pre - 1;
	char *b = xmalloc(np + n + 1);
	memcpy(b, pre, np);
	memset(b + np, 'x', n);
	b[np + n] = '\n';
	*len = np + n + 1;
	return b;
}

Test(csvread, ten_megabyte_field_rejected_with_line)
{
	size_t len;
	char *b = long_field_file(10u << 20, &len);
	struct rd r;
	read_bytes(&r, b, len);
	free(b);
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3: field 2 is 10485760 bytes long"));
	cr_assert_eq(r.d.n_errors, 1);
	rd_free(&r);
}

Test(csvread, field_length_limit_boundary)
{
	/* CSV_FIELD_DEFAULT bytes are fine; one more is not. */
	size_t len;
	char *b = long_field_file(CSV_FIELD_DEFAULT, &len);
	struct rd r;
	read_bytes(&r, b, len);
	free(b);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(strlen(cell(&r, 1, "name")), CSV_FIELD_DEFAULT);
	rd_free(&r);

	b = long_field_file(CSV_FIELD_DEFAULT + 1, &len);
	read_bytes(&r, b, len);
	free(b);
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3:"));
	rd_free(&r);
}

/* ---- structure errors ---------------------------------------------------- */

Test(csvread, unterminated_quote_reported_at_record_start)
{
	/* The quote opened on line 3 swallows the rest of the file. */
	struct rd r;
	read_str(&r, "id,name\na,b\nc,\"open\nd,e\nf,g\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3: unterminated quoted field"));
	rd_free(&r);
}

Test(csvread, stray_quote_inside_field)
{
	struct rd r;
	read_str(&r, "id,name\na,b\nc,d\"e\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:3:"));
	cr_assert(diag_has(&r.d, "quot"));
	rd_free(&r);
}

Test(csvread, wrong_field_counts_all_reported)
{
	/* line 2 has 3 fields, line 3 is fine, line 4 has 1. */
	struct rd r;
	read_str(&r, "id,name\na,b,c\nd,e\nf\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:2: expected 2 fields as in the header, found 3"));
	cr_assert(diag_has(&r.d, "t.csv:4: expected 2 fields as in the header, found 1"));
	cr_assert_eq(r.d.n_errors, 2);
	rd_free(&r);
}

Test(csvread, empty_file)
{
	struct rd r;
	read_str(&r, "");
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.missing, 0);
	cr_assert(diag_has(&r.d, "t.csv"));
	cr_assert(diag_has(&r.d, "empty"));
	rd_free(&r);

	/* Only blank lines: still no header. */
	read_str(&r, "\n\r\n  \n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "empty"));
	rd_free(&r);
}

Test(csvread, header_only)
{
	struct rd r;
	read_str(&r, "id,name\n");
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.t.ncols, 2);
	cr_assert_eq(r.t.nrows, 0);
	rd_free(&r);
}

Test(csvread, duplicate_header_column)
{
	struct rd r;
	read_str(&r, "id,name,id\na,b,c\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:1: id: column appears twice"));
	rd_free(&r);
}

Test(csvread, missing_file_sets_missing)
{
	struct csvtab t;
	struct diag d;
	int missing = 0;
	diag_init(&d);
	cr_assert_eq(csvtab_read(&t, "/nonexistent/chokepoint/x.csv", &d, &missing), -1);
	cr_assert_eq(missing, 1);
	cr_assert_eq(d.n, 0, "the caller decides whether a missing file is an error");
	csvtab_free(&t);
	diag_free(&d);
}

/* csvread.h: a file that exists but cannot be read sets *missing = 2. */
Test(csvread, directory_is_an_error_not_missing)
{
	char *dir = tmpdata_dir();
	struct csvtab t;
	struct diag d;
	int missing = 0;
	diag_init(&d);
	int rc = csvtab_read(&t, dir, &d, &missing);
	tmpdata_rm(dir);
	cr_assert_eq(rc, -1);
	cr_assert_eq(missing, 2);
	cr_assert_eq(d.n_errors, 1);
	csvtab_free(&t);
	diag_free(&d);
}

Test(csvread, free_twice_is_safe)
{
	struct rd r;
	read_str(&r, "id\na\n");
	csvtab_free(&r.t);
	csvtab_free(&r.t);
	csvtab_free(NULL);
	diag_free(&r.d);
}

/* A file saved with ';' or tab separators reads as one column, or as
 * "malformed quoting" when its fields are quoted: the separator is named. */
Test(csvread, other_separators_are_named)
{
	struct rd r;
	read_str(&r, "\"id\";\"name\"\n\"a\";\"b \"\"x\"\"\"\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "t.csv:1: the fields are separated by semicolons (;): "
	                         "expected commas"));
	cr_assert(!diag_has(&r.d, "malformed quoting"));
	rd_free(&r);
	read_str(&r, "id\tname\na\tb\n");
	cr_assert_eq(r.rc, -1);
	cr_assert(diag_has(&r.d, "separated by tabs"));
	rd_free(&r);
	/* a comma-separated header with a ';' inside a name is not one */
	read_str(&r, "id,\"a;b\"\n1,2\n");
	cr_assert_eq(r.rc, 0);
	rd_free(&r);
}
