/*
 * page_auth.c: the login page, logging in and out.
 */
#include <string.h>

#include "auth.h"
#include "layout.h"

/* Only a local path is a place to go back to after login. */
static const char *safe_next(const char *next)
{
	return next && next[0] == '/' && next[1] != '/' && next[1] != '\\' && html_url_ok(next) ? next
	                                                                                         : "/";
}

static int login_page(struct req *r, const char *message, int status)
{
	struct html h;
	const char *next = req_form(r, "next");

	if (!next)
		next = req_query(r, "next");
	page_begin(r, &h, "登录");
	if (message)
		page_message(&h, "error", message);
	html_open(&h, "form", "class", "login", "method", "post", "action", "/login", NULL);
	html_void(&h, "input", "type", "hidden", "name", "next", "value", safe_next(next), NULL);
	html_open(&h, "label", NULL);
	html_text(&h, "用户名");
	html_void(&h, "input", "name", "username", "autocomplete", "username", "required", "required",
	          "autofocus", "autofocus", NULL);
	html_close(&h);
	html_open(&h, "label", NULL);
	html_text(&h, "密码");
	html_void(&h, "input", "type", "password", "name", "password", "autocomplete",
	          "current-password", "required", "required", NULL);
	html_close(&h);
	html_open(&h, "button", "type", "submit", NULL);
	html_text(&h, "登录");
	html_close(&h);
	html_close(&h);
	return page_end(r, &h, status);
}

int page_login_form(struct req *r)
{
	if (r->user) {
		resp_redirect(r, "/");
		return 0;
	}
	return login_page(r, NULL, 200);
}

int page_login(struct req *r)
{
	int err;

	switch (auth_login(r, req_form(r, "username"), req_form(r, "password"), &err)) {
	case LOGIN_OK:
		resp_redirect(r, safe_next(req_form(r, "next")));
		return 0;
	case LOGIN_BAD:
		return login_page(r, "用户名或密码不正确", 401);
	case LOGIN_THROTTLED:
		return login_page(r, "登录失败次数过多，请 15 分钟后再试", 429);
	case LOGIN_ERROR:
		break;
	}
	return err;     /* answered by resp_store_error: 503 when busy, 507 when the disk is full */
}

int page_logout(struct req *r)
{
	int rc = auth_logout(r);

	resp_redirect(r, "/login");
	return rc;
}
