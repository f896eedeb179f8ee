/*
 * xlsx_write.h: declarations as XLSX workbooks (libxlsxwriter), in three
 * shapes: the official form (one sheet per declaration, the seed's layout),
 * the flat layout (one row per indicator, parse/flat.def) and the summary
 * (one row per declaration with its workflow state and review); and a
 * fourth, the self-evaluation table (selfeval_table.h).
 *
 * Amounts are numbers in the "#,##0.00" format.  libxlsxwriter takes a
 * double and writes it with "%.16G", so an amount goes in as fen / 100.0,
 * the double nearest to the exact decimal, which Excel and LibreOffice show
 * to the fen; the XML may hold a form such as 0.07000000000000001, and the
 * reader (parse/cellval.h) rounds that text back to the fen exactly.  Text
 * holding "_xHHHH_" is escaped so that it reads back as written.
 *
 * The file is written under a temporary name beside the target and renamed
 * over it only when the whole workbook is complete.
 */
#ifndef JX_XLSX_WRITE_H
#define JX_XLSX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/decl.h"
#include "../review/profile.h"
#include "overview.h"

/* XLSX_SELFEVAL: self-evaluation tables, a sheet each (xlsx_out_selfeval
 * in selfeval_table.h). */
enum xlsx_shape { XLSX_FORM, XLSX_FLAT, XLSX_SUMMARY, XLSX_SELFEVAL, XLSX_OVERVIEW };

struct xlsx_out;

/*
 * Starts a workbook of the given shape that xlsx_out_close() writes to
 * `path`.  `title` heads the summary sheet (NULL: a default).  Returns 0,
 * JX_ENOMEM or JX_EIO (a reason in err, errlen bytes).
 */
int xlsx_out_open(struct xlsx_out **out, enum xlsx_shape shape, const char *path,
                  const char *title, char *err, size_t errlen);

/* XLSX_FORM: a sheet for d in the layout of the form, every category of
 * p's tree printed (empty ones as blank rows).  0 or a JX_ code. */
int xlsx_out_form(struct xlsx_out *o, const struct decl *d, int64_t id, const struct profile *p);

/* XLSX_FLAT: d's rows (one per indicator; one row when it has none). */
int xlsx_out_flat(struct xlsx_out *o, const struct decl *d, int64_t id);

/* XLSX_SUMMARY: a row for d; state and verdict may be "" and the counts
 * -1 when there is no stored review. */
struct xlsx_summary {
	int64_t id;
	const struct decl *d;
	const char *state;          /* 草稿, 已提交… */
	const char *verdict;        /* the stored review's suggestion: 优 良 中 差 */
	int n_error, n_warning;
};
int xlsx_out_summary(struct xlsx_out *o, const struct xlsx_summary *s);

/* XLSX_OVERVIEW: the overview (概览) on one sheet: a row per year and
 * 主管部门 of `rows`, then `total`, under the column groups of overview.def
 * (申报, 运行监控, 绩效自评); counts and amounts are numbers, rates
 * percentages.  Called once. */
int xlsx_out_overview(struct xlsx_out *o, const struct ov_row *rows, size_t n,
                      const struct ov_row *total);

/*
 * Writes the workbook to its path (ok) or discards it (!ok, nothing left
 * behind); frees o.  Returns 0 or JX_EIO with a reason in the err given to
 * xlsx_out_open.
 */
int xlsx_out_close(struct xlsx_out *o, bool ok);

/* Appends s as a sheet must hold it to read back as written: an "_xHHHH_"
 * in it gets its underscore escaped as "_x005F_" (Excel reads "_x0041_" as
 * the escape of "A"). */
struct strbuf;
void xlsx_escape_text(struct strbuf *out, const char *s);

#endif
