/*
 * store_decl.c: declarations in the store, above the engine.
 *
 * Storing a declaration (store_put): a new one, a new revision of the one
 * its key or id names, or nothing when its content is the current
 * revision's; the refusals (a base revision no longer current, a state
 * that takes no revision, a key taken by another) with their messages; the
 * review kept with the revision; the audit entries "import.add" and
 * "import.revise".  Reading them back (store_get, store_list, store_meta,
 * store_history, store_get_review, store_put_target), the overview
 * (store_overview), and the encoding of an indicator's target in one
 * column.  In a bulk transaction the store adds up the overview's sums
 * itself instead of the insert triggers of migration 8 (ov_*).  Every
 * statement goes through the engine (engine.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "store_core.h"

/* --- the target of an indicator in one column ------------------------------ */

static const struct {
	const char *text;
	enum target_op op;
} op_names[] = { { "=", OP_EQ }, { ">=", OP_GE }, { "<=", OP_LE }, { ">", OP_GT }, { "<", OP_LT } };

static const struct {
	const char *text;
	enum target_kind kind;
} kind_names[] = {
	{ "empty", TARGET_EMPTY }, { "numeric", TARGET_NUMERIC },
	{ "deadline", TARGET_DEADLINE }, { "qualitative", TARGET_QUALITATIVE },
};

/*
 * An indicator's parsed target is one column (migration 7), by kind:
 *   empty         NULL
 *   numeric       op US number US n US unit [US note]
 *   deadline      YYYY-MM-DD, or NULL without a date
 *   qualitative   the text ("" for none)
 * where US is 0x1F and n the unit's length in bytes, so that the unit and
 * the note may hold any character: the unit ends after n bytes, the note
 * (absent: NULL, no last US) runs to the end.  A number is a decimal.
 */
#define US '\x1f'

/* t packed in a (NULL for none, or when out of memory: a->err says which). */
static const char *target_pack(struct arena *a, const struct target *t)
{
	const char *op, *number, *unit;
	size_t n_op, n_number, n_unit, n_note, k = 0, n;
	char digits[24], *p, *s;

	switch (t->kind) {
	case TARGET_DEADLINE:
		if (!t->by.y || !(s = arena_alloc(a, 11)))
			return NULL;
		date_format(s, t->by);
		return s;
	case TARGET_QUALITATIVE:
		return t->text ? t->text : "";
	case TARGET_NUMERIC:
		break;
	default:
		return NULL;
	}
	op = target_op_str(t->op);
	number = t->number ? t->number : "";
	unit = t->unit ? t->unit : "";
	n_op = strlen(op);
	n_number = strlen(number);
	n_unit = strlen(unit);
	n_note = t->note ? 1 + strlen(t->note) : 0;
	n = n_unit;
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10));
	if (!(s = arena_alloc(a, n_op + 1 + n_number + 1 + k + 1 + n_unit + n_note + 1)))
		return NULL;
	p = s;
	memcpy(p, op, n_op);
	p += n_op;
	*p++ = US;
	memcpy(p, number, n_number);
	p += n_number;
	*p++ = US;
	while (k)
		*p++ = digits[--k];
	*p++ = US;
	memcpy(p, unit, n_unit);
	p += n_unit;
	if (t->note) {
		*p++ = US;
		memcpy(p, t->note, n_note - 1);
		p += n_note - 1;
	}
	*p = '\0';
	return s;
}

/* Reads back what target_pack wrote for a target of `kind` (t->kind set);
 * false when s is not that. */
static bool target_unpack(const char *s, size_t n, struct arena *a, struct target *t)
{
	const char *end, *us;
	size_t n_unit = 0;

	switch (t->kind) {
	case TARGET_DEADLINE:
		return !s || date_parse(s, n, &t->by) == 0;
	case TARGET_QUALITATIVE:
		return s && (t->text = arena_strndup(a, s, n)) != NULL;
	case TARGET_NUMERIC:
		break;
	default:
		return !s;
	}
	if (!s || !(us = memchr(s, US, n)))
		return false;
	end = s + n;
	for (size_t k = 0; k < N_OF(op_names); k++)
		if (strlen(op_names[k].text) == (size_t)(us - s) &&
		    memcmp(op_names[k].text, s, (size_t)(us - s)) == 0)
			t->op = op_names[k].op;
	s = us + 1;
	if (!(us = memchr(s, US, (size_t)(end - s))) || !(t->number = arena_strndup(a, s, (size_t)(us - s))))
		return false;
	for (s = us + 1; s < end && *s >= '0' && *s <= '9'; s++)
		n_unit = n_unit * 10 + (size_t)(*s - '0');
	if (s == end || *s != US || n_unit > (size_t)(end - s - 1))
		return false;
	s++;
	if (!(t->unit = arena_strndup(a, s, n_unit)))
		return false;
	s += n_unit;
	if (s == end)
		return true;
	return *s == US && (t->note = arena_strndup(a, s + 1, (size_t)(end - s - 1))) != NULL;
}

/* --- the overview's sums of a bulk transaction ----------------------------- */

/*
 * The overview's sums a bulk import adds up itself while the insert
 * triggers (OV_INSERT_TRIGGERS in schema_sqlite.def) are dropped: one per
 * year, department and suggested verdict of the new declarations (ov_decl,
 * state draft) and one per year, department and rule of their findings
 * (ov_rule), in an open-addressing table.
 */
struct ov_sum {
	bool rule;                  /* an ov_rule row; else ov_decl */
	int year;
	const char *department, *what;      /* what: the verdict or the rule */
	int64_t n, annual;
	uint32_t hash;
};
struct ov_sums {
	bool dropped;               /* the insert triggers are dropped in this transaction */
	struct ov_sum *v;
	size_t n, cap;              /* the table has cap slots, at most half of them used */
	struct arena strings;
};

/* FNV-1a over the key of an overview sum; 0xff (never in UTF-8) ends each text. */
static uint32_t ov_hash(bool rule, int year, const char *department, const char *what,
                        size_t what_len)
{
	uint32_t h = (2166136261u ^ (uint32_t)rule) * 16777619u;

	h = (h ^ (uint32_t)year) * 16777619u;
	for (const unsigned char *p = (const unsigned char *)department; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (size_t i = 0; i < what_len; i++)
		h = (h ^ (unsigned char)what[i]) * 16777619u;
	return (h ^ 0xff) * 16777619u;
}

/* Twice the slots (1024 at first), the sums placed again; JX_ENOMEM. */
static int ov_grow(struct ov_sums *o)
{
	size_t cap = o->cap ? o->cap * 2 : 1024, j;
	struct ov_sum *v = calloc(cap, sizeof(*v));

	if (!v)
		return JX_ENOMEM;
	for (size_t i = 0; i < o->cap; i++) {
		if (!o->v[i].department)
			continue;
		for (j = o->v[i].hash & (cap - 1); v[j].department; j = (j + 1) & (cap - 1))
			;
		v[j] = o->v[i];
	}
	free(o->v);
	o->v = v;
	o->cap = cap;
	return 0;
}

/* Adds n and annual to the sum of the key (what: what_len bytes); JX_ENOMEM. */
static int ov_add(struct ov_sums *o, bool rule, int year, const char *department,
                  const char *what, size_t what_len, int64_t n, int64_t annual)
{
	uint32_t h = ov_hash(rule, year, department, what, what_len);
	struct ov_sum *e;

	if ((o->n + 1) * 2 > o->cap && ov_grow(o))
		return JX_ENOMEM;
	for (size_t i = h & (o->cap - 1);; i = (i + 1) & (o->cap - 1)) {
		e = &o->v[i];
		if (!e->department)
			break;
		if (e->hash == h && e->rule == rule && e->year == year &&
		    strcmp(e->department, department) == 0 && strncmp(e->what, what, what_len) == 0 &&
		    !e->what[what_len]) {
			e->n += n;
			e->annual += annual;
			return 0;
		}
	}
	*e = (struct ov_sum){ .rule = rule, .year = year, .n = n, .annual = annual, .hash = h,
		              .what = arena_strndup(&o->strings, what, what_len),
		              .department = arena_strdup(&o->strings, department) };
	if (!e->what || !e->department) {
		e->department = NULL;
		return JX_ENOMEM;
	}
	o->n++;
	return 0;
}

/*
 * A new declaration stored by a bulk import: what the insert triggers would
 * add for it, its revision 1 and that revision's review (ov_decl_i,
 * ov_revision_i, ov_review_i), which ov_bulk_drop dropped.  The findings
 * are the JSON that review_for_store writes, each an object whose first key
 * is its rule (an identifier of review/rules.def, no escapes); tests/store.sh
 * compares the sums of a bulk import with the queries they stand for.
 */
static int ov_bulk_put(struct store *s, const struct decl *d, const struct store_review *rv)
{
	static const char key[] = "{\"rule\":\"";
	const char *verdict = rv ? rv->verdict : "", *p, *end;
	const struct amount annual = d->funds[FUND_ANNUAL];
	int rc;

	if ((rc = ov_add(s->ov, false, d->year, d->department, verdict, strlen(verdict), 1,
	                 annual.set ? annual.fen : 0)))
		return rc;
	for (p = rv ? rv->findings : ""; (p = strstr(p, key)); p = end) {
		p += sizeof(key) - 1;
		if (!(end = strchr(p, '"')))
			break;
		if ((rc = ov_add(s->ov, true, d->year, d->department, p, (size_t)(end - p), 1, 0)))
			return rc;
	}
	return 0;
}

/* The first put of a bulk transaction drops the insert triggers. */
static int ov_bulk_drop(struct store *s)
{
	static const enum stmt_id drop[] = { Q_OV_DROP_DECL_I, Q_OV_DROP_REVISION_I,
		                             Q_OV_DROP_REVIEW_I };
	int rc;

	if (s->ov && s->ov->dropped)
		return 0;
	if (!s->ov) {
		if (!(s->ov = calloc(1, sizeof(*s->ov))))
			return JX_ENOMEM;
		arena_init(&s->ov->strings, 4096);
	}
	for (size_t i = 0; i < N_OF(drop); i++)
		if ((rc = st_exec(s, drop[i], NULL, 0, NULL)))
			return rc;
	s->ov->dropped = true;
	return 0;
}

/* Before a bulk import commits: its sums added to the overview's, the insert
 * triggers created again. */
int store_ov_flush(struct store *s)
{
	static const enum stmt_id create[] = { Q_OV_CREATE_DECL_I, Q_OV_CREATE_REVISION_I,
		                               Q_OV_CREATE_REVIEW_I };
	int rc;

	if (!s->ov || !s->ov->dropped)
		return 0;
	for (size_t i = 0; i < s->ov->cap; i++) {
		const struct ov_sum *e = &s->ov->v[i];
		const struct eng_val p[] = {
			ev_int(e->year), ev_text(e->department), ev_text(e->what), ev_int(e->n),
			ev_int(e->annual),
		};
		if (!e->department)
			continue;
		if ((rc = st_exec(s, e->rule ? Q_OV_BULK_RULE : Q_OV_BULK_DECL, p,
		                  e->rule ? 4 : 5, NULL)))
			return rc;
	}
	for (size_t i = 0; i < N_OF(create); i++)
		if ((rc = st_exec(s, create[i], NULL, 0, NULL)))
			return rc;
	store_ov_clear(s);
	return 0;
}

/* The sums forgotten, after a bulk transaction (a rollback brings the
 * dropped triggers back). */
void store_ov_clear(struct store *s)
{
	if (!s->ov)
		return;
	free(s->ov->v);
	arena_release(&s->ov->strings);
	free(s->ov);
	s->ov = NULL;
}

/* --- storing a declaration -------------------------------------------------- */

/* The columns of FIND_DECL and FIND_DECL_BY_ID: the declaration a put lands
 * on.  Its hash (2) is compared with the one being put and its state (3)
 * read in place: a put copies nothing. */
struct found {
	int64_t id;
	int rev, last;
	bool same, editable;
	const unsigned char *hash;  /* the hash being put */
};
static const struct col found_cols[] = {
	COL(I64, struct found, id),
	COL(INT, struct found, rev),
	COL(SKIP, struct found, id),
	COL(SKIP, struct found, id),
	COL(INT, struct found, last),
};

static int found_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct found *f = ctx;
	const char *state = n > 3 && col[3].type == EV_TEXT ? col[3].p : NULL;
	int rc;

	if ((rc = cols_read(found_cols, N_OF(found_cols), col, n, f, NULL)))
		return rc;
	f->same = n > 2 && col[2].type == EV_BLOB && col[2].n == DECL_HASH_BYTES &&
	          memcmp(col[2].p, f->hash, DECL_HASH_BYTES) == 0;
	f->editable = state && wf_state_editable(wf_state_by_id(state));
	return 0;
}

/* The declaration keyed like d (or, when by_id, declaration by_id) into *f:
 * f->id 0 when there is none; f->editable tells whether its state takes a
 * revision. */
static int find_decl(struct store *s, const struct decl *d, int64_t by_id, struct found *f)
{
	const struct eng_val key[] = { ev_int(d->year), ev_text(d->implementer), ev_text(d->name) };
	const struct eng_val id[] = { ev_int(by_id) };

	f->id = 0;
	f->rev = f->last = 0;
	f->same = false;
	f->editable = true;
	return by_id ? st_run(s, Q_FIND_DECL_BY_ID, id, N_OF(id), found_row, f)
	             : st_run(s, Q_FIND_DECL, key, N_OF(key), found_row, f);
}

/* The first column of a row: an id. */
static int id_row(void *ctx, const struct eng_val *col, size_t n)
{
	*(int64_t *)ctx = n > 0 && col[0].type == EV_INT ? col[0].i : 0;
	return 0;
}

/* Inserts d as a new declaration whose current revision is 1; *id 0 when
 * its key is already taken. */
static int insert_decl(struct store *s, const struct decl *d, const char *now,
                       const unsigned char hash[DECL_HASH_BYTES], const struct store_review *rv,
                       int64_t *id)
{
	const struct eng_val p[] = {
		ev_int(d->year), ev_text(d->implementer), ev_text(d->name), ev_text(d->department),
		ev_blob(hash, DECL_HASH_BYTES), ev_text(now), ev_text(rv ? rv->verdict : ""),
		ev_int(rv ? rv->n_error : 0), ev_int(rv ? rv->n_warning : 0),
	};

	*id = 0;
	return st_run(s, Q_INSERT_DECL, p, N_OF(p), id_row, id);
}

/* Loads rows through the engine (engine.h, load); a failure's message is the
 * engine's. */
static int st_load(struct store *s, enum stmt_id id, const struct eng_val *rows, size_t n_cols,
                   size_t n_rows)
{
	int rc = s->eng->ops->load(s->eng, id, rows, n_cols, n_rows);

	if (rc)
		s->own_err = false;
	return rc;
}

static struct eng_val ev_amount(struct amount a)
{
	return a.set ? ev_int(a.fen) : ev_null();
}

/* The indicators of revision rev_id, all rows at once (the engine may send
 * many per statement); the rows and their packed targets live in s->pack
 * until the load returns. */
static int insert_indicators(struct store *s, int64_t rev_id, const struct decl *d)
{
	enum { COLS = 9 };
	struct eng_val *row, *rows;
	int rc;

	if (!d->n_ind)
		return 0;
	if (!(rows = arena_alloc(&s->pack, d->n_ind * COLS * sizeof(*rows))))
		return JX_ENOMEM;
	row = rows;
	for (size_t i = 0; i < d->n_ind; i++, row += COLS) {
		const struct indicator *ind = &d->ind[i];
		row[0] = ev_int(rev_id);
		row[1] = ev_int((int64_t)i);
		row[2] = ev_text(ind->level1);
		row[3] = ev_text(ind->level2);
		row[4] = ev_text(ind->name);
		row[5] = ev_text(ind->value);
		row[6] = ev_text(target_kind_str(ind->target.kind));
		row[7] = ev_text(target_pack(&s->pack, &ind->target));
		row[8] = ind->line ? ev_int(ind->line) : ev_null();
	}
	rc = s->pack.err ? JX_ENOMEM : st_load(s, Q_INSERT_IND, rows, COLS, d->n_ind);
	arena_reset(&s->pack);
	return rc;
}

static int insert_revision(struct store *s, int64_t decl_id, int rev,
                           const unsigned char hash[DECL_HASH_BYTES], const char *now,
                           const char *actor, const char *source, const struct decl *d,
                           int64_t *rev_id)
{
	char start[11], end[11];
	struct eng_val p[25] = {
		ev_int(decl_id), ev_int(rev), ev_blob(hash, DECL_HASH_BYTES), ev_text(now),
		ev_text(actor), ev_text(source), ev_int(d->year), ev_text(d->name),
		ev_str(d->category), ev_text(d->department), ev_text(d->implementer),
		ev_null(), ev_null(),
	};
	int rc;

	if (d->start.y) {
		date_format(start, d->start);
		p[11] = ev_text(start);
	}
	if (d->end.y) {
		date_format(end, d->end);
		p[12] = ev_text(end);
	}
	for (size_t i = 0; i < FUND__MAX; i++)
		p[13 + i] = ev_amount(d->funds[i]);
	p[20] = d->overall_from ? ev_int(d->overall_from) : ev_null();
	p[21] = d->overall_to ? ev_int(d->overall_to) : ev_null();
	p[22] = ev_str(d->overall);
	p[23] = ev_str(d->annual_goal);
	p[24] = ev_int((int64_t)d->n_ind);
	*rev_id = 0;
	if ((rc = st_run(s, Q_INSERT_REV, p, N_OF(p), id_row, rev_id)))
		return rc;
	return insert_indicators(s, *rev_id, d);
}

static int insert_review(struct store *s, int64_t rev_id, const struct store_review *rv)
{
	const struct eng_val p[] = {
		ev_int(rev_id), ev_text(rv->profile), ev_text(rv->verdict), ev_int(rv->n_error),
		ev_int(rv->n_warning), ev_int(rv->n_info), ev_text(rv->findings),
	};

	return st_exec(s, Q_INSERT_REVIEW, p, N_OF(p), NULL);
}

/* A new revision rev of declaration id current, with the key of d when it
 * is an edit (o->id), which may change it: 年度, 实施单位, 项目名称. */
static int set_current(struct store *s, const struct decl *d,
                       const unsigned char hash[DECL_HASH_BYTES], const struct put_opts *o,
                       int64_t id, int rev, const char *now)
{
	const struct store_review *rv = o->review;
	const struct eng_val key[] = {
		ev_int(id), ev_int(d->year), ev_text(d->implementer), ev_text(d->name),
	};
	const struct eng_val cur[] = {
		ev_int(id), ev_int(rev), ev_blob(hash, DECL_HASH_BYTES), ev_text(d->department),
		ev_text(now), ev_text(rv ? rv->verdict : ""), ev_int(rv ? rv->n_error : 0),
		ev_int(rv ? rv->n_warning : 0),
	};
	int rc;

	if (o->id && (rc = st_exec(s, Q_REKEY_DECL, key, N_OF(key), NULL))) {
		if (rc == JX_EEXIST)
			return store_refuse(s, JX_ECONFLICT,
			                    "已有同一年度、实施单位和项目名称的另一份申报表（编辑 #%lld）",
			                    (long long)id);
		return rc;
	}
	return st_exec(s, Q_SET_CURRENT, cur, N_OF(cur), NULL);
}

/*
 * Looking a declaration up before inserting it costs a b-tree search that a
 * new one does not need: the insert finds a taken key itself.  So the store
 * guesses from the previous put: after a new declaration it inserts first
 * (and looks up only when the key is taken), otherwise it looks up first.
 * Either way the outcome is the same; a wrong guess costs one search.
 */
int store_put(struct store *s, const struct decl *d, const unsigned char hash[DECL_HASH_BYTES],
              const struct put_opts *o, enum put_result *res, int64_t *id_out, int *rev_out)
{
	const char *now = store_now(s);
	struct found f = { .hash = hash };
	int64_t id = 0, rev_id = 0;
	int rev = 0, rc;
	bool added = false;

	if (s->bulk && (rc = ov_bulk_drop(s)))
		return rc;
	if (s->expect_new && !o->id && (rc = insert_decl(s, d, now, hash, o->review, &id)))
		return rc;
	if (id) {
		added = true;
	} else {
		if ((rc = find_decl(s, d, o->id, &f)))
			return rc;
		id = f.id;
		rev = f.rev;
		if (o->id && !id)
			return store_refuse(s, JX_ECONFLICT, "申报表 #%lld 不存在", (long long)o->id);
		if (o->base_rev > 0 && id && rev != o->base_rev)
			return store_refuse(s, JX_ECONFLICT,
			                    "申报表 #%lld 已有第 %d 版，修改所依据的版本已不是最新：请重新打开后再改",
			                    (long long)id, rev);
		if (f.same) {
			s->expect_new = false;
			*res = PUT_UNCHANGED;
			*id_out = id;
			*rev_out = rev;
			return 0;
		}
		if (id && !f.editable && !o->in_review)
			return store_refuse(s, JX_ECONFLICT,
			                    "申报表 #%lld 正在审核或已批复（第 %d 版），不能修改",
			                    (long long)id, rev);
		if (!id) {
			if ((rc = insert_decl(s, d, now, hash, o->review, &id)))
				return rc;
			if (!id)
				return store_refuse(s, JX_ESTORE,
				                    "insert declaration: key taken but not found");
			added = true;
		}
	}
	s->expect_new = added;
	/* after the highest, not the current: an adjustment that was dropped
	 * left revisions above the current one (workflow.def, A_RESTORE) */
	rev = (f.last > rev ? f.last : rev) + 1;
	if ((rc = insert_revision(s, id, rev, hash, now, o->actor, o->source, d, &rev_id)))
		return rc;
	if (o->review && (rc = insert_review(s, rev_id, o->review)))
		return rc;
	if (!added && (rc = set_current(s, d, hash, o, id, rev, now)))
		return rc;
	if ((rc = store_audit(s, now, o->actor, added ? "import.add" : "import.revise", id, rev,
	                      o->source)))
		return rc;
	if (added && s->bulk && (rc = ov_bulk_put(s, d, o->review)))
		return rc;
	*res = added ? PUT_ADDED : PUT_UPDATED;
	*id_out = id;
	*rev_out = rev;
	return 0;
}

/* --- reading declarations back ----------------------------------------------- */

/* The columns of LIST: a declaration's summary. */
static const struct col summary_cols[] = {
	COL(I64, struct store_summary, id),
	COL(INT, struct store_summary, rev),
	COL(INT, struct store_summary, year),
	COL(TEXT, struct store_summary, department),
	COL(TEXT, struct store_summary, implementer),
	COL(TEXT, struct store_summary, name),
	COL(TEXT, struct store_summary, category),
	COL(AMOUNT, struct store_summary, annual),
	COL(TEXT, struct store_summary, updated_at),
	COL(I64, struct store_summary, n_ind),
};

/* A listing's rows to its callback: each read into a, which it resets. */
struct rows_ctx {
	summary_fn summary;
	history_fn history;
	overview_fn overview;
	void *ctx;
	struct arena a;
	int kind;                   /* history: 1 for events; overview: an overview_kind */
};

static int summary_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct rows_ctx *c = ctx;
	struct store_summary sum = { 0 };
	int rc;

	arena_reset(&c->a);
	if ((rc = cols_read(summary_cols, N_OF(summary_cols), col, n, &sum, &c->a)))
		return rc;
	return c->summary(c->ctx, &sum);
}

int store_list(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx)
{
	const struct eng_val p[] = { ev_int(f ? f->year : 0), ev_text(f ? f->department : NULL) };
	struct rows_ctx c = { .summary = fn, .ctx = ctx };
	int rc;

	arena_init(&c.a, 1024);
	rc = st_run(s, Q_LIST, p, N_OF(p), summary_row, &c);
	arena_release(&c.a);
	return rc;
}

/* The columns of GET_REV after the revision's id and number (head_cols): a
 * declaration as it was stored. */
struct rev_head {
	int64_t id;
	int rev;
};
static const struct col head_cols[] = {
	COL(I64, struct rev_head, id),
	COL(INT, struct rev_head, rev),
};
static const struct col decl_cols[] = {
	COL(SKIP, struct decl, year),
	COL(SKIP, struct decl, year),
	COL(INT, struct decl, year),
	COL(TEXT, struct decl, name),
	COL(TEXT, struct decl, category),
	COL(TEXT, struct decl, department),
	COL(TEXT, struct decl, implementer),
	COL(DATE, struct decl, start),
	COL(DATE, struct decl, end),
	COL(AMOUNT, struct decl, funds[FUND_TOTAL]),
	COL(AMOUNT, struct decl, funds[FUND_TOTAL_FISCAL]),
	COL(AMOUNT, struct decl, funds[FUND_TOTAL_OTHER]),
	COL(AMOUNT, struct decl, funds[FUND_ANNUAL]),
	COL(AMOUNT, struct decl, funds[FUND_ANNUAL_APPROP]),
	COL(AMOUNT, struct decl, funds[FUND_ANNUAL_CARRY]),
	COL(AMOUNT, struct decl, funds[FUND_ANNUAL_OTHER]),
	COL(INT, struct decl, overall_from),
	COL(INT, struct decl, overall_to),
	COL(TEXT, struct decl, overall),
	COL(TEXT, struct decl, annual_goal),
	COL(TEXT, struct decl, file),
};
_Static_assert(FUND__MAX == 7, "GET_REV has seven funds");

struct get_ctx {
	struct rev_head head;
	struct decl *d;
	struct arena *a;
	bool found;
	/* read_indicators: */
	const char *bad_kind;       /* a malformed target's kind, when one was read */
};

static int rev_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct get_ctx *g = ctx;
	int rc;

	if (g->found)
		return 0;
	g->found = true;
	if ((rc = cols_read(head_cols, N_OF(head_cols), col, n, &g->head, g->a)))
		return rc;
	return cols_read(decl_cols, N_OF(decl_cols), col, n, g->d, g->a);
}

/* The columns of GET_INDS but the target's kind (4) and the target (5),
 * which target_unpack reads. */
static const struct col ind_cols[] = {
	COL(TEXT, struct indicator, level1),
	COL(TEXT, struct indicator, level2),
	COL(TEXT, struct indicator, name),
	COL(TEXT, struct indicator, value),
	COL(SKIP, struct indicator, line),
	COL(SKIP, struct indicator, line),
	COL(INT, struct indicator, line),
};

static int ind_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct get_ctx *g = ctx;
	struct indicator *ind = decl_add_indicator(g->d, g->a);
	const char *kind = n > 4 && col[4].type == EV_TEXT ? col[4].p : NULL;
	const struct eng_val *target = n > 5 ? &col[5] : NULL;
	bool null = !target || target->type == EV_NULL;
	int rc;

	if (!ind)
		return JX_ENOMEM;
	if ((rc = cols_read(ind_cols, N_OF(ind_cols), col, n, ind, g->a)))
		return rc;
	for (size_t k = 0; kind && k < N_OF(kind_names); k++)
		if (strcmp(kind, kind_names[k].text) == 0)
			ind->target.kind = kind_names[k].kind;
	if (!target_unpack(null ? NULL : target->p, null ? 0 : target->n, g->a, &ind->target)) {
		if (g->a->err)
			return JX_ENOMEM;
		g->bad_kind = arena_strdup(g->a, kind ? kind : "");
		return g->bad_kind ? JX_ESTORE : JX_ENOMEM;
	}
	return 0;
}

int store_get(struct store *s, int64_t id, int rev, struct arena *a, struct decl *d,
              int *rev_out)
{
	const struct eng_val p[] = { ev_int(id), ev_int(rev) };
	struct eng_val q[1];
	struct get_ctx g = { .d = d, .a = a };
	int rc;

	decl_init(d);
	if ((rc = st_run(s, Q_GET_REV, p, N_OF(p), rev_row, &g)))
		return rc;
	if (!g.found)
		return JX_ENOTFOUND;
	if (rev_out)
		*rev_out = g.head.rev;
	q[0] = ev_int(g.head.id);
	rc = st_run(s, Q_GET_INDS, q, N_OF(q), ind_row, &g);
	if (rc == JX_ESTORE && g.bad_kind)
		return store_refuse(s, rc,
		                    "read indicators: revision %lld, indicator %zu: malformed %s target",
		                    (long long)g.head.id, d->n_ind - 1, g.bad_kind);
	return rc;
}

/* The columns of GET_REVIEW. */
static const struct col review_cols[] = {
	COL(TEXT, struct store_review, profile),
	COL(TEXT, struct store_review, verdict),
	COL(INT, struct store_review, n_error),
	COL(INT, struct store_review, n_warning),
	COL(INT, struct store_review, n_info),
	COL(TEXT, struct store_review, findings),
};

int store_get_review(struct store *s, int64_t id, int rev, struct arena *a,
                     struct store_review *out)
{
	const struct eng_val p[] = { ev_int(id), ev_int(rev) };

	return st_row(s, Q_GET_REVIEW, p, N_OF(p), review_cols, N_OF(review_cols), out, a);
}

/* The columns of META and TARGET_BY_*: a declaration's meta, its state as
 * its id; META's last is the approved revision, TARGET_BY_*'s the current
 * hash (read by hand). */
struct meta_row {
	struct store_meta m;
	const char *state;
};
static const struct col meta_cols[] = {
	COL(I64, struct meta_row, m.id),
	COL(INT, struct meta_row, m.rev),
	COL(TEXT, struct meta_row, state),
	COL(INT, struct meta_row, m.year),
	COL(TEXT, struct meta_row, m.department),
	COL(TEXT, struct meta_row, m.implementer),
	COL(TEXT, struct meta_row, m.name),
	COL(INT, struct meta_row, m.approved_rev),
};

static void meta_state(struct meta_row *r)
{
	r->m.state = r->state ? wf_state_by_id(r->state) : WS__MAX;
}

int store_meta(struct store *s, int64_t id, struct arena *a, struct store_meta *out)
{
	const struct eng_val p[] = { ev_int(id) };
	struct meta_row r = { 0 };
	int rc;

	if ((rc = st_row(s, Q_META, p, N_OF(p), meta_cols, N_OF(meta_cols), &r, a)))
		return rc;
	meta_state(&r);
	*out = r.m;
	return 0;
}

struct target_ctx {
	struct meta_row r;
	unsigned char *hash;
	struct arena *a;
	bool found;
};

static int target_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct target_ctx *t = ctx;

	if (t->found)
		return 0;
	t->found = true;
	memset(t->hash, 0, DECL_HASH_BYTES);
	if (n > 7 && col[7].type == EV_BLOB && col[7].n == DECL_HASH_BYTES)
		memcpy(t->hash, col[7].p, DECL_HASH_BYTES);
	/* the write policy does not ask for the approved revision: 0 */
	return cols_read(meta_cols, N_OF(meta_cols) - 1, col, n, &t->r, t->a);
}

int store_put_target(struct store *s, int64_t id, int year, const char *implementer,
                     const char *name, struct arena *a, struct store_meta *out,
                     unsigned char hash[DECL_HASH_BYTES])
{
	const struct eng_val by_id[] = { ev_int(id) };
	const struct eng_val by_key[] = { ev_int(year), ev_str(implementer), ev_str(name) };
	struct target_ctx t = { .hash = hash, .a = a };
	int rc = id ? st_run(s, Q_TARGET_BY_ID, by_id, N_OF(by_id), target_row, &t)
	            : st_run(s, Q_TARGET_BY_KEY, by_key, N_OF(by_key), target_row, &t);

	if (rc)
		return rc;
	if (!t.found)
		return JX_ENOTFOUND;
	meta_state(&t.r);
	*out = t.r.m;
	return 0;
}

/* The columns of HISTORY_REVS and HISTORY_EVENTS: a line of the history,
 * the states of an event as their ids. */
struct history_row {
	struct store_history h;
	const char *from, *to;
};
static const struct col history_rev_cols[] = {
	COL(INT, struct history_row, h.rev),
	COL(TEXT, struct history_row, h.at),
	COL(TEXT, struct history_row, h.actor),
	COL(TEXT, struct history_row, h.source),
	COL(STR, struct history_row, h.verdict),
	COL(INT, struct history_row, h.n_error),
	COL(INT, struct history_row, h.n_warning),
	COL(INT, struct history_row, h.n_info),
};
static const struct col history_event_cols[] = {
	COL(INT, struct history_row, h.rev),
	COL(TEXT, struct history_row, h.at),
	COL(TEXT, struct history_row, h.actor),
	COL(TEXT, struct history_row, h.action),
	COL(TEXT, struct history_row, from),
	COL(TEXT, struct history_row, to),
	COL(TEXT, struct history_row, h.verdict),
	COL(TEXT, struct history_row, h.comment),
	COL(TEXT, struct history_row, h.finding),
};

static int history_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct rows_ctx *c = ctx;
	struct history_row r = { .h.is_event = c->kind };
	int rc;

	arena_reset(&c->a);
	rc = c->kind ? cols_read(history_event_cols, N_OF(history_event_cols), col, n, &r, &c->a)
	             : cols_read(history_rev_cols, N_OF(history_rev_cols), col, n, &r, &c->a);
	if (rc)
		return rc;
	if (c->kind) {
		r.h.from = wf_state_by_id(r.from);
		r.h.to = wf_state_by_id(r.to);
	}
	return c->history(c->ctx, &r.h);
}

int store_history(struct store *s, int64_t id, history_fn fn, void *ctx)
{
	const struct eng_val p[] = { ev_int(id) };
	struct rows_ctx c = { .history = fn, .ctx = ctx };
	int rc;

	arena_init(&c.a, 1024);
	if (!(rc = st_run(s, Q_HISTORY_REVS, p, N_OF(p), history_row, &c))) {
		c.kind = 1;
		rc = st_run(s, Q_HISTORY_EVENTS, p, N_OF(p), history_row, &c);
	}
	arena_release(&c.a);
	return rc;
}

/* The columns of each kind of the overview's rows, [1] for a unit user's
 * (the same), the state of a group as its id. */
struct ov_row {
	struct store_overview o;
	const char *state;
};
static const struct col ov_cols[OV_SELFEVAL + 1][7] = {
	[OV_GROUP] = {
		COL(INT, struct ov_row, o.year), COL(TEXT, struct ov_row, o.department),
		COL(TEXT, struct ov_row, state), COL(TEXT, struct ov_row, o.verdict),
		COL(I64, struct ov_row, o.count), COL(I64, struct ov_row, o.annual_fen),
	},
	[OV_RULE] = {
		COL(TEXT, struct ov_row, o.rule), COL(I64, struct ov_row, o.count),
	},
	[OV_LIGHT] = {
		COL(INT, struct ov_row, o.year), COL(TEXT, struct ov_row, o.department),
		COL(STR, struct ov_row, o.light), COL(I64, struct ov_row, o.count),
		COL(I64, struct ov_row, o.annual_fen), COL(I64, struct ov_row, o.executed_fen),
	},
	[OV_SELFEVAL] = {
		COL(INT, struct ov_row, o.year), COL(TEXT, struct ov_row, o.department),
		COL(STR, struct ov_row, o.se_state), COL(TEXT, struct ov_row, o.grade),
		COL(I64, struct ov_row, o.count), COL(I64, struct ov_row, o.annual_fen),
		COL(I64, struct ov_row, o.executed_fen),
	},
};
static const size_t ov_n_cols[OV_SELFEVAL + 1] = {
	[OV_GROUP] = 6, [OV_RULE] = 2, [OV_LIGHT] = 6, [OV_SELFEVAL] = 7,
};

static int ov_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct rows_ctx *c = ctx;
	struct ov_row r = { .o.kind = (enum overview_kind)c->kind };
	int rc;

	arena_reset(&c->a);
	if ((rc = cols_read(ov_cols[c->kind], ov_n_cols[c->kind], col, n, &r, &c->a)))
		return rc;
	if (c->kind == OV_RULE && !r.o.rule)
		return 0;
	if (c->kind == OV_GROUP)
		r.o.state = r.state ? wf_state_by_id(r.state) : WS_DRAFT;
	return c->overview(c->ctx, &r.o);
}

int store_overview(struct store *s, const struct list_filter *f, overview_fn fn, void *ctx)
{
	/* [0]: the sums kept by migration 8's triggers, for everyone who sees
	 * whole departments; [1]: computed from the declarations of one
	 * 实施单位, for a unit user (the sums have no 实施单位) */
	static const enum stmt_id queries[2][OV_SELFEVAL + 1] = {
		{ [OV_GROUP] = Q_OVERVIEW_GROUPS, [OV_RULE] = Q_OVERVIEW_RULES,
		  [OV_LIGHT] = Q_OVERVIEW_LIGHTS, [OV_SELFEVAL] = Q_OVERVIEW_SELFEVALS },
		{ [OV_GROUP] = Q_OVERVIEW_UNIT_GROUPS, [OV_RULE] = Q_OVERVIEW_UNIT_RULES,
		  [OV_LIGHT] = Q_OVERVIEW_UNIT_LIGHTS, [OV_SELFEVAL] = Q_OVERVIEW_UNIT_SELFEVALS },
	};
	bool unit = f->implementer != NULL;
	const struct eng_val p[] = { ev_int(f->year), ev_text(f->department),
		                     ev_text(f->implementer) };
	struct rows_ctx c = { .overview = fn, .ctx = ctx };
	int rc = 0;

	arena_init(&c.a, 1024);
	for (int kind = OV_GROUP; kind <= OV_SELFEVAL && !rc; kind++) {
		c.kind = kind;
		rc = st_run(s, queries[unit][kind], p, unit ? 3 : 2, ov_row, &c);
	}
	arena_release(&c.a);
	return rc;
}
