/*
 * monitor.h: saving a monitoring round (绩效运行监控), the sequence the page's
 * form and the XLSX/CSV upload share: compute the round from what was
 * entered (score/monitor.h: execution rate, time progress, each
 * indicator's light and risk, the project's light under the profile's
 * thresholds) and store it with its rows.
 *
 * Contracts: the caller holds the write transaction and commits or rolls
 * back; input that cannot make a round is not an error: 0 is returned with
 * *problem set to why (msg, n bytes, holds it) and nothing is stored.
 */
#ifndef JX_SERVICE_MONITOR_H
#define JX_SERVICE_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "../review/profile.h"
#include "../score/monitor.h"
#include "../store/store.h"
#include "../util/arena.h"

/* Round `in` (its decl is set here to d) of declaration id, following
 * revision rev of it (d), entered by actor: computed under p, stored;
 * *round its id.  Tables in a.  0 or a JX_ code. */
int monitor_save(struct store *s, const struct profile *p, struct arena *a, const char *actor,
                 int64_t id, const struct decl *d, int rev, struct monitor_input *in,
                 const char **problem, char *msg, size_t n, int64_t *round);

#endif
