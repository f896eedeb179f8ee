/*
 * export_pdf.c: `jixiao export --format pdf -o FILE`: the official form of
 * each declaration, A4, through form_pdf (render/form_pdf.h), written to
 * FILE.tmp and renamed to FILE only when the whole export succeeded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../render/form_pdf.h"
#include "../util/err.h"
#include "export.h"
#include "outfile.h"

struct pdf_state {
	struct export_ctx *ctx;
	struct outfile out;
	struct form_pdf *pdf;
};

static int pdf_write(void *closure, const unsigned char *data, size_t n)
{
	return fwrite(data, 1, n, closure) == n ? 0 : -1;
}

static int pdf_begin(struct export_ctx *ctx, void **state)
{
	struct pdf_state *ps = calloc(1, sizeof(*ps));
	struct strbuf why = STRBUF_INIT;
	int rc;

	if (!ps)
		return JX_ENOMEM;
	ps->ctx = ctx;
	if ((rc = outfile_open(&ps->out, ctx->path, ctx->err, sizeof(ctx->err)))) {
		free(ps);
		return rc;
	}
	if ((rc = form_pdf_begin_stream(pdf_write, ps->out.f, &ps->pdf, &why))) {
		snprintf(ctx->err, sizeof(ctx->err), "%s", why.len ? why.buf : jx_strerror(rc));
		sb_release(&why);
		outfile_close(&ps->out, false, NULL, 0);
		free(ps);
		return rc;
	}
	sb_release(&why);
	*state = ps;
	return 0;
}

static int pdf_decl(void *state, const struct decl *d, int64_t id, int rev)
{
	struct pdf_state *ps = state;

	(void)id, (void)rev;
	return form_pdf_decl(ps->pdf, d, ps->ctx->profile);
}

static int pdf_end(void *state, bool ok)
{
	struct pdf_state *ps = state;
	struct export_ctx *ctx = ps->ctx;
	int rc = form_pdf_end(ps->pdf);

	if (rc && ok)
		snprintf(ctx->err, sizeof(ctx->err), "无法写出 PDF %s：%s", ctx->path, jx_strerror(rc));
	if (outfile_close(&ps->out, ok && !rc, ctx->err, sizeof(ctx->err)) && !rc)
		rc = JX_EIO;
	free(ps);
	return rc;
}

const struct exporter export_pdf = { "pdf", true, pdf_begin, pdf_decl, pdf_end };
