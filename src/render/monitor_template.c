/*
 * monitor_template.c: the monitoring table's template (monitor_template.h),
 * its rows and columns from score/monitor_table.def, as CSV and as XLSX.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../parse/scalar.h"
#include "../score/monitor.h"
#include "../score/monitor_read.h"
#include "../util/csv_cell.h"
#include "../util/err.h"
#include "monitor_template.h"
#include "xlsx_write.h"

#define TITLE "项目支出绩效运行监控表"
#define NOTE "填写说明：“截至目前完成值”“预计年末完成值”：数量类指标填数字（可带指标的单位，" \
             "百分比可写 85%），时限类指标填日期，其余填文字，尚不清楚的留空；“偏差原因”从经费保障、" \
             "制度保障、人员保障、硬件条件保障、其他中选择，无偏差留空；“完成可能性”从确定能、有可能、" \
             "完全不可能中选择。请勿改动三级指标的名称。"

/* What the template writes in each label's value cell. */
struct label_values {
	const char *text[MLB__MAX];     /* for CSV, and ML_TEXT in a sheet */
	struct date as_of;
	struct amount budget;
};

static void label_values(const struct decl *d, struct label_values *v, char budget[32],
                         char as_of[11])
{
	memset(v, 0, sizeof(*v));
	v->as_of = (struct date){ d->year, 7, 31 };
	v->budget = d->funds[FUND_ANNUAL];
	date_format(as_of, v->as_of);
	budget[0] = '\0';
	if (v->budget.set)
		amount_format(budget, v->budget.fen);
	v->text[MLB_PROJECT] = d->name;
	v->text[MLB_AS_OF] = as_of;
	v->text[MLB_BUDGET] = budget;
	v->text[MLB_EXECUTED] = "";
}

/* The text of column c for indicator in ("" for the unit's columns). */
static const char *column_text(const struct indicator *in, enum monitor_col c)
{
	switch (c) {
	case MC_L1:
		return in->level1;
	case MC_L2:
		return in->level2;
	case MC_L3:
		return in->name;
	case MC_VALUE:
		return in->value;
	default:
		return "";
	}
}

/* ---- CSV (every cell through csv_cell_add: no formula reaches a spreadsheet) --- */

int monitor_template_csv(struct strbuf *out, const struct decl *d)
{
	struct label_values v;
	char budget[32], as_of[11];

	label_values(d, &v, budget, as_of);
	sb_adds(out, "\xef\xbb\xbf" TITLE "\r\n");
	for (int l = 0; l < MLB__MAX; l++) {
		csv_cell_add(out, monitor_labels[l].title, true, ',');
		csv_cell_add(out, v.text[l], false, ',');
		sb_adds(out, "\r\n");
	}
	sb_adds(out, "\r\n");
	for (int c = 0; c < MC__MAX; c++)
		csv_cell_add(out, monitor_cols[c].title, c == 0, ',');
	sb_adds(out, "\r\n");
	for (size_t i = 0; i < d->n_ind; i++) {
		for (int c = 0; c < MC__MAX; c++)
			csv_cell_add(out, column_text(&d->ind[i], (enum monitor_col)c), c == 0, ',');
		sb_adds(out, "\r\n");
	}
	return out->err ? JX_ENOMEM : 0;
}

/* ---- XLSX --------------------------------------------------------------------- */

struct sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct strbuf sb;
	lxw_error e;                /* the first failure */
	lxw_format *title, *label, *text, *amount, *date, *head, *cell, *input, *input_amount,
	           *note;
};

static void note_error(struct sheet *s, lxw_error e)
{
	if (e != LXW_NO_ERROR && s->e == LXW_NO_ERROR)
		s->e = e;
}

static const char *esc(struct sheet *s, const char *text)
{
	sb_reset(&s->sb);
	xlsx_escape_text(&s->sb, text ? text : "");
	return s->sb.err ? "" : s->sb.buf;
}

static void put(struct sheet *s, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f)
{
	if (text && *text)
		note_error(s, worksheet_write_string(s->ws, r, c, esc(s, text), f));
	else
		note_error(s, worksheet_write_blank(s->ws, r, c, f));
}

static void put_merged(struct sheet *s, lxw_row_t r, lxw_col_t c1, lxw_col_t c2, const char *text,
                       lxw_format *f)
{
	note_error(s, worksheet_merge_range(s->ws, r, c1, r, c2, esc(s, text), f));
}

static lxw_format *format(struct sheet *s, bool border, uint8_t align, bool wrap, const char *num,
                          uint32_t bg)
{
	lxw_format *f = workbook_add_format(s->wb);

	if (!f) {
		note_error(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 11);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (align)
		format_set_align(f, align);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (wrap)
		format_set_text_wrap(f);
	if (num)
		format_set_num_format(f, num);
	if (bg)
		format_set_bg_color(f, bg);
	return f;
}

/* A list the cells of column c offer, over the indicator rows. */
static void offer(struct sheet *s, lxw_row_t r1, lxw_row_t r2, lxw_col_t c, const char **list,
                  const char *title, const char *message)
{
	lxw_data_validation v = { 0 };

	v.validate = LXW_VALIDATION_TYPE_LIST;
	v.value_list = (char **)list;
	v.ignore_blank = LXW_VALIDATION_ON;
	v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	v.error_title = (char *)title;
	v.error_message = (char *)message;
	note_error(s, worksheet_data_validation_range(s->ws, r1, c, r2, c, &v));
}

static void write_sheet(struct sheet *s, const struct decl *d)
{
	const char *reasons[DEV__MAX + 1], *likely[LIKELY__MAX + 1];
	struct label_values v;
	char budget[32], as_of[11], title[64];
	lxw_datetime dt;
	lxw_row_t r = 0, first;
	int k = 0;

	label_values(d, &v, budget, as_of);
	s->title = format(s, false, LXW_ALIGN_CENTER, false, NULL, 0);
	s->label = format(s, true, LXW_ALIGN_LEFT, true, NULL, 0);
	s->text = format(s, true, LXW_ALIGN_LEFT, true, NULL, 0);
	s->amount = format(s, true, LXW_ALIGN_RIGHT, false, "#,##0.00", 0);
	s->date = format(s, true, LXW_ALIGN_LEFT, false, "yyyy-mm-dd", 0xFFF2CC);
	s->head = format(s, true, LXW_ALIGN_CENTER, true, NULL, 0xDDEBF7);
	s->cell = format(s, true, LXW_ALIGN_LEFT, true, NULL, 0);
	s->input = format(s, true, LXW_ALIGN_LEFT, true, NULL, 0xFFF2CC);
	s->input_amount = format(s, true, LXW_ALIGN_RIGHT, false, "#,##0.00", 0xFFF2CC);
	s->note = format(s, false, LXW_ALIGN_LEFT, true, NULL, 0);
	if (s->e)
		return;
	format_set_bold(s->title);
	format_set_font_size(s->title, 16);
	format_set_bold(s->head);
	for (int c = 0; c < MC__MAX; c++)
		note_error(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
		                                   monitor_cols[c].width, NULL));
	snprintf(title, sizeof(title), "%s（%d年度）", TITLE, d->year);
	note_error(s, worksheet_set_row(s->ws, r, 28, NULL));
	put_merged(s, r++, 0, MC__MAX - 1, title, s->title);
	for (int l = 0; l < MLB__MAX; l++, r++) {
		put_merged(s, r, 0, 1, monitor_labels[l].title, s->label);
		switch (monitor_labels[l].kind) {
		case ML_TEXT:
			put_merged(s, r, 2, MC__MAX - 1, v.text[l], s->text);
			break;
		case ML_DATE:
			dt = (lxw_datetime){ v.as_of.y, (uint8_t)v.as_of.m, (uint8_t)v.as_of.d, 0, 0, 0 };
			note_error(s, worksheet_write_datetime(s->ws, r, 2, &dt, s->date));
			break;
		case ML_AMOUNT:
			if (l == MLB_BUDGET && v.budget.set)
				note_error(s, worksheet_write_number(s->ws, r, 2, (double)v.budget.fen / 100.0,
				                                     s->input_amount));
			else
				note_error(s, worksheet_write_blank(s->ws, r, 2, s->input_amount));
			break;
		}
	}
	r++;
	for (int c = 0; c < MC__MAX; c++)
		put(s, r, (lxw_col_t)c, monitor_cols[c].title, s->head);
	worksheet_freeze_panes(s->ws, r + 1, 0);
	first = ++r;
	for (size_t i = 0; i < d->n_ind; i++, r++)
		for (int c = 0; c < MC__MAX; c++)
			put(s, r, (lxw_col_t)c, column_text(&d->ind[i], (enum monitor_col)c),
			    monitor_cols[c].filled ? s->input : s->cell);
	if (r > first) {
		for (int i = DEV_NONE + 1; i < DEV__MAX; i++)
			reasons[k++] = deviation_name((enum deviation)i);
		reasons[k] = NULL;
		for (k = 0; k < LIKELY__MAX; k++)
			likely[k] = likelihood_name((enum likelihood)k);
		likely[k] = NULL;
		offer(s, first, r - 1, MC_REASON, reasons, "偏差原因", "请从列表中选择，无偏差留空");
		offer(s, first, r - 1, MC_LIKELIHOOD, likely, "完成可能性", "请从列表中选择");
	}
	note_error(s, worksheet_set_row(s->ws, ++r, 48, NULL));
	put_merged(s, r, 0, MC__MAX - 1, NOTE, s->note);
	worksheet_set_landscape(s->ws);
	worksheet_set_paper(s->ws, 9);
	worksheet_fit_to_pages(s->ws, 1, 0);
}

int monitor_template_xlsx(struct strbuf *out, const struct decl *d, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	struct sheet s = { 0 };
	lxw_error e;
	int fd, rc;

	sb_addf(&path, "%s/jixiao-monitor-XXXXXX", dir && *dir ? dir : "/tmp");
	if (path.err)
		return JX_ENOMEM;
	if ((fd = mkstemp(path.buf)) < 0) {
		snprintf(err, errlen, "无法创建临时文件：%s", strerror(errno));
		sb_release(&path);
		return JX_EIO;
	}
	close(fd);
	sb_init(&s.sb, 0);
	if (!(s.wb = workbook_new(path.buf)) || !(s.ws = workbook_add_worksheet(s.wb, "运行监控"))) {
		rc = JX_ENOMEM;
		snprintf(err, errlen, "内存不足");
		if (s.wb)
			lxw_workbook_free(s.wb);
		goto out;
	}
	write_sheet(&s, d);
	if (s.e || s.sb.err) {
		lxw_workbook_free(s.wb);
		rc = s.e == LXW_ERROR_MEMORY_MALLOC_FAILED || s.sb.err ? JX_ENOMEM : JX_EIO;
		snprintf(err, errlen, "写出监控表模板失败：%s", s.sb.err ? "内存不足" : lxw_strerror(s.e));
		goto out;
	}
	if ((e = workbook_close(s.wb)) != LXW_NO_ERROR) {
		rc = JX_EIO;
		snprintf(err, errlen, "写出监控表模板失败：%s", lxw_strerror(e));
		goto out;
	}
	if ((rc = sb_add_file(out, path.buf)))
		snprintf(err, errlen, "无法读回监控表模板：%s", rc == JX_ENOMEM ? "内存不足" : strerror(errno));
out:
	unlink(path.buf);
	sb_release(&s.sb);
	sb_release(&path);
	return rc;
}
