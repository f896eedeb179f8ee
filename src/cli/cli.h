/*
 * cli.h: what the subcommands of the jixiao command line share.
 *
 * Exit codes: 0 success, 1 `check` found errors in a declaration, 2 bad
 * input or usage (message on stderr), 3 a storage or system failure.
 */
#ifndef JX_CLI_H
#define JX_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../parse/parse.h"
#include "../review/profile.h"
#include "../store/store.h"
#include "../util/diag.h"
#include "../util/strbuf.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_INPUT = 2, EXIT_SYSTEM = 3 };

struct cli {
	const char *prog;       /* "jixiao" */
	const char *db;         /* --db, JIXIAO_DB or jixiao.db */
	bool db_given;          /* --db was on the command line */
	const char *profile;    /* --profile, JIXIAO_PROFILE or PROFILE_DEFAULT */
	const char *cmd;
	const char *usage;
};

#define CMD(name, fn, summary, usage) int fn(struct cli *cli, int argc, char **argv);
#include "commands.def"
#undef CMD

/* Prints "jixiao: message" to stderr. */
void cli_error(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a usage mistake with the command's usage line; returns EXIT_INPUT. */
int cli_usage(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv[i] is --help or -h. */
bool cli_wants_help(int argc, char **argv);
/* Prints the command's help to stdout; returns EXIT_OK. */
int cli_help(const struct cli *cli);

/* Prints the findings to stderr, one per line. */
void cli_print_diags(const struct diags *d);

/*
 * Reads every file (text in the seed layout, FORMAT.md JSON, an XLSX
 * workbook or a CSV file in the flat layout, told apart by content, never
 * by name; standard input is read whole first) and hands each declaration to opts->sink.  Problems go to
 * `diags`.  Returns 0 or a JX_ code (I/O on a file that cannot be opened is
 * a finding, not a code).
 */
int cli_read_inputs(char **files, int nfiles, struct diags *diags, const struct parse_opts *opts);

/* Loads the profile of --profile; prints the reason and returns NULL on
 * failure (profile_free() it). */
struct profile *cli_load_profile(const struct cli *cli);

/* Opens the store at cli->db; prints the reason and returns NULL on failure. */
/* Prints why an operation of store s failed with rc, on one line ended by
 * `tail` ("" or, say, "；未导入任何内容"): busy and disk full name the
 * database file and say so in the store's words; any other failure of the
 * store after 数据库错误; other codes in jx_strerror's words.  The command
 * then exits with EXIT_SYSTEM. */
void cli_store_error(const struct cli *cli, struct store *s, int rc, const char *tail);
struct store *cli_open_store(const struct cli *cli);
/* Who is acting, for revisions and the audit log. */
const char *cli_actor(void);

/* A growing list of declaration ids. */
struct cli_ids {
	long long *v;
	size_t n, cap;
};
/* Appends id; JX_ENOMEM when out of memory.  cli_ids_collect is the same as
 * a summary_fn (for store_list), ctx being the struct cli_ids. */
int cli_ids_add(struct cli_ids *ids, long long id);
int cli_ids_collect(void *ctx, const struct store_summary *s);

/* Parses a positive integer id; false when s is not one. */
bool cli_parse_id(const char *s, long long *out);

/* Writes all of sb to stdout; false on a write error. */
bool cli_write_stdout(const char *s, size_t n);

/* Display width of UTF-8 text on a terminal (CJK counts two). */
size_t cli_width(const char *s);

#endif
