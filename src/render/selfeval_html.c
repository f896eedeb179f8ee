/*
 * selfeval_html.c: the self-evaluation table (selfeval_layout.h) as an HTML
 * fragment, <table class="form selfeval">, through the escaping writer.
 * Labels are <th>, block labels <th class="block">; a cell's columns and
 * rows become colspan and rowspan over the nine <col>s; a line break in a
 * label or a reason is a <br>, a goal's lines are paragraphs; the flags
 * noted on a reason follow it as <div class="score-flag ID">.  The styles
 * are static/jixiao.css.
 */
#include <stdio.h>
#include <string.h>

#include "../util/err.h"
#include "selfeval_layout.h"
#include "selfeval_table.h"

/* The class of a <td> of each kind when the cell names none of its own. */
static const char *const td_class[SE__KINDS] = {
	[SE_TEXT] = "val", [SE_CENTER] = "center", [SE_AMOUNT] = "val amount",
	[SE_SCORE] = "num", [SE_RATE] = "num rate", [SE_GOAL] = "goal",
};

/* A span attribute's value: NULL (left out) for 1. */
static const char *span(char buf[12], unsigned n)
{
	if (n <= 1)
		return NULL;
	snprintf(buf, 12, "%u", n);
	return buf;
}

/* Text whose line breaks are <br>s. */
static void lines(struct html *h, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n'))) {
		html_textn(h, s, (size_t)(nl - s));
		html_void(h, "br", NULL);
		s = nl + 1;
	}
	html_text(h, s);
}

static void cell(struct html *h, const struct se_cell *c)
{
	bool label = c->kind == SE_LABEL || c->kind == SE_BLOCK;
	const char *cls = label ? (c->kind == SE_BLOCK ? "block" : NULL)
	                  : c->cls ? c->cls : td_class[c->kind];
	char cs[12], rs[12];

	html_open(h, label ? "th" : "td", "class", cls, "colspan", span(cs, (unsigned)(c->c1 - c->c0)),
	          "rowspan", span(rs, c->rows), NULL);
	if (c->kind == SE_GOAL)
		html_paras(h, c->text);
	else
		lines(h, c->text);
	for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++) {
		const char *note = score_flag_note(c->flags, score_flags[k].bit);
		char fc[48];
		if (!note)
			continue;
		snprintf(fc, sizeof(fc), "score-flag %s", score_flags[k].id);
		html_open(h, "div", "class", fc, NULL);
		html_text(h, note);
		html_close(h);
	}
	html_close(h);
}

void selfeval_html(struct html *h, const struct selfeval *se, const struct score_output *o)
{
	struct se_layout t;
	int depth = h->depth;

	if (se_layout_build(&t, se, o)) {
		if (!h->out->err)
			h->out->err = JX_ENOMEM;
		se_layout_release(&t);
		return;
	}
	html_open(h, "table", "class", "form selfeval", NULL);
	html_open(h, "caption", NULL);
	html_open(h, "div", "class", "form-title", NULL);
	html_text(h, t.title);
	html_close(h);
	html_open(h, "div", "class", "form-year", NULL);
	html_text(h, t.year);
	html_close(h);
	html_close(h);
	html_open(h, "colgroup", NULL);
	for (size_t i = 0; i < SEC__MAX; i++)
		html_void(h, "col", "class", se_col_class[i], NULL);
	html_close(h);
	html_open(h, "tbody", NULL);
	for (size_t r = 0; r < t.n_rows; r++) {
		const struct se_row *row = &t.rows[r];
		html_open(h, "tr", "class", row->cls, NULL);
		for (size_t k = row->cell0; k < row->cell0 + row->n_cells; k++)
			cell(h, &t.cells[k]);
		html_close(h);
	}
	html_close_to(h, depth);
	se_layout_release(&t);
}
