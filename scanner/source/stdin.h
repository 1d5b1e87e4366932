/*
 * stdin: the source for `keylint scan -`: standard input as one file,
 * reported at --stdin-name.
 */
#ifndef KL_STDIN_H
#define KL_STDIN_H

#include "options.h"
#include "source.h"

/* opts is borrowed for the source's life.  Side files are read from the
 * current folder. */
int kl_stdin_new(struct kl_source **out, const struct kl_options *opts);

#endif
