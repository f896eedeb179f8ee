/*
 * profile.c: loads review profiles (profile.h) from JSON, built-in or from
 * a file, checking every key so that a typo in a profile is an error with
 * the key and the value seen, never a silently ignored setting.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../util/err.h"
#include "../util/embedded.h"
#include "../util/text.h"
#include "profile.h"
#include "rules.h"

/* A profile file larger than this is not a profile. */
#define PROFILE_MAX_BYTES (1 << 20)

struct loader {
	const char *file;
	struct profile *p;
	struct strbuf *err;
	int rc;
};

/* Records the first problem: "file：key：problem “seen”". */
static void perr(struct loader *L, const char *key, const char *problem, const json_t *seen)
{
	char *txt = NULL;

	if (L->rc)
		return;
	L->rc = JX_EINPUT;
	sb_addf(L->err, "方案文件 %s：%s：%s", L->file, key, problem);
	if (json_is_string(seen)) {
		sb_adds(L->err, " ");
		diag_quote(L->err, json_string_value(seen), json_string_length(seen));
	} else if (seen) {
		txt = json_dumps(seen, JSON_ENCODE_ANY | JSON_COMPACT);
		if (txt) {
			sb_adds(L->err, " ");
			diag_quote(L->err, txt, strlen(txt));
			free(txt);
		}
	}
}

static const char *dup(struct loader *L, const char *s)
{
	char *c = arena_strdup(&L->p->arena, s);

	if (!c && !L->rc)
		L->rc = JX_ENOMEM;
	return c;
}

/* A non-empty string of valid UTF-8 (jansson guarantees the encoding). */
static const char *get_str(struct loader *L, json_t *v, const char *key)
{
	const char *s;

	if (!json_is_string(v)) {
		perr(L, key, "应为字符串", v);
		return NULL;
	}
	s = json_string_value(v);
	if (text_blank(s, strlen(s))) {
		perr(L, key, "不能为空", v);
		return NULL;
	}
	return dup(L, s);
}

/* An array of non-empty strings into a new arena array. */
static const char **get_strs(struct loader *L, json_t *v, const char *key, size_t *n)
{
	const char **out;
	size_t i;
	json_t *e;
	char path[96];

	*n = 0;
	if (!json_is_array(v)) {
		perr(L, key, "应为字符串数组", v);
		return NULL;
	}
	out = arena_zalloc(&L->p->arena, (json_array_size(v) + 1) * sizeof(*out));
	if (!out) {
		L->rc = L->rc ? L->rc : JX_ENOMEM;
		return NULL;
	}
	json_array_foreach(v, i, e) {
		snprintf(path, sizeof(path), "%s[%zu]", key, i);
		if (!(out[i] = get_str(L, e, path)))
			return NULL;
	}
	*n = i;
	return out;
}

static int get_int(struct loader *L, json_t *v, const char *key, int lo, int hi)
{
	json_int_t x;

	if (!json_is_integer(v) || (x = json_integer_value(v)) < lo || x > hi) {
		char problem[64];
		snprintf(problem, sizeof(problem), "应为 %d 至 %d 之间的整数", lo, hi);
		perr(L, key, problem, v);
		return 0;
	}
	return (int)x;
}

/* A non-negative decimal such as "85" or "87.5". */
static const char *get_decimal(struct loader *L, json_t *v, const char *key)
{
	const char *s;
	size_t i, dots = 0;

	if (!json_is_string(v) || !*(s = json_string_value(v)))
		goto bad;
	for (i = 0; s[i]; i++) {
		if (s[i] == '.' && i > 0 && s[i + 1] && !dots++)
			continue;
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	}
	return dup(L, s);
bad:
	perr(L, key, "应为写成字符串的非负数，如 \"85\"", v);
	return NULL;
}

const struct profile_level1 *profile_level1(const struct profile *p, const char *level1)
{
	for (size_t i = 0; i < p->n_tree; i++)
		if (strcmp(p->tree[i].name, level1) == 0)
			return &p->tree[i];
	return NULL;
}

bool profile_in(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* True when `name` is a 一级 or a 二级 of the tree. */
static bool in_tree(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_tree; i++)
		if (strcmp(p->tree[i].name, name) == 0 ||
		    profile_in(p->tree[i].level2, p->tree[i].n_level2, name))
			return true;
	return false;
}

static void load_tree(struct loader *L, json_t *v)
{
	struct profile *p = L->p;
	json_t *e;
	size_t i;
	char path[64];

	if (!json_is_array(v) || !json_array_size(v)) {
		perr(L, "tree", "应为非空数组，每项为 {\"level1\": …, \"level2\": […]}", v);
		return;
	}
	p->tree = arena_zalloc(&p->arena, json_array_size(v) * sizeof(*p->tree));
	if (!p->tree) {
		L->rc = JX_ENOMEM;
		return;
	}
	json_array_foreach(v, i, e) {
		struct profile_level1 *l1 = &p->tree[i];
		json_t *l2;

		snprintf(path, sizeof(path), "tree[%zu].level1", i);
		if (!json_is_object(e)) {
			perr(L, path, "应为对象", e);
			return;
		}
		if (!(l1->name = get_str(L, json_object_get(e, "level1"), path)))
			return;
		if (profile_level1(p, l1->name) && profile_level1(p, l1->name) != l1) {
			perr(L, path, "一级指标重复", json_object_get(e, "level1"));
			return;
		}
		snprintf(path, sizeof(path), "tree[%zu].level2", i);
		l2 = json_object_get(e, "level2");
		if (!(l1->level2 = get_strs(L, l2, path, &l1->n_level2)))
			return;
		if (!l1->n_level2) {
			perr(L, path, "至少要有一个二级指标", l2);
			return;
		}
		p->n_tree = i + 1;
	}
}

static void load_required(struct loader *L, json_t *v)
{
	struct profile *p = L->p;
	const struct profile_level1 *l1;
	json_t *e;
	size_t i;
	char path[64];

	if (!json_is_array(v)) {
		perr(L, "required", "应为数组，每项为 {\"level1\": …} 或 {\"level1\": …, \"level2\": …}", v);
		return;
	}
	p->required = arena_zalloc(&p->arena, (json_array_size(v) + 1) * sizeof(*p->required));
	if (!p->required) {
		L->rc = JX_ENOMEM;
		return;
	}
	json_array_foreach(v, i, e) {
		struct profile_required *r = &p->required[i];
		json_t *l2;

		snprintf(path, sizeof(path), "required[%zu].level1", i);
		if (!json_is_object(e)) {
			perr(L, path, "应为对象", e);
			return;
		}
		if (!(r->level1 = get_str(L, json_object_get(e, "level1"), path)))
			return;
		if (!(l1 = profile_level1(p, r->level1))) {
			perr(L, path, "不是 tree 中的一级指标", json_object_get(e, "level1"));
			return;
		}
		r->l1_index = (int)(l1 - p->tree);
		r->l2_index = -1;
		if ((l2 = json_object_get(e, "level2"))) {
			snprintf(path, sizeof(path), "required[%zu].level2", i);
			if (!(r->level2 = get_str(L, l2, path)))
				return;
			for (size_t k = 0; k < l1->n_level2; k++)
				if (strcmp(l1->level2[k], r->level2) == 0)
					r->l2_index = (int)k;
			if (r->l2_index < 0) {
				perr(L, path, "不是该一级指标下的二级指标", l2);
				return;
			}
		}
		p->n_required = i + 1;
	}
}

/* Category names that must be in the tree. */
static const char **load_roles(struct loader *L, json_t *v, const char *key, size_t *n)
{
	const char **list = get_strs(L, v, key, n);
	char path[64];

	for (size_t i = 0; list && i < *n; i++) {
		if (!in_tree(L->p, list[i])) {
			snprintf(path, sizeof(path), "%s[%zu]", key, i);
			perr(L, path, "不是 tree 中的一级或二级指标", json_array_get(v, i));
			return NULL;
		}
	}
	return list;
}

static void load_severity(struct loader *L, json_t *v)
{
	static const char *const names[] = { "error", "warning", "info", "off" };
	static const signed char values[] = { DIAG_ERROR, DIAG_WARNING, DIAG_INFO, -1 };
	const char *key;
	json_t *e;
	char path[96];

	if (!json_is_object(v)) {
		perr(L, "severity", "应为对象，如 {\"indicator.vague_value\": \"error\"}", v);
		return;
	}
	json_object_foreach(v, key, e) {
		enum rule_id r = rule_by_id(key);
		size_t k;

		snprintf(path, sizeof(path), "severity.%s", key);
		if (r == RULE__MAX) {
			perr(L, path, "没有这条审核规则（jixiao rules 列出全部规则）", NULL);
			return;
		}
		for (k = 0; k < 4; k++)
			if (json_is_string(e) && strcmp(json_string_value(e), names[k]) == 0)
				break;
		if (k == 4) {
			perr(L, path, "应为 error、warning、info 或 off", e);
			return;
		}
		L->p->severity[r] = values[k];
	}
}

/* The tags a source text starts with: DOMAIN.md's central, local and
 * uncertain, as a profile's reader sees them.  One table for the review's
 * "sources" and the score's "score.sources". */
static const char *const source_tags[] = { "中央：", "地方：", "待核实：" };
#define SOURCE_TAGS_TEXT "“中央：”“地方：”或“待核实：”"

static bool source_tagged(const char *text)
{
	for (size_t k = 0; text && k < sizeof(source_tags) / sizeof(source_tags[0]); k++)
		if (strncmp(text, source_tags[k], strlen(source_tags[k])) == 0)
			return true;
	return false;
}

/* score.sources: where each score setting comes from, a source tag first
 * ("中央：财预〔2020〕10号", "地方：…", "待核实：…"); when given, every
 * other key of score has one. */
static void load_score_sources(struct loader *L, json_t *score, json_t *v)
{
	const char *key;
	json_t *e;
	char path[96];

	if (!json_is_object(v)) {
		perr(L, "score.sources", "应为对象，如 {\"over_achieved_ratio\": \"地方：…\"}", v);
		return;
	}
	json_object_foreach(score, key, e) {
		if (strcmp(key, "sources") && !json_object_get(v, key)) {
			snprintf(path, sizeof(path), "score.sources.%s", key);
			perr(L, path, "缺少此项：每项评分设置都须注明出处（以" SOURCE_TAGS_TEXT "开头）", NULL);
			return;
		}
	}
	json_object_foreach(v, key, e) {
		snprintf(path, sizeof(path), "score.sources.%s", key);
		if (!json_object_get(score, key) || strcmp(key, "sources") == 0) {
			perr(L, path, "score 中没有此项", NULL);
			return;
		}
		if (!source_tagged(json_string_value(e))) {
			perr(L, path, "应以" SOURCE_TAGS_TEXT "开头，说明来源", e);
			return;
		}
	}
}

static void load_score(struct loader *L, json_t *v)
{
	static const char *const keys[] = { "reverse_formula", "over_achieved_ratio", "grades",
		                                "weights", "execution_reason_below", "sources" };
	static const char *const weight_keys[1 + SC__MAX] = { "budget", "output", "benefit",
		                                                  "satisfaction" };
	struct profile *p = L->p;
	json_t *rev, *grades, *w;
	const char *key;
	json_t *e;
	int total = 0;

	if (!json_is_object(v)) {
		perr(L, "score", "应为对象 {\"reverse_formula\", \"over_achieved_ratio\", \"grades\"}", v);
		return;
	}
	json_object_foreach(v, key, e) {
		size_t k = 0;
		while (k < sizeof(keys) / sizeof(keys[0]) && strcmp(key, keys[k]))
			k++;
		if (k == sizeof(keys) / sizeof(keys[0])) {
			char path[96];
			snprintf(path, sizeof(path), "score.%s", key);
			perr(L, path, "不认识的键", NULL);
			return;
		}
	}
	rev = json_object_get(v, "reverse_formula");
	if (json_is_string(rev) && strcmp(json_string_value(rev), "linear") == 0)
		p->reverse_linear = true;
	else if (!json_is_string(rev) || strcmp(json_string_value(rev), "ratio") != 0) {
		perr(L, "score.reverse_formula", "应为 \"ratio\"（A/B×W）或 \"linear\"（(1−(B−A)/A)×W）", rev);
		return;
	}
	if (!(p->over_ratio = get_decimal(L, json_object_get(v, "over_achieved_ratio"),
	                                  "score.over_achieved_ratio")))
		return;
	grades = json_object_get(v, "grades");
	if (!json_is_object(grades)) {
		perr(L, "score.grades", "应为对象 {\"excellent\": \"90\", \"good\": \"80\", \"fair\": \"60\"}", grades);
		return;
	}
	if (!(p->grade_excellent = get_decimal(L, json_object_get(grades, "excellent"), "score.grades.excellent")) ||
	    !(p->grade_good = get_decimal(L, json_object_get(grades, "good"), "score.grades.good")) ||
	    !(p->grade_fair = get_decimal(L, json_object_get(grades, "fair"), "score.grades.fair")))
		return;
	/* optional: the default weights, the budget-reason ratio, the sources */
	if ((w = json_object_get(v, "weights"))) {
		if (!json_is_object(w) || json_object_size(w) != 1 + SC__MAX) {
			perr(L, "score.weights", "应为对象 {\"budget\": 10, \"output\": 50, \"benefit\": 30, \"satisfaction\": 10}", w);
			return;
		}
		for (int k = 0; k <= SC__MAX; k++) {
			char path[96];
			snprintf(path, sizeof(path), "score.weights.%s", weight_keys[k]);
			p->weights[k] = get_int(L, json_object_get(w, weight_keys[k]), path, 0, 100);
			total += p->weights[k];
		}
		if (!L->rc && total != 100) {
			perr(L, "score.weights", "之和应为 100", w);
			return;
		}
	}
	if ((e = json_object_get(v, "execution_reason_below")) &&
	    !(p->exec_reason_below = get_decimal(L, e, "score.execution_reason_below")))
		return;
	if ((e = json_object_get(v, "sources")))
		load_score_sources(L, v, e);
}

struct score_rules profile_score_rules(const struct profile *p)
{
	struct score_rules r = { p->reverse_linear ? REVERSE_LINEAR : REVERSE_RATIO, p->over_ratio,
		                     p->grade_excellent, p->grade_good, p->grade_fair, { 0 },
		                     p->exec_reason_below };

	memcpy(r.weights, p->weights, sizeof(r.weights));
	return r;
}

/* A boolean under `key`. */
static bool get_bool(struct loader *L, json_t *v, const char *key)
{
	if (!json_is_boolean(v))
		perr(L, key, "应为 true 或 false", v);
	return json_is_true(v);
}

/* "verdict": the thresholds of the suggested verdict (profile.h). */
static void load_verdict(struct loader *L, json_t *v)
{
	static const char *const keys[] = {
		"excellent_max_warnings", "fair_max_error_dimensions", "poor_rules",
		"poor_without_indicators",
	};
	struct profile *p = L->p;
	const char *key;
	json_t *e, *rules;
	size_t i, k;
	char path[96];

	if (!json_is_object(v)) {
		perr(L, "verdict", "应为对象 {\"excellent_max_warnings\": …, \"fair_max_error_dimensions\": …, "
		     "\"poor_rules\": […], \"poor_without_indicators\": …}", v);
		return;
	}
	json_object_foreach(v, key, e) {
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		snprintf(path, sizeof(path), "verdict.%s", key);
		if (strcmp(key, "good_max_warnings") == 0 || strcmp(key, "poor_min_errors") == 0) {
			perr(L, path, "已不再使用：建议评级按财预〔2015〕88号的含义，由错误所在的审核维度决定"
			     "（docs/rules.md）", NULL);
			return;
		}
		if (k == sizeof(keys) / sizeof(keys[0])) {
			perr(L, path, "不认识的键", NULL);
			return;
		}
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (!json_object_get(v, keys[k])) {
			snprintf(path, sizeof(path), "verdict.%s", keys[k]);
			perr(L, path, "缺少此项", NULL);
			return;
		}
	}
	p->excellent_max_warnings = get_int(L, json_object_get(v, "excellent_max_warnings"),
	                                    "verdict.excellent_max_warnings", 0, 1000);
	if (!L->rc)
		p->fair_max_error_dims = get_int(L, json_object_get(v, "fair_max_error_dimensions"),
		                                 "verdict.fair_max_error_dimensions", 0, DIM__MAX);
	if (!L->rc)
		p->poor_without_indicators = get_bool(L, json_object_get(v, "poor_without_indicators"),
		                                      "verdict.poor_without_indicators");
	rules = json_object_get(v, "poor_rules");
	if (!L->rc && !json_is_array(rules))
		perr(L, "verdict.poor_rules", "应为规则编号的数组，如 [\"goals.missing\"]", rules);
	json_array_foreach(rules, i, e) {
		enum rule_id r;
		if (L->rc)
			return;
		snprintf(path, sizeof(path), "verdict.poor_rules[%zu]", i);
		r = json_is_string(e) ? rule_by_id(json_string_value(e)) : RULE__MAX;
		if (r == RULE__MAX)
			perr(L, path, "没有这条审核规则（jixiao rules 列出全部规则）", e);
		else
			p->poor_rule[r] = true;
	}
}

/* "sources": where each setting comes from, by top-level key; the review's
 * numbers must have one, tagged 中央, 地方 or 待核实 (DOMAIN.md). */
static void load_sources(struct loader *L, json_t *root, json_t *v)
{
	static const char *const needed[] = { "satisfaction_floor", "min_indicators", "verdict" };
	struct profile *p = L->p;
	const char *key;
	json_t *e;
	size_t k;
	char path[96];

	if (!json_is_object(v)) {
		perr(L, "sources", "应为对象，如 {\"min_indicators\": \"地方：…\"}", v);
		return;
	}
	p->sources = arena_zalloc(&p->arena, (json_object_size(v) + 1) * sizeof(*p->sources));
	if (!p->sources) {
		L->rc = JX_ENOMEM;
		return;
	}
	json_object_foreach(v, key, e) {
		struct profile_source *src = &p->sources[p->n_sources];
		snprintf(path, sizeof(path), "sources.%s", key);
		if (!json_object_get(root, key) || strcmp(key, "sources") == 0 ||
		    strcmp(key, "profile") == 0 || strcmp(key, "title") == 0) {
			perr(L, path, "不是方案中的设置", NULL);
			return;
		}
		if (!(src->text = get_str(L, e, path)) || !(src->key = dup(L, key)))
			return;
		if (!source_tagged(src->text)) {
			perr(L, path, "应以" SOURCE_TAGS_TEXT "开头，说明来源", e);
			return;
		}
		p->n_sources++;
	}
	for (k = 0; k < sizeof(needed) / sizeof(needed[0]); k++) {
		if (!profile_source(p, needed[k])) {
			snprintf(path, sizeof(path), "sources.%s", needed[k]);
			perr(L, path, "缺少此项：审核用到的数值都应说明来源", NULL);
			return;
		}
	}
}

const char *profile_source(const struct profile *p, const char *key)
{
	for (size_t i = 0; i < p->n_sources; i++)
		if (strcmp(p->sources[i].key, key) == 0)
			return p->sources[i].text;
	return NULL;
}

/* The word lists of a profile: key, and where the list and its length go. */
#define WORDS(key, member) { key, offsetof(struct profile, member), offsetof(struct profile, n_##member) }
static const struct {
	const char *key;
	size_t list, n;
} word_lists[] = {
	WORDS("vague_words", vague),
	WORDS("not_vague_words", not_vague),
	WORDS("capped_rates", capped_rates),
	WORDS("count_units", count_units),
	WORDS("money_verbs", money_verbs),
	WORDS("money_words", money_words),
	WORDS("spending_rates", spending_rates),
};
#undef WORDS

int profile_parse(const char *json, size_t n, const char *name, struct profile **out,
                  struct strbuf *err)
{
	static const char *const keys[] = {
		"profile", "title", "tree", "required", "cost", "satisfaction", "vague_words",
		"satisfaction_floor", "min_indicators", "verdict", "severity", "score",
		"monitoring", "output", "quality", "not_vague_words", "capped_rates",
		"count_units", "money_verbs", "money_words", "spending_rates", "sources",
	};
	struct loader L = { .file = name, .err = err };
	struct profile *p;
	json_error_t je;
	json_t *root, *v, *e;
	const char *key;
	size_t k;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return JX_ENOMEM;
	arena_init(&p->arena, 4096);
	L.p = p;
	for (int r = 0; r < RULE__MAX; r++)
		p->severity[r] = (signed char)rule_info((enum rule_id)r)->severity;

	root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		sb_addf(err, "方案文件 %s：第 %d 行：JSON 语法错误：%s", name, je.line, je.text);
		profile_free(p);
		return JX_EINPUT;
	}
	if (!json_is_object(root)) {
		perr(&L, "(顶层)", "应为对象", NULL);
		goto out;
	}
	json_object_foreach(root, key, v) {
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == sizeof(keys) / sizeof(keys[0])) {
			perr(&L, key, "不认识的键", NULL);
			goto out;
		}
	}
	/* Every key is required: a profile states its whole practice. */
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (!json_object_get(root, keys[k])) {
			perr(&L, keys[k], "缺少此项", NULL);
			goto out;
		}
	}
	p->name = get_str(&L, json_object_get(root, "profile"), "profile");
	p->title = get_str(&L, json_object_get(root, "title"), "title");
	if (!L.rc)
		load_tree(&L, json_object_get(root, "tree"));
	if (!L.rc)
		load_required(&L, json_object_get(root, "required"));
	if (!L.rc)
		p->cost = load_roles(&L, json_object_get(root, "cost"), "cost", &p->n_cost);
	if (!L.rc)
		p->satisfaction = load_roles(&L, json_object_get(root, "satisfaction"), "satisfaction",
		                             &p->n_satisfaction);
	if (!L.rc)
		p->output = load_roles(&L, json_object_get(root, "output"), "output", &p->n_output);
	if (!L.rc)
		p->quality = load_roles(&L, json_object_get(root, "quality"), "quality", &p->n_quality);
	for (k = 0; k < sizeof(word_lists) / sizeof(word_lists[0]) && !L.rc; k++) {
		char *base = (char *)p;
		*(const char ***)(base + word_lists[k].list) =
			get_strs(&L, json_object_get(root, word_lists[k].key), word_lists[k].key,
			         (size_t *)(base + word_lists[k].n));
	}
	v = json_object_get(root, "satisfaction_floor");
	if (!L.rc && !json_is_null(v))
		p->satisfaction_floor = get_decimal(&L, v, "satisfaction_floor");
	if (!L.rc)
		p->min_indicators = get_int(&L, json_object_get(root, "min_indicators"),
		                            "min_indicators", 0, 1000);
	if (!L.rc)
		load_verdict(&L, json_object_get(root, "verdict"));
	if (!L.rc)
		load_severity(&L, json_object_get(root, "severity"));
	if (!L.rc)
		load_score(&L, json_object_get(root, "score"));
	v = json_object_get(root, "monitoring");
	if (!L.rc && !json_is_object(v))
		perr(&L, "monitoring", "应为对象 {\"red_below\": \"60\", \"yellow_below\": \"80\"}", v);
	if (!L.rc) {
		json_object_foreach(v, key, e) {
			if (strcmp(key, "red_below") && strcmp(key, "yellow_below")) {
				char path[96];
				snprintf(path, sizeof(path), "monitoring.%s", key);
				perr(&L, path, "不认识的键", NULL);
				break;
			}
		}
	}
	if (!L.rc)
		p->red_below = get_decimal(&L, json_object_get(v, "red_below"), "monitoring.red_below");
	if (!L.rc)
		p->yellow_below = get_decimal(&L, json_object_get(v, "yellow_below"), "monitoring.yellow_below");
	if (!L.rc)
		load_sources(&L, root, json_object_get(root, "sources"));
	if (!L.rc && p->arena.err)
		L.rc = JX_ENOMEM;
out:
	json_decref(root);
	if (L.rc) {
		profile_free(p);
		return L.rc;
	}
	*out = p;
	return 0;
}

static bool is_path(const char *spec)
{
	size_t n = strlen(spec);

	return strchr(spec, '/') || (n > 5 && strcmp(spec + n - 5, ".json") == 0);
}

int profile_load(const char *spec, struct profile **out, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	char buf[8192];
	size_t got;
	FILE *f;
	int rc;

	*out = NULL;
	if (!is_path(spec)) {
		char file[128];
		const struct embedded *b;
		snprintf(file, sizeof(file), "%s.json", spec);
		if ((b = embedded_find(profile_files, file)))
			return profile_parse(b->data, b->len, spec, out, err);
		sb_addf(err, "没有名为“%s”的审核方案（内置方案：", spec);
		for (size_t i = 0; profile_builtin_name(i); i++)
			sb_addf(err, "%s%s", i ? "、" : "", profile_builtin_name(i));
		sb_adds(err, "；也可给出方案文件的路径）");
		return JX_EINPUT;
	}
	if (!(f = fopen(spec, "rb"))) {
		sb_addf(err, "无法打开方案文件 %s：%s", spec,
		        errno == ENOENT ? "文件不存在" : strerror(errno));
		return JX_EINPUT;
	}
	sb_init(&data, PROFILE_MAX_BYTES);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&data, buf, got);
	if (ferror(f) || data.err) {
		sb_addf(err, "无法读取方案文件 %s：%s", spec,
		        data.err == JX_ETOOBIG ? "文件超过 1 MiB" : strerror(errno));
		rc = data.err == JX_ENOMEM ? JX_ENOMEM : JX_EINPUT;
	} else {
		rc = profile_parse(data.buf, data.len, spec, out, err);
	}
	fclose(f);
	sb_release(&data);
	return rc;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	arena_release(&p->arena);
	free(p);
}

const char *profile_builtin_name(size_t i)
{
	static char names[16][64];
	size_t k;

	for (k = 0; profile_files[k].name && k < i; k++)
		;
	if (k != i || !profile_files[k].name || i >= 16)
		return NULL;
	if (!names[i][0]) {
		size_t n = strlen(profile_files[i].name) - strlen(".json");
		memcpy(names[i], profile_files[i].name, n < 63 ? n : 63);
	}
	return names[i];
}
