/*
 * api.c: the JSON API under /api/v1, with the pages' access rules: what a
 * user may not see does not exist (404).  Described by static/openapi.json,
 * served at /api/v1/openapi.json.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../parse/json_read.h"
#include "../render/decl_diff.h"
#include "../service/history.h"
#include "../render/json_write.h"
#include "../render/review_json.h"
#include "../review/review.h"
#include "../service/save.h"
#include "../service/workflow.h"
#include "../util/embedded.h"
#include "../util/err.h"
#include "access.h"
#include "auth.h"
#include "cache.h"
#include "importer.h"
#include "layout.h"

/* --- helpers -------------------------------------------------------------- */

static void json_begin(struct req *r, struct jw *w)
{
	sb_reset(&r->out);
	jw_init(w, &r->out, true, 0);
}

static int json_end(struct req *r, int status)
{
	sb_addc(&r->out, '\n');
	if (r->out.err)
		return r->out.err;
	resp_json(r, status);
	return 0;
}

static void user_json(struct jw *w, const struct user *u)
{
	jw_obj_begin(w);
	jw_key(w, "name");
	jw_str(w, u->name);
	jw_key(w, "role");
	jw_str(w, role_id(u->role));
	jw_key(w, "unit");
	jw_str(w, u->unit ? u->unit : "");
	jw_key(w, "department");
	jw_str(w, u->department ? u->department : "");
	jw_obj_end(w);
}

/* The findings of a diags list as a "problems" array of strings. */
static void problems_json(struct jw *w, const struct diags *d)
{
	struct strbuf line = STRBUF_INIT;

	jw_key(w, "problems");
	jw_arr_begin(w);
	for (size_t i = 0; i < d->n; i++) {
		sb_reset(&line);
		diag_format(&line, &d->v[i]);
		jw_str(w, line.buf);
	}
	jw_arr_end(w);
	sb_release(&line);
}

static bool decl_id(struct req *r, int64_t *id, struct store_meta *m)
{
	if (!req_param_id(r, 0, id)) {
		resp_error(r, 404, "没有这份申报表");
		return false;
	}
	return access_decl(r, *id, m);
}

/*
 * Ends the write transaction of a change whose result is rc: commits on 0,
 * else rolls back.  True when the change is stored.  When it is not, *err
 * says what is left to do: 0 when the request is answered (a refusal of the
 * store, JX_ECONFLICT, is answered 409 with its reason), else the JX_ code
 * the handler fails with (busy, disk full, out of memory…), for
 * resp_store_error.  "Answered" is never a JX_ code.
 */
static bool end_write(struct req *r, int rc, int *err)
{
	*err = 0;
	if (!rc && !(rc = store_commit(r->store)))
		return true;
	store_rollback(r->store);
	if (rc == JX_ECONFLICT)
		resp_error(r, 409, store_errmsg(r->store));
	else
		*err = rc;
	return false;
}

/*
 * Answers a refusal of the write policy with its status and message, as
 * every write path does (model/write_policy.def); a refusal by the state
 * also names the state.  Rolls the write transaction back.
 */
static int refuse_write(struct req *r, enum wp_decision wd, const struct store_meta *m)
{
	struct jw w;

	store_rollback(r->store);
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "error");
	jw_str(&w, wp_message(wd));
	if (wd == WP_STATE) {
		jw_key(&w, "state");
		jw_str(&w, wf_state_id(m->state));
	}
	jw_obj_end(&w);
	return json_end(r, wp_status(wd));
}

/* --- session -------------------------------------------------------------- */

int api_openapi(struct req *r)
{
	const struct embedded *f = embedded_find(static_files, "openapi.json");

	if (!f) {
		resp_error(r, 404, "没有 API 说明");
		return 0;
	}
	sb_reset(&r->out);
	sb_add(&r->out, f->data, f->len);
	resp_json(r, 200);
	return r->out.err;
}

int api_login(struct req *r)
{
	json_t *body = json_loadb(r->body, r->body_len, 0, NULL);
	const char *name = json_string_value(json_object_get(body, "username"));
	const char *password = json_string_value(json_object_get(body, "password"));
	enum login_result res;
	struct jw w;
	int rc, err;

	if (!name || !password) {
		json_decref(body);
		resp_error(r, 400, "请求体应为 {\"username\": …, \"password\": …}");
		return 0;
	}
	res = auth_login(r, name, password, &err);
	json_decref(body);
	if (res == LOGIN_BAD) {
		resp_error(r, 401, "用户名或密码不正确");
		return 0;
	}
	if (res == LOGIN_THROTTLED) {
		resp_error(r, 429, "登录失败次数过多，请 15 分钟后再试");
		return 0;
	}
	if (res != LOGIN_OK)
		return err;     /* answered by resp_store_error: 503 when busy */
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "csrf");
	jw_str(&w, r->csrf);
	jw_key(&w, "user");
	user_json(&w, r->user);
	jw_obj_end(&w);
	rc = json_end(r, 200);
	return rc;
}

int api_logout(struct req *r)
{
	struct jw w;
	int rc = auth_logout(r);

	if (rc)
		return rc;
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "ok");
	jw_bool(&w, true);
	jw_obj_end(&w);
	return json_end(r, 200);
}

int api_me(struct req *r)
{
	struct jw w;

	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "user");
	user_json(&w, r->user);
	jw_key(&w, "csrf");
	jw_str(&w, r->csrf);
	jw_obj_end(&w);
	return json_end(r, 200);
}

/* --- declarations --------------------------------------------------------- */

struct listing {
	struct jw *w;
	int64_t total;
};

static int list_row(void *ctx, const struct store_summary *s)
{
	struct listing *l = ctx;
	struct jw *w = l->w;

	l->total = s->total;
	jw_obj_begin(w);
	jw_key(w, "id");
	jw_int(w, s->id);
	jw_key(w, "revision");
	jw_int(w, s->rev);
	jw_key(w, "year");
	jw_int(w, s->year);
	jw_key(w, "department");
	jw_str(w, s->department);
	jw_key(w, "implementer");
	jw_str(w, s->implementer);
	jw_key(w, "name");
	jw_str(w, s->name);
	jw_key(w, "state");
	jw_str(w, wf_state_id(s->state));
	jw_key(w, "verdict");
	jw_str(w, s->verdict);
	jw_key(w, "errors");
	jw_int(w, s->n_error);
	jw_key(w, "warnings");
	jw_int(w, s->n_warning);
	jw_key(w, "annual");
	jw_amount(w, s->annual);
	jw_key(w, "updated_at");
	jw_str(w, s->updated_at);
	jw_obj_end(w);
	return 0;
}

int api_list(struct req *r)
{
	struct list_filter f = { 0 };
	struct listing l = { 0 };
	struct jw w;
	const char *v;
	int rc;

	f.year = (v = req_query(r, "year")) ? page_int(v) : 0;
	f.department = (v = req_query(r, "department")) && *v ? v : NULL;
	f.implementer = (v = req_query(r, "unit")) && *v ? v : NULL;
	f.state = (v = req_query(r, "state")) && *v ? v : NULL;
	f.verdict = (v = req_query(r, "verdict")) && *v ? v : NULL;
	f.has_errors = (v = req_query(r, "errors")) && *v && strcmp(v, "0") != 0;
	f.text = (v = req_query(r, "q")) && *v ? v : NULL;
	f.limit = (v = req_query(r, "limit")) ? page_int(v) : 100;
	if (f.limit <= 0 || f.limit > 1000)
		f.limit = 100;
	f.offset = (v = req_query(r, "offset")) ? page_int(v) : 0;
	access_filter(r, &f);
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "declarations");
	jw_arr_begin(&w);
	l.w = &w;
	if ((rc = store_list_page(r->store, &f, list_row, &l)))
		return rc;
	jw_arr_end(&w);
	jw_key(&w, "total");
	jw_int(&w, l.total);
	jw_key(&w, "limit");
	jw_int(&w, f.limit);
	jw_key(&w, "offset");
	jw_int(&w, f.offset);
	jw_obj_end(&w);
	return json_end(r, 200);
}

/* The FORMAT.md object of d with id, revision, state and the stored review. */
int api_get(struct req *r)
{
	struct store_meta m;
	struct store_review sr;
	struct decl d;
	struct strbuf obj = STRBUF_INIT;
	struct jw w;
	int64_t id;
	int rc, rev;
	const char *rq = req_query(r, "revision");

	if (!decl_id(r, &id, &m))
		return 0;
	rev = rq ? page_int(rq) : 0;
	sb_reset(&r->out);
	if (cache_decl_get(id, rev ? rev : m.rev, m.rev, (int)m.state, &r->out)) {
		resp_json(r, 200);
		return 0;
	}
	rc = store_get(r->store, id, rev, r->arena, &d, &rev);
	if (rc == JX_ENOTFOUND) {
		resp_error(r, 404, "没有这一版");
		return 0;
	}
	if (rc)
		return rc;
	/* the declaration object, then the extra keys spliced in before its end */
	jw_init(&w, &obj, true, 0);
	json_write_decl(&w, &d);
	if (obj.err)
		return obj.err;
	while (obj.len && obj.buf[obj.len - 1] != '}')
		obj.len--;
	sb_setlen(&obj, obj.len - 1);
	while (obj.len && (obj.buf[obj.len - 1] == '\n' || obj.buf[obj.len - 1] == ' '))
		sb_setlen(&obj, obj.len - 1);
	sb_reset(&r->out);
	sb_add(&r->out, obj.buf, obj.len);
	sb_release(&obj);
	sb_addf(&r->out, ",\n  \"id\": %lld,\n  \"revision\": %d,\n  \"current_revision\": %d,\n"
	                 "  \"state\": ", (long long)id, rev, m.rev);
	json_quote(&r->out, wf_state_id(m.state), strlen(wf_state_id(m.state)));
	if (m.approved_rev)
		sb_addf(&r->out, ",\n  \"approved_revision\": %d", m.approved_rev);
	else
		sb_adds(&r->out, ",\n  \"approved_revision\": null");
	sb_adds(&r->out, ",\n  \"review\": ");
	rc = store_get_review(r->store, id, rev, r->arena, &sr);
	if (rc == JX_ENOTFOUND) {
		sb_adds(&r->out, "null");
	} else if (rc) {
		return rc;
	} else {
		sb_adds(&r->out, "{\"profile\": ");
		json_quote(&r->out, sr.profile, strlen(sr.profile));
		sb_adds(&r->out, ", \"verdict\": ");
		json_quote(&r->out, sr.verdict, strlen(sr.verdict));
		sb_addf(&r->out, ", \"counts\": {\"error\": %d, \"warning\": %d, \"info\": %d}, \"findings\": ",
		        sr.n_error, sr.n_warning, sr.n_info);
		/* stored without what follows from the rule: written out whole */
		struct review rv;
		struct jw fw;
		review_init(&rv);
		if ((rc = review_load(&rv, sr.findings, sr.verdict))) {
			review_release(&rv);
			return rc;
		}
		jw_init(&fw, &r->out, false, 0);
		json_write_findings(&fw, &rv);
		review_release(&rv);
		sb_addc(&r->out, '}');
	}
	sb_adds(&r->out, "\n}");
	if ((rc = json_end(r, 200)))
		return rc;
	cache_decl_put(id, rev, m.rev, (int)m.state, r->out.buf, r->out.len);
	return 0;
}

struct one {
	struct req *r;
	struct decl *d;
	int n;
};

/* Keeps the one declaration of a PUT body (copied into the request's arena). */
static int keep_one(void *ctx, const struct decl *d)
{
	struct one *o = ctx;

	if (o->n++)
		return 0;
	return decl_copy(o->d, d, o->r->arena);
}

int api_put(struct req *r)
{
	struct store_meta m;
	struct decl d;
	struct one one = { .r = r, .d = &d };
	struct parse_opts opts = { .sink = keep_one, .sink_ctx = &one };
	struct diags diags;
	struct review rv;
	struct strbuf json = STRBUF_INIT;
	struct save_req rq = { 0 };
	struct save_prep pp;
	struct save_result sv;
	struct jw w;
	int64_t id;
	int rc;
	const char *base = req_query(r, "revision");

	if (!decl_id(r, &id, &m))
		return 0;
	if (!base && !(base = req_header(r, "If-Match"))) {
		resp_error(r, 428, "更新须给出所依据的版本：?revision=N 或 If-Match: N");
		return 0;
	}
	if (*base == '"')
		base++;
	{
		char digits[16];
		size_t k = 0;
		while (base[k] >= '0' && base[k] <= '9' && k < sizeof(digits) - 1) {
			digits[k] = base[k];
			k++;
		}
		digits[k] = '\0';
		rq.base_rev = page_int(digits);
	}
	if (rq.base_rev <= 0) {
		resp_error(r, 400, "版本号应为正整数");
		return 0;
	}
	diags_init(&diags);
	review_init(&rv);
	decl_init(&d);
	if ((rc = json_read(r->body, r->body_len, "请求体", &diags, &opts)))
		goto out;
	if (diags.n_error || one.n != 1) {
		json_begin(r, &w);
		jw_obj_begin(&w);
		jw_key(&w, "error");
		jw_str(&w, one.n > 1 ? "请求体应只有一份申报表" : "请求体不是有效的申报表");
		problems_json(&w, &diags);
		jw_obj_end(&w);
		rc = json_end(r, 422);
		goto out;
	}
	if ((rc = save_prepare(r->profile, &d, &rv, &json, &pp)))
		goto out;
	rq.user = r->user;
	rq.actor = r->user->name;
	rq.source = "API";
	rq.id = id;
	if ((rc = store_begin(r->store, 0)))
		goto out;
	/* decided in the write transaction, on what the put will write over */
	rc = save_store(r->store, &rq, &d, &pp, r->arena, &sv);
	if (!rc && !sv.stored) {
		rc = refuse_write(r, sv.decision, &sv.meta);
		goto out;
	}
	if (!end_write(r, rc, &rc))
		goto out;
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, id);
	jw_key(&w, "revision");
	jw_int(&w, sv.rev);
	jw_key(&w, "changed");
	jw_bool(&w, sv.res != PUT_UNCHANGED);
	jw_key(&w, "verdict");
	jw_str(&w, pp.review.verdict);
	jw_obj_end(&w);
	rc = json_end(r, 200);
out:
	sb_release(&json);
	review_release(&rv);
	diags_release(&diags);
	return rc;
}

struct api_hist {
	struct req *r;
	struct jw *w;
	int64_t id;
};

static int api_history_row(void *ctx, const struct store_history *h)
{
	struct api_hist *ah = ctx;
	struct jw *w = ah->w;

	jw_obj_begin(w);
	jw_key(w, "type");
	jw_str(w, h->is_event ? "event" : "revision");
	jw_key(w, "revision");
	jw_int(w, h->rev);
	jw_key(w, "at");
	jw_str(w, h->at);
	jw_key(w, "actor");
	jw_str(w, h->actor);
	if (h->is_event) {
		jw_key(w, "action");
		jw_str(w, h->action);
		jw_key(w, "from");
		jw_str(w, wf_state_id(h->from));
		jw_key(w, "to");
		jw_str(w, wf_state_id(h->to));
		jw_key(w, "verdict");
		jw_str(w, h->verdict ? h->verdict : "");
		jw_key(w, "comment");
		jw_str(w, h->comment ? h->comment : "");
		jw_key(w, "finding");
		jw_str(w, h->finding ? h->finding : "");
	} else {
		jw_key(w, "source");
		jw_str(w, h->source);
		jw_key(w, "verdict");
		jw_str(w, h->verdict);
		jw_key(w, "counts");
		jw_obj_begin(w);
		jw_key(w, "error");
		jw_int(w, h->n_error);
		jw_key(w, "warning");
		jw_int(w, h->n_warning);
		jw_key(w, "info");
		jw_int(w, h->n_info);
		jw_obj_end(w);
		jw_key(w, "changes");
		jw_arr_begin(w);
		{
			struct decl_change *v;
			size_t n;
			int rc;
			if ((rc = decl_diff_stored(ah->r->store, ah->id, h->rev, ah->r->arena, &v, &n)))
				return rc;
			for (size_t i = 0; i < n; i++) {
				jw_obj_begin(w);
				jw_key(w, "field");
				jw_str(w, v[i].key);
				jw_key(w, "label");
				jw_str(w, v[i].label);
				jw_key(w, "before");
				jw_str(w, v[i].before);
				jw_key(w, "after");
				jw_str(w, v[i].after);
				jw_obj_end(w);
			}
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}

int api_history(struct req *r)
{
	struct store_meta m;
	struct api_hist ah;
	struct jw w;
	int64_t id;
	int rc;

	if (!decl_id(r, &id, &m))
		return 0;
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, id);
	jw_key(&w, "state");
	jw_str(&w, wf_state_id(m.state));
	jw_key(&w, "history");
	jw_arr_begin(&w);
	ah = (struct api_hist){ r, &w, id };
	if ((rc = store_history(r->store, id, api_history_row, &ah)))
		return rc;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return json_end(r, 200);
}

int api_action(struct req *r)
{
	json_t *body = json_loadb(r->body, r->body_len, 0, NULL);
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *verdict = json_string_value(json_object_get(body, "verdict"));
	const char *comment = json_string_value(json_object_get(body, "comment"));
	const char *finding = json_string_value(json_object_get(body, "finding"));
	json_t *base = json_object_get(body, "revision");
	struct store_meta m;
	enum wf_action a;
	struct step st;
	struct jw w;
	int64_t id;
	int rc = 0;

	if (!decl_id(r, &id, &m))
		goto out;
	if (!action || !json_is_integer(base)) {
		resp_error(r, 400, "请求体应为 {\"action\": …, \"revision\": N, \"verdict\": …, \"comment\": …}");
		goto out;
	}
	a = wf_action_by_id(action);
	if ((rc = store_begin(r->store, 0)))
		goto out;
	rc = step_declaration(r->store, r->user, &m, a, (int)json_integer_value(base),
	                      wf_verdict_by_name(verdict), comment, finding, &st);
	if (!rc && st.status) {
		store_rollback(r->store);
		resp_error(r, st.status, st.stale ? "申报表已有新版本，请重新打开后再操作" : st.why);
		goto out;
	}
	if (!end_write(r, rc, &rc))
		goto out;
	json_begin(r, &w);
	jw_obj_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, id);
	jw_key(&w, "state");
	jw_str(&w, wf_state_id(wf_action_to(a, m.state)));
	jw_obj_end(&w);
	rc = json_end(r, 200);
out:
	json_decref(body);
	return rc;
}

int api_import(struct req *r)
{
	static const char *const what[3] = { "added", "updated", "unchanged" };
	struct import_result res;
	struct jw w;
	int rc;

	if ((rc = web_import(r, r->body, r->body_len, "请求体", &res))) {
		diags_release(&res.diags);
		return rc;
	}
	json_begin(r, &w);
	jw_obj_begin(&w);
	if (res.diags.n_error) {
		jw_key(&w, "error");
		jw_str(&w, "导入内容有问题，什么都没有保存");
		problems_json(&w, &res.diags);
	} else {
		jw_key(&w, "imported");
		jw_arr_begin(&w);
		for (size_t i = 0; i < res.n; i++) {
			jw_obj_begin(&w);
			jw_key(&w, "id");
			jw_int(&w, res.v[i].id);
			jw_key(&w, "revision");
			jw_int(&w, res.v[i].rev);
			jw_key(&w, "result");
			jw_str(&w, what[res.v[i].res]);
			jw_key(&w, "name");
			jw_str(&w, res.v[i].name);
			jw_key(&w, "verdict");
			jw_str(&w, res.v[i].verdict);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	rc = json_end(r, import_status(&res));
	diags_release(&res.diags);
	return rc;
}

/* --- review without storing ----------------------------------------------- */

struct checking {
	struct req *r;
	struct review rv;
	struct strbuf *out;
	int n;
	int err;
};

static int check_one(void *ctx, const struct decl *d)
{
	struct checking *c = ctx;
	struct review_origin o = { .file = "请求体", .line = 0 };
	struct jw w;
	int rc;

	if ((rc = review_decl(c->r->profile, d, &c->rv)))
		return rc;
	if (c->n++)
		sb_addc(c->out, ',');
	sb_adds(c->out, "\n  ");
	jw_init(&w, c->out, true, 1);
	json_write_review(&w, d, &c->rv, c->r->profile->name, &o);
	return 0;
}

int api_check(struct req *r)
{
	struct checking c = { .r = r, .out = &r->out };
	struct parse_opts opts = { .sink = check_one, .sink_ctx = &c };
	struct diags diags;
	struct jw w;
	int rc;

	diags_init(&diags);
	review_init(&c.rv);
	sb_reset(&r->out);
	sb_addc(&r->out, '[');
	rc = json_read(r->body, r->body_len, "请求体", &diags, &opts);
	if (!rc && diags.n_error) {
		json_begin(r, &w);
		jw_obj_begin(&w);
		jw_key(&w, "error");
		jw_str(&w, "内容不完整或格式有误，暂时无法审核");
		problems_json(&w, &diags);
		jw_obj_end(&w);
		rc = json_end(r, 422);
	} else if (!rc) {
		sb_adds(&r->out, c.n ? "\n]" : "]");
		rc = json_end(r, 200);
	}
	review_release(&c.rv);
	diags_release(&diags);
	return rc;
}
