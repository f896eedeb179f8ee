/*
 * cmd_import.c: `jixiao import FILE...`: forms into the store, all of them
 * in one transaction, so that input with any error stores nothing.
 *
 * Reading and storing overlap: a parser thread reads the files and copies
 * each declaration read without error, with its hash, into a batch (an
 * arena of its own); full batches go through a short queue to this thread,
 * which stores them in order and recycles them.  The queue is bounded, so
 * memory is too, whatever the size of the input.  Only this thread touches
 * the store; only the parser thread touches the findings until it is joined.
 * The parser thread also reviews each declaration (review.h): the review is
 * stored with the revision it belongs to.
 *
 * Run by whoever holds the database file, the import is the administrator's
 * and the write policy does not apply ($JIXIAO_USER or $USER only names who
 * did it).  With --as USER it is made for that web user: each declaration
 * is put to the write policy (model/write_policy.h) as the web import puts
 * it, and the first refusal stores nothing (exit 2).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../review/review.h"
#include "../service/save.h"
#include "../util/err.h"
#include "cli.h"

/* Lists at most this many declarations one by one; more get a summary. */
#define LIST_MAX 20

/* A batch is handed over when it holds BATCH_DECLS declarations or about
 * BATCH_BYTES of them; at most QUEUE_BATCHES batches or QUEUE_BYTES wait. */
#define BATCH_DECLS 64
#define BATCH_BYTES (192u << 10)
#define BATCH_ARENA (256u << 10)
#define QUEUE_BATCHES 4
#define QUEUE_BYTES (1u << 20)

/* One declaration on its way to the store: a deep copy, its hash, and where
 * it came from (file:line), all in the batch's arena. */
struct item {
	struct decl d;
	const char *source;
	struct save_prep prep;      /* hash and review; the review's strings in the batch's arena */
};

struct batch {
	struct batch *next;
	struct arena arena;
	size_t n;
	size_t bytes;               /* roughly what the arena holds */
	struct item item[BATCH_DECLS];
};

struct import {
	struct store *store;
	const char *actor;
	const struct user *user;    /* --as: the web user the policy asks about; NULL: none */
	struct arena policy;        /* what the policy looked up, for one declaration */
	size_t n[3];                /* by enum put_result */
	struct strbuf lines;        /* one line per declaration, shown at the end */
	size_t listed;
	bool progress_shown;        /* written by the parser thread */

	/* the queue, under mu */
	pthread_mutex_t mu;
	pthread_cond_t can_pop, can_push;
	struct batch *head, *tail;  /* full batches, oldest first */
	size_t queued, queued_bytes;
	struct batch *spare;        /* emptied batches for reuse */
	bool closed;                /* the parser is done: nothing more will come */
	bool doomed;                /* the input has an error: nothing will be committed */
	int store_rc;               /* storing failed: the parser stops */
	struct strbuf refusal;      /* the store refused a declaration (JX_ECONFLICT): why */
	const char *refused_file;
	int refused_line;

	/* the parser thread's own */
	char **files;
	int nfiles;
	struct diags *diags;
	struct parse_opts opts;
	struct batch *fill;         /* the batch being filled */
	int parse_rc;
	const struct profile *profile;
	struct review rv;           /* the review of the declaration being copied */
	struct strbuf findings;
};

static void batch_free(struct batch *b)
{
	arena_release(&b->arena);
	free(b);
}

/* An empty batch: a recycled one, or a new one (NULL when out of memory). */
static struct batch *batch_get(struct import *im)
{
	struct batch *b;

	pthread_mutex_lock(&im->mu);
	b = im->spare;
	if (b)
		im->spare = b->next;
	pthread_mutex_unlock(&im->mu);
	if (!b && (b = malloc(sizeof(*b))))
		arena_init(&b->arena, BATCH_ARENA);
	if (b) {
		b->next = NULL;
		b->n = 0;
		b->bytes = 0;
	}
	return b;
}

static void batch_put_back(struct import *im, struct batch *b)
{
	arena_reset(&b->arena);
	pthread_mutex_lock(&im->mu);
	b->next = im->spare;
	im->spare = b;
	pthread_mutex_unlock(&im->mu);
}

/* "file:line" in b's arena, where d came from. */
static const char *source_of(struct batch *b, const struct decl *d)
{
	const char *file = d->file ? d->file : "";
	size_t n = strlen(file), k = 0;
	unsigned v = d->line > 0 ? (unsigned)d->line : 0;
	char digits[16], *s;

	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10));
	if (!(s = arena_alloc(&b->arena, n + 1 + k + 1)))
		return NULL;
	memcpy(s, file, n);
	s[n++] = ':';
	while (k)
		s[n++] = digits[--k];
	s[n] = '\0';
	return s;
}

/*
 * Copies d and everything it points to into b (decl_copy), with where it
 * came from, its review and its hash.
 */
static int batch_add(struct import *im, struct batch *b, const struct decl *d)
{
	struct item *it = &b->item[b->n];
	int rc;

	if ((rc = decl_copy(&it->d, d, &b->arena)))
		return rc;
	it->source = source_of(b, d);
	/* reviewed and hashed here, on the parser thread (save.h) */
	if ((rc = save_prepare(im->profile, &it->d, &im->rv, &im->findings, &it->prep)))
		return rc;
	/* the rest of the review is static */
	it->prep.review.findings = arena_strndup(&b->arena, im->findings.buf, im->findings.len);
	if (b->arena.err)
		return JX_ENOMEM;
	b->bytes = arena_used(&b->arena);
	b->n++;
	return 0;
}

/* Stores the declarations of b in order (save.h): with --as, each is put
 * to the write policy first, and a refusal is kept to be said once the
 * parser is done and stops the import (JX_ECONFLICT), as is a refusal of
 * the store.  Returns 0 or the store's error. */
static int store_batch(struct import *im, const struct batch *b)
{
	static const char *const what[3] = { "新增", "更新", "未变" };
	struct save_result sv;
	int rc;

	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->item[i];
		struct save_req rq = { .user = im->user, .actor = im->actor, .source = it->source };
		if (im->user)
			arena_reset(&im->policy);
		rc = save_store(im->store, &rq, &it->d, &it->prep, &im->policy, &sv);
		if (!rc && !sv.stored) {
			/* --as: refused by the write policy */
			wp_explain(&im->refusal, sv.decision, &it->d, sv.meta.state);
			rc = im->refusal.err ? im->refusal.err : JX_ECONFLICT;
			im->refused_file = it->d.file;
			im->refused_line = it->d.line;
		} else if (rc == JX_ECONFLICT) {
			/* an approved or reviewed declaration */
			sb_adds(&im->refusal, store_errmsg(im->store));
			im->refused_file = it->d.file;
			im->refused_line = it->d.line;
		}
		if (rc)
			return rc;
		im->n[sv.res]++;
		if (im->listed++ < LIST_MAX)
			sb_addf(&im->lines, "%s #%lld 第%d版 %d %s %s\n", what[sv.res], (long long)sv.id,
			        sv.rev, it->d.year, it->d.implementer, it->d.name);
	}
	return 0;
}

/* Parser side: hands a full batch over, waiting while the queue is full.
 * Returns 0, or the store's error when storing failed (b is recycled). */
static int push(struct import *im, struct batch *b)
{
	int rc;

	pthread_mutex_lock(&im->mu);
	while (!im->store_rc && im->queued &&
	       (im->queued >= QUEUE_BATCHES || im->queued_bytes + b->bytes > QUEUE_BYTES))
		pthread_cond_wait(&im->can_push, &im->mu);
	rc = im->store_rc;
	if (!rc) {
		if (im->tail)
			im->tail->next = b;
		else
			im->head = b;
		im->tail = b;
		im->queued++;
		im->queued_bytes += b->bytes;
		pthread_cond_signal(&im->can_pop);
	}
	pthread_mutex_unlock(&im->mu);
	if (rc)
		batch_put_back(im, b);
	return rc;
}

/* Storing side: the oldest full batch, waiting for one; NULL when the
 * parser is done and everything has been taken. */
static struct batch *pop(struct import *im, bool *doomed)
{
	struct batch *b;

	pthread_mutex_lock(&im->mu);
	while (!im->head && !im->closed)
		pthread_cond_wait(&im->can_pop, &im->mu);
	b = im->head;
	if (b) {
		im->head = b->next;
		if (!im->head)
			im->tail = NULL;
		im->queued--;
		im->queued_bytes -= b->bytes;
		pthread_cond_signal(&im->can_push);
	}
	*doomed = im->doomed;
	pthread_mutex_unlock(&im->mu);
	return b;
}

/* The parser's sink: copies d into the batch being filled. */
static int sink(void *ctx, const struct decl *d)
{
	struct import *im = ctx;
	struct batch *b;
	int rc;

	if (im->diags->n_error) {
		/* nothing will be committed: just keep reading */
		if (!im->doomed) {
			pthread_mutex_lock(&im->mu);
			im->doomed = true;
			pthread_mutex_unlock(&im->mu);
		}
		return 0;
	}
	if (!im->fill && !(im->fill = batch_get(im)))
		return JX_ENOMEM;
	b = im->fill;
	if ((rc = batch_add(im, b, d)))
		return rc;
	if (b->n == BATCH_DECLS || b->bytes >= BATCH_BYTES) {
		im->fill = NULL;
		return push(im, b);
	}
	return 0;
}

static void progress(void *ctx, unsigned long long done, unsigned long long total)
{
	struct import *im = ctx;
	int width = 40, fill;

	if (!total || total < (8u << 20))
		return;
	fill = (int)(done * (unsigned long long)width / total);
	if (fill > width)
		fill = width;
	fprintf(stderr, "\r导入中 [%.*s%*s] %3d%%", fill,
	        "########################################", width - fill, "",
	        (int)(done * 100 / total));
	im->progress_shown = true;
}

/* The parser thread: reads every file, hands over the last batch, closes
 * the queue. */
static void *parse_main(void *arg)
{
	struct import *im = arg;
	struct batch *b;
	int rc;

	rc = cli_read_inputs(im->files, im->nfiles, im->diags, &im->opts);
	if (im->diags->n_error) {
		pthread_mutex_lock(&im->mu);
		im->doomed = true;
		pthread_mutex_unlock(&im->mu);
	}
	b = im->fill;
	im->fill = NULL;
	if (b && b->n && !rc)
		rc = push(im, b);
	else if (b)
		batch_put_back(im, b);
	im->parse_rc = rc;
	pthread_mutex_lock(&im->mu);
	im->closed = true;
	pthread_cond_signal(&im->can_pop);
	pthread_mutex_unlock(&im->mu);
	return NULL;
}

/* Reads and stores everything; returns 0 or the first JX_ code of either
 * side (the store's first). */
static int run(struct import *im)
{
	struct batch *b;
	pthread_t parser;
	bool doomed;
	int rc = 0;

	if (pthread_create(&parser, NULL, parse_main, im))
		return JX_ENOMEM;          /* EAGAIN: no resources for a thread */
	while ((b = pop(im, &doomed))) {
		if (!rc && !doomed && (rc = store_batch(im, b))) {
			pthread_mutex_lock(&im->mu);
			im->store_rc = rc;
			pthread_cond_signal(&im->can_push);
			pthread_mutex_unlock(&im->mu);
		}
		batch_put_back(im, b);
	}
	pthread_join(parser, NULL);
	return rc ? rc : im->parse_rc;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	char **files = argv;   /* operands are compacted in place */
	struct import im = { 0 };
	struct user user;
	struct arena users;         /* the strings of user */
	const char *as = NULL;
	struct diags diags;
	struct store *store;
	struct profile *profile;
	struct batch *b;
	int i, nfiles = 0, rc, code = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--as") == 0) {
			if (++i == argc)
				return cli_usage(cli, "--as 需要一个用户名");
			as = argv[i];
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(cli, "未知选项“%s”", argv[i]);
		files[nfiles++] = argv[i];
	}
	if (!nfiles)
		return cli_usage(cli, "缺少输入文件");
	if (!(profile = cli_load_profile(cli)))
		return EXIT_INPUT;
	if (!(store = cli_open_store(cli))) {
		profile_free(profile);
		return EXIT_SYSTEM;
	}
	diags_init(&diags);
	arena_init(&users, 1024);
	arena_init(&im.policy, 4096);
	sb_init(&im.lines, 0);
	sb_init(&im.findings, 0);
	sb_init(&im.refusal, 0);
	review_init(&im.rv);
	im.profile = profile;
	pthread_mutex_init(&im.mu, NULL);
	pthread_cond_init(&im.can_pop, NULL);
	pthread_cond_init(&im.can_push, NULL);
	im.store = store;
	im.actor = cli_actor();
	if (as) {
		rc = store_user_get(store, as, &users, &user);
		if (rc || user.disabled) {
			if (rc && rc != JX_ENOTFOUND)
				cli_error(cli, "数据库错误：%s", store_errmsg(store));
			else
				cli_error(cli, rc ? "没有用户“%s”" : "用户“%s”已停用", as);
			code = rc && rc != JX_ENOTFOUND ? EXIT_SYSTEM : EXIT_INPUT;
			goto out;
		}
		im.user = &user;
		im.actor = as;
	}
	im.files = files;
	im.nfiles = nfiles;
	im.diags = &diags;
	im.opts.sink = sink;
	im.opts.sink_ctx = &im;
	if (isatty(STDERR_FILENO)) {
		im.opts.progress = progress;
		im.opts.progress_ctx = &im;
	}
	if ((rc = store_begin(store, STORE_BULK))) {
		cli_store_error(cli, store, rc, "；未导入任何内容");
		code = EXIT_SYSTEM;
		goto out;
	}
	rc = run(&im);
	if (im.progress_shown)
		fputc('\n', stderr);
	if (rc == JX_ECONFLICT) {
		diag_error(&diags, im.refused_file, im.refused_line, NULL, "%s", im.refusal.buf);
		rc = 0;
	}
	cli_print_diags(&diags);
	if (rc || diags.n_error) {
		store_rollback(store);
		if (rc)
			cli_store_error(cli, store, rc, "；未导入任何内容");
		else
			cli_error(cli, "共 %zu 处错误，未导入任何内容", diags.n_error);
		code = rc ? EXIT_SYSTEM : EXIT_INPUT;
		goto out;
	}
	if ((rc = store_commit(store))) {
		store_rollback(store);
		cli_store_error(cli, store, rc, "；未导入任何内容");
		code = EXIT_SYSTEM;
		goto out;
	}
	fputs(im.lines.buf, stdout);
	if (im.listed > LIST_MAX)
		printf("……另有 %zu 份未逐一列出\n", im.listed - LIST_MAX);
	printf("导入完成：新增 %zu 份，更新 %zu 份，未变 %zu 份\n", im.n[PUT_ADDED],
	       im.n[PUT_UPDATED], im.n[PUT_UNCHANGED]);
out:
	while ((b = im.spare)) {
		im.spare = b->next;
		batch_free(b);
	}
	pthread_cond_destroy(&im.can_push);
	pthread_cond_destroy(&im.can_pop);
	pthread_mutex_destroy(&im.mu);
	sb_release(&im.lines);
	sb_release(&im.findings);
	sb_release(&im.refusal);
	review_release(&im.rv);
	arena_release(&im.policy);
	arena_release(&users);
	diags_release(&diags);
	store_close(store);
	profile_free(profile);
	return code;
}
