/*
 * embedded.c: lookups in the tables of embedded.h.
 */
#include <string.h>

#include "embedded.h"

const struct embedded *embedded_find(const struct embedded *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
