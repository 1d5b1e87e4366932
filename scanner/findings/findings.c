/*
 * findings: hits become findings here.  The secret hash comes from
 * secrethash.h, and the fingerprint uses its first 16 hex digits, which do
 * not depend on line numbers or commits.
 */
#include "findings.h"

#include <git2.h>
#include <string.h>

#include "secrethash.h"
#include "text.h"

#define SNIPPET_SIDE       80 /* bytes of context kept on each side */
#define SNIPPET_SECRET_MAX 200

static int grow(struct kl_findings *fs)
{
	if (KL_ALLOC_GROW(fs->v, fs->n + 1, fs->alloc))
		return KL_ENOMEM;
	memset(&fs->v[fs->n], 0, sizeof(fs->v[fs->n]));
	return 0;
}

/* The snippet with every hit's secret that overlaps it redacted. */
static int redacted_snippet(struct kl_buf *out, const struct kl_hit *hits,
                            size_t nhits, const char *data, size_t a, size_t b)
{
	size_t pos = a;
	int rc;

	for (size_t i = 0; i < nhits; i++) {
		const struct kl_hit *h = &hits[i];
		size_t s = h->secret_start, e = h->secret_end;

		if (e <= pos || s >= b)
			continue;
		if (s > pos && (rc = kl_buf_put(out, data + pos, s - pos)))
			return rc;
		if (s >= pos && (rc = kl_findings_redact(out, data + s, e - s)))
			return rc;
		/* Overlapping secrets (two rules, one token) vanish whole. */
		pos = e;
		if (pos >= b)
			return 0;
	}
	return kl_buf_put(out, data + pos, b - pos);
}

/* Lines and columns: the hit's, or for decoded content the encoded
 * run's in the original. */
static void place(struct kl_finding *f, const struct kl_hit *hit,
                  const struct kl_origin *origin)
{
	if (origin->nsteps) {
		f->line = origin->at.line;
		f->column = origin->at.column;
		f->end_line = origin->at.end_line;
		f->end_column = origin->at.end_column;
		f->column_cp = origin->at.column_cp;
		f->end_column_cp = origin->at.end_column_cp;
		return;
	}
	f->line = hit->line;
	f->column = hit->column;
	f->end_line = hit->end_line;
	f->end_column = hit->end_column;
	f->column_cp = hit->column_cp;
	f->end_column_cp = hit->end_column_cp;
}

/* Path, member, blob and decoding steps from the origin. */
static int take_origin(struct kl_finding *f, const struct kl_origin *origin)
{
	int rc = 0;

	f->blob = origin->blob;
	if (origin->path && !(f->path = strdup(origin->path)))
		return KL_ENOMEM;
	if (origin->member && !(f->member = strdup(origin->member)))
		return KL_ENOMEM;
	for (size_t i = 0; i < origin->nsteps && !rc; i++)
		rc = kl_strv_push(&f->decoded, origin->steps[i]);
	/* A rule that decodes its own secret (a Kubernetes Secret value). */
	if (!rc && f->rule->decode && !origin->nsteps)
		rc = kl_strv_push(&f->decoded, "base64");
	return rc;
}

/* The secret and its snippet: the secret's first line, clipped around it,
 * as found and with every secret of the hits redacted. */
static int take_text(struct kl_finding *f, const struct kl_hit *hits,
                     size_t nhits, const struct kl_hit *hit, const char *data)
{
	struct kl_buf red = KL_BUF_INIT;
	size_t ss = hit->secret_start, se = hit->secret_end, a, b, end;
	int rc;

	f->secret_len = se - ss;
	if (!(f->secret = kl_memdup0(data + ss, se - ss)))
		return KL_ENOMEM;
	end = se < hit->line_end ? se : hit->line_end;
	if (end - ss > SNIPPET_SECRET_MAX)
		end = ss + SNIPPET_SECRET_MAX;
	a = ss - hit->line_start > SNIPPET_SIDE ? ss - SNIPPET_SIDE
	                                        : hit->line_start;
	b = hit->line_end - end > SNIPPET_SIDE ? end + SNIPPET_SIDE
	                                       : hit->line_end;
	if (!(f->snippet = kl_memdup0(data + a, b - a)))
		return KL_ENOMEM;
	f->snippet_len = b - a;
	f->snippet_secret_off = ss - a;
	if (!(rc = redacted_snippet(&red, hits, nhits, data, a, b)) &&
	    !(f->snippet_redacted =
	          kl_buf_detach(&red, &f->snippet_redacted_len)))
		rc = KL_ENOMEM;
	kl_buf_free(&red);
	return rc;
}

static int add_hit(struct kl_findings *fs, const struct kl_ruleset *rs,
                   const struct kl_hit *hits, size_t nhits, size_t idx,
                   const char *data, const struct kl_origin *origin)
{
	const struct kl_hit *hit = &hits[idx];
	struct kl_finding *f;
	int rc;

	if ((rc = grow(fs)))
		return rc;
	f = &fs->v[fs->n];
	f->rule = &rs->rules[hit->rule];
	f->severity = f->rule->severity;
	f->entropy = hit->entropy;
	place(f, hit, origin);
	if ((rc = take_origin(f, origin)) ||
	    (rc = take_text(f, hits, nhits, hit, data)) ||
	    (rc = kl_secret_hash(f->secret, f->secret_len, f->entropy,
	                         f->secret_hash))) {
		kl_finding_release(f);
		return rc;
	}
	memcpy(f->digest, f->secret_hash, 16);
	f->digest[16] = '\0';
	fs->n++;
	return 0;
}

int kl_findings_add_hits(struct kl_findings *fs, const struct kl_ruleset *rs,
                         const struct kl_hit *hits, size_t nhits,
                         const char *text, const struct kl_origin *origin)
{
	int rc;

	for (size_t i = 0; i < nhits; i++) {
		/* In decoded content, only what came from the run is new. */
		if (origin->nsteps &&
		    (hits[i].secret_end <= origin->run_start ||
		     hits[i].secret_start >= origin->run_end))
			continue;
		if (origin->keep_lines && origin->nsteps &&
		    !origin->keep_lines(origin->keep_ud, origin->at.line,
		                        origin->at.end_line))
			continue;
		if (origin->keep_lines && !origin->nsteps &&
		    !origin->keep_lines(origin->keep_ud, hits[i].line,
		                        hits[i].end_line))
			continue;
		if ((rc = add_hit(fs, rs, hits, nhits, i, text, origin)))
			return rc;
	}
	return 0;
}

/* 0 for provider rules, 1 for broad ones, 2 for generic ones. */
static int level(const struct kl_rule *r)
{
	return r->flags & KL_RULE_GENERIC ? 2
	       : r->flags & KL_RULE_BROAD ? 1
	                                  : 0;
}

static bool same_place(const struct kl_finding *a, const struct kl_finding *b)
{
	uint64_t as = (uint64_t)a->line << 32 | a->column;
	uint64_t ae = (uint64_t)a->end_line << 32 | a->end_column;
	uint64_t bs = (uint64_t)b->line << 32 | b->column;
	uint64_t be = (uint64_t)b->end_line << 32 | b->end_column;

	return as < be && bs < ae;
}

/* Whether a gives way to b. */
static bool yields(const struct kl_finding *a, const struct kl_finding *b)
{
	if (level(a->rule) != level(b->rule))
		return level(a->rule) > level(b->rule);
	return a->decoded.n > b->decoded.n;
}

void kl_findings_settle_decoded(struct kl_findings *fs, size_t first)
{
	size_t w = first;

	for (size_t i = first; i < fs->n; i++) {
		bool drop = false;

		for (size_t j = first; j < fs->n && !drop; j++)
			drop = j != i &&
			       (fs->v[i].decoded.n || fs->v[j].decoded.n) &&
			       same_place(&fs->v[i], &fs->v[j]) &&
			       yields(&fs->v[i], &fs->v[j]);
		if (drop)
			fs->v[i].rule = NULL; /* marked; released below */
	}
	for (size_t i = first; i < fs->n; i++) {
		if (fs->v[i].rule)
			fs->v[w++] = fs->v[i];
		else
			kl_finding_release(&fs->v[i]);
	}
	fs->n = w;
}

int kl_commit_info_copy(struct kl_commit_info **out,
                        const struct kl_commit_info *src)
{
	struct kl_commit_info *ci = calloc(1, sizeof(*ci));

	*out = NULL;
	if (!ci)
		return KL_ENOMEM;
	memcpy(ci->id, src->id, sizeof(ci->id));
	memcpy(ci->date, src->date, sizeof(ci->date));
	ci->author = strdup(src->author ? src->author : "");
	ci->email = strdup(src->email ? src->email : "");
	ci->summary = strdup(src->summary ? src->summary : "");
	if (!ci->author || !ci->email || !ci->summary) {
		kl_commit_info_free(ci);
		return KL_ENOMEM;
	}
	*out = ci;
	return 0;
}

void kl_commit_info_free(struct kl_commit_info *ci)
{
	if (!ci)
		return;
	free(ci->author);
	free(ci->email);
	free(ci->summary);
	free(ci);
}

int kl_findings_add_copy(struct kl_findings *fs, const struct kl_finding *src,
                         const char *path)
{
	struct kl_finding *f;
	int rc;

	if ((rc = grow(fs)))
		return rc;
	f = &fs->v[fs->n];
	*f = *src;
	rc = 0;
	memset(&f->head_paths, 0, sizeof(f->head_paths));
	memset(&f->reachable_from, 0, sizeof(f->reachable_from));
	memset(&f->decoded, 0, sizeof(f->decoded));
	f->member = NULL;
	if (src->member && !(f->member = strdup(src->member)))
		rc = KL_ENOMEM;
	f->path = path || src->path ? strdup(path ? path : src->path) : NULL;
	f->secret = kl_memdup0(src->secret, src->secret_len);
	f->snippet = kl_memdup0(src->snippet, src->snippet_len);
	f->snippet_redacted =
	    kl_memdup0(src->snippet_redacted, src->snippet_redacted_len);
	f->commit = NULL;
	f->client_side_reason = NULL;
	f->repository = NULL;
	f->application = NULL;
	if ((src->repository && !(f->repository = strdup(src->repository))) ||
	    (src->application && !(f->application = strdup(src->application))))
		rc = KL_ENOMEM;
	if (src->client_side_reason &&
	    !(f->client_side_reason = strdup(src->client_side_reason)))
		rc = KL_ENOMEM;
	if (!rc)
		rc = kl_strv_copy(&f->decoded, &src->decoded);
	if (!rc)
		rc = kl_strv_copy(&f->head_paths, &src->head_paths);
	if (!rc)
		rc = kl_strv_copy(&f->reachable_from, &src->reachable_from);
	if (!rc && src->commit)
		rc = kl_commit_info_copy(&f->commit, src->commit);
	if (rc || (f->path == NULL) != (path == NULL && src->path == NULL) ||
	    !f->secret || !f->snippet || !f->snippet_redacted) {
		kl_finding_release(f);
		return KL_ENOMEM;
	}
	fs->n++;
	return 0;
}

int kl_findings_move(struct kl_findings *dst, struct kl_findings *src)
{
	if (!src->n)
		return 0;
	if (!dst->n) {
		free(dst->v);
		*dst = *src;
		src->v = NULL;
		src->n = src->alloc = 0;
		return 0;
	}
	if (KL_ALLOC_GROW(dst->v, dst->n + src->n, dst->alloc))
		return KL_ENOMEM;
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
	return 0;
}

void kl_finding_release(struct kl_finding *f)
{
	free(f->path);
	free(f->member);
	kl_strv_free(&f->decoded);
	free(f->secret);
	free(f->snippet);
	free(f->snippet_redacted);
	free(f->client_side_reason);
	kl_commit_info_free(f->commit);
	kl_strv_free(&f->head_paths);
	kl_strv_free(&f->reachable_from);
	free(f->repository);
	free(f->application);
	memset(f, 0, sizeof(*f));
}

void kl_findings_filter(struct kl_findings *fs,
                        bool (*keep)(const struct kl_finding *f, void *ud),
                        void *ud)
{
	size_t w = 0;

	for (size_t i = 0; i < fs->n; i++) {
		if (keep(&fs->v[i], ud))
			fs->v[w++] = fs->v[i];
		else
			kl_finding_release(&fs->v[i]);
	}
	fs->n = w;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct kl_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->path, b->path)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if ((c = strcmp(a->rule->id, b->rule->id)))
		return c;
	if (a->end_line != b->end_line)
		return a->end_line < b->end_line ? -1 : 1;
	if (a->end_column != b->end_column)
		return a->end_column < b->end_column ? -1 : 1;
	if ((c = strcmp(a->secret_hash, b->secret_hash)))
		return c;
	if (a->commit && b->commit &&
	    (c = strcmp(a->commit->id, b->commit->id)))
		return c;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return 0;
}

void kl_findings_sort(struct kl_findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), cmp_finding);
}

void kl_findings_dedupe(struct kl_findings *fs)
{
	size_t w = 0;

	for (size_t i = 0; i < fs->n; i++) {
		struct kl_finding *f = &fs->v[i];

		if (w) {
			const struct kl_finding *p = &fs->v[w - 1];

			if (p->rule == f->rule && p->line == f->line &&
			    p->column == f->column &&
			    p->end_line == f->end_line &&
			    p->end_column == f->end_column &&
			    strcmp(p->path, f->path) == 0 &&
			    strcmp(p->secret_hash, f->secret_hash) == 0) {
				kl_finding_release(f);
				continue;
			}
		}
		fs->v[w++] = *f;
	}
	fs->n = w;
}

void kl_findings_free(struct kl_findings *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++)
		kl_finding_release(&fs->v[i]);
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->alloc = 0;
}

const char *kl_finding_inner_path(const char *path)
{
	const char *bang = strrchr(path, '!');

	return bang ? bang + 1 : path;
}

int kl_finding_fingerprint(const struct kl_finding *f, struct kl_buf *out)
{
	return kl_buf_printf(out, "%s:%s:%s", f->rule->id, f->path, f->digest);
}

int kl_findings_redact(struct kl_buf *out, const char *secret, size_t len)
{
	size_t keep = len >= 16 ? 4 : len / 4, i = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)secret;
	int rc;

	/* Count characters, not bytes, and never split a UTF-8 sequence. */
	while (i < len && chars < keep) {
		size_t n = kl_text_utf8_seq(p + i, len - i);

		if (!n)
			n = 1;
		if (i + n > len)
			break;
		i += n;
		chars++;
	}
	if ((rc = kl_buf_put(out, secret, i)))
		return rc;
	return kl_buf_puts(out, "*****");
}

static bool has_tag(const struct kl_rule *r, const char *tag)
{
	for (size_t i = 0; i < r->tags.n; i++)
		if (strcmp(r->tags.v[i], tag) == 0)
			return true;
	return false;
}

int kl_finding_remediation(const struct kl_finding *f, bool history,
                           struct kl_buf *out)
{
	const struct kl_rule *r = f->rule;
	const char *first;
	int rc;

	if (has_tag(r, "private-key"))
		first = "revoke the key pair and issue a new one";
	else if (has_tag(r, "password") || has_tag(r, "connection-string") ||
	         has_tag(r, "basic-auth"))
		first = "change the password";
	else if (has_tag(r, "webhook"))
		first = "delete the webhook and create a new one";
	else
		first = "rotate the key with its provider (revoke it, issue "
		        "a new one)";
	rc = kl_buf_puts(out, first);
	if (!rc && f->client_side)
		rc = kl_buf_puts(out,
		                 "; a key in browser or app code is "
		                 "public, so move the calls that need it to "
		                 "a server and read it from the "
		                 "environment there");
	else if (!rc && (!history || f->present_at_head))
		rc = kl_buf_puts(out, ", then read it from the environment or "
		                      "a secret manager instead of the code");
	if (!rc && history && !f->present_at_head)
		rc = kl_buf_puts(out, "; it is gone from HEAD but every clone "
		                      "still has it: rewrite history with `git "
		                      "filter-repo --replace-text FILE` and "
		                      "force-push if it cannot be rotated");
	return rc;
}
