/*
 * user.c: roles and who may see what (user.h).
 */
#include <string.h>

#include "user.h"

static const struct {
	const char *id;
	const char *name;
} roles[ROLE__MAX] = {
	[ROLE_UNIT] = { "unit", "填报人" },
	[ROLE_DEPARTMENT] = { "department", "主管部门审核人" },
	[ROLE_FINANCE] = { "finance", "财政审核人" },
	[ROLE_ADMIN] = { "admin", "管理员" },
};

const char *role_id(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].id : NULL;
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].name : "?";
}

enum role role_by_id(const char *id)
{
	for (int r = 0; r < ROLE__MAX; r++)
		if (strcmp(roles[r].id, id) == 0)
			return (enum role)r;
	return ROLE__MAX;
}

bool user_may_see(const struct user *u, const char *department, const char *implementer)
{
	if (!u || u->disabled)
		return false;
	switch (u->role) {
	case ROLE_UNIT:
		return implementer && u->unit && *u->unit && strcmp(u->unit, implementer) == 0;
	case ROLE_DEPARTMENT:
		return department && u->department && *u->department &&
		       strcmp(u->department, department) == 0;
	case ROLE_FINANCE:
	case ROLE_ADMIN:
		return true;
	case ROLE__MAX:
		break;
	}
	return false;
}
