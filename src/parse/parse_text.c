/*
 * parse_text.c: reads declaration forms from text extracted from PDFs.
 *
 * The layout (the seed's, Shanghai 2023) is a title line, a `(2023年度)`
 * line, rows of label and value cells separated by tabs, a goal block and an
 * indicator table.  PDF extraction mangles it in known ways, handled here:
 *
 * - merged cells change how many cells a row has, so values are found next
 *   to their labels, not at fixed positions (one empty cell between, a
 *   doubled tab, is skipped); the one label that occurs twice (其他资金) is
 *   told apart by its column;
 * - a page footer alone on its line (第 2 页 共 3 页, - 2 -, 2/3) is a page
 *   break, as a blank line is;
 * - the goal block's header row gives the columns of 项目总目标 and 年度总目标;
 *   any later row of the block, such as the rest of a cell continued after a
 *   page break (in whatever column the extractor put it), appends to the
 *   goal whose column span holds it;
 * - the indicator table's header row gives its columns; 一级/二级 cells left
 *   blank are carried down from the rows above (the same 一级 written again
 *   keeps its 二级); rows with neither 三级指标 nor
 *   value are empty categories; a row with only a value continues the
 *   previous row, and so does, right after a blank line (a page break), a row
 *   with only a 三级指标 or one that completes a previous row left without
 *   a value;
 * - cells wrapped with a spurious space are joined by the Text rules of
 *   FORMAT.md, which also turn goal-cell HTML into paragraphs.
 *
 * Anything else it cannot place is a finding naming file, line, field and
 * the text seen; a form with a finding is not handed to the sink.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "parse_text.h"
#include "scalar.h"
#include "value.h"

#define MAX_CELLS 64
#define MAX_LABEL 96            /* longer cells are never labels */
#define FRAG_SEP '\x1f'         /* separates raw goal fragments */

enum label_kind {
	L_NONE,
	L_FIELD,        /* a field whose value is the next cell */
	L_OTHER_FUNDS,  /* 其他资金: left or right column */
	L_FUNDS,        /* 项目资金(元): names the block, no value */
	L_GOALS,        /* 项目绩效目标 */
	L_INDICATORS,   /* 绩效指标 */
	L_GOAL_OVERALL, /* 项目总目标 (YYYY年 - YYYY年), a prefix */
	L_GOAL_ANNUAL,  /* 年度总目标, a prefix */
	L_IND_L1, L_IND_L2, L_IND_L3, L_IND_VALUE,
};

static const struct label {
	const char *key;        /* spaces, 其中, colons removed */
	size_t n;               /* strlen(key) */
	enum label_kind kind;
	enum decl_field field;
	bool prefix;
} labels[] = {
	{ "项目名称", sizeof("项目名称") - 1,         L_FIELD,        F_NAME,          false },
	{ "项目类别", sizeof("项目类别") - 1,         L_FIELD,        F_CATEGORY,      false },
	{ "主管部门", sizeof("主管部门") - 1,         L_FIELD,        F_DEPARTMENT,    false },
	{ "实施单位", sizeof("实施单位") - 1,         L_FIELD,        F_IMPLEMENTER,   false },
	{ "计划开始日期", sizeof("计划开始日期") - 1,     L_FIELD,        F_START,         false },
	{ "计划完成日期", sizeof("计划完成日期") - 1,     L_FIELD,        F_END,           false },
	{ "项目资金总额", sizeof("项目资金总额") - 1,     L_FIELD,        F_TOTAL,         false },
	{ "财政资金", sizeof("财政资金") - 1,         L_FIELD,        F_TOTAL_FISCAL,  false },
	{ "年度资金申请总额", sizeof("年度资金申请总额") - 1, L_FIELD,        F_ANNUAL,        false },
	{ "当年财政拨款", sizeof("当年财政拨款") - 1,     L_FIELD,        F_ANNUAL_APPROP, false },
	{ "上年结转资金", sizeof("上年结转资金") - 1,     L_FIELD,        F_ANNUAL_CARRY,  false },
	{ "其他资金", sizeof("其他资金") - 1,         L_OTHER_FUNDS,  F_TOTAL_OTHER,   false },
	{ "项目资金(元)", sizeof("项目资金(元)") - 1,     L_FUNDS,        F__MAX,          false },
	{ "项目资金", sizeof("项目资金") - 1,         L_FUNDS,        F__MAX,          false },
	{ "项目绩效目标", sizeof("项目绩效目标") - 1,     L_GOALS,        F__MAX,          false },
	{ "绩效目标", sizeof("绩效目标") - 1,         L_GOALS,        F__MAX,          false },
	{ "绩效指标", sizeof("绩效指标") - 1,         L_INDICATORS,   F__MAX,          false },
	{ "项目总目标", sizeof("项目总目标") - 1,       L_GOAL_OVERALL, F_OVERALL,       true },
	{ "年度总目标", sizeof("年度总目标") - 1,       L_GOAL_ANNUAL,  F_ANNUAL_GOAL,   true },
	{ "年度绩效目标", sizeof("年度绩效目标") - 1,     L_GOAL_ANNUAL,  F_ANNUAL_GOAL,   true },
	{ "一级指标", sizeof("一级指标") - 1,         L_IND_L1,       F_INDICATORS,    false },
	{ "二级指标", sizeof("二级指标") - 1,         L_IND_L2,       F_INDICATORS,    false },
	{ "三级指标", sizeof("三级指标") - 1,         L_IND_L3,       F_INDICATORS,    false },
	{ "年度指标值", sizeof("年度指标值") - 1,       L_IND_VALUE,    F_INDICATORS,    false },
	{ "指标值", sizeof("指标值") - 1,           L_IND_VALUE,    F_INDICATORS,    false },
};

/* 一级指标 names of the common trees: a goal-block row holding one of them
 * is an indicator row that lost its table header, not goal text. */
static const char *const level1_names[] = { "产出指标", "效益指标", "满意度指标", "成本指标" };

/* Words dropped from a cell before it is compared with the labels; `keep`
 * is what stands for them in the key (full-width parens become ASCII). */
static const struct {
	const char *s;
	size_t n;
	char keep;
} label_noise[] = {
	{ "其中", 6, 0 }, { "：", 3, 0 }, { ":", 1, 0 }, { "（", 3, '(' }, { "）", 3, ')' },
};

/* The title that starts a form; matched inside the line. */
static const char *const titles[] = { "绩效目标申报表", "绩效目标表" };

enum section { S_HEAD, S_FIELDS, S_GOALS, S_INDICATORS };

struct cell {
	const char *s;
	size_t n;
};

struct form {
	struct decl d;
	bool active;
	size_t errors_before;
	enum section sec;
	bool seen[F__MAX];
	int left_col, right_col;        /* columns of the two funds labels */
	int ov_col, an_col;             /* goal columns; -1 until the header */
	struct strbuf overall, annual;  /* raw fragments, FRAG_SEP between */
	int ind_col[4];                 /* l1, l2, l3, value; -1 = none */
	uint64_t ind_mapped;            /* bit i: column i is one of ind_col */
	int ind_ncols;
	const char *l1, *l2;            /* carried down */
	bool table_seen;
};

/* Slots of the hash tables of struct label_index (powers of two). */
#define LABEL_SLOTS 64
#define FIRST_SLOTS 32

/*
 * The label table indexed for the lookup every short cell goes through:
 * the first characters that may start a label, the exact keys by hash, the
 * prefix keys in a list.  Built from labels[] when a parse starts.
 */
struct label_index {
	uint32_t first[FIRST_SLOTS];    /* first character's 3 bytes | FIRST_USED */
	unsigned char exact[LABEL_SLOTS];       /* 1 + index into labels[]; 0 empty */
	unsigned char prefix[8];        /* indices into labels[] of prefix rows */
	size_t n_prefix;
	size_t key_cap;                 /* longest key + 1: keys are cut there */
	bool noise_lead[256];           /* first bytes of blanks and label_noise */
	bool first_lead[256];           /* first bytes that may_be_label lets by */
};

/* Cells whose label find_label remembers (a power of two). */
#define LABEL_MEMO 256

/* A cell's text and its label: 1 + index into labels[], 0 for none. */
struct label_memo {
	unsigned char n;                /* 0: an empty slot (cells have 3 bytes or more) */
	unsigned char label;
	char s[MAX_LABEL];
};

struct parser {
	const char *file;
	struct diags *diags;
	const struct parse_opts *opts;
	struct arena arena;
	struct strbuf tmp;
	struct strbuf joined;           /* goal fragments joined (goal_text) */
	struct strbuf goal_out[2];      /* the goals of the form being ended */
	struct label_index li;
	char key[MAX_LABEL + 1];        /* the cell's label key */
	size_t key_len;
	struct label_memo memo[LABEL_MEMO];
	struct form f;
	int line;
	bool after_blank;
	int forms;
	bool stray_reported;
	struct cell cell[MAX_CELLS];
	const struct label *lab[MAX_CELLS];
	int ncells;
};

static void perr(struct parser *p, int line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(struct parser *p, int line, const char *field, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(p->diags, p->file, line, field, "%s", sb.buf);
	sb_release(&sb);
}

/* perr with the quoted text seen appended. */
static void perr_quote(struct parser *p, int line, const char *field, const char *what,
                       const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, what);
	sb_addc(&sb, ' ');
	diag_quote(&sb, s, n);
	diag_error(p->diags, p->file, line, field, "%s", sb.buf);
	sb_release(&sb);
}

/* ---- cells and labels ---------------------------------------------- */

/*
 * The first tab in [s, end), or NULL.  Cells are short, and memchr's set-up
 * costs more than they do: the first words are searched here, the rest of
 * a long cell by memchr.  SWAR: in x = w ^ tabs a tab is a zero byte; the
 * high bit of each byte of ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..) says
 * exactly whether it is one, and the first such byte in memory order is the
 * lowest (little-endian) or highest (big-endian) of the word.
 */
static const char *find_tab(const char *s, const char *end)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full, tabs = 0x0909090909090909ull;
	const char *stop = end - s > 64 ? s + 64 : end;
	uint64_t w, zero;

	for (; stop - s >= 8; s += 8) {
		memcpy(&w, s, 8);
		w ^= tabs;
		zero = ~(((w & low7) + low7) | w | low7);
		if (zero) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			return s + __builtin_clzll(zero) / 8;
#else
			return s + __builtin_ctzll(zero) / 8;
#endif
		}
	}
	for (; s < stop; s++)
		if (*s == '\t')
			return s;
	return s < end ? memchr(s, '\t', (size_t)(end - s)) : NULL;
}

static void split_cells(struct parser *p, char *line, size_t len)
{
	const char *s = line, *end = line + len, *tab;

	p->ncells = 0;
	for (;;) {
		tab = find_tab(s, end);
		if (!tab)
			tab = end;
		if (p->ncells < MAX_CELLS) {
			struct cell *c = &p->cell[p->ncells];
			c->s = s;
			c->n = (size_t)(tab - s);
			text_trim(&c->s, &c->n);
			p->lab[p->ncells] = NULL;
		}
		p->ncells++;
		if (tab == end)
			break;
		s = tab + 1;
	}
}

/* The first characters of a label as written (may_be_label). */
static const char label_first[][4] = {
	"项", "计", "主", "实", "其", "财", "年", "当", "上", "绩", "一", "二", "三", "指",
};

#define FIRST_USED (1u << 24)

/* The 3 bytes at s as one number, | FIRST_USED. */
static uint32_t char3(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return FIRST_USED | (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

static unsigned first_hash(uint32_t v)
{
	return (unsigned)((v * 0x9e3779b1u) >> 27) & (FIRST_SLOTS - 1);
}

/* FNV-1a over a key. */
static unsigned key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return (unsigned)(h ^ (h >> 16)) & (LABEL_SLOTS - 1);
}

static void label_index_init(struct label_index *li)
{
	size_t i;
	unsigned h;

	memset(li, 0, sizeof(*li));
	li->noise_lead[' '] = li->noise_lead['\t'] = li->noise_lead[0xe3] = true;
	for (i = 0; i < sizeof(label_noise) / sizeof(label_noise[0]); i++)
		li->noise_lead[(unsigned char)label_noise[i].s[0]] = true;
	li->first_lead[' '] = li->first_lead[':'] = true;
	for (i = 0; i < sizeof(label_first) / sizeof(label_first[0]); i++) {
		uint32_t v = char3(label_first[i]);
		li->first_lead[(unsigned char)label_first[i][0]] = true;
		for (h = first_hash(v); li->first[h] && li->first[h] != v; h = (h + 1) & (FIRST_SLOTS - 1))
			;
		li->first[h] = v;
	}
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		assert(labels[i].n < MAX_LABEL);
		if (labels[i].n + 1 > li->key_cap)
			li->key_cap = labels[i].n + 1;
		if (labels[i].prefix) {
			assert(li->n_prefix < sizeof(li->prefix));
			li->prefix[li->n_prefix++] = (unsigned char)i;
			continue;
		}
		for (h = key_hash(labels[i].key, labels[i].n); li->exact[h]; h = (h + 1) & (LABEL_SLOTS - 1))
			;
		li->exact[h] = (unsigned char)(i + 1);
	}
}

/* True when every cell of the row is empty: the line was blank. */
static bool all_cells_empty(const struct parser *p)
{
	for (int i = 0; i < p->ncells; i++)
		if (p->cell[i].n)
			return false;
	return true;
}

/* True when s starts with the n bytes of w (short words: no call to memcmp). */
static bool starts_with(const char *s, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != w[i])
			return false;
	return true;
}

/*
 * The cell's label key in p->key: no spaces, none of label_noise, half-width
 * parens.  Keys are compared with the labels' keys only, so it stops one
 * byte past the longest of them.  Runs on every short cell that may be a
 * label, so it looks each byte up in noise_lead before it compares words,
 * and copies a 3-byte character (most of a label) in one step.
 */
static bool label_key(struct parser *p, const char *s, size_t n)
{
	size_t i, k, len = 0, cap = p->li.key_cap;
	char *key = p->key;

	p->key_len = 0;
	if (n == 0 || n > MAX_LABEL)
		return false;
	for (i = 0; i < n && len < cap;) {
		unsigned char c = (unsigned char)s[i];

		if (p->li.noise_lead[c]) {
			if (c == ' ' || c == '\t') {
				i++;
				continue;
			}
			if (c == 0xe3 && n - i >= 3 && starts_with(s + i, "\xe3\x80\x80", 3)) {
				i += 3;
				continue;
			}
			for (k = 0; k < sizeof(label_noise) / sizeof(label_noise[0]); k++)
				if ((unsigned char)label_noise[k].s[0] == c && n - i >= label_noise[k].n &&
				    starts_with(s + i, label_noise[k].s, label_noise[k].n))
					break;
			if (k < sizeof(label_noise) / sizeof(label_noise[0])) {
				if (label_noise[k].keep)
					key[len++] = label_noise[k].keep;
				i += label_noise[k].n;
				continue;
			}
		}
		if (c >= 0xe0 && c < 0xf0 && n - i >= 3 && ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xc0) == 0x80) {
			/* its other two bytes are no noise: the same as one at a time */
			key[len] = (char)c;
			key[len + 1] = s[i + 1];
			key[len + 2] = s[i + 2];
			len = len + 3 < cap ? len + 3 : cap;
			i += 3;
			continue;
		}
		key[len++] = (char)c;
		i++;
	}
	key[len] = '\0';
	p->key_len = len;
	return len > 0;
}

/* True when the cell may hold a label: its first character starts one. */
static bool may_be_label(const struct parser *p, const struct cell *c)
{
	uint32_t v;
	unsigned h;

	if (c->n < 3 || c->n > MAX_LABEL || !p->li.first_lead[(unsigned char)c->s[0]])
		return false;
	if (c->s[0] == ' ' || c->s[0] == ':')
		return true;
	v = char3(c->s);
	for (h = first_hash(v); p->li.first[h]; h = (h + 1) & (FIRST_SLOTS - 1))
		if (p->li.first[h] == v)
			return true;
	return false;
}

/* The first row of labels[] that the cell's key matches, or NULL. */
static const struct label *label_of_key(struct parser *p)
{
	const struct label_index *li = &p->li;
	size_t i, best = sizeof(labels) / sizeof(labels[0]), k;
	unsigned h;

	for (h = key_hash(p->key, p->key_len); li->exact[h]; h = (h + 1) & (LABEL_SLOTS - 1)) {
		i = li->exact[h] - 1u;
		if (labels[i].n == p->key_len && memcmp(p->key, labels[i].key, p->key_len) == 0) {
			best = i;
			break;
		}
	}
	for (k = 0; k < li->n_prefix; k++) {
		i = li->prefix[k];
		if (i < best && p->key_len >= labels[i].n &&
		    memcmp(p->key, labels[i].key, labels[i].n) == 0)
			best = i;
	}
	return best < sizeof(labels) / sizeof(labels[0]) ? &labels[best] : NULL;
}

/* The slot of label_memo for the cell (3 <= c->n <= MAX_LABEL): a hash of
 * all its bytes, eight at a time (labels such as 计划开始日期 and
 * 计划完成日期, or 项目总目标 (2022年 - 2022年) and (2023年 - 2023年),
 * differ in a few bytes inside). */
static unsigned memo_slot(const struct cell *c)
{
	uint64_t h = (uint64_t)c->n * 0x9e3779b97f4a7c15ull, w;
	size_t i;

	for (i = 0; i + 8 <= c->n; i += 8) {
		memcpy(&w, c->s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	if (i < c->n) {
		w = 0;
		memcpy(&w, c->s + i, c->n - i);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 29;
	return (unsigned)(h >> 56) & (LABEL_MEMO - 1);
}

/*
 * The label the cell holds, or NULL.  The same cells come back in every
 * form (项目名称, 其中：财政资金), so the answer for a cell's exact text is
 * remembered in p->memo and its key is not computed again.
 */
static const struct label *find_label(struct parser *p, const struct cell *c)
{
	struct label_memo *m;
	const struct label *l;

	if (!may_be_label(p, c))
		return NULL;
	m = &p->memo[memo_slot(c)];
	if (m->n == c->n && memcmp(m->s, c->s, c->n) == 0)
		return m->label ? &labels[m->label - 1] : NULL;
	l = label_key(p, c->s, c->n) ? label_of_key(p) : NULL;
	m->n = (unsigned char)c->n;
	memcpy(m->s, c->s, c->n);
	m->label = l ? (unsigned char)(l - labels + 1) : 0;
	return l;
}

/* Labels every cell of the row; returns a bit set of the kinds found. */
static unsigned classify(struct parser *p)
{
	unsigned kinds = 0;
	int i, n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS;

	for (i = 0; i < n; i++) {
		p->lab[i] = find_label(p, &p->cell[i]);
		if (p->lab[i])
			kinds |= 1u << p->lab[i]->kind;
	}
	return kinds;
}

#define HAS(kinds, k) ((kinds) & (1u << (k)))

static char *cell_dup(struct parser *p, const struct cell *c)
{
	return arena_strndup(&p->arena, c->s, c->n);
}

/* Normalised copy of raw text in the arena. */
static const char *normalised(struct parser *p, const char *s, size_t n)
{
	if (text_is_normal(s, n))
		return arena_strndup(&p->arena, s, n);
	sb_reset(&p->tmp);
	text_normalise(&p->tmp, s, n);
	return arena_strndup(&p->arena, p->tmp.buf, p->tmp.len);
}

/* ---- forms ------------------------------------------------------------- */

static void form_start(struct parser *p, int year)
{
	struct form *f = &p->f;

	decl_init(&f->d);
	f->active = true;
	f->errors_before = p->diags->n_error;
	f->sec = S_HEAD;
	memset(f->seen, 0, sizeof(f->seen));
	f->left_col = f->right_col = -1;
	f->ov_col = f->an_col = -1;
	sb_reset(&f->overall);
	sb_reset(&f->annual);
	f->ind_ncols = 0;
	for (int i = 0; i < 4; i++)
		f->ind_col[i] = -1;
	f->ind_mapped = 0;
	f->l1 = f->l2 = NULL;
	f->table_seen = false;
	f->d.file = p->file;
	f->d.line = p->line;
	f->d.year = year;
	if (year)
		f->d.field_line[F_YEAR] = p->line;
	p->forms++;
}

/* Joins raw goal fragments: HTML to text per fragment, then one space
 * between fragments, then the Text rules, into `out`, which keeps the text
 * until the next form (as long as the arena keeps the rest of the form). */
static const char *goal_text(struct parser *p, const struct strbuf *raw, struct strbuf *out)
{
	const char *s = raw->buf, *end = raw->buf + raw->len, *sep;
	struct strbuf *joined = &p->joined;
	const char *frag = "";
	size_t n = 0;
	bool one;

	sb_reset(joined);
	one = !memchr(s, FRAG_SEP, raw->len);
	while (s < end) {
		sep = memchr(s, FRAG_SEP, (size_t)(end - s));
		if (!sep)
			sep = end;
		sb_reset(&p->tmp);
		text_strip_html(&p->tmp, s, (size_t)(sep - s));
		/* the paragraph a page break cut goes on in the next fragment */
		frag = p->tmp.buf;
		n = p->tmp.len;
		while (n && (frag[n - 1] == '\n' || frag[n - 1] == ' '))
			n--;
		while (n && (frag[0] == '\n' || frag[0] == ' ')) {
			frag++;
			n--;
		}
		if (one)
			break;  /* a single fragment is normalised where it is */
		if (joined->len && n)
			sb_addc(joined, ' ');
		sb_add(joined, frag, n);
		s = sep + 1;
	}
	if (!one) {
		frag = joined->buf;
		n = joined->len;
	}
	/* the text stays in `out` until the next form: no copy to the arena */
	sb_reset(out);
	text_normalise(out, frag, n);
	return out->buf;
}

static int form_end(struct parser *p)
{
	struct form *f = &p->f;
	struct decl *d = &f->d;
	static const enum decl_field required[] = { F_NAME, F_DEPARTMENT, F_IMPLEMENTER };
	size_t i;
	int rc = 0;

	if (!f->active)
		return 0;
	f->active = false;
	if (!d->year)
		perr(p, d->line, field_label(F_YEAR), "申报表缺少年度（如“(2023年度)”）");
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!f->seen[required[i]])
			perr(p, d->line, field_label(required[i]), "申报表缺少此项");
		else if (!*(required[i] == F_NAME ? d->name : required[i] == F_DEPARTMENT
		                                                 ? d->department : d->implementer))
			perr(p, d->field_line[required[i]], field_label(required[i]), "此项不能为空");
	}
	if (!f->table_seen)
		perr(p, d->line, field_label(F_INDICATORS), "申报表缺少绩效指标表");
	if (!d->category)
		d->category = "";
	d->overall = goal_text(p, &f->overall, &p->goal_out[0]);
	d->annual_goal = goal_text(p, &f->annual, &p->goal_out[1]);
	for (i = 0; i < d->n_ind; i++) {
		struct indicator *ind = &d->ind[i];
		size_t n = strlen(ind->name);
		/* the raw text is in the arena already: keep it when it is normal */
		if (!text_is_normal(ind->name, n))
			ind->name = normalised(p, ind->name, n);
		n = strlen(ind->value);
		if (!text_is_normal(ind->value, n)) {
			ind->value = normalised(p, ind->value, n);
			n = ind->value ? strlen(ind->value) : 0;
		}
		if (!ind->name || !ind->value)
			return JX_ENOMEM;
		if ((rc = value_parse(ind->value, n, d->year, &p->arena, &ind->target)))
			return rc;
	}
	if (p->arena.err || p->tmp.err || p->goal_out[0].err || p->goal_out[1].err)
		return JX_ENOMEM;
	if (p->diags->n_error == f->errors_before && p->opts->sink)
		rc = p->opts->sink(p->opts->sink_ctx, d);
	arena_reset(&p->arena);
	return rc;
}

/* ---- rows of label and value cells ----------------------------------- */

static void set_field(struct parser *p, enum decl_field field, const struct cell *v)
{
	struct form *f = &p->f;
	struct decl *d = &f->d;
	const char *label = field_label(field);

	if (f->seen[field]) {
		perr(p, p->line, label, "重复出现（第 %d 行已有此项）", d->field_line[field]);
		return;
	}
	f->seen[field] = true;
	d->field_line[field] = p->line;
	switch (field) {
	case F_NAME:
		d->name = normalised(p, v->s, v->n);
		break;
	case F_CATEGORY:
		d->category = normalised(p, v->s, v->n);
		break;
	case F_DEPARTMENT:
		d->department = normalised(p, v->s, v->n);
		break;
	case F_IMPLEMENTER:
		d->implementer = normalised(p, v->s, v->n);
		break;
	case F_START:
	case F_END:
		if (date_parse(v->s, v->n, field == F_START ? &d->start : &d->end))
			perr_quote(p, p->line, label, "无法识别的日期", v->s, v->n);
		break;
	case F_TOTAL:
	case F_TOTAL_FISCAL:
	case F_TOTAL_OTHER:
	case F_ANNUAL:
	case F_ANNUAL_APPROP:
	case F_ANNUAL_CARRY:
	case F_ANNUAL_OTHER: {
		static const enum decl_field order[FUND__MAX] = {
			F_TOTAL, F_TOTAL_FISCAL, F_TOTAL_OTHER, F_ANNUAL,
			F_ANNUAL_APPROP, F_ANNUAL_CARRY, F_ANNUAL_OTHER,
		};
		int k = 0;
		while (order[k] != field)
			k++;
		if (amount_parse(v->s, v->n, &d->funds[k]))
			perr_quote(p, p->line, label, "无法识别的金额", v->s, v->n);
		break;
	}
	default:
		break;
	}
}

static void field_row(struct parser *p)
{
	struct form *f = &p->f;
	static const struct cell blank = { "", 0 };
	int n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS;
	bool used[MAX_CELLS] = { false };
	int i, others = 0, seen_other = 0;

	if (f->sec == S_HEAD)
		f->sec = S_FIELDS;
	for (i = 0; i < n; i++)
		if (p->lab[i] && p->lab[i]->kind == L_OTHER_FUNDS)
			others++;
	for (i = 0; i < n; i++) {
		const struct label *l = p->lab[i];
		const struct cell *v = &blank;
		enum decl_field field;

		if (!l)
			continue;
		used[i] = true;
		if (l->kind == L_FUNDS)
			continue;
		if (l->kind != L_FIELD && l->kind != L_OTHER_FUNDS) {
			perr_quote(p, p->line, NULL, "此处不应出现", p->cell[i].s, p->cell[i].n);
			continue;
		}
		if (i + 1 < n && !p->lab[i + 1]) {
			v = &p->cell[i + 1];
			used[i + 1] = true;
			/* a doubled tab: the value one empty cell further on */
			if (!v->n && i + 2 < n && !p->lab[i + 2] && p->cell[i + 2].n) {
				v = &p->cell[i + 2];
				used[i + 2] = true;
			}
		}
		field = l->field;
		if (field == F_TOTAL)
			f->left_col = i;
		else if (field == F_ANNUAL)
			f->right_col = i;
		if (l->kind == L_OTHER_FUNDS) {
			/* two in a row: left then right; one alone: the nearer column */
			bool right;
			if (others >= 2) {
				right = seen_other++ > 0;
			} else if (f->left_col >= 0 && f->right_col >= 0) {
				int dl = i - f->left_col, dr = i - f->right_col;
				right = (dr < 0 ? -dr : dr) < (dl < 0 ? -dl : dl);
			} else {
				right = i >= 3;
			}
			field = right ? F_ANNUAL_OTHER : F_TOTAL_OTHER;
		}
		set_field(p, field, v);
	}
	for (i = 0; i < n; i++)
		if (!used[i] && p->cell[i].n)
			perr_quote(p, p->line, NULL, "无法识别的内容", p->cell[i].s, p->cell[i].n);
}

/* ---- the goal block -------------------------------------------------- */

static void goal_years(struct parser *p, const struct cell *c)
{
	struct decl *d = &p->f.d;
	int years[2] = { 0, 0 }, k = 0;
	size_t i;

	sb_reset(&p->tmp);
	text_halfwidth(&p->tmp, c->s, c->n);
	for (i = 0; i + 4 <= p->tmp.len && k < 2; i++) {
		const char *s = p->tmp.buf + i;
		if (s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
		    s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
		    (i + 4 == p->tmp.len || s[4] < '0' || s[4] > '9') &&
		    (i == 0 || s[-1] < '0' || s[-1] > '9')) {
			years[k++] = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			i += 3;
		}
	}
	d->overall_from = years[0];
	d->overall_to = k == 2 ? years[1] : years[0];
	d->field_line[F_OVERALL_YEARS] = p->line;
	if (k == 2 && years[1] < years[0])
		perr_quote(p, p->line, field_label(F_OVERALL_YEARS), "起止年度颠倒", c->s, c->n);
}

static void goal_header(struct parser *p)
{
	struct form *f = &p->f;
	int n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS, i;

	f->sec = S_GOALS;
	for (i = 0; i < n; i++) {
		const struct label *l = p->lab[i];
		if (!l) {
			if (p->cell[i].n)
				perr_quote(p, p->line, field_label(F_OVERALL), "无法识别的内容",
				           p->cell[i].s, p->cell[i].n);
			continue;
		}
		if (l->kind == L_GOAL_OVERALL) {
			f->ov_col = i;
			goal_years(p, &p->cell[i]);
		} else if (l->kind == L_GOAL_ANNUAL) {
			f->an_col = i;
		} else if (l->kind != L_GOALS) {
			perr_quote(p, p->line, NULL, "此处不应出现", p->cell[i].s, p->cell[i].n);
		}
	}
}

static void add_fragment(struct strbuf *sb, const struct cell *c)
{
	if (sb->len)
		sb_addc(sb, FRAG_SEP);
	sb_add(sb, c->s, c->n);
}

static bool is_level1_name(const struct cell *c)
{
	for (size_t i = 0; i < sizeof(level1_names) / sizeof(level1_names[0]); i++)
		if (c->n == strlen(level1_names[i]) && memcmp(c->s, level1_names[i], c->n) == 0)
			return true;
	return false;
}

static void goal_row(struct parser *p)
{
	struct form *f = &p->f;
	int n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS, i;
	int ov = f->ov_col >= 0 ? f->ov_col : 1;
	int an = f->an_col >= 0 ? f->an_col : 2;

	for (i = 0; i < n; i++) {
		if (is_level1_name(&p->cell[i])) {
			perr_quote(p, p->line, field_label(F_INDICATORS),
			           "指标行之前缺少表头（一级指标、二级指标、三级指标、年度指标值）",
			           p->cell[i].s, p->cell[i].n);
			return;
		}
	}

	f->sec = S_GOALS;
	if (an <= ov)
		an = ov + 1;
	for (i = 0; i < n; i++) {
		const struct cell *c = &p->cell[i];
		if (!c->n || (p->lab[i] && p->lab[i]->kind == L_GOALS))
			continue;
		if (i < ov) {
			perr_quote(p, p->line, field_label(F_OVERALL), "无法识别的内容", c->s, c->n);
			continue;
		}
		if (!f->d.field_line[i >= an ? F_ANNUAL_GOAL : F_OVERALL])
			f->d.field_line[i >= an ? F_ANNUAL_GOAL : F_OVERALL] = p->line;
		add_fragment(i >= an ? &f->annual : &f->overall, c);
	}
}

/* ---- the indicator table --------------------------------------------- */

static void table_header(struct parser *p)
{
	struct form *f = &p->f;
	int n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS, i;

	f->sec = S_INDICATORS;
	f->table_seen = true;
	f->ind_ncols = n;
	for (i = 0; i < 4; i++)
		f->ind_col[i] = -1;
	for (i = 0; i < n; i++) {
		const struct label *l = p->lab[i];
		if (l && l->kind >= L_IND_L1 && l->kind <= L_IND_VALUE)
			f->ind_col[l->kind - L_IND_L1] = i;
		else if (l && l->kind == L_INDICATORS)
			continue;
		else if (p->cell[i].n)
			perr_quote(p, p->line, field_label(F_INDICATORS), "无法识别的表头",
			           p->cell[i].s, p->cell[i].n);
	}
	f->ind_mapped = 0;
	for (i = 0; i < 4; i++) {
		static const char *const names[4] = { "一级指标", "二级指标", "三级指标", "年度指标值" };
		if (f->ind_col[i] < 0)
			perr(p, p->line, field_label(F_INDICATORS), "表头缺少“%s”列", names[i]);
		else
			f->ind_mapped |= 1ull << f->ind_col[i];
	}
}

static const struct cell *col(struct parser *p, int k)
{
	static const struct cell blank = { "", 0 };
	int i = p->f.ind_col[k];

	return i >= 0 && i < p->ncells && i < MAX_CELLS ? &p->cell[i] : &blank;
}

/* Joins a continuation onto raw text kept in the arena. */
static const char *append_raw(struct parser *p, const char *old, const struct cell *c)
{
	size_t n = strlen(old);
	char *s;

	if (!n)
		return cell_dup(p, c);
	s = arena_alloc(&p->arena, n + 1 + c->n + 1);
	if (!s)
		return old;
	memcpy(s, old, n);
	s[n] = ' ';
	memcpy(s + n + 1, c->s, c->n);
	s[n + 1 + c->n] = '\0';
	return s;
}

static void indicator_row(struct parser *p)
{
	struct form *f = &p->f;
	struct decl *d = &f->d;
	const struct cell *l1 = col(p, 0), *l2 = col(p, 1), *name = col(p, 2), *value = col(p, 3);
	int n = p->ncells < MAX_CELLS ? p->ncells : MAX_CELLS, i;
	struct indicator *ind, *prev = d->n_ind ? &d->ind[d->n_ind - 1] : NULL;

	if (f->ind_ncols == 0) {
		perr(p, p->line, field_label(F_INDICATORS), "指标行之前缺少表头（一级指标、二级指标、三级指标、年度指标值）");
		f->ind_ncols = -1;
		return;
	}
	if (f->ind_ncols < 0)
		return;
	for (i = 0; i < n; i++) {
		bool mapped = (f->ind_mapped >> i) & 1;
		if (!p->cell[i].n)
			continue;
		if (!mapped && !(p->lab[i] && p->lab[i]->kind == L_INDICATORS))
			perr_quote(p, p->line, field_label(F_INDICATORS), "无法识别的内容",
			           p->cell[i].s, p->cell[i].n);
	}
	if (l1->n) {
		const char *prev_l1 = f->l1;
		f->l1 = normalised(p, l1->s, l1->n);
		/* the same 一级 again (a merged cell repeated on a new page)
		 * keeps its 二级; another 一级 starts without one */
		if (!prev_l1 || !f->l1 || strcmp(prev_l1, f->l1) != 0)
			f->l2 = NULL;
	}
	if (l2->n)
		f->l2 = normalised(p, l2->s, l2->n);
	if (!name->n && !value->n)
		return;     /* an empty category */
	if (!l1->n && !l2->n && prev &&
	    (!name->n || (p->after_blank && (!value->n || !*prev->value)))) {
		/* the rest of the previous row, cut by a page break */
		if (name->n)
			prev->name = append_raw(p, prev->name, name);
		if (value->n)
			prev->value = append_raw(p, prev->value, value);
		return;
	}
	if (!f->l1) {
		perr_quote(p, p->line, "一级指标", "指标缺少一级指标", name->s, name->n);
		return;
	}
	if (!f->l2) {
		perr_quote(p, p->line, "二级指标", "指标缺少二级指标", name->s, name->n);
		return;
	}
	if (!name->n) {
		perr_quote(p, p->line, "三级指标", "指标名称为空，指标值为", value->s, value->n);
		return;
	}
	ind = decl_add_indicator(d, &p->arena);
	if (!ind)
		return;
	ind->level1 = f->l1;
	ind->level2 = f->l2;
	ind->name = cell_dup(p, name);
	ind->value = cell_dup(p, value);
	ind->line = p->line;
	if (!d->field_line[F_INDICATORS])
		d->field_line[F_INDICATORS] = p->line;
}

/* ---- lines ----------------------------------------------------------- */

/*
 * True when s holds the m >= 4 bytes of w: memmem for the short lines it
 * looks at, without its set-up (the first four bytes compared as one
 * number at each offset).
 */
static bool has_word(const char *s, size_t n, const char *w, size_t m)
{
	uint32_t first, x;

	assert(m >= 4);
	memcpy(&first, w, 4);
	for (size_t i = 0; i + m <= n; i++) {
		memcpy(&x, s + i, 4);
		if (x == first && memcmp(s + i + 4, w + 4, m - 4) == 0)
			return true;
	}
	return false;
}

static bool is_title(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (has_word(line, len, titles[i], strlen(titles[i])))
			return true;
	return false;
}

/* The year of a `(2023年度)` line, or of a title line that carries it. */
static int year_of_line(struct parser *p, const char *line, size_t len)
{
	const char *s;
	size_t n, i;

	/* text_halfwidth leaves 年度 as it is: without it there is no year */
	if (!has_word(line, len, "年度", strlen("年度")))
		return 0;
	sb_reset(&p->tmp);
	text_halfwidth(&p->tmp, line, len);
	s = p->tmp.buf;
	n = p->tmp.len;
	for (i = 0; i + 4 < n; i++) {
		if (s[i] >= '0' && s[i] <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
			size_t j = i, k;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			for (k = j; k < n && s[k] == ' '; k++)
				;       /* `2023 年度`: a space the extractor put in */
			if (j - i == 4 && n - k >= 6 && memcmp(s + k, "年度", 6) == 0)
				return year_parse(s + i, j - i);
			i = j;
		}
	}
	return 0;
}

/* Consumes the literal w at *s; true when it was there. */
static bool eat(const char **s, const char *end, const char *w)
{
	size_t m = strlen(w);

	if ((size_t)(end - *s) < m || memcmp(*s, w, m) != 0)
		return false;
	*s += m;
	return true;
}

/* Consumes one or more ASCII digits at *s. */
static bool eat_digits(const char **s, const char *end)
{
	const char *start = *s;

	while (*s < end && **s >= '0' && **s <= '9')
		(*s)++;
	return *s > start;
}

/*
 * True when the line is a page footer or header that PDF extraction left
 * between two pages: 第 2 页, 第2页 共3页, 第2页，共3页, - 2 -, 2/3 (full-width
 * forms and spaces allowed).  It stands for a page break, as a blank line.
 */
static bool is_page_mark(struct parser *p, const char *line, size_t len)
{
	const char *s, *end;
	size_t i, k = 0;

	if (len > 64)
		return false;
	sb_reset(&p->tmp);
	text_halfwidth(&p->tmp, line, len);
	for (i = 0; i < p->tmp.len; i++)     /* drop ASCII blanks in place */
		if (p->tmp.buf[i] != ' ' && p->tmp.buf[i] != '\t')
			p->tmp.buf[k++] = p->tmp.buf[i];
	s = p->tmp.buf;
	end = s + k;
	if (eat(&s, end, "第")) {
		if (!eat_digits(&s, end) || !eat(&s, end, "页"))
			return false;
		if (s == end)
			return true;
		if (!eat(&s, end, ","))
			eat(&s, end, "/");
		return eat(&s, end, "共") && eat_digits(&s, end) && eat(&s, end, "页") && s == end;
	}
	if (eat(&s, end, "-"))
		return eat_digits(&s, end) && eat(&s, end, "-") && s == end;
	return eat_digits(&s, end) && eat(&s, end, "/") && eat_digits(&s, end) && s == end;
}

static int handle_line(struct parser *p, char *line, size_t len, bool checked)
{
	struct form *f = &p->f;
	unsigned kinds;
	size_t bad;
	int year, rc;
	bool has_tab;

	if (!checked && utf8_check_text(line, len) < len) {
		/* one pass for the good lines; the bad ones say what is wrong */
		if (memchr(line, '\0', len)) {
			perr(p, p->line, NULL, "行中含有空字符（NUL），不是文本文件");
			return 0;
		}
		bad = utf8_check(line, len);
		perr(p, p->line, NULL, "第 %zu 字节起不是有效的 UTF-8 文本", bad + 1);
		return 0;
	}
	split_cells(p, line, len);
	if (p->ncells <= MAX_CELLS ? all_cells_empty(p) : text_blank(line, len)) {
		/* (cells are trimmed of the blanks text_blank knows) */
		p->after_blank = true;
		return 0;
	}
	has_tab = p->ncells > 1;
	if (!has_tab && is_page_mark(p, line, len)) {
		p->after_blank = true;
		return 0;
	}
	if (!has_tab && is_title(line, len)) {
		if ((rc = form_end(p)))
			return rc;
		form_start(p, year_of_line(p, line, len));
		p->after_blank = false;
		return 0;
	}
	if (!f->active) {
		/* text before the first form: headings are fine, table rows are not */
		if (has_tab && !p->stray_reported) {
			perr_quote(p, p->line, NULL, "申报表标题之前出现表格内容", line, len);
			p->stray_reported = true;
		}
		return 0;
	}
	if (f->sec == S_HEAD && (year = year_of_line(p, line, len))) {
		if (!f->d.year) {
			f->d.year = year;
			f->d.field_line[F_YEAR] = p->line;
		} else if (f->d.year != year) {
			perr_quote(p, p->line, field_label(F_YEAR), "与标题中的年度不一致", line, len);
		}
		p->after_blank = false;
		return 0;
	}
	if (p->ncells > MAX_CELLS) {
		perr(p, p->line, NULL, "一行有 %d 个单元格，超过上限 %d", p->ncells, MAX_CELLS);
		return 0;
	}
	kinds = classify(p);
	if (HAS(kinds, L_IND_L1) || HAS(kinds, L_IND_L3) || HAS(kinds, L_IND_VALUE))
		table_header(p);
	else if (f->sec == S_INDICATORS)
		indicator_row(p);
	else if (HAS(kinds, L_GOAL_OVERALL) || HAS(kinds, L_GOAL_ANNUAL))
		goal_header(p);
	else if (f->sec == S_GOALS || HAS(kinds, L_GOALS))
		goal_row(p);
	else if (HAS(kinds, L_FIELD) || HAS(kinds, L_OTHER_FUNDS) || HAS(kinds, L_FUNDS))
		field_row(p);
	else
		perr_quote(p, p->line, NULL, "无法识别的内容", line, len);
	p->after_blank = false;
	return 0;
}

int parse_text(struct reader *r, const char *file, struct diags *diags,
               const struct parse_opts *opts)
{
	struct parser p;
	char *line;
	size_t len;
	int got, rc = 0;
	unsigned long long next_progress = 0;

	memset(&p, 0, sizeof(p));
	p.file = file;
	p.diags = diags;
	p.opts = opts;
	arena_init(&p.arena, 64 * 1024);
	sb_init(&p.tmp, 0);
	sb_init(&p.joined, 0);
	sb_init(&p.goal_out[0], 0);
	sb_init(&p.goal_out[1], 0);
	label_index_init(&p.li);
	sb_init(&p.f.overall, READER_MAX_LINE * 2);
	sb_init(&p.f.annual, READER_MAX_LINE * 2);
	while ((got = reader_next(r, &line, &len)) > 0) {
		p.line = reader_lineno(r);
		if ((rc = handle_line(&p, line, len, reader_line_checked(r))))
			goto out;
		if (opts->progress && reader_offset(r) >= next_progress) {
			opts->progress(opts->progress_ctx, reader_offset(r), reader_size(r));
			next_progress = reader_offset(r) + (4u << 20);
		}
	}
	if (got < 0) {
		if (-got == JX_ETOOBIG)
			perr(&p, reader_lineno(r) + 1, NULL, "行过长（超过 %u 字节）", READER_MAX_LINE);
		else if (-got == JX_EIO && strcmp(reader_encoding(r), "UTF-8") != 0)
			perr(&p, reader_lineno(r) + 1, NULL, "无法按 %s 编码解码", reader_encoding(r));
		else {
			rc = -got;
			goto out;
		}
	}
	if ((rc = form_end(&p)))
		goto out;
	if (p.forms == 0)
		perr(&p, 0, NULL, "没有找到申报表（标题“财政项目支出绩效目标申报表”）");
	if (opts->progress)
		opts->progress(opts->progress_ctx, reader_offset(r), reader_size(r));
out:
	sb_release(&p.f.overall);
	sb_release(&p.f.annual);
	sb_release(&p.tmp);
	sb_release(&p.joined);
	sb_release(&p.goal_out[0]);
	sb_release(&p.goal_out[1]);
	arena_release(&p.arena);
	return rc;
}
