/*
 * test_text.c: the Text rules of FORMAT.md (normalise, HTML, full-width),
 * one behaviour per row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

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
};

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
	{
		const char *t = "\xe3\x80\x80 \xc2\xa0值\t\xe3\x80\x80";
		size_t n = strlen(t);
		text_trim(&t, &n);
		assert_int_equal(n, 3);
		assert_memory_equal(t, "值", 3);
		t = "\xe3\x80\x80";
		n = 3;
		text_trim(&t, &n);
		assert_int_equal(n, 0);
	}
	assert_true(is_cjk(0x4e2d));
	assert_true(is_cjk(0xff0c));
	assert_true(is_cjk(0x201c));
	assert_false(is_cjk('a'));
	assert_false(is_cjk(0x2265));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_strip_html),
		cmocka_unit_test(test_halfwidth),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
