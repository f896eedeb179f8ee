/*
 * http.h: what the handlers of `jixiao serve` see of a request.
 *
 * server.c is the only file that knows libmicrohttpd; it reads the request
 * (headers, cookies, query, a body within its size limit, form fields of
 * urlencoded and multipart bodies), finds the route (routes.def), checks
 * the session, the role and the CSRF token the route asks for, and calls
 * the handler with a struct req.  The handler fills in the response: a
 * status, a content type, a body in `out`, and maybe a cookie or a
 * redirect.  Everything a request allocates lives in its arena.
 */
#ifndef JX_HTTP_H
#define JX_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "../review/profile.h"
#include "../model/user.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

/* Role bits of a route; a user has exactly one role. */
enum {
	R_UNIT = 1 << ROLE_UNIT,
	R_DEPT = 1 << ROLE_DEPARTMENT,
	R_FIN = 1 << ROLE_FINANCE,
	R_ADMIN = 1 << ROLE_ADMIN,
	R_USERS = R_UNIT | R_DEPT | R_FIN | R_ADMIN,   /* anybody logged in */
	R_PUBLIC = 0,                                  /* no login needed */
};

/* Route flags. */
enum {
	RF_CSRF = 1,        /* a state change: needs the session's CSRF token */
	RF_API = 2,         /* errors as JSON, not pages */
	RF_UPLOAD = 4,      /* a large body (import): HTTP_UPLOAD_MAX instead of HTTP_BODY_MAX */
	RF_READ = 8,        /* reads only: one read transaction for the whole request */
};

#define HTTP_BODY_MAX (256 * 1024)
#define HTTP_UPLOAD_MAX (32 * 1024 * 1024)
#define HTTP_PARAMS_MAX 4

struct app;     /* server-wide state, server.c */

struct req {
	/* the request */
	const char *method;
	const char *path;
	const char *params[HTTP_PARAMS_MAX];    /* the {x} segments of the route */
	const char *body;                       /* raw body (NUL-terminated), "" if none */
	size_t body_len;
	const char *content_type;               /* "" if none */
	const char *client;                     /* the peer's address, for throttling (the
	                                         * X-Forwarded-For client behind a trusted proxy) */
	bool secure;                            /* came over TLS (a trusted proxy's
	                                         * X-Forwarded-Proto: https): cookies get Secure */
	void *conn;                             /* server.c's connection */
	struct arena *arena;                    /* dies with the request */
	unsigned route_flags;                   /* RF_ of the route */
	/* who asks */
	struct store *store;
	const struct profile *profile;
	struct user *user;                      /* NULL when not logged in */
	const char *csrf;                       /* the session's token */
	struct app *app;
	/* the response */
	int status;
	const char *content_type_out;
	struct strbuf out;
	const char *location;                   /* a redirect */
	const char *set_cookie;
	const char *cache;                      /* Cache-Control; default no-store */
	const char *disposition;                /* Content-Disposition, for downloads */
};

/* A query parameter or a form field (urlencoded or multipart); NULL if absent. */
const char *req_query(struct req *r, const char *key);
const char *req_form(struct req *r, const char *key);
/* The file name an uploaded field came with; NULL if none. */
const char *req_form_filename(struct req *r, const char *key);
/* Length of a form field (file uploads may hold NUL bytes); 0 if absent. */
size_t req_form_len(struct req *r, const char *key);
/* A request header; NULL if absent. */
const char *req_header(struct req *r, const char *name);
/* A cookie; NULL if absent. */
const char *req_cookie(struct req *r, const char *name);

/* Response helpers: set the status and the body. */
void resp_html(struct req *r, int status);              /* body already in r->out */
void resp_json(struct req *r, int status);              /* body already in r->out */
void resp_redirect(struct req *r, const char *location);   /* 303 See Other */
/* A JSON error {"error": message} or an error page, by the route's kind. */
void resp_error(struct req *r, int status, const char *message);
/* The answer to a request that failed with JX_ code rc (an operation of the
 * store, or anything else): 503 "数据库正忙，请稍后重试" when the store was
 * busy (answer() adds Retry-After to every 503), 507 "磁盘已满，数据未保存"
 * when the disk is full, else 500 "服务器内部错误".  Logs the method, the
 * path, the code and the store's message on stderr. */
void resp_store_error(struct req *r, int rc);

/* Path parameter i as a positive id; false when it is not one. */
bool req_param_id(struct req *r, int i, int64_t *id);

/* Handlers: 0 when the response is set, or a JX_ code (answered 500). */
typedef int handler_fn(struct req *r);

/* server.c: starts listening and serves until SIGINT or SIGTERM. */
struct server_opts {
	const char *db;
	const char *listen;         /* "127.0.0.1:8080" */
	const struct profile *profile;
	int threads;                /* 0: one per CPU */
	bool trust_proxy;           /* --trust-proxy: believe X-Forwarded-For/-Proto */
};
int server_run(const struct server_opts *o);

#endif
