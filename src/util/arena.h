/*
 * arena.h: a region allocator.  Everything parsed for one form or served for
 * one request lives in one arena and dies with it (lwan).  Allocation never
 * fails silently: on exhaustion of memory it returns NULL and sets the
 * arena's sticky `err`, so callers may check once.
 */
#ifndef JX_ARENA_H
#define JX_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t block_size;
	int err;
};

void arena_init(struct arena *a, size_t block_size);
/* Frees every block. */
void arena_release(struct arena *a);
/* Forgets every allocation but keeps the first block for reuse. */
void arena_reset(struct arena *a);
/* Uninitialised memory aligned for any type; arena_zalloc zeroes it. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* A NUL-terminated copy of `n` bytes of `s`. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* The bytes handed out since the last reset (rounded up to the alignment). */
size_t arena_used(const struct arena *a);
/* The text vprintf would write, NUL-terminated, in a; NULL when out of
 * memory (with a->err set, as every allocation). */
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Room for `new_n` bytes holding the first `old_n` bytes of `old`. */
void *arena_realloc(struct arena *a, void *old, size_t old_n, size_t new_n);

#endif
