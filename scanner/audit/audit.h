/*
 * audit: `keylint audit LIST`.  Each repository the list names (a path,
 * a bare clone, or a URL fetched into the cache, fetch.h) is scanned as
 * `keylint history` scans it, and its records go into an audit log
 * (auditlog.h).  A repository that cannot be fetched or opened is an
 * error record, and the audit goes on.  Printing is main's business.
 */
#ifndef KL_AUDIT_H
#define KL_AUDIT_H

#include "auditlog.h"
#include "buf.h"
#include "options.h"
#include "strv.h"

/* The entries of a list (one a line; blank lines and # comments
 * skipped; surrounding white space trimmed), duplicates dropped, in list
 * order.  KL_EIO or KL_EINVAL with one line in err. */
int kl_audit_read_list(const char *path, struct kl_strv *entries,
                       struct kl_buf *err);

/* Whether entry is in shard k of n (1 <= k <= n): a hash of the entry
 * decides, so adding an entry moves no other. */
bool kl_audit_in_shard(const char *entry, unsigned k, unsigned n);

/* Audit opts->targets[0] (the list), or opts' shard of it, into log.
 * Warnings of the scans go to warnings, prefixed with the repository.
 * Returns 0 even when repositories failed (they are error records);
 * non-zero only when the list cannot be read (err) or memory runs out. */
int kl_audit_run(const struct kl_options *opts, struct kl_auditlog *log,
                 struct kl_strv *warnings, struct kl_buf *err);

#endif
