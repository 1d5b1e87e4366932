/*
 * fetch: the repositories an audit names by URL, kept as bare clones in a
 * cache folder.  The first audit clones, later ones fetch (pruning what
 * the remote deleted or rewrote, so a force-pushed secret is no longer
 * reachable here either).  Only branches and tags are fetched.
 */
#ifndef KL_FETCH_H
#define KL_FETCH_H

#include <stdbool.h>

#include "buf.h"

/* Whether an audit list entry is a URL to fetch rather than a path:
 * SCHEME://... or git's scp-like USER@HOST:PATH. */
bool kl_fetch_is_url(const char *entry);

/* The URL without user name or password, for reports and logs. */
int kl_fetch_display(const char *url, struct kl_buf *out);

/* Clone url into cache_dir (made, mode 0700, when missing) or update the
 * clone already there; path gets the bare repository's folder.  0, or a
 * negative error with one line in err (the URL shown without its
 * credentials). */
int kl_fetch_repo(const char *cache_dir, const char *url, struct kl_buf *path,
                  struct kl_buf *err);

#endif
