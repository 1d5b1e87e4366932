/*
 * reuse: one secret in more than one place that should have had its own
 * key.  Providers ask for a key per application; a secret (by its hash)
 * found in two repositories, or in two applications of one repository, is
 * one group, whatever rules found it.  Groups borrow from the findings
 * they were built from.
 */
#ifndef KL_REUSE_H
#define KL_REUSE_H

#include "findings.h"

/* Where a reused secret is: borrowed from a finding. */
struct kl_reuse_place {
	const char *repository; /* NULL outside audits */
	const char *application;
	const char *path;
};

struct kl_reuse_group {
	const struct kl_finding *first; /* for secret_hash and redaction */
	struct kl_reuse_place *places;  /* sorted, distinct */
	size_t n;
};

struct kl_reuse {
	struct kl_reuse_group *v; /* sorted by secret hash */
	size_t n;
};

/* Group fs (sorted or not) by secret hash; a group is kept when its
 * findings span more than one (repository, application) pair. */
int kl_reuse_build(const struct kl_findings *fs, struct kl_reuse *out);
void kl_reuse_free(struct kl_reuse *r);

#endif
