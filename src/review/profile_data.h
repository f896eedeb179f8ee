/*
 * profile_data.h: the built-in profiles, generated into build/gen/profiles.c
 * from profiles/NAME.json by scripts/embed_profiles.sh.
 */
#ifndef JX_PROFILE_DATA_H
#define JX_PROFILE_DATA_H

#include <stddef.h>

struct profile_builtin {
	const char *name;       /* NULL ends the table */
	const char *json;
	size_t len;
};

extern const struct profile_builtin profile_builtins[];

#endif
