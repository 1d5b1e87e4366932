/*
 * ignore: the two ways to say "do not report this again": a .keylintignore
 * file (one fingerprint a line, '#' comments, '*' for the rule or the path
 * part, globs allowed in the path part) and a baseline, which is an earlier
 * JSON report whose findings' fingerprints are taken as known.  Matching is
 * by fingerprint only, so it survives edits that move a secret's line, and
 * a different secret on the same line is still reported.
 */
#ifndef KL_IGNORE_H
#define KL_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct kl_ignore;

int kl_ignore_new(struct kl_ignore **out);
void kl_ignore_free(struct kl_ignore *ig);

/* Read a .keylintignore file.  A missing file is not an error when
 * `optional`.  Malformed lines are an error naming file and line. */
int kl_ignore_load_file(struct kl_ignore *ig, const char *path, bool optional,
                        struct kl_buf *err);

/* Same for content in memory; `origin` names it in messages. */
int kl_ignore_load_buffer(struct kl_ignore *ig, const char *origin,
                          const char *data, size_t len, struct kl_buf *err);

/* Read the fingerprints of a JSON report written by keylint (JSON or JSONL
 * format).  Errors name the file and what is wrong with it. */
int kl_ignore_load_baseline(struct kl_ignore *ig, const char *path,
                            struct kl_buf *err);
int kl_ignore_load_baseline_buffer(struct kl_ignore *ig, const char *origin,
                                   const char *data, size_t len,
                                   struct kl_buf *err);

/* Whether the fingerprint RULE:PATH:DIGEST is ignored or in the baseline. */
bool kl_ignore_matches(const struct kl_ignore *ig, const char *rule,
                       const char *path, const char *digest);

size_t kl_ignore_count(const struct kl_ignore *ig);

#endif
