/*
 * ignore: the two ways to say "do not report this again".
 *
 *   .keylintignore   one fingerprint a line, RULE:PATH:DIGEST, '#'
 *                    comments, '*' for any part, globs in the path part;
 *   a baseline       what `keylint baseline` writes: for each known
 *                    finding its rule and digest, and optionally a path
 *                    glob that scopes it.  Earlier JSON and JSON Lines
 *                    reports are read as baselines too.
 *
 * A baseline entry is keyed on the rule and the secret, not the path: a
 * secret that moves or whose file is renamed stays known, and a different
 * secret on the same line is still new.  Each entry counts what it
 * matched, so entries that matched nothing can be reported as stale, and
 * entries naming rules that do not exist are reported when loaded.
 */
#ifndef KL_IGNORE_H
#define KL_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "rule.h"
#include "strv.h"

struct kl_ignore;

/* What silenced a finding. */
enum kl_ignored {
	KL_IGNORED_NOT = 0,
	KL_IGNORED_FILE,     /* a .keylintignore line */
	KL_IGNORED_BASELINE, /* a baseline entry */
};

int kl_ignore_new(struct kl_ignore **out);
void kl_ignore_free(struct kl_ignore *ig);

/* Read a .keylintignore file.  A missing file is not an error when
 * `optional`.  Malformed lines are an error naming file and line. */
int kl_ignore_load_file(struct kl_ignore *ig, const char *path, bool optional,
                        struct kl_buf *err);

/* Same for content in memory; `origin` names it in messages. */
int kl_ignore_load_buffer(struct kl_ignore *ig, const char *origin,
                          const char *data, size_t len, struct kl_buf *err);

/* Read a baseline (or a keylint JSON or JSON Lines report).  Errors name
 * the file and what is wrong with it. */
int kl_ignore_load_baseline(struct kl_ignore *ig, const char *path,
                            struct kl_buf *err);
int kl_ignore_load_baseline_buffer(struct kl_ignore *ig, const char *origin,
                                   const char *data, size_t len,
                                   struct kl_buf *err);

/* Whether, and by what, the finding RULE at PATH with DIGEST is silenced.
 * Counts the match against the entry (callers serialise calls). */
enum kl_ignored kl_ignore_match(struct kl_ignore *ig, const char *rule,
                                const char *path, const char *digest);

/* The same question without counting (for explain). */
enum kl_ignored kl_ignore_lookup(const struct kl_ignore *ig, const char *rule,
                                 const char *path, const char *digest);

size_t kl_ignore_count(const struct kl_ignore *ig);

/* One warning per entry whose rule matches no rule of rs, with the rule
 * that was probably meant. */
int kl_ignore_check_rules(const struct kl_ignore *ig,
                          const struct kl_ruleset *rs,
                          struct kl_strv *warnings);

/* Warnings for entries that matched nothing in this run: stale lines of
 * the ignore file one by one, stale baseline entries as a count. */
int kl_ignore_report_stale(const struct kl_ignore *ig,
                           struct kl_strv *warnings);

#endif
