/*
 * user.h: the people of the web application and their roles.
 *
 * A unit user (填报人) is bound to one 实施单位, a department user (主管部门
 * 审核人) to one 主管部门; finance (财政审核人) and admin see everything.
 * Like struct decl, a struct user does not own its strings.
 */
#ifndef JX_USER_H
#define JX_USER_H

#include <stdbool.h>
#include <stdint.h>

enum role { ROLE_UNIT, ROLE_DEPARTMENT, ROLE_FINANCE, ROLE_ADMIN, ROLE__MAX };

/* "unit", "department", "finance", "admin"; NULL past the end. */
const char *role_id(enum role r);
/* 填报人, 主管部门审核人, 财政审核人, 管理员 */
const char *role_name(enum role r);
/* The role with this id; ROLE__MAX when there is none. */
enum role role_by_id(const char *id);

struct user {
	int64_t id;
	const char *name;
	enum role role;
	const char *unit;           /* 实施单位, for ROLE_UNIT; "" otherwise */
	const char *department;     /* 主管部门, for ROLE_DEPARTMENT; "" otherwise */
	const char *hash;           /* argon2id (crypto_pwhash_str) */
	bool disabled;
};

/* May user u see a declaration of this 主管部门 and 实施单位? */
bool user_may_see(const struct user *u, const char *department, const char *implementer);

#endif
