/*
 * decl_hash.c: canonical encoding of a declaration fed to BLAKE2b.
 */
#include <sodium.h>
#include <string.h>

#include "decl_hash.h"

static void put_u64(crypto_generichash_state *st, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(st, b, sizeof(b));
}

/* NULL and "" are the same text; a length prefix keeps fields apart. */
static void put_str(crypto_generichash_state *st, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u64(st, n);
	if (n)
		crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void put_opt_str(crypto_generichash_state *st, const char *s)
{
	put_u64(st, s != NULL);
	put_str(st, s);
}

static void put_date(crypto_generichash_state *st, struct date d)
{
	put_u64(st, (uint64_t)(d.y * 10000 + d.m * 100 + d.d));
}

void decl_hash(const struct decl *d, unsigned char out[DECL_HASH_BYTES])
{
	crypto_generichash_state st;
	size_t i;

	crypto_generichash_init(&st, NULL, 0, DECL_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)"jixiao.declaration/1", 20);
	put_u64(&st, (uint64_t)d->year);
	put_str(&st, d->name);
	put_str(&st, d->category);
	put_str(&st, d->department);
	put_str(&st, d->implementer);
	put_date(&st, d->start);
	put_date(&st, d->end);
	for (i = 0; i < FUND__MAX; i++) {
		put_u64(&st, d->funds[i].set);
		put_u64(&st, (uint64_t)d->funds[i].fen);
	}
	put_u64(&st, (uint64_t)d->overall_from);
	put_u64(&st, (uint64_t)d->overall_to);
	put_str(&st, d->overall);
	put_str(&st, d->annual_goal);
	put_u64(&st, d->n_ind);
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *ind = &d->ind[i];
		const struct target *t = &ind->target;
		put_str(&st, ind->level1);
		put_str(&st, ind->level2);
		put_str(&st, ind->name);
		put_str(&st, ind->value);
		put_u64(&st, t->kind);
		switch (t->kind) {
		case TARGET_NUMERIC:
			put_u64(&st, t->op);
			put_str(&st, t->number);
			put_str(&st, t->unit);
			put_opt_str(&st, t->note);
			break;
		case TARGET_DEADLINE:
			put_date(&st, t->by);
			break;
		case TARGET_QUALITATIVE:
			put_str(&st, t->text);
			break;
		case TARGET_EMPTY:
			break;
		}
	}
	crypto_generichash_final(&st, out, DECL_HASH_BYTES);
}
