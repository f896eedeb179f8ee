/*
 * cmd_convert.c: `jixiao convert FILE... [--to json]`: forms to JSON on
 * standard output, without a database.
 */
#include <string.h>

#include "../util/err.h"
#include "cli.h"
#include "json_out.h"

static int sink(void *ctx, const struct decl *d)
{
	struct json_out *o = ctx;

	/* after the first error nothing will be written: stop collecting */
	return json_out_decl(o, d);
}

int cmd_convert(struct cli *cli, int argc, char **argv)
{
	char **files = argv;   /* operands are compacted in place */
	struct parse_opts opts = { 0 };
	struct json_out out;
	struct diags diags;
	int i, nfiles = 0, rc;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 || strncmp(argv[i], "--to=", 5) == 0) {
			const char *fmt = argv[i][4] == '=' ? argv[i] + 5 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(fmt, "json") != 0)
				return cli_usage(cli, "不支持的输出格式“%s”（只支持 json）", fmt);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(cli, "未知选项“%s”", argv[i]);
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!nfiles)
		return cli_usage(cli, "缺少输入文件");
	diags_init(&diags);
	json_out_init(&out, true);
	opts.sink = sink;
	opts.sink_ctx = &out;
	rc = cli_read_inputs(files, nfiles, &diags, &opts);
	cli_print_diags(&diags);
	if (rc) {
		json_out_finish(&out, false);
		cli_error(cli, "%s", jx_strerror(rc));
		diags_release(&diags);
		return EXIT_SYSTEM;
	}
	if (diags.n_error) {
		json_out_finish(&out, false);
		cli_error(cli, "共 %zu 处错误，未输出任何内容", diags.n_error);
		diags_release(&diags);
		return EXIT_INPUT;
	}
	diags_release(&diags);
	if ((rc = json_out_finish(&out, true))) {
		cli_error(cli, "写出失败：%s", jx_strerror(rc));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}
