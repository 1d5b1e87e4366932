/*
 * staged: the source for `keylint staged`, the pre-commit check: the lines
 * the index adds relative to HEAD (an unborn HEAD counts as empty).
 */
#ifndef KL_STAGED_H
#define KL_STAGED_H

#include "buf.h"
#include "options.h"
#include "source.h"

/* Open the repository around targets[0] or "." (any subfolder of a work
 * tree works) and load its index.  KL_EREPO with a message on failure.
 * opts is borrowed for the source's life. */
int kl_staged_new(struct kl_source **out, const struct kl_options *opts,
                  struct kl_buf *err);

#endif
