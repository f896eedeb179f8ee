/*
 * export_xlsx.c: `jixiao export --format xlsx|xlsx-flat|xlsx-summary -o FILE`:
 * the official form one sheet per declaration, the flat layout one row per
 * indicator, and the summary one row per declaration with its workflow
 * state and stored review (render/xlsx_write.c does the writing).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../model/workflow.h"
#include "../render/xlsx_write.h"
#include "../util/err.h"
#include "export.h"

struct xlsx_state {
	struct export_ctx *ctx;
	enum xlsx_shape shape;
	struct xlsx_out *out;
	struct arena arena;
};

static int begin(struct export_ctx *ctx, void **state, enum xlsx_shape shape)
{
	struct xlsx_state *xs = calloc(1, sizeof(*xs));
	struct strbuf title = STRBUF_INIT;
	int rc;

	if (!xs)
		return JX_ENOMEM;
	if (ctx->year)
		sb_addf(&title, "%d年度 ", ctx->year);
	if (ctx->department)
		sb_addf(&title, "%s ", ctx->department);
	sb_adds(&title, "项目支出绩效目标汇总");
	xs->ctx = ctx;
	xs->shape = shape;
	arena_init(&xs->arena, 16 * 1024);
	rc = title.err ? JX_ENOMEM
	               : xlsx_out_open(&xs->out, shape, ctx->path, title.buf, ctx->err, sizeof(ctx->err));
	sb_release(&title);
	if (rc) {
		arena_release(&xs->arena);
		free(xs);
		return rc;
	}
	*state = xs;
	return 0;
}

static int form_begin(struct export_ctx *ctx, void **state)
{
	return begin(ctx, state, XLSX_FORM);
}

static int flat_begin(struct export_ctx *ctx, void **state)
{
	return begin(ctx, state, XLSX_FLAT);
}

static int summary_begin(struct export_ctx *ctx, void **state)
{
	return begin(ctx, state, XLSX_SUMMARY);
}

/* The summary row of a stored declaration: its state and stored review. */
static int summary_decl(struct xlsx_state *xs, const struct decl *d, int64_t id, int rev)
{
	struct xlsx_summary s = { id, d, "", "", -1, -1 };
	struct store_meta meta;
	struct store_review rv;
	int rc;

	arena_reset(&xs->arena);
	if (xs->ctx->store) {
		if ((rc = store_meta(xs->ctx->store, id, &xs->arena, &meta)))
			return rc;
		s.state = wf_state_name(meta.state);
		rc = store_get_review(xs->ctx->store, id, rev, &xs->arena, &rv);
		if (rc && rc != JX_ENOTFOUND)
			return rc;
		if (!rc) {
			s.verdict = rv.verdict ? rv.verdict : "";
			s.n_error = rv.n_error;
			s.n_warning = rv.n_warning;
		}
	}
	return xlsx_out_summary(xs->out, &s);
}

static int xlsx_decl(void *state, const struct decl *d, int64_t id, int rev)
{
	struct xlsx_state *xs = state;

	switch (xs->shape) {
	case XLSX_FORM:
		return xlsx_out_form(xs->out, d, id, xs->ctx->profile);
	case XLSX_FLAT:
		return xlsx_out_flat(xs->out, d, id);
	case XLSX_SUMMARY:
		return summary_decl(xs, d, id, rev);
	case XLSX_SELFEVAL:     /* jixiao score */
	case XLSX_OVERVIEW:     /* the web's /overview.xlsx */
		break;      /* not exports of declarations */
	}
	return 0;
}

static int xlsx_end(void *state, bool ok)
{
	struct xlsx_state *xs = state;
	int rc = xlsx_out_close(xs->out, ok);

	arena_release(&xs->arena);
	free(xs);
	return rc;
}

const struct exporter export_xlsx = { "xlsx", true, form_begin, xlsx_decl, xlsx_end };
const struct exporter export_xlsx_flat = { "xlsx-flat", true, flat_begin, xlsx_decl, xlsx_end };
const struct exporter export_xlsx_summary = { "xlsx-summary", true, summary_begin, xlsx_decl,
                                              xlsx_end };
