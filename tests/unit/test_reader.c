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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_undecodable),
	};
	return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
