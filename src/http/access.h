/*
 * access.h: who may see and change which declaration, in one place, so that
 * no page, API call, export or search can forget it.  A declaration a user
 * may not see does not exist for that user: the answer is 404, never 403.
 */
#ifndef JX_ACCESS_H
#define JX_ACCESS_H

#include <stdbool.h>

#include "http.h"

/* Loads the meta of declaration `id` when r->user may see it.  Otherwise
 * answers 404 (500 on a database failure) and returns false. */
bool access_decl(struct req *r, int64_t id, struct store_meta *m);
/* Narrows a list filter to what r->user may see. */
void access_filter(const struct req *r, struct list_filter *f);
/* May r->user change the content of a declaration in this state (the unit
 * while it is editable; a reviewer while it is in the reviewer's step)? */
bool access_may_edit(const struct req *r, const struct store_meta *m);
/* May r->user store a declaration of this department and implementer
 * (import, or an edit that changes them)? */
bool access_may_own(const struct req *r, const char *department, const char *implementer);

#endif
