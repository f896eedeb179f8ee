/*
 * monitor_read.h: a monitoring round uploaded as a table, CSV or XLSX
 * (told apart by content, as parse_any.h does), in the layout of
 * monitor_table.def, read against the declaration it monitors.
 *
 * Rows above the header row give the round (监控日期, 预算数, 截至目前预算
 * 执行数; 项目名称 must be the declaration's when given); rows below it are
 * matched to the declaration's indicators by 三级指标 and, when the table
 * has them, 一级 and 二级指标 (blank cells carried down from above, as merged
 * cells leave them), wherever they stand.  Values are checked against the
 * indicator's kind: a numeric target takes a number (its unit may follow,
 * 85% for a percentage), a deadline a date, anything else text; a blank is
 * a value not known yet.  年度指标值 is for the reader's eyes only: the
 * declaration's value counts.
 */
#ifndef JX_MONITOR_READ_H
#define JX_MONITOR_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/decl.h"
#include "../parse/xlsx_book.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "monitor.h"

enum monitor_label_kind { ML_TEXT, ML_DATE, ML_AMOUNT };

enum monitor_label {
#define MLABEL(sym, title, kind, required) MLB_##sym,
#include "monitor_table.def"
#undef MLABEL
	MLB__MAX
};

enum monitor_col {
#define MCOL(sym, title, width, filled, required) MC_##sym,
#include "monitor_table.def"
#undef MCOL
	MC__MAX
};

struct monitor_label_info {
	const char *title;
	enum monitor_label_kind kind;
	bool required;
};

struct monitor_col_info {
	const char *title;
	int width;                  /* characters, for the template */
	bool filled;                /* the unit fills it in */
	bool required;              /* the header must have it */
};

extern const struct monitor_label_info monitor_labels[MLB__MAX];
extern const struct monitor_col_info monitor_cols[MC__MAX];

/* A round as read from a table. */
struct monitor_upload {
	struct date as_of;
	struct amount budget;       /* not set: the declaration's 年度资金申请总额 */
	struct amount executed;
	struct monitor_item_in *items;  /* one per indicator of the declaration, in its order */
	size_t n_items;
};

/*
 * Reads the table of n bytes at data, named `file` in findings, for the
 * declaration d, into *out (its strings in a).  Every problem is a finding,
 * all of them in one pass, naming the row (the line of a CSV file, the cell
 * of a sheet: "E7") and the column, and quoting the text seen: a missing,
 * unknown or repeated indicator, a value that does not fit its indicator, a
 * reason or likelihood not in the lists, a missing or bad date or amount.
 * Returns 0 (when diags gained errors, *out is not to be used) or JX_ENOMEM.
 */
int monitor_read(const void *data, size_t n, const char *file, const struct decl *d,
                 struct arena *a, struct diags *diags, struct monitor_upload *out);

/* The same for a workbook given as parts (taken over and closed); for
 * tests and fuzzing. */
int monitor_read_parts(struct xlsx_parts *parts, const char *file, const struct decl *d,
                       struct arena *a, struct diags *diags, struct monitor_upload *out);

/* True when a row's cells (text) are the table's header row: they name
 * 三级指标 and at least one column the unit fills in. */
bool monitor_is_header(const struct xlsx_cell *cells, size_t n);

#endif
