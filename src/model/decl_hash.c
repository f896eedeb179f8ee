/*
 * decl_hash.c: canonical encoding of a declaration fed to BLAKE2b.
 *
 * The encoding is written into a buffer on the stack and handed to BLAKE2b
 * a buffer at a time (once for a declaration of ordinary size), not field
 * by field: the hash is the same, the calls fewer.  sodium_init() is called
 * once first, so that libsodium hashes with the fastest implementation the
 * CPU has (AVX2 or SSSE3) rather than its portable one.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "decl_hash.h"

/* The encoding so far: flushed into the hash state when buf is full. */
struct enc {
	crypto_generichash_state st;
	size_t n;
	unsigned char buf[4096];
};

static void flush(struct enc *e)
{
	crypto_generichash_update(&e->st, e->buf, e->n);
	e->n = 0;
}

static void put(struct enc *e, const void *p, size_t n)
{
	if (e->n + n > sizeof(e->buf)) {
		flush(e);
		if (n > sizeof(e->buf)) {
			crypto_generichash_update(&e->st, p, n);
			return;
		}
	}
	memcpy(e->buf + e->n, p, n);
	e->n += n;
}

/* Little-endian, 8 bytes. */
static void put_u64(struct enc *e, uint64_t v)
{
	unsigned char *b;

	if (e->n + 8 > sizeof(e->buf))
		flush(e);
	b = e->buf + e->n;
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
	b[4] = (unsigned char)(v >> 32);
	b[5] = (unsigned char)(v >> 40);
	b[6] = (unsigned char)(v >> 48);
	b[7] = (unsigned char)(v >> 56);
	e->n += 8;
}

/* NULL and "" are the same text; a length prefix keeps fields apart. */
static void put_str(struct enc *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u64(e, n);
	if (n)
		put(e, s, n);
}

static void put_opt_str(struct enc *e, const char *s)
{
	put_u64(e, s != NULL);
	put_str(e, s);
}

static void put_date(struct enc *e, struct date d)
{
	put_u64(e, (uint64_t)(d.y * 10000 + d.m * 100 + d.d));
}

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

/* Picks the fastest BLAKE2b; should it fail, the portable one hashes the same. */
static void sodium_start(void)
{
	if (sodium_init() < 0)
		return;
}

void decl_hash(const struct decl *d, unsigned char out[DECL_HASH_BYTES])
{
	struct enc e;
	size_t i;

	pthread_once(&sodium_once, sodium_start);
	crypto_generichash_init(&e.st, NULL, 0, DECL_HASH_BYTES);
	e.n = 0;
	put(&e, "jixiao.declaration/1", 20);
	put_u64(&e, (uint64_t)d->year);
	put_str(&e, d->name);
	put_str(&e, d->category);
	put_str(&e, d->department);
	put_str(&e, d->implementer);
	put_date(&e, d->start);
	put_date(&e, d->end);
	for (i = 0; i < FUND__MAX; i++) {
		put_u64(&e, d->funds[i].set);
		put_u64(&e, (uint64_t)d->funds[i].fen);
	}
	put_u64(&e, (uint64_t)d->overall_from);
	put_u64(&e, (uint64_t)d->overall_to);
	put_str(&e, d->overall);
	put_str(&e, d->annual_goal);
	put_u64(&e, d->n_ind);
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *ind = &d->ind[i];
		const struct target *t = &ind->target;
		put_str(&e, ind->level1);
		put_str(&e, ind->level2);
		put_str(&e, ind->name);
		put_str(&e, ind->value);
		put_u64(&e, t->kind);
		switch (t->kind) {
		case TARGET_NUMERIC:
			put_u64(&e, t->op);
			put_str(&e, t->number);
			put_str(&e, t->unit);
			put_opt_str(&e, t->note);
			break;
		case TARGET_DEADLINE:
			put_date(&e, t->by);
			break;
		case TARGET_QUALITATIVE:
			put_str(&e, t->text);
			break;
		case TARGET_EMPTY:
			break;
		}
	}
	flush(&e);
	crypto_generichash_final(&e.st, out, DECL_HASH_BYTES);
}
