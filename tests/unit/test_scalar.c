/*
 * test_scalar.c: amounts (integer fen, blank ≠ 0) and dates, one row each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/scalar.h"

static void test_amounts(void **state)
{
	static const struct {
		const char *in;
		int rc;
		bool set;
		long long fen;
	} rows[] = {
		{ "5,350,000.00", 0, true, 535000000LL },
		{ "5350000", 0, true, 535000000LL },
		{ "0.00", 0, true, 0 },
		{ "", 0, false, 0 },
		{ "   ", 0, false, 0 },
		{ "12.5", 0, true, 1250 },
		{ "12.50元", 0, true, 1250 },
		{ "-3.01", 0, true, -301 },
		{ "１，２００，０００．００", 0, true, 120000000LL },
		{ "5, 350,000.00", 0, true, 535000000LL },
		{ "1.230", 0, true, 123 },
		{ "999,999,999,999.99", 0, true, 99999999999999LL },
		{ "1.234", -1, false, 0 },
		{ "1,00,000.00", -1, false, 0 },
		{ "1,0000", -1, false, 0 },
		{ "1000,000", -1, false, 0 },
		{ ",100", -1, false, 0 },
		{ "1,2OO", -1, false, 0 },
		{ "一百万", -1, false, 0 },
		{ ".5", -1, false, 0 },
		{ "1e6", -1, false, 0 },
		{ "10000000000000.01", -1, false, 0 },
		{ "99999999999999999999", -1, false, 0 },
		/* read in place (plain ASCII) or through a squeezed copy */
		{ "\t12.50\r", 0, true, 1250 },
		{ "1 000", 0, true, 100000 },
		{ "+7", 0, true, 700 },
		{ "7元", 0, true, 700 },
		{ "7 元", 0, true, 700 },
		{ "７.5", 0, true, 750 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct amount a = { 7, false };
		int rc = amount_parse(rows[i].in, strlen(rows[i].in), &a);
		assert_int_equal(rc, rows[i].rc);
		if (rc == 0) {
			assert_int_equal(a.set, rows[i].set);
			assert_int_equal(a.fen, rows[i].fen);
		}
	}
}

/* Long cells, read in place (plain ASCII) or through a squeezed copy. */
static void test_amount_length(void **state)
{
	static const struct {
		size_t zeros;           /* leading zeros before "1" */
		const char *pad;        /* appended after the "1" */
		int rc;
	} rows[] = {
		{ 255, "", 0 },         /* 256 bytes, in place */
		{ 254, " ", 0 },        /* 256 bytes with a space, squeezed */
		{ 255, " ", 0 },        /* 257 bytes, 256 squeezed */
		{ 600, "", -1 },        /* far too long either way */
		{ 600, " ", -1 },
	};
	char buf[700];
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct amount a = { 7, false };
		size_t n = rows[i].zeros, k = strlen(rows[i].pad);
		memset(buf, '0', n);
		buf[n++] = '1';
		memcpy(buf + n, rows[i].pad, k);
		n += k;
		assert_int_equal(amount_parse(buf, n, &a), rows[i].rc);
		if (rows[i].rc == 0)
			assert_int_equal(a.fen, 100);
		assert_int_equal(date_parse(buf, n, &(struct date){ 0, 0, 0 }), -1);
		assert_int_equal(year_parse(buf, n), 0);
	}
}

static void test_amount_format(void **state)
{
	static const struct {
		long long fen;
		const char *want;
	} rows[] = {
		{ 535000000LL, "5350000.00" }, { 0, "0.00" }, { 5, "0.05" },
		{ -301, "-3.01" }, { 100000000000000000LL, "1000000000000000.00" },
		{ 1, "0.01" }, { -1, "-0.01" }, { 10, "0.10" }, { 100, "1.00" }, { -100000, "-1000.00" },
		{ INT64_MAX, "92233720368547758.07" }, { INT64_MIN, "-92233720368547758.08" },
	};
	static const struct {
		long long fen;
		const char *want;
	} grouped[] = {
		{ 535000000LL, "5,350,000.00" }, { 0, "0.00" }, { 99999, "999.99" },
		{ 100000, "1,000.00" }, { -12345678, "-123,456.78" },
	};
	char buf[40];
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		amount_format(buf, rows[i].fen);
		assert_string_equal(buf, rows[i].want);
	}
	for (size_t i = 0; i < sizeof(grouped) / sizeof(grouped[0]); i++) {
		amount_format_grouped(buf, grouped[i].fen);
		assert_string_equal(buf, grouped[i].want);
	}
}

static void test_dates(void **state)
{
	static const struct {
		const char *in;
		int rc, y, m, d;
	} rows[] = {
		{ "2023-01-01", 0, 2023, 1, 1 },
		{ "2023/1/5", 0, 2023, 1, 5 },
		{ "2023.12.31", 0, 2023, 12, 31 },
		{ "2023年7月1日", 0, 2023, 7, 1 },
		{ "２０２３－０１－０１", 0, 2023, 1, 1 },
		{ "2024-02-29", 0, 2024, 2, 29 },
		{ "", 0, 0, 0, 0 },
		{ "2023-02-29", -1, 0, 0, 0 },
		{ "2023-13-01", -1, 0, 0, 0 },
		{ "2023-1/1", -1, 0, 0, 0 },
		{ "2023年12月", -1, 0, 0, 0 },
		{ "23-01-01", -1, 0, 0, 0 },
		{ "2023-01-01x", -1, 0, 0, 0 },
	};
	char buf[11];
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct date d = { 1, 1, 1 };
		int rc = date_parse(rows[i].in, strlen(rows[i].in), &d);
		assert_int_equal(rc, rows[i].rc);
		if (rc == 0) {
			assert_int_equal(d.y, rows[i].y);
			assert_int_equal(d.m, rows[i].m);
			assert_int_equal(d.d, rows[i].d);
		}
	}
	static const struct {
		struct date d;
		const char *want;
	} formats[] = {
		{ { 2023, 6, 30 }, "2023-06-30" }, { { 2023, 1, 5 }, "2023-01-05" },
		{ { 2023, 12, 31 }, "2023-12-31" }, { { 999, 1, 1 }, "0999-01-01" },
		{ { 0, 0, 0 }, "0000-00-00" }, { { 12345, 123, 45 }, "2345-23-45" },
	};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		date_format(buf, formats[i].d);
		assert_string_equal(buf, formats[i].want);
	}
	assert_int_equal(year_parse("2023", 4), 2023);
	assert_int_equal(year_parse(" 2023 年 ", strlen(" 2023 年 ")), 2023);
	assert_int_equal(year_parse("2023年度", strlen("2023年度")), 2023);
	assert_int_equal(year_parse("１９９９", strlen("１９９９")), 1999);
	assert_int_equal(year_parse("3023", 4), 0);
	assert_int_equal(year_parse("2023x", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_amount_length),
		cmocka_unit_test(test_amount_format),
		cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests_name("scalar", tests, NULL, NULL);
}
