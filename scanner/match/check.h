/*
 * check: `keylint rules --check`: every enabled rule's own examples, run
 * through the matcher both with keyword windows and over whole content.
 * A positive example must be found by its rule on both paths, a negative
 * one on neither.
 */
#ifndef KL_CHECK_H
#define KL_CHECK_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "rules.h"

/* Run the examples of a finalized rule set (with the config's global
 * allowlist); write one line per failure to out and return how many
 * failed. */
size_t kl_check_rules(const struct kl_ruleset *rs, const struct kl_config *cfg,
                      struct kl_buf *out);

/* The seed example number idx of a rule is expanded with (negative
 * examples count from 1000), so that a failure can be reproduced. */
uint64_t kl_check_seed(const char *rule_id, size_t idx);

#endif
