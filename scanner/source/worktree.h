/*
 * worktree: the source for `keylint scan`: walks files and folders as they
 * are on disk and hands each regular file to a callback, and reads one file
 * safely for scanning.  It skips what git ignores (asked of libgit2) when a
 * target lies in a git work tree, never enters .git, never follows symbolic
 * links found while walking, and never blocks on FIFOs or devices.  It does
 * not scan content.
 */
#ifndef KL_WORKTREE_H
#define KL_WORKTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rules.h"

struct kl_worktree_opts {
	char *const *targets; /* paths as given by the user */
	size_t ntargets;
	bool git_ignore;		   /* skip what git ignores */
	const struct kl_allow *allow;	   /* allow.paths: skipped, counted */
	bool relative_to_target;	   /* paths relative to the single
					      directory target */
};

struct kl_worktree_cb {
	/* A regular file to scan (or a named non-directory target).  fspath
	 * and relpath are malloc'd and owned by the callee.  A non-zero
	 * return stops the walk. */
	int (*file)(void *ud, char *fspath, char *relpath);
	/* Something could not be read; the walk goes on. */
	void (*error)(void *ud, const char *relpath, const char *message);
	/* A warning about the walk as a whole (for example, ignore rules that
	 * could not be loaded). */
	void (*warning)(void *ud, const char *message);
	void *ud;
};

struct kl_worktree_stats {
	uint64_t ignored; /* git-ignored or allow-listed entries skipped */
};

/* Walk every target.  Returns 0, or the first non-zero value the file
 * callback returned, or KL_ENOMEM. */
int kl_worktree_walk(const struct kl_worktree_opts *opts,
		     const struct kl_worktree_cb *cb,
		     struct kl_worktree_stats *stats);

enum kl_read_result {
	KL_READ_OK = 0,
	KL_READ_TOO_LARGE,
	KL_READ_NOT_REGULAR,
	KL_READ_ERROR, /* errno-style code in *err */
};

/* Read a file for scanning into buf (cleared first): no following of a
 * final symlink, no blocking on special files, at most max bytes. */
enum kl_read_result kl_worktree_read(const char *fspath, size_t max,
				     struct kl_buf *buf, int *err);

#endif
