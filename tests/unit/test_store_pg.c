/*
 * test_store_pg.c: the PostgreSQL engine (store_pg.c) at the engine level,
 * against a throwaway cluster: run under pg_virtualenv (tests/run.sh does),
 * which sets PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE.  Without
 * them every test fails: a missing PostgreSQL is a failure, not a skip.
 *
 * Opening migrates once (a second open, and eight at once on a new
 * database, find nothing to do); a connection that fails says so in one
 * line; values go in and come back typed; rows loaded outside and inside a
 * bulk transaction (COPY) come back exactly; the same statements on SQLite
 * and PostgreSQL answer the same rows, the list page and the overview's
 * sums included, for every filter and texts of 1, 2 and 3+ characters; of
 * 20 concurrent writers on one base revision one wins; a lock wait, a lost
 * connection and the append-only and frozen guarantees fail as they should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>

#include "../../src/store/engine.h"
#include "../../src/store/store.h"
#include "../../src/util/err.h"
#include "../../src/util/strbuf.h"

/* The cluster's URI for database db (NULL: PGDATABASE), with port and
 * password overridable. */
static char *uri(const char *db, const char *port, const char *password)
{
	const char *host = getenv("PGHOST"), *user = getenv("PGUSER");
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(host);
	assert_non_null(user);
	sb_addf(&sb, "postgresql://%s:%s@%s:%s/%s", user,
	        password ? password : getenv("PGPASSWORD"), host,
	        port ? port : getenv("PGPORT"), db ? db : getenv("PGDATABASE"));
	return sb_detach(&sb, NULL);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Runs sql on the cluster's maintenance database (test setup only). */
static void admin(const char *sql)
{
	char *u = uri("postgres", NULL, NULL);
	PGconn *c = PQconnectdb(u);
	PGresult *r;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	free(u);
}

/* A new empty database named db, its URI. */
static char *fresh_db(const char *db)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", db);
	admin(sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	admin(sql);
	return uri(db, NULL, NULL);
}

static struct engine *open_ok(const char *target)
{
	struct engine *e = NULL;
	int rc = engine_pg.open(&e, target);

	if (rc)
		fail_msg("open: %s", e ? engine_pg.errmsg(e) : jx_strerror(rc));
	return e;
}

/* Rows as text, one line each: i:123 t:text b:hex n, separated by |. */
static int dump_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct strbuf *sb = ctx;

	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(sb, '|');
		switch (col[i].type) {
		case EV_INT:
			sb_addf(sb, "i:%lld", (long long)col[i].i);
			break;
		case EV_TEXT:
			sb_adds(sb, "t:");
			sb_add(sb, col[i].p, col[i].n);
			assert_int_equal(col[i].p[col[i].n], 0);
			break;
		case EV_BLOB:
			sb_adds(sb, "b:");
			for (size_t k = 0; k < col[i].n; k++)
				sb_addf(sb, "%02x", (unsigned char)col[i].p[k]);
			break;
		default:
			sb_adds(sb, "n");
		}
	}
	sb_addc(sb, '\n');
	return 0;
}

/* The rows of statement id as dump_row writes them (caller frees). */
static char *rows_of(struct engine *e, enum stmt_id id, const struct eng_val *p, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = e->ops->run(e, id, p, n, dump_row, &sb, NULL);

	if (rc)
		fail_msg("%s on %s: %s", stmt_name(id), e->ops->name, e->ops->errmsg(e));
	return sb_detach(&sb, NULL);
}

static void exec_ok(struct engine *e, enum stmt_id id, const struct eng_val *p, size_t n)
{
	int rc = e->ops->run(e, id, p, n, NULL, NULL, NULL);

	if (rc)
		fail_msg("%s on %s: %s", stmt_name(id), e->ops->name, e->ops->errmsg(e));
}

static void test_open_twice(void **state)
{
	char *u = fresh_db("jx_twice");
	struct engine *e = open_ok(u);
	char *rows;

	(void)state;
	e->ops->close(e);
	e = open_ok(u);     /* nothing left to migrate */
	rows = rows_of(e, Q_USER_COUNT, NULL, 0);
	assert_string_equal(rows, "i:0\n");
	free(rows);
	e->ops->close(e);
	free(u);
}

struct opener {
	const char *uri;
	int rc;
};

static void *open_one(void *arg)
{
	struct opener *o = arg;
	struct engine *e = NULL;

	o->rc = engine_pg.open(&e, o->uri);
	if (e)
		e->ops->close(e);
	return NULL;
}

/* Eight opens of a new database at once: the advisory lock lets one
 * migrate; the others wait, then find nothing to do. */
static void test_open_concurrent(void **state)
{
	char *u = fresh_db("jx_race");
	struct opener o[8];
	pthread_t t[8];

	(void)state;
	for (int i = 0; i < 8; i++) {
		o[i] = (struct opener){ u, -1 };
		assert_int_equal(pthread_create(&t[i], NULL, open_one, &o[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(o[i].rc, 0);
	}
	free(u);
}

/* One line naming the server, its port and database, and what failed. */
static void test_connect_faults(void **state)
{
	const char *host = getenv("PGHOST"), *port = getenv("PGPORT"), *user = getenv("PGUSER");
	struct {
		char *target;
		char want[512];
	} c[3];

	(void)state;
	c[0].target = uri(NULL, "1", NULL);
	snprintf(c[0].want, sizeof(c[0].want),
	         "无法连接 PostgreSQL 服务器 %s 端口 1 上的数据库 %s：服务器不可达，"
	         "该地址和端口上没有数据库服务器在监听（Connection refused）",
	         host, getenv("PGDATABASE"));
	c[1].target = uri(NULL, NULL, "wrong-password");
	snprintf(c[1].want, sizeof(c[1].want),
	         "无法连接 PostgreSQL 服务器 %s 端口 %s 上的数据库 %s：用户名或密码错误"
	         "（password authentication failed for user \"%s\"）",
	         host, port, getenv("PGDATABASE"), user);
	c[2].target = uri("jx_missing", NULL, NULL);
	snprintf(c[2].want, sizeof(c[2].want),
	         "无法连接 PostgreSQL 服务器 %s 端口 %s 上的数据库 jx_missing：数据库不存在"
	         "（database \"jx_missing\" does not exist）",
	         host, port);
	for (int i = 0; i < 3; i++) {
		struct engine *e = NULL;
		assert_int_equal(engine_pg.open(&e, c[i].target), JX_ESTORE);
		assert_non_null(e);
		assert_string_equal(engine_pg.errmsg(e), c[i].want);
		engine_pg.close(e);
		free(c[i].target);
	}
}

static void test_claims(void **state)
{
	(void)state;
	assert_ptr_equal(engine_for("postgresql://h/db"), &engine_pg);
	assert_ptr_equal(engine_for("postgres://h/db"), &engine_pg);
	assert_ptr_equal(engine_for("jixiao.db"), &engine_sqlite);
	assert_ptr_equal(engine_for("./postgresql://x"), &engine_sqlite);
}

/* --- the same statements on both engines ------------------------------------- */

static const unsigned char hash_a[32] = { 0, 1, 2, 0xfe, 0xff, '\\', '\t', '\n' };

/* Declarations, revisions, indicators, reviews: the same on each engine. */
static void seed(struct engine *e, bool bulk)
{
	static const struct {
		int year;
		const char *impl, *name, *dept, *overall, *goal, *verdict, *findings;
		int64_t annual;
		int n_error;
	} d[] = {
		{ 2025, "市一中", "校舍维修改造", "市教育局", "完成校舍维修 3 栋", "年内完工",
		  "良", "[{\"rule\":\"R01\"},{\"rule\":\"R01\"},{\"rule\":\"R07\"}]", 120000, 1 },
		{ 2025, "市二中", "实验室设备购置", "市教育局", "购置设备 100% 到位", "设备到位率达 95%",
		  "优", "[]", 50000, 0 },
		{ 2024, "市医院", "远程医疗平台", "市卫健委", "平台上线_一期", "覆盖 a\\b 乡镇",
		  "中", "[{\"rule\":\"R07\"},{\"msg\":\"no rule\"}]", 0, 2 },
		{ 2025, "市医院", "Medical AI 平台", "市卫健委", "AI 辅助诊断", "诊断准确率",
		  "差", "[{\"rule\":\"R02\"}]", 999999999999, 3 },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		const struct eng_val decl[] = {
			ev_int(d[i].year), ev_text(d[i].impl), ev_text(d[i].name), ev_text(d[i].dept),
			ev_blob(hash_a, sizeof(hash_a)), ev_text("2025-01-01T00:00:00Z"),
			ev_text(d[i].verdict), ev_int(d[i].n_error), ev_int(0),
		};
		const int64_t id = (int64_t)i + 1, rev_id = (int64_t)i + 1;
		const struct eng_val rev[] = {
			ev_int(id), ev_int(1), ev_blob(hash_a, sizeof(hash_a)),
			ev_text("2025-01-01T00:00:00Z"), ev_text("test"), ev_text("a.txt:1"),
			ev_int(d[i].year), ev_text(d[i].name), ev_text("项目支出"), ev_text(d[i].dept),
			ev_text(d[i].impl), ev_text("2025-01-01"), ev_null(), ev_int(d[i].annual * 2),
			ev_null(), ev_null(), d[i].annual ? ev_int(d[i].annual) : ev_null(), ev_null(),
			ev_null(), ev_null(), ev_int(2025), ev_int(2027), ev_text(d[i].overall),
			ev_text(d[i].goal), ev_int(2),
		};
		const struct eng_val ind[] = {
			ev_int(rev_id), ev_int(1), ev_text("产出指标"), ev_text("数量指标"),
			ev_text("维修面积"), ev_text("≥ 3000 平方米"), ev_text("numeric"),
			ev_text(">=\x1f" "3000\x1f" "9\x1f平方米"), ev_int(10),
			ev_int(rev_id), ev_int(2), ev_text("效益指标"), ev_text("社会效益"),
			ev_text(i == 1 ? "tab\there\nnew \\ line" : "满意度"), ev_text("较高"),
			ev_text("qualitative"), ev_null(), ev_null(),
		};
		const struct eng_val review[] = {
			ev_int(rev_id), ev_text("default"), ev_text(d[i].verdict), ev_int(d[i].n_error),
			ev_int(0), ev_int(0), ev_text(d[i].findings),
		};
		exec_ok(e, Q_INSERT_DECL, decl, sizeof(decl) / sizeof(decl[0]));
		exec_ok(e, Q_INSERT_REV, rev, sizeof(rev) / sizeof(rev[0]));
		if (e->ops->load(e, Q_INSERT_IND, ind, 9, 2))
			fail_msg("load on %s: %s", e->ops->name, e->ops->errmsg(e));
		if (bulk) {
			if (e->ops->load(e, Q_INSERT_REVIEW, review, 7, 1))
				fail_msg("load on %s: %s", e->ops->name, e->ops->errmsg(e));
		} else {
			exec_ok(e, Q_INSERT_REVIEW, review, 7);
		}
	}
	{
		/* a second revision of the first: its texts replace the first's */
		const struct eng_val rev[] = {
			ev_int(1), ev_int(2), ev_blob(hash_a, 4), ev_text("2025-02-01T00:00:00Z"),
			ev_text("test"), ev_text("web"), ev_int(2025), ev_text("校舍维修改造"),
			ev_text("项目支出"), ev_text("市教育局"), ev_text("市一中"), ev_null(), ev_null(),
			ev_null(), ev_null(), ev_null(), ev_int(130000), ev_null(), ev_null(), ev_null(),
			ev_null(), ev_null(), ev_text("修缮操场"), ev_text("年底验收"), ev_int(0),
		};
		const struct eng_val cur[] = {
			ev_int(1), ev_int(2), ev_blob(hash_a, 4), ev_text("市教育局"),
			ev_text("2025-02-01T00:00:00Z"), ev_text("良"), ev_int(1), ev_int(0),
		};
		exec_ok(e, Q_INSERT_REV, rev, sizeof(rev) / sizeof(rev[0]));
		exec_ok(e, Q_SET_CURRENT, cur, sizeof(cur) / sizeof(cur[0]));
	}
}

struct page_dump {
	struct strbuf sb;
};

static char *page_of(struct engine *e, const struct eng_page *q)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t total = -1;
	int rc = e->ops->list_page(e, q, dump_row, &sb, &total);

	if (rc)
		fail_msg("list_page on %s: %s", e->ops->name, e->ops->errmsg(e));
	sb_addf(&sb, "total %lld\n", (long long)total);
	return sb_detach(&sb, NULL);
}

/* An SQLite store and a PostgreSQL one with the same rows. */
struct pair {
	char dir[64], path[96];
	struct engine *lite, *pg;
};

static void pair_open(struct pair *p, const char *db, bool bulk)
{
	char *u = fresh_db(db);

	snprintf(p->dir, sizeof(p->dir), "/tmp/jixiao-pg-XXXXXX");
	assert_non_null(mkdtemp(p->dir));
	snprintf(p->path, sizeof(p->path), "%s/s.db", p->dir);
	assert_int_equal(engine_sqlite.open(&p->lite, p->path), 0);
	p->pg = open_ok(u);
	free(u);
	assert_int_equal(p->lite->ops->begin(p->lite, 0), 0);
	assert_int_equal(p->pg->ops->begin(p->pg, bulk ? STORE_BULK : 0), 0);
	seed(p->lite, false);
	seed(p->pg, bulk);
	if (p->lite->ops->commit(p->lite))
		fail_msg("commit: %s", p->lite->ops->errmsg(p->lite));
	if (p->pg->ops->commit(p->pg))
		fail_msg("commit: %s", p->pg->ops->errmsg(p->pg));
}

static void pair_close(struct pair *p)
{
	char cmd[160];

	p->lite->ops->close(p->lite);
	p->pg->ops->close(p->pg);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", p->dir);
	assert_int_equal(system(cmd), 0);
}

static void same_rows(struct pair *p, enum stmt_id id, const struct eng_val *v, size_t n)
{
	char *a = rows_of(p->lite, id, v, n), *b = rows_of(p->pg, id, v, n);

	if (strcmp(a, b) != 0)
		fail_msg("%s differs\nsqlite:\n%spostgresql:\n%s", stmt_name(id), a, b);
	free(a);
	free(b);
}

static void both_engines(bool bulk)
{
	struct pair p;
	static const struct eng_page pages[] = {
		{ 0 },
		{ .limit = 2 },
		{ .limit = 2, .offset = 2 },
		{ .year = 2025 },
		{ .department = "市卫健委" },
		{ .implementer = "市医院", .year = 2025 },
		{ .state = "draft" },
		{ .verdict = "良" },
		{ .has_errors = true },
		{ .text = "平" },           /* one character */
		{ .text = "平台" },         /* two */
		{ .text = "AI " },          /* three, a space */
		{ .text = "维修" },
		{ .text = "维修面积" },     /* an indicator's name */
		{ .text = "校舍维修" },     /* the first revision's text only: not current */
		{ .text = "修缮操" },       /* the current revision's */
		{ .text = "满意度", .limit = 1, .offset = 1 },
		{ .text = "100%" },         /* LIKE's % taken literally */
		{ .text = "_一期" },         /* and _ */
		{ .text = "a\\b" },         /* and \ */
		{ .text = "e\nn" },         /* a line break */
		{ .text = "较高", .department = "市教育局" },
		{ .text = "没有这个" },
		{ .text = "" },
	};

	pair_open(&p, bulk ? "jx_bulk" : "jx_both", bulk);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char *a = page_of(p.lite, &pages[i]), *b = page_of(p.pg, &pages[i]);
		if (strcmp(a, b) != 0)
			fail_msg("page %zu (%s) differs\nsqlite:\n%spostgresql:\n%s", i,
			         pages[i].text ? pages[i].text : "-", a, b);
		free(a);
		free(b);
	}
	{
		const struct eng_val all[] = { ev_int(0), ev_null() };
		const struct eng_val y[] = { ev_int(2025), ev_text("市卫健委") };
		const struct eng_val unit[] = { ev_int(0), ev_null(), ev_text("市医院") };
		const struct eng_val key[] = { ev_int(2025), ev_text("市一中"), ev_text("校舍维修改造") };
		const struct eng_val id1[] = { ev_int(1), ev_int(0) };
		const struct eng_val rev1[] = { ev_int(1) };
		const struct eng_val rev2[] = { ev_int(2) };

		same_rows(&p, Q_LIST, all, 2);
		same_rows(&p, Q_LIST, y, 2);
		same_rows(&p, Q_OVERVIEW_GROUPS, all, 2);
		same_rows(&p, Q_OVERVIEW_GROUPS, y, 2);
		same_rows(&p, Q_OVERVIEW_RULES, all, 2);
		same_rows(&p, Q_OVERVIEW_UNIT_GROUPS, unit, 3);
		same_rows(&p, Q_OVERVIEW_UNIT_RULES, unit, 3);
		same_rows(&p, Q_FIND_DECL, key, 3);
		same_rows(&p, Q_FIND_DECL_BY_ID, rev1, 1);
		same_rows(&p, Q_TARGET_BY_KEY, key, 3);
		same_rows(&p, Q_GET_REV, id1, 2);
		same_rows(&p, Q_GET_INDS, rev1, 1);
		same_rows(&p, Q_GET_INDS, rev2, 1);
		same_rows(&p, Q_GET_REVIEW, (const struct eng_val[]){ ev_int(1), ev_int(1) }, 2);
		same_rows(&p, Q_META, rev1, 1);
		same_rows(&p, Q_HISTORY_REVS, rev1, 1);
		same_rows(&p, Q_ADJ_BUDGET, rev1, 1);
	}
	pair_close(&p);
}

static void test_both_engines(void **state)
{
	(void)state;
	both_engines(false);
}

/* Inside a bulk transaction the indicator and review rows go by COPY: the
 * same rows come back, and the overview's triggers counted them. */
static void test_both_engines_bulk(void **state)
{
	(void)state;
	both_engines(true);
}

/* Whether statement id writes (SQLite's count of changes after a query is
 * the last write's). */
static bool writes(enum stmt_id id)
{
	static const char *const verbs[] = { "INSERT", "SET_", "REKEY", "RESTORE", "_ADD", "_PUT",
		                             "DELETE", "LOGIN_" };

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strstr(stmt_name(id), verbs[i]))
			return true;
	return false;
}

/* Runs id on both engines with the same parameters: the same rows and,
 * for a write, the same number of rows changed. */
static void both(struct pair *p, enum stmt_id id, const struct eng_val *v, size_t n)
{
	char *out[2];

	for (int k = 0; k < 2; k++) {
		struct engine *e = k ? p->pg : p->lite;
		struct strbuf sb = STRBUF_INIT;
		int64_t changes = -1;
		int rc = e->ops->run(e, id, v, n, dump_row, &sb, &changes);
		if (rc)
			fail_msg("%s on %s: %s", stmt_name(id), e->ops->name, e->ops->errmsg(e));
		if (writes(id))
			sb_addf(&sb, "changes %lld\n", (long long)changes);
		out[k] = sb_detach(&sb, NULL);
	}
	if (strcmp(out[0], out[1]) != 0)
		fail_msg("%s differs\nsqlite:\n%spostgresql:\n%s", stmt_name(id), out[0], out[1]);
	free(out[0]);
	free(out[1]);
}

#define T(s) ev_text(s)
#define I(i) ev_int(i)
#define NUL ev_null()
#define NOW T("2025-03-01T00:00:00Z")

/* Every statement of statements.def (but the ones test_both_engines and
 * seed run, and OV_BULK_*, which add nothing here) on both engines, in an
 * order that gives each something to do; inserts that return an id on
 * PostgreSQL (RETURNING) run through both only where SQLite returns the
 * same (never: they are checked by their effects). */
static void test_every_statement(void **state)
{
	struct pair p;
	const struct {
		enum stmt_id id;
		size_t n;
		struct eng_val v[12];
	} steps[] = {
		/* the workflow: approve #3, adjust it, drop the adjustment */
		{ Q_DECL_STATE, 1, { I(3) } },
		{ Q_SET_STATE, 4, { I(3), T("draft"), T("approved"), NOW } },
		{ Q_SET_STATE, 4, { I(3), T("draft"), T("approved"), NOW } },   /* no longer draft */
		{ Q_SET_APPROVED, 1, { I(3) } },
		{ Q_SET_STATE, 4, { I(3), T("approved"), T("adjusting"), NOW } },
		{ Q_INSERT_EVENT, 10, { I(3), I(1), NOW, T("张三"), T("fin_approve"), T("finance_review"),
		                       T("approved"), T("良"), T("同意"), T("") } },
		{ Q_HISTORY_EVENTS, 1, { I(3) } },
		{ Q_OVERVIEW_GROUPS, 2, { I(0), NUL } },
		{ Q_OVERVIEW_UNIT_GROUPS, 3, { I(0), NUL, T("市医院") } },
		{ Q_ADJ_BUDGET, 1, { I(3) } },
		{ Q_RESTORE_APPROVED, 1, { I(3) } },
		{ Q_META, 1, { I(3) } },
		{ Q_FIND_DECL_BY_ID, 1, { I(3) } },
		{ Q_TARGET_BY_ID, 1, { I(3) } },
		{ Q_HISTORY_REVS, 1, { I(1) } },
		{ Q_GET_REVIEW, 2, { I(1), I(0) } },        /* the current revision has none */
		/* a new key, and a declaration moved to another department */
		{ Q_REKEY_DECL, 4, { I(4), I(2026), T("市医院"), T("Medical AI 平台 二期") } },
		{ Q_FIND_DECL, 3, { I(2026), T("市医院"), T("Medical AI 平台 二期") } },
		{ Q_LIST, 2, { I(2026), NUL } },
		{ Q_OVERVIEW_RULES, 2, { I(0), NUL } },
		{ Q_OVERVIEW_UNIT_RULES, 3, { I(2026), T("市卫健委"), T("市医院") } },
		/* monitoring */
		{ Q_MONITOR_ITEMS, 1, { I(1) } },
		{ Q_MONITOR_ROUNDS, 1, { I(2) } },
		{ Q_MONITOR_ROUND_OF, 2, { I(1), I(2) } },
		{ Q_MONITOR_EVENTS, 1, { I(2) } },
		{ Q_OVERVIEW_LIGHTS, 2, { I(0), NUL } },
		{ Q_OVERVIEW_UNIT_LIGHTS, 3, { I(0), NUL, T("市二中") } },
		{ Q_SET_CURRENT, 8, { I(2), I(1), ev_blob(hash_a, 3), T("市财政局"), NOW, T("优"), I(0),
		                     I(0) } },
		{ Q_OVERVIEW_LIGHTS, 2, { I(0), NUL } },
		{ Q_OVERVIEW_GROUPS, 2, { I(2025), T("市财政局") } },
		/* users and sessions */
		{ Q_USER_COUNT, 0, { NUL } },
		{ Q_USER_GET, 1, { T("李四") } },
		{ Q_USER_SET_HASH, 2, { T("李四"), T("$argon2id$new") } },
		{ Q_USER_SET_DISABLED, 2, { T("李四"), I(1) } },
		{ Q_USER_LIST, 0, { NUL } },
		{ Q_SESSION_PUT, 5, { T("s1"), I(1), T("c"), I(10), I(100) } },
		{ Q_SESSION_PUT, 5, { T("s2"), I(1), T("c"), I(10), I(20) } },
		{ Q_SESSION_GET, 2, { T("s1"), I(50) } },
		{ Q_SESSION_DELETE, 2, { T("none"), I(20) } },
		{ Q_SESSIONS_OF_USER_DELETE, 1, { T("李四") } },
		{ Q_SESSION_GET, 2, { T("s1"), I(50) } },
		/* the login throttle: 2 tries allowed, the third refused */
		{ Q_LOGIN_TRY, 5, { T("h1"), I(1), I(100), I(50), I(2) } },
		{ Q_LOGIN_TRY, 5, { T("h1"), I(1), I(101), I(50), I(2) } },
		{ Q_LOGIN_TRY, 5, { T("h1"), I(1), I(102), I(50), I(2) } },
		{ Q_LOGIN_TRY, 5, { T("h2"), I(0), I(103), I(50), I(9) } },
		{ Q_LOGIN_TRY, 5, { T("h3"), I(0), I(104), I(50), I(9) } },
		{ Q_LOGIN_CAP, 1, { I(1) } },
		{ Q_LOGIN_PRUNE, 1, { I(100) } },
		{ Q_LOGIN_CLEAR, 1, { T("h1") } },
		/* a self-evaluation on #1 */
		{ Q_SE_STATE, 1, { I(1) } },
		{ Q_SE_INSERT, 2, { I(1), NOW } },
		{ Q_SE_REV_INSERT, 9, { I(1), I(1), I(2), T("{\"budget\":{\"executed\":\"12.3x\"}}"),
		                       I(8000), T("良"), T("default"), NOW, T("张三") } },
		{ Q_SE_SET_CURRENT, 3, { I(1), I(1), NOW } },
		{ Q_SE_SET_CURRENT, 3, { I(1), I(1), NOW } },       /* not current - 1 any more */
		{ Q_SE_SAME, 3, { I(1), I(1), T("{}") } },
		{ Q_SE_STATE, 1, { I(1) } },
		{ Q_SE_EVENT_INSERT, 8, { I(1), I(1), NOW, T("张三"), T("submit"), T("draft"),
		                         T("submitted"), T("") } },
		{ Q_SE_SET_STATE, 4, { I(1), T("draft"), T("submitted"), NOW } },
		{ Q_SE_GET, 2, { I(1), I(0) } },
		{ Q_SE_HISTORY, 1, { I(1) } },
		{ Q_OVERVIEW_SELFEVALS, 2, { I(0), NUL } },
		{ Q_OVERVIEW_UNIT_SELFEVALS, 3, { I(0), NUL, T("市一中") } },
		{ Q_INSERT_AUDIT, 6, { NOW, T("张三"), T("selfeval.submit"), I(1), I(1), T("") } },
		{ Q_TARGET_BY_KEY, 3, { I(2025), T("市一中"), T("校舍维修改造") } },
	};
	const struct eng_val user[] = { T("李四"), T("unit"), T("市一中"), T("市教育局"), T("x"), NOW };
	const struct eng_val round[] = { I(2), I(1), T("2025-06-30"), I(50000), I(20000), I(40),
		                         I(50), T("yellow"), I(1), NOW, T("张三") };
	const struct eng_val round2[] = { I(2), I(1), T("2025-09-30"), I(50000), I(40000), I(80),
		                          I(75), T("red"), I(2), NOW, T("张三") };
	const struct eng_val item[] = { I(1), I(1), T("1"), T("2"), T("none"), T(""), T("high"),
		                        I(0), T("green") };
	const struct eng_val event[] = { I(1), I(2), NOW, T("王五"), T("dept_pass"), T("pending"),
		                         T("dept_passed"), T("") };

	(void)state;
	pair_open(&p, "jx_every", false);
	for (int k = 0; k < 2; k++) {
		struct engine *e = k ? p.pg : p.lite;
		assert_int_equal(e->ops->begin(e, 0), 0);
		exec_ok(e, Q_USER_ADD, user, 6);
		exec_ok(e, Q_MONITOR_ROUND_ADD, round, 11);
		exec_ok(e, Q_MONITOR_ITEM_ADD, item, 9);
		exec_ok(e, Q_MONITOR_ROUND_ADD, round2, 11);
		exec_ok(e, Q_MONITOR_EVENT_ADD, event, 8);
	}
	static const enum stmt_id dumps[] = {
		/* the bulk import's triggers, dropped and created again */
		Q_OV_DROP_DECL_I, Q_OV_DROP_REVISION_I, Q_OV_DROP_REVIEW_I,
		Q_OV_CREATE_DECL_I, Q_OV_CREATE_REVISION_I, Q_OV_CREATE_REVIEW_I,
		/* jixiao copy reads every table: the same values, typed the same */
#define TABLE(name, cols, params, key) Q_DUMP_##name,
#define SUMS(name, cols, params, key) TABLE(name, cols, params, key)
#define SEAL(name, sql)
#include "../../src/store/tables.def"
#undef SEAL
#undef SUMS
#undef TABLE
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		both(&p, steps[i].id, steps[i].v, steps[i].n);
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++)
		both(&p, dumps[i], NULL, 0);
	for (int k = 0; k < 2; k++) {
		struct engine *e = k ? p.pg : p.lite;
		if (e->ops->commit(e))
			fail_msg("commit on %s: %s", e->ops->name, e->ops->errmsg(e));
	}
	pair_close(&p);
}

/* --- typed values, errors ---------------------------------------------------- */

static void test_typed_values(void **state)
{
	char *u = fresh_db("jx_types");
	struct engine *e = open_ok(u);
	const struct eng_val user[] = { ev_text("张三"), ev_text("finance"), ev_text(""),
		                        ev_text("市财政局"), ev_text("$argon2id$x"),
		                        ev_text("2025-01-01T00:00:00Z") };
	const struct eng_val sess[] = { ev_text("h1"), ev_int(1), ev_text("c1"),
		                        ev_int(INT64_C(1) << 40), ev_int(INT64_MAX) };
	int64_t changes = -1;
	char *rows;

	(void)state;
	assert_int_equal(e->ops->begin(e, 0), 0);
	rows = rows_of(e, Q_USER_ADD, user, 6);
	assert_string_equal(rows, "i:1\n");     /* RETURNING id */
	free(rows);
	assert_int_equal(e->ops->run(e, Q_USER_ADD, user, 6, NULL, NULL, &changes), 0);
	assert_int_equal(changes, 0);           /* ON CONFLICT DO NOTHING */
	rows = rows_of(e, Q_USER_GET, user, 1);
	assert_string_equal(rows, "i:1|t:张三|t:finance|t:|t:市财政局|t:$argon2id$x|i:0\n");
	free(rows);
	assert_int_equal(e->ops->run(e, Q_SESSION_PUT, sess, 5, NULL, NULL, &changes), 0);
	assert_int_equal(changes, 1);
	rows = rows_of(e, Q_SESSION_GET, (const struct eng_val[]){ ev_text("h1"), ev_int(5) }, 2);
	assert_string_equal(rows, "i:1|t:张三|t:finance|t:|t:市财政局|i:0|t:c1\n");
	free(rows);
	assert_int_equal(e->ops->commit(e), 0);
	/* a unique key broken: JX_EEXIST, the transaction then rolled back */
	assert_int_equal(e->ops->begin(e, 0), 0);
	assert_int_equal(e->ops->run(e, Q_SESSION_PUT, sess, 5, NULL, NULL, NULL), JX_EEXIST);
	assert_int_equal(e->ops->rollback(e), 0);
	/* a read transaction cannot write */
	assert_int_equal(e->ops->begin(e, STORE_READ), 0);
	assert_int_equal(e->ops->run(e, Q_LOGIN_PRUNE, (const struct eng_val[]){ ev_int(0) }, 1,
	                             NULL, NULL, NULL), JX_ESTORE);
	assert_non_null(strstr(e->ops->errmsg(e), "LOGIN_PRUNE: cannot execute DELETE in a read-only transaction"));
	assert_int_equal(e->ops->rollback(e), 0);
	/* a bool column is an integer */
	assert_int_equal(e->ops->begin(e, 0), 0);
	rows = rows_of(e, Q_USER_COUNT, NULL, 0);
	assert_string_equal(rows, "i:1\n");
	free(rows);
	assert_int_equal(e->ops->commit(e), 0);
	e->ops->close(e);
	free(u);
}

/* The append-only tables and the frozen approved self-evaluation. */
static void test_guarantees(void **state)
{
	struct pair p;
	const struct eng_val se[] = { ev_int(2), ev_text("2025-12-01T00:00:00Z") };
	struct eng_val se_rev[] = { ev_int(2), ev_int(1), ev_int(1),
		                    ev_text("{\"budget\":{\"annual\":\"1234.50\"}}"),
		                          ev_int(9153), ev_text("优"), ev_text("default"),
		                          ev_text("2025-12-01T00:00:00Z"), ev_text("test") };
	const struct eng_val approve[] = { ev_int(2), ev_text("draft"), ev_text("approved"),
		                           ev_text("2025-12-02T00:00:00Z") };
	const struct eng_val ov[] = { ev_int(0), ev_null() };
	struct engine *e;
	PGconn *c;
	PGresult *r;
	char *u;

	(void)state;
	pair_open(&p, "jx_guard", false);
	for (int k = 0; k < 2; k++) {
		e = k ? p.pg : p.lite;
		assert_int_equal(e->ops->begin(e, 0), 0);
		exec_ok(e, Q_SE_INSERT, se, 2);
		exec_ok(e, Q_SE_REV_INSERT, se_rev, 9);
		exec_ok(e, Q_SE_SET_CURRENT, (const struct eng_val[]){ ev_int(2), ev_int(1),
		                              ev_text("2025-12-01T00:00:00Z") }, 3);
		exec_ok(e, Q_SE_SET_STATE, approve, 4);
		exec_ok(e, Q_INSERT_AUDIT, (const struct eng_val[]){ ev_text("t"), ev_text("test"),
		        ev_text("selfeval.approve"), ev_int(2), ev_int(1), ev_text("") }, 6);
		assert_int_equal(e->ops->commit(e), 0);
	}
	same_rows(&p, Q_OVERVIEW_SELFEVALS, ov, 2);
	same_rows(&p, Q_OVERVIEW_UNIT_SELFEVALS,
	          (const struct eng_val[]){ ev_int(0), ev_null(), ev_text("市二中") }, 3);
	e = p.pg;
	assert_int_equal(e->ops->begin(e, 0), 0);
	se_rev[1] = ev_int(2);
	assert_int_equal(e->ops->run(e, Q_SE_REV_INSERT, se_rev, 9, NULL, NULL, NULL), JX_ESTORE);
	assert_string_equal(e->ops->errmsg(e), "SE_REV_INSERT: an approved self-evaluation is frozen");
	assert_int_equal(e->ops->rollback(e), 0);
	u = uri("jx_guard", NULL, NULL);
	c = PQconnectdb(u);
	free(u);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	{
		static const struct {
			const char *sql, *msg;
		} refused[] = {
			{ "UPDATE audit_log SET actor = 'x'", "audit_log is append-only" },
			{ "DELETE FROM audit_log", "audit_log is append-only" },
			{ "UPDATE revision SET name = 'x'", "revisions are immutable" },
			{ "DELETE FROM indicator", "revisions are immutable" },
			{ "TRUNCATE revision CASCADE", "revisions are immutable" },
			{ "DELETE FROM review", "reviews are immutable" },
			{ "UPDATE selfeval SET state = 'draft'", "an approved self-evaluation is frozen" },
			{ "DELETE FROM selfeval_revision", "self-evaluation revisions are immutable" },
		};
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			r = PQexec(c, refused[i].sql);
			if (PQresultStatus(r) != PGRES_FATAL_ERROR)
				fail_msg("%s was not refused", refused[i].sql);
			assert_string_equal(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
			                    refused[i].msg);
			PQclear(r);
		}
	}
	PQfinish(c);
	pair_close(&p);
}

/* --- concurrent writers ------------------------------------------------------ */

struct writer {
	const char *uri;
	pthread_barrier_t *go;
	int won, conflict, failed;
};

static int first_int(void *ctx, const struct eng_val *col, size_t n)
{
	*(int64_t *)ctx = n > 1 && col[1].type == EV_INT ? col[1].i : -1;
	return 0;
}

/* What a put on base revision 1 does: read the declaration, refuse when its
 * current revision moved, else write the next. */
static void *write_one(void *arg)
{
	struct writer *w = arg;
	struct engine *e = open_ok(w->uri);
	const struct eng_val id[] = { ev_int(1) };
	int64_t cur = -1, changes = 0;

	pthread_barrier_wait(w->go);
	if (e->ops->begin(e, 0) ||
	    e->ops->run(e, Q_FIND_DECL_BY_ID, id, 1, first_int, &cur, NULL)) {
		w->failed = 1;
	} else if (cur != 1) {
		w->conflict = 1;
	} else {
		const struct eng_val set[] = { ev_int(1), ev_int(2), ev_blob(hash_a, 2),
			                       ev_text("d"), ev_text("t"), ev_text(""), ev_int(0),
			                       ev_int(0) };
		usleep(20000);      /* the others are waiting on the row by now */
		if (e->ops->run(e, Q_SET_CURRENT, set, 8, NULL, NULL, &changes) || changes != 1 ||
		    e->ops->commit(e)) {
			fprintf(stderr, "writer: %s\n", e->ops->errmsg(e));
			w->failed = 1;
		}
		else
			w->won = 1;
	}
	if (!w->won)
		e->ops->rollback(e);
	e->ops->close(e);
	return NULL;
}

static void test_one_writer_wins(void **state)
{
	char *u = fresh_db("jx_race20");
	struct engine *e = open_ok(u);
	struct writer w[20];
	pthread_t t[20];
	pthread_barrier_t go;
	int won = 0, conflict = 0, failed = 0;

	(void)state;
	assert_int_equal(e->ops->begin(e, 0), 0);
	seed(e, false);
	exec_ok(e, Q_SET_CURRENT, (const struct eng_val[]){ ev_int(1), ev_int(1), ev_null(),
	        ev_text("市教育局"), ev_text("t"), ev_text(""), ev_int(0), ev_int(0) }, 8);
	assert_int_equal(e->ops->commit(e), 0);
	e->ops->close(e);
	pthread_barrier_init(&go, NULL, 20);
	for (int i = 0; i < 20; i++) {
		w[i] = (struct writer){ u, &go, 0, 0, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, write_one, &w[i]), 0);
	}
	for (int i = 0; i < 20; i++) {
		pthread_join(t[i], NULL);
		won += w[i].won;
		conflict += w[i].conflict;
		failed += w[i].failed;
	}
	pthread_barrier_destroy(&go);
	assert_int_equal(failed, 0);
	assert_int_equal(won, 1);
	assert_int_equal(conflict, 19);
	free(u);
}

/* A writer that cannot get a row lock in its busy timeout: busy. */
static void test_lock_timeout(void **state)
{
	char *u = fresh_db("jx_busy");
	struct engine *a = open_ok(u), *b = open_ok(u);
	const struct eng_val id[] = { ev_int(1) };

	(void)state;
	assert_int_equal(a->ops->begin(a, 0), 0);
	seed(a, false);
	assert_int_equal(a->ops->commit(a), 0);
	assert_int_equal(a->ops->begin(a, 0), 0);
	exec_ok(a, Q_DECL_STATE, id, 1);
	b->ops->busy_timeout(b, 200);
	assert_int_equal(b->ops->begin(b, 0), 0);
	assert_int_equal(b->ops->run(b, Q_DECL_STATE, id, 1, NULL, NULL, NULL), JX_EBUSY);
	assert_string_equal(b->ops->errmsg(b),
	                    "数据库正忙，请稍后重试：另一个连接正在写入，等待 200 毫秒后仍未轮到"
	                    "（DECL_STATE: canceling statement due to lock timeout）");
	assert_int_equal(b->ops->rollback(b), 0);
	/* a reader does not wait */
	assert_int_equal(b->ops->begin(b, STORE_READ), 0);
	exec_ok(b, Q_DECL_STATE, id, 1);
	assert_int_equal(b->ops->commit(b), 0);
	assert_int_equal(a->ops->rollback(a), 0);
	a->ops->close(a);
	b->ops->close(b);
	free(u);
}

/* A connection the server drops: busy for the statement in flight, the
 * next begin connects again. */
/* A statement run from another's row callback (the history page reads each
 * revision's predecessor while it lists them): each row of the outer one
 * gets the inner one's rows, on both engines alike. */
struct nested {
	struct engine *e;
	struct strbuf sb;
};

static int nested_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct nested *c = ctx;
	const struct eng_val p[] = { ev_int(1), col[0] };
	char *inner;

	assert_true(n >= 1 && col[0].type == EV_INT);
	sb_addf(&c->sb, "rev %lld:\n", (long long)col[0].i);
	inner = rows_of(c->e, Q_GET_INDS, (const struct eng_val[]){ ev_int(col[0].i) }, 1);
	sb_adds(&c->sb, inner);
	free(inner);
	inner = rows_of(c->e, Q_GET_REVIEW, p, 2);
	sb_adds(&c->sb, inner);
	free(inner);
	return 0;
}

static void test_nested_statements(void **state)
{
	struct pair p;
	struct nested c[2];
	const struct eng_val id1[] = { ev_int(1) };

	(void)state;
	pair_open(&p, "jx_nested", false);
	for (int k = 0; k < 2; k++) {
		c[k].e = k ? p.pg : p.lite;
		c[k].sb = (struct strbuf)STRBUF_INIT;
		assert_int_equal(c[k].e->ops->begin(c[k].e, STORE_READ), 0);
		if (c[k].e->ops->run(c[k].e, Q_HISTORY_REVS, id1, 1, nested_row, &c[k], NULL))
			fail_msg("HISTORY_REVS on %s: %s", c[k].e->ops->name,
			         c[k].e->ops->errmsg(c[k].e));
		assert_int_equal(c[k].e->ops->commit(c[k].e), 0);
	}
	assert_non_null(strstr(c[0].sb.buf, "rev 2:\n"));
	assert_string_equal(c[0].sb.buf, c[1].sb.buf);
	sb_release(&c[0].sb);
	sb_release(&c[1].sb);
	pair_close(&p);
}

static void test_lost_connection(void **state)
{
	char *u = fresh_db("jx_lost");
	struct engine *e = open_ok(u);
	char *rows;

	(void)state;
	assert_int_equal(e->ops->begin(e, 0), 0);
	rows = rows_of(e, Q_USER_COUNT, NULL, 0);
	free(rows);
	admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	      " WHERE datname = 'jx_lost' AND pid <> pg_backend_pid()");
	assert_int_equal(e->ops->run(e, Q_USER_COUNT, NULL, 0, NULL, NULL, NULL), JX_EBUSY);
	assert_non_null(strstr(e->ops->errmsg(e),
	                       "数据库连接中断，请稍后重试：与 PostgreSQL 服务器的连接已断开（USER_COUNT: "));
	assert_int_equal(e->ops->rollback(e), 0);
	assert_int_equal(e->ops->begin(e, 0), 0);
	rows = rows_of(e, Q_USER_COUNT, NULL, 0);
	assert_string_equal(rows, "i:0\n");
	free(rows);
	assert_int_equal(e->ops->commit(e), 0);
	e->ops->close(e);
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claims),
		cmocka_unit_test(test_open_twice),
		cmocka_unit_test(test_open_concurrent),
		cmocka_unit_test(test_connect_faults),
		cmocka_unit_test(test_typed_values),
		cmocka_unit_test(test_both_engines),
		cmocka_unit_test(test_both_engines_bulk),
		cmocka_unit_test(test_guarantees),
		cmocka_unit_test(test_every_statement),
		cmocka_unit_test(test_one_writer_wins),
		cmocka_unit_test(test_lock_timeout),
		cmocka_unit_test(test_nested_statements),
		cmocka_unit_test(test_lost_connection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
