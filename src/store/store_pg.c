/*
 * store_pg.c: the PostgreSQL engine of the store (a city's or a province's
 * server), on libpq.
 *
 * A target postgresql://… or postgres://… is a libpq URI.  Opening connects
 * and migrates (schema_pg.def: the versions of schema_sqlite.def, kept in
 * jixiao_schema, run under an advisory lock so that concurrent opens do not
 * race).  Statements come from pg.def, their ?N rewritten to $N, prepared
 * once per connection for each pattern of parameter types (int8, text,
 * bytea; NULL left to the server to infer), parameters sent in binary,
 * rows read one at a time.  Writers keep SQLite's guarantees with row locks
 * taken before the reads they write after (lock_of).  A bulk transaction
 * sends the rows load() is given with COPY.  Every server error becomes a
 * JX_ code in one place (pg_states, fail_res); a lost connection is busy,
 * and the next begin() connects again.
 */
#include <libpq-fe.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "engine.h"

/* The engine's own statements (LOCAL in pg.def) come after the store's. */
enum pg_local_id {
	Q__PG_LOCAL = Q__MAX - 1,
#define SQL(id, text)
#define LOCAL(id, text) Q_##id,
#include "pg.def"
#undef LOCAL
#undef SQL
	Q__PG_ALL
};

static const char *const pg_text[Q__PG_ALL] = {
#define SQL(id, text) [Q_##id] = text,
#define LOCAL(id, text) [Q_##id] = text,
#include "pg.def"
#undef LOCAL
#undef SQL
};

static const struct {
	int version;
	const char *sql;
} pg_migrations[] = {
#define MIGRATION(v, text) { v, text },
#include "schema_pg.def"
#undef MIGRATION
};
#define N_MIGRATIONS (sizeof(pg_migrations) / sizeof(pg_migrations[0]))

/* The key of the advisory lock migrations run under ("jixiao" in ASCII). */
#define MIGRATE_LOCK "106105120105097111"

/*
 * The row locks a write transaction takes before a read the store writes
 * after (pg.def): SQLite serializes writers whole, PostgreSQL row by row.
 * The lock is a statement of its own, so that the read after it, a new
 * statement in READ COMMITTED, sees what the writer it waited for committed.
 */
static const struct {
	int stmt, lock;
} lock_of[] = {
	{ Q_FIND_DECL, Q_LOCK_DECL_BY_KEY },
	{ Q_FIND_DECL_BY_ID, Q_LOCK_DECL },
	{ Q_DECL_STATE, Q_LOCK_DECL },
	{ Q_SE_STATE, Q_LOCK_DECL },
	{ Q_TARGET_BY_ID, Q_LOCK_DECL },
	{ Q_TARGET_BY_KEY, Q_LOCK_TARGET_BY_KEY },
	{ Q_MONITOR_ROUND_OF, Q_LOCK_ROUND },
	{ Q_LOGIN_TRY, Q_LOCK_LOGIN },
};

/* How long a statement waits for another connection's lock, unless
 * busy_timeout says otherwise (SET lock_timeout). */
#define BUSY_MS 5000

/* The most parameters a statement binds, and columns it returns. */
#define MAX_PARAMS 32
#define MAX_COLS 32

/* A bulk transaction sends its buffered rows once they reach this size. */
#define COPY_FLUSH (8u << 20)
/* Rows of one multi-row INSERT (load outside a bulk transaction). */
#define LOAD_ROWS 256
/* Statements load() may buffer at once in a bulk transaction. */
#define MAX_COPIES 8

/* A statement prepared for one pattern of parameter types ("itbn"). */
struct prep {
	struct prep *next;
	char sig[MAX_PARAMS + 1];
};

/* Rows of one statement waiting for COPY. */
struct copy_buf {
	int id;
	struct strbuf data;
};

enum tx { TX_NONE, TX_WRITE, TX_READ };

/*
 * A statement whose rows are still coming.  SQLite runs a statement from
 * inside another's row callback (the history's page reads each revision's
 * predecessor while it lists them); a libpq connection runs one at a time:
 * before another statement is sent, the rest of this one's results are
 * read ahead into q, and its callback goes on from there.
 */
struct inflight {
	struct inflight *outer;
	PGresult **q;
	size_t n, cap, next;
	bool drained;               /* its results come from q */
	bool nomem;                 /* q could not hold them all */
};

struct store_pg {
	struct engine base;
	PGconn *conn;
	struct prep *prep[Q__PG_ALL];
	unsigned long gen;          /* the connection's generation: names of prepared statements */
	struct strbuf err;
	int code;                   /* the JX_ code of the last failure */
	enum tx tx;
	bool bulk;                  /* a bulk transaction: load() buffers rows for COPY */
	bool lost;                  /* the connection broke: begin() connects again */
	int busy_ms, sent_busy_ms;  /* lock_timeout wanted, and last set (-1: not yet) */
	struct inflight *inflight;  /* the innermost statement reading rows */
	struct copy_buf copies[MAX_COPIES];
	size_t n_copies;
	/* per statement: 0 not yet known, 1 COPY-able, -1 not */
	signed char copyable[Q__PG_ALL];
	char *copy_sql[Q__PG_ALL];  /* "COPY table (columns) FROM STDIN" */
	size_t copy_cols[Q__PG_ALL];        /* and its number of columns */
};

#define E(e) ((struct store_pg *)(e))

/*
 * What a SQLSTATE (or its two-character class) means to the caller: the JX_
 * code, the lost connection, and for the failures a user can act on what to
 * tell them (%d: the lock timeout in ms).  Any other is JX_ESTORE with the
 * server's own words.
 */
#define PG_BUSY "数据库正忙，请稍后重试："
#define PG_LOST "数据库连接中断，请稍后重试：与 PostgreSQL 服务器的连接已断开"
static const struct {
	const char *state;
	int code;
	bool lost;
	const char *text;
} pg_states[] = {
	{ "23505", JX_EEXIST, false, NULL },
	{ "40001", JX_EBUSY, false, PG_BUSY "与另一个连接同时写入同一数据，本次已撤销" },
	{ "40P01", JX_EBUSY, false, PG_BUSY "与另一个连接互相等待（死锁），本次已撤销" },
	{ "55P03", JX_EBUSY, false, PG_BUSY "另一个连接正在写入，等待 %d 毫秒后仍未轮到" },
	{ "57014", JX_EBUSY, false, PG_BUSY "语句等待超时，已被取消" },
	{ "53100", JX_EFULL, false, "磁盘已满，数据未保存：数据库服务器的磁盘没有剩余空间" },
	{ "53200", JX_ENOMEM, false, NULL },
	{ "57P01", JX_EBUSY, true, PG_LOST },
	{ "57P02", JX_EBUSY, true, PG_LOST },
	{ "57P03", JX_EBUSY, true, PG_LOST },
	{ "08", JX_EBUSY, true, PG_LOST },
};
#define N_STATES (sizeof(pg_states) / sizeof(pg_states[0]))

/* The row of pg_states for state (NULL: the connection is gone), or N_STATES. */
static size_t state_row(struct store_pg *e, const char *state)
{
	size_t i;

	if (!state || PQstatus(e->conn) != CONNECTION_OK)
		state = PQstatus(e->conn) == CONNECTION_OK ? "XX000" : "08000";
	for (i = 0; i < N_STATES; i++)
		if (strcmp(pg_states[i].state, state) == 0)
			return i;
	for (i = 0; i < N_STATES; i++)
		if (strlen(pg_states[i].state) == 2 && strncmp(pg_states[i].state, state, 2) == 0)
			return i;
	return N_STATES;
}

/* The first line of a libpq message, without its trailing line break. */
static size_t line_len(const char *msg)
{
	size_t n = strcspn(msg, "\n");

	while (n && (msg[n - 1] == '\r' || msg[n - 1] == ' '))
		n--;
	return n;
}

/*
 * Records the failure of `what` (NULL: not said): SQLSTATE state with the
 * server's message msg (NULL: the connection's) in e->err and e->code, and
 * returns the code: "what: msg", after the Chinese text in （） when there
 * is one.
 */
static int fail_state(struct store_pg *e, const char *state, const char *what, const char *msg)
{
	size_t i = state_row(e, state);
	const char *text = i < N_STATES ? pg_states[i].text : NULL;

	if (!msg || !*msg)
		msg = PQerrorMessage(e->conn);
	if (!*msg)
		msg = "no connection";
	sb_reset(&e->err);
	if (text) {
		sb_addf(&e->err, text, e->busy_ms);
		sb_adds(&e->err, "（");
	}
	if (what)
		sb_addf(&e->err, "%s: ", what);
	sb_add(&e->err, msg, line_len(msg));
	if (text)
		sb_adds(&e->err, "）");
	if (i < N_STATES && pg_states[i].lost)
		e->lost = true;
	e->code = i < N_STATES ? pg_states[i].code : JX_ESTORE;
	return e->code;
}

/* The failure of a result (NULL: none came). */
static int fail_res(struct store_pg *e, PGresult *res, const char *what)
{
	return fail_state(e, res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL, what,
	                  res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL);
}

/* Runs sql (one or more statements, no parameters, no rows wanted). */
static int exec(struct store_pg *e, const char *sql)
{
	PGresult *res = PQexec(e->conn, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = fail_res(e, res, strlen(sql) <= 60 ? sql : NULL);
	PQclear(res);
	return rc;
}

/* Notices (an extension that already exists …) are nobody's business. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* --- opening ---------------------------------------------------------------- */

/*
 * What a failed connection says (the first line of PQerrorMessage), in the
 * user's words: the first row whose needle the line holds.
 */
static const struct {
	const char *needle;
	const char *text;
} connect_faults[] = {
	{ "password authentication failed", "用户名或密码错误" },
	{ "no password supplied", "服务器要求密码，但没有提供" },
	{ "authentication failed", "身份验证失败" },
	{ "role \"", "用户不存在" },
	{ "does not exist", "数据库不存在" },
	{ "permission denied", "没有连接该数据库的权限" },
	{ "no pg_hba.conf entry", "服务器的 pg_hba.conf 不允许此主机或用户连接" },
	{ "Connection refused", "服务器不可达，该地址和端口上没有数据库服务器在监听" },
	{ "No such file or directory", "服务器不可达，本机没有该端口的数据库服务器" },
	{ "could not translate host name", "主机名无法解析" },
	{ "Network is unreachable", "服务器不可达，网络不通" },
	{ "No route to host", "服务器不可达，网络不通" },
	{ "timeout expired", "连接超时" },
	{ "too many", "服务器的连接数已满" },
	{ "starting up", "服务器正在启动" },
	{ "shutting down", "服务器正在关闭" },
	{ "invalid", "连接地址有误" },
};

/* One line: the server, its port and database, what failed and libpq's
 * reason (its first line, from "failed: " on, without "FATAL:"). */
static int connect_fail(struct store_pg *e)
{
	const char *msg = PQerrorMessage(e->conn), *why = msg, *p;
	const char *host = PQhost(e->conn), *port = PQport(e->conn), *db = PQdb(e->conn);
	const char *what = "连接失败";
	size_t n = line_len(msg);

	if ((p = strstr(msg, "failed: ")) && p < msg + n)
		why = p + strlen("failed: ");
	if (strncmp(why, "FATAL:", 6) == 0)
		for (why += 6; *why == ' '; why++)
			;
	for (size_t i = 0; i < sizeof(connect_faults) / sizeof(connect_faults[0]); i++) {
		if ((p = strstr(why, connect_faults[i].needle)) && p < msg + n) {
			what = connect_faults[i].text;
			break;
		}
	}
	sb_reset(&e->err);
	sb_addf(&e->err, "无法连接 PostgreSQL 服务器 %s 端口 %s 上的数据库 %s：%s（",
	        host && *host ? host : "（默认）", port && *port ? port : "5432",
	        db && *db ? db : "（默认）", what);
	sb_add(&e->err, why, (size_t)(msg + n - why));
	sb_adds(&e->err, "）");
	e->code = JX_ESTORE;
	return JX_ESTORE;
}

/* The schema's version, 0 for a new database (its table created). */
static int schema_version(struct store_pg *e, int *version)
{
	PGresult *res;
	int rc;

	if ((rc = exec(e, "CREATE TABLE IF NOT EXISTS jixiao_schema (version bigint NOT NULL)")))
		return rc;
	res = PQexec(e->conn, "SELECT max(version) FROM jixiao_schema");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail_res(e, res, "schema version");
		PQclear(res);
		return rc;
	}
	*version = PQgetisnull(res, 0, 0) ? 0 : (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/* Every migration above the database's version, in one transaction under
 * the advisory lock: a concurrent open waits, then finds nothing to do. */
static int migrate(struct store_pg *e)
{
	char set[96];
	int version = 0, rc;
	int latest = pg_migrations[N_MIGRATIONS - 1].version;

	if ((rc = exec(e, "BEGIN ISOLATION LEVEL READ COMMITTED")))
		return rc;
	if ((rc = exec(e, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")")) ||
	    (rc = schema_version(e, &version)))
		goto out;
	if (version > latest) {
		sb_reset(&e->err);
		sb_addf(&e->err, "数据库结构版本 %d 高于本程序支持的版本，请升级 jixiao", version);
		rc = e->code = JX_ESTORE;
		goto out;
	}
	for (size_t i = 0; i < N_MIGRATIONS; i++) {
		if (pg_migrations[i].version <= version)
			continue;
		if ((rc = exec(e, pg_migrations[i].sql))) {
			/* which one failed, before the server's words */
			struct strbuf m = STRBUF_INIT;
			sb_addf(&m, "migration %d: %s", pg_migrations[i].version, e->err.buf);
			sb_reset(&e->err);
			sb_adds(&e->err, m.buf);
			sb_release(&m);
			goto out;
		}
	}
	if (version < latest) {
		snprintf(set, sizeof(set), "DELETE FROM jixiao_schema; INSERT INTO jixiao_schema VALUES (%d)",
		         latest);
		if ((rc = exec(e, set)))
			goto out;
	}
	rc = exec(e, "COMMIT");
out:
	if (rc && PQtransactionStatus(e->conn) != PQTRANS_IDLE) {
		PGresult *res = PQexec(e->conn, "ROLLBACK");
		PQclear(res);
	}
	return rc;
}

static void forget_prepared(struct store_pg *e)
{
	for (int i = 0; i < Q__PG_ALL; i++) {
		while (e->prep[i]) {
			struct prep *p = e->prep[i];
			e->prep[i] = p->next;
			free(p);
		}
	}
	e->gen++;
	e->sent_busy_ms = -1;
}

static void copies_clear(struct store_pg *e)
{
	for (size_t i = 0; i < e->n_copies; i++)
		sb_release(&e->copies[i].data);
	e->n_copies = 0;
}

static void pg_close(struct engine *base)
{
	struct store_pg *e = E(base);

	if (e->conn)
		PQfinish(e->conn);
	forget_prepared(e);
	copies_clear(e);
	for (int i = 0; i < Q__PG_ALL; i++)
		free(e->copy_sql[i]);
	sb_release(&e->err);
	free(e);
}

static int pg_open(struct engine **out, const char *target)
{
	/* the URI's own settings override connect_timeout and
	 * application_name; the client encoding is always UTF-8 */
	const char *const keys[] = { "connect_timeout", "application_name", "dbname",
		                     "client_encoding", NULL };
	const char *const vals[] = { "10", "jixiao", target, "UTF8", NULL };
	struct store_pg *e;

	if (!(e = calloc(1, sizeof(*e))))
		return JX_ENOMEM;
	e->base.ops = &engine_pg;
	e->busy_ms = BUSY_MS;
	e->sent_busy_ms = -1;
	sb_init(&e->err, 4096);
	*out = &e->base;
	if (!(e->conn = PQconnectdbParams(keys, vals, 1))) {
		sb_adds(&e->err, jx_strerror(JX_ENOMEM));
		return e->code = JX_ENOMEM;
	}
	if (PQstatus(e->conn) != CONNECTION_OK)
		return connect_fail(e);
	PQsetNoticeProcessor(e->conn, quiet, NULL);
	return migrate(e);
}

/* --- statements ------------------------------------------------------------- */

/* The text of a statement with ?N as $N (outside quotes). */
static int pg_sql(const char *text, struct strbuf *sql)
{
	char quote = 0;

	for (const char *p = text; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && p[1] >= '1' && p[1] <= '9') {
			sb_addc(sql, '$');
			continue;
		}
		sb_addc(sql, *p);
	}
	return sql->err;
}

/* The type of a parameter as the statement is prepared for it. */
static char type_char(const struct eng_val *v)
{
	return v->type == EV_INT ? 'i' : v->type == EV_TEXT ? 't' : v->type == EV_BLOB ? 'b' : 'n';
}

static Oid type_oid(char c)
{
	return c == 'i' ? 20 : c == 't' ? 25 : c == 'b' ? 17 : 0;
}

/* The name under which statement id is prepared for parameters p (prepared
 * now when it is not yet); NULL after a failure. */
static const char *prepared(struct store_pg *e, int id, const struct eng_val *p, size_t n,
                            char name[64])
{
	char sig[MAX_PARAMS + 1];
	Oid types[MAX_PARAMS];
	struct strbuf sql = STRBUF_INIT;
	struct prep *pr;
	PGresult *res;

	if (n > MAX_PARAMS) {
		sb_reset(&e->err);
		sb_addf(&e->err, "%s: too many parameters", stmt_name((enum stmt_id)id));
		e->code = JX_ESTORE;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		sig[i] = type_char(&p[i]);
		types[i] = type_oid(sig[i]);
	}
	sig[n] = 0;
	snprintf(name, 64, "jx%lu_%d_%s", e->gen, id, sig);
	for (pr = e->prep[id]; pr; pr = pr->next)
		if (strcmp(pr->sig, sig) == 0)
			return name;
	if (!(pr = calloc(1, sizeof(*pr))) || pg_sql(pg_text[id], &sql)) {
		free(pr);
		sb_release(&sql);
		sb_reset(&e->err);
		sb_adds(&e->err, "prepare: out of memory");
		e->code = JX_ENOMEM;
		return NULL;
	}
	res = PQprepare(e->conn, name, sql.buf, (int)n, types);
	sb_release(&sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_res(e, res, "prepare");
		PQclear(res);
		free(pr);
		return NULL;
	}
	PQclear(res);
	memcpy(pr->sig, sig, n + 1);
	pr->next = e->prep[id];
	e->prep[id] = pr;
	return name;
}

/* Parameters in binary: int8 big-endian (in ints[i]), text and bytea as
 * they are; types[] (when not NULL) as prepared() gives them. */
static void params_fill(const struct eng_val *p, size_t n, const char **val, int *len, int *fmt,
                        Oid *types, unsigned char (*ints)[8])
{
	for (size_t i = 0; i < n; i++) {
		fmt[i] = 1;
		if (types)
			types[i] = type_oid(type_char(&p[i]));
		switch (p[i].type) {
		case EV_INT:
			for (int k = 0; k < 8; k++)
				ints[i][k] = (unsigned char)((uint64_t)p[i].i >> (56 - 8 * k));
			val[i] = (const char *)ints[i];
			len[i] = 8;
			break;
		case EV_TEXT:
		case EV_BLOB:
			val[i] = p[i].n ? p[i].p : "";
			len[i] = (int)p[i].n;
			break;
		default:
			val[i] = NULL;
			len[i] = 0;
		}
	}
}

/* Row r of res as values; bytea columns unescaped into blobs[] (freed by
 * the caller). */
static size_t row_vals(PGresult *res, int r, struct eng_val *col, unsigned char **blobs)
{
	int n = PQnfields(res);

	if (n > MAX_COLS)
		n = MAX_COLS;
	for (int i = 0; i < n; i++) {
		const char *v = PQgetvalue(res, r, i);
		size_t len = (size_t)PQgetlength(res, r, i);
		blobs[i] = NULL;
		if (PQgetisnull(res, r, i)) {
			col[i] = ev_null();
			continue;
		}
		switch (PQftype(res, i)) {
		case 16:        /* bool */
			col[i] = ev_int(v[0] == 't');
			break;
		case 20:        /* int8 */
		case 21:        /* int2 */
		case 23:        /* int4 */
		case 26:        /* oid */
		case 1700:      /* numeric: sum() of bigints */
			col[i] = ev_int(strtoll(v, NULL, 10));
			break;
		case 17: {      /* bytea */
			size_t bn = 0;
			blobs[i] = PQunescapeBytea((const unsigned char *)v, &bn);
			col[i] = ev_blob(blobs[i] ? blobs[i] : (const unsigned char *)"", bn);
			break;
		}
		default:
			col[i] = (struct eng_val){ .type = EV_TEXT, .p = v, .n = len };
		}
	}
	return (size_t)n;
}

/* Reads the rest of the results of the statement in flight, if one is, into
 * its queue: the connection is free for another. */
static void drain(struct store_pg *e)
{
	struct inflight *f = e->inflight;
	PGresult *res;

	if (!f || f->drained)
		return;
	f->drained = true;
	while ((res = PQgetResult(e->conn))) {
		if (f->n == f->cap) {
			size_t cap = f->cap ? 2 * f->cap : 64;
			PGresult **q = realloc(f->q, cap * sizeof(*q));
			if (!q) {
				f->nomem = true;
				PQclear(res);
				continue;
			}
			f->q = q;
			f->cap = cap;
		}
		f->q[f->n++] = res;
	}
}

/* The next result of statement f: from the connection, or its queue. */
static PGresult *next_result(struct store_pg *e, struct inflight *f)
{
	if (!f->drained)
		return PQgetResult(e->conn);
	return f->next < f->n ? f->q[f->next++] : NULL;
}

/* Sends prepared statement `name` and reads its rows one at a time into fn
 * (NULL: none wanted), which may run statements of its own; *changes from
 * its command tag. */
static int run_prepared(struct store_pg *e, const char *name, const char *what,
                        const struct eng_val *p, size_t n, eng_row_fn fn, void *ctx,
                        int64_t *changes)
{
	const char *val[MAX_PARAMS];
	int len[MAX_PARAMS], fmt[MAX_PARAMS];
	unsigned char ints[MAX_PARAMS][8];
	struct eng_val col[MAX_COLS];
	unsigned char *blobs[MAX_COLS];
	PGresult *res;
	int rc = 0;

	struct inflight me = { .outer = e->inflight };

	drain(e);
	params_fill(p, n, val, len, fmt, NULL, ints);
	if (!PQsendQueryPrepared(e->conn, name, (int)n, val, len, fmt, 0))
		return fail_state(e, NULL, what, NULL);
	PQsetSingleRowMode(e->conn);
	e->inflight = &me;
	while ((res = next_result(e, &me))) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE) {
			if (!rc && fn) {
				size_t nc = row_vals(res, 0, col, blobs);
				rc = fn(ctx, col, nc);
				for (size_t i = 0; i < nc; i++)
					PQfreemem(blobs[i]);
			}
		} else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			/* rows written: a query's count of rows is none */
			if (!rc && changes && strncmp(PQcmdStatus(res), "SELECT", 6) != 0)
				*changes = strtoll(PQcmdTuples(res), NULL, 10);
		} else if (!rc) {
			rc = fail_res(e, res, what);
		}
		PQclear(res);
	}
	e->inflight = me.outer;
	free(me.q);
	if (!rc && me.nomem) {
		sb_reset(&e->err);
		sb_addf(&e->err, "%s: out of memory", what);
		rc = e->code = JX_ENOMEM;
	}
	if (!rc && PQstatus(e->conn) != CONNECTION_OK)
		rc = fail_state(e, NULL, what, NULL);
	return rc;
}

/* Runs statement id (`what` in messages) as e->run does. */
static int run_stmt(struct store_pg *e, int id, const char *what, const struct eng_val *p,
                    size_t n, eng_row_fn fn, void *ctx, int64_t *changes)
{
	char name[64];

	if (changes)
		*changes = 0;
	if (e->lost)
		return fail_state(e, "08000", what, "connection lost");
	if (!prepared(e, id, p, n, name))
		return e->code;
	return run_prepared(e, name, what, p, n, fn, ctx, changes);
}

/* --- bulk: COPY ------------------------------------------------------------- */

/*
 * Whether statement id, with n_cols parameters, is a plain
 * "INSERT INTO t (c, …) VALUES (?1, …, ?n)" that COPY can do; its COPY
 * command is kept in e->copy_sql[id].
 */
static bool copyable(struct store_pg *e, int id, size_t n_cols)
{
	const char *text = pg_text[id], *values, *p;
	struct strbuf sb = STRBUF_INIT;

	if (e->copyable[id])
		return e->copyable[id] > 0 && e->copy_cols[id] == n_cols;
	e->copyable[id] = -1;
	if (!n_cols || strncmp(text, "INSERT INTO ", 12) != 0 ||
	    !(values = strstr(text, " VALUES (")))
		return false;
	p = values + strlen(" VALUES (");
	for (size_t i = 1; i <= n_cols; i++) {
		char want[16];
		int w = snprintf(want, sizeof(want), i < n_cols ? "?%zu, " : "?%zu)", i);
		if (strncmp(p, want, (size_t)w) != 0)
			return false;
		p += w;
	}
	if (*p)
		return false;
	sb_adds(&sb, "COPY ");
	sb_add(&sb, text + 12, (size_t)(values - text - 12));
	sb_adds(&sb, " FROM STDIN");
	if (sb.err) {
		sb_release(&sb);
		return false;
	}
	e->copy_sql[id] = sb_detach(&sb, NULL);
	e->copy_cols[id] = n_cols;
	e->copyable[id] = 1;
	return true;
}

/* A value in COPY's text format. */
static void copy_val(struct strbuf *sb, const struct eng_val *v)
{
	static const char hex[] = "0123456789abcdef";

	switch (v->type) {
	case EV_INT:
		sb_addf(sb, "%lld", (long long)v->i);
		break;
	case EV_TEXT:
		for (size_t i = 0; i < v->n; i++) {
			char c = v->p[i];
			const char *esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
			                : c == '\t' ? "\\t" : NULL;
			if (esc)
				sb_adds(sb, esc);
			else
				sb_addc(sb, c);
		}
		break;
	case EV_BLOB:
		sb_adds(sb, "\\\\x");
		for (size_t i = 0; i < v->n; i++) {
			sb_addc(sb, hex[(unsigned char)v->p[i] >> 4]);
			sb_addc(sb, hex[(unsigned char)v->p[i] & 15]);
		}
		break;
	default:
		sb_adds(sb, "\\N");
	}
}

/* Sends every buffered row with COPY, statement by statement in the order
 * they came; the buffers are emptied whatever happens. */
static int copies_flush(struct store_pg *e)
{
	int rc = 0;

	for (size_t i = 0; i < e->n_copies && !rc; i++) {
		struct copy_buf *c = &e->copies[i];
		PGresult *res;
		if (c->data.err) {
			sb_reset(&e->err);
			sb_adds(&e->err, "bulk load: out of memory");
			rc = e->code = JX_ENOMEM;
			break;
		}
		if (!c->data.len)
			continue;
		res = PQexec(e->conn, e->copy_sql[c->id]);
		if (PQresultStatus(res) != PGRES_COPY_IN) {
			rc = fail_res(e, res, stmt_name((enum stmt_id)c->id));
			PQclear(res);
			break;
		}
		PQclear(res);
		if (PQputCopyData(e->conn, c->data.buf, (int)c->data.len) != 1 ||
		    PQputCopyEnd(e->conn, NULL) != 1) {
			rc = fail_state(e, NULL, stmt_name((enum stmt_id)c->id), NULL);
			break;
		}
		while ((res = PQgetResult(e->conn))) {
			if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
				rc = fail_res(e, res, stmt_name((enum stmt_id)c->id));
			PQclear(res);
		}
	}
	copies_clear(e);
	return rc;
}

/* Buffers n_rows rows of statement id for COPY. */
static int copy_add(struct store_pg *e, int id, const struct eng_val *rows, size_t n_cols,
                    size_t n_rows)
{
	struct copy_buf *c = NULL;
	size_t total = 0;

	for (size_t i = 0; i < e->n_copies; i++) {
		if (e->copies[i].id == id)
			c = &e->copies[i];
		total += e->copies[i].data.len;
	}
	if (!c) {
		if (e->n_copies == MAX_COPIES) {
			int rc = copies_flush(e);
			if (rc)
				return rc;
		}
		c = &e->copies[e->n_copies++];
		c->id = id;
		sb_init(&c->data, 0);
	}
	for (size_t r = 0; r < n_rows; r++) {
		for (size_t k = 0; k < n_cols; k++) {
			if (k)
				sb_addc(&c->data, '\t');
			copy_val(&c->data, &rows[r * n_cols + k]);
		}
		sb_addc(&c->data, '\n');
	}
	return total + c->data.len >= COPY_FLUSH ? copies_flush(e) : 0;
}

/* Outside a bulk transaction: the rows in INSERTs of up to LOAD_ROWS rows
 * each (the statement's row of parameters repeated, numbered on). */
static int insert_rows(struct store_pg *e, int id, const struct eng_val *rows, size_t n_cols,
                       size_t n_rows)
{
	const char *text = pg_text[id], *values = strstr(text, " VALUES (");
	size_t per = 65535 / n_cols < LOAD_ROWS ? 65535 / n_cols : LOAD_ROWS, max = per * n_cols;
	const char **val = calloc(max, sizeof(*val));
	int *len = calloc(max, sizeof(*len)), *fmt = calloc(max, sizeof(*fmt));
	Oid *types = calloc(max, sizeof(*types));
	unsigned char (*ints)[8] = calloc(max, sizeof(*ints));
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	if (!val || !len || !fmt || !types || !ints) {
		rc = JX_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n_rows && !rc; i += per) {
		size_t k = n_rows - i < per ? n_rows - i : per, np = k * n_cols;
		PGresult *res;
		params_fill(rows + i * n_cols, np, val, len, fmt, types, ints);
		sb_reset(&sql);
		sb_add(&sql, text, (size_t)(values - text));
		sb_adds(&sql, " VALUES ");
		for (size_t r = 0; r < k; r++) {
			sb_adds(&sql, r ? ", (" : "(");
			for (size_t c = 0; c < n_cols; c++)
				sb_addf(&sql, c ? ", $%zu" : "$%zu", r * n_cols + c + 1);
			sb_addc(&sql, ')');
		}
		if (sql.err) {
			rc = JX_ENOMEM;
			break;
		}
		res = PQexecParams(e->conn, sql.buf, (int)np, types, val, len, fmt, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = fail_res(e, res, stmt_name((enum stmt_id)id));
		PQclear(res);
	}
out:
	if (rc == JX_ENOMEM) {
		sb_reset(&e->err);
		sb_adds(&e->err, "load: out of memory");
		e->code = rc;
	}
	sb_release(&sql);
	free(val);
	free(len);
	free(fmt);
	free(types);
	free(ints);
	return rc;
}

static int pg_load(struct engine *base, enum stmt_id id, const struct eng_val *rows, size_t n_cols,
                   size_t n_rows)
{
	struct store_pg *e = E(base);
	int rc;

	if (!n_rows)
		return 0;
	drain(e);
	if (e->lost)
		return fail_state(e, "08000", stmt_name(id), "connection lost");
	if (copyable(e, id, n_cols)) {
		if (e->bulk)
			return copy_add(e, id, rows, n_cols, n_rows);
		return insert_rows(e, id, rows, n_cols, n_rows);
	}
	if ((rc = copies_flush(e)))
		return rc;
	for (size_t i = 0; i < n_rows; i++)
		if ((rc = run_stmt(e, id, stmt_name(id), rows + i * n_cols, n_cols, NULL, NULL, NULL)))
			return rc;
	return 0;
}

static int reconnect(struct store_pg *e);

static int pg_run(struct engine *base, enum stmt_id id, const struct eng_val *p, size_t n,
                  eng_row_fn fn, void *ctx, int64_t *changes)
{
	struct store_pg *e = E(base);
	int rc;

	drain(e);
	/* a statement outside a transaction (nothing begun) connects again
	 * first when it has to, as begin() does */
	if (e->tx == TX_NONE && (rc = reconnect(e)))
		return rc;
	if ((rc = copies_flush(e)))
		return rc;
	if (e->tx == TX_WRITE) {
		for (size_t i = 0; i < sizeof(lock_of) / sizeof(lock_of[0]); i++)
			if (lock_of[i].stmt == (int)id &&
			    (rc = run_stmt(e, lock_of[i].lock, stmt_name(id), p, n, NULL, NULL, NULL)))
				return rc;
	}
	return run_stmt(e, id, stmt_name(id), p, n, fn, ctx, changes);
}

/* --- transactions ----------------------------------------------------------- */

/* A connection that broke is made again: what was prepared on it is gone. */
static int reconnect(struct store_pg *e)
{
	/* a server that went away while the connection waited has said so and
	 * closed it: reading what came, without waiting, until the end shows */
	for (int i = 0; i < 4 && !e->lost && !e->inflight && PQstatus(e->conn) == CONNECTION_OK; i++) {
		struct pollfd pfd = { .fd = PQsocket(e->conn), .events = POLLIN };
		if (pfd.fd < 0 || poll(&pfd, 1, 0) != 1 || !PQconsumeInput(e->conn))
			break;
	}
	if (!e->lost && PQstatus(e->conn) == CONNECTION_OK)
		return 0;
	PQreset(e->conn);
	forget_prepared(e);
	if (PQstatus(e->conn) != CONNECTION_OK)
		return fail_state(e, "08000", NULL, PQerrorMessage(e->conn));
	e->lost = false;
	return 0;
}

static int pg_begin(struct engine *base, unsigned flags)
{
	struct store_pg *e = E(base);
	const char *begin = (flags & ENG_READ) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	                                         : "BEGIN ISOLATION LEVEL READ COMMITTED";
	char sql[160];
	int rc;

	if ((rc = reconnect(e)))
		return rc;
	copies_clear(e);
	/* a changed lock timeout goes with the BEGIN, in the same round trip */
	if (e->sent_busy_ms != e->busy_ms)
		snprintf(sql, sizeof(sql), "SET lock_timeout = %d; %s", e->busy_ms, begin);
	else
		snprintf(sql, sizeof(sql), "%s", begin);
	/* a connection that broke while it waited for a command (the server
	 * restarted) shows only now: nothing was begun, so connect again once */
	if ((rc = exec(e, sql)) && e->lost) {
		if ((rc = reconnect(e)))
			return rc;
		snprintf(sql, sizeof(sql), "SET lock_timeout = %d; %s", e->busy_ms, begin);
		rc = exec(e, sql);
	}
	if (rc)
		return rc;
	e->sent_busy_ms = e->busy_ms;
	e->tx = (flags & ENG_READ) ? TX_READ : TX_WRITE;
	e->bulk = (flags & ENG_BULK) && !(flags & ENG_READ);
	return 0;
}

static void tx_end(struct store_pg *e)
{
	e->tx = TX_NONE;
	e->bulk = false;
	copies_clear(e);
}

static int pg_commit(struct engine *base)
{
	struct store_pg *e = E(base);
	PGresult *res;
	int rc;

	if ((rc = copies_flush(e)))
		return rc;
	if (PQtransactionStatus(e->conn) == PQTRANS_INERROR)
		return e->code ? e->code : JX_ESTORE;
	res = PQexec(e->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail_res(e, res, "COMMIT");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = fail_state(e, "XX000", "COMMIT", "the transaction was rolled back");
	PQclear(res);
	if (!rc || PQtransactionStatus(e->conn) == PQTRANS_IDLE)
		tx_end(e);
	return rc;
}

/*
 * Keeps nothing of the transaction.  A connection that broke has nothing to
 * roll back (the server did); the failure that led here stays the one told,
 * and a ROLLBACK that fails adds its reason after it.
 */
static int pg_rollback(struct engine *base)
{
	struct store_pg *e = E(base);
	PGTransactionStatusType ts = PQtransactionStatus(e->conn);
	int rc = 0;

	tx_end(e);
	if (PQstatus(e->conn) != CONNECTION_OK || ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN)
		return 0;
	PGresult *res = PQexec(e->conn, "ROLLBACK");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		sb_addf(&e->err, "；回滚失败：%s", m ? m : PQerrorMessage(e->conn));
		rc = JX_ESTORE;
	}
	PQclear(res);
	return rc;
}

/* Takes effect with the next begin (SET lock_timeout before it). */
static void pg_busy_timeout(struct engine *base, int ms)
{
	E(base)->busy_ms = ms;
}

/* --- the list ---------------------------------------------------------------- */

/* A LIKE pattern that matches text anywhere: '%text%', \ % _ escaped. */
static char *like_pattern(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addc(&sb, '%');
	for (; *text; text++) {
		if (*text == '\\' || *text == '%' || *text == '_')
			sb_addc(&sb, '\\');
		sb_addc(&sb, *text);
	}
	sb_addc(&sb, '%');
	return sb.err ? (sb_release(&sb), NULL) : sb_detach(&sb, NULL);
}

static int count_row(void *ctx, const struct eng_val *col, size_t n)
{
	*(int64_t *)ctx = n && col[0].type == EV_INT ? col[0].i : 0;
	return 0;
}

/*
 * A text of three characters or more goes through the trigram indexes
 * (LIKE); one or two characters, which pg_trgm cannot look up, are scanned
 * for (strpos): the same rows either way, as SQLite's instr() finds them.
 */
static int pg_list_page(struct engine *base, const struct eng_page *f, eng_row_fn fn, void *ctx,
                        int64_t *total)
{
	struct store_pg *e = E(base);
	const char *text = f->text && *f->text ? f->text : NULL;
	bool trgm = text && utf8_chars(text, strlen(text)) >= 3;
	bool filtered = f->year || f->department || f->implementer || f->state || f->verdict ||
	                f->has_errors;
	char *pattern = NULL;
	int rc;

	if ((rc = copies_flush(e)))
		return rc;
	if (trgm && !(pattern = like_pattern(text)))
		return JX_ENOMEM;
	{
		const struct eng_val p[] = {
			ev_int(f->year), ev_text(f->department), ev_text(f->implementer),
			ev_text(f->state), ev_text(f->verdict), ev_int(f->has_errors),
			ev_text(trgm ? pattern : text),
			f->limit > 0 ? ev_int(f->limit) : ev_null(),
			ev_int(f->offset > 0 ? f->offset : 0),
		};
		*total = 0;
		if (trgm)
			rc = run_stmt(e, Q_COUNT_TRGM, "count page", p, 7, count_row, total, NULL);
		else if (filtered || text)
			rc = run_stmt(e, Q_COUNT_PAGE, "count page", p, 7, count_row, total, NULL);
		else
			rc = run_stmt(e, Q_COUNT_ALL, "count page", NULL, 0, count_row, total, NULL);
		if (!rc)
			rc = run_stmt(e, trgm ? Q_LIST_PAGE_TRGM : Q_LIST_PAGE, "list page", p, 9, fn,
			              ctx, NULL);
	}
	free(pattern);
	return rc;
}

static const char *pg_errmsg(struct engine *base)
{
	return E(base)->err.buf;
}

static bool pg_claims(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
	                  strncmp(target, "postgres://", 11) == 0);
}

const struct engine_ops engine_pg = {
	.name = "postgresql",
	.claims = pg_claims,
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.busy_timeout = pg_busy_timeout,
	.run = pg_run,
	.load = pg_load,
	.list_page = pg_list_page,
	.errmsg = pg_errmsg,
};
