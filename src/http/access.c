/*
 * access.c: the access rules of access.h over the user's role and binding.
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

bool access_may_edit(const struct req *r, const struct store_meta *m)
{
	if (!r->user || !user_may_see(r->user, m->department, m->implementer))
		return false;
	switch (r->user->role) {
	case ROLE_UNIT:
		return wf_state_editable(m->state);
	case ROLE_DEPARTMENT:
		return m->state == WS_DEPT_REVIEW;
	case ROLE_FINANCE:
		return m->state == WS_FINANCE_REVIEW;
	default:
		return false;
	}
}

bool access_may_own(const struct req *r, const char *department, const char *implementer)
{
	return user_may_see(r->user, department, implementer);
}
