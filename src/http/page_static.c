/*
 * page_static.c: the static files of the web application (static/), which
 * are compiled into the program; served with a long cache lifetime.
 */
#include <string.h>

#include "../util/embedded.h"
#include "layout.h"

static const struct {
	const char *suffix;
	const char *type;
} types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
};

static int serve(struct req *r, const char *name)
{
	const struct embedded *f = embedded_find(static_files, name);
	size_t n;

	if (!f) {
		resp_error(r, 404, "没有这个文件");
		return 0;
	}
	n = strlen(f->name);
	r->content_type_out = "application/octet-stream";
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t k = strlen(types[i].suffix);
		if (n > k && strcmp(f->name + n - k, types[i].suffix) == 0)
			r->content_type_out = types[i].type;
	}
	sb_reset(&r->out);
	sb_add(&r->out, f->data, f->len);
	r->status = 200;
	r->cache = "public, max-age=3600";
	return r->out.err;
}

int page_static(struct req *r)
{
	return serve(r, r->params[0]);
}

/* What browsers ask for by themselves: the same icon as the pages name. */
int page_favicon(struct req *r)
{
	return serve(r, "favicon.svg");
}
