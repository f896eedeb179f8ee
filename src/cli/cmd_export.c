/*
 * cmd_export.c: `jixiao export [ID...] [--format F] [-o FILE]`: current
 * revisions, all of them, the ones named, or those of a year and a
 * department (--year, --department), in id order, in one of the
 * formats of exports.def.  Text formats go to standard output unless -o is
 * given; binary ones need -o.  Named ids are all checked before anything is
 * written, and a failed export leaves no file behind.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "cli.h"
#include "export.h"

static const struct exporter *const exporters[] = {
#define EXPORT(name, impl, binary, summary) &impl,
#include "exports.def"
#undef EXPORT
};

static const struct exporter *find_exporter(const char *name)
{
	for (size_t i = 0; i < sizeof(exporters) / sizeof(exporters[0]); i++)
		if (strcmp(exporters[i]->name, name) == 0)
			return exporters[i];
	return NULL;
}

static int usage_formats(struct cli *cli, const char *fmt)
{
	struct strbuf sb = STRBUF_INIT;
	int code;

	for (size_t i = 0; i < sizeof(exporters) / sizeof(exporters[0]); i++)
		sb_addf(&sb, "%s%s", i ? "、" : "", exporters[i]->name);
	code = cli_usage(cli, "不支持的导出格式“%s”（可用：%s）", fmt, sb.buf);
	sb_release(&sb);
	return code;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct cli_ids ids = { 0 };
	const struct exporter *ex = find_exporter("json");
	struct export_ctx ctx = { 0 };
	struct list_filter filter = { 0 };
	struct profile *profile = NULL;
	struct store *store = NULL;
	struct arena a;
	const char *path = NULL;
	void *state = NULL;
	long long id;
	size_t k;
	int i, rc = 0, code = EXIT_OK;
	bool named = false;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
			const char *fmt = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
			if (!(ex = find_exporter(fmt))) {
				free(ids.v);
				return usage_formats(cli, fmt);
			}
		} else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc) {
			path = argv[++i];
		} else if (strcmp(argv[i], "--year") == 0) {
			long long y;
			if (i + 1 >= argc || !cli_parse_id(argv[i + 1], &y) || y < 1900 || y > 2999) {
				free(ids.v);
				return cli_usage(cli, "--year 需要一个年度，如 2023");
			}
			filter.year = (int)y;
			i++;
		} else if (strcmp(argv[i], "--department") == 0) {
			if (i + 1 >= argc || !*argv[i + 1]) {
				free(ids.v);
				return cli_usage(cli, "--department 需要主管部门名称");
			}
			filter.department = argv[++i];
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
	if (named && (filter.year || filter.department)) {
		free(ids.v);
		return cli_usage(cli, "给出编号时不能再用 --year 或 --department 筛选");
	}
	if (ex->binary && !path) {
		free(ids.v);
		return cli_usage(cli, "%s 格式需要用 -o 给出输出文件", ex->name);
	}
	if (!(profile = cli_load_profile(cli))) {
		free(ids.v);
		return EXIT_INPUT;
	}
	if (!(store = cli_open_store(cli))) {
		code = EXIT_SYSTEM;
		goto out;
	}
	if (!ids.n && (rc = store_list(store, &filter, cli_ids_collect, &ids))) {
		cli_store_error(cli, store, rc, "");
		code = EXIT_SYSTEM;
		goto out;
	}
	ctx.path = path;
	ctx.profile = profile;
	ctx.hold = named;
	ctx.store = store;
	ctx.year = filter.year;
	ctx.department = filter.department;
	if ((rc = ex->begin(&ctx, &state))) {
		cli_error(cli, "无法写出：%s", ctx.err[0] ? ctx.err : jx_strerror(rc));
		code = EXIT_SYSTEM;
		goto out;
	}
	arena_init(&a, 64 * 1024);
	for (k = 0; k < ids.n && !rc; k++) {
		struct decl d;
		int rev = 0;
		rc = store_get(store, ids.v[k], 0, &a, &d, &rev);
		if (!rc)
			rc = ex->decl(state, &d, ids.v[k], rev);
		arena_reset(&a);
	}
	if (rc == JX_ENOTFOUND) {
		cli_error(cli, "没有编号为 %lld 的申报表", ids.v[k - 1]);
		code = EXIT_INPUT;
	} else if (rc) {
		cli_error(cli, "%s", rc == JX_ESTORE ? store_errmsg(store)
		                     : ctx.err[0]    ? ctx.err
		                                     : jx_strerror(rc));
		code = EXIT_SYSTEM;
	}
	if ((rc = ex->end(state, code == EXIT_OK)) && code == EXIT_OK) {
		cli_error(cli, "写出失败：%s", ctx.err[0] ? ctx.err : jx_strerror(rc));
		code = EXIT_SYSTEM;
	}
	arena_release(&a);
out:
	free(ids.v);
	store_close(store);
	profile_free(profile);
	return code;
}
