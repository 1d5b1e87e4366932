/*
 * findings: what a confirmed hit becomes once it has a path: the copied
 * secret and snippet, line and column, fingerprint and secret hash, and (in
 * history mode) where it came from.  This module owns finding lists:
 * building them from hits, merging per-thread lists, sorting, de-duplicating
 * and redacting.  It does not decide what is a secret (the matcher does) or
 * how a finding is printed (the reporters do).
 */
#ifndef KL_FINDINGS_H
#define KL_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "matcher.h"
#include "rules.h"

/* The commit that introduced a finding (history mode).  Strings are owned
 * by the finding. */
struct kl_commit_info {
	char id[41];
	char *author;
	char *email;
	char date[32]; /* ISO 8601 UTC, 2024-05-01T10:00:00Z */
	char *summary;
};

struct kl_finding {
	const struct kl_rule *rule; /* borrowed from the rule set */
	enum kl_severity severity;  /* rule severity, raised if client-side */
	char *path;		    /* relative, '/' separators */
	uint32_t line, column, end_line, end_column;
	char *secret;
	size_t secret_len;
	/* The secret's first line, clipped around the secret, as found and
	 * with every secret found in it redacted. */
	char *snippet, *snippet_redacted;
	size_t snippet_len, snippet_redacted_len;
	size_t snippet_secret_off; /* where the secret starts in snippet */
	char digest[17];      /* first 16 hex digits of secret_hash */
	char secret_hash[41]; /* git blob id of the secret (SHA-1) */
	double entropy;
	bool client_side;
	char *client_side_reason;
	/* History mode. */
	struct kl_commit_info *commit; /* NULL outside history mode */
	bool present_at_head;
	char **head_paths;
	size_t nhead_paths, ahead_paths;
	char **reachable_from;
	size_t nreachable_from, areachable_from;
	uint64_t order; /* source order of discovery, for stable choices */
};

struct kl_findings {
	struct kl_finding *v;
	size_t n, alloc;
};

#define KL_FINDINGS_INIT {NULL, 0, 0}

/* Append a finding for each of the hits in data[0, len) found at `path`
 * (copied).  Secrets and snippets are copied, so data may go away
 * afterwards.  Each snippet is also stored with every secret of these hits
 * that it shows redacted. */
int kl_findings_add_hits(struct kl_findings *fs, const struct kl_ruleset *rs,
			 const struct kl_hit *hits, size_t nhits,
			 const char *data, size_t len, const char *path);

/* Append a deep copy of f with another path (NULL keeps f's). */
int kl_findings_add_copy(struct kl_findings *fs, const struct kl_finding *f,
			 const char *path);

/* Move every finding of src to the end of dst; src is left empty. */
int kl_findings_move(struct kl_findings *dst, struct kl_findings *src);

/* Release one finding's memory (the finding struct itself is not freed). */
void kl_finding_release(struct kl_finding *f);

/* Keep only findings for which keep() returns true, preserving order. */
void kl_findings_filter(struct kl_findings *fs,
			bool (*keep)(const struct kl_finding *f, void *ud),
			void *ud);

/* Sort by path, line, column, rule id, then end position and secret hash:
 * a total order, so equal input gives equal output. */
void kl_findings_sort(struct kl_findings *fs);

/* After sorting: drop findings equal to their predecessor in rule, path,
 * position and secret. */
void kl_findings_dedupe(struct kl_findings *fs);

void kl_findings_free(struct kl_findings *fs);

/* "RULE:PATH:DIGEST" into out (appended). */
int kl_finding_fingerprint(const struct kl_finding *f, struct kl_buf *out);

/* Append the redacted form of a secret: at most its first 4 characters
 * (fewer for short secrets, never a partial UTF-8 sequence), then
 * "*****".  Everything in keylint that prints a secret goes through here
 * unless --show-secrets. */
int kl_findings_redact(struct kl_buf *out, const char *secret, size_t len);


/* Secret hash of arbitrary bytes: hex git blob id, 40 digits + NUL. */
int kl_findings_hash(const char *secret, size_t len, char out[41]);

int kl_commit_info_copy(struct kl_commit_info **out,
			const struct kl_commit_info *src);
void kl_commit_info_free(struct kl_commit_info *ci);

#endif
