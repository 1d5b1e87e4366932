/*
 * repo: opening a git repository the way every source does: from any
 * folder inside its work tree, read-only, with a clear message when git's
 * safe.directory ownership rule refuses it (libgit2 1.5 reports that case
 * as a missing config value).
 */
#ifndef KL_REPO_H
#define KL_REPO_H

#include <git2.h>

#include "buf.h"

/* Open the repository at or above path.  On failure returns a libgit2
 * error code, with one line in err naming path and the cause; a repository
 * owned by another user gets a message about safe.directory and
 * --trust-repo. */
int kl_repo_open(git_repository **out, const char *path, struct kl_buf *err);

#endif
