/*
 * cmd_copy.c: `jixiao copy --from DB --to DB`: a whole store copied into an
 * empty one, between any two engines (store_copy.h), each table's rows
 * counted as they are copied and again once read back and verified.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store_copy.h"
#include "../util/err.h"
#include "cli.h"

struct progress {
	int64_t rows;               /* copied, over every table */
	size_t tables;
};

static int told(void *ctx, enum copy_step step, const char *table, int64_t rows)
{
	struct progress *p = ctx;

	if (step == COPY_COPIED) {
		p->rows += rows;
		p->tables++;
		printf("表 %s：已复制 %lld 行\n", table, (long long)rows);
	} else {
		printf("表 %s：已校验 %lld 行，行数和内容哈希一致\n", table, (long long)rows);
	}
	return ferror(stdout) ? JX_EIO : 0;
}

/* The two options, each with its value. */
struct paths {
	const char *from, *to;
};
static const struct {
	const char *opt;
	size_t off;                 /* of its const char * in struct paths */
} options[] = {
	{ "--from", offsetof(struct paths, from) },
	{ "--to", offsetof(struct paths, to) },
};

/* Takes the option at argv[*i] ("--opt V" or "--opt=V") into *p: EXIT_OK, or
 * EXIT_INPUT after the usage message. */
static int take_option(const struct cli *cli, struct paths *p, int argc, char **argv, int *i)
{
	for (size_t k = 0; k < sizeof(options) / sizeof(options[0]); k++) {
		const char **slot = (const char **)((char *)p + options[k].off);
		size_t n = strlen(options[k].opt);
		if (strncmp(argv[*i], options[k].opt, n) != 0 || (argv[*i][n] && argv[*i][n] != '='))
			continue;
		if (argv[*i][n] == '=')
			*slot = argv[*i] + n + 1;
		else if (*i + 1 < argc)
			*slot = argv[++*i];
		else
			*slot = "";
		if (!**slot)
			return cli_usage(cli, "%s 后面缺少数据库", options[k].opt);
		return EXIT_OK;
	}
	return cli_usage(cli, "无法识别的参数“%s”", argv[*i]);
}

int cmd_copy(struct cli *cli, int argc, char **argv)
{
	struct store *from = NULL, *to = NULL, *failed = NULL;
	struct progress p = { 0 };
	struct paths paths = { NULL, NULL };
	const char *src, *dst, *src_s, *dst_s;
	char *msg = NULL, src_buf[1024], dst_buf[1024];
	int rc, code = EXIT_OK;

	if (cli->db_given)
		return cli_usage(cli, "copy 不使用 --db：用 --from 和 --to 给出两个数据库");
	for (int i = 0; i < argc; i++)
		if ((code = take_option(cli, &paths, argc, argv, &i)))
			return code;
	src = paths.from;
	dst = paths.to;
	if (!src)
		return cli_usage(cli, "缺少 --from（复制哪个数据库）");
	if (!dst)
		return cli_usage(cli, "缺少 --to（复制到哪个数据库）");
	if (strcmp(src, dst) == 0)
		return cli_usage(cli, "--from 和 --to 是同一个数据库“%s”", src);

	/* a password in a URI is not shown */
	src_s = store_target_shown(src, src_buf, sizeof(src_buf));
	dst_s = store_target_shown(dst, dst_buf, sizeof(dst_buf));
	if ((rc = store_open_existing(&from, src, &msg))) {
		if (rc == JX_ENOENT) {
			cli_error(cli, "源数据库 %s 不存在", src_s);
			code = EXIT_INPUT;
		} else {
			cli_error(cli, "无法打开源数据库 %s：%s", src_s, msg ? msg : jx_strerror(rc));
			code = EXIT_SYSTEM;
		}
		goto out;
	}
	if ((rc = store_open(&to, dst, &msg))) {
		cli_error(cli, "无法打开目标数据库 %s：%s", dst_s, msg ? msg : jx_strerror(rc));
		code = EXIT_SYSTEM;
		goto out;
	}
	rc = store_copy(from, to, told, &p, &failed);
	if (rc == JX_ECONFLICT && failed == to) {
		cli_error(cli, "无法复制到 %s：%s", dst_s, store_errmsg(to));
		code = EXIT_INPUT;
	} else if (rc && failed) {
		cli_error(cli, "复制失败（%s %s）：%s；目标数据库未写入任何内容",
		          failed == from ? "源数据库" : "目标数据库", failed == from ? src_s : dst_s,
		          store_errmsg(failed));
		code = EXIT_SYSTEM;
	} else if (rc) {
		cli_error(cli, "复制失败：%s；目标数据库未写入任何内容", jx_strerror(rc));
		code = EXIT_SYSTEM;
	} else {
		printf("复制完成：%zu 张表共 %lld 行，从 %s 到 %s\n", p.tables, (long long)p.rows, src_s,
		       dst_s);
		if (fflush(stdout) != 0) {
			cli_error(cli, "%s", jx_strerror(JX_EIO));
			code = EXIT_SYSTEM;
		}
	}
out:
	free(msg);
	store_close(to);
	store_close(from);
	return code;
}
