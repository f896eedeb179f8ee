/*
 * routes.c: the route table of routes.def and its matching (routes.h).
 */
#include <string.h>

#include "routes.h"

#define ROUTE(method, pattern, fn, roles, flags) handler_fn fn;
#include "routes.def"
#undef ROUTE

static const struct route routes[] = {
#define ROUTE(method, pattern, fn, roles, flags) { method, pattern, fn, roles, flags },
#include "routes.def"
#undef ROUTE
	{ NULL, NULL, NULL, 0, 0 },
};

const struct route *route_table(void)
{
	return routes;
}

/* Matches path against pattern; fills params when given. */
static bool match(const char *pattern, const char *path, const char *params[HTTP_PARAMS_MAX],
                  struct arena *a)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (!len || n == HTTP_PARAMS_MAX)
				return false;
			if (params && !(params[n] = arena_strndup(a, s, len)))
				return false;
			n++;
			p += 2;
			s += len;
			continue;
		}
		if (*p++ != *s++)
			return false;
	}
	return !*p && !*s;
}

const struct route *route_match(const char *method, const char *path,
                                const char *params[HTTP_PARAMS_MAX], struct arena *a)
{
	for (const struct route *r = routes; r->method; r++)
		if (strcmp(r->method, method) == 0 && match(r->pattern, path, NULL, NULL))
			return match(r->pattern, path, params, a) ? r : NULL;
	return NULL;
}

bool route_exists(const char *path)
{
	for (const struct route *r = routes; r->method; r++)
		if (match(r->pattern, path, NULL, NULL))
			return true;
	return false;
}
