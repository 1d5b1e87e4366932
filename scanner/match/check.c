/*
 * check: expands each example's macros with a seed from the rule id and
 * the example's number, then asks the rule alone (so that the
 * generic-yields-to-specific step does not hide what the rule itself would
 * find) on two matchers, windowed and whole.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "examples.h"
#include "hash.h"
#include "matcher.h"
#include "text.h"

uint64_t kl_check_seed(const char *rule_id, size_t idx)
{
	return kl_hash_str(rule_id) ^ (idx * 0x9E3779B97F4A7C15ull);
}

/* Does rule r find something in text at path, on this matcher? */
static int example_found(const struct kl_ruleset *rs, struct kl_matcher *m,
                         uint32_t r, const char *text, size_t len,
                         const char *path, bool *found)
{
	uint8_t *mask = calloc(rs->nrules, 1);
	const struct kl_hit *hits;
	size_t n;
	int rc;

	*found = false;
	if (!mask)
		return KL_ENOMEM;
	mask[r] = kl_engine_rule_keeps(&rs->rules[r], path);
	rc = kl_matcher_scan(m, text, len, mask, &hits, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (hits[i].rule == r)
			*found = true;
	free(mask);
	return rc;
}

/* One example; returns 1 when it fails (a line in out), 0 when it holds,
 * negative when out of memory. */
static int check_one(const struct kl_ruleset *rs, struct kl_matcher *m[2],
                     uint32_t r, const struct kl_example *ex, bool positive,
                     size_t i, struct kl_buf *out)
{
	const struct kl_rule *rule = &rs->rules[r];
	const char *kind = positive ? "positive" : "negative";
	const char *path = ex->path ? ex->path : "example";
	struct kl_buf text = KL_BUF_INIT, msg = KL_BUF_INIT;
	bool fw = false, ff = false;
	int rc = 1;

	if (kl_examples_expand(
	        &text, ex->text,
	        kl_check_seed(rule->id, i + (positive ? 0 : 1000)), &msg)) {
		kl_buf_printf(out, "%s: rule \"%s\": %s example %zu: %s\n",
		              rule->origin, rule->id, kind, i + 1,
		              msg.ptr ? msg.ptr : "");
		goto done;
	}
	if (example_found(rs, m[0], r, text.ptr ? text.ptr : "", text.len, path,
	                  &fw) ||
	    example_found(rs, m[1], r, text.ptr ? text.ptr : "", text.len, path,
	                  &ff)) {
		rc = KL_ENOMEM;
		goto done;
	}
	if (positive ? fw && ff : !fw && !ff) {
		rc = 0;
		goto done;
	}
	kl_buf_printf(out, "%s: rule \"%s\": %s example %zu %s: ", rule->origin,
	              rule->id, kind, i + 1,
	              positive ? "not found" : "matched");
	kl_buf_clear(&msg);
	kl_text_escape_terminal(&msg, ex->text, strlen(ex->text));
	kl_buf_printf(out, "%s%s\n", msg.ptr ? msg.ptr : "",
	              fw != ff ? " (windowed and whole matching disagree)"
	                       : "");
done:
	kl_buf_free(&text);
	kl_buf_free(&msg);
	return rc;
}

size_t kl_check_rules(const struct kl_ruleset *rs, const struct kl_config *cfg,
                      struct kl_buf *out)
{
	struct kl_matcher_opts ow = {.global_allow = &cfg->allow,
	                             .own_markers_only = cfg->own_markers_only};
	struct kl_matcher_opts of = {.global_allow = &cfg->allow,
	                             .whole = true,
	                             .own_markers_only = cfg->own_markers_only};
	struct kl_matcher *m[2] = {NULL, NULL};
	size_t failures = 0;

	if (kl_matcher_new(&m[0], rs, &ow) || kl_matcher_new(&m[1], rs, &of)) {
		kl_buf_puts(out, "out of memory\n");
		failures = 1;
		goto done;
	}
	for (uint32_t r = 0; r < rs->nrules; r++) {
		const struct kl_rule *rule = &rs->rules[r];

		if (rule->disabled)
			continue;
		for (int pos = 1; pos >= 0; pos--) {
			const struct kl_examples *ex =
			    pos ? &rule->positive : &rule->negative;

			for (size_t i = 0; i < ex->n; i++) {
				int rc =
				    check_one(rs, m, r, &ex->v[i], pos, i, out);

				if (rc < 0) {
					kl_buf_puts(out, "out of memory\n");
					failures++;
					goto done;
				}
				failures += (size_t)rc;
			}
		}
	}
done:
	kl_matcher_free(m[0]);
	kl_matcher_free(m[1]);
	return failures;
}
