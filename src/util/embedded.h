/*
 * embedded.h: data files compiled into the program by scripts/embed.sh
 * (build/gen/NAME.c): the review profiles and the web application's static
 * files.
 */
#ifndef JX_EMBEDDED_H
#define JX_EMBEDDED_H

#include <stddef.h>

struct embedded {
	const char *name;       /* the file's base name; NULL ends a table */
	const char *data;
	size_t len;
};

/* build/gen/profiles.c: profiles/NAME.json as "NAME.json". */
extern const struct embedded profile_files[];
/* build/gen/static.c: static/NAME as "NAME". */
extern const struct embedded static_files[];

/* The entry called name in table t; NULL when there is none. */
const struct embedded *embedded_find(const struct embedded *t, const char *name);

#endif
