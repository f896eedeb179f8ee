/*
 * cmd_history.c: `jixiao history ID`: every revision of a declaration with
 * who made it, when, from where and its stored review, then its workflow
 * events: how the form got better and where it went.  Under each revision,
 * what changed against the one before, field by field.
 */
#include <string.h>

#include "../model/workflow.h"
#include "../render/decl_diff.h"
#include "../service/history.h"
#include "../util/err.h"
#include "cli.h"

struct hist {
	struct strbuf *sb;
	struct store *store;
	struct arena *a;
	int64_t id;
};

/* The field-level changes of revision rev against rev - 1, indented. */
static int changes(struct hist *hs, int rev)
{
	struct decl_change *v;
	size_t n;
	int rc;

	if ((rc = decl_diff_stored(hs->store, hs->id, rev, hs->a, &v, &n)))
		return rc;
	for (size_t i = 0; i < n; i++)
		sb_addf(hs->sb, "    %s：%s → %s\n", v[i].label, *v[i].before ? v[i].before : "（空）",
		        *v[i].after ? v[i].after : "（空）");
	return 0;
}

static int line(void *ctx, const struct store_history *h)
{
	struct hist *hs = ctx;
	struct strbuf *sb = hs->sb;

	if (!h->is_event) {
		sb_addf(sb, "第%d版  %s  %s  来源 %s", h->rev, h->at, h->actor, h->source);
		if (*h->verdict)
			sb_addf(sb, "  审核：建议评级“%s”，错误 %d 条，警告 %d 条，提示 %d 条", h->verdict,
			        h->n_error, h->n_warning, h->n_info);
		sb_addc(sb, '\n');
		return changes(hs, h->rev);
	}
	sb_addf(sb, "第%d版  %s  %s  %s：%s → %s", h->rev, h->at, h->actor,
	        wf_action(wf_action_by_id(h->action)) ? wf_action(wf_action_by_id(h->action))->name
	                                              : h->action,
	        wf_state_name(h->from), wf_state_name(h->to));
	if (h->verdict && *h->verdict)
		sb_addf(sb, "  评级“%s”", h->verdict);
	if (h->finding && *h->finding)
		sb_addf(sb, "  针对 %s", h->finding);
	if (h->comment && *h->comment)
		sb_addf(sb, "  意见：%s", h->comment);
	sb_addc(sb, '\n');
	return 0;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	struct store_meta m;
	struct store *store;
	struct arena a;
	long long id = 0;
	int rc, code = EXIT_OK;

	for (int i = 0; i < argc; i++)
		if (id || !cli_parse_id(argv[i], &id))
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
	if (!id)
		return cli_usage(cli, "缺少申报表编号");
	if (!(store = cli_open_store(cli)))
		return EXIT_SYSTEM;
	arena_init(&a, 4096);
	rc = store_meta(store, id, &a, &m);
	if (rc == JX_ENOTFOUND) {
		cli_error(cli, "没有编号为 %lld 的申报表", id);
		code = EXIT_INPUT;
		goto out;
	}
	if (!rc) {
		sb_addf(&sb, "#%lld %d年度 %s %s：当前第%d版，状态“%s”\n", id, m.year, m.implementer,
		        m.name, m.rev, wf_state_name(m.state));
		struct hist hs = { &sb, store, &a, id };
		rc = store_history(store, id, line, &hs);
	}
	if (rc) {
		cli_store_error(cli, store, rc, "");
		code = EXIT_SYSTEM;
	} else if (sb.err || !cli_write_stdout(sb.buf, sb.len)) {
		code = EXIT_SYSTEM;
	}
out:
	sb_release(&sb);
	arena_release(&a);
	store_close(store);
	return code;
}
