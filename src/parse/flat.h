/*
 * flat.h: the flat layout, one row per indicator with its declaration's
 * fields, for analysing many declarations in a spreadsheet.  Its columns are
 * the table flat.def, shared by the writer (render/xlsx_write.c) and the
 * readers of XLSX sheets and CSV files (this module).
 *
 * Reading: the header row names the columns (in any order, extra columns
 * ignored with a warning); rows are grouped into declarations by 年度 +
 * 实施单位 + 项目名称 wherever they stand in the sheet (sorting the rows
 * loses nothing), and every row of a declaration must repeat the same
 * declaration fields.  A row with no indicator cells filled gives a
 * declaration no indicator.  Derived columns (the parsed target) are written
 * for analysis and ignored on reading: the target comes from 年度指标值.
 */
#ifndef JX_FLAT_H
#define JX_FLAT_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "xlsx_book.h"

/* What a column holds. */
enum flat_kind {
	FK_ID,          /* the store's id: written only */
	FK_YEAR,        /* 年度 */
	FK_TEXT,        /* a text field of the project (arg: enum decl_field) */
	FK_DATE,        /* arg: enum decl_field */
	FK_AMOUNT,      /* arg: enum fund */
	FK_GOAL_YEAR,   /* arg: 0 from, 1 to */
	FK_GOAL,        /* arg: enum decl_field (F_OVERALL, F_ANNUAL_GOAL) */
	FK_INDICATOR,   /* arg: 0 一级, 1 二级, 2 三级, 3 年度指标值 */
	FK_DERIVED,     /* the parsed target: written only (arg: enum flat_derived) */
};

enum flat_derived { FD_KIND, FD_OP, FD_NUMBER, FD_UNIT, FD_BY };

enum flat_col {
#define FLAT(id, title, kind, arg, width) FC_##id,
#include "flat.def"
#undef FLAT
	FC__MAX
};

struct flat_column {
	const char *title;      /* the header, Chinese */
	enum flat_kind kind;
	int arg;
	int width;              /* column width for the writer, in characters */
};

extern const struct flat_column flat_columns[FC__MAX];

/* A text field of the project by its field: name, category, department,
 * implementer; NULL for other fields. */
const char *flat_decl_text(const struct decl *d, enum decl_field f);

/* True when a row's cells (text as shown) look like the flat header: they
 * name 项目名称, 实施单位, 三级指标 and 年度指标值. */
bool flat_is_header(const struct xlsx_cell *cells, size_t n);

/* A reader of one table (a sheet or a CSV file). */
struct flat;

/*
 * Starts reading a table named `file` in findings; `sheet` (NULL for CSV)
 * prefixes cell references; `date1904` is the workbook's date system.
 */
int flat_new(struct flat **out, const char *file, const char *sheet, bool date1904,
             struct diags *diags, const struct parse_opts *opts);
/* The header row (`line` the row number for findings). */
void flat_header(struct flat *f, const struct xlsx_cell *cells, size_t n, int line);
/* A data row: cells in column order, cells[i].col their column.  Returns 0
 * or JX_ENOMEM. */
int flat_row(struct flat *f, const struct xlsx_cell *cells, size_t n, int line);
/* Hands every declaration read without error to the sink; returns 0,
 * JX_ENOMEM or what the sink returned.  Frees f. */
int flat_finish(struct flat *f);
/* Frees f without handing anything on. */
void flat_free(struct flat *f);

#endif
