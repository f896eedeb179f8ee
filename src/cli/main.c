/*
 * main.c: the jixiao command line: finds --db anywhere among the arguments,
 * picks the subcommand from the table in commands.def and runs it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	      "用法：jixiao 命令 [参数...] [--db PATH]\n\n命令：\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n每个使用数据库的命令都接受 --db PATH（默认为环境变量 JIXIAO_DB，"
	      "再默认为当前目录下的 jixiao.db）。\n"
	      "“jixiao 命令 --help”显示该命令的说明。\n"
	      "退出码：0 成功；2 输入或用法有误；3 存储或系统故障。\n", out);
}

/* Removes "--db PATH" or "--db=PATH" from argv; returns the new argc or -1. */
static int take_db(int argc, char **argv, const char **db)
{
	int i, j = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return -1;
			*db = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			*db = argv[i] + 5;
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	struct cli cli = { .prog = "jixiao" };
	const char *env = getenv("JIXIAO_DB");
	size_t i;

	cli.db = env && *env ? env : "jixiao.db";
	argc = take_db(argc, argv, &cli.db);
	if (argc < 0) {
		fputs("jixiao: --db 后面缺少数据库路径\n", stderr);
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
