/*
 * fuzz_value.c: libFuzzer target for the indicator value grammar (value.h).
 *
 * Every input is parsed with a fresh arena and budget year 2023; the result's
 * strings are walked so that a bad pointer or a missing NUL shows under ASan.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/parse/value.h"
#include "../src/util/arena.h"

static void touch(const char *s)
{
	volatile size_t n;

	if (s)
		n = strlen(s);
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct target t;

	arena_init(&a, 4096);
	if (value_parse((const char *)data, size, 2023, &a, &t) == 0) {
		touch(t.number);
		touch(t.unit);
		touch(t.note);
		touch(t.text);
	}
	arena_release(&a);
	return 0;
}
