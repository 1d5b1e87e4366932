/*
 * history: the source for `keylint history`.  It walks the commits that
 * the given revisions (or every ref and HEAD) reach, oldest first, finds
 * for each commit the (path, blob) pairs that differ from every parent,
 * and hands each unique blob to the workers once.  Its ledger tells the
 * findings stage where each blob appeared, whether HEAD still holds it and
 * which refs reach a commit.  Repositories are opened read-only; nothing
 * in them is executed.
 *
 * Files: history.c (the source), revs.c (revisions and refs), graph.c (the
 * commit graph and its order), treediff.c (trees -> first sightings).
 */
#ifndef KL_HISTORY_H
#define KL_HISTORY_H

#include "buf.h"
#include "options.h"
#include "source.h"

/* Open the repository (targets[0] or ".", searching upwards) and resolve
 * the revisions.  A repository that cannot be opened gives KL_EREPO, a
 * revision that does not resolve KL_EINVAL; both with a message in err.
 * opts is borrowed for the source's life. */
int kl_history_new(struct kl_source **out, const struct kl_options *opts,
                   struct kl_buf *err);

#endif
