/*
 * matcher: runs the rules over one piece of content and returns confirmed
 * hits.  The keyword prefilter decides which rules run and where: a rule's
 * regex is tried only at start positions within the rule's window (256
 * bytes unless the rule says otherwise) of one of its keywords (rules
 * without keywords run everywhere).  Candidates then
 * pass the entropy threshold, the shared placeholder and example filters,
 * the rule's and the global allowlists, and the inline markers:
 * `keylint:allow` on their line, and unless opts.own_markers_only other
 * scanners' markers (gitleaks:allow, trufflehog:ignore, pragma: allowlist
 * secret, secretlint-disable-line; next-line markers on the line before).
 * Each step answers with a verdict (evidence.h); with opts.record every
 * candidate is kept with the verdict that decided it, for explain.
 * A matcher is per-thread state; the rule set it borrows is shared.
 */
#ifndef KL_MATCHER_H
#define KL_MATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence.h"
#include "rules.h"

/* Limits for a single regex match attempt; a rule that reaches one is
 * counted (kl_matcher_limit_count) and skipped for that window. */
#define KL_MATCH_LIMIT    2000000u
#define KL_DEPTH_LIMIT    20000u
#define KL_HEAP_LIMIT_KIB 65536u

struct kl_matcher_opts {
	const struct kl_allow *global_allow; /* may be NULL; borrowed */
	bool whole; /* run a woken rule over the whole content instead of
	               windows around its keywords (the reference path) */
	bool own_markers_only; /* only keylint:allow, not other scanners' */
	bool record;           /* keep every candidate with its verdict for
	                          kl_matcher_candidates (explain); off: no cost */
};

/* A confirmed match in one piece of content.  Offsets are into that
 * content; lines and columns are 1-based, columns count bytes (the _cp
 * ones count Unicode code points, an invalid byte as one), and end columns
 * are exclusive (the column just after the secret). */
struct kl_hit {
	uint32_t rule;                   /* index into the rule set */
	size_t start, end;               /* whole regex match */
	size_t secret_start, secret_end; /* the secret group */
	uint32_t line, column, end_line, end_column;
	uint32_t column_cp, end_column_cp;
	size_t line_start, line_end; /* the first line of the secret */
	double entropy;
};

/* A regex match and what became of it (opts.record).  hit.line and the
 * columns are set for every candidate; by_rule is the rule whose hit
 * covered it when the verdict is KL_VERDICT_OVERLAP. */
struct kl_candidate {
	struct kl_hit hit;
	enum kl_verdict verdict;
	uint32_t by_rule;
};

struct kl_matcher;

/* Per-thread matcher for a finalized rule set (borrowed for its life). */
int kl_matcher_new(struct kl_matcher **out, const struct kl_ruleset *rs,
                   const struct kl_matcher_opts *opts);
void kl_matcher_free(struct kl_matcher *m);

/*
 * Scan data[0, len).  rule_mask, if not NULL, has one byte per rule: zero
 * keeps that rule from running on this content.  On success *hits points to
 * the hits sorted by secret position, owned by the matcher and valid until
 * the next call.  Fails only on allocation failure.
 */
int kl_matcher_scan(struct kl_matcher *m, const char *data, size_t len,
                    const uint8_t *rule_mask, const struct kl_hit **hits,
                    size_t *nhits);

/* With opts.record: every candidate of the last kl_matcher_scan, kept or
 * dropped, sorted by secret position, owned by the matcher and valid until
 * the next call.  Without it: none. */
void kl_matcher_candidates(const struct kl_matcher *m,
                           const struct kl_candidate **out, size_t *n);

/* How many match attempts of this rule hit a PCRE2 limit so far. */
uint64_t kl_matcher_limit_count(const struct kl_matcher *m, size_t rule);

/* The same, summed over all rules. */
uint64_t kl_matcher_limit_total(const struct kl_matcher *m);

/* Whether this rule was skipped because its regex could not be compiled
 * (kl_rules_prepare_error says why). */
bool kl_matcher_failed(const struct kl_matcher *m, size_t rule);

/* Whether the rule's or the global allowlist accepts this candidate
 * (exposed for tests and rule checks). */
bool kl_matcher_allowed(struct kl_matcher *m, const struct kl_allow *allow,
                        const char *data, size_t len, const struct kl_hit *hit);

#endif
