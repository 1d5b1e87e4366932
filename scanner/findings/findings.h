/*
 * findings: what a confirmed hit becomes: the copied secret and snippet,
 * lines and columns, fingerprint and secret hash, the chunk's origin and
 * (in history mode) the commit that introduced it.  This module owns
 * finding lists: building them from hits, copying, merging, sorting,
 * de-duplicating and redacting.  It does not decide what is a secret (the
 * matcher does), which findings are kept (finish does) or how a finding is
 * printed (the reporters do).
 */
#ifndef KL_FINDINGS_H
#define KL_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "chunk.h"
#include "matcher.h"
#include "evidence.h"
#include "rules.h"
#include "strv.h"

struct kl_finding {
	const struct kl_rule *rule; /* borrowed from the rule set */
	enum kl_severity severity;  /* rule severity, raised if client-side */
	char *path;    /* relative, '/' separators; NULL until attributed */
	uint32_t blob; /* the chunk's blob number, or KL_NO_BLOB */
	char *member;  /* the archive member (path is then PATH!MEMBER) */
	struct kl_strv decoded; /* how the secret was decoded, outermost
	                           first; empty when it was not */
	uint32_t line, column, end_line, end_column;
	uint32_t column_cp, end_column_cp; /* columns in code points */
	char *secret;
	size_t secret_len;
	/* The secret's first line, clipped around the secret, as found and
	 * with every secret found in it redacted. */
	char *snippet, *snippet_redacted;
	size_t snippet_len, snippet_redacted_len;
	size_t snippet_secret_off; /* where the secret starts in snippet */
	char digest[17];           /* first 16 hex digits of secret_hash */
	char secret_hash[41];      /* git blob id of the secret (SHA-1) */
	double entropy;
	bool classified; /* client-side classification is done */
	bool client_side;
	char *client_side_reason;
	/* History mode. */
	struct kl_commit_info *commit; /* NULL outside history mode */
	bool present_at_head;
	struct kl_strv head_paths;
	struct kl_strv reachable_from;
	uint64_t order; /* source order of discovery, for stable choices */
	/* Audits: the repository (its name in the audit list) and, in any
	 * mode, the application: the folder of the nearest package
	 * manifest above the path ("" for the repository root), or NULL
	 * when unknown. */
	char *repository;
	char *application;
	/* --explain: why a candidate was dropped (KL_VERDICT_KEPT for a
	 * finding), and for an overlap the rule whose finding covered it. */
	enum kl_verdict verdict;
	uint32_t by_rule;
};

struct kl_findings {
	struct kl_finding *v;
	size_t n, alloc;
};

#define KL_FINDINGS_INIT                                                       \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append a finding for each hit in text (the content the hits point into)
 * that the chunk's origin keeps (its keep_lines; for decoded content, a
 * secret in the decoded run), with the origin's path, member and blob
 * (copied).  A finding in decoded content is located at the encoded run
 * in the original and lists the decoding steps.  Secrets and snippets are
 * copied, so text may go away afterwards.  Each snippet is stored with
 * every secret of all the hits that it shows redacted. */
int kl_findings_add_hits(struct kl_findings *fs, const struct kl_ruleset *rs,
                         const struct kl_hit *hits, size_t nhits,
                         const char *text, const struct kl_origin *origin);

/* Within v[first..n) (the findings of one chunk and what it decoded to):
 * where a finding in decoded content and another finding cover the same
 * place, keep only the more specific rule's (provider over broad over
 * generic; on a tie, the one decoded fewer times). */
void kl_findings_settle_decoded(struct kl_findings *fs, size_t first);

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

/* The path part that is inside an archive, or the path itself: what
 * rules and client-side checks look at. */
const char *kl_finding_inner_path(const char *path);

/* "RULE:PATH:DIGEST" into out (appended): the one place the fingerprint
 * format is written. */
int kl_finding_fingerprint(const struct kl_finding *f, struct kl_buf *out);

/* Append the redacted form of a secret: at most its first 4 characters
 * (fewer for short secrets, never a partial UTF-8 sequence), then
 * "*****".  Everything in keylint that prints a secret goes through here
 * unless --show-secrets. */
int kl_findings_redact(struct kl_buf *out, const char *secret, size_t len);

/* What to do about a finding, one sentence, appended to out: revoke or
 * rotate it (the wording follows the rule's tags), then either take it
 * out of the code or, when only history holds it (history mode), out of
 * history; a browser-side key goes behind a server. */
int kl_finding_remediation(const struct kl_finding *f, bool history,
                           struct kl_buf *out);

/* Deep copy and release of commit info. */
int kl_commit_info_copy(struct kl_commit_info **out,
                        const struct kl_commit_info *src);
void kl_commit_info_free(struct kl_commit_info *ci);

#endif
