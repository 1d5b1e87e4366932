/*
 * rules_int: what the rules_*.c files share and nobody else sees.
 */
#ifndef KL_RULES_INT_H
#define KL_RULES_INT_H

#include "rule.h"

struct cJSON;

/* Validation context: messages start with "ORIGIN: rule \"ID\": ". */
struct kl_rules_ctx {
	const char *origin;
	const char *rule_id; /* NULL before the id is known */
	struct kl_buf *err;
	bool defer; /* built-in rules: compile regexes on first use */
};

/* Write one message to ctx->err (replacing it); returns KL_EINVAL. */
int kl_rules__fail(struct kl_rules_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parse one rule object into r (zeroed by the caller). */
int kl_rules__parse_rule(struct kl_ruleset *rs, struct kl_rules_ctx *c,
                         const struct cJSON *obj, struct kl_rule *r);

/* Compile r's regex and settle what depends on its groups; the reason for
 * a failure goes into msg. */
int kl_rules__compile_rule(struct kl_rule *r, struct kl_buf *msg);

/* Set up r's lazily compiled state (called once per parsed rule). */
int kl_rules__jit_new(struct kl_rule *r);
void kl_rules__jit_free(struct kl_rule *r);

/* Build the keyword index of the enabled rules (kl_rules_finalize), and
 * drop it (before rebuilding it, and on free). */
int kl_rules__index_build(struct kl_ruleset *rs, struct kl_buf *err);
void kl_rules__index_free(struct kl_ruleset *rs);

#endif
