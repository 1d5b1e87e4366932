/* Fuzz target: the rule loader (any bytes as a rule file) and, when the
 * rules load, the example expander and a match over the input. */
#include <stddef.h>
#include <stdint.h>

#include "matcher.h"
#include "examples.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_ruleset *rs = NULL;
	struct kl_buf err = KL_BUF_INIT, out = KL_BUF_INIT;

	if (kl_rules_new(&rs))
		return 0;
	if (kl_rules_load_buffer(rs, "fuzz.json", (const char *)data, size,
	                         &err) == 0 &&
	    kl_rules_finalize(rs, &err) == 0) {
		struct kl_matcher *m = NULL;
		const struct kl_hit *hits;
		size_t n;

		for (size_t i = 0; i < rs->nrules; i++)
			for (size_t j = 0; j < rs->rules[i].positive.n; j++) {
				kl_buf_clear(&out);
				kl_examples_expand(
				    &out, rs->rules[i].positive.v[j].text, i,
				    &err);
			}
		if (kl_matcher_new(&m, rs, NULL) == 0)
			kl_matcher_scan(m, (const char *)data, size, NULL,
			                &hits, &n);
		kl_matcher_free(m);
	}
	kl_rules_free(rs);
	kl_buf_free(&err);
	kl_buf_free(&out);
	return 0;
}
