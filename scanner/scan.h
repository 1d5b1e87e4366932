/*
 * scan: one scan from options to report, in pipeline order: pick the
 * source, read its config, rules and ignore file, run the source on the
 * workers (runner.h), attribute blob findings to paths and commits when
 * the source keeps a ledger, finish the findings, and stream or keep the
 * report.  Printing and exit codes are main's business.
 */
#ifndef KL_SCAN_H
#define KL_SCAN_H

#include "buf.h"
#include "options.h"
#include "report.h"

struct kl_scan;

/* Prepare a scan: open the source, read config, rules, ignore file and
 * baseline.  KL_EREPO (a repository that cannot be opened), KL_EINVAL or
 * KL_EIO (config, rules, ignore file, baseline) with one line in err;
 * KL_ENOMEM.  opts is borrowed for the scan's life. */
int kl_scan_new(struct kl_scan **out, const struct kl_options *opts,
                struct kl_buf *err);

/* Run the scan.  out (may be NULL) gets each finding as it is made when
 * one of its outputs is JSON Lines; the caller renders and closes it.
 * Problems with single files end up in the report's
 * errors.  A scan that could read nothing leaves the report marked
 * incomplete with the reason in err and returns KL_EIO; other failures
 * return non-zero with a message in err. */
int kl_scan_run(struct kl_scan *s, struct kl_report_out *out,
                struct kl_buf *err);

/* The report of the last run (owned by the scan). */
const struct kl_report *kl_scan_report(const struct kl_scan *s);

void kl_scan_free(struct kl_scan *s);

#endif
