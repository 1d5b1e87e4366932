/*
 * worktree: the source for `keylint scan`: files and folders as they are
 * on disk.  It skips what git ignores (asked of libgit2) when a target
 * lies in a git work tree, never enters .git, never follows symbolic links
 * found while walking, and never blocks on FIFOs or devices.
 */
#ifndef KL_WORKTREE_H
#define KL_WORKTREE_H

#include "options.h"
#include "source.h"

/* A source over opts->targets (default "."); opts is borrowed for the
 * source's life.  With one folder as target, paths are relative to it and
 * side files (.keylint.json) are read there; otherwise from ".". */
int kl_worktree_new(struct kl_source **out, const struct kl_options *opts);

#endif
