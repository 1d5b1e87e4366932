/* Fuzz target: every built-in rule over arbitrary bytes, windowed and
 * whole-content (recording every candidate with its verdict), with findings
 * built from the hits (redaction, snippets, hashes). */
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "findings.h"
#include "matcher.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kl_ruleset *rs;
static struct kl_matcher *win, *whole;

static void setup(void)
{
	struct kl_buf err = KL_BUF_INIT;
	struct kl_matcher_opts ow = {.global_allow = NULL},
	                       of = {.whole = true, .record = true};

	git_libgit2_init();
	if (kl_rules_new(&rs) || kl_rules_load_builtin(rs, &err) ||
	    kl_rules_finalize(rs, &err) || kl_matcher_new(&win, rs, &ow) ||
	    kl_matcher_new(&whole, rs, &of))
		abort();
	kl_buf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kl_hit *a, *b;
	const struct kl_candidate *c;
	struct kl_findings fs = KL_FINDINGS_INIT;
	struct kl_origin origin = {
	    .path = "fuzz/path", .rule_path = "fuzz/path", .blob = KL_NO_BLOB};
	size_t na = 0, nb = 0, nc = 0;
	struct kl_hit *copy;

	if (!rs)
		setup();
	if (kl_matcher_scan(win, (const char *)data, size, NULL, &a, &na))
		return 0;
	copy = malloc(na * sizeof(*copy) + 1);
	if (!copy)
		return 0;
	if (na)
		memcpy(copy, a, na * sizeof(*copy));
	/* Both paths run; the corpus tests check that they agree. */
	if (!kl_matcher_scan(whole, (const char *)data, size, NULL, &b, &nb)) {
		kl_matcher_candidates(whole, &c, &nc);
		for (size_t i = 0; i < nc; i++)
			if ((unsigned)c[i].verdict >= KL_VERDICT_COUNT ||
			    !c[i].hit.line ||
			    c[i].hit.line_start > c[i].hit.secret_start ||
			    c[i].hit.line_end > size)
				abort();
	}
	kl_findings_add_hits(&fs, rs, copy, na, (const char *)data, &origin);
	for (size_t i = 0; i < fs.n; i++) {
		struct kl_buf fp = KL_BUF_INIT;

		kl_finding_fingerprint(&fs.v[i], &fp);
		kl_buf_free(&fp);
	}
	kl_findings_free(&fs);
	free(copy);
	return 0;
}
