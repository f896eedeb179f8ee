/*
 * cmd_serve.c: `jixiao serve`: the web application (src/http).  On the
 * first start of a database without users it creates the administrator
 * `admin` with a random password printed once.  `--routes` prints the route
 * table (src/http/routes.def) instead of serving; `--trust-proxy` believes a
 * reverse proxy's X-Forwarded-For and X-Forwarded-Proto.
 */
#include <stdio.h>
#include <string.h>

#include "../http/http.h"
#include "../http/routes.h"
#include "../util/err.h"
#include "../util/password.h"
#include "cli.h"

/* Creates `admin` when there are no users; prints its one-time password. */
static int first_admin(struct cli *cli, struct store *store)
{
	char password[17], hash[PASSWORD_HASH_BYTES], shown[1024];
	struct user u = { .name = "admin", .role = ROLE_ADMIN, .unit = "", .department = "" };
	int64_t n = 0, id;
	int rc;

	if ((rc = store_user_count(store, &n)) || n)
		return rc;
	if ((rc = password_generate(password, 16, u.name)) || (rc = password_hash(password, hash)))
		return rc;
	u.hash = hash;
	if ((rc = store_user_add(store, &u, "jixiao serve", &id)))
		return rc;
	printf("首次启动：已创建管理员 admin，一次性密码 %s\n"
	       "（只显示这一次；可用 jixiao user passwd admin --db %s 修改）\n", password,
	       store_target_shown(cli->db, shown, sizeof(shown)));
	return 0;
}

/* The names of a route's flags, in the order --routes prints them. */
static const struct {
	unsigned flag;
	const char *name;
} route_flags[] = {
	{ RF_API, "api" },
	{ RF_CSRF, "csrf" },
	{ RF_UPLOAD, "upload" },
	{ RF_READ, "read" },
};

/* `jixiao serve --routes`: one route a line, "METHOD PATH ROLES FLAGS"
 * separated by tabs; ROLES are role ids joined by "," or "public", FLAGS
 * the names of route_flags joined by "," or "-". */
static int print_routes(void)
{
	for (const struct route *rt = route_table(); rt->method; rt++) {
		const char *sep = "";
		printf("%s\t%s\t", rt->method, rt->pattern);
		if (rt->roles == R_PUBLIC)
			fputs("public", stdout);
		for (int role = 0; role < ROLE__MAX; role++)
			if (rt->roles & (1u << role)) {
				printf("%s%s", sep, role_id((enum role)role));
				sep = ",";
			}
		putchar('\t');
		sep = "";
		for (size_t i = 0; i < sizeof(route_flags) / sizeof(route_flags[0]); i++)
			if (rt->flags & route_flags[i].flag) {
				printf("%s%s", sep, route_flags[i].name);
				sep = ",";
			}
		puts(*sep ? "" : "-");
	}
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_SYSTEM;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	struct server_opts o = { .db = cli->db, .listen = "127.0.0.1:8080" };
	struct profile *profile;
	struct store *store;
	int rc;
	char shown[1024];

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--routes") == 0)
			return print_routes();
		else if (strcmp(argv[i], "--trust-proxy") == 0)
			o.trust_proxy = true;
		else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			o.listen = argv[++i];
		else if (strncmp(argv[i], "--listen=", 9) == 0)
			o.listen = argv[i] + 9;
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc && cli_parse_id(argv[i + 1], &(long long){ 0 }))
			o.threads = (int)strtol(argv[++i], NULL, 10);
		else
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
	}
	if (!(profile = cli_load_profile(cli)))
		return EXIT_INPUT;
	if (!(store = cli_open_store(cli))) {
		profile_free(profile);
		return EXIT_SYSTEM;
	}
	rc = first_admin(cli, store);
	store_close(store);
	if (rc) {
		cli_error(cli, "无法创建管理员：%s", jx_strerror(rc));
		profile_free(profile);
		return EXIT_SYSTEM;
	}
	o.profile = profile;
	printf("jixiao 已启动：http://%s/ （数据库 %s，审核方案 %s；Ctrl-C 停止）\n", o.listen,
	       store_target_shown(cli->db, shown, sizeof(shown)), profile->name);
	fflush(stdout);
	rc = server_run(&o);
	profile_free(profile);
	return rc == JX_EINPUT ? EXIT_INPUT : rc ? EXIT_SYSTEM : EXIT_OK;
}
