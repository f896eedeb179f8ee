/*
 * cmd_list.c: `jixiao list`: the current revision of every declaration, as
 * an aligned table or as JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../render/json_write.h"
#include "../util/err.h"
#include "cli.h"

#define LIST_COLS 7

struct listing {
	bool json;
	struct jw w;
	struct strbuf out;
	/* table mode: every cell, then aligned at the end */
	char **cells;
	size_t n, cap;
};

/* "5,350,000.00", or "" for a blank amount. */
static void money(char out[40], struct amount a)
{
	if (a.set)
		amount_format_grouped(out, a.fen);
	else
		out[0] = '\0';
}

static int add_cell(struct listing *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->cells, cap * sizeof(*v));
		if (!v)
			return JX_ENOMEM;
		l->cells = v;
		l->cap = cap;
	}
	if (!(l->cells[l->n] = strdup(s ? s : "")))
		return JX_ENOMEM;
	l->n++;
	return 0;
}

static int row(void *ctx, const struct store_summary *s)
{
	struct listing *l = ctx;
	char id[24], year[16], rev[16], annual[40];
	int rc = 0;

	if (l->json) {
		jw_obj_begin(&l->w);
		jw_key(&l->w, "id");
		jw_int(&l->w, s->id);
		jw_key(&l->w, "revision");
		jw_int(&l->w, s->rev);
		jw_key(&l->w, "year");
		jw_int(&l->w, s->year);
		jw_key(&l->w, "department");
		jw_str(&l->w, s->department);
		jw_key(&l->w, "implementer");
		jw_str(&l->w, s->implementer);
		jw_key(&l->w, "name");
		jw_str(&l->w, s->name);
		jw_key(&l->w, "category");
		jw_str(&l->w, s->category);
		jw_key(&l->w, "annual");
		jw_amount(&l->w, s->annual);
		jw_key(&l->w, "indicators");
		jw_int(&l->w, (long long)s->n_ind);
		jw_key(&l->w, "updated_at");
		jw_str(&l->w, s->updated_at);
		jw_obj_end(&l->w);
		return l->out.err;
	}
	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	snprintf(year, sizeof(year), "%d", s->year);
	snprintf(rev, sizeof(rev), "%d", s->rev);
	money(annual, s->annual);
	{
		const char *cells[LIST_COLS] = { id, year, s->department, s->implementer, s->name,
		                                 rev, annual };
		for (int c = 0; c < LIST_COLS && !rc; c++)
			rc = add_cell(l, cells[c]);
	}
	return rc;
}

static void print_table(struct listing *l)
{
	size_t width[LIST_COLS] = { 0 }, i, c, w;

	for (i = 0; i < l->n; i++) {
		w = cli_width(l->cells[i]);
		if (w > width[i % LIST_COLS])
			width[i % LIST_COLS] = w;
	}
	for (i = 0; i < l->n; i += LIST_COLS) {
		for (c = 0; c < LIST_COLS; c++) {
			const char *cell = l->cells[i + c];
			size_t pad = width[c] - cli_width(cell);
			bool right = c == 0 || c == 5 || c == 6;
			if (c)
				fputs("  ", stdout);
			if (right)
				printf("%*s", (int)pad, "");
			fputs(cell, stdout);
			if (!right && c + 1 < LIST_COLS)
				printf("%*s", (int)pad, "");
		}
		fputc('\n', stdout);
	}
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	struct listing l = { 0 };
	struct list_filter f = { 0 };
	struct store *store;
	long long year;
	int i, rc, code = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			l.json = true;
		} else if (strcmp(argv[i], "--year") == 0) {
			if (i + 1 >= argc || !cli_parse_id(argv[i + 1], &year) || year < 1900 || year > 2999)
				return cli_usage(cli, "--year 需要一个年度，如 2023");
			f.year = (int)year;
			i++;
		} else if (strcmp(argv[i], "--department") == 0) {
			if (i + 1 >= argc)
				return cli_usage(cli, "--department 需要主管部门名称");
			f.department = argv[++i];
		} else {
			return cli_usage(cli, "未知参数“%s”", argv[i]);
		}
	}
	if (!(store = cli_open_store(cli)))
		return EXIT_SYSTEM;
	sb_init(&l.out, 0);
	if (l.json) {
		jw_init(&l.w, &l.out, true, 0);
		jw_arr_begin(&l.w);
	} else {
		static const char *const head[LIST_COLS] = {
			"编号", "年度", "主管部门", "实施单位", "项目名称", "版本", "年度资金(元)",
		};
		for (i = 0; i < LIST_COLS; i++)
			add_cell(&l, head[i]);
	}
	rc = store_list(store, &f, row, &l);
	if (rc) {
		cli_store_error(cli, store, rc, "");
		code = EXIT_SYSTEM;
	} else if (l.json) {
		jw_arr_end(&l.w);
		sb_addc(&l.out, '\n');
		cli_write_stdout(l.out.buf, l.out.len);
	} else {
		print_table(&l);
	}
	for (size_t k = 0; k < l.n; k++)
		free(l.cells[k]);
	free(l.cells);
	sb_release(&l.out);
	store_close(store);
	return code;
}
