/*
 * test_store_tx.c: the store's transactions between two connections to one
 * file: a read transaction (STORE_READ) neither waits for a writer nor makes
 * one wait, keeps its snapshot and cannot write; a writer that cannot get
 * the lock fails with JX_EBUSY and a Chinese reason after its busy timeout;
 * a rollback with no transaction left keeps the first error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/store/store.h"
#include "../../src/util/err.h"

struct pair {
	char dir[64];
	char path[96];
	struct store *a, *b;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_user(struct store *s, const char *name)
{
	struct user u = { .name = name, .role = ROLE_FINANCE, .unit = "", .department = "",
		          .hash = "x" };
	int64_t id;

	return store_user_add(s, &u, "test", &id);
}

static int64_t users(struct store *s)
{
	int64_t n = -1;

	assert_int_equal(store_user_count(s, &n), 0);
	return n;
}

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	snprintf(p->dir, sizeof(p->dir), "/tmp/jixiao-tx-XXXXXX");
	assert_non_null(mkdtemp(p->dir));
	snprintf(p->path, sizeof(p->path), "%s/tx.db", p->dir);
	assert_int_equal(store_open(&p->a, p->path, NULL), 0);
	assert_int_equal(store_open(&p->b, p->path, NULL), 0);
	assert_int_equal(add_user(p->a, "first"), 0);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	char wal[128], shm[128];

	store_close(p->a);
	store_close(p->b);
	snprintf(wal, sizeof(wal), "%s-wal", p->path);
	snprintf(shm, sizeof(shm), "%s-shm", p->path);
	unlink(wal);
	unlink(shm);
	unlink(p->path);
	rmdir(p->dir);
	free(p);
	return 0;
}

/* A writer holds the lock: a reader starts at once and sees the snapshot
 * from before the write, also after the writer commits. */
static void test_read_beside_writer(void **state)
{
	struct pair *p = *state;
	double t;

	assert_int_equal(store_begin(p->a, 0), 0);
	assert_int_equal(add_user(p->a, "second"), 0);
	t = now_s();
	assert_int_equal(store_begin(p->b, STORE_READ), 0);
	assert_int_equal(users(p->b), 1);
	assert_true(now_s() - t < 0.5);
	assert_int_equal(store_commit(p->a), 0);
	assert_int_equal(users(p->b), 1);        /* the same snapshot */
	assert_int_equal(store_rollback(p->b), 0);
	assert_int_equal(users(p->b), 2);
}

/* A reader holds its snapshot: a writer neither waits nor fails. */
static void test_write_beside_reader(void **state)
{
	struct pair *p = *state;
	double t;

	assert_int_equal(store_begin(p->b, STORE_READ), 0);
	assert_int_equal(users(p->b), 1);
	t = now_s();
	assert_int_equal(store_begin(p->a, 0), 0);
	assert_int_equal(add_user(p->a, "second"), 0);
	assert_int_equal(store_commit(p->a), 0);
	assert_true(now_s() - t < 0.5);
	assert_int_equal(store_commit(p->b), 0);
}

/* A read transaction cannot write, and afterwards the connection can. */
static void test_read_cannot_write(void **state)
{
	struct pair *p = *state;

	assert_int_equal(store_begin(p->b, STORE_READ), 0);
	assert_int_equal(add_user(p->b, "sneaky"), JX_ESTORE);
	assert_non_null(strstr(store_errmsg(p->b), "readonly"));
	assert_int_equal(store_rollback(p->b), 0);
	assert_int_equal(users(p->a), 1);
	assert_int_equal(store_begin(p->b, 0), 0);
	assert_int_equal(add_user(p->b, "second"), 0);
	assert_int_equal(store_commit(p->b), 0);
	assert_int_equal(users(p->a), 2);
}

/* Two writers: the second fails after its busy timeout, with the reason. */
static void test_busy_writer(void **state)
{
	struct pair *p = *state;
	double t;

	store_busy_timeout(p->b, 200);
	assert_int_equal(store_begin(p->a, 0), 0);
	t = now_s();
	assert_int_equal(store_begin(p->b, 0), JX_EBUSY);
	t = now_s() - t;
	assert_true(t >= 0.15 && t < 2);
	assert_string_equal(store_errmsg(p->b), "数据库正忙，请稍后重试：另一个连接正在写入，"
	                                        "等待 200 毫秒后仍未轮到（BEGIN IMMEDIATE: database is locked）");
	/* no transaction was started: the rollback changes nothing, says nothing */
	assert_int_equal(store_rollback(p->b), 0);
	assert_non_null(strstr(store_errmsg(p->b), "数据库正忙"));
	assert_null(strstr(store_errmsg(p->b), "rollback"));
	/* outside a transaction, a write waits and fails the same way */
	assert_int_equal(add_user(p->b, "second"), JX_EBUSY);
	assert_int_equal(store_rollback(p->a), 0);
	assert_int_equal(add_user(p->b, "second"), 0);
	assert_int_equal(users(p->a), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_beside_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_beside_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_cannot_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_writer, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_tx", tests, NULL, NULL);
}
