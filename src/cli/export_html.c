/*
 * export_html.c: `jixiao export --format html`: the declarations as one
 * self-contained, printable HTML page: a fixed head with the form's styles
 * inline (static/jixiao.css, compiled in, whose print rules make it A4 and
 * ruled like the paper form), then each form through form_html(), which
 * escapes everything, one per printed page.  With -o FILE it is written to
 * FILE.tmp and renamed at the end; to standard output it streams, or for
 * named ids is held back until all of them were found.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/form_html.h"
#include "../render/html.h"
#include "../util/embedded.h"
#include "../util/err.h"
#include "export.h"
#include "outfile.h"

#define CSS_FILE "jixiao.css"

/* Everything before the styles and between them and the forms: literals of
 * ours; the title goes in escaped. */
static const char page_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"zh-CN\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>";
static const char page_title_end[] = "</title>\n<style>\n";

static const char page_style_end[] =
	"\n/* the exported page: one form per printed page */\n"
	"body { padding: 1.5rem 1rem; }\n"
	"table.form + table.form { margin-top: 3rem; break-before: page; }\n"
	"@media print { body { padding: 0; } }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n";

const char printable_tail[] = "</body>\n</html>\n";

void printable_head(struct strbuf *sb, const char *title)
{
	const struct embedded *css = embedded_find(static_files, CSS_FILE);
	struct html h;

	assert(css && !memmem(css->data, css->len, "</", 2));
	sb_add(sb, page_head, sizeof(page_head) - 1);
	html_init(&h, sb);
	html_text(&h, title);
	sb_add(sb, page_title_end, sizeof(page_title_end) - 1);
	sb_add(sb, css->data, css->len);
	sb_add(sb, page_style_end, sizeof(page_style_end) - 1);
}

struct html_state {
	struct export_ctx *ctx;
	struct outfile out;     /* -o FILE */
	FILE *f;                /* out.f or stdout */
	struct strbuf held;     /* stdout, named ids: everything until the end */
	struct strbuf form;     /* one declaration */
	bool hold;
};

/* Writes n bytes to the output, or keeps them back. */
static int put(struct html_state *hs, const char *s, size_t n)
{
	if (hs->hold) {
		sb_add(&hs->held, s, n);
		return hs->held.err;
	}
	return fwrite(s, 1, n, hs->f) == n ? 0 : JX_EIO;
}

static int html_end(void *state, bool ok);

static int html_begin(struct export_ctx *ctx, void **state)
{
	struct html_state *hs;
	int rc;

	if (!(hs = calloc(1, sizeof(*hs))))
		return JX_ENOMEM;
	hs->ctx = ctx;
	sb_init(&hs->held, 0);
	sb_init(&hs->form, 0);
	if (ctx->path) {
		if ((rc = outfile_open(&hs->out, ctx->path, ctx->err, sizeof(ctx->err)))) {
			free(hs);
			return rc;
		}
		hs->f = hs->out.f;
	} else {
		hs->f = stdout;
		hs->hold = ctx->hold;
	}
	printable_head(&hs->form, "财政项目支出绩效目标申报表");
	if ((rc = hs->form.err) || (rc = put(hs, hs->form.buf, hs->form.len))) {
		html_end(hs, false);
		return rc;
	}
	*state = hs;
	return 0;
}

static int html_decl(void *state, const struct decl *d, int64_t id, int rev)
{
	struct html_state *hs = state;
	struct html h;
	int rc;

	(void)id, (void)rev;
	sb_reset(&hs->form);
	html_init(&h, &hs->form);
	form_html(&h, d, hs->ctx->profile, NULL);
	if ((rc = html_finish(&h)))
		return rc;
	return put(hs, hs->form.buf, hs->form.len);
}

static int html_end(void *state, bool ok)
{
	struct html_state *hs = state;
	struct export_ctx *ctx = hs->ctx;
	int rc = 0;

	if (ok)
		rc = put(hs, printable_tail, sizeof(printable_tail) - 1);
	if (ok && !rc && hs->hold && fwrite(hs->held.buf, 1, hs->held.len, stdout) != hs->held.len)
		rc = JX_EIO;
	if (ok && !rc && !ctx->path && fflush(stdout))
		rc = JX_EIO;
	if (ctx->path && outfile_close(&hs->out, ok && !rc, ctx->err, sizeof(ctx->err)) && !rc)
		rc = JX_EIO;
	sb_release(&hs->held);
	sb_release(&hs->form);
	free(hs);
	return rc;
}

const struct exporter export_html = { "html", false, html_begin, html_decl, html_end };
