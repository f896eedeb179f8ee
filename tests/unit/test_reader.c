/*
 * test_reader.c: line splitting and encoding detection of the reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../src/parse/reader.h"
#include "../../src/util/err.h"
#include "../../src/util/strbuf.h"

/* All lines of `in` joined with '|', and the encoding. */
static void read_all(const char *in, size_t n, struct strbuf *out, const char **enc)
{
	struct reader *r;
	char *line;
	size_t len;
	int got;

	assert_int_equal(reader_open_mem(&r, in, n), 0);
	while ((got = reader_next(r, &line, &len)) > 0) {
		assert_int_equal(strlen(line), len);
		sb_add(out, line, len);
		sb_addc(out, '|');
	}
	assert_int_equal(got, 0);
	*enc = reader_encoding(r);
	reader_close(r);
}

static void test_lines(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want, *enc;
	} rows[] = {
		{ "a\nb\n", 4, "a|b|", "UTF-8" },
		{ "a\r\nb", 4, "a|b|", "UTF-8" },
		{ "\n\n", 2, "||", "UTF-8" },
		{ "", 0, "", "UTF-8" },
		{ "\xef\xbb\xbf表\n", 7, "表|", "UTF-8" },
		{ "\xb1\xed\n", 3, "表|", "GB18030" },
		{ "\xff\xfe\x68\x88\x0a\x00", 6, "表|", "UTF-16LE" },
		{ "\xfe\xff\x88\x68\x00\x0a", 6, "表|", "UTF-16BE" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *enc;
		read_all(rows[i].in, rows[i].n, &sb, &enc);
		assert_string_equal(sb.buf, rows[i].want);
		assert_string_equal(enc, rows[i].enc);
		sb_release(&sb);
	}
}

/* Lines longer than the buffer and many lines across buffer refills. */
static void test_long_input(void **state)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	const char *enc;
	size_t i;

	for (i = 0; i < 3000000; i++)
		sb_addc(&in, 'x');
	sb_addc(&in, '\n');
	for (i = 0; i < 200000; i++)
		sb_addf(&in, "%zu\n", i);
	read_all(in.buf, in.len, &out, &enc);
	assert_int_equal(out.len, in.len);
	assert_int_equal(out.buf[3000000], '|');
	assert_memory_equal(out.buf + out.len - 7, "199999|", 7);
	sb_release(&in);
	sb_release(&out);
}

static void test_undecodable(void **state)
{
	/* GB18030 text, then a byte that is not GB18030: the lines before it
	 * come out, then the error, on the line where it stands */
	static const char in[] = "\xb1\xed\n\xb1\xed\n\x81\x20\n";
	struct reader *r;
	char *line;
	size_t len;

	assert_int_equal(reader_open_mem(&r, in, sizeof(in) - 1), 0);
	assert_int_equal(reader_next(r, &line, &len), 1);
	assert_int_equal(reader_next(r, &line, &len), 1);
	assert_int_equal(reader_lineno(r), 2);
	assert_int_equal(reader_next(r, &line, &len), -JX_EIO);
	reader_close(r);
}

/* reader_line_checked: the lines the reader checked as it read (1) and
 * those it left to the caller (0): from the first byte that is not text on,
 * every line is left to the caller. */
static void test_checked(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want;       /* one flag per line */
	} rows[] = {
		{ "a\nb\n", 4, "11" },
		{ "a\nb", 3, "11" },
		{ "a\nb\0c\nd\n", 8, "100" },
		{ "\0\na\n", 4, "00" },
		{ "a\nb\0", 4, "10" },
		{ "\xe4\xb8\xad\r\n\xe6\x96\x87", 8, "11" },
		{ "", 0, "" },
		/* (bytes that are not UTF-8 in the first 64 KiB make it GB18030,
		 * which iconv turns into UTF-8) */
		{ "\xb1\xed\n\xb1\xed", 5, "11" },
		{ "\n\n", 2, "11" },
		{ "\xff\xfe\x61\x00\x0a\x00", 6, "1" },
		{ "\xff\xfe\x00\x00\x0a\x00\x61\x00", 8, "00" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf flags = STRBUF_INIT;
		struct reader *r;
		char *line;
		size_t len;

		assert_int_equal(reader_open_mem(&r, rows[i].in, rows[i].n), 0);
		while (reader_next(r, &line, &len) > 0)
			sb_addc(&flags, reader_line_checked(r) ? '1' : '0');
		assert_string_equal(flags.buf, rows[i].want);
		reader_close(r);
		sb_release(&flags);
	}
}

/* The same across buffer refills: characters cut by a refill, a bad byte
 * far into the input. */
static void test_checked_long(void **state)
{
	struct strbuf in = STRBUF_INIT;
	struct reader *r;
	char *line;
	size_t len, i, lines = 0, checked = 0;

	/* a line of 3 MB of 中, then short lines, a bad one, short lines */
	for (i = 0; i < 1000000; i++)
		sb_add(&in, "\xe4\xb8\xad", 3);
	sb_addc(&in, '\n');
	for (i = 0; i < 300000; i++)
		sb_add(&in, "\xe4\xb8\xad\xe6\x96\x87\tx\n", 9);
	sb_add(&in, "\xc0\x80\n", 3);
	for (i = 0; i < 1000; i++)
		sb_add(&in, "ok\n", 3);
	assert_int_equal(reader_open_mem(&r, in.buf, in.len), 0);
	while (reader_next(r, &line, &len) > 0) {
		lines++;
		checked += reader_line_checked(r) != 0;
	}
	assert_int_equal(lines, 1 + 300000 + 1 + 1000);
	assert_int_equal(checked, 1 + 300000);
	reader_close(r);
	sb_release(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_undecodable),
		cmocka_unit_test(test_checked),
		cmocka_unit_test(test_checked_long),
	};
	return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
