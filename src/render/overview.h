/*
 * overview.h: the overview (概览) as data: one row per year and 主管部门 of
 * the declarations a user may see, with their states and suggested
 * verdicts, the funds requested and approved, the lights of the latest
 * monitoring rounds with their budget and execution, and the grades of the
 * self-evaluations with the year's budget and execution.  The columns are
 * a table (overview.def) that the page and the workbook both read.
 */
#ifndef JX_OVERVIEW_H
#define JX_OVERVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/workflow.h"

enum { OV_VERDICTS = 5 /* 优 良 中 差, none */, OV_LIGHTS = 3 /* green yellow red */,
	   OV_GRADES = 4 /* 优 良 中 差 */ };

struct ov_row {
	int year;
	const char *department;     /* NULL in the total row */
	int64_t by_state[WS__MAX];
	int64_t by_verdict[OV_VERDICTS];
	int64_t count, annual_fen, approved_fen;
	int64_t by_light[OV_LIGHTS];
	int64_t mon_budget_fen, mon_executed_fen;
	int64_t se_count, se_approved;
	int64_t by_grade[OV_GRADES];
	int64_t se_budget_fen, se_executed_fen;
};

enum ov_group { OVG_KEY, OVG_DECL, OVG_MONITOR, OVG_SELFEVAL, OVG__MAX };
enum ov_kind { OVK_TEXT, OVK_INT, OVK_MONEY, OVK_RATE };

enum ov_column {
#define OVCOL(sym, group, title, kind) OVC_##sym,
#include "overview.def"
#undef OVCOL
	OVC__MAX
};

struct ov_column_info {
	enum ov_group group;
	const char *title;
	enum ov_kind kind;
};
extern const struct ov_column_info ov_columns[OVC__MAX];

/* 申报, 运行监控, 绩效自评 ("" for the key columns). */
const char *ov_group_name(enum ov_group g);

/* A cell: text (OVK_TEXT), or a number of the column's kind; blank when
 * there is nothing to say (a rate without a budget, the total row's key). */
struct ov_value {
	const char *text;
	int64_t n;
	bool blank;
};
struct ov_value ov_value(const struct ov_row *r, enum ov_column c);

/* Index of a verdict or grade: 优 0, 良 1, 中 2, 差 3, anything else 4. */
int ov_grade_index(const char *v);

/* executed / budget × 100 in hundredths, half-up; false without a budget. */
bool ov_rate(int64_t executed, int64_t budget, int64_t *centi_pct);

#endif
