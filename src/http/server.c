/*
 * server.c: `jixiao serve` on libmicrohttpd, the only file that knows it.
 *
 * A pool of threads serves connections; each request borrows a store
 * connection from a small pool (SQLite in WAL mode reads concurrently) and
 * owns an arena.  The body is read up to the route's limit (413 beyond);
 * urlencoded and multipart bodies become form fields through MHD's post
 * processor.  Then the route table (routes.c) picks the handler, the
 * session cookie names the user, the route's roles and CSRF demand are
 * checked, and the handler writes the response, which leaves with the
 * security headers every response carries.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../util/err.h"
#include "auth.h"
#include "cache.h"
#include "http.h"
#include "routes.h"

#define STORE_POOL_MAX 16
/* How long a request waits for another connection's write lock before it
 * is answered 503 (a thread of the pool waits meanwhile). */
#define SERVE_BUSY_MS 500

struct app {
	const char *db;
	const struct profile *profile;
	pthread_mutex_t lock;               /* guards the store pool */
	struct store *pool[STORE_POOL_MAX];
	int n_pool;
};

/* One form field, in the request's arena. */
struct field {
	const char *key;
	const char *filename;       /* an uploaded file's own name, or NULL */
	struct strbuf value;
	struct field *next;
};

/* Per-connection request state (MHD's con_cls). */
struct conn_req {
	struct req r;
	struct arena arena;
	const struct route *route;
	struct MHD_PostProcessor *pp;
	struct strbuf body;
	struct field *fields;
	size_t limit;
	bool too_big;
	bool bad_form;
};

static const char *const security_headers[][2] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	  "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "same-origin" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
};

/* --- the request API of http.h ------------------------------------------ */

const char *req_query(struct req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static struct field *find_field(struct req *r, const char *key)
{
	struct conn_req *cr = (struct conn_req *)r;     /* r is cr's first member */

	for (struct field *f = cr->fields; f; f = f->next)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

const char *req_form(struct req *r, const char *key)
{
	struct field *f = find_field(r, key);

	return f ? f->value.buf : NULL;
}

const char *req_form_filename(struct req *r, const char *key)
{
	struct field *f = find_field(r, key);

	return f ? f->filename : NULL;
}

size_t req_form_len(struct req *r, const char *key)
{
	struct field *f = find_field(r, key);

	return f ? f->value.len : 0;
}

bool req_param_id(struct req *r, int i, int64_t *id)
{
	const char *s = i < HTTP_PARAMS_MAX ? r->params[i] : NULL;
	int64_t v = 0;

	if (!s || !*s || *s == '0' || strlen(s) > 15)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return true;
}

void resp_html(struct req *r, int status)
{
	r->status = status;
	r->content_type_out = "text/html; charset=utf-8";
}

void resp_json(struct req *r, int status)
{
	r->status = status;
	r->content_type_out = "application/json; charset=utf-8";
}

void resp_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->location = arena_strdup(r->arena, location);
	sb_reset(&r->out);
	r->content_type_out = "text/plain; charset=utf-8";
}

/* --- the store pool ------------------------------------------------------- */

static struct store *borrow_store(struct app *app)
{
	struct store *s = NULL;
	char *msg = NULL;

	pthread_mutex_lock(&app->lock);
	if (app->n_pool)
		s = app->pool[--app->n_pool];
	pthread_mutex_unlock(&app->lock);
	if (!s && store_open(&s, app->db, &msg)) {
		fprintf(stderr, "jixiao serve: 无法打开数据库 %s：%s\n", app->db, msg ? msg : "");
		free(msg);
		return NULL;
	}
	if (s)
		store_busy_timeout(s, SERVE_BUSY_MS);
	return s;
}

static void return_store(struct app *app, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&app->lock);
	if (app->n_pool < STORE_POOL_MAX) {
		app->pool[app->n_pool++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&app->lock);
	store_close(s);
}

/* --- reading the request -------------------------------------------------- */

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data,
                                  uint64_t off, size_t size)
{
	struct conn_req *cr = cls;
	struct field *f;

	(void)kind, (void)content_type, (void)transfer_encoding;
	for (f = cr->fields; f; f = f->next)
		if (strcmp(f->key, key) == 0)
			break;
	if (f && off == 0)
		sb_reset(&f->value);    /* a key given again: its last value counts */
	if (!f) {
		if (!(f = arena_zalloc(&cr->arena, sizeof(*f))) ||
		    !(f->key = arena_strdup(&cr->arena, key))) {
			cr->bad_form = true;
			return MHD_NO;
		}
		sb_init(&f->value, cr->limit);
		f->next = cr->fields;
		cr->fields = f;
		if (filename && *filename)
			f->filename = arena_strdup(&cr->arena, filename);
	}
	sb_add(&f->value, data, size);
	if (f->value.err) {
		cr->too_big = f->value.err == JX_ETOOBIG;
		cr->bad_form = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static void free_conn_req(struct conn_req *cr)
{
	for (struct field *f = cr->fields; f; f = f->next)
		sb_release(&f->value);
	if (cr->pp)
		MHD_destroy_post_processor(cr->pp);
	sb_release(&cr->body);
	sb_release(&cr->r.out);
	arena_release(&cr->arena);
	free(cr);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
	(void)cls, (void)c, (void)code;
	if (*con_cls)
		free_conn_req(*con_cls);
	*con_cls = NULL;
}

/* --- answering ------------------------------------------------------------ */

static enum MHD_Result answer(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;
	size_t len = r->out.err ? 0 : r->out.len;
	char *body = sb_detach(&r->out, NULL);

	if (!body)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        r->content_type_out ? r->content_type_out : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->cache ? r->cache : "no-store");
	if (r->location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	if (r->disposition)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, r->disposition);
	if (r->status == 429)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "60");
	if (r->status == 503)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	ok = MHD_queue_response(c, (unsigned)(r->status ? r->status : 500), resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Runs the route: session, role, CSRF, then the handler. */
static void dispatch(struct app *app, struct conn_req *cr)
{
	struct req *r = &cr->r;
	const struct route *rt = cr->route;
	int rc;

	r->body = cr->body.buf;
	r->body_len = cr->body.len;
	if (!(r->store = borrow_store(app))) {
		resp_error(r, 503, "数据库暂时不可用");
		return;
	}
	if ((rt->flags & RF_READ) && (rc = store_begin(r->store, STORE_READ))) {
		resp_store_error(r, rc);
		goto out;
	}
	if ((rc = auth_session(r))) {
		resp_store_error(r, rc);
		goto out;
	}
	if (rt->roles != R_PUBLIC && !r->user) {
		if (rt->flags & RF_API) {
			resp_error(r, 401, "请先登录");
		} else {
			struct strbuf to = STRBUF_INIT;
			sb_adds(&to, "/login?next=");
			auth_url_encode(&to, r->path);
			resp_redirect(r, to.buf);
			sb_release(&to);
		}
		goto out;
	}
	if (rt->roles != R_PUBLIC && !(rt->roles & (1 << r->user->role))) {
		/* a page the role cannot use does not exist for it */
		resp_error(r, 404, "页面不存在");
		goto out;
	}
	if ((rt->flags & RF_CSRF) && !auth_csrf_ok(r)) {
		resp_error(r, 403, "请求已过期或来源不明（CSRF 校验失败），请刷新页面后重试");
		goto out;
	}
	if ((rc = rt->fn(r)))
		resp_store_error(r, rc);
out:
	if (rt->flags & RF_READ)
		store_rollback(r->store);   /* nothing was written: just end the snapshot */
	return_store(app, r->store);
	r->store = NULL;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct conn_req *cr = *con_cls;
	const char *len_hdr;

	(void)version;
	if (!cr) {
		const union MHD_ConnectionInfo *ci;
		char addr[INET6_ADDRSTRLEN] = "?";

		if (!(cr = calloc(1, sizeof(*cr))))
			return MHD_NO;
		arena_init(&cr->arena, 8192);
		cr->r.arena = &cr->arena;
		cr->r.conn = c;
		cr->r.app = app;
		cr->r.profile = app->profile;
		cr->r.method = arena_strdup(&cr->arena, method);
		cr->r.path = arena_strdup(&cr->arena, url);
		sb_init(&cr->r.out, 64u << 20);
		*con_cls = cr;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
				          sizeof(addr));
		}
		cr->r.client = arena_strdup(&cr->arena, addr);
		cr->route = route_match(method, url, cr->r.params, &cr->arena);
		if (cr->route)
			cr->r.route_flags = cr->route->flags;
		cr->limit = cr->route && (cr->route->flags & RF_UPLOAD) ? HTTP_UPLOAD_MAX : HTTP_BODY_MAX;
		sb_init(&cr->body, cr->limit);
		cr->r.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
		if (!cr->r.content_type)
			cr->r.content_type = "";
		len_hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len_hdr && strtoull(len_hdr, NULL, 10) > cr->limit)
			cr->too_big = true;
		if (cr->route && !cr->too_big &&
		    (strncmp(cr->r.content_type, "application/x-www-form-urlencoded", 33) == 0 ||
		     strncmp(cr->r.content_type, "multipart/form-data", 19) == 0))
			cr->pp = MHD_create_post_processor(c, 16 * 1024, post_field, cr);
		if (!cr->r.method || !cr->r.path || !cr->r.client)
			return MHD_NO;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cr->too_big) {
			sb_add(&cr->body, upload, *upload_size);
			if (cr->body.err)
				cr->too_big = true;
			else if (cr->pp && MHD_post_process(cr->pp, upload, *upload_size) != MHD_YES)
				cr->bad_form = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	/* the whole request is in; destroying the post processor delivers the
	 * last field of an urlencoded body */
	if (cr->pp) {
		if (MHD_destroy_post_processor(cr->pp) != MHD_YES)
			cr->bad_form = true;
		cr->pp = NULL;
	}
	if (!cr->route) {
		cr->r.route_flags = strncmp(url, "/api/", 5) == 0 ? RF_API : 0;
		resp_error(&cr->r, route_exists(url) ? 405 : 404,
		           route_exists(url) ? "不支持此请求方法" : "页面不存在");
	} else if (cr->too_big) {
		resp_error(&cr->r, 413, "请求内容过大");
	} else if (cr->bad_form) {
		resp_error(&cr->r, 400, "无法读取提交的表单");
	} else {
		dispatch(app, cr);
	}
	return answer(c, &cr->r);
}

/* --- starting and stopping ------------------------------------------------ */

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int server_run(const struct server_opts *o)
{
	struct app app = { .db = o->db, .profile = NULL };
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	sigset_t stop;
	int sig;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads > 0 ? (unsigned)o->threads : ncpu > 0 ? (unsigned)ncpu : 2;

	if (parse_listen(o->listen, &sa)) {
		fprintf(stderr, "jixiao serve: 无法识别的监听地址“%s”（应为 IPv4地址:端口，如 127.0.0.1:8080）\n",
		        o->listen);
		return JX_EINPUT;
	}
	app.profile = o->profile;
	pthread_mutex_init(&app.lock, NULL);
	/* the server's threads inherit a mask without these: only sigwait sees them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	                     handler, &app,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                     MHD_OPTION_THREAD_POOL_SIZE, threads,
	                     MHD_OPTION_NOTIFY_COMPLETED, completed, &app,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	                     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	                     MHD_OPTION_CONNECTION_LIMIT, 1000u,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "jixiao serve: 无法在 %s 上监听：%s\n", o->listen, strerror(errno));
		pthread_mutex_destroy(&app.lock);
		return JX_EIO;
	}
	while (sigwait(&stop, &sig) != 0)
		;
	MHD_stop_daemon(d);
	cache_release();
	for (int i = 0; i < app.n_pool; i++)
		store_close(app.pool[i]);
	pthread_mutex_destroy(&app.lock);
	return 0;
}
