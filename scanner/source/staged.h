/*
 * staged: the source for `keylint staged`, the pre-commit check.  It
 * compares HEAD's tree (empty when HEAD is unborn) with the index, scans
 * the staged version of each added, modified, renamed or copied file, and
 * keeps only findings on lines the index adds.  Unstaged changes in the
 * work tree are never read.  The repository is only read.
 */
#ifndef KL_STAGED_H
#define KL_STAGED_H

#include "buf.h"
#include "engine.h"

struct kl_options;
struct kl_report;
struct kl_staged;

/* Open the repository around targets[0] or "." (any subfolder of a work
 * tree works) and load its index.  KL_EREPO with a message on failure. */
int kl_staged_open(struct kl_staged **out, const struct kl_options *opts,
		   struct kl_buf *err);

/* Read a staged file (from the index) into out; KL_ENOTFOUND if absent. */
int kl_staged_setup_file(struct kl_staged *s, const char *path,
			 struct kl_buf *out);

/* kl_clientside_read_fn over the index (ud is the kl_staged). */
int kl_staged_read_file(void *ud, const char *relpath, struct kl_buf *out);

int kl_staged_run(struct kl_staged *s, struct kl_engine *eng,
		  struct kl_report *rep, struct kl_buf *err);

void kl_staged_free(struct kl_staged *s);

#endif
