/*
 * main.c: the jixiao command line: finds --db anywhere among the arguments,
 * picks the subcommand from the table in commands.def and runs it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../review/profile.h"
#include "cli.h"

static const struct command {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;
	const char *usage;
} commands[] = {
#define CMD(name, fn, summary, usage) { #name, fn, summary, usage },
#include "commands.def"
#undef CMD
};

static void main_help(FILE *out)
{
	size_t i;

	fputs("jixiao：财政项目支出绩效目标申报表的读取、存储与导出\n\n"
	      "用法：jixiao 命令 [参数...] [--db PATH] [--profile 方案]\n\n命令：\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n每个使用数据库的命令都接受 --db PATH（默认为环境变量 JIXIAO_DB，"
	      "再默认为当前目录下的 jixiao.db）。\n"
	      "审核相关的命令接受 --profile 名称或文件（默认为环境变量 JIXIAO_PROFILE，"
	      "再默认为 " PROFILE_DEFAULT "）。\n"
	      "“jixiao 命令 --help”显示该命令的说明。\n"
	      "退出码：0 成功；1 check 发现错误；2 输入或用法有误；3 存储或系统故障。\n", out);
}

/*
 * Removes the global options from argv: "--db PATH" ("--db=PATH") and
 * "--profile NAME|FILE" ("--profile=..."), wherever they are.  Returns the
 * new argc, or -1 with *missing naming an option that lacks its value.
 */
static int take_globals(int argc, char **argv, struct cli *cli, const char **missing)
{
	static const struct {
		const char *opt;
		size_t off;             /* of the const char * in struct cli */
	} globals[] = {
		{ "--db", offsetof(struct cli, db) },
		{ "--profile", offsetof(struct cli, profile) },
	};
	int i, j = 0;
	size_t k, n;

	for (i = 0; i < argc; i++) {
		for (k = 0; k < sizeof(globals) / sizeof(globals[0]); k++) {
			const char **slot = (const char **)((char *)cli + globals[k].off);
			n = strlen(globals[k].opt);
			if (strncmp(argv[i], globals[k].opt, n) != 0 || (argv[i][n] && argv[i][n] != '='))
				continue;
			if (argv[i][n] == '=') {
				*slot = argv[i] + n + 1;
			} else if (i + 1 < argc) {
				*slot = argv[++i];
			} else {
				*missing = globals[k].opt;
				return -1;
			}
			if (k == 0)
				cli->db_given = true;
			break;
		}
		if (k == sizeof(globals) / sizeof(globals[0]))
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	struct cli cli = { .prog = "jixiao" };
	const char *env = getenv("JIXIAO_DB"), *missing = NULL;
	size_t i;

	cli.db = env && *env ? env : "jixiao.db";
	env = getenv("JIXIAO_PROFILE");
	cli.profile = env && *env ? env : PROFILE_DEFAULT;
	argc = take_globals(argc, argv, &cli, &missing);
	if (argc < 0) {
		fprintf(stderr, "jixiao: %s 后面缺少%s\n", missing,
		        strcmp(missing, "--db") == 0 ? "数据库路径" : "审核方案名称或文件");
		return EXIT_INPUT;
	}
	if (argc < 2) {
		main_help(stderr);
		return EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
				if (strcmp(commands[i].name, argv[2]) == 0) {
					cli.cmd = commands[i].name;
					cli.usage = commands[i].usage;
					return cli_help(&cli);
				}
			}
		}
		main_help(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, argv[1]) == 0) {
			cli.cmd = commands[i].name;
			cli.usage = commands[i].usage;
			if (cli_wants_help(argc - 2, argv + 2))
				return cli_help(&cli);
			return commands[i].fn(&cli, argc - 2, argv + 2);
		}
	}
	fprintf(stderr, "jixiao: 未知命令“%s”\n\n", argv[1]);
	main_help(stderr);
	return EXIT_INPUT;
}
