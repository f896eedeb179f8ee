/*
 * cmd_export.c: `jixiao export [ID...] --format json`: current revisions as
 * a FORMAT.md JSON array, all of them or the ones named, in id order.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "cli.h"
#include "json_out.h"


int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct cli_ids ids = { 0 };
	struct store *store;
	struct json_out out;
	struct arena a;
	long long id;
	size_t k;
	int i, rc = 0, code = EXIT_OK;
	bool named = false;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
			const char *fmt = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(fmt, "json") != 0) {
				free(ids.v);
				return cli_usage(cli, "不支持的导出格式“%s”（只支持 json）", fmt);
			}
		} else if (cli_parse_id(argv[i], &id)) {
			named = true;
			if (cli_ids_add(&ids, id)) {
				free(ids.v);
				return EXIT_SYSTEM;
			}
		} else {
			free(ids.v);
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
		}
	}
	if (!(store = cli_open_store(cli))) {
		free(ids.v);
		return EXIT_SYSTEM;
	}
	if (!ids.n && (rc = store_list(store, NULL, cli_ids_collect, &ids))) {
		cli_error(cli, "数据库错误：%s", rc == JX_ESTORE ? store_errmsg(store) : jx_strerror(rc));
		code = EXIT_SYSTEM;
		goto out;
	}
	/* named ids are checked before anything is written */
	arena_init(&a, 64 * 1024);
	json_out_init(&out, named);
	for (k = 0; k < ids.n && !rc; k++) {
		struct decl d;
		rc = store_get(store, ids.v[k], 0, &a, &d, NULL);
		if (!rc)
			rc = json_out_decl(&out, &d);
		arena_reset(&a);
	}
	if (rc == JX_ENOTFOUND) {
		cli_error(cli, "没有编号为 %lld 的申报表", ids.v[k - 1]);
		code = EXIT_INPUT;
	} else if (rc) {
		cli_error(cli, "%s", rc == JX_ESTORE ? store_errmsg(store) : jx_strerror(rc));
		code = EXIT_SYSTEM;
	}
	if (json_out_finish(&out, code == EXIT_OK) && code == EXIT_OK)
		code = EXIT_SYSTEM;
	arena_release(&a);
out:
	free(ids.v);
	store_close(store);
	return code;
}
