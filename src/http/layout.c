/*
 * layout.c: the frame every page shares (head, navigation, the logout form
 * with its CSRF token) and the error answers, as a page or as JSON by the
 * route's kind.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../render/json_write.h"
#include "../util/err.h"
#include "layout.h"

void page_begin(struct req *r, struct html *h, const char *title)
{
	sb_reset(&r->out);
	html_init(h, &r->out);
	html_doctype(h);
	html_open(h, "html", "lang", "zh-CN", NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
	html_open(h, "title", NULL);
	html_text(h, title);
	html_text(h, " — 绩效目标申报");
	html_close(h);
	html_void(h, "link", "rel", "stylesheet", "href", "/static/jixiao.css", NULL);
	html_void(h, "link", "rel", "icon", "href", "/static/favicon.svg", "type", "image/svg+xml", NULL);
	html_script_src(h, "/static/jixiao.js");
	html_close(h);     /* head */
	html_open(h, "body", NULL);
	html_open(h, "header", "class", "top", NULL);
	html_open(h, "a", "class", "brand", "href", "/", NULL);
	html_text(h, "绩效目标申报");
	html_close(h);
	if (r->user) {
		html_open(h, "nav", NULL);
		html_open(h, "a", "href", "/", NULL);
		html_text(h, "申报表");
		html_close(h);
		html_open(h, "a", "href", "/overview", NULL);
		html_text(h, "概览");
		html_close(h);
		html_open(h, "a", "href", "/import", NULL);
		html_text(h, "导入");
		html_close(h);
		html_close(h);
		html_open(h, "form", "class", "logout", "method", "post", "action", "/logout", NULL);
		html_open(h, "span", "class", "who", NULL);
		html_textf(h, "%s（%s", r->user->name, role_name(r->user->role));
		if (r->user->role == ROLE_UNIT)
			html_textf(h, "，%s", r->user->unit);
		else if (r->user->role == ROLE_DEPARTMENT)
			html_textf(h, "，%s", r->user->department);
		html_text(h, "）");
		html_close(h);
		page_csrf(r, h);
		html_open(h, "button", "type", "submit", NULL);
		html_text(h, "退出");
		html_close(h);
		html_close(h);     /* form */
	}
	html_close(h);     /* header */
	html_open(h, "main", NULL);
	html_open(h, "h1", NULL);
	html_text(h, title);
	html_close(h);
}

void page_csrf(struct req *r, struct html *h)
{
	if (r->csrf)
		html_void(h, "input", "type", "hidden", "name", "csrf", "value", r->csrf, NULL);
}

void page_comment(struct req *r, struct html *h)
{
	html_open(h, "label", NULL);
	html_text(h, "意见或理由");
	html_open(h, "textarea", "name", "comment", "rows", "3", NULL);
	html_text(h, req_form(r, "comment"));     /* kept when an action was refused */
	html_close(h);
	html_close(h);
}

int page_commit(struct req *r, int rc)
{
	if (!rc)
		rc = store_commit(r->store);
	if (rc)
		store_rollback(r->store);
	return rc;
}

int page_end(struct req *r, struct html *h, int status)
{
	int rc;

	html_close_all(h);
	rc = html_finish(h);
	if (rc)
		return rc;
	resp_html(r, status);
	return 0;
}

void page_message(struct html *h, const char *kind, const char *text)
{
	html_open(h, "p", "class", kind, "role", strcmp(kind, "error") == 0 ? "alert" : "status", NULL);
	html_text(h, text);
	html_close(h);
}

void resp_error(struct req *r, int status, const char *message)
{
	sb_reset(&r->out);
	r->out.err = 0;
	r->location = NULL;
	if (r->route_flags & RF_API) {
		struct jw w;
		jw_init(&w, &r->out, false, 0);
		jw_obj_begin(&w);
		jw_key(&w, "error");
		jw_str(&w, message);
		jw_obj_end(&w);
		sb_addc(&r->out, '\n');
		resp_json(r, status);
	} else {
		struct html h;
		page_begin(r, &h, status == 404 ? "页面不存在" : "出错了");
		page_message(&h, "error", message);
		html_open(&h, "p", NULL);
		html_open(&h, "a", "href", "/", NULL);
		html_text(&h, "返回申报表列表");
		html_close(&h);
		html_close(&h);
		if (page_end(r, &h, status)) {
			sb_reset(&r->out);
			r->out.err = 0;
			sb_adds(&r->out, message);
			r->content_type_out = "text/plain; charset=utf-8";
		}
	}
	r->status = status;
}

/* The answers of resp_store_error, by code; any other code is a 500. */
static const struct {
	int rc;
	int status;
} store_statuses[] = {
	{ JX_EBUSY, 503 },
	{ JX_EFULL, 507 },
};

void resp_store_error(struct req *r, int rc)
{
	const char *message = "服务器内部错误", *why = "";
	int status = 500;

	for (size_t i = 0; i < sizeof(store_statuses) / sizeof(store_statuses[0]); i++)
		if (store_statuses[i].rc == rc) {
			status = store_statuses[i].status;
			message = jx_strerror(rc);
		}
	if (r->store && (rc == JX_ESTORE || rc == JX_EBUSY || rc == JX_EFULL))
		why = store_errmsg(r->store);
	fprintf(stderr, "jixiao serve: %s %s: %s\n", r->method, r->path, *why ? why : jx_strerror(rc));
	resp_error(r, status, message);
}

int page_int(const char *s)
{
	int v = 0, n = 0;

	for (; s && *s; s++, n++) {
		if (*s < '0' || *s > '9' || n == 9)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

void page_table_head(struct html *h, const char *const *titles, size_t n)
{
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "th", NULL);
		html_text(h, titles[i]);
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

void page_attachment(struct req *r, const char *filename, const char *type)
{
	char disp[160];

	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	r->disposition = arena_strdup(r->arena, disp);
	r->content_type_out = type;
	r->status = 200;
}

int page_pdf_sink(void *closure, const unsigned char *data, size_t n)
{
	struct strbuf *out = closure;

	sb_add(out, data, n);
	return out->err;
}

int page_xlsx(struct req *r, enum xlsx_shape shape, int (*fill)(struct xlsx_out *x, void *ctx),
              void *ctx)
{
	const char *tmpdir = getenv("TMPDIR");
	struct xlsx_out *x = NULL;
	char dir[PATH_MAX], path[PATH_MAX + 16], err[256] = "";
	int rc, end;

	snprintf(dir, sizeof(dir), "%s/jixiao-xlsx-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir))
		return JX_EIO;
	snprintf(path, sizeof(path), "%s/out.xlsx", dir);
	if (!(rc = xlsx_out_open(&x, shape, path, NULL, err, sizeof(err)))) {
		rc = fill(x, ctx);
		end = xlsx_out_close(x, rc == 0);
		if (!rc)
			rc = end;
	}
	if (!rc) {
		sb_reset(&r->out);
		rc = sb_add_file(&r->out, path);
	}
	if (rc && *err)
		fprintf(stderr, "jixiao serve: %s\n", err);
	unlink(path);
	rmdir(dir);
	return rc;
}
