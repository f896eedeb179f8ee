/*
 * selfeval_layout.h: the self-evaluation table (selfeval_table.h) as a grid
 * of rows and cells, built once from the input and its score and drawn by
 * the three views: HTML (selfeval_html.c), PDF (form_pdf.c) and XLSX
 * (xlsx_write.c).  The texts, numbers, spans and page-break hints are
 * decided here; fonts, borders and units of length there.  Private to
 * src/render/.
 */
#ifndef JX_SELFEVAL_LAYOUT_H
#define JX_SELFEVAL_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "../parse/selfeval_read.h"
#include "../score/score.h"
#include "../util/arena.h"

/* The nine columns, left to right: those of the indicator table, which the
 * other blocks share (the funds row's 得分 stands in the reason column). */
enum se_col {
	SEC_BLOCK, SEC_L1, SEC_L2, SEC_L3, SEC_TARGET, SEC_ACTUAL, SEC_POINTS, SEC_SCORE,
	SEC_REASON, SEC__MAX
};

/* Each column's share of the table's width, in thousandths (they add up
 * to 1000); its class in HTML. */
extern const int se_col_width[SEC__MAX];
extern const char *const se_col_class[SEC__MAX];

/* What a cell holds, and so how a view sets it. */
enum se_kind {
	SE_LABEL,       /* a label or column header: 项目名称, 年初预算数 */
	SE_BLOCK,       /* a block's label down its rows: 项目资金（元） */
	SE_TEXT,        /* text, left: a name, a 三级指标, a reason */
	SE_CENTER,      /* text, centred: 一级/二级, 年度指标值, 实际完成值, "—", the grade */
	SE_GOAL,        /* a long text, top-left, that may break across pages */
	SE_AMOUNT,      /* money: num in fen; text grouped, "4,810,000.00" */
	SE_SCORE,       /* points or a score: num in hundredths; text as centi_format */
	SE_RATE,        /* a percentage: num in hundredths of a percent; text "93.56%" */
	SE__KINDS
};

struct se_cell {
	unsigned char c0, c1;       /* columns c0 .. c1 - 1 */
	unsigned rows;              /* rowspan, >= 1 */
	enum se_kind kind;
	const char *text;           /* as shown; "" for a blank cell */
	int64_t num;                /* SE_AMOUNT, SE_SCORE, SE_RATE */
	const char *cls;            /* an extra class for HTML ("l1", "reason"…), or NULL */
	unsigned flags;             /* a reason cell: its indicator's FLAG_* to note */
	const char *noted;          /* a reason cell: text and notes as one text,
	                               "reason\n【失分，须说明偏差原因】" (PDF, XLSX) */
	const char *what;           /* what it shows, for messages ("第 2 个指标的偏差原因分析及
	                               改进措施"); NULL: a label of ours, its text says it */
};

/* Row flags: page-break hints for the PDF. */
enum {
	SE_ROW_KEEP = 1,            /* on the same page as the start of the next row */
	SE_ROW_SPLIT = 2,           /* may break between lines (the goal texts) */
	SE_ROW_HEAD = 4,            /* the indicator header: repeated on later pages */
	SE_ROW_BODY = 8,            /* an indicator row: the header goes above it */
};

struct se_row {
	size_t cell0, n_cells;      /* the cells that start in this row */
	unsigned flags;
	const char *cls;            /* a class for HTML's <tr> ("na"), or NULL */
};

struct se_layout {
	const char *title;          /* 项目支出绩效自评表 */
	const char *year;           /* (2023年度) */
	const char *name;           /* the project's name, "" when none */
	struct se_row *rows;
	size_t n_rows;
	struct se_cell *cells;
	size_t n_cells;
	struct arena arena;         /* everything above */
};

/*
 * Builds the table of se scored as o.  Returns 0 or JX_ENOMEM; in both
 * cases release t with se_layout_release.  The strings of se are used as
 * they are (not copied): se must outlive t.
 */
int se_layout_build(struct se_layout *t, const struct selfeval *se, const struct score_output *o);
void se_layout_release(struct se_layout *t);

#endif
