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
 *
 * What a visitor can send is bounded before any handler runs: a query of
 * at most HTTP_QUERY_ARGS_MAX arguments in a URL of HTTP_URL_MAX bytes
 * (414 at once), headers within MHD's per-connection memory (431), a body
 * within the route's limit (413), HTTP_PER_ADDR_MAX connections per client
 * address (unless a trusted proxy, which every connection then comes from,
 * stands in front), and deadlines for a request's headers and body that a client
 * dripping one byte at a time cannot push back (a reaper thread shuts such
 * connections down).  server_start without a listening address serves
 * sockets handed to server_add_socket: the HTTP fuzz target drives the
 * same code through socketpairs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../util/err.h"
#include "auth.h"
#include "cache.h"
#include "http.h"
#include "routes.h"
#include "server.h"

#define STORE_POOL_MAX 16
/* How long a request waits for another connection's write lock before it
 * is answered 503 (a thread of the pool waits meanwhile). */
#define SERVE_BUSY_MS 500

/* One open connection, for the reaper: its socket and the moment by which
 * the request it waits for must have arrived (MHD's socket_context). */
struct conn_track {
	int fd;
	int64_t deadline_ms;                /* monotonic; 0: none (a response is on its way) */
	struct conn_track *prev, *next;
};

struct app {
	const char *db;
	const struct profile *profile;
	bool trust_proxy;
	pthread_mutex_t lock;               /* guards the store pool */
	struct store *pool[STORE_POOL_MAX];
	int n_pool;
	pthread_mutex_t conn_lock;          /* guards conns and stopping */
	pthread_cond_t conn_wake;
	struct conn_track *conns;
	bool stopping;
	pthread_t reaper;
};

struct server {
	struct app app;
	struct MHD_Daemon *d;
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
	bool started;               /* the handler has seen the headers */
	bool uri_too_long;          /* URL or query past HTTP_URL_MAX / HTTP_QUERY_ARGS_MAX */
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
		char shown[1024];
		fprintf(stderr, "jixiao serve: 无法打开数据库 %s：%s\n",
		        store_target_shown(app->db, shown, sizeof(shown)), msg ? msg : "");
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
	/* MHD passes NULL for what a part does not say: a part without a name
	 * cannot be asked for, so it is read past and ignored; a part with no
	 * data yet may come with data NULL and size 0 */
	if (!key || !*key)
		return MHD_YES;
	if (!data)
		size = 0;
	for (f = cr->fields; f; f = f->next)
		if (strcmp(f->key, key) == 0)
			break;
	if (!f) {
		if (!(f = arena_zalloc(&cr->arena, sizeof(*f))) ||
		    !(f->key = arena_strdup(&cr->arena, key))) {
			cr->bad_form = true;
			return MHD_NO;
		}
		sb_init(&f->value, cr->limit);
		f->next = cr->fields;
		cr->fields = f;
	}
	if (off == 0) {
		/* a new part (or a key given again: its last value counts) */
		sb_reset(&f->value);
		f->filename = filename && *filename ? arena_strdup(&cr->arena, filename) : NULL;
	}
	if (size)
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

/* --- connections and their deadlines ------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The connection's tracking record, NULL if it has none. */
static struct conn_track *track_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Sets when the connection's current wait must end (0: no deadline). */
static void set_deadline(struct app *app, struct MHD_Connection *c, int64_t deadline_ms)
{
	struct conn_track *t = track_of(c);

	if (!t)
		return;
	pthread_mutex_lock(&app->conn_lock);
	t->deadline_ms = deadline_ms;
	pthread_mutex_unlock(&app->conn_lock);
}

static void notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
	struct app *app = cls;
	struct conn_track *t = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(t = calloc(1, sizeof(*t))))
			return;         /* untracked: MHD's idle timeout still holds */
		t->fd = ci->connect_fd;
		t->deadline_ms = now_ms() + HTTP_HEADER_SECONDS * 1000;
		pthread_mutex_lock(&app->conn_lock);
		t->next = app->conns;
		if (app->conns)
			app->conns->prev = t;
		app->conns = t;
		pthread_mutex_unlock(&app->conn_lock);
		*socket_context = t;
		return;
	}
	if (!t)
		return;
	/* MHD closes the socket after this call: the reaper, which shuts
	 * sockets down under conn_lock, never sees a reused descriptor */
	pthread_mutex_lock(&app->conn_lock);
	if (t->prev)
		t->prev->next = t->next;
	else
		app->conns = t->next;
	if (t->next)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&app->conn_lock);
	free(t);
	*socket_context = NULL;
}

/* Every half second, shuts down the sockets whose request has not arrived
 * by its deadline: MHD's own timeout is an idle timeout that a client
 * sending one byte at a time resets forever. */
static void *reaper(void *cls)
{
	struct app *app = cls;
	struct timespec ts;

	pthread_mutex_lock(&app->conn_lock);
	while (!app->stopping) {
		int64_t now = now_ms();
		for (struct conn_track *t = app->conns; t; t = t->next)
			if (t->deadline_ms && now > t->deadline_ms) {
				shutdown(t->fd, SHUT_RDWR);
				t->deadline_ms = 0;
			}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 500 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&app->conn_wake, &app->conn_lock, &ts);
	}
	pthread_mutex_unlock(&app->conn_lock);
	return NULL;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
	(void)code;
	if (*con_cls)
		free_conn_req(*con_cls);
	*con_cls = NULL;
	/* a kept-alive connection: the next request's headers are due */
	set_deadline(cls, c, now_ms() + HTTP_HEADER_SECONDS * 1000);
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* Called with the request line's URI before MHD splits its query into
 * arguments, each of which takes room in the connection's fixed memory:
 * past HTTP_QUERY_ARGS_MAX arguments or HTTP_URL_MAX bytes the query is cut
 * off here (MHD then parses none of it) and the request is answered 414,
 * where MHD 0.9.75 would run out of memory and answer nothing, or stall
 * until its timeout.  The request's state begins here (MHD hands it back
 * as con_cls). */
static void *uri_arrived(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn_req *cr = calloc(1, sizeof(*cr));
	char *query = strchr(uri, '?');
	size_t args = 0;

	(void)cls, (void)c;
	if (query)
		for (const char *q = query; *q && args <= HTTP_QUERY_ARGS_MAX; q++)
			args += *q == '&' || q == query;
	if (strlen(uri) > HTTP_URL_MAX || args > HTTP_QUERY_ARGS_MAX) {
		if (query)
			query[1] = '\0';   /* uri is MHD's buffer, its query parsed next */
		if (cr)
			cr->uri_too_long = true;
	}
	return cr;
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
	if (r->secure)      /* came over TLS through a trusted proxy: keep to TLS */
		MHD_add_response_header(resp, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY,
		                        "max-age=31536000");
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

/* The rightmost address of the X-Forwarded-For headers (the one the proxy
 * in front of us added), or NULL. */
static enum MHD_Result last_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	const char **last = cls;

	(void)kind;
	if (key && value && strcasecmp(key, "X-Forwarded-For") == 0)
		*last = value;
	return MHD_YES;
}

/* Copies the last comma-separated item of list, trimmed, into out; false
 * when it does not fit. */
static bool last_item(const char *list, char *out, size_t size)
{
	const char *b = strrchr(list, ',');
	const char *e = list + strlen(list);

	b = b ? b + 1 : list;
	while (*b == ' ' || *b == '\t')
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if ((size_t)(e - b) >= size)
		return false;
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	return true;
}

/* r->client and r->secure: the peer's address and false, or behind a
 * trusted proxy (--trust-proxy) the address its X-Forwarded-For added
 * (when it is one) and whether its X-Forwarded-Proto said https. */
static void client_of(struct app *app, struct conn_req *cr)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(cr->r.conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "?", fwd[INET6_ADDRSTRLEN], proto[8];
	unsigned char bin[sizeof(struct in6_addr)];
	const char *xff = NULL, *xfp;

	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
			          sizeof(addr));
	}
	cr->r.secure = false;
	if (app->trust_proxy) {
		MHD_get_connection_values(cr->r.conn, MHD_HEADER_KIND, last_forwarded, &xff);
		if (xff && last_item(xff, fwd, sizeof(fwd)) &&
		    (inet_pton(AF_INET, fwd, bin) == 1 || inet_pton(AF_INET6, fwd, bin) == 1))
			memcpy(addr, fwd, strlen(fwd) + 1);
		xfp = MHD_lookup_connection_value(cr->r.conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
		cr->r.secure = xfp && last_item(xfp, proto, sizeof(proto)) && strcasecmp(proto, "https") == 0;
	}
	cr->r.client = arena_strdup(&cr->arena, addr);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct conn_req *cr = *con_cls;
	const char *len_hdr;

	(void)version;
	if (!cr && !(cr = *con_cls = calloc(1, sizeof(*cr))))
		return MHD_NO;
	if (!cr->started) {
		bool upload_route;

		cr->started = true;
		arena_init(&cr->arena, 8192);
		cr->r.arena = &cr->arena;
		cr->r.conn = c;
		cr->r.app = app;
		cr->r.profile = app->profile;
		cr->r.method = arena_strdup(&cr->arena, method);
		cr->r.path = arena_strdup(&cr->arena, url);
		sb_init(&cr->r.out, 64u << 20);
		client_of(app, cr);
		cr->route = cr->uri_too_long ? NULL : route_match(method, url, cr->r.params, &cr->arena);
		if (cr->route)
			cr->r.route_flags = cr->route->flags;
		upload_route = cr->route && (cr->route->flags & RF_UPLOAD);
		cr->limit = upload_route ? HTTP_UPLOAD_MAX : HTTP_BODY_MAX;
		/* the headers are in; the body has until the request's deadline */
		if (cr->route)
			set_deadline(app, c, now_ms() +
			             (upload_route ? HTTP_UPLOAD_SECONDS : HTTP_BODY_SECONDS) * 1000);
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
		if (!cr->uri_too_long && !cr->too_big)
			return MHD_YES;
		/* refused on its headers: answered at once, and MHD closes the
		 * connection instead of reading a body nobody wants */
		set_deadline(app, c, 0);
		if (!cr->route)
			cr->r.route_flags = strncmp(url, "/api/", 5) == 0 ? RF_API : 0;
		if (cr->uri_too_long)
			resp_error(&cr->r, 414, "网址过长或查询参数过多（网址最长 " STR(HTTP_URL_MAX)
			           " 字节，查询参数最多 " STR(HTTP_QUERY_ARGS_MAX) " 个）");
		else
			resp_error(&cr->r, 413, "请求内容过大");
		return answer(c, &cr->r);
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
	set_deadline(app, c, 0);   /* answering: MHD's idle timeout governs the sending */
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

/* Ends the reaper (when it runs) and frees what the daemon left. */
static void server_stop_app(struct server *srv, bool reaper_runs)
{
	struct app *app = &srv->app;

	if (reaper_runs) {
		pthread_mutex_lock(&app->conn_lock);
		app->stopping = true;
		pthread_cond_signal(&app->conn_wake);
		pthread_mutex_unlock(&app->conn_lock);
		pthread_join(app->reaper, NULL);
	}
	cache_release();
	for (int i = 0; i < app->n_pool; i++)
		store_close(app->pool[i]);
	pthread_cond_destroy(&app->conn_wake);
	pthread_mutex_destroy(&app->conn_lock);
	pthread_mutex_destroy(&app->lock);
	free(srv);
}

int server_start(const struct server_opts *o, struct server **out)
{
	struct server *srv = NULL;
	struct sockaddr_in sa;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads > 0 ? (unsigned)o->threads : ncpu > 0 ? (unsigned)ncpu : 2;
	/* poll, not epoll: MHD 0.9.75's epoll loop misses the end of a client
	 * that sends part of a request and half-closes, and keeps the connection
	 * until its timeout.  MHD's own log (to stderr) only for a server that
	 * listens: the fuzz target's odd requests would fill it */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | (o->listen ? MHD_USE_ERROR_LOG : 0);

	*out = NULL;
	if (o->listen && parse_listen(o->listen, &sa)) {
		fprintf(stderr, "jixiao serve: 无法识别的监听地址“%s”（应为 IPv4地址:端口，如 127.0.0.1:8080）\n",
		        o->listen);
		return JX_EINPUT;
	}
	if (!(srv = calloc(1, sizeof(*srv))))
		return JX_ENOMEM;
	srv->app.db = o->db;
	srv->app.profile = o->profile;
	srv->app.trust_proxy = o->trust_proxy;
	pthread_mutex_init(&srv->app.lock, NULL);
	pthread_mutex_init(&srv->app.conn_lock, NULL);
	pthread_cond_init(&srv->app.conn_wake, NULL);
	if (pthread_create(&srv->app.reaper, NULL, reaper, &srv->app)) {
		server_stop_app(srv, false);
		return JX_ENOMEM;
	}
	if (!o->listen)
		flags |= MHD_USE_NO_LISTEN_SOCKET;
	signal(SIGPIPE, SIG_IGN);
	srv->d = MHD_start_daemon(flags, 0, NULL, NULL, handler, &srv->app,
	                          MHD_OPTION_SOCK_ADDR, o->listen ? (struct sockaddr *)&sa : NULL,
	                          MHD_OPTION_THREAD_POOL_SIZE, threads,
	                          MHD_OPTION_NOTIFY_COMPLETED, completed, &srv->app,
	                          MHD_OPTION_NOTIFY_CONNECTION, notify_connection, &srv->app,
	                          MHD_OPTION_URI_LOG_CALLBACK, uri_arrived, &srv->app,
	                          MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
	                          MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_SECONDS,
	                          MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONN_MAX,
	                          MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                          o->trust_proxy ? 0u : (unsigned)HTTP_PER_ADDR_MAX,
	                          MHD_OPTION_END);
	if (!srv->d) {
		fprintf(stderr, "jixiao serve: 无法在 %s 上监听：%s\n", o->listen ? o->listen : "-",
		        strerror(errno));
		server_stop_app(srv, true);
		return JX_EIO;
	}
	*out = srv;
	return 0;
}

int server_add_socket(struct server *srv, int fd, const struct sockaddr *addr, socklen_t len)
{
	return MHD_add_connection(srv->d, fd, addr, len) == MHD_YES ? 0 : JX_EIO;
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->d);
	server_stop_app(srv, true);
}

int server_run(const struct server_opts *o)
{
	struct server *srv;
	sigset_t stop;
	int sig, rc;

	/* the server's threads inherit a mask without these: only sigwait sees them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	if ((rc = server_start(o, &srv)))
		return rc;
	while (sigwait(&stop, &sig) != 0)
		;
	server_stop(srv);
	return 0;
}
