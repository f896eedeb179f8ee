/*
 * form_html.h: one declaration as an HTML fragment in the official layout of
 * the seed (财政项目支出绩效目标申报表), with the review's findings shown next
 * to the cells they concern.  The styles are static/jixiao.css.
 */
#ifndef JX_FORM_HTML_H
#define JX_FORM_HTML_H

#include "../model/decl.h"
#include "../review/profile.h"
#include "../review/review.h"
#include "html.h"

/*
 * Writes d into h as a <table class="form"> laid out like the paper form:
 * title and year, project rows, the 项目资金（元） block, the 项目绩效目标
 * block and the 绩效指标 table, which prints every category of p's tree
 * (empty ones as blank rows) and then, in rows of class "extra", every
 * indicator whose 一级/二级 is not in the tree; none is dropped.  p may be
 * NULL: then every indicator is such a row, in form order.
 *
 * When rv is non-NULL each finding goes, as a <div class="finding SEVERITY"
 * data-rule="ID">, into the cell its FORMAT.md key names (finding->field);
 * those whose key names no cell come first, in a <div class="findings">
 * before the table.  Leaves h at the depth it found it; errors are h's
 * sticky ones (html_finish).
 */
void form_html(struct html *h, const struct decl *d, const struct profile *p,
               const struct review *rv);

#endif
