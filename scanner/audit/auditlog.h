/*
 * auditlog: the JSON Lines report of an audit, shared by `keylint audit`
 * and `keylint merge`.  Records are grouped by repository and written in
 * the order of repository names, so that an unsharded audit and the merge
 * of its shards give the same bytes (apart from durations); the reuse
 * groups and the summary are computed from the findings records when the
 * log is rendered, never copied from a shard.
 *
 * Lines, one JSON object each:
 *   {"tool": {...}, "audit": {"repositories": N, ...}}      first, once
 *   {"repository": R, "scan": {...}, "errors": [...]}       a repository
 * scanned
 *   {"repository": R, "error": "message"}                  one that could not
 * be
 *   {"repository": R, "application": A, "rule_id": ...}     a finding
 *   {"reuse": {"secret_hash": ..., "secret": ..., "places": [...]}}
 */
#ifndef KL_AUDITLOG_H
#define KL_AUDITLOG_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "rules.h"

struct kl_auditlog;

int kl_auditlog_new(struct kl_auditlog **out);
void kl_auditlog_free(struct kl_auditlog *l);

/* Add one record (not a header or reuse record: those are computed).
 * Takes ownership of rec.  A record without a "repository" string is
 * KL_EINVAL. */
int kl_auditlog_add(struct kl_auditlog *l, cJSON *rec);

/* Add the records of an audit report (JSON Lines, as rendered here) in
 * data; header and reuse lines are dropped, as render recomputes them.
 * Repositories that an earlier load already brought are skipped (the same
 * shard given twice).  KL_EINVAL with "ORIGIN:LINE: ..." in err for a line
 * that is not such a record. */
int kl_auditlog_load(struct kl_auditlog *l, const char *data, size_t len,
                     const char *origin, struct kl_buf *err);

/* Whether the log already holds records of repository name (a merge
 * given the same shard twice keeps the first). */
bool kl_auditlog_has(const struct kl_auditlog *l, const char *name);

/* Call fn on every record, repositories in name order, until fn returns
 * non-zero (which is returned).  Records stay owned by the log. */
int kl_auditlog_each(struct kl_auditlog *l,
                     int (*fn)(const cJSON *rec, void *ud), void *ud);

/* Counts for exit codes and the summary line on standard error. */
struct kl_auditlog_counts {
	size_t repositories, failed, findings, gated, reuse;
};

/* Render the whole report (header, repositories in name order, reuse
 * groups) into out; counts (may be NULL) get the totals, gated counting
 * findings at or above min. */
int kl_auditlog_render(struct kl_auditlog *l, enum kl_severity min,
                       struct kl_buf *out, struct kl_auditlog_counts *counts);

#endif
