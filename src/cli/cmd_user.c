/*
 * cmd_user.c: `jixiao user add|passwd|list|disable|enable`: the people of
 * the web application.  Passwords are read from standard input (one line),
 * never from the command line, checked against the rule of password_policy
 * (at least 12 characters, not all blank, not weak by cracklib) and stored
 * as argon2id hashes.
 */
#include <stdio.h>
#include <string.h>

#include "../util/err.h"
#include "../util/password.h"
#include "../util/text.h"
#include "cli.h"

/* Reads one line of standard input as the new password of user and checks
 * it against the rule (password_policy); EXIT_OK, or the exit code after a
 * message. */
static int read_password(const struct cli *cli, const char *user, char *buf, size_t size)
{
	char why[PASSWORD_WHY_BYTES];
	size_t n;
	int rc;

	if (!fgets(buf, (int)size, stdin)) {
		cli_error(cli, "请在标准输入上提供密码（一行）");
		return EXIT_INPUT;
	}
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n >= size - 1) {
		cli_error(cli, "密码过长（最多 %zu 字节）", size - 2);
		return EXIT_INPUT;
	}
	if ((rc = password_policy(buf, user, why, sizeof(why)))) {
		cli_error(cli, "%s", why);
		return EXIT_SYSTEM;
	}
	if (why[0]) {
		cli_error(cli, "%s", why);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

static int list_one(void *ctx, const struct user *u)
{
	struct strbuf *sb = ctx;

	sb_addf(sb, "%lld\t%s\t%s\t%s\t%s\n", (long long)u->id, u->name, role_id(u->role),
	        u->role == ROLE_UNIT ? u->unit : u->role == ROLE_DEPARTMENT ? u->department : "",
	        u->disabled ? "已停用" : "正常");
	return 0;
}

static int user_add(struct cli *cli, struct store *store, int argc, char **argv)
{
	struct user u = { .role = ROLE__MAX };
	char password[1024], hash[PASSWORD_HASH_BYTES];
	int64_t id;
	int rc, code;

	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(opt, "--role") == 0 && val) {
			if ((u.role = role_by_id(val)) == ROLE__MAX)
				return cli_usage(cli, "未知角色“%s”（可用 unit、department、finance、admin）", val);
			i++;
		} else if (strcmp(opt, "--unit") == 0 && val) {
			u.unit = val;
			i++;
		} else if (strcmp(opt, "--department") == 0 && val) {
			u.department = val;
			i++;
		} else if (opt[0] != '-' && !u.name) {
			u.name = opt;
		} else {
			return cli_usage(cli, "无法识别的参数“%s”", opt);
		}
	}
	if (!u.name || !*u.name)
		return cli_usage(cli, "缺少用户名");
	if (u.role == ROLE__MAX)
		return cli_usage(cli, "缺少 --role");
	if (u.role == ROLE_UNIT && (!u.unit || text_blank(u.unit, strlen(u.unit))))
		return cli_usage(cli, "填报人（unit）需要 --unit 实施单位");
	if (u.role == ROLE_DEPARTMENT && (!u.department || text_blank(u.department, strlen(u.department))))
		return cli_usage(cli, "主管部门审核人（department）需要 --department 主管部门");
	if ((u.role != ROLE_UNIT && u.unit) || (u.role != ROLE_DEPARTMENT && u.department))
		return cli_usage(cli, "只有 unit 角色使用 --unit，只有 department 角色使用 --department");
	if ((code = read_password(cli, u.name, password, sizeof(password))))
		return code;
	if (password_hash(password, hash)) {
		cli_error(cli, "%s", jx_strerror(JX_ENOMEM));
		return EXIT_SYSTEM;
	}
	u.hash = hash;
	rc = store_user_add(store, &u, cli_actor(), &id);
	if (rc == JX_EEXIST) {
		cli_error(cli, "用户“%s”已存在", u.name);
		return EXIT_INPUT;
	}
	if (rc) {
		cli_store_error(cli, store, rc, "");
		return EXIT_SYSTEM;
	}
	printf("已添加用户 %s（%s）\n", u.name, role_name(u.role));
	return EXIT_OK;
}

static int user_update(struct cli *cli, struct store *store, const char *what, int argc,
                       char **argv)
{
	char password[1024], hash[PASSWORD_HASH_BYTES];
	const char *name = argc == 1 ? argv[0] : NULL;
	bool passwd = strcmp(what, "passwd") == 0;
	int rc, code;

	if (!name)
		return cli_usage(cli, "需要且只需要一个用户名");
	if (passwd) {
		if ((code = read_password(cli, name, password, sizeof(password))))
			return code;
		if (password_hash(password, hash)) {
			cli_error(cli, "%s", jx_strerror(JX_ENOMEM));
			return EXIT_SYSTEM;
		}
	}
	rc = store_user_update(store, name, passwd ? hash : NULL,
	                       passwd ? -1 : strcmp(what, "disable") == 0, cli_actor());
	if (rc == JX_ENOTFOUND) {
		cli_error(cli, "没有用户“%s”", name);
		return EXIT_INPUT;
	}
	if (rc) {
		cli_store_error(cli, store, rc, "");
		return EXIT_SYSTEM;
	}
	printf(passwd ? "已修改 %s 的密码\n" : strcmp(what, "disable") == 0 ? "已停用用户 %s\n"
	                                                                    : "已启用用户 %s\n",
	       name);
	return EXIT_OK;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	struct store *store;
	const char *what = argc ? argv[0] : "";
	int code, rc;

	if (strcmp(what, "add") && strcmp(what, "passwd") && strcmp(what, "list") &&
	    strcmp(what, "disable") && strcmp(what, "enable"))
		return cli_usage(cli, "需要子命令 add、passwd、list、disable 或 enable");
	if (!(store = cli_open_store(cli)))
		return EXIT_SYSTEM;
	if (strcmp(what, "list") == 0) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "编号\t用户名\t角色\t单位或部门\t状态\n");
		if (argc > 1) {
			code = cli_usage(cli, "无法识别的参数“%s”", argv[1]);
		} else if ((rc = store_user_list(store, list_one, &sb))) {
			cli_store_error(cli, store, rc, "");
			code = EXIT_SYSTEM;
		} else {
			code = sb.err || !cli_write_stdout(sb.buf, sb.len) ? EXIT_SYSTEM : EXIT_OK;
		}
		sb_release(&sb);
	} else if (strcmp(what, "add") == 0) {
		code = user_add(cli, store, argc - 1, argv + 1);
	} else {
		code = user_update(cli, store, what, argc - 1, argv + 1);
	}
	store_close(store);
	return code;
}
