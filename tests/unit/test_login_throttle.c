/*
 * test_login_throttle.c: the login throttle's failures per user name in the
 * store (store_login_attempt, store_login_clear; migration 9), on a fresh
 * SQLite store with a clock the test sets: the limit, the window, a success
 * taking the failures back, other names never touching a locked one, and
 * the cap on records of unknown names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/jx_throttle_XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (store_open(&f->store, f->path, NULL))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[128];

	store_close(f->store);
	for (const char *const *ext = (const char *const[]){ "", "-wal", "-shm", NULL }; *ext; ext++) {
		snprintf(p, sizeof(p), "%s%s", f->path, *ext);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One attempt at time now: 1 allowed, 0 throttled. */
static int attempt(struct store *s, const char *key, bool known, int64_t now, int64_t cap)
{
	struct login_limit l = { .now = now, .window = 900, .max = 5, .unknown_cap = cap };
	bool allowed = true;

	assert_int_equal(store_login_attempt(s, key, known, &l, &allowed), 0);
	return allowed;
}

/* Five attempts within the window, then none until the first is 900 s old. */
static void test_limit_and_window(void **state)
{
	struct store *s = ((struct fixture *)*state)->store;
	static const struct {
		int64_t at;
		int allowed;
	} rows[] = {
		{ 1000, 1 }, { 1100, 1 }, { 1200, 1 }, { 1300, 1 }, { 1400, 1 },
		{ 1401, 0 }, { 1899, 0 }, { 1900, 1 },   /* 1000 + 900: the first no longer counts */
		{ 1901, 0 }, { 2000, 1 }, { 2001, 0 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(attempt(s, "victim", true, rows[i].at, 100), rows[i].allowed);
	/* a success takes every failure back */
	assert_int_equal(store_login_clear(s, "victim"), 0);
	assert_int_equal(attempt(s, "victim", true, 2002, 100), 1);
}

/* No number of other names, known or not, frees a locked name. */
static void test_not_evictable(void **state)
{
	struct store *s = ((struct fixture *)*state)->store;
	char key[32];

	for (int i = 0; i < 5; i++)
		assert_int_equal(attempt(s, "victim", true, 5000 + i, 100), 1);
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "junk%d", i);
		assert_int_equal(attempt(s, key, i % 2, 5010, 100), 1);
	}
	assert_int_equal(attempt(s, "victim", true, 5011, 100), 0);
}

/* Records of unknown names are capped (the oldest go first); a locked
 * unknown name stays locked while the cap is not reached. */
static void test_unknown_cap(void **state)
{
	struct store *s = ((struct fixture *)*state)->store;
	char key[32];

	for (int i = 0; i < 5; i++)
		assert_int_equal(attempt(s, "nobody", false, 8000, 10), 1);
	assert_int_equal(attempt(s, "nobody", false, 8000, 10), 0);
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "other%d", i);
		assert_int_equal(attempt(s, key, false, 8001, 10), 1);
	}
	assert_int_equal(attempt(s, "nobody", false, 8002, 10), 0);
	/* 50 more unknown names: "nobody"'s records are the oldest, dropped */
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "more%d", i);
		assert_int_equal(attempt(s, key, false, 8003, 10), 1);
	}
	assert_int_equal(attempt(s, "nobody", false, 8004, 10), 1);
	/* known names are never capped */
	for (int i = 0; i < 5; i++)
		assert_int_equal(attempt(s, "known", true, 8005, 10), 1);
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "again%d", i);
		assert_int_equal(attempt(s, key, false, 8006, 10), 1);
	}
	assert_int_equal(attempt(s, "known", true, 8007, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limit_and_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_evictable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_cap, setup, teardown),
	};
	return cmocka_run_group_tests_name("login_throttle", tests, NULL, NULL);
}
