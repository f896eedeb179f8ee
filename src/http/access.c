/*
 * access.c: the access rules of access.h over the user's role and binding;
 * what may be written is the write policy's (model/write_policy.h).
 */
#include "../util/err.h"
#include "access.h"
#include "layout.h"

bool access_decl(struct req *r, int64_t id, struct store_meta *m)
{
	int rc = store_meta(r->store, id, r->arena, m);

	if (rc == 0 && user_may_see(r->user, m->department, m->implementer))
		return true;
	if (rc && rc != JX_ENOTFOUND)
		resp_store_error(r, rc);
	else
		resp_error(r, 404, "没有这份申报表");
	return false;
}

void access_filter(const struct req *r, struct list_filter *f)
{
	if (!r->user)
		return;
	if (r->user->role == ROLE_UNIT)
		f->implementer = r->user->unit;
	else if (r->user->role == ROLE_DEPARTMENT)
		f->department = r->user->department;
}

enum wp_decision access_edit_decision(const struct req *r, const struct store_meta *m)
{
	struct wp_target t = { m->department, m->implementer, m->state };

	return wp_decide(r->user, &t, m->department, m->implementer, true);
}

bool access_may_edit(const struct req *r, const struct store_meta *m)
{
	return wp_allowed(access_edit_decision(r, m));
}
