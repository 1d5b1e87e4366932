/*
 * gitleaksignore: gitleaks' .gitleaksignore, read so that a team moving to
 * keylint keeps the findings it had accepted.  One gitleaks fingerprint a
 * line: FILE:RULE:LINE (a finding of a directory scan, which gitleaks also
 * applies to every commit of a git scan) or COMMIT:FILE:RULE:LINE (one
 * commit of a git scan); '#' starts a comment line; blank lines are
 * skipped.  Reading and matching only; .keylintignore is ignore.h.
 *
 * How an entry maps onto a keylint finding, and where that stops:
 * - RULE matches a keylint rule of the same id (a custom rule imported
 *   with `keylint config import`, which keeps gitleaks' ids, including
 *   the "-gitleaks" suffix and '-' for characters keylint ids cannot
 *   hold), or a keylint rule that gitleaks_ids.h lists for that gitleaks
 *   rule.  A gitleaks rule the table does not know matches only by id.
 * - FILE is compared with the finding's path after '\' becomes '/' and a
 *   leading "./" goes, as gitleaks does.  gitleaks writes paths relative
 *   to the folder it scanned; keylint's are relative to the repository
 *   root inside a git work tree: entries written by a scan of a sub-folder
 *   do not match.
 * - LINE is gitleaks' StartLine, the line where the regex match starts;
 *   keylint reports where the secret starts.  They agree unless a match
 *   spans lines before its secret (multi-line rules such as private keys
 *   written with a header on its own line).
 * - COMMIT must equal the finding's commit (any case); keylint reports the
 *   commit that introduced a secret, gitleaks every commit that adds it,
 *   so an entry for a later commit does not match.
 */
#ifndef KL_GITLEAKSIGNORE_H
#define KL_GITLEAKSIGNORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "strv.h"

struct kl_gitleaksignore_entry {
	char *commit; /* lower-case hex, or NULL: any commit and none */
	char *path;   /* '/' separators, no leading "./" */
	char *rule;   /* gitleaks' rule id */
	uint32_t line;
	size_t lineno; /* where it was in the file, for messages */
};

/* The entries, kept sorted by path and line.  Owns everything in it. */
struct kl_gitleaksignore {
	struct kl_gitleaksignore_entry *v;
	size_t n, alloc;
};

#define KL_GITLEAKSIGNORE_INIT                                                 \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Add the entries of .gitleaksignore content data[0, len); `origin` names
 * it in messages.  A line that is not a fingerprint is skipped with
 * "ORIGIN:N: not a gitleaks fingerprint (FILE:RULE:LINE or
 * COMMIT:FILE:RULE:LINE); ignored" appended to warnings (which may be
 * NULL), as gitleaks warns and goes on.  0 or KL_ENOMEM. */
int kl_gitleaksignore_load_buffer(struct kl_gitleaksignore *g,
                                  const char *origin, const char *data,
                                  size_t len, struct kl_strv *warnings);

/* The index of an entry that matches a finding of keylint_rule_id at path
 * (relative, '/' separators), line (1-based) and commit (NULL outside
 * history mode), or g->n when none does.  O(log n) plus the entries on
 * that path and line. */
size_t kl_gitleaksignore_find(const struct kl_gitleaksignore *g,
                              const char *keylint_rule_id, const char *path,
                              uint32_t line, const char *commit_or_null);

/* Whether some entry matches (kl_gitleaksignore_find < g->n). */
bool kl_gitleaksignore_matches(const struct kl_gitleaksignore *g,
                               const char *keylint_rule_id, const char *path,
                               uint32_t line, const char *commit_or_null);

void kl_gitleaksignore_free(struct kl_gitleaksignore *g);

#endif
