/*
 * auditreport: an audit's JSON Lines records as a report for the text,
 * HTML and JSON renderers.  Findings are rebuilt from their records, with
 * the secrets kept as the records have them (redacted unless the audit
 * ran with --show-secrets), and rules rebuilt from the records' rule id,
 * description, severity and tags.  It does not read or write files.
 */
#ifndef KL_AUDITREPORT_H
#define KL_AUDITREPORT_H

#include "auditlog.h"
#include "report.h"

struct kl_auditreport {
	struct kl_report rep;
	struct kl_rule **rules; /* owned; the findings point at them */
	size_t nrules, arules;
};

#define KL_AUDITREPORT_INIT                                                    \
	{                                                                      \
		{0}, NULL, 0, 0                                                \
	}

/* Fill ar (from KL_AUDITREPORT_INIT) from the records of l: findings,
 * errors (a repository that could not be scanned, and each error of a
 * scanned one, as "REPOSITORY: PATH"), counts, the repositories as
 * targets, the reuse groups, and gated counting findings at or above min.
 * On error ar must still be released. */
int kl_auditreport_build(struct kl_auditreport *ar, struct kl_auditlog *l,
                         enum kl_severity min);
void kl_auditreport_release(struct kl_auditreport *ar);

#endif
