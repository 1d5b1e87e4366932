/*
 * rules: the detection rules.  A rule file is JSON (one rule object, an
 * array of them, or {"rules": [...]}); the built-in files from rules/ are
 * embedded in the binary.  Loading validates every field, and errors name
 * the file, the rule and, for regexes, the offset.  Regexes of rules from
 * files compile at load; built-in ones compile and JIT-compile on first
 * use (kl_rules_prepare), since most never wake on a given scan, and
 * `rules --check` compiles them all.  Running rules is the matcher's job.
 *
 * Files: rules.c (the set, loading), rules_parse.c (JSON validation),
 * rules_compile.c (PCRE2 and its JIT), rules_index.c (the keyword index).
 */
#ifndef KL_RULES_H
#define KL_RULES_H

#include "rule.h"

/* Create an empty rule set. */
int kl_rules_new(struct kl_ruleset **out);
void kl_rules_free(struct kl_ruleset *rs);

/* Add the built-in rules compiled into the binary. */
int kl_rules_load_builtin(struct kl_ruleset *rs, struct kl_buf *err);

/* Add the rules of one file.  On error returns KL_EINVAL (bad content) or
 * KL_EIO and writes one line naming the file, the rule and, for regexes,
 * the offset into err; nothing from a failing file is kept. */
int kl_rules_load_file(struct kl_ruleset *rs, const char *path,
                       struct kl_buf *err);

/* Same as kl_rules_load_file for content already in memory; `origin` names
 * it in messages. */
int kl_rules_load_buffer(struct kl_ruleset *rs, const char *origin,
                         const char *data, size_t len, struct kl_buf *err);

/* Same for an already-parsed JSON value (used by .keylint.json "rules"). */
int kl_rules_load_json(struct kl_ruleset *rs, const char *origin,
                       const struct cJSON *json, struct kl_buf *err);

/* Disable the rule with this id.  KL_ENOTFOUND if there is none. */
int kl_rules_disable(struct kl_ruleset *rs, const char *id);

/* The enabled rule with this id, or NULL. */
const struct kl_rule *kl_rules_find(const struct kl_ruleset *rs,
                                    const char *id);

/* Freeze the set: build the keyword prefilter over enabled rules.  No rules
 * may be added afterwards. */
int kl_rules_finalize(struct kl_ruleset *rs, struct kl_buf *err);

/* Whether a rule's paths/exclude_paths let it run on this relative path. */
bool kl_rules_applies_to_path(const struct kl_rule *rule, const char *path);

/* Compile every deferred regex now and validate it as a rule file's would
 * be (for `rules --check` and tests).  Errors name file, rule, offset. */
int kl_rules_compile_all(struct kl_ruleset *rs, struct kl_buf *err);

#endif
