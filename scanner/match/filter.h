/*
 * filter: the precision checks shared by every rule, applied to a candidate
 * secret after its regex matched.  They look only at the secret's bytes (and
 * for references, at the text around it); no regex, no path, no state.
 * Per-rule knobs (entropy threshold, allowlists) are the matcher's.
 */
#ifndef KL_FILTER_H
#define KL_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "evidence.h"

/* A value that stands for a secret rather than being one: YOUR_API_KEY,
 * <token>, xxxx, ****, ${VAR}, {{ var }}, %(var)s, $VAR, process.env.X,
 * os.environ[...], getenv(...), "changeme", "redacted", a value that is
 * one character repeated, one ascending run or a short unit repeated
 * (1111, abcdef, abcabc). */
bool kl_filter_is_placeholder(const char *s, size_t n);

/* A value typed by a person rather than generated: it holds a run of six
 * repeated or consecutive characters (123456, abcdef, aaaaaa).  Random
 * tokens almost never do (about 1 in 10^7 for 40 base62 characters), so
 * this is evidence for values that nothing else vouches for (generic
 * rules, decoded text); a provider's format with its own prefix and
 * length vouches for itself, and other scanners report such values. */
bool kl_filter_is_typed(const char *s, size_t n);

/* A key published in documentation as an example (AKIAIOSFODNN7EXAMPLE,
 * the jwt.io sample token, Stripe's documented test keys, ...). */
bool kl_filter_is_known_example(const char *s, size_t n);

/* For generic rules (an api_key/secret/token/password name with a literal
 * value): the evidence that decides whether the value s (n bytes) is a
 * credential.  KL_VERDICT_KEPT when it is; otherwise what it is instead:
 * too short, a word, sentence, identifier, path, URL, number, version,
 * an elided example, or a UUID under a name that is no key's.  ctx is the
 * text of the line up to the value and name_at the offset in ctx where
 * the match (the assigned name) starts; with them the name is weighed too
 * (a quoted type name such as "AWS::ApiGateway::ApiKey" is a schema key,
 * not a setting).  ctx may be NULL: then only the value is looked at. */
enum kl_verdict kl_filter_generic(const char *s, size_t n, const char *ctx,
                                  size_t ctxlen, size_t name_at);

/* kl_filter_generic on the value alone: true when it is KL_VERDICT_KEPT. */
bool kl_filter_generic_plausible(const char *s, size_t n);

/* Count of distinct character classes (lower, upper, digit, other). */
int kl_filter_char_classes(const char *s, size_t n);

/* For rules with "decode": the secret is base64 of text (a Kubernetes
 * Secret value, an HTTP Basic credential).  True when it decodes to
 * printable text that is not a placeholder; with userpass, the text must
 * be "user:password" and the password must not be a placeholder. */
bool kl_filter_decoded_plausible(const char *s, size_t n, bool userpass);

#endif
