/*
 * xlsx_write.c: the three workbooks of xlsx_write.h through libxlsxwriter.
 *
 * The form sheet has the five columns of the paper form (render/form_html.c
 * has the same grid in HTML):
 *   A block label | B | C | D | E
 *   title and (YYYY年度) across A–E
 *   project rows   项目名称 | value (B–C) | 项目类别 | value
 *   项目资金（元）  label | amount | label | amount, four rows, the left
 *                  其他资金 and its amount merged over the last two
 *   项目绩效目标    项目总目标 (YYYY年 - YYYY年) (B–C) | 年度总目标 (D–E), then
 *                  the two texts, merged over as many rows as they need
 *                  (Excel caps a row at 409 points)
 *   绩效指标        一级指标 | 二级指标 | 三级指标 | 年度指标值, 一级 and 二级
 *                  merged down over their rows, every category of the tree
 * Excel does not fit the height of a row to wrapped text in merged cells,
 * so heights are estimated from the text (a CJK character is two columns).
 *
 * The flat and summary workbooks stream: libxlsxwriter's constant-memory
 * mode keeps one row in memory and writes strings inline.
 *
 * The self-evaluation sheet draws selfeval_layout.h's grid: its nine
 * columns, a sheet row per row (a goal taller than Excel's row limit over
 * several, merged), its spans merged, amounts, points and scores and the
 * execution rate as numbers.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../parse/flat.h"
#include "../parse/xlsx_book.h"
#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "selfeval_layout.h"
#include "selfeval_table.h"
#include "xlsx_write.h"

#define FONT "宋体"
#define LINE_PT 15.0            /* height of one line of 11-point text */
#define ROW_MAX_PT 400.0        /* Excel allows 409 */
#define SHEET_NAME_MAX 31       /* characters */
#define XLSX_CELL_CHARS 32767   /* Excel keeps no more in a cell */

/* The form's columns A–E and their widths in characters. */
enum { CA, CB, CC, CD, CE, FORM_COLS };
static const double form_width[FORM_COLS] = { 10, 16, 22, 34, 24 };

struct xlsx_out {
	enum xlsx_shape shape;
	lxw_workbook *wb;
	char *path, *tmp;
	char *err;
	size_t errlen;
	int rc;                     /* the first failure; its reason in err */
	struct strbuf sb;           /* escaped text */
	struct strbuf name;         /* sheet names */
	size_t sheets;
	/* formats */
	lxw_format *title, *year, *label, *text, *center, *amount, *date, *goal, *head,
	           *cell, *cell_amount, *cell_date, *cell_wrap, *total, *total_amount;
	lxw_format *score, *rate;   /* XLSX_SELFEVAL's (rate: and XLSX_OVERVIEW's) */
	/* flat and summary: the one sheet and its next row */
	lxw_worksheet *ws;
	lxw_row_t row;
	int64_t sum[FUND__MAX];
};

static void fail(struct xlsx_out *o, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(struct xlsx_out *o, int rc, const char *fmt, ...)
{
	va_list ap;

	if (o->rc)
		return;
	o->rc = rc;
	va_start(ap, fmt);
	vsnprintf(o->err, o->errlen, fmt, ap);
	va_end(ap);
}

/* Records a libxlsxwriter failure. */
static void check(struct xlsx_out *o, lxw_error e, const char *what)
{
	if (e == LXW_NO_ERROR)
		return;
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		fail(o, JX_ETOOBIG, "“%s”超过 Excel 单元格 32767 个字符的上限", what);
	else if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
		fail(o, JX_ENOMEM, "内存不足");
	else
		fail(o, JX_EIO, "写出 XLSX 失败（%s）：%s", what, lxw_strerror(e));
}

/* ---- cells ------------------------------------------------------------------ */

/*
 * Text as a sheet stores it: "_x0041_" in the text would be read by Excel
 * as the escape of "A", so its underscore is written as the escape
 * "_x005F_" (libxlsxwriter escapes control characters itself).
 */
static const char *xtext(struct xlsx_out *o, const char *s, const char *what)
{
	static const char hex[] = "0123456789ABCDEFabcdef";
	const char *p;
	bool any = false;

	if (!s)
		return "";
	/* checked here: worksheet_merge_range() drops an over-long text silently */
	if (utf8_chars(s, strlen(s)) > XLSX_CELL_CHARS) {
		check(o, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, what);
		return "";
	}
	for (p = strstr(s, "_x"); p && !any; p = strstr(p + 1, "_x"))
		any = strspn(p + 2, hex) >= 4 && p[6] == '_';
	if (!any)
		return s;
	sb_reset(&o->sb);
	xlsx_escape_text(&o->sb, s);
	if (o->sb.err) {
		fail(o, JX_ENOMEM, "内存不足");
		return "";
	}
	return o->sb.buf;
}

static void put_str(struct xlsx_out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    const char *s, lxw_format *f, const char *what)
{
	check(o, worksheet_write_string(ws, r, c, xtext(o, s, what), f), what);
}

/* Text over a range, merged when it is more than one cell. */
static void put_merged(struct xlsx_out *o, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                       lxw_row_t r2, lxw_col_t c2, const char *s, lxw_format *f, const char *what)
{
	if (r1 == r2 && c1 == c2)
		put_str(o, ws, r1, c1, s, f, what);
	else
		check(o, worksheet_merge_range(ws, r1, c1, r2, c2, xtext(o, s, what), f), what);
}

/* An amount: fen / 100.0, the double nearest to the decimal (see the header). */
static void put_amount(struct xlsx_out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                       struct amount a, lxw_format *f, const char *what)
{
	if (a.set)
		check(o, worksheet_write_number(ws, r, c, (double)a.fen / 100.0, f), what);
	else
		check(o, worksheet_write_blank(ws, r, c, f), what);
}

static void put_date(struct xlsx_out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     struct date d, lxw_format *f, const char *what)
{
	lxw_datetime dt = { d.y, (uint8_t)d.m, (uint8_t)d.d, 0, 0, 0 };

	if (d.y)
		check(o, worksheet_write_datetime(ws, r, c, &dt, f), what);
	else
		check(o, worksheet_write_blank(ws, r, c, f), what);
}

static void put_int(struct xlsx_out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t v,
                    lxw_format *f, const char *what)
{
	if (v)
		check(o, worksheet_write_number(ws, r, c, (double)v, f), what);
	else
		check(o, worksheet_write_blank(ws, r, c, f), what);
}

/* ---- heights ---------------------------------------------------------------- */

/* Lines that text takes in a column `width` characters wide: a column is
 * 7 pixels a character and 5 of padding, an 11-point CJK character 15
 * pixels and others 8. */
static int text_lines(const char *s, double width)
{
	double cap = width * 7 + 5, used = 0;
	int lines = 1;
	size_t n = s ? strlen(s) : 0, i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			cp = '?';
			len = 1;
		}
		i += len;
		if (cp == '\n') {
			lines++;
			used = 0;
			continue;
		}
		double w = is_cjk(cp) ? 15 : 8;
		if (used + w > cap) {
			lines++;
			used = 0;
		}
		used += w;
	}
	return lines;
}

static double height_of(int lines)
{
	return lines * LINE_PT + 4;
}

/* ---- the workbook ---------------------------------------------------------- */

static lxw_format *new_format(struct xlsx_out *o, bool border, uint8_t align, bool wrap,
                              const char *num)
{
	lxw_format *f = workbook_add_format(o->wb);

	if (!f) {
		fail(o, JX_ENOMEM, "内存不足");
		return NULL;
	}
	format_set_font_name(f, FONT);
	format_set_font_size(f, 11);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (align)
		format_set_align(f, align);
	format_set_align(f, wrap && align == LXW_ALIGN_LEFT && !border ? LXW_ALIGN_VERTICAL_TOP
	                                                               : LXW_ALIGN_VERTICAL_CENTER);
	if (wrap)
		format_set_text_wrap(f);
	if (num)
		format_set_num_format(f, num);
	return f;
}

static void make_formats(struct xlsx_out *o)
{
	o->title = new_format(o, false, LXW_ALIGN_CENTER, false, NULL);
	if (o->title) {
		format_set_bold(o->title);
		format_set_font_size(o->title, 16);
	}
	o->year = new_format(o, false, LXW_ALIGN_CENTER, false, NULL);
	o->label = new_format(o, true, LXW_ALIGN_CENTER, true, NULL);
	o->text = new_format(o, true, LXW_ALIGN_LEFT, true, NULL);
	o->center = new_format(o, true, LXW_ALIGN_CENTER, true, NULL);
	o->amount = new_format(o, true, LXW_ALIGN_RIGHT, false, "#,##0.00");
	o->date = new_format(o, true, LXW_ALIGN_LEFT, false, "yyyy-mm-dd");
	o->goal = new_format(o, true, LXW_ALIGN_LEFT, true, NULL);
	if (o->goal)
		format_set_align(o->goal, LXW_ALIGN_VERTICAL_TOP);
	o->head = new_format(o, true, LXW_ALIGN_CENTER, true, NULL);
	if (o->head) {
		format_set_bold(o->head);
		format_set_bg_color(o->head, 0xDDEBF7);
	}
	o->cell = new_format(o, false, 0, false, NULL);
	o->cell_wrap = new_format(o, false, LXW_ALIGN_LEFT, false, NULL);
	o->cell_amount = new_format(o, false, 0, false, "#,##0.00");
	o->cell_date = new_format(o, false, 0, false, "yyyy-mm-dd");
	o->total = new_format(o, false, 0, false, NULL);
	o->total_amount = new_format(o, false, 0, false, "#,##0.00");
	if (o->total && o->total_amount) {
		format_set_bold(o->total);
		format_set_bold(o->total_amount);
		format_set_top(o->total, LXW_BORDER_THIN);
		format_set_top(o->total_amount, LXW_BORDER_THIN);
	}
}

/* The summary's columns. */
enum sum_kind { SK_ID, SK_YEAR, SK_TEXT, SK_AMOUNT, SK_INDICATORS, SK_STATE, SK_VERDICT, SK_ERRORS,
                SK_WARNINGS };
static const struct sum_col {
	const char *title;
	enum sum_kind kind;
	int arg;
	double width;
} sum_cols[] = {
	{ "编号", SK_ID, 0, 6 },
	{ "年度", SK_YEAR, 0, 6 },
	{ "主管部门", SK_TEXT, F_DEPARTMENT, 14 },
	{ "实施单位", SK_TEXT, F_IMPLEMENTER, 16 },
	{ "项目名称", SK_TEXT, F_NAME, 30 },
	{ "项目类别", SK_TEXT, F_CATEGORY, 12 },
	{ "项目资金总额（元）", SK_AMOUNT, FUND_TOTAL, 16 },
	{ "其中：财政资金（元）", SK_AMOUNT, FUND_TOTAL_FISCAL, 16 },
	{ "年度资金申请总额（元）", SK_AMOUNT, FUND_ANNUAL, 16 },
	{ "其中：当年财政拨款（元）", SK_AMOUNT, FUND_ANNUAL_APPROP, 16 },
	{ "上年结转资金（元）", SK_AMOUNT, FUND_ANNUAL_CARRY, 14 },
	{ "年度其他资金（元）", SK_AMOUNT, FUND_ANNUAL_OTHER, 14 },
	{ "指标数", SK_INDICATORS, 0, 7 },
	{ "状态", SK_STATE, 0, 10 },
	{ "建议评级", SK_VERDICT, 0, 9 },
	{ "错误", SK_ERRORS, 0, 6 },
	{ "警告", SK_WARNINGS, 0, 6 },
};
#define SUM_COLS (sizeof(sum_cols) / sizeof(sum_cols[0]))

static void start_flat(struct xlsx_out *o)
{
	if (!(o->ws = workbook_add_worksheet(o->wb, "指标明细"))) {
		fail(o, JX_ENOMEM, "内存不足");
		return;
	}
	for (int i = 0; i < FC__MAX; i++) {
		check(o, worksheet_set_column(o->ws, (lxw_col_t)i, (lxw_col_t)i, flat_columns[i].width, NULL),
		      "列宽");
		put_str(o, o->ws, 0, (lxw_col_t)i, flat_columns[i].title, o->head, "表头");
	}
	worksheet_freeze_panes(o->ws, 1, 0);
	o->row = 1;
}

static void start_summary(struct xlsx_out *o, const char *title)
{
	if (!(o->ws = workbook_add_worksheet(o->wb, "汇总"))) {
		fail(o, JX_ENOMEM, "内存不足");
		return;
	}
	for (size_t i = 0; i < SUM_COLS; i++)
		check(o, worksheet_set_column(o->ws, (lxw_col_t)i, (lxw_col_t)i, sum_cols[i].width, NULL),
		      "列宽");
	check(o, worksheet_set_row(o->ws, 0, 28, NULL), "行高");
	put_merged(o, o->ws, 0, 0, 0, SUM_COLS - 1, title ? title : "项目支出绩效目标汇总", o->title,
	           "标题");
	for (size_t i = 0; i < SUM_COLS; i++)
		put_str(o, o->ws, 1, (lxw_col_t)i, sum_cols[i].title, o->head, "表头");
	worksheet_freeze_panes(o->ws, 2, 0);
	worksheet_set_landscape(o->ws);
	worksheet_set_paper(o->ws, 9);
	worksheet_fit_to_pages(o->ws, 1, 0);
	o->row = 2;
}

int xlsx_out_open(struct xlsx_out **out, enum xlsx_shape shape, const char *path,
                  const char *title, char *err, size_t errlen)
{
	struct xlsx_out *o = calloc(1, sizeof(*o));
	lxw_workbook_options opts = { .constant_memory = shape == XLSX_FLAT || shape == XLSX_SUMMARY,
	                              .tmpdir = NULL,
	                              .use_zip64 = LXW_FALSE };
	struct strbuf tmp = STRBUF_INIT;
	int fd = -1;

	*out = NULL;
	if (!o)
		return JX_ENOMEM;
	o->shape = shape;
	o->err = err;
	o->errlen = errlen;
	sb_init(&o->sb, 0);
	sb_init(&o->name, 0);
	o->path = strdup(path);
	/* the temporary name is taken here (O_EXCL), so that no one else has
	 * it; the file gets the permissions the umask gives */
	for (int k = 0; o->path && k < 100; k++) {
		sb_reset(&tmp);
		sb_addf(&tmp, "%s.%ld-%d.tmp", path, (long)getpid(), k);
		if (tmp.err)
			break;
		fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (!o->path || tmp.err) {
		sb_release(&tmp);
		xlsx_out_close(o, false);
		return JX_ENOMEM;
	}
	if (fd < 0) {
		snprintf(err, errlen, "无法写入 %s：%s", path, strerror(errno));
		sb_release(&tmp);
		xlsx_out_close(o, false);
		return JX_EIO;
	}
	close(fd);
	o->tmp = sb_detach(&tmp, NULL);
	if (!(o->wb = workbook_new_opt(o->tmp, &opts))) {
		snprintf(err, errlen, "无法创建工作簿 %s", path);
		xlsx_out_close(o, false);
		return JX_EIO;
	}
	make_formats(o);
	if (shape == XLSX_SELFEVAL) {
		o->score = new_format(o, true, LXW_ALIGN_CENTER, false, NULL);
		o->rate = new_format(o, true, LXW_ALIGN_CENTER, false, "0.00%");
	}
	if (shape == XLSX_OVERVIEW)
		o->rate = new_format(o, false, 0, false, "0.00%");
	if (shape == XLSX_FLAT)
		start_flat(o);
	else if (shape == XLSX_SUMMARY)
		start_summary(o, title);
	if (o->rc) {
		int rc = o->rc;
		xlsx_out_close(o, false);
		return rc;
	}
	*out = o;
	return 0;
}

/* ---- the form ------------------------------------------------------------------ */

/* A sheet name from the id (none when 0) and the project name: within
 * Excel's 31 characters, without []:*?/\, not starting or ending with an
 * apostrophe, and unique in the workbook ("(2)" added when taken). */
static const char *sheet_name(struct xlsx_out *o, int64_t id, const char *project)
{
	size_t i, n = project ? strlen(project) : 0, chars, len;
	uint32_t cp;

	for (int k = 1; k < 1000; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof(suffix), "(%d)", k);
		sb_reset(&o->name);
		if (id)
			sb_addf(&o->name, "%lld ", (long long)id);
		chars = o->name.len;
		for (i = 0; i < n && chars + strlen(suffix) < SHEET_NAME_MAX; i += len) {
			if (!(len = utf8_decode(project + i, n - i, &cp))) {
				len = 1;
				continue;
			}
			if (cp < 0x20 || (cp < 0x80 && strchr("[]:*?/\\", (int)cp)) || (cp == '\'' && i + len == n))
				continue;
			sb_add(&o->name, project + i, len);
			chars++;
		}
		while (o->name.len && (o->name.buf[o->name.len - 1] == ' ' ||
		                       o->name.buf[o->name.len - 1] == '\''))
			sb_setlen(&o->name, o->name.len - 1);
		sb_adds(&o->name, suffix);
		if (o->name.err)
			return NULL;
		if (workbook_validate_sheet_name(o->wb, o->name.buf) == LXW_NO_ERROR)
			return o->name.buf;
	}
	return NULL;
}

static void form_setup(struct xlsx_out *o, lxw_worksheet *ws)
{
	for (int c = 0; c < FORM_COLS; c++)
		check(o, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, form_width[c], NULL), "列宽");
	worksheet_set_paper(ws, 9);     /* A4 */
	worksheet_set_portrait(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
}

/* The project rows: two fields a row. */
static const struct head_cell {
	enum decl_field field;
	bool date;
} head_rows[][2] = {
	{ { F_NAME, false }, { F_CATEGORY, false } },
	{ { F_DEPARTMENT, false }, { F_IMPLEMENTER, false } },
	{ { F_START, true }, { F_END, true } },
};

/* The funds block, row by row, left and right; FUND__MAX marks the place
 * the merged left 其他资金 covers. */
static const struct fund_cell {
	enum fund fund;
	const char *label;
	int rows;
} fund_grid[][2] = {
	{ { FUND_TOTAL, "项目资金总额", 1 }, { FUND_ANNUAL, "年度资金申请总额", 1 } },
	{ { FUND_TOTAL_FISCAL, "其中：财政资金", 1 }, { FUND_ANNUAL_APPROP, "其中：当年财政拨款", 1 } },
	{ { FUND_TOTAL_OTHER, "其他资金", 2 }, { FUND_ANNUAL_CARRY, "上年结转资金", 1 } },
	{ { FUND__MAX, NULL, 0 }, { FUND_ANNUAL_OTHER, "其他资金", 1 } },
};

static lxw_row_t project_rows(struct xlsx_out *o, lxw_worksheet *ws, const struct decl *d,
                              lxw_row_t r)
{
	for (size_t i = 0; i < sizeof(head_rows) / sizeof(head_rows[0]); i++, r++) {
		int lines = 1;
		for (int k = 0; k < 2; k++) {
			const struct head_cell *h = &head_rows[i][k];
			lxw_col_t lc = k ? CD : CA, vc = k ? CE : CB;
			const char *label = field_label(h->field);
			put_str(o, ws, r, lc, label, o->label, label);
			if (h->date) {
				/* the left value spans B–C: merged, the date in B */
				if (!k)
					check(o, worksheet_merge_range(ws, r, CB, r, CC, "", o->date), label);
				put_date(o, ws, r, vc, h->field == F_START ? d->start : d->end, o->date, label);
			} else {
				const char *s = flat_decl_text(d, h->field);
				int n = text_lines(s, k ? form_width[CE] : form_width[CB] + form_width[CC]);
				lines = n > lines ? n : lines;
				if (k)
					put_str(o, ws, r, vc, s, o->text, label);
				else
					put_merged(o, ws, r, CB, r, CC, s, o->text, label);
			}
		}
		if (lines > 1)
			check(o, worksheet_set_row(ws, r, height_of(lines), NULL), "行高");
	}
	return r;
}

static lxw_row_t fund_rows(struct xlsx_out *o, lxw_worksheet *ws, const struct decl *d, lxw_row_t r)
{
	size_t rows = sizeof(fund_grid) / sizeof(fund_grid[0]);

	put_merged(o, ws, r, CA, r + (lxw_row_t)rows - 1, CA, "项目资金（元）", o->label, "项目资金");
	for (size_t i = 0; i < rows; i++) {
		for (int k = 0; k < 2; k++) {
			const struct fund_cell *f = &fund_grid[i][k];
			lxw_col_t lc = k ? CD : CB, vc = k ? CE : CC;
			lxw_row_t last = r + (lxw_row_t)i + (lxw_row_t)f->rows - 1;
			const char *what;
			if (f->fund == FUND__MAX)
				continue;
			what = field_label(fund_field(f->fund));
			put_merged(o, ws, r + (lxw_row_t)i, lc, last, lc, f->label, o->label, what);
			if (f->rows > 1)
				check(o, worksheet_merge_range(ws, r + (lxw_row_t)i, vc, last, vc, "", o->amount),
				      what);
			put_amount(o, ws, r + (lxw_row_t)i, vc, d->funds[f->fund], o->amount, what);
		}
	}
	return r + (lxw_row_t)rows;
}

static lxw_row_t goal_rows(struct xlsx_out *o, lxw_worksheet *ws, const struct decl *d, lxw_row_t r)
{
	struct strbuf head = STRBUF_INIT;
	int lines = text_lines(d->overall, form_width[CB] + form_width[CC]);
	int l2 = text_lines(d->annual_goal, form_width[CD] + form_width[CE]);
	double height;
	lxw_row_t k, n;

	if (l2 > lines)
		lines = l2;
	height = height_of(lines);
	n = (lxw_row_t)(height / ROW_MAX_PT) + 1;
	sb_adds(&head, "项目总目标");
	if (d->overall_from || d->overall_to) {
		sb_adds(&head, " (");
		if (d->overall_from)
			sb_addf(&head, "%d年", d->overall_from);
		sb_adds(&head, " - ");
		if (d->overall_to)
			sb_addf(&head, "%d年", d->overall_to);
		sb_adds(&head, ")");
	}
	put_merged(o, ws, r, CA, r + n, CA, "项目绩效目标", o->label, "项目绩效目标");
	put_merged(o, ws, r, CB, r, CC, head.err ? "项目总目标" : head.buf, o->label, "项目总目标");
	put_merged(o, ws, r, CD, r, CE, "年度总目标", o->label, "年度总目标");
	put_merged(o, ws, r + 1, CB, r + n, CC, d->overall, o->goal, "项目总目标");
	put_merged(o, ws, r + 1, CD, r + n, CE, d->annual_goal, o->goal, "年度总目标");
	for (k = 1; k <= n; k++)
		check(o, worksheet_set_row(ws, r + k, height / n, NULL), "行高");
	sb_release(&head);
	return r + n + 1;
}

/* ---- the indicator table: rows as the tree orders them ------------------- */

struct ind_row {
	long ind;               /* index in d->ind, or -1 for an empty category */
	const char *l1, *l2;
};

static bool in_tree(const struct profile *p, const struct indicator *in)
{
	const struct profile_level1 *l1;

	if (!p || !in->level1 || !(l1 = profile_level1(p, in->level1)))
		return false;
	return profile_in((const char *const *)l1->level2, l1->n_level2, in->level2 ? in->level2 : "");
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static size_t add_group(struct ind_row *rows, size_t n, const struct decl *d,
                        const struct profile *p, bool extra, const char *l1, const char *l2)
{
	size_t start = n;

	for (size_t i = 0; i < d->n_ind; i++)
		if (in_tree(p, &d->ind[i]) != extra && same(d->ind[i].level1, l1) &&
		    same(d->ind[i].level2, l2))
			rows[n++] = (struct ind_row){ (long)i, l1, l2 };
	if (n == start)
		rows[n++] = (struct ind_row){ -1, l1, l2 };
	return n;
}

/* The table's rows: the tree's categories in order, each with its
 * indicators or one blank row, then indicators outside the tree grouped by
 * 一级 and 二级 in the order they first appear. */
static size_t table_rows(struct ind_row *rows, const struct decl *d, const struct profile *p)
{
	size_t n = 0, i, k, j;

	for (size_t t = 0; p && t < p->n_tree; t++) {
		const struct profile_level1 *l1 = &p->tree[t];
		for (k = 0; k < l1->n_level2; k++)
			n = add_group(rows, n, d, p, false, l1->name, l1->level2[k]);
		if (!l1->n_level2)
			rows[n++] = (struct ind_row){ -1, l1->name, "" };
	}
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		bool first = !in_tree(p, in);
		for (j = 0; j < i && first; j++)
			first = in_tree(p, &d->ind[j]) || !same(d->ind[j].level1, in->level1);
		if (!first)
			continue;
		for (k = i; k < d->n_ind; k++) {
			const struct indicator *ik = &d->ind[k];
			bool first2 = !in_tree(p, ik) && same(ik->level1, in->level1);
			for (j = i; j < k && first2; j++)
				first2 = in_tree(p, &d->ind[j]) || !same(d->ind[j].level1, ik->level1) ||
				         !same(d->ind[j].level2, ik->level2);
			if (first2)
				n = add_group(rows, n, d, p, true, in->level1, ik->level2);
		}
	}
	return n;
}

static void indicator_rows(struct xlsx_out *o, lxw_worksheet *ws, const struct decl *d,
                           const struct profile *p, lxw_row_t r)
{
	static const char *const heads[] = { "一级指标", "二级指标", "三级指标", "年度指标值" };
	size_t cap = d->n_ind + 16, n, i, j;
	struct ind_row *rows;

	for (size_t t = 0; p && t < p->n_tree; t++)
		cap += p->tree[t].n_level2 + 1;
	if (!(rows = calloc(cap, sizeof(*rows)))) {
		fail(o, JX_ENOMEM, "内存不足");
		return;
	}
	n = table_rows(rows, d, p);
	put_merged(o, ws, r, CA, r + (lxw_row_t)n, CA, "绩效指标", o->label, "绩效指标");
	for (i = 0; i < 4; i++)
		put_str(o, ws, r, (lxw_col_t)(CB + i), heads[i], o->label, heads[i]);
	r++;
	/* 一级 and 二级 cells merged down over their runs */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && same(rows[j].l1, rows[i].l1); j++)
			;
		put_merged(o, ws, r + (lxw_row_t)i, CB, r + (lxw_row_t)j - 1, CB, rows[i].l1, o->center,
		           "一级指标");
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && same(rows[j].l1, rows[i].l1) && same(rows[j].l2, rows[i].l2); j++)
			;
		put_merged(o, ws, r + (lxw_row_t)i, CC, r + (lxw_row_t)j - 1, CC, rows[i].l2, o->center,
		           "二级指标");
	}
	for (i = 0; i < n; i++) {
		const struct indicator *in = rows[i].ind >= 0 ? &d->ind[rows[i].ind] : NULL;
		int lines = 1, k;
		put_str(o, ws, r + (lxw_row_t)i, CD, in ? in->name : "", o->text, "三级指标");
		put_str(o, ws, r + (lxw_row_t)i, CE, in ? in->value : "", o->text, "年度指标值");
		if (in) {
			lines = text_lines(in->name, form_width[CD]);
			k = text_lines(in->value, form_width[CE]);
			lines = k > lines ? k : lines;
		}
		k = text_lines(rows[i].l2, form_width[CC]);
		lines = k > lines ? k : lines;
		if (lines > 1)
			check(o, worksheet_set_row(ws, r + (lxw_row_t)i, height_of(lines), NULL), "行高");
	}
	free(rows);
}

int xlsx_out_form(struct xlsx_out *o, const struct decl *d, int64_t id, const struct profile *p)
{
	lxw_worksheet *ws;
	const char *name;
	char year[32];
	lxw_row_t r = 0;

	if (o->rc)
		return o->rc;
	if (++o->sheets > XLSX_SHEETS_MAX) {
		fail(o, JX_ETOOBIG, "一个工作簿最多 %u 个工作表（申报表），更多请用 xlsx-flat 格式",
		     XLSX_SHEETS_MAX);
		return o->rc;
	}
	if (!(name = sheet_name(o, id, d->name))) {
		fail(o, JX_ENOMEM, "无法为申报表 %lld 命名工作表", (long long)id);
		return o->rc;
	}
	if (!(ws = workbook_add_worksheet(o->wb, name))) {
		fail(o, JX_ENOMEM, "内存不足");
		return o->rc;
	}
	form_setup(o, ws);
	check(o, worksheet_set_row(ws, r, 30, NULL), "行高");
	put_merged(o, ws, r, CA, r, CE, "财政项目支出绩效目标申报表", o->title, "标题");
	r++;
	if (d->year)
		snprintf(year, sizeof(year), "(%d年度)", d->year);
	else
		snprintf(year, sizeof(year), "(年度)");
	put_merged(o, ws, r, CA, r, CE, year, o->year, "年度");
	r++;
	r = project_rows(o, ws, d, r);
	r = fund_rows(o, ws, d, r);
	r = goal_rows(o, ws, d, r);
	indicator_rows(o, ws, d, p, r);
	if (o->rc == JX_ETOOBIG || o->rc == JX_EIO) {
		/* name the declaration in the reason */
		size_t len = strlen(o->err);
		snprintf(o->err + len, o->errlen - len, "（申报表 %lld：%s）", (long long)id,
		         d->name ? d->name : "");
	}
	return o->rc;
}

/* ---- the self-evaluation table (selfeval_layout.h) --------------------------- */

/* The sheet's width in characters, shared by the columns as the layout
 * shares the table's. */
#define SELFEVAL_CHARS 130.0

static double se_width(unsigned c0, unsigned c1)
{
	double w = 0;

	for (unsigned c = c0; c < c1; c++)
		w += se_col_width[c] * SELFEVAL_CHARS / 1000;
	return w;
}

/* One cell of the layout over sheet rows r1..r2. */
static void se_put(struct xlsx_out *o, lxw_worksheet *ws, const struct se_cell *c, lxw_row_t r1,
                   lxw_row_t r2)
{
	lxw_format *const fmt[SE__KINDS] = {
		[SE_LABEL] = o->label,   [SE_BLOCK] = o->label, [SE_TEXT] = o->text,
		[SE_CENTER] = o->center, [SE_GOAL] = o->goal,   [SE_AMOUNT] = o->amount,
		[SE_SCORE] = o->score,   [SE_RATE] = o->rate,
	};
	lxw_col_t c1 = c->c0, c2 = (lxw_col_t)(c->c1 - 1);
	const char *what = c->what ? c->what : c->text;
	double v;

	switch (c->kind) {
	case SE_AMOUNT:
	case SE_SCORE:
	case SE_RATE:
		if (!*c->text) {
			put_merged(o, ws, r1, c1, r2, c2, "", fmt[c->kind], what);
			return;
		}
		v = c->kind == SE_AMOUNT ? (double)c->num / 100.0   /* fen, see the header */
		    : c->kind == SE_SCORE ? (double)c->num / 100.0  /* hundredths of a point */
		                          : (double)c->num / 10000.0;   /* hundredths of a percent */
		if (r1 != r2 || c1 != c2)
			check(o, worksheet_merge_range(ws, r1, c1, r2, c2, "", fmt[c->kind]), what);
		check(o, worksheet_write_number(ws, r1, c1, v, fmt[c->kind]), what);
		return;
	default:
		put_merged(o, ws, r1, c1, r2, c2, c->noted ? c->noted : c->text, fmt[c->kind], what);
		return;
	}
}

int xlsx_out_selfeval(struct xlsx_out *o, const struct selfeval *se, const struct score_output *so)
{
	struct se_layout t;
	lxw_worksheet *ws;
	lxw_row_t *first = NULL, *n = NULL, r = 0;
	double *height = NULL;
	const char *name;
	int rc;

	if (o->rc)
		return o->rc;
	assert(o->shape == XLSX_SELFEVAL);
	if ((rc = se_layout_build(&t, se, so))) {
		fail(o, rc, "内存不足");
		goto out;
	}
	if (++o->sheets > XLSX_SHEETS_MAX) {
		fail(o, JX_ETOOBIG, "一个工作簿最多 %u 个工作表", XLSX_SHEETS_MAX);
		goto out;
	}
	first = calloc(t.n_rows + 1, sizeof(*first));
	n = calloc(t.n_rows + 1, sizeof(*n));
	height = calloc(t.n_rows + 1, sizeof(*height));
	if (!first || !n || !height || !(name = sheet_name(o, 0, *t.name ? t.name : "自评表")) ||
	    !(ws = workbook_add_worksheet(o->wb, name))) {
		fail(o, JX_ENOMEM, "内存不足");
		goto out;
	}
	for (lxw_col_t c = 0; c < SEC__MAX; c++)
		check(o, worksheet_set_column(ws, c, c, se_width(c, c + 1U), NULL), "列宽");
	worksheet_set_paper(ws, 9);     /* A4 */
	worksheet_set_portrait(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	check(o, worksheet_set_row(ws, r, 30, NULL), "行高");
	put_merged(o, ws, r, 0, r, SEC__MAX - 1, t.title, o->title, "标题");
	r++;
	put_merged(o, ws, r, 0, r, SEC__MAX - 1, t.year, o->year, "年度");
	r++;

	/* each row's height from its one-row cells' text; a goal taller than
	 * Excel allows a row is spread over several rows, merged */
	for (size_t i = 0; i < t.n_rows; i++) {
		const struct se_row *row = &t.rows[i];
		int lines = 1;
		for (size_t k = row->cell0; k < row->cell0 + row->n_cells; k++) {
			const struct se_cell *c = &t.cells[k];
			int l = c->rows == 1 ? text_lines(c->noted ? c->noted : c->text, se_width(c->c0, c->c1)) : 1;
			lines = l > lines ? l : lines;
		}
		height[i] = lines > 1 ? height_of(lines) : 0;
		n[i] = (lxw_row_t)(height[i] / ROW_MAX_PT) + 1;
		first[i] = r;
		r += n[i];
	}
	if (r > LXW_ROW_MAX) {
		fail(o, JX_ETOOBIG, "自评表超过 Excel 的行数上限");
		goto out;
	}
	for (size_t i = 0; i < t.n_rows && !o->rc; i++) {
		const struct se_row *row = &t.rows[i];
		for (lxw_row_t k = 0; k < n[i] && height[i] > 0; k++)
			check(o, worksheet_set_row(ws, first[i] + k, height[i] / n[i], NULL), "行高");
		for (size_t k = row->cell0; k < row->cell0 + row->n_cells; k++) {
			const struct se_cell *c = &t.cells[k];
			size_t last = i + c->rows - 1;
			assert(last < t.n_rows);
			se_put(o, ws, c, first[i], first[last] + n[last] - 1);
		}
	}
out:
	if (o->rc == JX_ETOOBIG || o->rc == JX_EIO) {
		/* name the project in the reason */
		size_t len = strlen(o->err);
		snprintf(o->err + len, o->errlen - len, "（自评表：%s）", se->decl.name ? se->decl.name : "");
	}
	free(first);
	free(n);
	free(height);
	se_layout_release(&t);
	return o->rc;
}

/* ---- the overview ------------------------------------------------------------- */

static void overview_row(struct xlsx_out *o, lxw_row_t r, const struct ov_row *row, bool total)
{
	for (int c = 0; c < OVC__MAX && !o->rc; c++) {
		struct ov_value v = ov_value(row, (enum ov_column)c);
		const char *what = ov_columns[c].title;
		lxw_format *f = total ? o->total : o->cell;
		if (v.blank) {
			check(o, worksheet_write_blank(o->ws, r, (lxw_col_t)c, f), what);
			continue;
		}
		switch (ov_columns[c].kind) {
		case OVK_TEXT:
			put_str(o, o->ws, r, (lxw_col_t)c, v.text, f, what);
			break;
		case OVK_INT:
			check(o, worksheet_write_number(o->ws, r, (lxw_col_t)c, (double)v.n, f), what);
			break;
		case OVK_MONEY:
			check(o, worksheet_write_number(o->ws, r, (lxw_col_t)c, (double)v.n / 100.0,
			                                total ? o->total_amount : o->cell_amount), what);
			break;
		case OVK_RATE:
			check(o, worksheet_write_number(o->ws, r, (lxw_col_t)c, (double)v.n / 10000.0, o->rate),
			      what);
			break;
		}
	}
}

int xlsx_out_overview(struct xlsx_out *o, const struct ov_row *rows, size_t n,
                      const struct ov_row *total)
{
	lxw_row_t r = 3;
	int c, first;

	if (!(o->ws = workbook_add_worksheet(o->wb, "概览"))) {
		fail(o, JX_ENOMEM, "内存不足");
		return o->rc;
	}
	put_merged(o, o->ws, 0, 0, 0, OVC__MAX - 1, "项目支出绩效概览", o->title, "标题");
	check(o, worksheet_set_row(o->ws, 0, 28, NULL), "行高");
	for (c = 0; c < OVC__MAX && !o->rc; c = first) {
		enum ov_group g = ov_columns[c].group;
		double width = ov_columns[c].kind == OVK_MONEY ? 18 : ov_columns[c].kind == OVK_TEXT ? 16 : 8;
		check(o, worksheet_set_column(o->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL), "列宽");
		if (g == OVG_KEY) {
			put_merged(o, o->ws, 1, (lxw_col_t)c, 2, (lxw_col_t)c, ov_columns[c].title, o->head, "表头");
			first = c + 1;
			continue;
		}
		for (first = c; first < OVC__MAX && ov_columns[first].group == g; first++) {
			width = ov_columns[first].kind == OVK_MONEY ? 18 : 8;
			check(o, worksheet_set_column(o->ws, (lxw_col_t)first, (lxw_col_t)first, width, NULL),
			      "列宽");
			put_str(o, o->ws, 2, (lxw_col_t)first, ov_columns[first].title, o->head, "表头");
		}
		put_merged(o, o->ws, 1, (lxw_col_t)c, 1, (lxw_col_t)(first - 1), ov_group_name(g), o->head,
		           "表头");
	}
	worksheet_freeze_panes(o->ws, 3, 2);
	for (size_t i = 0; i < n && !o->rc; i++)
		overview_row(o, r++, &rows[i], false);
	if (!o->rc)
		overview_row(o, r, total, true);
	worksheet_set_landscape(o->ws);
	worksheet_set_paper(o->ws, 9);
	worksheet_fit_to_pages(o->ws, 1, 0);
	return o->rc;
}

/* ---- the flat layout ---------------------------------------------------------- */

static const char *const kind_names[] = {
	[TARGET_EMPTY] = "空", [TARGET_NUMERIC] = "数值",
	[TARGET_DEADLINE] = "时限", [TARGET_QUALITATIVE] = "定性",
};
static const char *const op_names[] = {
	[OP_EQ] = "=", [OP_GE] = "≥", [OP_LE] = "≤", [OP_GT] = ">", [OP_LT] = "<",
};

static void flat_cell(struct xlsx_out *o, const struct decl *d, int64_t id,
                      const struct indicator *in, int col)
{
	const struct flat_column *fc = &flat_columns[col];
	lxw_worksheet *ws = o->ws;
	lxw_row_t r = o->row;
	lxw_col_t c = (lxw_col_t)col;

	switch (fc->kind) {
	case FK_ID:
		put_int(o, ws, r, c, id, o->cell, fc->title);
		break;
	case FK_YEAR:
		put_int(o, ws, r, c, d->year, o->cell, fc->title);
		break;
	case FK_TEXT:
	case FK_GOAL:
		put_str(o, ws, r, c, flat_decl_text(d, (enum decl_field)fc->arg), o->cell_wrap, fc->title);
		break;
	case FK_DATE:
		put_date(o, ws, r, c, fc->arg == F_START ? d->start : d->end, o->cell_date, fc->title);
		break;
	case FK_AMOUNT:
		put_amount(o, ws, r, c, d->funds[fc->arg], o->cell_amount, fc->title);
		break;
	case FK_GOAL_YEAR:
		put_int(o, ws, r, c, fc->arg ? d->overall_to : d->overall_from, o->cell, fc->title);
		break;
	case FK_INDICATOR:
		if (in) {
			const char *v[4] = { in->level1, in->level2, in->name, in->value };
			put_str(o, ws, r, c, v[fc->arg], o->cell, fc->title);
		}
		break;
	case FK_DERIVED:
		if (!in)
			break;
		switch ((enum flat_derived)fc->arg) {
		case FD_KIND:
			if ((unsigned)in->target.kind < sizeof(kind_names) / sizeof(kind_names[0]))
				put_str(o, ws, r, c, kind_names[in->target.kind], o->cell, fc->title);
			break;
		case FD_OP:
			if (in->target.kind == TARGET_NUMERIC &&
			    (unsigned)in->target.op < sizeof(op_names) / sizeof(op_names[0]))
				put_str(o, ws, r, c, op_names[in->target.op], o->cell, fc->title);
			break;
		case FD_NUMBER:
			/* a target quantity, not money: a double is what analysis wants */
			if (in->target.kind == TARGET_NUMERIC && in->target.number)
				check(o, worksheet_write_number(ws, r, c, strtod(in->target.number, NULL), o->cell),
				      fc->title);
			break;
		case FD_UNIT:
			if (in->target.kind == TARGET_NUMERIC && in->target.unit && *in->target.unit)
				put_str(o, ws, r, c, in->target.unit, o->cell, fc->title);
			break;
		case FD_BY:
			if (in->target.kind == TARGET_DEADLINE)
				put_date(o, ws, r, c, in->target.by, o->cell_date, fc->title);
			break;
		}
		break;
	}
}

int xlsx_out_flat(struct xlsx_out *o, const struct decl *d, int64_t id)
{
	size_t i = 0;

	do {
		const struct indicator *in = d->n_ind ? &d->ind[i] : NULL;
		if (o->row >= LXW_ROW_MAX) {
			fail(o, JX_ETOOBIG, "指标行超过 Excel 的 %u 行上限", LXW_ROW_MAX);
			return o->rc;
		}
		for (int c = 0; c < FC__MAX && !o->rc; c++)
			flat_cell(o, d, id, in, c);
		o->row++;
	} while (++i < d->n_ind && !o->rc);
	return o->rc;
}

/* ---- the summary ----------------------------------------------------------------- */

int xlsx_out_summary(struct xlsx_out *o, const struct xlsx_summary *s)
{
	const struct decl *d = s->d;
	lxw_worksheet *ws = o->ws;
	lxw_row_t r = o->row;

	if (o->row >= LXW_ROW_MAX - 1) {
		fail(o, JX_ETOOBIG, "申报表超过 Excel 的行数上限");
		return o->rc;
	}
	for (size_t i = 0; i < SUM_COLS && !o->rc; i++) {
		const struct sum_col *c = &sum_cols[i];
		lxw_col_t col = (lxw_col_t)i;
		switch (c->kind) {
		case SK_ID:
			put_int(o, ws, r, col, s->id, o->cell, c->title);
			break;
		case SK_YEAR:
			put_int(o, ws, r, col, d->year, o->cell, c->title);
			break;
		case SK_TEXT:
			put_str(o, ws, r, col, flat_decl_text(d, (enum decl_field)c->arg), o->cell_wrap, c->title);
			break;
		case SK_AMOUNT:
			put_amount(o, ws, r, col, d->funds[c->arg], o->cell_amount, c->title);
			if (d->funds[c->arg].set)
				o->sum[c->arg] += d->funds[c->arg].fen;
			break;
		case SK_INDICATORS:
			check(o, worksheet_write_number(ws, r, col, (double)d->n_ind, o->cell), c->title);
			break;
		case SK_STATE:
			put_str(o, ws, r, col, s->state, o->cell, c->title);
			break;
		case SK_VERDICT:
			put_str(o, ws, r, col, s->verdict, o->cell, c->title);
			break;
		case SK_ERRORS:
		case SK_WARNINGS: {
			int v = c->kind == SK_ERRORS ? s->n_error : s->n_warning;
			if (v >= 0)
				check(o, worksheet_write_number(ws, r, col, v, o->cell), c->title);
			break;
		}
		}
	}
	o->row++;
	return o->rc;
}

/* The summary's last row: the number of declarations and the sums, as
 * formulas with their values (summed in fen, exactly). */
static void summary_total(struct xlsx_out *o)
{
	struct strbuf f = STRBUF_INIT;
	lxw_row_t r = o->row;
	char label[64];

	snprintf(label, sizeof(label), "合计（%u 份）", (unsigned)(r - 2));
	put_merged(o, o->ws, r, 0, r, 5, label, o->total, "合计");
	for (size_t i = 0; i < SUM_COLS; i++) {
		if (sum_cols[i].kind != SK_AMOUNT)
			continue;
		sb_reset(&f);
		sb_adds(&f, "=SUM(");
		xlsx_col_name(&f, (uint32_t)i);
		sb_adds(&f, "3:");
		xlsx_col_name(&f, (uint32_t)i);
		sb_addf(&f, "%u)", (unsigned)r);
		if (f.err) {
			fail(o, JX_ENOMEM, "内存不足");
			break;
		}
		check(o, worksheet_write_formula_num(o->ws, r, (lxw_col_t)i, f.buf, o->total_amount,
		                                     (double)o->sum[sum_cols[i].arg] / 100.0),
		      "合计");
	}
	sb_release(&f);
}

int xlsx_out_close(struct xlsx_out *o, bool ok)
{
	int rc = 0;
	lxw_error e;

	if (!o)
		return 0;
	if (ok && o->wb && !o->rc) {
		if (o->shape == XLSX_FLAT && o->row > 1)
			check(o, worksheet_autofilter(o->ws, 0, 0, o->row - 1, FC__MAX - 1), "筛选");
		else if (o->shape == XLSX_SUMMARY && o->row > 2)
			summary_total(o);
		if ((o->shape == XLSX_FORM || o->shape == XLSX_SELFEVAL) && !o->sheets && !o->rc) {
			/* a workbook needs a sheet: say there was nothing */
			bool form = o->shape == XLSX_FORM;
			lxw_worksheet *ws = workbook_add_worksheet(o->wb, form ? "申报表" : "自评表");
			if (ws)
				put_str(o, ws, 0, 0, form ? "没有申报表" : "没有自评表", NULL, "说明");
		}
	}
	if (o->wb) {
		if (ok && !o->rc) {
			if ((e = workbook_close(o->wb)) != LXW_NO_ERROR)
				fail(o, JX_EIO, "写出 %s 失败：%s", o->path, lxw_strerror(e));
		} else {
			lxw_workbook_free(o->wb);
		}
		o->wb = NULL;
	}
	rc = ok ? o->rc : 0;
	if (o->tmp) {
		if (ok && !rc && rename(o->tmp, o->path) != 0) {
			snprintf(o->err, o->errlen, "无法写入 %s：%s", o->path, strerror(errno));
			rc = JX_EIO;
		}
		if (!ok || rc)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	sb_release(&o->sb);
	sb_release(&o->name);
	free(o);
	return rc;
}

void xlsx_escape_text(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEFabcdef";

	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x' && strspn(p + 2, hex) >= 4 && p[6] == '_')
			sb_adds(out, "_x005F_");
		else
			sb_addc(out, *p);
	}
}
