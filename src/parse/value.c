/*
 * value.c: the indicator value grammar (FORMAT.md `target`).
 *
 * A 年度指标值 is read on a half-width copy (text_halfwidth: `＝２８条` is
 * read as `=28条`, `８０％` as `80%`, `≧`/`⩾` as `≥`) and becomes, in this
 * order of trial:
 *
 * empty        the value is blank (ASCII, no-break or ideographic spaces).
 * deadline     the whole value is a date expression:
 *                [lead] [year] period [suffix] [action] [。]
 *              lead    于 在 截至 截止 计划于 预计… (ignored)
 *              year    `2024年`/`2024年度` (1900..2999), a relative word
 *                      (当年 本年 今年 本年度 → the `year` argument, 次年
 *                      明年 翌年 下一年 → year + 1), a bare `年`/`年度` before
 *                      the suffix (`年底前`), or nothing (→ `year`).
 *              period  `M月[份]` [`D日`/`D号` [`H时`/`H点`] | 上旬 中旬 下旬],
 *                      [第]N季度 / [第]N季, 上半年, 下半年, or the year itself
 *                      (`2024年前`, `年内`, bare `2023年`); M, D, N in Arabic
 *                      (1-2 digits) or Chinese numerals (`十二月`, `三季度`);
 *                      also `2023-12-31`, `2023/12/31`, `2023.12.31`.  An hour
 *                      after a day is ignored (`6月30日24时前` → 06-30).
 *              suffix  前 之前 以前: before the period starts (for a full
 *                      date: that date itself, as FORMAT's `2024年6月30日前` →
 *                      2024-06-30); 底前 末前 底 末 内 以内 之内 止 为止 …:
 *                      by its end; no suffix (`2023年12月`, `下半年`,
 *                      `2023年12月31日`): by its end.  `第一季度前` and
 *                      `2024年前` end the year before.
 *              action  完成 全部完成 到位 拨付 下达 … (ignored: `2023年7月前完成`).
 *              `by` is the last day that still meets the target.  A value of
 *              this shape whose date does not exist (`2023年13月前`,
 *              `2023年2月30日前`, `第五季度`) or whose year is unknown
 *              (`12月底前` with year 0; a `year` argument outside 1900..2999
 *              counts as unknown) is qualitative: the reviewer sees it as
 *              written.  `年内`/`年底前` with a known year is that year's
 *              12-31 (gradable: done within the budget year meets it); with
 *              year 0 it is qualitative.  Recurring dates (`每月10日前`) and
 *              vague ones (`7月前后`, `7月初`) are qualitative.
 * numeric      the first number of the value that is not part of a date
 *              (`2023年`, `7月`, `7月15日`, `日24时`, `第3季度`) nor of a word
 *              (`PM2.5`, `COVID-19`: digits right after an ASCII letter, or
 *              after `-._` that follows one), with
 *              - its operator: the comparison word or sign right before it
 *                (prefix_ops: ≥ >= => 不少于 不低于 至少 达到 达 大于 …, the
 *                longest that matches; `=<` and `=>` are typos for <= and
 *                >=), else a comparison word that ends the unit (unit_words:
 *                以上 及以上 → >=; 以下 以内 之内 内 → <=; 左右 → =, the
 *                approximation being dropped), else `=`.  When both are
 *                present the prefix wins unless it is a bare `=` (`=90%以上`
 *                is >=).
 *              - its number: ASCII digits as written, thousands commas
 *                (`120,000`: 1-3 digits then groups of exactly 3) removed,
 *                one decimal point kept, a leading `+` dropped, `-`/`−` kept.
 *                Chinese numerals are not numbers here (`不少于十次` is
 *                qualitative).
 *              - its unit: the text after the number up to a separator
 *                (, ; 、 ( ) 。 newline), a comparison sign (< > = ≥ ≤) or the
 *                end, spaces trimmed, as written in the half-width copy
 *                (`％` → `%`, `ｋｍ` → `km`).  A unit_words row inside it ends
 *                it: a comparison word is dropped and what follows goes to
 *                the note (`3次以上培训` → 次, note 培训); 完成 and 达标 stay
 *                in the note (`100%完成` → %, note 完成); `内` counts only at
 *                the unit's end (`24小时内`).  A unit of more than
 *                UNIT_MAX_CHARS code points means the number sits inside a
 *                sentence: the value is qualitative.
 *              - its note: the text before the comparison and the text after
 *                the unit, each trimmed of spaces and separators, joined by
 *                `,` when both exist (`常态化,不少于12次,每次2小时` → note
 *                `常态化,每次2小时`); a second comparison stays in the note
 *                (`不少于12次,每次不少于2小时` → note `每次不少于2小时`); NULL
 *                when there is none.  Taken from the half-width copy.
 *              A range (`90%-95%`, `1～3个`, `1至3个`: a range mark after the
 *              number and before a separator, followed by a number), a
 *              tolerance (`±5%`) and a ratio (`1:1`, `1/2`) have no operator
 *              in FORMAT: the value is qualitative.
 * qualitative  anything else; `text` is the original value (not the
 *              half-width copy), trimmed.  Placeholders such as `/` or `—`
 *              are qualitative too: telling them from a blank is the
 *              reviewer's business, not the grammar's.
 *
 * Every scan is bounded by the length given, moves forward only and never
 * recurses; invalid UTF-8 bytes are stepped over one at a time.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <threads.h>

#include "value.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "../util/text.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define W(s, v) { s, sizeof(s) - 1, v }

/* A unit longer than this (code points) is a sentence, not a unit. */
#define UNIT_MAX_CHARS 10

#define YEAR_MIN 1900
#define YEAR_MAX 2999

/* A row of a word table: the word (UTF-8, half-width forms) and its value. */
struct word {
	const char *w;
	size_t len;
	int v;
};

/* ---- tables: numeric ---- */

/* Comparison words and signs written before the number. */
static const struct word prefix_ops[] = {
	W("=", OP_EQ), W("==", OP_EQ), W("等于", OP_EQ),
	W(">=", OP_GE), W("=>", OP_GE), W("≥", OP_GE), W("≥=", OP_GE), W("≮", OP_GE),
	W("<=", OP_LE), W("=<", OP_LE), W("≤", OP_LE), W("≤=", OP_LE), W("≯", OP_LE),
	W(">", OP_GT), W("<", OP_LT),
	W("不少于", OP_GE), W("不低于", OP_GE), W("不小于", OP_GE), W("至少", OP_GE),
	W("最少", OP_GE), W("最低", OP_GE), W("大于等于", OP_GE), W("大于或等于", OP_GE),
	W("高于或等于", OP_GE), W("达到", OP_GE), W("达", OP_GE),
	W("不超过", OP_LE), W("未超过", OP_LE), W("不高于", OP_LE), W("不大于", OP_LE),
	W("不多于", OP_LE), W("小于等于", OP_LE), W("小于或等于", OP_LE),
	W("低于或等于", OP_LE), W("至多", OP_LE), W("最多", OP_LE), W("最高", OP_LE),
	W("控制在", OP_LE),
	W("大于", OP_GT), W("高于", OP_GT), W("超过", OP_GT), W("多于", OP_GT),
	W("小于", OP_LT), W("低于", OP_LT), W("少于", OP_LT), W("不足", OP_LT),
};

/*
 * Words that end a unit: comparison words written after it (`95%以上`,
 * `24小时内`), which give the operator and are dropped, and words that
 * begin the note (`100%完成`).
 */
enum { UW_END_ONLY = 1, UW_NOTE = 2 };
static const struct unit_word {
	const char *w;
	size_t len;
	enum target_op op;
	int flags;      /* UW_END_ONLY: only at the end of the unit; UW_NOTE: no operator, kept in the note */
} unit_words[] = {
	{ "及以上", sizeof("及以上") - 1, OP_GE, 0 },
	{ "或以上", sizeof("或以上") - 1, OP_GE, 0 },
	{ "以上", sizeof("以上") - 1, OP_GE, 0 },
	{ "及以下", sizeof("及以下") - 1, OP_LE, 0 },
	{ "或以下", sizeof("或以下") - 1, OP_LE, 0 },
	{ "以下", sizeof("以下") - 1, OP_LE, 0 },
	{ "以内", sizeof("以内") - 1, OP_LE, 0 },
	{ "之内", sizeof("之内") - 1, OP_LE, 0 },
	{ "左右", sizeof("左右") - 1, OP_EQ, 0 },
	{ "内", sizeof("内") - 1, OP_LE, UW_END_ONLY },
	{ "完成", sizeof("完成") - 1, OP_EQ, UW_NOTE },
	{ "达标", sizeof("达标") - 1, OP_EQ, UW_NOTE },
};

/* What ends a unit and is trimmed from the ends of a note. */
static const struct word separators[] = {
	W(",", 0), W(";", 0), W("、", 0), W("(", 0), W(")", 0), W("。", 0), W("\n", 0),
};

/* Comparison signs that end a unit (a second comparison follows). */
static const struct word unit_stops[] = {
	W("<", 0), W(">", 0), W("=", 0), W("≥", 0), W("≤", 0),
};

/* Marks that, between two numbers, make a range. */
static const struct word range_marks[] = {
	W("-", 0), W("~", 0), W("〜", 0), W("—", 0), W("–", 0), W("−", 0), W("至", 0), W("到", 0),
};

/* Signs before a number that make it a tolerance, not a target. */
static const struct word tolerance_marks[] = { W("±", 0), W("+/-", 0) };

/* Marks right after a number that, before a digit, make a ratio (`1:1`). */
static const struct word ratio_marks[] = { W(":", 0), W("/", 0) };

/* What follows a number that is part of a date, and the rule it obeys. */
enum date_rule { DR_YEAR, DR_MONTH, DR_DAY, DR_QUARTER, DR_HOUR };
static const struct word date_followers[] = {
	W("年", DR_YEAR), W("月", DR_MONTH), W("日", DR_DAY), W("号", DR_DAY),
	W("季度", DR_QUARTER), W("季", DR_QUARTER), W("时", DR_HOUR), W("点", DR_HOUR),
};

/* ---- tables: deadlines ---- */

enum when { BY_END, BY_START };
enum period { P_YEAR, P_HALF, P_QUARTER, P_MONTH, P_XUN, P_DAY };

static const struct word lead_words[] = {
	W("于", 0), W("在", 0), W("截至", 0), W("截止", 0), W("截止到", 0), W("截至到", 0),
	W("截止至", 0), W("计划于", 0), W("计划在", 0), W("预计", 0), W("预计于", 0),
};

/* After four digits: the year mark. */
static const struct word year_marks[] = { W("年", 0), W("年度", 0) };

/* Years named by a word; v is the offset from the budget year. */
static const struct word year_words[] = {
	W("年", 0), W("年度", 0), W("当年", 0), W("当年度", 0), W("本年", 0), W("本年度", 0),
	W("今年", 0), W("次年", 1), W("次年度", 1), W("明年", 1), W("翌年", 1),
	W("下一年", 1), W("下一年度", 1),
};

/* Halves of the year: first and last month. */
static const struct span_word {
	const char *w;
	size_t len;
	int first, last;        /* last 0: the end of the month */
} half_words[] = {
	{ "上半年", sizeof("上半年") - 1, 1, 6 },
	{ "下半年", sizeof("下半年") - 1, 7, 12 },
	{ "上半年度", sizeof("上半年度") - 1, 1, 6 },
	{ "下半年度", sizeof("下半年度") - 1, 7, 12 },
};

/* Thirds of a month: first and last day. */
static const struct span_word xun_words[] = {
	{ "上旬", sizeof("上旬") - 1, 1, 10 },
	{ "中旬", sizeof("中旬") - 1, 11, 20 },
	{ "下旬", sizeof("下旬") - 1, 21, 0 },
};

static const struct word quarter_words[] = { W("季度", 0), W("季", 0) };
static const struct word month_words[] = { W("月", 0), W("月份", 0) };
static const struct word day_words[] = { W("日", 0), W("号", 0) };
static const struct word hour_words[] = { W("时", 0), W("点", 0) };
static const struct word ordinal_words[] = { W("第", 0) };
static const struct word ten_words[] = { W("十", 0) };

static const struct word cn_digits[] = {
	W("一", 1), W("二", 2), W("三", 3), W("四", 4), W("五", 5),
	W("六", 6), W("七", 7), W("八", 8), W("九", 9),
};

static const struct word deadline_suffixes[] = {
	W("前", BY_START), W("之前", BY_START), W("以前", BY_START),
	W("底前", BY_END), W("末前", BY_END), W("底", BY_END), W("末", BY_END),
	W("底之前", BY_END), W("末之前", BY_END), W("底以前", BY_END), W("末以前", BY_END),
	W("内", BY_END), W("以内", BY_END), W("之内", BY_END), W("止", BY_END),
	W("为止", BY_END), W("结束前", BY_END),
};

/* Words that may follow a deadline: what is to be done by then. */
static const struct word action_words[] = {
	W("完成", 0), W("全部完成", 0), W("完成拨付", 0), W("完成支付", 0), W("完工", 0),
	W("到位", 0), W("拨付", 0), W("拨付到位", 0), W("下达", 0), W("下拨", 0),
	W("办结", 0), W("支付", 0),
};

static const struct word end_marks[] = { W("。", 0), W(".", 0) };

/* ---- helpers ---- */

/* Rows a word table may hold (word_index). */
#define WORD_ROWS_MAX 64

/*
 * A word table indexed for the scans below: its rows grouped by first byte
 * and by last byte, each group in table order (by_first[first[b]] ..
 * by_first[first[b + 1] - 1] are the rows that start with byte b), so that a
 * scan compares only the rows that can match.  Built once (index_tables).
 */
struct word_index {
	const struct word *t;
	size_t nt;
	unsigned char first[257], by_first[WORD_ROWS_MAX];
	unsigned char last[257], by_last[WORD_ROWS_MAX];
};

/* The tables that AT and BEFORE scan. */
#define WORD_TABLES(X)                                                                     \
	X(prefix_ops) X(separators) X(unit_stops) X(range_marks) X(tolerance_marks)        \
	X(ratio_marks) X(date_followers) X(lead_words) X(year_marks) X(year_words)         \
	X(quarter_words) X(month_words) X(day_words) X(hour_words) X(ordinal_words)        \
	X(ten_words) X(cn_digits) X(deadline_suffixes) X(action_words) X(end_marks)

#define WORD_INDEX(name) \
	static struct word_index name##_index = { name, N_ELEMS(name), { 0 }, { 0 }, { 0 }, { 0 } };
WORD_TABLES(WORD_INDEX)
#undef WORD_INDEX

/* Groups the rows of t by their first (or last) byte into start and order:
 * a counting sort, stable, so each group keeps the table's order. */
static void group_rows(const struct word *t, size_t nt, unsigned char start[257],
                       unsigned char *order, bool by_last)
{
	size_t count[257] = { 0 }, k, b;

	assert(nt <= WORD_ROWS_MAX);
	for (k = 0; k < nt; k++)
		count[(unsigned char)t[k].w[by_last ? t[k].len - 1 : 0] + 1]++;
	for (b = 1; b < 257; b++)
		count[b] += count[b - 1];
	for (b = 0; b < 257; b++)
		start[b] = (unsigned char)count[b];
	for (k = 0; k < nt; k++)
		order[count[(unsigned char)t[k].w[by_last ? t[k].len - 1 : 0]]++] = (unsigned char)k;
}

/*
 * unit_words split for the unit scan: the rows that may end a unit
 * anywhere, as a word table (v: the row of unit_words) with its index, and
 * the rows of UW_END_ONLY, in table order.
 */
static struct word unit_inner[N_ELEMS(unit_words)];
static struct word_index unit_inner_index = { unit_inner, 0, { 0 }, { 0 }, { 0 }, { 0 } };
static unsigned char unit_end_only[N_ELEMS(unit_words)];
static size_t n_unit_end_only;

static void index_unit_words(void)
{
	size_t x, k = 0;

	for (x = 0; x < N_ELEMS(unit_words); x++) {
		if (unit_words[x].flags & UW_END_ONLY) {
			unit_end_only[n_unit_end_only++] = (unsigned char)x;
			continue;
		}
		unit_inner[k] = (struct word){ unit_words[x].w, unit_words[x].len, (int)x };
		k++;
	}
	unit_inner_index.nt = k;
	group_rows(unit_inner, k, unit_inner_index.first, unit_inner_index.by_first, false);
	group_rows(unit_inner, k, unit_inner_index.last, unit_inner_index.by_last, true);
}

/*
 * The characters a unit of numeric_fast may not hold: the first character of
 * every row of the tables that end a unit or change the reading of the
 * number before it (a set of code points, open addressing, 0 = empty).
 */
#define UNIT_STOP_SLOTS 128
static uint32_t unit_stop_chars[UNIT_STOP_SLOTS];

static unsigned stop_slot(uint32_t cp)
{
	return (unsigned)((cp * 0x9e3779b1u) >> 25) & (UNIT_STOP_SLOTS - 1);
}

static void add_unit_stop(const char *w, size_t len)
{
	uint32_t cp;
	unsigned h;

	if (!utf8_decode(w, len, &cp))
		cp = (unsigned char)w[0];
	for (h = stop_slot(cp); unit_stop_chars[h] && unit_stop_chars[h] != cp;
	     h = (h + 1) & (UNIT_STOP_SLOTS - 1))
		;
	unit_stop_chars[h] = cp;
}

static bool is_unit_stop(uint32_t cp)
{
	unsigned h;

	for (h = stop_slot(cp); unit_stop_chars[h]; h = (h + 1) & (UNIT_STOP_SLOTS - 1))
		if (unit_stop_chars[h] == cp)
			return true;
	return false;
}

static void index_unit_stops(void)
{
	size_t k;

#define STOPS(t) \
	for (k = 0; k < N_ELEMS(t); k++) \
		add_unit_stop(t[k].w, t[k].len);
	STOPS(date_followers) STOPS(separators) STOPS(unit_stops) STOPS(range_marks)
	STOPS(ratio_marks) STOPS(tolerance_marks) STOPS(unit_words)
#undef STOPS
}

static void index_tables(void)
{
#define INDEX(name)                                                                   \
	group_rows(name, N_ELEMS(name), name##_index.first, name##_index.by_first, false); \
	group_rows(name, N_ELEMS(name), name##_index.last, name##_index.by_last, true);
	WORD_TABLES(INDEX)
#undef INDEX
	index_unit_words();
	index_unit_stops();
}

static once_flag tables_indexed = ONCE_FLAG_INIT;

/* True when s holds the n bytes of w (short words: no call to memcmp). */
static bool same_bytes(const char *s, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != w[i])
			return false;
	return true;
}

/* Length of the longest row of x that s[i..n) starts with; its value in *v
 * (of the first such row in table order). */
static size_t longest_at(const struct word_index *x, const char *s, size_t n, size_t i, int *v)
{
	size_t j, end, best = 0;
	unsigned char b;

	if (i >= n)
		return 0;
	b = (unsigned char)s[i];
	for (j = x->first[b], end = x->first[b + 1]; j < end; j++) {
		const struct word *r = &x->t[x->by_first[j]];
		if (r->len > best && r->len <= n - i && same_bytes(s + i + 1, r->w + 1, r->len - 1)) {
			best = r->len;
			if (v)
				*v = r->v;
		}
	}
	return best;
}

/* Length of the longest row of x that s[0..i) ends with; its value in *v
 * (of the first such row in table order). */
static size_t longest_before(const struct word_index *x, const char *s, size_t i, int *v)
{
	size_t j, end, best = 0;
	unsigned char b;

	if (i == 0)
		return 0;
	b = (unsigned char)s[i - 1];
	for (j = x->last[b], end = x->last[b + 1]; j < end; j++) {
		const struct word *r = &x->t[x->by_last[j]];
		if (r->len > best && r->len <= i && same_bytes(s + i - r->len, r->w, r->len - 1)) {
			best = r->len;
			if (v)
				*v = r->v;
		}
	}
	return best;
}

/* The same for a table of spans, giving its first and last. */
static size_t span_at(const struct span_word *t, size_t nt, const char *s, size_t n, size_t i,
                      int *first, int *last)
{
	size_t k, best = 0;

	if (i >= n)
		return 0;
	for (k = 0; k < nt; k++) {
		if (t[k].w[0] == s[i] && t[k].len > best && t[k].len <= n - i &&
		    memcmp(s + i, t[k].w, t[k].len) == 0) {
			best = t[k].len;
			*first = t[k].first;
			*last = t[k].last;
		}
	}
	return best;
}

#define AT(t, s, n, i, v) longest_at(&t##_index, s, n, i, v)
#define SPAN_AT(t, s, n, i, f, l) span_at(t, N_ELEMS(t), s, n, i, f, l)
#define BEFORE(t, s, i, v) longest_before(&t##_index, s, i, v)

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_digit(c) || is_alpha(c);
}

static bool digit_at(const char *s, size_t n, size_t i)
{
	return i < n && is_digit(s[i]);
}

/* Length of the space (ASCII blank, no-break space) at s[i], or 0. */
static size_t space_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0)
		return 2;
	return 0;
}

/* Length of the space that ends s[0..i), or 0. */
static size_t space_before(const char *s, size_t i)
{
	if (i >= 1 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\r'))
		return 1;
	if (i >= 2 && (unsigned char)s[i - 2] == 0xc2 && (unsigned char)s[i - 1] == 0xa0)
		return 2;
	return 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	size_t len;

	while ((len = space_at(s, n, i)))
		i += len;
	return i;
}

/* Moves i back over spaces, never below lo. */
static size_t back_spaces(const char *s, size_t lo, size_t i)
{
	size_t len;

	while (i > lo && (len = space_before(s, i)) && i - len >= lo)
		i -= len;
	return i;
}

/* Length of the character at s[i] (1 for an invalid byte). */
static size_t char_len(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	uint32_t cp;
	size_t len;

	/* ASCII, and the 3-byte sequences that need no range check */
	if (u[0] < 0x80)
		return 1;
	if (u[0] > 0xe0 && u[0] < 0xf0 && u[0] != 0xed && n - i >= 3 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80)
		return 3;
	len = utf8_decode(s + i, n - i, &cp);
	return len ? len : 1;
}

/* Trims spaces and separators from both ends of s[*b..*e). */
static void trim_note(const char *s, size_t *b, size_t *e)
{
	size_t len;

	for (;;) {
		len = space_at(s, *e, *b);
		if (!len)
			len = AT(separators, s, *e, *b, NULL);
		if (!len)
			break;
		*b += len;
	}
	for (;;) {
		len = space_before(s, *e);
		if (!len)
			len = BEFORE(separators, s, *e, NULL);
		if (!len || *e - len < *b)
			break;
		*e -= len;
	}
}

/*
 * True when text_halfwidth would change s: a full-width form (U+FF01..FF5E),
 * the ideographic space, or ≧ ≦ ⩾ ⩽ (text.h).  Most values have none and are
 * read in place, without a copy.
 */
static bool needs_halfwidth(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	uint32_t cp;
	size_t len;

	while (p < end) {
		unsigned char c = (unsigned char)*p;

		if (c != 0xef && c != 0xe3 && c != 0xe2) {
			p++;
			continue;
		}
		len = utf8_decode(p, (size_t)(end - p), &cp);
		if (!len) {
			p++;
			continue;
		}
		if ((cp >= 0xff01 && cp <= 0xff5e) || cp == 0x3000 || cp == 0x2266 ||
		    cp == 0x2267 || cp == 0x2a7d || cp == 0x2a7e)
			return true;
		p += len;
	}
	return false;
}

/* The value of up to 4 ASCII digits at s (len of them); -1 for more. */
static int small_value(const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (len > 4)
		return -1;
	for (i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* ---- deadlines ---- */

enum dl_result { DL_NO, DL_INVALID, DL_OK };

/*
 * Reads a month, day or quarter number at s[*i]: one or two Arabic digits,
 * or Chinese numerals up to 九十九 (`三`, `十二`, `三十一`).
 */
static bool small_number(const char *s, size_t n, size_t *i, int *v)
{
	size_t k = *i, len;
	int d1 = 0, d2 = 0, val;

	if (digit_at(s, n, k)) {
		val = s[k++] - '0';
		if (digit_at(s, n, k))
			val = val * 10 + (s[k++] - '0');
		if (digit_at(s, n, k))
			return false;
		*i = k;
		*v = val;
		return true;
	}
	len = AT(cn_digits, s, n, k, &d1);
	k += len;
	if ((len = AT(ten_words, s, n, k, NULL))) {
		k += len;
		val = (d1 ? d1 : 1) * 10;
		if ((len = AT(cn_digits, s, n, k, &d2)))
			k += len;
		val += d2;
	} else if (!d1) {
		return false;
	} else {
		val = d1;
	}
	*i = k;
	*v = val;
	return true;
}

/* `2023-12-31`, `2023/12/31`, `2023.12.31` at s[*i]. */
static bool iso_date(const char *s, size_t n, size_t *i, int *y, int *m, int *d)
{
	size_t k = *i, j;
	char sep;
	int mv, dv;

	for (j = 0; j < 4; j++)
		if (!digit_at(s, n, k + j))
			return false;
	if (k + 4 >= n)
		return false;
	sep = s[k + 4];
	if (sep != '-' && sep != '/' && sep != '.')
		return false;
	j = k + 5;
	if (!digit_at(s, n, j))
		return false;
	mv = s[j++] - '0';
	if (digit_at(s, n, j))
		mv = mv * 10 + (s[j++] - '0');
	if (j >= n || s[j] != sep || !digit_at(s, n, j + 1))
		return false;
	j++;
	dv = s[j++] - '0';
	if (digit_at(s, n, j))
		dv = dv * 10 + (s[j++] - '0');
	if (digit_at(s, n, j))
		return false;
	*y = small_value(s + k, 4);
	*m = mv;
	*d = dv;
	*i = j;
	return true;
}

static struct date prev_day(struct date d)
{
	if (d.d > 1) {
		d.d--;
	} else if (d.m > 1) {
		d.m--;
		d.d = date_days_in_month(d.y, d.m);
	} else {
		d.y--;
		d.m = 12;
		d.d = 31;
	}
	return d;
}

/* `year` is the budget year, 0 when unknown. */
static enum dl_result parse_deadline(const char *s, size_t n, int year, struct date *by)
{
	size_t i = 0, k, len;
	int y = year, m = 0, d = 0, q = 0, v = 0, when = BY_END, first = 0, last = 0;
	enum period per = P_YEAR;
	bool has_year = false, ordinal;
	struct date start, end;

	i = skip_spaces(s, n, i);
	i += AT(lead_words, s, n, i, NULL);
	i = skip_spaces(s, n, i);
	if (iso_date(s, n, &i, &y, &m, &d)) {
		per = P_DAY;
		goto suffix;
	}

	/* the year */
	if (digit_at(s, n, i) && digit_at(s, n, i + 1) && digit_at(s, n, i + 2) &&
	    digit_at(s, n, i + 3) && !digit_at(s, n, i + 4)) {
		y = small_value(s + i, 4);
		k = skip_spaces(s, n, i + 4);
		len = AT(year_marks, s, n, k, NULL);
		if (!len || y < YEAR_MIN || y > YEAR_MAX)
			return DL_NO;
		has_year = true;
		i = skip_spaces(s, n, k + len);
		i += AT(year_marks, s, n, i, NULL);     /* 2023年年底前 */
	} else if ((len = AT(year_words, s, n, i, &v))) {
		has_year = true;
		y = year ? year + v : 0;
		i += len;
	}
	i = skip_spaces(s, n, i);

	/* the period */
	if ((len = SPAN_AT(half_words, s, n, i, &first, &last))) {
		per = P_HALF;
		i += len;
	} else {
		k = i;
		len = AT(ordinal_words, s, n, k, NULL);
		ordinal = len > 0;
		k += len;
		if (small_number(s, n, &k, &v)) {
			k = skip_spaces(s, n, k);
			if ((len = AT(quarter_words, s, n, k, NULL))) {
				per = P_QUARTER;
				q = v;
				i = k + len;
			} else if (!ordinal && (len = AT(month_words, s, n, k, NULL))) {
				per = P_MONTH;
				m = v;
				i = skip_spaces(s, n, k + len);
				k = i;
				if (small_number(s, n, &k, &v) &&
				    (k = skip_spaces(s, n, k), len = AT(day_words, s, n, k, NULL))) {
					per = P_DAY;
					d = v;
					i = k + len;
					k = skip_spaces(s, n, i);
					if (small_number(s, n, &k, &v) && v >= 0 && v <= 24 &&
					    (len = AT(hour_words, s, n, k, NULL)))
						i = k + len;    /* `6月30日24时前`: the day is what counts */
				} else if ((len = SPAN_AT(xun_words, s, n, i, &first, &last))) {
					per = P_XUN;
					i += len;
				}
			} else {
				return DL_NO;
			}
		} else if (ordinal || !has_year) {
			return DL_NO;
		}
	}

suffix:
	i = skip_spaces(s, n, i);
	if ((len = AT(deadline_suffixes, s, n, i, &v))) {
		when = v;
		i += len;
	}
	i = skip_spaces(s, n, i);
	i += AT(action_words, s, n, i, NULL);
	i = skip_spaces(s, n, i);
	i += AT(end_marks, s, n, i, NULL);
	i = skip_spaces(s, n, i);
	if (i != n)
		return DL_NO;

	/* the shape is a deadline: from here on, what fails is qualitative */
	if (y < YEAR_MIN || y > YEAR_MAX)
		return DL_INVALID;
	switch (per) {
	case P_YEAR:
		start = (struct date){ y, 1, 1 };
		end = (struct date){ y, 12, 31 };
		break;
	case P_HALF:
		start = (struct date){ y, first, 1 };
		end = (struct date){ y, last, date_days_in_month(y, last) };
		break;
	case P_QUARTER:
		if (q < 1 || q > 4)
			return DL_INVALID;
		start = (struct date){ y, 3 * q - 2, 1 };
		end = (struct date){ y, 3 * q, date_days_in_month(y, 3 * q) };
		break;
	case P_MONTH:
		if (m < 1 || m > 12)
			return DL_INVALID;
		start = (struct date){ y, m, 1 };
		end = (struct date){ y, m, date_days_in_month(y, m) };
		break;
	case P_XUN:
		if (m < 1 || m > 12)
			return DL_INVALID;
		start = (struct date){ y, m, first };
		end = (struct date){ y, m, last ? last : date_days_in_month(y, m) };
		break;
	case P_DAY:
	default:
		if (!date_valid(y, m, d))
			return DL_INVALID;
		start = end = (struct date){ y, m, d };
		break;
	}
	*by = when == BY_START && per != P_DAY ? prev_day(start) : end;
	if (!date_valid(by->y, by->m, by->d))
		return DL_INVALID;
	return DL_OK;
}

/* ---- numbers ---- */

/* The end of the number token whose digits start at s[i]. */
static size_t number_end(const char *s, size_t n, size_t i, bool *commas, bool *decimal)
{
	size_t j = i;

	*commas = *decimal = false;
	while (digit_at(s, n, j))
		j++;
	if (j - i <= 3) {
		while (j + 3 < n && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
		       is_digit(s[j + 3]) && !digit_at(s, n, j + 4)) {
			j += 4;
			*commas = true;
		}
	}
	if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
		j++;
		while (digit_at(s, n, j))
			j++;
		*decimal = true;
	}
	return j;
}

/* True when the digits at s[i..e) are inside a word (`PM2.5`, `COVID-19`). */
static bool in_word(const char *s, size_t i)
{
	if (i >= 1 && is_alpha(s[i - 1]))
		return true;
	return i >= 2 && (s[i - 1] == '-' || s[i - 1] == '.' || s[i - 1] == '_') &&
	       is_alnum(s[i - 2]);
}

/* True when the number at s[i..e) is part of a date (`2023年`, `7月`). */
static bool in_date(const char *s, size_t n, size_t i, size_t e, bool plain)
{
	size_t k = skip_spaces(s, n, e);
	int rule = 0, v;

	if (!plain || !AT(date_followers, s, n, k, &rule))
		return false;
	v = small_value(s + i, e - i);
	switch (rule) {
	case DR_YEAR:
		return e - i == 4 && v >= YEAR_MIN && v <= YEAR_MAX;
	case DR_MONTH:
		return e - i <= 2 && v >= 1 && v <= 12;
	case DR_DAY:
		return i >= 3 && memcmp(s + i - 3, "月", 3) == 0 && e - i <= 2;
	case DR_HOUR:
		return i >= 3 && (memcmp(s + i - 3, "日", 3) == 0 || memcmp(s + i - 3, "号", 3) == 0) &&
		       e - i <= 2;
	case DR_QUARTER:
	default:
		return e - i == 1 && v >= 1 && v <= 4;
	}
}

/* A range mark at s[i] followed by a number: its length, else 0. */
static size_t range_at(const char *s, size_t n, size_t i)
{
	size_t len = AT(range_marks, s, n, i, NULL), k;

	if (!len)
		return 0;
	k = skip_spaces(s, n, i + len);
	if (k < n && (s[k] == '+' || s[k] == '-'))
		k++;
	return digit_at(s, n, k) ? len : 0;
}

/* A copy of s[b..e) in the arena; "" for an empty span.  NULL: no memory. */
static char *span_dup(struct arena *a, const char *s, size_t b, size_t e)
{
	return arena_strndup(a, s + b, e > b ? e - b : 0);
}

/*
 * The common shapes of a numeric value, read without the general scan:
 * `[op]digits[.digits][unit]`, where op is all of a row of prefix_ops (or
 * nothing) and the unit is at most UNIT_MAX_CHARS characters, each `%`, `/`
 * (not first) or a 3-byte character none of whose tables (is_unit_stop)
 * could end the unit, take the number into a date, a word, a range or a
 * ratio, or give a suffix operator.  parse_numeric reads these the same way
 * (an operator from the prefix, the unit to the end, no note); this only
 * skips its table scans.  Returns 1 with out filled, 0 when s has another
 * shape, -1 when out of memory.
 */
static int numeric_fast(const char *s, size_t n, struct arena *a, struct target *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t ds = 0, de, k, chars = 0, len;
	int op = OP_EQ;
	char *num, *unit;
	uint32_t cp;

	while (ds < n && !is_digit(s[ds]))
		ds++;
	if (ds >= n)
		return 0;
	if (ds > 0 && (BEFORE(prefix_ops, s, ds, &op) != ds || BEFORE(tolerance_marks, s, ds, NULL)))
		return 0;
	for (de = ds; de < n && is_digit(s[de]); de++)
		;
	if (de + 1 < n && s[de] == '.' && is_digit(s[de + 1]))
		for (de++; de < n && is_digit(s[de]); de++)
			;
	for (k = de; k < n; k += len, chars++) {
		if (u[k] == '%' || (u[k] == '/' && k > de)) {
			len = 1;
			continue;
		}
		if (u[k] < 0xe1 || u[k] > 0xef || (len = char_len(s, n, k)) != 3 ||
		    !utf8_decode(s + k, 3, &cp) || is_unit_stop(cp))
			return 0;
	}
	if (chars > UNIT_MAX_CHARS)
		return 0;
	num = span_dup(a, s, ds, de);
	unit = span_dup(a, s, de, n);
	if (!num || !unit)
		return -1;
	out->kind = TARGET_NUMERIC;
	out->op = (enum target_op)op;
	out->number = num;
	out->unit = unit;
	out->note = NULL;
	return 1;
}

/*
 * Reads the first comparison of s (half-width).  Sets *found and fills out
 * when there is one; returns 0 or JX_ENOMEM.
 */
static int parse_numeric(const char *s, size_t n, struct arena *a, struct target *out,
                         bool *found)
{
	size_t i = 0, ds, de, ns, p, op_start, us, ue, k, x, len, unit_end, tail, pb, pe, tb, te;
	bool commas, decimal, neg = false, has_pre = false, has_suf = false, ended = false;
	int pre_op = OP_EQ;
	enum target_op suf_op = OP_EQ;
	char *num, *note;

	*found = false;
	for (;;) {
		while (i < n && !is_digit(s[i]))
			i++;
		if (i >= n)
			return 0;
		ds = i;
		de = number_end(s, n, ds, &commas, &decimal);
		if (!in_word(s, ds) && !in_date(s, n, ds, de, !commas && !decimal))
			break;
		i = de;
	}

	/* the sign and the operator before the number */
	ns = ds;
	if (ds >= 1 && (s[ds - 1] == '+' || s[ds - 1] == '-') && (ds < 2 || !is_alnum(s[ds - 2]))) {
		ns = ds - 1;
		neg = s[ds - 1] == '-';
	} else if (ds >= 3 && memcmp(s + ds - 3, "−", 3) == 0 && (ds < 4 || !is_alnum(s[ds - 4]))) {
		ns = ds - 3;
		neg = true;
	}
	p = back_spaces(s, 0, ns);
	if (BEFORE(tolerance_marks, s, p, NULL))
		return 0;
	len = BEFORE(prefix_ops, s, p, &pre_op);
	has_pre = len > 0;
	op_start = p - len;

	/* the unit, up to a separator, a comparison sign or a range */
	if ((len = AT(ratio_marks, s, n, de, NULL)) && digit_at(s, n, de + len))
		return 0;
	us = skip_spaces(s, n, de);
	for (k = us; k < n; k += char_len(s, n, k)) {
		if (AT(separators, s, n, k, NULL) || AT(unit_stops, s, n, k, NULL))
			break;
		if (range_at(s, n, k))
			return 0;
	}
	ue = k;
	unit_end = ue;
	tail = ue;
	for (k = us; k < ue; k += char_len(s, n, k)) {
		const struct unit_word *uw = NULL;
		int row;

		/* the longest row that may end the unit here (the first of
		 * equal length), within the unit */
		if (longest_at(&unit_inner_index, s, ue, k, &row))
			uw = &unit_words[row];
		if (uw) {
			ended = true;
			unit_end = k;
			tail = uw->flags & UW_NOTE ? k : k + uw->len;
			if (!(uw->flags & UW_NOTE)) {
				has_suf = true;
				suf_op = uw->op;
			}
			break;
		}
	}
	unit_end = back_spaces(s, us, unit_end);
	if (!ended) {
		for (x = 0; x < n_unit_end_only; x++) {
			const struct unit_word *uw = &unit_words[unit_end_only[x]];

			if (uw->len <= unit_end - us &&
			    memcmp(s + unit_end - uw->len, uw->w, uw->len) == 0) {
				has_suf = true;
				suf_op = uw->op;
				unit_end = back_spaces(s, us, unit_end - uw->len);
				break;
			}
		}
	}
	if (utf8_chars(s + us, unit_end - us) > UNIT_MAX_CHARS)
		return 0;

	/* the operator */
	if (has_pre && (pre_op != OP_EQ || !has_suf))
		out->op = (enum target_op)pre_op;
	else if (has_suf)
		out->op = suf_op;
	else
		out->op = OP_EQ;

	/* the number: digits as written, without commas or '+' */
	num = arena_alloc(a, de - ds + 2);
	if (!num)
		return JX_ENOMEM;
	len = 0;
	if (neg)
		num[len++] = '-';
	for (k = ds; k < de; k++)
		if (s[k] != ',')
			num[len++] = s[k];
	num[len] = '\0';
	out->number = num;

	out->unit = span_dup(a, s, us, unit_end);
	if (!out->unit)
		return JX_ENOMEM;

	/* the note: what comes before the comparison and after the unit */
	pb = 0;
	pe = op_start;
	trim_note(s, &pb, &pe);
	tb = tail;
	te = n;
	trim_note(s, &tb, &te);
	note = NULL;
	if (pe > pb && te > tb) {
		note = arena_alloc(a, (pe - pb) + 1 + (te - tb) + 1);
		if (!note)
			return JX_ENOMEM;
		memcpy(note, s + pb, pe - pb);
		note[pe - pb] = ',';
		memcpy(note + (pe - pb) + 1, s + tb, te - tb);
		note[(pe - pb) + 1 + (te - tb)] = '\0';
	} else if (pe > pb) {
		note = span_dup(a, s, pb, pe);
	} else if (te > tb) {
		note = span_dup(a, s, tb, te);
	}
	if ((pe > pb || te > tb) && !note)
		return JX_ENOMEM;
	out->note = note;
	out->kind = TARGET_NUMERIC;
	*found = true;
	return 0;
}

int value_parse(const char *value, size_t n, int year, struct arena *a, struct target *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = value ? value : "", *h;
	size_t hn;
	int rc = 0;
	bool found = false;
	enum dl_result dl;
	struct date by = { 0, 0, 0 };

	call_once(&tables_indexed, index_tables);
	memset(out, 0, sizeof(*out));
	out->kind = TARGET_EMPTY;
	if (!value)
		n = 0;
	text_trim(&s, &n);
	if (n == 0)
		return 0;
	if (year < YEAR_MIN || year > YEAR_MAX)
		year = 0;

	if (needs_halfwidth(s, n)) {
		text_halfwidth(&sb, s, n);
		if (sb.err) {
			rc = JX_ENOMEM;
			goto out;
		}
		h = sb.buf;
		hn = sb.len;
	} else {
		h = s;
		hn = n;
	}

	dl = parse_deadline(h, hn, year, &by);
	if (dl == DL_OK) {
		out->kind = TARGET_DEADLINE;
		out->by = by;
		goto out;
	}
	if (dl == DL_NO) {
		switch (numeric_fast(h, hn, a, out)) {
		case 1:
			goto out;
		case -1:
			rc = JX_ENOMEM;
			goto out;
		default:
			break;
		}
		rc = parse_numeric(h, hn, a, out, &found);
		if (rc || found)
			goto out;
		out->op = OP_EQ;
		out->number = out->unit = out->note = NULL;
	}
	out->kind = TARGET_QUALITATIVE;
	out->text = arena_strndup(a, s, n);
	if (!out->text)
		rc = JX_ENOMEM;
out:
	sb_release(&sb);
	if (rc) {
		memset(out, 0, sizeof(*out));
		out->kind = TARGET_EMPTY;
	}
	return rc;
}
