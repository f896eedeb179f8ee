/*
 * store_sqlite.c: the SQLite engine of the store (the embedded default).
 *
 * One file, WAL journal, foreign keys on, schema migrations tracked in
 * PRAGMA user_version (schema_sqlite.def), every statement prepared once
 * from sqlite.def and run with bound parameters only.  Every SQLite result
 * becomes a JX_ code in one place (sqlite_results, fail): busy and disk
 * full are codes of their own, with a message in Chinese.
 */
#include <assert.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "engine.h"

/* The engine's own statements (LOCAL in sqlite.def) come after the store's. */
enum local_id {
	Q__LOCAL = Q__MAX - 1,
#define SQL(id, text)
#define LOCAL(id, text) Q_##id,
#include "sqlite.def"
#undef LOCAL
#undef SQL
	Q__ALL
};

/* First: some statements of sqlite.def are texts the schema defines (the
 * overview's insert triggers). */
static const struct {
	int version;
	const char *sql;
} migrations[] = {
#define MIGRATION(v, text) { v, text },
#include "schema_sqlite.def"
#undef MIGRATION
};

static const char *const stmt_text[Q__ALL] = {
#define SQL(id, text) [Q_##id] = text,
#define LOCAL(id, text) [Q_##id] = text,
#include "sqlite.def"
#undef LOCAL
#undef SQL
};

/* Indicators go in up to IND_ROWS rows per statement (see sqlite_load). */
#define IND_ROWS 16
#define IND_COLS 9

/*
 * The totals of the list's last searches.  Counting the matches of a search
 * reads the whole of its index entry (4 ms for a text in 90% of 100,000
 * declarations) while its page reads 50 rows; a user who pages through the
 * results, or many who search for the same text, ask for the same total
 * again.  A total is kept while the store is as it was: the stamp is
 * PRAGMA data_version (another connection's commit changes it) and this
 * connection's total changes (its own writes, the search indexes' catching
 * up included).
 */
#define COUNT_CACHE 16
struct count_cache {
	int64_t version, changes;   /* the stamp of the totals kept */
	char *key[COUNT_CACHE];     /* the statement and its parameters; NULL: free */
	int64_t total[COUNT_CACHE];
	unsigned next;              /* the slot the next total takes */
};

struct store_sqlite {
	struct engine base;
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__ALL];
	bool rowid[Q__ALL];         /* prepared without its " RETURNING id" (see stmt) */
	sqlite3_stmt *ind_stmt[IND_ROWS];   /* [k - 1]: INSERT_IND with k rows */
	struct strbuf err;
	bool bulk;                  /* in a bulk transaction (see bulk_start) */
	int flush_fd;               /* bulk: the file, to start writing it back early; or -1 */
	unsigned long puts;         /* revisions stored in this bulk transaction */
	bool read;                  /* in a read transaction (ENG_READ) */
	int busy_ms;                /* how long a statement waits for another connection's lock */
	int code;                   /* the JX_ code of the last failure (fail) */
	struct count_cache counts;  /* the list's totals (list_total) */
};

#define E(e) ((struct store_sqlite *)(e))

/* How long a statement waits for another connection's lock, unless
 * store_busy_timeout says otherwise. */
#define BUSY_MS 5000

/*
 * What a SQLite result means to the caller, by its extended code or, when
 * no row names that, its primary code: the JX_ code and, for the failures a
 * user can act on, what to tell them (%d: the busy timeout in ms).  Any
 * other result is JX_ESTORE with SQLite's own words.
 */
static const struct {
	int result;
	int code;
	const char *text;
} sqlite_results[] = {
	{ SQLITE_IOERR_NOMEM, JX_ENOMEM, NULL },
	{ SQLITE_NOMEM, JX_ENOMEM, NULL },
	{ SQLITE_BUSY, JX_EBUSY, "数据库正忙，请稍后重试：另一个连接正在写入，等待 %d 毫秒后仍未轮到" },
	{ SQLITE_LOCKED, JX_EBUSY, "数据库正忙，请稍后重试：另一个连接正在写入，等待 %d 毫秒后仍未轮到" },
	{ SQLITE_FULL, JX_EFULL, "磁盘已满，数据未保存：数据库所在的磁盘没有剩余空间" },
};
#define N_RESULTS (sizeof(sqlite_results) / sizeof(sqlite_results[0]))

/* The row of sqlite_results for `result`, or the number of rows. */
static size_t result_row(int result)
{
	size_t i;

	for (i = 0; i < N_RESULTS; i++)
		if (sqlite_results[i].result == result)
			return i;
	for (i = 0; i < N_RESULTS; i++)
		if (sqlite_results[i].result == (result & 0xff))
			return i;
	return N_RESULTS;
}

/*
 * Records the failure `result` of `what` (NULL: not said; SQLite's message
 * `msg`, or NULL for the connection's) in s->err and s->code, and returns
 * the code: "what: msg", after the Chinese text in （） when there is one.
 */
static int fail_with(struct store_sqlite *s, int result, const char *what, const char *msg)
{
	size_t i = result_row(result);
	const char *text = i < N_RESULTS ? sqlite_results[i].text : NULL;

	if (!msg)
		msg = s->db ? sqlite3_errmsg(s->db) : "no database";
	sb_reset(&s->err);
	if (text) {
		sb_addf(&s->err, text, s->busy_ms);
		sb_adds(&s->err, "（");
	}
	if (what)
		sb_addf(&s->err, "%s: ", what);
	sb_adds(&s->err, msg);
	if (text)
		sb_adds(&s->err, "）");
	s->code = i < N_RESULTS ? sqlite_results[i].code : JX_ESTORE;
	return s->code;
}

/* The failure of the connection's last call. */
static int fail(struct store_sqlite *s, const char *what)
{
	return fail_with(s, s->db ? sqlite3_extended_errcode(s->db) : SQLITE_CANTOPEN, what, NULL);
}

static int exec(struct store_sqlite *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		fail_with(s, sqlite3_extended_errcode(s->db), strlen(sql) <= 40 ? sql : NULL, msg);
		sqlite3_free(msg);
		return s->code;
	}
	return 0;
}

/*
 * SQLite carries a RETURNING clause out with a trigger of its own, and a
 * trigger makes every insert keep a statement journal: a bulk import of
 * 100,000 forms took a third more CPU time for "RETURNING id" on its two
 * inserts.  So a statement that ends so (a one-row INSERT) is prepared
 * without the clause, and sqlite_run returns the id SQLite gives the row
 * it inserted (sqlite3_last_insert_rowid) as its row; no row when it
 * inserted none (ON CONFLICT DO NOTHING).
 */
#define RETURNING_ID " RETURNING id"

static sqlite3_stmt *stmt(struct store_sqlite *s, int id)
{
	sqlite3_stmt *st = s->stmt[id];

	if (!st) {
		const char *text = stmt_text[id];
		size_t n = strlen(text), k = sizeof(RETURNING_ID) - 1;
		s->rowid[id] = n > k && strcmp(text + n - k, RETURNING_ID) == 0;
		if (sqlite3_prepare_v3(s->db, text, (int)(s->rowid[id] ? n - k : n),
		                       SQLITE_PREPARE_PERSISTENT, &s->stmt[id], NULL) != SQLITE_OK) {
			fail(s, "prepare");
			return NULL;
		}
	}
	st = s->stmt[id];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

static int migrate(struct store_sqlite *s)
{
	sqlite3_stmt *st = NULL;
	int version = 0, rc = 0;
	size_t i;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "user_version");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > migrations[sizeof(migrations) / sizeof(migrations[0]) - 1].version) {
		sb_reset(&s->err);
		sb_addf(&s->err, "数据库结构版本 %d 高于本程序支持的版本，请升级 jixiao", version);
		return JX_ESTORE;
	}
	for (i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		char pragma[64];
		if (migrations[i].version <= version)
			continue;
		if ((rc = exec(s, "BEGIN IMMEDIATE")))
			return rc;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", migrations[i].version);
		if ((rc = exec(s, migrations[i].sql)) || (rc = exec(s, pragma))) {
			exec(s, "ROLLBACK");
			return rc;
		}
		if ((rc = exec(s, "COMMIT")))
			return rc;
	}
	return 0;
}

static void sqlite_close(struct engine *base)
{
	struct store_sqlite *s = E(base);

	for (int i = 0; i < Q__ALL; i++)
		sqlite3_finalize(s->stmt[i]);
	for (int i = 0; i < IND_ROWS; i++)
		sqlite3_finalize(s->ind_stmt[i]);
	sqlite3_close(s->db);
	if (s->flush_fd >= 0)
		close(s->flush_fd);
	for (int i = 0; i < COUNT_CACHE; i++)
		free(s->counts.key[i]);
	sb_release(&s->err);
	free(s);
}

/*
 * Once per process, before SQLite starts: no memory statistics.  Nothing
 * here reads them, and keeping them takes a global mutex around every
 * allocation SQLite makes, several per statement run (Debian's SQLite has
 * no lookaside memory): 6% of an import's storing.  Should SQLite already
 * be started, the call fails and changes nothing.
 */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int gram_register(struct store_sqlite *s);

static int sqlite_open(struct engine **out, const char *path)
{
	struct store_sqlite *s;
	int rc;

	pthread_once(&lib_once, lib_config);
	if (!(s = calloc(1, sizeof(*s))))
		return JX_ENOMEM;
	s->base.ops = &engine_sqlite;
	s->flush_fd = -1;
	s->busy_ms = BUSY_MS;
	sb_init(&s->err, 4096);
	*out = &s->base;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return fail(s, path);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	/* page_size takes effect only on a new, empty file, before WAL mode is
	 * set; an existing file keeps its own.  16 KiB pages fit revisions
	 * (about 1.3 KB each) and indicator rows with less slack and fewer
	 * b-tree levels than 4 KiB, and make a bulk import about 10% cheaper. */
	if ((rc = exec(s, "PRAGMA page_size = 16384;"
	                  "PRAGMA journal_mode = WAL;"
	                  "PRAGMA synchronous = NORMAL;"
	                  "PRAGMA foreign_keys = ON;"
	                  "PRAGMA cache_size = -16384;"
	                  "PRAGMA temp_store = MEMORY;")))
		return rc;
	if ((rc = gram_register(s)))
		return rc;
	return migrate(s);
}

/*
 * Bulk mode.  In WAL mode each page of a transaction is written twice, to
 * the WAL and then by the checkpoint into the database file, each followed
 * by an fsync: importing 100,000 forms (250 MB), the commit took 1.3 s
 * where a rollback journal takes 0.45 s.  Into a store that holds no
 * declaration, a rollback journal writes each new page once: only the few
 * pages that already exist go to the journal first.  So a bulk transaction
 * into an empty store switches the file to the rollback journal with
 * synchronous = EXTRA: a crash at any point leaves the file as it was
 * before the import or as after it (tests/store.sh kills an import to
 * check), and EXTRA also syncs the directory after the journal is deleted,
 * so that a committed import survives a power loss, which WAL with NORMAL
 * does not promise for the last transaction.  Back to WAL with
 * synchronous = NORMAL when it ends.  SQLite leaves WAL mode only when no
 * other connection has the file open; when one has, the switch fails at
 * once and the import runs in WAL mode as usual.  The price: while a bulk
 * import runs, other connections wait for it (up to their busy timeout,
 * then they report the database locked) instead of reading the empty store
 * beside it.
 *
 * Foreign keys are off for a bulk transaction and checked all at once
 * before it commits (bulk_check): checked row by row, each indicator row
 * looked its revision up, and a statement inserting several rows had to
 * keep a statement journal to undo them should one refer to nothing.
 */
static bool bulk_start(struct store_sqlite *s)
{
	sqlite3_stmt *st = stmt(s, Q_ANY_DECL);
	const unsigned char *mode;
	bool empty, ok = false;

	if (!st)
		return false;
	empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_reset(st);
	if (!empty)
		return false;
	st = NULL;
	sqlite3_busy_timeout(s->db, 0);
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = DELETE", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && (mode = sqlite3_column_text(st, 0)))
		ok = strcmp((const char *)mode, "delete") == 0;
	sqlite3_finalize(st);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	if (ok && sqlite3_exec(s->db, "PRAGMA synchronous = EXTRA; PRAGMA foreign_keys = OFF", NULL,
	                       NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(s->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
		                    " PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		ok = false;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	if (ok)
		s->flush_fd = open(sqlite3_db_filename(s->db, "main"), O_RDONLY | O_CLOEXEC);
#endif
	s->puts = 0;
	return ok;
}

/*
 * Bulk mode writes 250 MB for 100,000 forms; the kernel keeps them in the
 * page cache until the commit's fsync, which then waits for all of them
 * (0.45 s).  Asking the kernel now and then to start writing back what
 * SQLite has already written lets the disk work while the import goes on,
 * and the commit waits for the last few megabytes only (0.1 s).  It changes
 * nothing of what reaches the disk or in which order (the kernel may write
 * back those pages any time anyway); SQLite's fsyncs still decide.
 */
#define FLUSH_EVERY 1024        /* revisions (INSERT_REV runs), about 2.5 MB of pages */

static void bulk_flush(struct store_sqlite *s)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (s->flush_fd >= 0 && ++s->puts % FLUSH_EVERY == 0)
		sync_file_range(s->flush_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)s;
#endif
}

/*
 * Back to WAL after a bulk transaction.  The transaction is over, so the
 * connection holds no lock on the file here: closing a second descriptor of
 * a file drops every POSIX lock the process holds on it, so flush_fd is
 * closed only now, before WAL mode takes a lock again.  Leaves the last
 * error alone: a failure here loses nothing (the next open sets WAL mode).
 */
static void bulk_end(struct store_sqlite *s)
{
	if (!s->bulk)
		return;
	s->bulk = false;
	if (s->flush_fd >= 0)
		close(s->flush_fd);
	s->flush_fd = -1;
	sqlite3_exec(s->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
	                    " PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

/*
 * Before a bulk transaction commits: the references its rows make, checked
 * all at once (see bulk_start).  The tables checked were empty when it
 * began, so this checks exactly what it wrote.  BULK_REFS_DENSE reads a few
 * pages and settles the usual case; only when it does not hold is each
 * reference looked up (BULK_FK_CHECK), which reads back from the file every
 * page the import wrote (the page cache holds 16 MiB of them).  JX_ESTORE
 * when a row refers to nothing: the caller rolls back, as after a failed
 * insert.
 */
static int bulk_check(struct store_sqlite *s)
{
	sqlite3_stmt *st;
	int64_t bad;
	int rc;

	if (!(st = stmt(s, Q_BULK_REFS_DENSE)))
		return s->code;
	rc = sqlite3_step(st);
	bad = rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER &&
	      sqlite3_column_int64(st, 0) == 1 ? 0 : 1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(s, "foreign key check");
	if (!bad)
		return 0;
	if (!(st = stmt(s, Q_BULK_FK_CHECK)))
		return s->code;
	rc = sqlite3_step(st);
	bad = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(s, "foreign key check");
	if (bad) {
		sb_reset(&s->err);
		sb_addf(&s->err, "foreign key check: %lld rows refer to no row", (long long)bad);
		return JX_ESTORE;
	}
	return 0;
}

/*
 * A read transaction (ENG_READ): a deferred BEGIN, and a first read at
 * once, which takes the snapshot (in WAL mode a reader never waits on a
 * writer nor makes one wait).  query_only makes any write in it fail
 * (SQLITE_READONLY, a bug of the caller) where SQLite would otherwise
 * upgrade it to a write transaction quietly.  While a bulk import writes
 * through a rollback journal (bulk_start), the first read waits for it up
 * to the busy timeout, then fails with JX_EBUSY.
 */
static int read_begin(struct store_sqlite *s)
{
	int rc;

	if ((rc = exec(s, "PRAGMA query_only = 1; BEGIN; SELECT 1 FROM sqlite_schema LIMIT 1"))) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_exec(s->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
		if (rc == JX_EBUSY) {
			sb_reset(&s->err);
			sb_addf(&s->err, "数据库正忙，请稍后重试：另一个程序正在独占写入（如向空数据库批量导入），"
			                 "等待 %d 毫秒后仍未结束", s->busy_ms);
		}
		return rc;
	}
	s->read = true;
	return 0;
}

/* After a read transaction: writes are allowed again. */
static void read_end(struct store_sqlite *s)
{
	if (!s->read)
		return;
	s->read = false;
	sqlite3_exec(s->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
}

static int sqlite_begin(struct engine *base, unsigned flags)
{
	struct store_sqlite *s = E(base);
	int rc;

	if (flags & ENG_READ)
		return read_begin(s);
	if (flags & ENG_BULK)
		s->bulk = bulk_start(s);
	if ((rc = exec(s, "BEGIN IMMEDIATE")))
		bulk_end(s);
	return rc;
}

static int sqlite_commit(struct engine *base)
{
	struct store_sqlite *s = E(base);
	int rc = s->bulk ? bulk_check(s) : 0;

	if (rc || (rc = exec(s, "COMMIT")))
		return rc;
	read_end(s);
	bulk_end(s);
	return 0;
}

/*
 * SQLite rolls a transaction back itself after some failures (disk full,
 * out of memory, some I/O errors): then there is nothing left to roll back,
 * and the failure that did it stays the one store_errmsg tells (a ROLLBACK
 * would only add "no transaction is active").  A ROLLBACK that fails adds
 * its reason after the first failure's.
 */
static int sqlite_rollback(struct engine *base)
{
	struct store_sqlite *s = E(base);
	char *msg = NULL;
	int rc = SQLITE_OK;

	if (!sqlite3_get_autocommit(s->db))
		rc = sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		sb_addf(&s->err, "；回滚失败：%s", msg ? msg : sqlite3_errmsg(s->db));
		rc = JX_ESTORE;
	}
	sqlite3_free(msg);
	read_end(s);
	bulk_end(s);
	return rc;
}

static void sqlite_busy_timeout(struct engine *base, int ms)
{
	struct store_sqlite *s = E(base);

	s->busy_ms = ms;
	sqlite3_busy_timeout(s->db, ms);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(struct store_sqlite *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, what);
}

/* The most columns a statement returns. */
#define MAX_COLS 32

/* The current row of st as values (valid until the next step); the number
 * of columns. */
static size_t row_vals(sqlite3_stmt *st, struct eng_val *col)
{
	int n = sqlite3_column_count(st);

	assert(n <= MAX_COLS);
	for (int i = 0; i < n; i++) {
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			col[i] = ev_int(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			col[i] = ev_int((int64_t)sqlite3_column_double(st, i));
			break;
		case SQLITE_TEXT:
			col[i].type = EV_TEXT;
			col[i].p = (const char *)sqlite3_column_text(st, i);
			col[i].n = (size_t)sqlite3_column_bytes(st, i);
			break;
		case SQLITE_BLOB:
			col[i].type = EV_BLOB;
			col[i].p = sqlite3_column_blob(st, i);
			col[i].n = (size_t)sqlite3_column_bytes(st, i);
			break;
		default:
			col[i] = ev_null();
		}
	}
	return (size_t)n;
}

/* Binds p[0..n-1] to parameters 1..n of st (texts and blobs not copied). */
static void bind_vals(sqlite3_stmt *st, int first, const struct eng_val *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int k = first + (int)i;
		switch (p[i].type) {
		case EV_INT:
			sqlite3_bind_int64(st, k, p[i].i);
			break;
		case EV_TEXT:
			sqlite3_bind_text(st, k, p[i].p, (int)p[i].n, SQLITE_STATIC);
			break;
		case EV_BLOB:
			sqlite3_bind_blob(st, k, p[i].p, (int)p[i].n, SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(st, k);
		}
	}
}

/*
 * Statements the engine runs after one of the store's, with its parameters:
 * its search indexes follow a current revision that changed without a new
 * one (an adjustment dropped).
 */
static const int follow_restore[] = { Q_FTS_DECL_GRAM_DELETE, Q_FTS_DECL_UPSERT,
	                              Q_FTS_DECL_GRAM_INSERT, 0 };

static int sqlite_run(struct engine *base, enum stmt_id id, const struct eng_val *p, size_t n,
                      eng_row_fn fn, void *ctx, int64_t *changes)
{
	struct store_sqlite *s = E(base);
	struct eng_val col[MAX_COLS];
	sqlite3_stmt *st = stmt(s, id);
	int rc;

	if (!st)
		return s->code;
	if (id == Q_INSERT_REV && s->bulk)
		bulk_flush(s);
	bind_vals(st, 1, p, n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn && (rc = fn(ctx, col, row_vals(st, col)))) {
			sqlite3_reset(st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(s->db);
		fail(s, stmt_name(id));
		sqlite3_reset(st);
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			s->code = JX_EEXIST;
		return s->code;
	}
	if (changes)
		*changes = sqlite3_changes64(s->db);
	sqlite3_reset(st);
	if (s->rowid[id] && fn && sqlite3_changes64(s->db) > 0) {
		col[0] = ev_int(sqlite3_last_insert_rowid(s->db));
		if ((rc = fn(ctx, col, 1)))
			return rc;
	}
	if (id == Q_RESTORE_APPROVED) {
		for (const int *f = follow_restore; *f; f++) {
			if (!(st = stmt(s, *f)))
				return s->code;
			bind_vals(st, 1, p, n);
			if ((rc = step_done(s, st, "index for search")))
				return rc;
		}
	}
	return 0;
}

static sqlite3_stmt *ind_stmt(struct store_sqlite *s, size_t k);

/*
 * INSERT_IND goes IND_ROWS rows per statement: SQLite then opens its
 * cursors once for all of them and finds where each next row goes from
 * where the last one went, which costs about a third of what one statement
 * per row does.  Every parameter is bound each time, NULL included, so no
 * clear_bindings is needed.  Other statements go one row at a time.
 */
static int sqlite_load(struct engine *base, enum stmt_id id, const struct eng_val *rows,
                       size_t n_cols, size_t n_rows)
{
	struct store_sqlite *s = E(base);
	size_t i = 0, k;
	int rc;

	if (id != Q_INSERT_IND || n_cols != IND_COLS) {
		for (; i < n_rows; i++)
			if ((rc = sqlite_run(base, id, rows + i * n_cols, n_cols, NULL, NULL, NULL)))
				return rc;
		return 0;
	}
	while (i < n_rows) {
		sqlite3_stmt *st;
		k = n_rows - i < IND_ROWS ? n_rows - i : IND_ROWS;
		if (!(st = ind_stmt(s, k)))
			return s->code;
		bind_vals(st, 1, rows + i * n_cols, k * n_cols);
		if ((rc = step_done(s, st, "insert indicator")))
			return rc;
		i += k;
	}
	return 0;
}

/* INSERT_IND with k rows (1 <= k <= IND_ROWS), prepared the first time. */
static sqlite3_stmt *ind_stmt(struct store_sqlite *s, size_t k)
{
	const char *text = stmt_text[Q_INSERT_IND], *row = strrchr(text, '(');
	sqlite3_stmt **st = &s->ind_stmt[k - 1];
	struct strbuf sql = STRBUF_INIT;
	int rc;

	assert(k >= 1 && k <= IND_ROWS && row);
	if (*st)
		return *st;
	sb_adds(&sql, text);
	for (size_t i = 1; i < k; i++) {
		sb_adds(&sql, ", ");
		sb_adds(&sql, row);
	}
	if (sql.err) {
		sb_release(&sql);
		sb_reset(&s->err);
		sb_adds(&s->err, "prepare: out of memory");
		s->code = JX_ENOMEM;
		return NULL;
	}
	rc = sqlite3_prepare_v3(s->db, sql.buf, (int)sql.len, SQLITE_PREPARE_PERSISTENT, st, NULL);
	sb_release(&sql);
	if (rc != SQLITE_OK) {
		fail(s, "prepare");
		return NULL;
	}
	return *st;
}

/*
 * jx_gram, the tokenizer of decl_gram (migration 8): a document's terms are
 * each of its characters and each pair of adjacent characters, byte for byte
 * (no case folding); a query, a phrase of one or two characters, is one term.
 * So a search of one or two characters finds exactly the texts that contain
 * it (as instr() did), when it holds neither a space nor a line break, the
 * separators of the indexed text (see sqlite_list_page).
 */
static int gram_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int one;

	(void)ctx;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&one;
	return SQLITE_OK;
}

static void gram_delete(Fts5Tokenizer *t)
{
	(void)t;
}

/* The bytes of the UTF-8 character at s (n bytes left), at least 1. */
static int char_len(const char *s, int n)
{
	unsigned char c = (unsigned char)*s;
	int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	return len < n ? len : n;
}

static int gram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*token)(void *, int, const char *, int, int, int))
{
	int rc = SQLITE_OK, a, b;

	(void)t;
	if (flags & FTS5_TOKENIZE_QUERY)
		return n > 0 ? token(ctx, 0, text, n, 0, n) : SQLITE_OK;
	for (int i = 0; i < n && rc == SQLITE_OK; i += a) {
		a = char_len(text + i, n - i);
		rc = token(ctx, 0, text + i, a, i, i + a);
		if (rc == SQLITE_OK && i + a < n) {
			b = char_len(text + i + a, n - i - a);
			rc = token(ctx, 0, text + i, a + b, i, i + a + b);
		}
	}
	return rc;
}

/* Registers jx_gram with the connection's FTS5, before the schema needs it. */
static int gram_register(struct store_sqlite *s)
{
	static fts5_tokenizer gram = { gram_create, gram_delete, gram_tokenize };
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "fts5");
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->xCreateTokenizer(api, "jx_gram", NULL, &gram, NULL) != SQLITE_OK)
		return fail(s, "fts5 tokenizer");
	return 0;
}

/* True when text is one or two whole UTF-8 characters, neither a space nor a
 * line break: a search decl_gram answers as instr() did. */
static bool gram_query(const char *text)
{
	int n = (int)strlen(text), chars = 0;

	for (int i = 0, len; i < n; i += len, chars++) {
		len = char_len(text + i, n - i);
		if ((len == 1 && ((unsigned char)text[i] >= 0x80 || text[i] == ' ' || text[i] == '\n')) ||
		    (i + len > n))
			return false;
		for (int k = 1; k < len; k++)
			if (((unsigned char)text[i + k] & 0xc0) != 0x80)
				return false;
	}
	return chars >= 1 && chars <= 2;
}

/* Brings the search indexes up to date with the current revisions. */
static int fts_sync(struct store_sqlite *s)
{
	sqlite3_stmt *st;
	int64_t last = 0, max = 0;
	int rc;

	if ((rc = exec(s, "SAVEPOINT fts_sync")))
		return rc;
	if (!(st = stmt(s, Q_FTS_LAST)))
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		max = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (max > last) {
		if (!(st = stmt(s, Q_GRAM_DELETE)))
			goto fail;
		sqlite3_bind_int64(st, 1, last);
		if (step_done(s, st, "index for search"))
			goto fail;
		if (!(st = stmt(s, Q_FTS_UPSERT)))
			goto fail;
		sqlite3_bind_int64(st, 1, last);
		if (step_done(s, st, "index for search"))
			goto fail;
		if (!(st = stmt(s, Q_GRAM_INSERT)))
			goto fail;
		sqlite3_bind_int64(st, 1, last);
		if (step_done(s, st, "index for search"))
			goto fail;
		if (!(st = stmt(s, Q_FTS_SET)))
			goto fail;
		sqlite3_bind_int64(st, 1, max);
		if (step_done(s, st, "index for search"))
			goto fail;
	}
	return exec(s, "RELEASE fts_sync");
fail:
	sqlite3_exec(s->db, "ROLLBACK TO fts_sync; RELEASE fts_sync", NULL, NULL, NULL);
	return s->code;     /* the first failure's */
}

/* A search text as an FTS5 phrase: quoted, inner quotes doubled. */
static char *fts_phrase(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addc(&sb, '"');
	for (; *text; text++) {
		if (*text == '"')
			sb_addc(&sb, '"');
		sb_addc(&sb, *text);
	}
	sb_addc(&sb, '"');
	return sb_detach(&sb, NULL);
}

static void bind_filter(sqlite3_stmt *st, const struct eng_page *f, const char *phrase)
{
	sqlite3_bind_int(st, 1, f->year);
	bind_text(st, 2, f->department);
	bind_text(st, 3, f->implementer);
	bind_text(st, 4, f->state);
	bind_text(st, 5, f->verdict);
	sqlite3_bind_int(st, 6, f->has_errors);
	bind_text(st, 7, f->text && *f->text && !phrase ? f->text : NULL);
	sqlite3_bind_int(st, 8, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int(st, 9, f->offset > 0 ? f->offset : 0);
	bind_text(st, 10, phrase);
}

/* The key of a total: the statement and every parameter it binds. */
static char *count_key(int id, const struct eng_page *f, const char *phrase)
{
	struct strbuf k = STRBUF_INIT;
	const char *texts[] = { f->department, f->implementer, f->state, f->verdict,
		                phrase ? phrase : f->text };

	sb_addf(&k, "%d|%d|%d", (int)id, f->year, f->has_errors);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		/* each text with its length: no separator can be forged */
		sb_addf(&k, "|%zu:", texts[i] ? strlen(texts[i]) : (size_t)0);
		if (texts[i])
			sb_adds(&k, texts[i]);
		else
			sb_addc(&k, '-');
	}
	return sb_detach(&k, NULL);
}

/*
 * The total of the list's count statement st (bound, not stepped), from the
 * cache when the store is as it was when it was counted (see struct
 * count_cache); `key` is count_key's, or NULL not to keep it.
 */
static int list_total(struct store_sqlite *s, sqlite3_stmt *st, char *key, int64_t *total)
{
	struct count_cache *c = &s->counts;
	sqlite3_stmt *v = key ? stmt(s, Q_DATA_VERSION) : NULL;
	int64_t version = 0, changes = sqlite3_total_changes64(s->db);
	int rc;

	if (v) {
		if (sqlite3_step(v) == SQLITE_ROW)
			version = sqlite3_column_int64(v, 0);
		sqlite3_reset(v);
		if (version != c->version || changes != c->changes) {
			for (int i = 0; i < COUNT_CACHE; i++) {
				free(c->key[i]);
				c->key[i] = NULL;
			}
			c->version = version;
			c->changes = changes;
		}
		for (int i = 0; i < COUNT_CACHE; i++) {
			if (c->key[i] && strcmp(c->key[i], key) == 0) {
				*total = c->total[i];
				sqlite3_reset(st);
				free(key);
				return 0;
			}
		}
	}
	rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		free(key);
		return fail(s, "count page");
	}
	if (v) {
		free(c->key[c->next]);
		c->key[c->next] = key;
		c->total[c->next] = *total;
		c->next = (c->next + 1) % COUNT_CACHE;
	} else {
		free(key);
	}
	return 0;
}

static int sqlite_list_page(struct engine *base, const struct eng_page *f, eng_row_fn fn,
                            void *ctx, int64_t *total_out)
{
	struct store_sqlite *s = E(base);
	struct eng_val col[MAX_COLS];
	sqlite3_stmt *st;
	char *phrase = NULL;
	int64_t total = 0;
	int count;
	bool filtered, fts = false;
	int rc;

	/* the trigram index finds three characters or more, decl_gram one or
	 * two; other texts (a space, a line break, broken UTF-8) are scanned */
	if (f->text && *f->text && ((fts = utf8_chars(f->text, strlen(f->text)) >= 3) ||
	                            gram_query(f->text))) {
		/* Bringing the indexes up to date writes.  A search never waits
		 * for another writer (an import may hold the store for minutes):
		 * when one holds it, the revisions are scanned instead, with the
		 * same results, and the indexes catch up on a later search. */
		sqlite3_busy_timeout(s->db, 0);
		rc = fts_sync(s);
		sqlite3_busy_timeout(s->db, s->busy_ms);
		if (rc == JX_EBUSY)
			fts = false;
		else if (rc)
			return rc;
		else if (!(phrase = fts_phrase(f->text)))
			return JX_ENOMEM;
	}
	/* with no filter at all, SQLite counts the smallest b-tree without looking
	 * at rows, and the index counts its matches alone */
	filtered = f->year || f->department || f->implementer || f->state || f->verdict ||
	           f->has_errors;
	count = phrase && fts ? (filtered ? Q_COUNT_FTS : Q_COUNT_FTS_ALL)
	        : phrase      ? (filtered ? Q_COUNT_GRAM : Q_COUNT_GRAM_ALL)
	        : filtered || (f->text && *f->text) ? Q_COUNT_PAGE
	                                            : Q_COUNT_ALL;
	if (!(st = stmt(s, count))) {
		free(phrase);
		return s->code;
	}
	if (phrase && !filtered)
		bind_text(st, 1, phrase);
	else if (sqlite3_bind_parameter_count(st))
		bind_filter(st, f, phrase);
	/* the total of every list but the whole store's (one b-tree's size) is kept */
	if ((rc = list_total(s, st, count == Q_COUNT_ALL ? NULL : count_key(count, f, phrase),
	                     &total))) {
		free(phrase);
		return rc;
	}
	if (!(st = stmt(s, phrase && fts ? Q_LIST_PAGE_FTS : phrase ? Q_LIST_PAGE_GRAM : Q_LIST_PAGE))) {
		free(phrase);
		return s->code;
	}
	*total_out = total;
	bind_filter(st, f, phrase);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = fn(ctx, col, row_vals(st, col)))) {
			sqlite3_reset(st);
			free(phrase);
			return rc;
		}
	}
	sqlite3_reset(st);
	free(phrase);
	return rc == SQLITE_DONE ? 0 : fail(s, "list page");
}

static const char *sqlite_errmsg(struct engine *base)
{
	return E(base)->err.buf;
}

static bool sqlite_claims(const char *target)
{
	(void)target;
	return true;
}

const struct engine_ops engine_sqlite = {
	.name = "sqlite",
	.claims = sqlite_claims,
	.open = sqlite_open,
	.close = sqlite_close,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.busy_timeout = sqlite_busy_timeout,
	.run = sqlite_run,
	.load = sqlite_load,
	.list_page = sqlite_list_page,
	.errmsg = sqlite_errmsg,
};

