/*
 * arena.c: bump allocation over a chain of blocks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "strbuf.h"

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

#define ALIGN(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

void arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->err = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->err = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a->head)
		return;
	/* keep the oldest block (the last in the chain): it has the base size */
	for (b = a->head; b->next; b = next) {
		next = b->next;
		free(b);
	}
	b->used = 0;
	a->head = b;
	a->err = 0;
}

size_t arena_used(const struct arena *a)
{
	size_t n = 0;

	for (const struct arena_block *b = a->head; b; b = b->next)
		n += b->used;
	return n;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = ALIGN(n ? n : 1), size;
	void *p;

	if (need < n) {
		a->err = JX_ENOMEM;
		return NULL;
	}
	if (!b || b->size - b->used < need) {
		size = need > a->block_size / 4 ? need : a->block_size;
		b = malloc(sizeof(*b) + size);
		if (!b) {
			a->err = JX_ENOMEM;
			return NULL;
		}
		b->size = size;
		b->used = 0;
		if (a->head && size == need) {
			/* a big one-off: keep the current block open for small ones */
			b->next = a->head->next;
			a->head->next = b;
			b->used = need;
			return (char *)b->data;
		}
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char *s = NULL;

	sb_vaddf(&sb, fmt, ap);
	if (sb.err)
		a->err = sb.err;
	else
		s = arena_strdup(a, sb.buf);
	sb_release(&sb);
	return s;
}

void *arena_realloc(struct arena *a, void *old, size_t old_n, size_t new_n)
{
	void *p;

	if (new_n <= old_n)
		return old;
	p = arena_alloc(a, new_n);
	if (p && old_n)
		memcpy(p, old, old_n);
	return p;
}
