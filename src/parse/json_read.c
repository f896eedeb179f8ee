/*
 * json_read.c: FORMAT.md JSON into declarations, with every type and value
 * checked.  Unknown keys are ignored (later versions add keys); strings go
 * through the Text normalisation of FORMAT.md (goals are plain text already:
 * no HTML is stripped), so that converting an export again changes nothing.  A `target` given in the input is checked
 * and kept; a missing one is derived from `value`.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "json_read.h"
#include "scalar.h"
#include "value.h"

struct jr {
	const char *file;
	struct diags *diags;
	struct arena arena;
	struct strbuf tmp;
	size_t index;          /* of the declaration being read */
	int line;              /* of that declaration, or 0 */
};

static void jerr(struct jr *r, const char *field, const char *path, const char *what,
                 json_t *seen)
{
	struct strbuf sb = STRBUF_INIT;
	char *dump = NULL;

	sb_addf(&sb, "第 %zu 份申报表 %s：%s", r->index + 1, path, what);
	if (seen) {
		dump = json_dumps(seen, JSON_ENCODE_ANY | JSON_COMPACT);
		if (dump) {
			sb_addc(&sb, ' ');
			if (json_is_string(seen))
				diag_quote(&sb, json_string_value(seen), json_string_length(seen));
			else
				diag_quote(&sb, dump, strlen(dump));
		}
	}
	diag_error(r->diags, r->file, r->line, field, "%s", sb.buf);
	free(dump);
	sb_release(&sb);
}

/* A normalised copy of a JSON string in the arena; NULL (with a finding)
 * when v is not a string. */
static const char *get_text(struct jr *r, json_t *obj, const char *key, const char *path,
                            const char *field, bool required)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v)) {
		if (required)
			jerr(r, field, path, "缺少此项", NULL);
		return required ? NULL : "";
	}
	if (!json_is_string(v)) {
		jerr(r, field, path, "应为字符串", v);
		return NULL;
	}
	sb_reset(&r->tmp);
	text_normalise(&r->tmp, json_string_value(v), json_string_length(v));
	return arena_strndup(&r->arena, r->tmp.buf, r->tmp.len);
}

static bool get_int(struct jr *r, json_t *obj, const char *key, const char *path,
                    const char *field, bool nullable, int *out)
{
	json_t *v = json_object_get(obj, key);

	*out = 0;
	if ((!v || json_is_null(v)) && nullable)
		return true;
	if (!v) {
		jerr(r, field, path, "缺少此项", NULL);
		return false;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1900 || json_integer_value(v) > 2999) {
		jerr(r, field, path, "应为 1900 至 2999 之间的整数年度", v);
		return false;
	}
	*out = (int)json_integer_value(v);
	return true;
}

static void get_date(struct jr *r, json_t *obj, const char *key, const char *path,
                     const char *field, struct date *out)
{
	json_t *v = json_object_get(obj, key);

	memset(out, 0, sizeof(*out));
	if (!v || json_is_null(v))
		return;
	if (!json_is_string(v) || date_parse(json_string_value(v), json_string_length(v), out) ||
	    !out->y)
		jerr(r, field, path, "应为 YYYY-MM-DD 格式的日期", v);
}

static void get_amount(struct jr *r, json_t *obj, const char *key, const char *path,
                       const char *field, struct amount *out)
{
	json_t *v = json_object_get(obj, key);

	memset(out, 0, sizeof(*out));
	if (!v || json_is_null(v))
		return;
	if (!json_is_string(v)) {
		jerr(r, field, path, "金额应写成字符串（如 \"5350000.00\"）或 null", v);
		return;
	}
	if (amount_parse(json_string_value(v), json_string_length(v), out) || !out->set)
		jerr(r, field, path, "无法识别的金额", v);
}

static json_t *get_object(struct jr *r, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		jerr(r, NULL, path, "缺少此项", NULL);
		return NULL;
	}
	if (!json_is_object(v)) {
		jerr(r, NULL, path, "应为对象", v);
		return NULL;
	}
	return v;
}

static const struct {
	const char *text;
	enum target_op op;
} ops[] = { { "=", OP_EQ }, { ">=", OP_GE }, { "<=", OP_LE }, { ">", OP_GT }, { "<", OP_LT } };

/* "12", "-1.5": an optional minus, digits, optionally a point and digits. */
static bool is_decimal(const char *s)
{
	size_t i = s[0] == '-', digits = strspn(s + i, "0123456789");

	if (!digits)
		return false;
	i += digits;
	if (s[i] == '.') {
		digits = strspn(s + i + 1, "0123456789");
		if (!digits)
			return false;
		i += 1 + digits;
	}
	return s[i] == '\0';
}

/* Reads a given target; returns false (with findings) when malformed. */
static bool get_target(struct jr *r, json_t *t, const char *path, struct target *out)
{
	const char *kind;
	struct strbuf p = STRBUF_INIT;
	bool ok = false;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(t)) {
		jerr(r, "绩效指标", path, "应为对象", t);
		return false;
	}
	kind = json_string_value(json_object_get(t, "kind"));
	sb_addf(&p, "%s.kind", path);
	if (!kind) {
		jerr(r, "绩效指标", p.buf, "缺少此项或不是字符串", json_object_get(t, "kind"));
	} else if (strcmp(kind, "empty") == 0) {
		out->kind = TARGET_EMPTY;
		ok = true;
	} else if (strcmp(kind, "numeric") == 0) {
		const char *op = json_string_value(json_object_get(t, "op"));
		json_t *num = json_object_get(t, "value"), *unit = json_object_get(t, "unit");
		json_t *note = json_object_get(t, "note");
		out->kind = TARGET_NUMERIC;
		for (i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
			if (strcmp(op, ops[i].text) == 0)
				break;
		sb_reset(&p);
		if (!op || i == sizeof(ops) / sizeof(ops[0])) {
			sb_addf(&p, "%s.op", path);
			jerr(r, "绩效指标", p.buf, "应为 =、>=、<=、>、< 之一", json_object_get(t, "op"));
		} else if (!json_is_string(num) || !is_decimal(json_string_value(num))) {
			sb_addf(&p, "%s.value", path);
			jerr(r, "绩效指标", p.buf, "应为十进制数字字符串", num);
		} else if (unit && !json_is_string(unit)) {
			sb_addf(&p, "%s.unit", path);
			jerr(r, "绩效指标", p.buf, "应为字符串", unit);
		} else if (note && !json_is_null(note) && !json_is_string(note)) {
			sb_addf(&p, "%s.note", path);
			jerr(r, "绩效指标", p.buf, "应为字符串", note);
		} else {
			out->op = ops[i].op;
			out->number = arena_strdup(&r->arena, json_string_value(num));
			out->unit = arena_strdup(&r->arena, unit ? json_string_value(unit) : "");
			out->note = note && json_is_string(note) ? arena_strdup(&r->arena, json_string_value(note)) : NULL;
			ok = true;
		}
	} else if (strcmp(kind, "deadline") == 0) {
		json_t *by = json_object_get(t, "by");
		out->kind = TARGET_DEADLINE;
		if (!json_is_string(by) || date_parse(json_string_value(by), json_string_length(by), &out->by) ||
		    !out->by.y) {
			sb_reset(&p);
			sb_addf(&p, "%s.by", path);
			jerr(r, "绩效指标", p.buf, "应为 YYYY-MM-DD 格式的日期", by);
		} else {
			ok = true;
		}
	} else if (strcmp(kind, "qualitative") == 0) {
		json_t *text = json_object_get(t, "text");
		out->kind = TARGET_QUALITATIVE;
		if (!json_is_string(text)) {
			sb_reset(&p);
			sb_addf(&p, "%s.text", path);
			jerr(r, "绩效指标", p.buf, "应为字符串", text);
		} else {
			out->text = arena_strdup(&r->arena, json_string_value(text));
			ok = true;
		}
	} else {
		jerr(r, "绩效指标", p.buf, "应为 numeric、deadline、qualitative、empty 之一",
		     json_object_get(t, "kind"));
	}
	sb_release(&p);
	return ok;
}

static int read_decl(struct jr *r, json_t *o, const struct parse_opts *opts)
{
	static const char *const fund_keys[FUND__MAX] = {
		"total", "total_fiscal", "total_other", "annual",
		"annual_appropriation", "annual_carryover", "annual_other",
	};
	size_t errors = r->diags->n_error, i;
	struct strbuf path = STRBUF_INIT;
	json_t *project, *funds, *goals, *inds, *schema;
	struct decl d;
	int rc = 0;

	decl_init(&d);
	d.file = r->file;
	if (!json_is_object(o)) {
		jerr(r, NULL, "", "申报表应为 JSON 对象", o);
		return 0;
	}
	schema = json_object_get(o, "schema");
	if (!json_is_string(schema) || strcmp(json_string_value(schema), "jixiao.declaration/1") != 0)
		jerr(r, NULL, "schema", "应为 \"jixiao.declaration/1\"", schema);
	get_int(r, o, "year", "year", field_label(F_YEAR), false, &d.year);
	if ((project = get_object(r, o, "project", "project"))) {
		d.name = get_text(r, project, "name", "project.name", field_label(F_NAME), true);
		d.category = get_text(r, project, "category", "project.category", field_label(F_CATEGORY), false);
		d.department = get_text(r, project, "department", "project.department", field_label(F_DEPARTMENT), true);
		d.implementer = get_text(r, project, "implementer", "project.implementer", field_label(F_IMPLEMENTER), true);
		get_date(r, project, "start", "project.start", field_label(F_START), &d.start);
		get_date(r, project, "end", "project.end", field_label(F_END), &d.end);
		if (d.name && !*d.name)
			jerr(r, field_label(F_NAME), "project.name", "不能为空", NULL);
		if (d.implementer && !*d.implementer)
			jerr(r, field_label(F_IMPLEMENTER), "project.implementer", "不能为空", NULL);
		if (d.department && !*d.department)
			jerr(r, field_label(F_DEPARTMENT), "project.department", "不能为空", NULL);
	}
	if ((funds = get_object(r, o, "funds", "funds"))) {
		for (i = 0; i < FUND__MAX; i++) {
			sb_reset(&path);
			sb_addf(&path, "funds.%s", fund_keys[i]);
			get_amount(r, funds, fund_keys[i], path.buf, field_label(fund_field((enum fund)i)),
			           &d.funds[i]);
		}
	}
	if ((goals = get_object(r, o, "goals", "goals"))) {
		get_int(r, goals, "overall_from", "goals.overall_from", field_label(F_OVERALL_YEARS), true, &d.overall_from);
		get_int(r, goals, "overall_to", "goals.overall_to", field_label(F_OVERALL_YEARS), true, &d.overall_to);
		d.overall = get_text(r, goals, "overall", "goals.overall", field_label(F_OVERALL), false);
		d.annual_goal = get_text(r, goals, "annual", "goals.annual", field_label(F_ANNUAL_GOAL), false);
	}
	inds = json_object_get(o, "indicators");
	if (!json_is_array(inds)) {
		jerr(r, field_label(F_INDICATORS), "indicators", inds ? "应为数组" : "缺少此项", inds);
	} else {
		for (i = 0; i < json_array_size(inds); i++) {
			json_t *io = json_array_get(inds, i), *t;
			struct indicator *ind;
			static const char *const keys[4] = { "level1", "level2", "name", "value" };
			static const char *const names[4] = { "一级指标", "二级指标", "三级指标", "年度指标值" };
			const char *got[4];
			size_t k;

			sb_reset(&path);
			sb_addf(&path, "indicators[%zu]", i);
			if (!json_is_object(io)) {
				jerr(r, field_label(F_INDICATORS), path.buf, "应为对象", io);
				continue;
			}
			for (k = 0; k < 4; k++) {
				size_t base = path.len;
				sb_addf(&path, ".%s", keys[k]);
				got[k] = get_text(r, io, keys[k], path.buf, names[k], true);
				if (got[k] && !*got[k] && k < 3)
					jerr(r, names[k], path.buf, "不能为空", NULL);
				sb_setlen(&path, base);
			}
			ind = decl_add_indicator(&d, &r->arena);
			if (!ind || !got[0] || !got[1] || !got[2] || !got[3])
				continue;
			ind->level1 = got[0];
			ind->level2 = got[1];
			ind->name = got[2];
			ind->value = got[3];
			t = json_object_get(io, "target");
			sb_addf(&path, ".target");
			if (t && !json_is_null(t))
				get_target(r, t, path.buf, &ind->target);
			else if ((rc = value_parse(ind->value, strlen(ind->value), d.year, &r->arena, &ind->target)))
				goto out;
		}
	}
	if (r->arena.err || r->tmp.err) {
		rc = JX_ENOMEM;
		goto out;
	}
	if (!d.category)
		d.category = "";
	if (r->diags->n_error == errors && opts->sink)
		rc = opts->sink(opts->sink_ctx, &d);
out:
	sb_release(&path);
	arena_reset(&r->arena);
	return rc;
}

/* ---- the stream of declarations ------------------------------------------- */

/* Bytes asked of the source at a time, and the first window's size. */
#define JSON_CHUNK (256u << 10)
/* What js_value and js_array return when a finding ends the reading. */
#define STOP (-1)
/* json_load_callback's flags: one value, whatever follows it. */
#define JSON_FLAGS (JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY)

/*
 * The JSON text as a window over its bytes: [start, end) of buf is read and
 * not consumed yet.  From memory the window is the whole text; from a
 * source it is a buffer refilled in chunks, and grows only while one value
 * is longer than it (up to JSON_DECL_MAX and jansson's read-ahead).  line
 * and col locate buf[start] as jansson counts: lines from 1, col the code
 * points before it on its line.
 */
struct js {
	json_pull_fn pull;          /* NULL: the whole text is in buf */
	void *ctx;
	char *own;                  /* the window's buffer, when pulling */
	const char *buf;
	size_t cap, start, end;
	bool eof;
	int err;                    /* JX_EIO or JX_ENOMEM from pulling, sticky */
	int line, col;
	unsigned long long done, size, next_progress;
	size_t given;               /* bytes of the value being parsed given to jansson */
	bool capped;                /* jansson asked past JSON_DECL_MAX */
	size_t values;              /* of the value being parsed, as js_count counts */
	bool in_string, escaped, too_many;
};

/* Makes at least `want` bytes available past start, or all that is left;
 * returns how many are. */
static size_t js_avail(struct js *s, size_t want)
{
	while (s->end - s->start < want && !s->eof && !s->err) {
		size_t got;

		if (s->end == s->cap && s->start) {
			memmove(s->own, s->own + s->start, s->end - s->start);
			s->end -= s->start;
			s->start = 0;
		} else if (s->end == s->cap) {
			char *p = realloc(s->own, s->cap * 2);
			if (!p) {
				s->err = JX_ENOMEM;
				break;
			}
			s->buf = s->own = p;
			s->cap *= 2;
		}
		got = s->pull(s->ctx, s->own + s->end, s->cap - s->end);
		if (got == (size_t)-1)
			s->err = JX_EIO;
		else if (!got)
			s->eof = true;
		else
			s->end += got;
	}
	return s->end - s->start;
}

/* The next byte, not consumed; -1 at the end. */
static int js_peek(struct js *s)
{
	return js_avail(s, 1) ? (unsigned char)s->buf[s->start] : -1;
}

/* Consumes n available bytes, counting lines and columns as jansson does
 * (a column per byte that can start a UTF-8 sequence). */
static void js_advance(struct js *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s->buf + s->start;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			s->line++;
			s->col = 0;
		} else if (p[i] < 0x80 || (p[i] >= 0xc2 && p[i] <= 0xf4)) {
			s->col++;
		}
	}
	s->start += n;
	s->done += n;
}

static bool is_json_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void js_skip_space(struct js *s)
{
	while (is_json_space(js_peek(s))) {
		size_t n = 1;
		while (s->start + n < s->end && is_json_space((unsigned char)s->buf[s->start + n]))
			n++;
		js_advance(s, n);
	}
}

/* Counts the values (each "{", "[" and "," outside strings) in the n bytes
 * at p; returns how many of them come before the count passes
 * JSON_DECL_VALUES_MAX (n when it does not). */
static size_t js_count(struct js *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (s->in_string) {
			if (s->escaped)
				s->escaped = false;
			else if (c == '\\')
				s->escaped = true;
			else if (c == '"')
				s->in_string = false;
		} else if (c == '"') {
			s->in_string = true;
		} else if ((c == '{' || c == '[' || c == ',') && ++s->values > JSON_DECL_VALUES_MAX) {
			s->too_many = true;
			return i;
		}
	}
	return n;
}

/* jansson's source for one value: the window from start on, at most
 * JSON_DECL_MAX bytes and JSON_DECL_VALUES_MAX values. */
static size_t js_feed(void *out, size_t len, void *ctx)
{
	struct js *s = ctx;
	size_t have;

	if (s->too_many)
		return 0;
	if (s->given == JSON_DECL_MAX) {
		s->capped = true;
		return 0;
	}
	if (len > JSON_DECL_MAX - s->given)
		len = JSON_DECL_MAX - s->given;
	have = js_avail(s, s->given + len) - s->given;
	if (!have)
		return s->err ? (size_t)-1 : 0;
	if (len > have)
		len = have;
	len = js_count(s, s->buf + s->start + s->given, len);
	memcpy(out, s->buf + s->start + s->given, len);
	s->given += len;
	return len;
}

/* A finding at the window's start: "JSON 语法错误（第 N 列）：what "token"". */
static void js_syntax(struct js *s, struct jr *r, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, have = js_avail(s, 24);
	const char *tok = s->buf + s->start;

	while (n < have && n < 24 && !is_json_space((unsigned char)tok[n]) &&
	       (n == 0 || !strchr(",[]{}:\"", tok[n])))
		n++;
	/* the column of the token's last character, as jansson names it */
	sb_addf(&sb, "JSON 语法错误（第 %d 列）：%s", s->col + (int)utf8_chars(tok, n), what);
	if (n && utf8_check(tok, n)) {
		sb_addc(&sb, ' ');
		diag_quote(&sb, tok, utf8_check(tok, n));
	} else if (n) {
		sb_addf(&sb, " \\x%02X", (unsigned char)tok[0]);
	}
	diag_error(r->diags, r->file, s->line, NULL, "%s", sb.buf);
	sb_release(&sb);
}

/* Reads one value at the window's start and hands it to read_decl.
 * Returns 0 to go on, STOP when a finding ends the reading, or a JX_
 * code. */
static int js_value(struct js *s, struct jr *r, const struct parse_opts *opts)
{
	json_error_t e;
	json_t *v;
	int rc;

	s->given = s->values = 0;
	s->capped = s->in_string = s->escaped = s->too_many = false;
	if (!(v = json_load_callback(js_feed, s, JSON_FLAGS, &e))) {
		if (s->err)
			return s->err == JX_ENOMEM ? JX_ENOMEM : STOP;
		if (json_error_code(&e) == json_error_out_of_memory)
			return JX_ENOMEM;
		if (s->capped && js_avail(s, s->given + 1) > s->given) {
			diag_error(r->diags, r->file, s->line, NULL,
			           "第 %zu 份申报表的 JSON 超过 %u MiB，未读入（每份申报表至多 %u MiB），"
			           "文件其后的内容也未读",
			           r->index + 1, JSON_DECL_MAX >> 20, JSON_DECL_MAX >> 20);
			return STOP;
		}
		if (s->too_many) {
			diag_error(r->diags, r->file, s->line, NULL,
			           "第 %zu 份申报表的 JSON 超过 %u 个值，未读入（每份申报表至多 %u 个值），"
			           "文件其后的内容也未读",
			           r->index + 1, JSON_DECL_VALUES_MAX, JSON_DECL_VALUES_MAX);
			return STOP;
		}
		diag_error(r->diags, r->file, e.line > 0 ? s->line + e.line - 1 : s->line, NULL,
		           "JSON 语法错误（第 %d 列）：%s",
		           e.line == 1 ? s->col + e.column : e.column, e.text);
		return STOP;
	}
	js_advance(s, (size_t)e.position);
	rc = read_decl(r, v, opts);
	json_decref(v);
	r->index++;
	if (opts->progress && (s->done >= s->next_progress)) {
		opts->progress(opts->progress_ctx, s->done, s->size);
		s->next_progress = s->done + (4u << 20);
	}
	return rc;
}

/* The elements of the array whose '[' was just consumed, and its ']'. */
static int js_array(struct js *s, struct jr *r, const struct parse_opts *opts)
{
	int c, rc;

	js_skip_space(s);
	if (js_peek(s) == ']') {
		js_advance(s, 1);
		return 0;
	}
	for (;;) {
		if ((rc = js_value(s, r, opts)))
			return rc;
		js_skip_space(s);
		c = js_peek(s);
		if (c == ']') {
			js_advance(s, 1);
			return 0;
		}
		if (c != ',')
			break;
		js_advance(s, 1);
		js_skip_space(s);
		if (js_peek(s) < 0)
			break;
	}
	if (s->err)
		return s->err == JX_ENOMEM ? JX_ENOMEM : STOP;
	js_syntax(s, r, c < 0 || c == ',' ? "文件在数组结束之前就结束了（缺少“]”）"
	                                  : "应为“,”或“]”");
	return STOP;
}

static int js_read(struct js *s, const char *file, struct diags *diags,
                   const struct parse_opts *opts)
{
	struct jr r = { .file = file, .diags = diags };
	int c, rc = 0;

	arena_init(&r.arena, 64 * 1024);
	sb_init(&r.tmp, 0);
	s->line = 1;
	if (js_avail(s, 3) >= 3 && memcmp(s->buf + s->start, "\xef\xbb\xbf", 3) == 0)
		js_advance(s, 3);      /* a byte order mark, as Windows editors write */
	js_skip_space(s);
	c = js_peek(s);
	if (c == '[') {
		js_advance(s, 1);
		rc = js_array(s, &r, opts);
	} else if (c == '{') {
		rc = js_value(s, &r, opts);
	} else if (!s->err) {
		diag_error(diags, file, s->line, NULL, "应为申报表数组或申报表对象");
		rc = STOP;
	}
	if (!rc) {
		js_skip_space(s);
		if (js_peek(s) >= 0) {
			js_syntax(s, &r, "JSON 文本之后还有内容");
			rc = STOP;
		}
	}
	if (s->err == JX_EIO) {
		diag_error(diags, file, 0, NULL, "无法读取文件：%s", jx_strerror(JX_EIO));
		rc = STOP;
	} else if (s->err) {
		rc = s->err;
	}
	if (opts->progress)
		opts->progress(opts->progress_ctx, s->done, s->size);
	sb_release(&r.tmp);
	arena_release(&r.arena);
	return rc == STOP ? 0 : rc;
}

int json_read(const char *data, size_t n, const char *file, struct diags *diags,
              const struct parse_opts *opts)
{
	struct js s = { .buf = data, .end = n, .eof = true, .size = n };

	return js_read(&s, file, diags, opts);
}

int json_read_pull(json_pull_fn pull, void *ctx, unsigned long long size, const char *file,
                   struct diags *diags, const struct parse_opts *opts)
{
	struct js s = { .pull = pull, .ctx = ctx, .size = size, .cap = JSON_CHUNK };
	int rc;

	if (!(s.own = malloc(s.cap)))
		return JX_ENOMEM;
	s.buf = s.own;
	rc = js_read(&s, file, diags, opts);
	free(s.own);
	return rc;
}
