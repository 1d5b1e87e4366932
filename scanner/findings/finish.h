/*
 * finish: the last step of the findings stage, the same for every source
 * and for batch and streamed output: classify client-side exposure, find
 * the application (apps.h), drop what .keylintignore, the baseline or
 * .gitleaksignore knows, and (for a whole list) sort, de-duplicate and
 * count what gates the exit code.
 */
#ifndef KL_FINISH_H
#define KL_FINISH_H

#include <stdbool.h>

#include "apps.h"
#include "clientside.h"
#include "config.h"
#include "findings.h"
#include "gitleaksignore.h"
#include "ignore.h"

struct kl_finish;

/* cfg and ig are borrowed; read/ud (package.json lookups) too. */
int kl_finish_new(struct kl_finish **out, const struct kl_config *cfg,
                  struct kl_ignore *ig, kl_clientside_read_fn read, void *ud);
void kl_finish_free(struct kl_finish *fin);

/* Also drop what a .gitleaksignore (borrowed; NULL or empty for none)
 * lists, for teams that move over from gitleaks. */
void kl_finish_gitleaksignore(struct kl_finish *fin,
                              const struct kl_gitleaksignore *g);

/* One finding whose path is final: classify it (once) and say whether it
 * is kept.  Not thread-safe: a streaming caller holds a lock. */
int kl_finish_one(struct kl_finish *fin, struct kl_finding *f, bool *keep);

/* A whole list: every finding through kl_finish_one, then sorted and
 * de-duplicated, so equal input prints equal bytes. */
int kl_finish_all(struct kl_finish *fin, struct kl_findings *fs);

/* --explain: what the ignores drop is appended to dropped (borrowed),
 * with its verdict, and kl_finish_all sorts that list too. */
void kl_finish_explain(struct kl_finish *fin, struct kl_findings *dropped);

/* How many findings are at or above min (what gates the exit code). */
size_t kl_finish_gated(const struct kl_findings *fs, enum kl_severity min);

#endif
