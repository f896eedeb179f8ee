/*
 * selfeval_read.c: FORMAT.md part 2 into a struct selfeval.  The embedded
 * declaration goes through the declaration importer (json_read.c), so it is
 * checked exactly as a declaration file is.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../util/err.h"
#include "json_read.h"
#include "scalar.h"
#include "selfeval_read.h"

struct reader {
	const char *file;
	struct diags *diags;
	struct arena *a;
	struct selfeval *out;
	int n_decl;
};

static void bad(struct reader *r, const char *key, const char *problem, const json_t *seen)
{
	char *txt = NULL;
	struct strbuf q = STRBUF_INIT;

	if (json_is_string(seen))
		diag_quote(&q, json_string_value(seen), json_string_length(seen));
	else if (seen && (txt = json_dumps(seen, JSON_ENCODE_ANY | JSON_COMPACT)))
		diag_quote(&q, txt, strlen(txt));
	diag_error(r->diags, r->file, 0, NULL, "%s：%s%s%s", key, problem, q.len ? " " : "", q.buf);
	sb_release(&q);
	free(txt);
}

static int keep_decl(void *ctx, const struct decl *d)
{
	struct reader *r = ctx;

	if (r->n_decl++)
		return 0;
	return decl_copy(&r->out->decl, d, r->a);
}

/* FORMAT.md's amount text: digits, a point, two digits; no separators. */
static bool plain_amount(const char *s)
{
	size_t i = 0;

	if (s[i] == '-')
		i++;
	if (s[i] < '0' || s[i] > '9')
		return false;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' &&
	       s[i + 2] <= '9' && !s[i + 3];
}

/* An amount key: a decimal string of yuan or null. */
static void amount(struct reader *r, json_t *obj, const char *key, const char *path,
                   struct amount *out, bool required)
{
	json_t *v = json_object_get(obj, key);

	out->set = false;
	if (!v || json_is_null(v)) {
		if (required)
			bad(r, path, "缺少此项（应为金额字符串，如 \"4500000.00\"）", NULL);
		return;
	}
	if (!json_is_string(v) || !plain_amount(json_string_value(v)) ||
	    amount_parse(json_string_value(v), json_string_length(v), out) || !out->set)
		bad(r, path, "应为两位小数、不带分隔符的金额字符串（如 \"4500000.00\"）", v);
}

/* An optional string copied into the arena; NULL when absent or null. */
static const char *text(struct reader *r, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		bad(r, path, "应为字符串", v);
		return NULL;
	}
	return arena_strdup(r->a, json_string_value(v));
}

/* A decimal written as a string or a JSON number, as text in the arena;
 * NULL when absent or null. */
static const char *number_text(struct reader *r, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);
	char num[64];

	if (!v || !json_is_number(v))
		return text(r, obj, key, path);
	if (json_is_integer(v))
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
	else
		snprintf(num, sizeof(num), "%.10g", json_real_value(v));
	return arena_strdup(r->a, num);
}

int selfeval_read(const char *data, size_t n, const char *file, struct diags *diags,
                  struct arena *a, struct selfeval *out)
{
	static const char *const weight_keys[1 + SC__MAX] = { "budget", "output", "benefit",
		                                                  "satisfaction" };
	struct reader r = { .file = file, .diags = diags, .a = a, .out = out };
	struct parse_opts opts = { .sink = keep_decl, .sink_ctx = &r };
	json_error_t je;
	json_t *root, *v, *budget, *results, *res;
	struct score_result_in *rs;
	char path[64], *decl_text;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->in.decl = &out->decl;
	out->achieved = "";
	root = json_loadb(data, n, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		diag_error(diags, file, je.line > 0 ? je.line : 0, NULL, "JSON 语法错误（第 %d 列）：%s",
		           je.column, je.text);
		return 0;
	}
	if (!json_is_object(root)) {
		bad(&r, "(顶层)", "应为对象", NULL);
		goto out;
	}
	v = json_object_get(root, "schema");
	if (!json_is_string(v) || strcmp(json_string_value(v), "jixiao.selfeval/1") != 0)
		bad(&r, "schema", "应为 \"jixiao.selfeval/1\"", v);

	v = json_object_get(root, "declaration");
	if (!json_is_object(v)) {
		bad(&r, "declaration", "应为申报表对象（FORMAT.md 第一部分）", v);
	} else if ((decl_text = json_dumps(v, JSON_COMPACT))) {
		rc = json_read(decl_text, strlen(decl_text), file, diags, &opts);
		free(decl_text);
		if (rc)
			goto out;
	} else {
		rc = JX_ENOMEM;
		goto out;
	}

	budget = json_object_get(root, "budget");
	if (!json_is_object(budget)) {
		bad(&r, "budget", "应为对象 {\"annual\": …, \"executed\": …}", budget);
	} else {
		amount(&r, budget, "annual", "budget.annual", &out->in.annual, false);
		amount(&r, budget, "executed", "budget.executed", &out->in.executed, true);
		out->in.budget_reason = text(&r, budget, "reason", "budget.reason");
	}

	v = json_object_get(root, "weights");
	if (v && !json_is_null(v)) {
		if (!json_is_object(v)) {
			bad(&r, "weights", "应为对象或 null", v);
		} else {
			for (int k = 0; k <= SC__MAX; k++) {
				json_t *x = json_object_get(v, weight_keys[k]);
				snprintf(path, sizeof(path), "weights.%s", weight_keys[k]);
				if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 100)
					bad(&r, path, "应为 0 至 100 的整数", x);
				else
					out->in.weights[k] = (int)json_integer_value(x);
			}
		}
	}

	out->achieved = text(&r, root, "achieved", "achieved");
	if (!out->achieved)
		out->achieved = "";

	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		bad(&r, "results", "应为数组，每个指标一项", results);
		goto out;
	}
	rs = arena_zalloc(a, (json_array_size(results) + 1) * sizeof(*rs));
	if (!rs) {
		rc = JX_ENOMEM;
		goto out;
	}
	json_array_foreach(results, i, res) {
		json_t *ap, *act;
		snprintf(path, sizeof(path), "results[%zu]", i);
		if (!json_is_object(res)) {
			bad(&r, path, "应为对象", res);
			continue;
		}
		ap = json_object_get(res, "applicable");
		rs[i].applicable = !ap || json_is_null(ap) || json_is_true(ap);
		if (ap && !json_is_boolean(ap) && !json_is_null(ap)) {
			snprintf(path, sizeof(path), "results[%zu].applicable", i);
			bad(&r, path, "应为 true 或 false", ap);
		}
		act = json_object_get(res, "actual");
		snprintf(path, sizeof(path), "results[%zu].actual", i);
		if (act && json_is_number(act)) {
			bad(&r, path, "应写成字符串（如 \"88\"），数字会丢失精度", act);
		} else {
			rs[i].actual = text(&r, res, "actual", path);
		}
		snprintf(path, sizeof(path), "results[%zu].band", i);
		{
			const char *band = text(&r, res, "band", path);
			rs[i].band = score_band_by_id(band);
			if (band && rs[i].band == BAND_NONE)
				bad(&r, path, "应为 achieved、partial、missed 或 null", json_object_get(res, "band"));
		}
		snprintf(path, sizeof(path), "results[%zu].score_pct", i);
		rs[i].score_pct = number_text(&r, res, "score_pct", path);
		snprintf(path, sizeof(path), "results[%zu].weight", i);
		rs[i].weight = number_text(&r, res, "weight", path);
		snprintf(path, sizeof(path), "results[%zu].reason", i);
		rs[i].reason = text(&r, res, "reason", path);
		if (!rs[i].reason)
			rs[i].reason = "";
	}
	out->in.results = rs;
	out->in.n_results = json_array_size(results);
	if (a->err)
		rc = JX_ENOMEM;
out:
	json_decref(root);
	return rc;
}
