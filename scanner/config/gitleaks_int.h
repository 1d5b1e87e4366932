/*
 * gitleaks_int: what gitleaks.c (the file, [extend], global allowlists)
 * and gitleaks_rule.c (one rule, one allowlist) share.  Not for other
 * modules.
 */
#ifndef KL_GITLEAKS_INT_H
#define KL_GITLEAKS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gitleaks.h"
#include "rule.h"
#include "strv.h"

struct kl_gitleaks_ctx {
	const char *origin;
	struct kl_strv *nc;      /* the not-carried lines */
	struct kl_buf *err;      /* set on failure */
	struct kl_ruleset *keep; /* keylint's built-in rules and the rules
	                            imported so far: each new one loads here */
	struct kl_buf scratch;
};

/* Append a formatted line to the not-carried list.  0 or KL_ENOMEM. */
int kl_gitleaks__note(struct kl_gitleaks_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write "ORIGIN: " and a formatted message to err; returns KL_EINVAL. */
int kl_gitleaks__fail(struct kl_gitleaks_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* s quoted for a message: printable ASCII kept, other bytes as \xNN, cut
 * at 80 characters.  Valid until the next call. */
const char *kl_gitleaks__shown(struct kl_gitleaks_ctx *c, const char *s);

/* The string value at key in obj (NULL when absent); a value of another
 * type is an error naming `what` and the key. */
int kl_gitleaks__string(struct kl_gitleaks_ctx *c, const struct cJSON *obj,
                        const char *key, const char *what, const char **out);

/* The array of strings at key in obj (NULL when absent or empty). */
int kl_gitleaks__strings(struct kl_gitleaks_ctx *c, const struct cJSON *obj,
                         const char *key, const char *what,
                         const struct cJSON **out);

/* Note every key of obj that is not in `known` (NULL-terminated). */
int kl_gitleaks__unknown_keys(struct kl_gitleaks_ctx *c,
                              const struct cJSON *obj, const char *const *known,
                              const char *what);

/* Where an allowlist's parts go; NULL members are created on demand in
 * `owner` under the names given. */
struct kl_gitleaks_allow {
	struct cJSON *paths_owner;
	const char *paths_key; /* "exclude_paths" (rule) or "paths" (global) */
	struct cJSON *allow;   /* the "allow" object: regexes, stopwords */
	bool global;           /* a global allowlist (targetRules allowed) */
};

/* Carry one gitleaks allowlist table into dst; `what` names it in notes
 * ("rule \"x\": allowlist 2"). */
int kl_gitleaks__allowlist(struct kl_gitleaks_ctx *c, const struct cJSON *al,
                           const char *what, struct kl_gitleaks_allow *dst);

/* One [[rules]] table (the idx-th, from 1) as a keylint rule object in
 * *out (NULL when it cannot be imported; noted), without examples. */
int kl_gitleaks__rule(struct kl_gitleaks_ctx *c, const struct cJSON *r,
                      size_t idx, struct cJSON **out);

/* Add an example to a converted rule where one can be built, then load
 * it into c->keep.  *kept is false when keylint rejects it (noted). */
int kl_gitleaks__rule_finish(struct kl_gitleaks_ctx *c, struct cJSON *rule,
                             bool *kept);

#endif
