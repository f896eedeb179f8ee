/*
 * store_copy.c: `jixiao copy`: every table of a store (tables.def) copied
 * into an empty store, between any two engines, through the engine
 * interface alone: DUMP_x read from the source, its rows handed to the
 * target's bulk load with RESTORE_x, ids included.  Then each table of the
 * target is read back and compared with what was read from the source:
 * its number of rows and a hash of its content.  One read transaction of
 * the source, one bulk write transaction of the target: all or nothing.
 *
 * The content hash is engine-independent: each value is encoded as a type
 * tag, its length and its bytes (an integer as 8 bytes big-endian), each
 * row hashed with BLAKE2b-256 (libsodium), and the rows' hashes added up
 * as 256-bit numbers.  A sum does not depend on the order of the rows:
 * both sides read them ORDER BY the key, but texts (a 主管部门 in the
 * overview's sums, a session's hash) sort by each engine's collation,
 * which need not be bytewise.  Rows are unique by their key, so a row
 * lost, added or changed changes the sum.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/err.h"
#include "store_copy.h"
#include "store_core.h"

/* The tables in the order they are restored: a row's references first. */
static const struct table {
	const char *name;
	enum stmt_id dump, restore;
	int clear;                  /* CLEAR_x, the overview's sums; -1: none */
} tables[] = {
#define TABLE(name, cols, params, key) { #name, Q_DUMP_##name, Q_RESTORE_##name, -1 },
#define SUMS(name, cols, params, key) { #name, Q_DUMP_##name, Q_RESTORE_##name, Q_CLEAR_##name },
#define SEAL(name, sql)
#include "tables.def"
#undef SEAL
#undef SUMS
#undef TABLE
};
#define N_TABLES N_OF(tables)

/* The statements run with each row of a table once every table is in. */
static const struct seal {
	enum stmt_id dump, seal;
} seals[] = {
#define TABLE(name, cols, params, key)
#define SUMS(name, cols, params, key)
#define SEAL(name, sql) { Q_DUMP_##name, Q_SEAL_##name },
#include "tables.def"
#undef SEAL
#undef SUMS
#undef TABLE
};

/* Rows handed to the target's load at once, and the bytes of their values
 * past which a batch goes before it is full. */
#define BATCH_ROWS 512
#define BATCH_BYTES (8u << 20)

/* What a table holds: its rows and the sum of their hashes. */
struct digest {
	int64_t rows;
	unsigned char sum[crypto_generichash_BYTES];
};

/* The rows of a table on their way to the target. */
struct batch {
	struct store *to;
	enum stmt_id restore;
	struct eng_val *v;          /* BATCH_ROWS rows of n_cols values */
	size_t n_cols, n_rows;
	struct arena a;             /* their texts and blobs */
	struct digest *d;
	bool target_failed;         /* the target's load failed (else the source's read) */
};

/* Adds a row's hash to the sum, as 256-bit little-endian numbers. */
static void sum_add(unsigned char sum[crypto_generichash_BYTES],
                    const unsigned char h[crypto_generichash_BYTES])
{
	unsigned carry = 0;

	for (size_t i = 0; i < crypto_generichash_BYTES; i++) {
		carry += (unsigned)sum[i] + h[i];
		sum[i] = (unsigned char)carry;
		carry >>= 8;
	}
}

static void put_be64(unsigned char *p, uint64_t x)
{
	for (int i = 7; i >= 0; i--, x >>= 8)
		p[i] = (unsigned char)x;
}

/* The hash of one row: per value its type, its length and its bytes. */
static void row_hash(struct digest *d, const struct eng_val *col, size_t n)
{
	crypto_generichash_state st;
	unsigned char h[crypto_generichash_BYTES], head[17];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (size_t i = 0; i < n; i++) {
		const struct eng_val *v = &col[i];
		head[0] = (unsigned char)v->type;
		switch (v->type) {
		case EV_INT:
			put_be64(head + 1, 8);
			put_be64(head + 9, (uint64_t)v->i);
			crypto_generichash_update(&st, head, 17);
			break;
		case EV_TEXT:
		case EV_BLOB:
			put_be64(head + 1, v->n);
			crypto_generichash_update(&st, head, 9);
			crypto_generichash_update(&st, (const unsigned char *)v->p, v->n);
			break;
		default:
			put_be64(head + 1, 0);
			crypto_generichash_update(&st, head, 9);
		}
	}
	crypto_generichash_final(&st, h, sizeof(h));
	sum_add(d->sum, h);
	d->rows++;
}

/* The target's load of st, its failure told in the engine's words. */
static int load(struct store *s, enum stmt_id id, const struct eng_val *rows, size_t n_cols,
                size_t n_rows)
{
	int rc = s->eng->ops->load(s->eng, id, rows, n_cols, n_rows);

	if (rc)
		s->own_err = false;
	return rc;
}

static int batch_flush(struct batch *b)
{
	int rc = 0;

	if (b->n_rows && (rc = load(b->to, b->restore, b->v, b->n_cols, b->n_rows)))
		b->target_failed = true;
	b->n_rows = 0;
	arena_reset(&b->a);
	return rc;
}

/* A row of the source: hashed, copied into the batch. */
static int batch_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct batch *b = ctx;
	struct eng_val *row;
	int rc;

	if (!b->v) {
		if (!(b->v = calloc(BATCH_ROWS * n, sizeof(*b->v))))
			return JX_ENOMEM;
		b->n_cols = n;
	}
	if (n != b->n_cols)
		return JX_ESTORE;
	row_hash(b->d, col, n);
	row = b->v + b->n_rows * n;
	for (size_t i = 0; i < n; i++) {
		row[i] = col[i];
		if (col[i].type != EV_TEXT && col[i].type != EV_BLOB)
			continue;
		/* an empty blob may come without bytes (p NULL): it stays empty, not NULL */
		if (!col[i].n)
			row[i].p = "";
		else if (!(row[i].p = arena_strndup(&b->a, col[i].p, col[i].n)))
			return JX_ENOMEM;
	}
	if (++b->n_rows == BATCH_ROWS || arena_used(&b->a) > BATCH_BYTES)
		if ((rc = batch_flush(b)))
			return rc;
	return 0;
}

/* Copies table t from the source into the target. */
static int copy_table(struct store *from, struct store *to, const struct table *t,
                      struct digest *d, struct store **failed)
{
	struct batch b = { .to = to, .restore = t->restore, .d = d };
	int rc;

	arena_init(&b.a, 64 * 1024);
	if (t->clear >= 0 && (rc = st_exec(to, (enum stmt_id)t->clear, NULL, 0, NULL))) {
		*failed = to;
		goto out;
	}
	rc = st_run(from, t->dump, NULL, 0, batch_row, &b);
	if (!rc)
		rc = batch_flush(&b);
	if (rc)
		*failed = b.target_failed ? to : rc == JX_ENOMEM ? NULL : from;
out:
	free(b.v);
	arena_release(&b.a);
	return rc;
}

/* Stops a read at the first row: the table holds one. */
static int any_row(void *ctx, const struct eng_val *col, size_t n)
{
	(void)col;
	(void)n;
	*(bool *)ctx = true;
	return JX_EEXIST;
}

static int check_empty(struct store *to, struct store **failed)
{
	for (size_t i = 0; i < N_TABLES; i++) {
		bool found = false;
		int rc = st_run(to, tables[i].dump, NULL, 0, any_row, &found);
		*failed = to;
		if (found)
			return store_refuse(to, JX_ECONFLICT,
			                    "目标数据库不是空的（表 %s 已有数据），只能复制到新建的空数据库",
			                    tables[i].name);
		if (rc)
			return rc;
	}
	return 0;
}

struct seal_ctx {
	struct store *to;
	enum stmt_id seal;
	bool target_failed;
};

static int seal_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct seal_ctx *c = ctx;
	int rc = st_exec(c->to, c->seal, col, n, NULL);

	c->target_failed = rc != 0;
	return rc;
}

/* A table of the target read back: the same rows as read from the source? */
static int hash_row(void *ctx, const struct eng_val *col, size_t n)
{
	row_hash(ctx, col, n);
	return 0;
}

static int verify_table(struct store *to, const struct table *t, const struct digest *src,
                        struct store **failed)
{
	struct digest d = { 0 };
	char hex[2 * 8 + 1];
	int rc = st_run(to, t->dump, NULL, 0, hash_row, &d);

	if (rc) {
		*failed = to;
		return rc;
	}
	if (d.rows == src->rows && memcmp(d.sum, src->sum, sizeof(d.sum)) == 0)
		return 0;
	*failed = to;
	sodium_bin2hex(hex, sizeof(hex), d.sum, 8);
	if (d.rows != src->rows)
		return store_refuse(to, JX_ESTORE,
		                    "复制后校验不一致：表 %s 源数据库有 %lld 行，目标数据库读回 %lld 行；"
		                    "已回滚，目标数据库未写入任何内容",
		                    t->name, (long long)src->rows, (long long)d.rows);
	return store_refuse(to, JX_ESTORE,
	                    "复制后校验不一致：表 %s 的 %lld 行读回后内容哈希不同（目标 %s…）；"
	                    "已回滚，目标数据库未写入任何内容",
	                    t->name, (long long)d.rows, hex);
}

int store_open_existing(struct store **out, const char *target, char **errmsg)
{
	struct stat sb;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (engine_for(target) == &engine_sqlite && stat(target, &sb) != 0)
		return JX_ENOENT;
	return store_open(out, target, errmsg);
}

int store_copy(struct store *from, struct store *to, copy_fn fn, void *ctx,
               struct store **failed)
{
	struct digest d[N_TABLES];
	struct store *who = NULL;
	bool read = false, write = false;
	int rc;

	memset(d, 0, sizeof(d));
	if (sodium_init() < 0)
		return JX_ENOMEM;
	if ((rc = store_begin(from, STORE_READ))) {
		who = from;
		goto out;
	}
	read = true;
	if ((rc = store_begin(to, STORE_BULK))) {
		who = to;
		goto out;
	}
	write = true;
	if ((rc = check_empty(to, &who)))
		goto out;
	/* the tables, then the seals, then the overview's sums, which the
	 * triggers of the others (seals included) have added to meanwhile */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < N_TABLES; i++) {
			if ((tables[i].clear >= 0) != (pass == 1))
				continue;
			if ((rc = copy_table(from, to, &tables[i], &d[i], &who)))
				goto out;
			if (fn && (rc = fn(ctx, COPY_COPIED, tables[i].name, d[i].rows))) {
				who = NULL;
				goto out;
			}
		}
		for (size_t i = 0; pass == 0 && i < N_OF(seals); i++) {
			struct seal_ctx c = { to, seals[i].seal, false };
			if ((rc = st_run(from, seals[i].dump, NULL, 0, seal_row, &c))) {
				who = c.target_failed ? to : from;
				goto out;
			}
		}
	}
	if ((rc = st_exec(to, Q_RESTORE_DONE, NULL, 0, NULL))) {
		who = to;
		goto out;
	}
	for (size_t i = 0; i < N_TABLES; i++) {
		if ((rc = verify_table(to, &tables[i], &d[i], &who)))
			goto out;
		if (fn && (rc = fn(ctx, COPY_VERIFIED, tables[i].name, d[i].rows))) {
			who = NULL;
			goto out;
		}
	}
	if ((rc = store_commit(to)))
		who = to;
	else
		write = false;
out:
	if (write)
		store_rollback(to);
	if (read)
		store_rollback(from);
	if (failed)
		*failed = rc ? who : NULL;
	return rc;
}
