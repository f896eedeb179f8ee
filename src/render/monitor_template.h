/*
 * monitor_template.h: the blank monitoring table of a declaration
 * (score/monitor_table.def), for its unit to fill in and upload.
 *
 * A title; the round's rows: 项目名称, 监控日期 (the end of July of the
 * declaration's year), 预算数 (its 年度资金申请总额) and 截至目前预算执行数
 * (blank); a blank row; the header row; one row per indicator in the
 * declaration's order with 一级指标, 二级指标, 三级指标 and 年度指标值 filled
 * in and the unit's columns blank.  As XLSX, the label is merged over A–B
 * and its value stands in C; the reason and likelihood columns offer their
 * lists, and a note under the table says what to fill in.  As CSV: UTF-8
 * with a byte order mark (Excel then reads the Chinese), CRLF line ends,
 * the value right of its label.
 */
#ifndef JX_MONITOR_TEMPLATE_H
#define JX_MONITOR_TEMPLATE_H

#include <stddef.h>

#include "../model/decl.h"
#include "../util/strbuf.h"

/* Appends the CSV to out; 0, or JX_ENOMEM (out's sticky error). */
int monitor_template_csv(struct strbuf *out, const struct decl *d);

/*
 * Appends the workbook's bytes to out.  libxlsxwriter writes only files:
 * the workbook goes through a temporary file in $TMPDIR (or /tmp), removed
 * before this returns.  0, JX_ENOMEM, or JX_EIO with a reason in err
 * (errlen bytes).
 */
int monitor_template_xlsx(struct strbuf *out, const struct decl *d, char *err, size_t errlen);

#endif
