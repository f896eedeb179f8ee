/*
 * xlsx_read.c: declarations from XLSX workbooks: each sheet is read into a
 * grid (xlsx_book.c) and recognised as the flat layout (one of its first
 * rows is the flat header: its rows then stream to flat.c as they are read)
 * or as the official layout of the form, read here from the grid.
 *
 * The official layout is found by its labels, as on paper, not by fixed
 * cell positions, so that a sheet a person edited still reads: a field's
 * value is the cell just right of its label (right of the label's merged
 * range); the two 其他资金 labels are told apart by their column; the goal
 * header gives the columns of 项目总目标 and 年度总目标, and every cell below
 * it in their spans is goal text; the indicator table's header gives its
 * columns, and 一级/二级 cells left blank (merged, or rows a person added)
 * are carried down from above; rows with neither 三级指标 nor value are empty
 * categories.  A form starts with its title (a cell holding
 * 绩效目标申报表); several may stand one below another in a sheet.  Anything that cannot be placed is a finding
 * naming the sheet and cell.
 */
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "cellval.h"
#include "flat.h"
#include "scalar.h"
#include "value.h"
#include "xlsx_read.h"

enum label_kind {
	L_NONE,
	L_FIELD,        /* a field whose value is the next cell */
	L_OTHER_FUNDS,  /* 其他资金: left or right column */
	L_FUNDS,        /* 项目资金(元): names the block */
	L_GOALS,        /* 项目绩效目标 */
	L_INDICATORS,   /* 绩效指标 */
	L_GOAL_OVERALL, /* 项目总目标 (YYYY年 - YYYY年), a prefix */
	L_GOAL_ANNUAL,  /* 年度总目标 */
	L_IND_L1, L_IND_L2, L_IND_L3, L_IND_VALUE,
};

/* Labels by their key (cell_label_key). */
static const struct label {
	const char *key;
	enum label_kind kind;
	enum decl_field field;
	bool prefix;
} labels[] = {
	{ "项目名称", L_FIELD, F_NAME, false },
	{ "项目类别", L_FIELD, F_CATEGORY, false },
	{ "主管部门", L_FIELD, F_DEPARTMENT, false },
	{ "实施单位", L_FIELD, F_IMPLEMENTER, false },
	{ "计划开始日期", L_FIELD, F_START, false },
	{ "计划完成日期", L_FIELD, F_END, false },
	{ "项目资金总额", L_FIELD, F_TOTAL, false },
	{ "财政资金", L_FIELD, F_TOTAL_FISCAL, false },
	{ "年度资金申请总额", L_FIELD, F_ANNUAL, false },
	{ "当年财政拨款", L_FIELD, F_ANNUAL_APPROP, false },
	{ "上年结转资金", L_FIELD, F_ANNUAL_CARRY, false },
	{ "其他资金", L_OTHER_FUNDS, F_TOTAL_OTHER, false },
	{ "项目资金", L_FUNDS, F__MAX, false },
	{ "项目绩效目标", L_GOALS, F__MAX, false },
	{ "绩效目标", L_GOALS, F__MAX, false },
	{ "绩效指标", L_INDICATORS, F__MAX, false },
	{ "项目总目标", L_GOAL_OVERALL, F_OVERALL, true },
	{ "年度总目标", L_GOAL_ANNUAL, F_ANNUAL_GOAL, true },
	{ "年度绩效目标", L_GOAL_ANNUAL, F_ANNUAL_GOAL, true },
	{ "一级指标", L_IND_L1, F_INDICATORS, false },
	{ "二级指标", L_IND_L2, F_INDICATORS, false },
	{ "三级指标", L_IND_L3, F_INDICATORS, false },
	{ "年度指标值", L_IND_VALUE, F_INDICATORS, false },
	{ "指标值", L_IND_VALUE, F_INDICATORS, false },
};

/* The title that starts a form, found inside a cell. */
static const char *const titles[] = { "绩效目标申报表", "绩效目标表" };

static const char *const ind_heads[4] = { "一级指标", "二级指标", "三级指标", "年度指标值" };

enum section { S_HEAD, S_FIELDS, S_GOALS, S_INDICATORS };

#define NO_COL UINT32_MAX
#define MAX_LABEL 96
#define MAX_TITLE 160           /* bytes */

struct form {
	const char *file;
	struct xlsx_grid *g;
	struct diags *diags;
	const struct parse_opts *opts;
	bool date1904;
	struct arena arena;
	struct strbuf tmp, key;
	/* the form being read */
	bool active;
	struct decl d;
	size_t errors_before;
	enum section sec;
	bool seen[F__MAX];
	uint32_t left_col, right_col;   /* columns of 项目资金总额 and 年度资金申请总额 */
	uint32_t ov1, ov2, an1, an2;    /* goal spans; NO_COL until the header */
	struct strbuf overall, annual;
	uint32_t ind_col[4];
	const char *l1, *l2;
	bool table_seen;
	int forms;
	/* the row being read */
	const struct xlsx_cell *row;
	size_t n;
	const struct label *lab[64];
};

/* ---- findings ----------------------------------------------------------- */

/* "Sheet1!C6：what \"seen\"" at the cell's row. */
static void ferr(struct form *f, uint32_t row, uint32_t col, const char *field, const char *what,
                 const char *seen, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	xlsx_cell_ref(&sb, f->g->name, row, col);
	sb_addf(&sb, "：%s", what);
	if (seen) {
		sb_addc(&sb, ' ');
		diag_quote(&sb, seen, n);
	}
	diag_error(f->diags, f->file, (int)row, field, "%s", sb.buf);
	sb_release(&sb);
}

/* "工作表“Sheet1”：what" for the form as a whole. */
static void form_err(struct form *f, int line, const char *field, const char *what)
{
	diag_error(f->diags, f->file, line, field, "工作表“%s”：%s", f->g->name, what);
}

/* ---- cells ----------------------------------------------------------------- */

static const struct label *find_label(struct form *f, const struct xlsx_cell *c)
{
	if (c->type != XT_STRING || c->n > MAX_LABEL)
		return NULL;
	sb_reset(&f->key);
	cell_label_key(&f->key, c->s, c->n);
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		size_t k = strlen(labels[i].key);
		if ((labels[i].prefix ? f->key.len >= k : f->key.len == k) &&
		    memcmp(f->key.buf, labels[i].key, k) == 0)
			return &labels[i];
	}
	return NULL;
}

/* The index in the row of the cell at col, or -1. */
static int at_col(const struct form *f, uint32_t col)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->row[i].col == col)
			return (int)i;
	return -1;
}

/* The last column a cell covers (its merged range's, or its own). */
static uint32_t span_end(const struct form *f, const struct xlsx_cell *c)
{
	const struct xlsx_merge *m = xlsx_grid_merge_at(f->g, c->row, c->col);

	return m ? m->c2 : c->col;
}

/* The normalised text of a cell in the arena; NULL (with a finding) for an
 * error value. */
static const char *text_of(struct form *f, const struct xlsx_cell *c, const char *field)
{
	struct strbuf raw = STRBUF_INIT;
	const char *out;

	if (!c)
		return "";
	if (c->type == XT_ERROR) {
		ferr(f, c->row, c->col, field,
		     "单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号）", c->s, c->n);
		return NULL;
	}
	cell_text(&raw, c, f->date1904);
	sb_reset(&f->tmp);
	text_normalise(&f->tmp, raw.buf, raw.len);
	out = arena_strndup(&f->arena, f->tmp.buf, f->tmp.len);
	sb_release(&raw);
	return out ? out : "";
}

static bool contains(const struct xlsx_cell *c, const char *word)
{
	return c->type == XT_STRING && memmem(c->s, c->n, word, strlen(word)) != NULL;
}

static bool is_title(const struct xlsx_cell *c)
{
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (contains(c, titles[i]))
			return true;
	return false;
}

/* The year of "(2023年度)" or a title holding "2023年度"; 0 when none. */
static int year_of(struct form *f, const struct xlsx_cell *c)
{
	const char *s;
	size_t n, i, j;

	if (c->type != XT_STRING)
		return 0;
	sb_reset(&f->tmp);
	text_halfwidth(&f->tmp, c->s, c->n);
	s = f->tmp.buf;
	n = f->tmp.len;
	for (i = 0; i + 4 < n; i = j > i ? j : i + 1) {
		j = i;
		if (s[i] < '0' || s[i] > '9')
			continue;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j - i == 4 && n - j >= 6 && memcmp(s + j, "年度", 6) == 0)
			return year_parse(s + i, 4);
	}
	return 0;
}

/* ---- forms ------------------------------------------------------------------ */

static void form_start(struct form *f, uint32_t row)
{
	decl_init(&f->d);
	f->active = true;
	f->errors_before = f->diags->n_error;
	f->sec = S_HEAD;
	memset(f->seen, 0, sizeof(f->seen));
	f->left_col = f->right_col = NO_COL;
	f->ov1 = f->ov2 = f->an1 = f->an2 = NO_COL;
	sb_reset(&f->overall);
	sb_reset(&f->annual);
	for (int i = 0; i < 4; i++)
		f->ind_col[i] = NO_COL;
	f->l1 = f->l2 = NULL;
	f->table_seen = false;
	f->d.file = f->file;
	f->d.line = (int)row;
	f->forms++;
}

static const char *goal_text(struct form *f, const struct strbuf *raw)
{
	sb_reset(&f->tmp);
	text_normalise(&f->tmp, raw->buf, raw->len);
	return arena_strndup(&f->arena, f->tmp.buf, f->tmp.len);
}

static int form_end(struct form *f)
{
	static const enum decl_field required[] = { F_NAME, F_DEPARTMENT, F_IMPLEMENTER };
	struct decl *d = &f->d;
	int rc = 0;

	if (!f->active)
		return 0;
	f->active = false;
	if (!d->year)
		form_err(f, d->line, field_label(F_YEAR), "申报表缺少年度（如“(2023年度)”）");
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const char *v = flat_decl_text(d, required[i]);
		if (!f->seen[required[i]])
			form_err(f, d->line, field_label(required[i]), "申报表缺少此项");
		else if (!v || !*v)
			form_err(f, d->field_line[required[i]], field_label(required[i]), "此项不能为空");
	}
	if (!f->table_seen)
		form_err(f, d->line, field_label(F_INDICATORS), "申报表缺少绩效指标表");
	if (!d->category)
		d->category = "";
	d->overall = goal_text(f, &f->overall);
	d->annual_goal = goal_text(f, &f->annual);
	for (size_t i = 0; i < d->n_ind && !rc; i++) {
		struct indicator *in = &d->ind[i];
		rc = value_parse(in->value, strlen(in->value), d->year, &f->arena, &in->target);
	}
	if (!rc && (f->arena.err || f->tmp.err || f->overall.err || f->annual.err))
		rc = JX_ENOMEM;
	if (!rc && f->diags->n_error == f->errors_before && f->opts->sink)
		rc = f->opts->sink(f->opts->sink_ctx, d);
	arena_reset(&f->arena);
	return rc;
}

/* ---- rows of labels and values ------------------------------------------ */

static void set_field(struct form *f, enum decl_field field, const struct xlsx_cell *label,
                      const struct xlsx_cell *v)
{
	struct decl *d = &f->d;
	const char *name = field_label(field), *s;
	uint32_t vcol = v ? v->col : span_end(f, label) + 1;

	if (f->seen[field]) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "重复出现（第 %d 行已有此项）", d->field_line[field]);
		ferr(f, label->row, label->col, name, sb.buf, NULL, 0);
		sb_release(&sb);
		return;
	}
	f->seen[field] = true;
	d->field_line[field] = (int)label->row;
	switch (field) {
	case F_NAME:
	case F_CATEGORY:
	case F_DEPARTMENT:
	case F_IMPLEMENTER:
		if ((s = text_of(f, v, name))) {
			if (field == F_NAME)
				d->name = s;
			else if (field == F_CATEGORY)
				d->category = s;
			else if (field == F_DEPARTMENT)
				d->department = s;
			else
				d->implementer = s;
		}
		break;
	case F_START:
	case F_END:
		if (cell_date(v, f->date1904, field == F_START ? &d->start : &d->end))
			ferr(f, label->row, vcol, name, "无法识别的日期", v->s, v->n);
		break;
	default:
		for (int k = 0; k < FUND__MAX; k++)
			if (fund_field((enum fund)k) == field && cell_amount(v, &d->funds[k]))
				ferr(f, label->row, vcol, name, "无法识别的金额", v->s, v->n);
		break;
	}
}

static void field_row(struct form *f)
{
	bool used[64] = { false };
	size_t i, others = 0, seen_other = 0;

	if (f->sec == S_HEAD)
		f->sec = S_FIELDS;
	for (i = 0; i < f->n; i++)
		others += f->lab[i] && f->lab[i]->kind == L_OTHER_FUNDS;
	for (i = 0; i < f->n; i++) {
		const struct label *l = f->lab[i];
		const struct xlsx_cell *c = &f->row[i], *v = NULL;
		enum decl_field field;
		int vi;

		if (!l)
			continue;
		used[i] = true;
		if (l->kind == L_FUNDS)
			continue;
		if (l->kind != L_FIELD && l->kind != L_OTHER_FUNDS) {
			ferr(f, c->row, c->col, NULL, "此处不应出现", c->s, c->n);
			continue;
		}
		vi = at_col(f, span_end(f, c) + 1);
		if (vi >= 0 && !f->lab[vi]) {
			v = &f->row[vi];
			used[vi] = true;
		}
		field = l->field;
		if (field == F_TOTAL)
			f->left_col = c->col;
		else if (field == F_ANNUAL)
			f->right_col = c->col;
		if (l->kind == L_OTHER_FUNDS) {
			/* two in a row: left then right; one alone: the nearer column */
			bool right;
			if (others >= 2) {
				right = seen_other++ > 0;
			} else if (f->left_col != NO_COL && f->right_col != NO_COL) {
				uint32_t dl = c->col > f->left_col ? c->col - f->left_col : f->left_col - c->col;
				uint32_t dr = c->col > f->right_col ? c->col - f->right_col : f->right_col - c->col;
				right = dr < dl;
			} else {
				right = c->col >= 3;
			}
			field = right ? F_ANNUAL_OTHER : F_TOTAL_OTHER;
		}
		set_field(f, field, c, v);
	}
	for (i = 0; i < f->n; i++)
		if (!used[i])
			ferr(f, f->row[i].row, f->row[i].col, NULL, "无法识别的内容", f->row[i].s,
			     f->row[i].n);
}

/* ---- the goal block ----------------------------------------------------- */

/* "项目总目标 (2023年 - 2024年)": the years either side of the dash; one
 * year alone is both. */
static void goal_years(struct form *f, const struct xlsx_cell *c)
{
	static const char *const dashes[] = { "-", "—", "至", "~", "～" };
	struct decl *d = &f->d;
	const char *s, *dash = NULL;
	size_t n, i, dlen = 0;
	int years[2] = { 0, 0 };

	sb_reset(&f->tmp);
	text_halfwidth(&f->tmp, c->s, c->n);
	s = f->tmp.buf;
	n = f->tmp.len;
	for (i = 0; i < sizeof(dashes) / sizeof(dashes[0]) && !dash; i++)
		if ((dash = memmem(s, n, dashes[i], strlen(dashes[i]))))
			dlen = strlen(dashes[i]);
	for (int side = 0; side < 2; side++) {
		const char *p = side ? (dash ? dash + dlen : s + n) : s;
		const char *end = side ? s + n : (dash ? dash : s + n);
		for (; p + 4 <= end; p++)
			if (p[0] >= '1' && p[0] <= '2' && strspn(p, "0123456789") == 4 &&
			    (p == s || p[-1] < '0' || p[-1] > '9')) {
				years[side] = year_parse(p, 4);
				break;
			}
	}
	if (!dash)
		years[1] = years[0];
	d->overall_from = years[0];
	d->overall_to = years[1];
	d->field_line[F_OVERALL_YEARS] = (int)c->row;
	if (years[0] && years[1] && years[1] < years[0])
		ferr(f, c->row, c->col, field_label(F_OVERALL_YEARS), "起止年度颠倒", c->s, c->n);
}

static void goal_header(struct form *f)
{
	f->sec = S_GOALS;
	for (size_t i = 0; i < f->n; i++) {
		const struct label *l = f->lab[i];
		const struct xlsx_cell *c = &f->row[i];
		if (l && l->kind == L_GOAL_OVERALL) {
			f->ov1 = c->col;
			f->ov2 = span_end(f, c);
			goal_years(f, c);
		} else if (l && l->kind == L_GOAL_ANNUAL) {
			f->an1 = c->col;
			f->an2 = span_end(f, c);
		} else if (!l || l->kind != L_GOALS) {
			ferr(f, c->row, c->col, field_label(F_OVERALL), l ? "此处不应出现" : "无法识别的内容",
			     c->s, c->n);
		}
	}
}

static void goal_row(struct form *f)
{
	f->sec = S_GOALS;
	for (size_t i = 0; i < f->n; i++) {
		const struct xlsx_cell *c = &f->row[i];
		struct strbuf *to = NULL;
		enum decl_field field = F_OVERALL;
		const char *s;

		if (f->lab[i] && f->lab[i]->kind == L_GOALS)
			continue;
		if (f->ov1 != NO_COL && c->col >= f->ov1 && c->col <= f->ov2) {
			to = &f->overall;
		} else if (f->an1 != NO_COL && c->col >= f->an1 && c->col <= f->an2) {
			to = &f->annual;
			field = F_ANNUAL_GOAL;
		} else {
			ferr(f, c->row, c->col, field_label(F_OVERALL),
			     f->ov1 == NO_COL && f->an1 == NO_COL
			             ? "目标文字之前缺少表头（项目总目标、年度总目标）"
			             : "无法识别的内容（不在项目总目标或年度总目标的列中）",
			     c->s, c->n);
			continue;
		}
		if (!(s = text_of(f, c, field_label(field))))
			continue;
		if (!f->d.field_line[field])
			f->d.field_line[field] = (int)c->row;
		if (to->len && *s)
			sb_addc(to, '\n');
		sb_adds(to, s);
	}
}

/* ---- the indicator table ------------------------------------------------ */

static void table_header(struct form *f)
{
	uint32_t row = f->row[0].row;

	f->sec = S_INDICATORS;
	f->table_seen = true;
	for (int k = 0; k < 4; k++)
		f->ind_col[k] = NO_COL;
	f->l1 = f->l2 = NULL;
	for (size_t i = 0; i < f->n; i++) {
		const struct label *l = f->lab[i];
		const struct xlsx_cell *c = &f->row[i];
		if (l && l->kind >= L_IND_L1 && l->kind <= L_IND_VALUE)
			f->ind_col[l->kind - L_IND_L1] = c->col;
		else if (!l || l->kind != L_INDICATORS)
			ferr(f, c->row, c->col, field_label(F_INDICATORS), "无法识别的表头", c->s, c->n);
	}
	for (int k = 0; k < 4; k++)
		if (f->ind_col[k] == NO_COL) {
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, "工作表“%s”第 %u 行：表头缺少“%s”列", f->g->name, row, ind_heads[k]);
			diag_error(f->diags, f->file, (int)row, field_label(F_INDICATORS), "%s", sb.buf);
			sb_release(&sb);
		}
}

static void indicator_row(struct form *f)
{
	const struct xlsx_cell *cell[4] = { NULL, NULL, NULL, NULL };
	const char *text[4];
	struct indicator *in;
	uint32_t row = f->row[0].row;
	bool bad = false;
	int k;

	for (k = 0; k < 4; k++)
		if (f->ind_col[k] == NO_COL)
			return;     /* reported with the header */
	for (size_t i = 0; i < f->n; i++) {
		const struct xlsx_cell *c = &f->row[i];
		bool mapped = false;
		for (k = 0; k < 4; k++)
			if (f->ind_col[k] == c->col) {
				cell[k] = c;
				mapped = true;
			}
		if (!mapped && !(f->lab[i] && f->lab[i]->kind == L_INDICATORS))
			ferr(f, c->row, c->col, field_label(F_INDICATORS), "无法识别的内容", c->s, c->n);
	}
	for (k = 0; k < 4; k++)
		if (!(text[k] = text_of(f, cell[k], ind_heads[k]))) {
			text[k] = "";
			bad = true;
		}
	if (*text[0]) {
		f->l1 = text[0];
		f->l2 = NULL;
	}
	if (*text[1])
		f->l2 = text[1];
	if (bad)
		return;     /* reported; the categories above still carry down */
	if (!*text[2] && !*text[3])
		return;     /* an empty category */
	if (!*text[2]) {
		ferr(f, row, f->ind_col[2], "三级指标", "指标名称为空，指标值为", text[3], strlen(text[3]));
		return;
	}
	if (!f->l1) {
		ferr(f, row, f->ind_col[0], "一级指标", "指标缺少一级指标", text[2], strlen(text[2]));
		return;
	}
	if (!f->l2) {
		ferr(f, row, f->ind_col[1], "二级指标", "指标缺少二级指标", text[2], strlen(text[2]));
		return;
	}
	if (!(in = decl_add_indicator(&f->d, &f->arena)))
		return;
	in->level1 = f->l1;
	in->level2 = f->l2;
	in->name = text[2];
	in->value = text[3];
	in->line = (int)row;
	if (!f->d.field_line[F_INDICATORS])
		f->d.field_line[F_INDICATORS] = (int)row;
}

/* ---- a sheet ------------------------------------------------------------------ */

#define HAS(kinds, k) ((kinds) & (1u << (k)))

static int handle_row(struct form *f)
{
	unsigned kinds = 0;
	size_t i;
	int year = 0, rc;
	bool title = false;

	if (f->n > sizeof(f->lab) / sizeof(f->lab[0])) {
		ferr(f, f->row[0].row, f->row[f->n - 1].col, NULL, "一行中有内容的单元格过多", NULL, 0);
		return 0;
	}
	for (i = 0; i < f->n; i++) {
		f->lab[i] = find_label(f, &f->row[i]);
		if (f->lab[i])
			kinds |= 1u << f->lab[i]->kind;
		if (!year)
			year = year_of(f, &f->row[i]);
	}
	/* a title stands alone in its row and is short (goal text may quote it) */
	title = f->n == 1 && f->row[0].n <= MAX_TITLE && is_title(&f->row[0]);
	if (title && !kinds) {
		if ((rc = form_end(f)))
			return rc;
		form_start(f, f->row[0].row);
		if (year) {
			f->d.year = year;
			f->d.field_line[F_YEAR] = (int)f->row[0].row;
		}
		return 0;
	}
	if (!f->active)
		return 0;       /* before the first title: notes, or not a form at all */
	if (f->sec == S_HEAD && year && !kinds) {
		if (!f->d.year) {
			f->d.year = year;
			f->d.field_line[F_YEAR] = (int)f->row[0].row;
		} else if (f->d.year != year) {
			ferr(f, f->row[0].row, f->row[0].col, field_label(F_YEAR), "与标题中的年度不一致",
			     f->row[0].s, f->row[0].n);
		}
		return 0;
	}
	if (HAS(kinds, L_IND_L1) || HAS(kinds, L_IND_L3) || HAS(kinds, L_IND_VALUE))
		table_header(f);
	else if (f->sec == S_INDICATORS)
		indicator_row(f);
	else if (HAS(kinds, L_GOAL_OVERALL) || HAS(kinds, L_GOAL_ANNUAL))
		goal_header(f);
	else if (f->sec == S_GOALS)
		goal_row(f);
	else if (HAS(kinds, L_FIELD) || HAS(kinds, L_OTHER_FUNDS) || HAS(kinds, L_FUNDS))
		field_row(f);
	else
		for (i = 0; i < f->n; i++)
			if (!f->lab[i] || f->lab[i]->kind != L_GOALS)
				ferr(f, f->row[i].row, f->row[i].col, NULL, "无法识别的内容", f->row[i].s,
				     f->row[i].n);
	return 0;
}

/* The cells of a sheet row by row, blank cells left out. */
static int each_row(struct xlsx_grid *g, int (*fn)(void *ctx, const struct xlsx_cell *row, size_t n),
                    void *ctx)
{
	size_t i = 0, j;
	int rc = 0;

	while (i < g->n && !rc) {
		for (j = i; j < g->n && g->cells[j].row == g->cells[i].row; j++)
			;
		rc = fn(ctx, g->cells + i, j - i);
		i = j;
	}
	return rc;
}

static int form_row(void *ctx, const struct xlsx_cell *row, size_t n)
{
	struct form *f = ctx;
	const struct xlsx_cell *v = row;
	size_t k = 0;

	/* blank strings count as empty cells */
	struct xlsx_cell buf[64];
	for (size_t i = 0; i < n; i++) {
		if (text_blank(row[i].s, row[i].n))
			continue;
		if (k < sizeof(buf) / sizeof(buf[0]))
			buf[k] = row[i];
		k++;
	}
	if (!k)
		return 0;
	if (k <= sizeof(buf) / sizeof(buf[0]))
		v = buf;
	else
		k = n;
	f->row = v;
	f->n = k;
	return handle_row(f);
}

static int read_form_sheet(struct xlsx_grid *g, const char *file, bool date1904,
                           struct diags *diags, const struct parse_opts *opts, bool *found)
{
	struct form f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.file = file;
	f.g = g;
	f.diags = diags;
	f.opts = opts;
	f.date1904 = date1904;
	arena_init(&f.arena, 64 * 1024);
	sb_init(&f.tmp, 0);
	sb_init(&f.key, 0);
	sb_init(&f.overall, XLSX_GRID_TEXT_MAX);
	sb_init(&f.annual, XLSX_GRID_TEXT_MAX);
	rc = each_row(g, form_row, &f);
	if (!rc)
		rc = form_end(&f);
	*found = f.forms > 0;
	sb_release(&f.overall);
	sb_release(&f.annual);
	sb_release(&f.tmp);
	sb_release(&f.key);
	arena_release(&f.arena);
	return rc;
}

/* ---- the flat layout in a sheet ------------------------------------------------ */

/* Rows above the header a flat sheet may have (a title, notes). */
#define FLAT_HEAD_ROWS 5

/*
 * The rows of a sheet as they are read: until one of the first rows turns
 * out to be the flat header every row is kept; after the header the sheet
 * is the flat layout and rows go to its reader one by one (nothing of the
 * sheet is held); after FLAT_HEAD_ROWS rows without it the sheet is kept
 * whole for the official layout.
 */
struct sheet_rows {
	const char *file, *sheet;
	bool date1904;
	struct diags *diags;
	const struct parse_opts *opts;
	int seen;
	struct flat *fl;
	bool whole;
};

static int offer_row(void *ctx, const struct xlsx_cell *cells, size_t n)
{
	struct sheet_rows *sr = ctx;
	int rc;

	if (sr->fl)
		return (rc = flat_row(sr->fl, cells, n, (int)cells[0].row)) ? rc : XLSX_ROW_TAKEN;
	if (sr->whole)
		return XLSX_ROW_KEEP;
	if (flat_is_header(cells, n)) {
		if ((rc = flat_new(&sr->fl, sr->file, sr->sheet, sr->date1904, sr->diags, sr->opts)))
			return rc;
		flat_header(sr->fl, cells, n, (int)cells[0].row);
		return XLSX_ROW_TAKEN;
	}
	sr->whole = ++sr->seen >= FLAT_HEAD_ROWS;
	return XLSX_ROW_KEEP;
}

/* ---- the workbook ------------------------------------------------------------------ */

int xlsx_read_parts(struct xlsx_parts *parts, const char *file, struct diags *diags,
                    const struct parse_opts *opts)
{
	struct xlsx_book *book = NULL;
	struct strbuf err = STRBUF_INIT;
	size_t i, forms = 0;
	int rc;

	if ((rc = xlsx_book_open(&book, parts, &err))) {
		if (rc != JX_ENOMEM)
			diag_error(diags, file, 0, NULL, "%s", err.len ? err.buf : "无法读取工作簿");
		sb_release(&err);
		return rc == JX_ENOMEM ? rc : 0;
	}
	for (i = 0; i < xlsx_book_sheets(book) && !rc; i++) {
		struct sheet_rows sr = { file, xlsx_book_sheet_name(book, i), xlsx_book_date1904(book),
		                         diags, opts, 0, NULL, false };
		struct xlsx_grid g;
		bool found = false;

		sb_reset(&err);
		rc = xlsx_book_read_sheet(book, i, offer_row, &sr, &g, &err);
		if (rc == JX_EINPUT || rc == JX_ETOOBIG) {
			diag_error(diags, file, 0, NULL, "%s", err.len ? err.buf : "无法读取工作表");
			rc = 0;
			flat_free(sr.fl);
			xlsx_grid_release(&g);
			continue;
		}
		if (sr.fl) {
			found = true;
			if (rc)
				flat_free(sr.fl);
			else
				rc = flat_finish(sr.fl);
		} else if (!rc && g.n) {
			rc = read_form_sheet(&g, file, xlsx_book_date1904(book), diags, opts, &found);
			if (!found && !rc)
				diags_add(diags, DIAG_WARNING, file, 0, NULL, NULL,
				          "工作表“%s”既没有申报表标题（“财政项目支出绩效目标申报表”），也不是指标明细表，已跳过",
				          g.name);
		}
		forms += found;
		xlsx_grid_release(&g);
	}
	if (!rc && !forms)
		diag_error(diags, file, 0, NULL, "工作簿中没有找到申报表（标题“财政项目支出绩效目标申报表”，或表头含项目名称、实施单位、三级指标、年度指标值的明细表）");
	sb_release(&err);
	xlsx_book_free(book);
	return rc;
}

int xlsx_read(const void *data, size_t n, const char *file, struct diags *diags,
              const struct parse_opts *opts)
{
	struct xlsx_parts parts;
	struct strbuf err = STRBUF_INIT;
	int rc = xlsx_parts_zip(&parts, data, n, &err);

	if (rc) {
		if (rc != JX_ENOMEM)
			diag_error(diags, file, 0, NULL, "%s", err.buf);
		sb_release(&err);
		return rc == JX_ENOMEM ? rc : 0;
	}
	sb_release(&err);
	return xlsx_read_parts(&parts, file, diags, opts);
}
