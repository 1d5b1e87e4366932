/*
 * path: where reported paths are, seen from the current directory.
 * Reports name files relative to a root (a repository's work tree, or the
 * one folder scanned); text for people prints paths that open from where
 * keylint was started.
 */
#ifndef KL_PATH_H
#define KL_PATH_H

#include "buf.h"

struct kl_path_view {
	/* The current directory relative to the root ("" at the root),
	 * when it is inside the root; NULL otherwise. */
	char *cwd_in_root;
	/* The root as seen from the current directory ("../app", "/srv/x"),
	 * when the current directory is outside it; NULL otherwise. */
	char *root_from_cwd;
};

/* Work out the view of root (an absolute, resolved folder) from the
 * current directory.  KL_ENOMEM, or KL_EIO when the current directory is
 * unknown (the view then maps nothing). */
int kl_path_view_init(struct kl_path_view *v, const char *root);
void kl_path_view_release(struct kl_path_view *v);

/* path (relative to the root, '/' separators) as it opens from the
 * current directory, appended to out.  A view that maps nothing appends
 * path itself. */
int kl_path_display(const struct kl_path_view *v, const char *path,
                    struct kl_buf *out);

#endif
