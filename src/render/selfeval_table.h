/*
 * selfeval_table.h: the year-end self-evaluation table (项目支出绩效自评表,
 * DOMAIN.md §6) of a FORMAT.md part 2 input and its score, as a page, a PDF
 * and an XLSX sheet, like the declaration (form_html.h, form_pdf.h,
 * xlsx_write.h).  What each cell says is decided once, in
 * selfeval_layout.c; these draw it.
 *
 * The table: the title 项目支出绩效自评表 and the year; 项目名称, 主管部门,
 * 实施单位; the funds rows 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 /
 * 其他资金 × 年初预算数 (the declaration's annual funds) / 全年预算数 /
 * 全年执行数 / 分值 / 执行率 / 得分, figures only on 年度资金总额 (the input
 * has no budget or execution per source: "—" there); 年度总体目标, the
 * declaration's annual goal against 实际完成情况 (the input's `achieved`);
 * the indicators × 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进
 * 措施, grouped by 一级 and 二级 in the order they first appear, merged
 * down; not-applicable ones as 不适用 with no points; the score's flags as
 * short notes after the reason; 总分 and 自评等级.
 *
 * In every function `o` must be score_compute's output for `se` (o->ind
 * has se->decl.n_ind entries); both are only read during the call.
 */
#ifndef JX_SELFEVAL_TABLE_H
#define JX_SELFEVAL_TABLE_H

#include "../parse/selfeval_read.h"
#include "../score/score.h"
#include "form_pdf.h"
#include "html.h"
#include "xlsx_write.h"

/*
 * The table as an HTML fragment <table class="form selfeval"> (styles in
 * static/jixiao.css), everything escaped.  Leaves h at the depth it found
 * it; errors are h's sticky ones (html_finish).
 */
void selfeval_html(struct html *h, const struct selfeval *se, const struct score_output *o);

/*
 * The table on new pages of an open form_pdf writer (form_pdf_begin or
 * form_pdf_begin_stream … form_pdf_end), A4 portrait in 9-point type; the
 * indicator header repeats on every page the indicators continue on.
 * Returns 0, JX_ENOMEM or JX_EIO; errors are sticky, as form_pdf_decl's.
 * Defined in form_pdf.c.
 */
int form_pdf_selfeval(struct form_pdf *w, const struct selfeval *se, const struct score_output *o);

/*
 * A sheet with the table in a workbook opened as XLSX_SELFEVAL: amounts as
 * numbers in "#,##0.00", points and scores as numbers, the execution rate
 * as a number in "0.00%", merged cells as in the PDF.  0 or a JX_ code (the
 * reason in xlsx_out_open's err).  Defined in xlsx_write.c.
 */
int xlsx_out_selfeval(struct xlsx_out *o, const struct selfeval *se, const struct score_output *so);

#endif
