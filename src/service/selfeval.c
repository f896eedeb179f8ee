/*
 * selfeval.c: a stored self-evaluation read back and scored, and what must
 * be explained before it is submitted (selfeval.h).
 */
#include <string.h>

#include "../util/err.h"
#include "selfeval.h"

int selfeval_read_scored(const struct profile *p, struct arena *a, const char *doc, size_t n,
                         struct selfeval *se, struct score_output *o, const char **problem,
                         char *msg, size_t msg_n)
{
	struct score_rules rules = profile_score_rules(p);
	struct diags diags;
	int rc;

	*problem = NULL;
	diags_init(&diags);
	rc = selfeval_read(doc, n, "绩效自评", &diags, a, se);
	if (!rc && diags.n_error) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < diags.n; i++) {
			if (i)
				sb_adds(&sb, "；");
			diag_format(&sb, &diags.v[i]);
		}
		*problem = sb.err ? "绩效自评无法读取" : arena_strdup(a, sb.buf);
		sb_release(&sb);
	}
	diags_release(&diags);
	if (rc || *problem)
		return rc;
	memset(o, 0, sizeof(*o));
	if (!(o->ind = arena_zalloc(a, (se->decl.n_ind + 1) * sizeof(*o->ind))))
		return JX_ENOMEM;
	if (score_compute(&se->in, &rules, o, msg, msg_n))
		*problem = msg;
	return a->err ? JX_ENOMEM : 0;
}

int selfeval_load_scored(struct store *s, const struct profile *p, struct arena *a,
                         int64_t id, int rev, struct scored *sc)
{
	static const size_t msg_n = 512;
	char *msg;
	int rc;

	memset(sc, 0, sizeof(*sc));
	sc->row.state = SES__MAX;
	rc = store_selfeval_get(s, id, rev, a, &sc->row);
	if (rc == JX_ENOTFOUND) {
		sc->row.state = SES__MAX;
		return 0;
	}
	if (rc)
		return rc;
	sc->have = true;
	if (!(msg = arena_alloc(a, msg_n)))
		return JX_ENOMEM;
	return selfeval_read_scored(p, a, sc->row.document, strlen(sc->row.document), &sc->se,
	                            &sc->o, &sc->problem, msg, msg_n);
}

int selfeval_unexplained(struct store *s, const struct profile *p, struct arena *a,
                         int64_t id, const char **why)
{
	struct score_rules rules = profile_score_rules(p);
	struct scored sc;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*why = NULL;
	if ((rc = selfeval_load_scored(s, p, a, id, 0, &sc)))
		return rc;
	if (!sc.have || sc.problem)
		return 0;
	score_submit_refusal(&sc.se.in, &rules, &sc.o, &sb);
	if (sb.err)
		rc = JX_ENOMEM;
	else if (sb.len && !(*why = arena_strdup(a, sb.buf)))
		rc = JX_ENOMEM;
	sb_release(&sb);
	return rc;
}
