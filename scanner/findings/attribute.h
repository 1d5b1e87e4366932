/*
 * attribute: gives findings made once per blob (git history) their paths
 * and the commits that introduced them, from the source's ledger.  A
 * finding is one (rule, path, secret), reported once, with the first
 * commit in walk order that brought it; a secret carried through a rename
 * in the same commit is not introduced again.  Each finding also learns
 * whether HEAD still holds its secret (at any path) and which refs reach
 * its commit.
 */
#ifndef KL_ATTRIBUTE_H
#define KL_ATTRIBUTE_H

#include "findings.h"
#include "ledger.h"

/* Append the attributed findings to out.  blob_findings holds the
 * findings of every blob (no path, blob numbers set); it is only read. */
int kl_attribute(const struct kl_ledger *l,
                 const struct kl_findings *blob_findings,
                 struct kl_findings *out);

#endif
