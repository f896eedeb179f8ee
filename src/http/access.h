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
/* The write policy's answer (model/write_policy.h) for r->user changing
 * declaration m as it stands (a changed form, the same owner): whether the
 * editor opens and the page offers 编辑.  A write itself is decided on
 * the form it stores, in its transaction (store_decide_put). */
enum wp_decision access_edit_decision(const struct req *r, const struct store_meta *m);
bool access_may_edit(const struct req *r, const struct store_meta *m);

#endif
