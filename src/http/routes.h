/*
 * routes.h: the route table of `jixiao serve` (routes.def): method, path
 * pattern, handler, the roles that may use it and its flags.  A pattern's
 * "{}" segment matches one path segment and becomes a parameter.
 */
#ifndef JX_ROUTES_H
#define JX_ROUTES_H

#include "http.h"

struct route {
	const char *method;
	const char *pattern;
	handler_fn *fn;
	unsigned roles;             /* R_ bits; R_PUBLIC for no login */
	unsigned flags;             /* RF_ bits */
};

/* The route for method and path, its parameters in params (arena copies);
 * NULL when none matches. */
const struct route *route_match(const char *method, const char *path,
                                const char *params[HTTP_PARAMS_MAX], struct arena *a);
/* True when some route has this path with another method (405, not 404). */
bool route_exists(const char *path);
/* The table, for the docs and the access-matrix test; NULL-terminated. */
const struct route *route_table(void);

#endif
