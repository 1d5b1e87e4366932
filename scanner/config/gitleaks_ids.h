/*
 * gitleaks_ids: which keylint rules find what a rule of gitleaks' default
 * config finds, so that a gitleaks config's disabledRules and the rule
 * part of .gitleaksignore entries can be carried over.  The table knows
 * the gitleaks rules whose own examples keylint's peer corpus holds; a
 * gitleaks id it does not list is unknown, not unmatched.
 */
#ifndef KL_GITLEAKS_IDS_H
#define KL_GITLEAKS_IDS_H

#include <stdbool.h>
#include <stddef.h>

struct kl_gitleaks_id {
	const char *gitleaks; /* gitleaks' rule id */
	const char *keylint;  /* space-separated keylint rule ids, "" if none */
	/* true: the keylint rules find the same secrets and no others, so
	 * disabling the gitleaks rule may disable them; false: they overlap
	 * (a finding of theirs on the same line is the same secret), which
	 * is enough to match an ignore entry but not to disable them */
	bool same;
};

/* The entry of a gitleaks rule id, or NULL.  Entries are static. */
const struct kl_gitleaks_id *kl_gitleaks_ids_find(const char *gitleaks_id);

/* The whole table, sorted by gitleaks id (static; *n entries). */
const struct kl_gitleaks_id *kl_gitleaks_ids_table(size_t *n);

/* Whether keylint_id is one of the entry's keylint rules. */
bool kl_gitleaks_ids_has(const struct kl_gitleaks_id *e,
                         const char *keylint_id);

#endif
