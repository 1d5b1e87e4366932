/*
 * history: the source for `keylint history`.  It walks the commits that
 * the given revisions (or every ref and HEAD) reach, oldest first, finds
 * for each commit the (path, blob) pairs that differ from every parent,
 * scans each unique blob once on the worker pool, and attributes each
 * (rule, path, secret) to the first commit that brought it.  It also works
 * out whether HEAD still holds each secret and which refs reach the
 * introducing commit.  Repositories are opened read-only; nothing in them
 * is executed.
 */
#ifndef KL_HISTORY_H
#define KL_HISTORY_H

#include "buf.h"
#include "engine.h"

struct kl_options;
struct kl_report;
struct kl_history;

/* Open the repository (targets[0] or ".", searching upwards) and resolve
 * the revisions.  A repository that cannot be opened gives KL_EREPO, a
 * revision that does not resolve KL_EINVAL; both with a message in err. */
int kl_history_open(struct kl_history **out, const struct kl_options *opts,
		    struct kl_buf *err);

/* Read a file from the tree of the tip being scanned (HEAD, or the first
 * revision given) into out: how .keylint.json and .keylintignore are found.
 * KL_ENOTFOUND when there is no such file. */
int kl_history_setup_file(struct kl_history *h, const char *path,
			  struct kl_buf *out);

/* kl_clientside_read_fn over the tip's tree (ud is the kl_history). */
int kl_history_read_file(void *ud, const char *relpath, struct kl_buf *out);

/* Walk, scan and attribute; findings, counts and errors go into rep.
 * Unreadable objects become errors and the walk goes on; KL_EIO only when
 * no commit at all could be read. */
int kl_history_run(struct kl_history *h, struct kl_engine *eng,
		   struct kl_report *rep, struct kl_buf *err);

void kl_history_free(struct kl_history *h);

#endif
