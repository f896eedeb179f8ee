/*
 * test_text.c: the Text rules of FORMAT.md (normalise, HTML, full-width),
 * one behaviour per row; and how text leaves as JSON (json_quote, the
 * writer's layout); and the cap of the string buffer that holds them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/render/json_write.h"
#include "../../src/util/err.h"
#include "../../src/util/text.h"

struct row {
	const char *in;
	const char *want;
};

static const struct row normalise_rows[] = {
	{ "专项 经费", "专项经费" },
	{ "12 次", "12次" },
	{ "常态化,不少于12 次", "常态化,不少于12次" },
	{ "居民区党组织服务群众专项 经费覆盖乡镇数", "居民区党组织服务群众专项经费覆盖乡镇数" },
	{ "  两端  空格  ", "两端空格" },
	{ "ISO   9001", "ISO 9001" },
	{ "ISO 9001 认证", "ISO 9001认证" },
	{ "覆盖 Wi-Fi 热点", "覆盖Wi-Fi热点" },
	{ "全角，  逗号", "全角，逗号" },
	{ "“双联系” “民情日记”", "“双联系”“民情日记”" },
	{ "a\t\tb", "a b" },
	{ "段一\n\n\n段二", "段一\n段二" },
	{ "段一 \n  段二 ", "段一\n段二" },
	{ "\n\n开头", "开头" },
	{ "结尾\n\n", "结尾" },
	{ "不间断\xc2\xa0空格", "不间断空格" },
	{ "表意\xe3\x80\x80空格", "表意空格" },
	{ "x\xc2\xa0y", "x y" },
	{ "", "" },
	{ "   ", "" },
	{ "≥ 90%", "≥ 90%" },
	{ "Ａ Ｂ", "ＡＢ" },
	{ "中文\r\n下一行", "中文\n下一行" },
	/* long runs are scanned eight bytes at a time: blanks at each offset */
	{ "一二三四五六七八九十 十一", "一二三四五六七八九十十一" },
	{ "abcdefghij klmnop", "abcdefghij klmnop" },
	{ "abcdefg hijklmnop", "abcdefg hijklmnop" },
	{ "abcdefgh ijklmnop", "abcdefgh ijklmnop" },
	{ "abcdefghi\tjklmnop", "abcdefghi jklmnop" },
	{ "abcdefghij\xc2\xa0klm", "abcdefghij klm" },
	{ "中文中文中文\xe3\x80\x80中文", "中文中文中文中文" },
	{ "中文中文中文中文、中文", "中文中文中文中文、中文" },
	{ "中文中文中文中文 、中文", "中文中文中文中文、中文" },
	{ "12345678\t\t90", "12345678 90" },
	{ "abcdefgh\x01ijklmnop", "abcdefgh\x01ijklmnop" },
	{ "abcdefghijklmnopq\n\nrstuvwxyz", "abcdefghijklmnopq\nrstuvwxyz" },
	{ "abcdefghijklmnopqrstuvwxyz\r", "abcdefghijklmnopqrstuvwxyz" },
	{ "¢中文中文中文 ¢", "¢中文中文中文¢" },
	{ "a¢bcdefgh ¢", "a¢bcdefgh ¢" },
	/* E3 and C2 characters that are not blanks run on with the text */
	{ "中文中文中文。中文", "中文中文中文。中文" },
	{ "中文中文中文 。中文", "中文中文中文。中文" },
	{ "abcdefgh 、ijk", "abcdefgh、ijk" },
	{ "abcdefgh ¢ijk", "abcdefgh ¢ijk" },
	{ "abcdefgh\n¢ijk", "abcdefgh\n¢ijk" },
	{ "abcdefgh\xc2", "abcdefgh\xc2" },
	{ "abcdefgh \xc2", "abcdefgh \xc2" },
	{ "abcdefgh \xe3\x80", "abcdefgh \xe3\x80" },
	{ "abcdefgh\xe3\x80\x80\xe3\x80\x81", "abcdefgh、" },
	{ "\xe3\x80\x81\xe3\x80\x80\xe3\x80\x80x", "、x" },
};

/* text_is_normal: true exactly when text_normalise changes nothing. */
static const struct {
	const char *in;
	bool normal;
} is_normal_rows[] = {
	{ "", true },
	{ "专项经费", true },
	{ "常态化,不少于12次", true },
	{ "中文中文中文。、中文中文", true },
	{ "¢¢¢¢¢¢¢¢¢", true },
	{ "abcdefgh\x01ijklmnop", true },
	{ "专项 经费", false },
	{ "abcdefghijklmnop ", false },
	{ "abcdefghijklmnop\t", false },
	{ "abcdefghijklmnop\r", false },
	{ "abcdefghijklmnop\n", false },
	{ "abcdefghijklmno\xc2\xa0", false },
	{ "abcdefghijklmn\xe3\x80\x80", false },
	{ "\xe3\x80\x80", false },
	{ "\xc2\xa0", false },
};

static void test_is_normal(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(is_normal_rows) / sizeof(is_normal_rows[0]); i++) {
		const char *in = is_normal_rows[i].in;
		struct strbuf sb = STRBUF_INIT;
		assert_int_equal(text_is_normal(in, strlen(in)), is_normal_rows[i].normal);
		text_normalise(&sb, in, strlen(in));
		assert_int_equal(strcmp(sb.buf, in) == 0, is_normal_rows[i].normal);
		sb_release(&sb);
	}
}

static void test_normalise(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(normalise_rows) / sizeof(normalise_rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		text_normalise(&sb, normalise_rows[i].in, strlen(normalise_rows[i].in));
		assert_string_equal(sb.buf, normalise_rows[i].want);
		sb_release(&sb);
	}
}

static const struct row html_rows[] = {
	{ "<p>一</p><p>二</p>", "\n一\n\n二\n" },
	{ "a<br>b<br/>c<BR />d", "a\nb\nc\nd" },
	{ "<strong>粗</strong>体", "粗体" },
	{ "成本<5万元", "成本<5万元" },
	{ "x < y > z", "x < y > z" },
	{ "&lt;p&gt; &amp; &quot;q&quot; &#39;s&#39; &#x4e2d;", "<p> & \"q\" 's' 中" },
	{ "&nbsp;&unknown; &#0; &#xd800;", " &unknown; &#0; &#xd800;" },
	{ "未闭合<p", "未闭合<p" },
	{ "<div>块</div>", "\n块\n" },
	{ "&", "&" },
	/* '<' and '&' in either order, each more than once */
	{ "<p>一</p>&amp;<p>二&lt;</p>&gt;", "\n一\n&\n二<\n>" },
	{ "&amp;&amp;<br>&amp;<br><br>", "&&\n&\n\n" },
	{ "a<b&c>d&e<f", "ad&e<f" },
	{ "<p>甲</p><p>乙</p><p>丙</p>&#x4e01;", "\n甲\n\n乙\n\n丙\n丁" },
};

static void test_strip_html(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(html_rows) / sizeof(html_rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		text_strip_html(&sb, html_rows[i].in, strlen(html_rows[i].in));
		assert_string_equal(sb.buf, html_rows[i].want);
		sb_release(&sb);
	}
}

static const struct row halfwidth_rows[] = {
	{ "＝２８条", "=28条" },
	{ "８０％", "80%" },
	{ "１，２００．５０", "1,200.50" },
	{ "＜＝８", "<=8" },
	{ "≧5 ⩾6 ≦7 ⩽8", "≥5 ≥6 ≤7 ≤8" },
	{ "全角\xe3\x80\x80空格", "全角 空格" },
	{ "（２０２３年度）", "(2023年度)" },
	{ "≥90%", "≥90%" },
	{ "plain", "plain" },
};

static void test_halfwidth(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(halfwidth_rows) / sizeof(halfwidth_rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		text_halfwidth(&sb, halfwidth_rows[i].in, strlen(halfwidth_rows[i].in));
		assert_string_equal(sb.buf, halfwidth_rows[i].want);
		sb_release(&sb);
	}
}

/* utf8_check and utf8_check_text: rows whose invalid byte falls at each
 * place of the eight-byte fast paths (ASCII words, pairs of 3-byte
 * sequences). */
static void test_utf8_scan(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		size_t valid, text;     /* utf8_check, utf8_check_text */
	} rows[] = {
		{ "中文中文中文", 18, 18, 18 },
		{ "中文中\xe4\xb8", 11, 9, 9 },                   /* cut short at the end */
		{ "中文中文\xed\xa0\x80中文", 21, 12, 12 },      /* surrogate */
		{ "中文\xe0\x80\x80中文中", 18, 6, 6 },          /* overlong E0 */
		{ "\xe0\xa0\x80中文中文", 15, 15, 15 },          /* U+0800 */
		{ "\xed\x9f\xbf中文中文", 15, 15, 15 },          /* U+D7FF */
		{ "中文\xef\xbf\xbf中文中", 18, 18, 18 },        /* U+FFFF */
		{ "abcdefgh中", 11, 11, 11 },
		{ "abcdefg\x80", 8, 7, 7 },
		{ "abcdefgh\x80", 9, 8, 8 },
		{ "中文中文中文\x80", 19, 18, 18 },
		{ "中文中文中\xb8\xad", 17, 15, 15 },             /* stray continuations */
		{ "中\xe6\x96" "abcdefgh", 13, 3, 3 },             /* lead without its tail */
		{ "中文\xf0\x9f\x98\x80中文中", 19, 19, 19 },   /* 4 bytes among 3 */
		{ "中文\xc2\xa0中文中文", 17, 17, 17 },           /* 2 bytes among 3 */
		{ "abc\0defgh", 9, 9, 3 },
		{ "abcdefgh\0", 9, 9, 8 },
		{ "中文中文\0", 13, 13, 12 },
		{ "\0", 1, 1, 0 },
		{ "", 0, 0, 0 },
	};
	/* bad sequences put at each character boundary of `base` */
	static const char base[] = "中文ab中文中文cd中文中文中文ef中";
	static const struct {
		const char *s;
		size_t n;
		bool nul;
	} bad[] = {
		{ "\x80", 1, false }, { "\xff", 1, false }, { "\xc0\xaf", 2, false },
		{ "\xed\xa0\x80", 3, false }, { "\xe4\xb8", 2, false }, { "\0", 1, true },
	};
	char buf[128];
	size_t i, k, n, len;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(utf8_check(rows[i].in, rows[i].n), rows[i].valid);
		assert_int_equal(utf8_check_text(rows[i].in, rows[i].n), rows[i].text);
	}
	n = strlen(base);
	for (i = 0; i <= n; i++) {
		if (i < n && ((unsigned char)base[i] & 0xc0) == 0x80)
			continue;       /* not a boundary */
		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			memcpy(buf, base, i);
			memcpy(buf + i, bad[k].s, bad[k].n);
			memcpy(buf + i + bad[k].n, base + i, n - i);
			len = n + bad[k].n;
			assert_int_equal(utf8_check_text(buf, len), i);
			assert_int_equal(utf8_check(buf, len), bad[k].nul ? len : i);
		}
		/* an ASCII byte cutting the character that starts here */
		if (i < n && (unsigned char)base[i] >= 0xc0) {
			for (k = 1; k < 3; k++) {
				memcpy(buf, base, i + k);
				buf[i + k] = 'x';
				memcpy(buf + i + k + 1, base + i + k, n - i - k);
				assert_int_equal(utf8_check(buf, n + 1), i);
				assert_int_equal(utf8_check_text(buf, n + 1), i);
			}
		}
	}
}

/* text_trim, one row per kind of blank at either end. */
static void test_trim(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "值", "值" },
		{ " 值", "值" },
		{ "值 ", "值" },
		{ "\t值\r", "值" },
		{ "\n值\n", "值" },
		{ "\xc2\xa0值\xc2\xa0", "值" },
		{ "\xe3\x80\x80值\xe3\x80\x80", "值" },
		{ "\xe3\x80\x80 \xc2\xa0值\t\xe3\x80\x80", "值" },
		{ "、值。", "、值。" },                       /* E3 80 81, E3 80 82: not blanks */
		{ "¢值¢", "¢值¢" },                           /* C2 A2 */
		{ "值\xe4\xb8\x80", "值\xe4\xb8\x80" },  /* 一 ends in 80 */
		{ "值 \xe4\xb8\x80", "值 \xe4\xb8\x80" },
		{ "\xe3\x80\x80", "" },
		{ " \t\r\n", "" },
		{ "", "" },
		{ "a", "a" },
		{ "a ", "a" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *t = rows[i].in;
		size_t n = strlen(t);
		text_trim(&t, &n);
		assert_int_equal(n, strlen(rows[i].want));
		assert_memory_equal(t, rows[i].want, n);
	}
}

static void test_utf8(void **state)
{
	static const struct {
		const char *in;
		size_t n, valid;
	} rows[] = {
		{ "abc", 3, 3 },
		{ "中文", 6, 6 },
		{ "\xc0\xaf", 2, 0 },            /* overlong */
		{ "\xed\xa0\x80", 3, 0 },        /* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },    /* above U+10FFFF */
		{ "a\xe4\xb8", 3, 1 },           /* cut short */
		{ "\xff", 1, 0 },
		{ "\xf0\x9f\x98\x80", 4, 4 },    /* emoji */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(utf8_check(rows[i].in, rows[i].n), rows[i].valid);
	assert_int_equal(utf8_chars("中a文", 7), 3);
	assert_true(is_cjk(0x4e2d));
	assert_true(is_cjk(0xff0c));
	assert_true(is_cjk(0x201c));
	assert_false(is_cjk('a'));
	assert_false(is_cjk(0x2265));
}

/* json_quote (render/json_write.c: JSON is how the text leaves): escapes at
 * each place of the word-at-a-time copy, U+2028/9, other E2 characters. */
static void test_json_quote(void **state)
{
	static const struct row rows[] = {
		{ "", "\"\"" },
		{ "a", "\"a\"" },
		{ "abcdefg", "\"abcdefg\"" },
		{ "abcdefgh", "\"abcdefgh\"" },
		{ "abcdefghi", "\"abcdefghi\"" },
		{ "abcdefghijklmnop", "\"abcdefghijklmnop\"" },
		{ "abcdefghijklmnopq", "\"abcdefghijklmnopq\"" },
		{ "居民区党组织服务群众专项经费", "\"居民区党组织服务群众专项经费\"" },
		{ "\"abcdefghijklmnop", "\"\\\"abcdefghijklmnop\"" },
		{ "abcdefg\"hijklmnop", "\"abcdefg\\\"hijklmnop\"" },
		{ "abcdefgh\\ijklmnop", "\"abcdefgh\\\\ijklmnop\"" },
		{ "abcdefghijklmno\n", "\"abcdefghijklmno\\n\"" },
		{ "abcdefghijklmnop\t", "\"abcdefghijklmnop\\t\"" },
		{ "abc\r", "\"abc\\r\"" },
		{ "a\x01" "b\x1f", "\"a\\u0001b\\u001f\"" },
		{ "\x7f", "\"\x7f\"" },
		{ "段一\n段二\n段三", "\"段一\\n段二\\n段三\"" },
		{ "“双联系”“民情日记”", "\"“双联系”“民情日记”\"" },
		{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"" },
		{ "abcdefgh\xe2\x80\xa8", "\"abcdefgh\\u2028\"" },
		{ "≥90%", "\"≥90%\"" },
		{ "abcdefgh\xe2\x80", "\"abcdefgh\xe2\x80\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "x");
		json_quote(&sb, rows[i].in, strlen(rows[i].in));
		assert_int_equal(sb.err, 0);
		assert_string_equal(sb.buf + 1, rows[i].want);
		assert_int_equal(sb.len, 1 + strlen(rows[i].want));
		sb_release(&sb);
	}
}

/* The writer's layout: separators, indentation, keys, compact and pretty. */
static void test_json_writer(void **state)
{
	static const struct {
		bool pretty;
		const char *want;
	} rows[] = {
		{ false, "{\"a\":1,\"list\":[\"x\",null,true,[],{}],\"annual_appropriation\":\"v\"}" },
		{ true, "{\n  \"a\": 1,\n  \"list\": [\n    \"x\",\n    null,\n    true,\n    [],\n"
		        "    {}\n  ],\n  \"annual_appropriation\": \"v\"\n}" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct jw w;
		jw_init(&w, &sb, rows[i].pretty, 0);
		jw_obj_begin(&w);
		jw_key(&w, "a");
		jw_int(&w, 1);
		jw_key(&w, "list");
		jw_arr_begin(&w);
		jw_str(&w, "x");
		jw_str(&w, NULL);
		jw_bool(&w, true);
		jw_arr_begin(&w);
		jw_arr_end(&w);
		jw_obj_begin(&w);
		jw_obj_end(&w);
		jw_arr_end(&w);
		jw_keyn(&w, "annual_appropriation", strlen("annual_appropriation"));
		jw_strn(&w, "v", 1);
		jw_obj_end(&w);
		assert_int_equal(sb.err, 0);
		assert_string_equal(sb.buf, rows[i].want);
		assert_int_equal(sb.len, strlen(rows[i].want));
		sb_release(&sb);
	}
}

/* A capped strbuf never holds more than its cap, however the bytes come:
 * one at a time, in pieces that straddle the cap, through sb_addc or
 * sb_addf, or after sb_reset; the first append past the cap sets
 * JX_ETOOBIG and leaves the content as it was.  (The fast path of sb_add
 * once used the room left by doubling and let a chunked body reach twice
 * its limit: issue 11.) */
static void test_strbuf_cap(void **state)
{
	enum { ADD, ADDC, ADDF, RESET_ADD };
	static const struct {
		int how;
		size_t max, piece, pieces;
		size_t want_len;
		int want_err;
	} rows[] = {
		{ ADD, 64, 1, 64, 64, 0 },                      /* exactly the cap */
		{ ADD, 64, 1, 65, 64, JX_ETOOBIG },
		{ ADD, 100, 7, 20, 98, JX_ETOOBIG },            /* a piece straddles the cap */
		{ ADD, 100, 1, 1000, 100, JX_ETOOBIG },
		{ ADD, 256 * 1024, 1000, 500, 262000, JX_ETOOBIG },     /* a chunked /api/v1/check */
		{ ADD, 256 * 1024, 4096, 64, 256 * 1024, 0 },
		{ ADD, 256 * 1024, 4096, 65, 256 * 1024, JX_ETOOBIG },
		{ ADD, 1000, 600, 2, 600, JX_ETOOBIG },
		{ ADDC, 100, 1, 150, 100, JX_ETOOBIG },
		{ ADDF, 100, 3, 40, 99, JX_ETOOBIG },
		{ RESET_ADD, 100, 1, 150, 100, JX_ETOOBIG },
		{ ADD, 0, 1000, 1000, 1000000, 0 },              /* no cap */
	};
	static char piece[4096];

	(void)state;
	memset(piece, 'x', sizeof(piece));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb;
		sb_init(&sb, rows[i].max);
		if (rows[i].how == RESET_ADD) {
			for (size_t k = 0; k < rows[i].max; k++)
				sb_addc(&sb, 'y');
			sb_reset(&sb);
		}
		for (size_t k = 0; k < rows[i].pieces; k++) {
			switch (rows[i].how) {
			case ADDC:
				sb_addc(&sb, 'x');
				break;
			case ADDF:
				sb_addf(&sb, "%.*s", (int)rows[i].piece, piece);
				break;
			default:
				sb_add(&sb, piece, rows[i].piece);
			}
			assert_true(rows[i].max == 0 || sb.len <= rows[i].max);
			assert_true(sb.alloc == 0 || rows[i].max == 0 || sb.alloc <= rows[i].max + 1);
		}
		assert_int_equal(sb.len, rows[i].want_len);
		assert_int_equal(sb.err, rows[i].want_err);
		assert_int_equal(strlen(sb.buf), rows[i].want_len);
		sb_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_is_normal),
		cmocka_unit_test(test_strip_html),
		cmocka_unit_test(test_halfwidth),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_scan),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_json_quote),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_strbuf_cap),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
