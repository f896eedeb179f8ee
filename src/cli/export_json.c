/*
 * export_json.c: `jixiao export --format json`: a FORMAT.md JSON array,
 * through json_out (held back for named ids, truncated back on failure).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../util/err.h"
#include "export.h"
#include "json_out.h"

struct json_state {
	struct json_out out;
	FILE *saved;        /* stdout while -o redirects it */
};

static int json_begin(struct export_ctx *ctx, void **state)
{
	struct json_state *js = calloc(1, sizeof(*js));

	if (!js)
		return JX_ENOMEM;
	if (ctx->path && !freopen(ctx->path, "w", stdout)) {
		snprintf(ctx->err, sizeof(ctx->err), "无法写入 %s", ctx->path);
		free(js);
		return JX_EIO;
	}
	json_out_init(&js->out, ctx->hold);
	*state = js;
	return 0;
}

static int json_decl(void *state, const struct decl *d, int64_t id, int rev)
{
	struct json_state *js = state;

	(void)id, (void)rev;
	return json_out_decl(&js->out, d);
}

static int json_end(void *state, bool ok)
{
	struct json_state *js = state;
	int rc = json_out_finish(&js->out, ok);

	free(js);
	return rc;
}

const struct exporter export_json = { "json", false, json_begin, json_decl, json_end };
