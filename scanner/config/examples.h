/*
 * examples: the macros of rule examples and test templates.  Examples
 * carry token-shaped strings only in this form, so that the rule files and
 * test fixtures themselves do not trip other secret scanners:
 *
 *   {{rand:N:CLASS}}  N deterministic pseudo-random characters of CLASS, a
 *                     character-class body such as A-Za-z0-9, or one of
 *                     hex, HEX, base64, base64url, alnum, upper, lower,
 *                     digits, base32
 *   {{b64:TEXT}}      TEXT (which may hold macros) base64-encoded
 *   {{}}              nothing: splits a literal that must stay exact
 */
#ifndef KL_EXAMPLES_H
#define KL_EXAMPLES_H

#include <stdint.h>

#include "buf.h"

/* Append text with its macros expanded to out; the same seed gives the
 * same output.  A malformed macro is KL_EINVAL with a message in err. */
int kl_examples_expand(struct kl_buf *out, const char *text, uint64_t seed,
                       struct kl_buf *err);

#endif
