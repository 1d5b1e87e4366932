/*
 * gitleaks_example: a positive example for a rule imported from gitleaks,
 * built from its regex, so that the rule carries one as keylint's own
 * rules do.  Token bodies are written as {{rand:N:CLASS}} macros, so the
 * example holds no token itself.
 */
#ifndef KL_GITLEAKS_EXAMPLE_H
#define KL_GITLEAKS_EXAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "strv.h"

/*
 * Write to out (cleared first) an example for the rule `rule_id` with this
 * PCRE2 regex (as kl_gitleaks_regex_pcre2 writes it), secret group (when
 * group_set; else 1 if the regex has groups, as keylint does), minimum
 * entropy and keywords (lower-case).  The example takes the first branch
 * of each alternation (or the first that is not a bare anchor), the fewest
 * repetitions (more for a token body), and is checked: with the expansion
 * of its macros that `keylint rules --check` will make for the rule's
 * first example, and 16 others, the regex matches, the secret group is
 * set and passes the entropy, and a keyword sits near the match.  Returns
 * 0, or KL_EINVAL when no example could be built or checked (a Unicode
 * property, a backreference, a lookaround, a secret that fails its
 * entropy, ...); keylint's placeholder filters run later, in `keylint
 * rules --check`.
 */
int kl_gitleaks_example(const char *rule_id, const char *pcre,
                        uint32_t secret_group, bool group_set, double entropy,
                        const struct kl_strv *keywords, struct kl_buf *out);

#endif
