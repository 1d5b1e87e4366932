/*
 * gitleaks_regex: gitleaks' regexes (Go's RE2 syntax) as keylint needs
 * them: rule regexes in PCRE2 syntax and path regexes as keylint path
 * globs.  Each says why when it cannot give an exact equivalent; neither
 * guesses.
 */
#ifndef KL_GITLEAKS_REGEX_H
#define KL_GITLEAKS_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strv.h"

/*
 * Append the PCRE2 form of the Go regex `go` to out.  Most of RE2's syntax
 * means the same in PCRE2; what differs is rewritten: \v (a vertical tab in
 * Go), octal escapes such as \101, and \x{...} above \xFF outside classes
 * (matched as its UTF-8 bytes, since keylint matches bytes).  Returns 0,
 * or KL_EINVAL with the reason in why (no prefix) when there is no exact
 * rewrite: a character above \xFF or a non-ASCII byte inside a class,
 * where Go matches one character and a byte matcher would match bytes.
 * Left as they are, and documented: '.' and negated classes match one
 * byte where Go matches one UTF-8 character, and '$' without (?m) also
 * matches before a final newline.
 */
int kl_gitleaks_regex_pcre2(const char *go, struct kl_buf *out,
                            struct kl_buf *why);

/* How many globs one path regex may expand into. */
#define KL_GITLEAKS_MAX_GLOBS 64

/*
 * Append to globs the keylint path globs that match exactly the paths
 * the Go regex `go` matches (gitleaks searches paths unanchored).  Handles
 * literals, '.', '.*', '.+', classes, \d \w \s, '?' and {n,m} on single
 * characters and groups, alternation, ^ and $ where they anchor the whole
 * path (as in (?:^|/)), and (?i).  Returns 0, or KL_EINVAL with the reason
 * in why when no list of at most KL_GITLEAKS_MAX_GLOBS globs is exact:
 * a repeated class such as [a-z]+, [^/]*, \b, a root-anchored name without
 * '/' (a keylint glob without '/' also matches base names), ...  globs is
 * unchanged on failure.
 */
int kl_gitleaks_regex_globs(const char *go, struct kl_strv *globs,
                            struct kl_buf *why);

/* A Go repetition {n}, {n,} or {n,m} at *pp (the '{'): sets n and m
 * (SIZE_MAX for no upper bound), moves *pp past the '}' and returns true;
 * false, *pp unchanged, if it is not one. */
bool kl_gitleaks_regex_bounds(const char **pp, size_t *n, size_t *m);

#endif
