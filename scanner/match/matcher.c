/*
 * matcher: keyword windows -> PCRE2 JIT -> filters -> hits.  The windowed
 * path keeps regex work proportional to keyword occurrences instead of to
 * content size; the whole path (opts.whole) exists to prove the two agree.
 * Windows bound where a match may start (PCRE2's offset limit), never where
 * it may end, so a long token is never cut at a window edge.
 */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "prefilter.h"
#include "text.h"

struct window {
	size_t lo, hi; /* match start positions allowed: [lo, hi] */
};

struct rule_windows {
	struct window *w;
	size_t n, alloc;
};

struct kl_matcher {
	const struct kl_ruleset *rs;
	struct kl_matcher_opts opts;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;

	const uint8_t *mask;     /* for the current scan */
	size_t len;              /* of the current content */
	struct rule_windows *rw; /* one per rule */
	uint32_t *active;        /* rules with windows in this scan */
	size_t nactive, aactive;
	uint8_t *is_active;

	struct kl_hit *hits;
	size_t nhits, ahits;
	uint8_t *drop; /* scratch for drop_overlaps */
	size_t adrop;
	uint64_t *limits;
	uint64_t limit_total;
	uint8_t *failed; /* per rule: its regex could not be compiled */
	struct kl_candidate *cands; /* opts.record: every candidate */
	size_t ncands, acands;
};

int kl_matcher_new(struct kl_matcher **out, const struct kl_ruleset *rs,
                   const struct kl_matcher_opts *opts)
{
	struct kl_matcher *m;
	size_t n = rs->nrules ? rs->nrules : 1;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return KL_ENOMEM;
	m->rs = rs;
	if (opts)
		m->opts = *opts;
	m->md = pcre2_match_data_create(rs->ovector_pairs, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit = pcre2_jit_stack_create(32 * 1024, 2 * 1024 * 1024, NULL);
	m->rw = calloc(n, sizeof(*m->rw));
	m->is_active = calloc(n, 1);
	m->limits = calloc(n, sizeof(*m->limits));
	m->failed = calloc(n, 1);
	if (!m->md || !m->mctx || !m->jit || !m->rw || !m->is_active ||
	    !m->limits || !m->failed) {
		kl_matcher_free(m);
		return KL_ENOMEM;
	}
	pcre2_set_match_limit(m->mctx, KL_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, KL_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, KL_HEAP_LIMIT_KIB);
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	*out = m;
	return 0;
}

void kl_matcher_free(struct kl_matcher *m)
{
	if (!m)
		return;
	if (m->rw)
		for (size_t i = 0; i < m->rs->nrules; i++)
			free(m->rw[i].w);
	free(m->rw);
	free(m->active);
	free(m->is_active);
	free(m->hits);
	free(m->drop);
	free(m->limits);
	free(m->failed);
	free(m->cands);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	free(m);
}

uint64_t kl_matcher_limit_count(const struct kl_matcher *m, size_t rule)
{
	return rule < m->rs->nrules ? m->limits[rule] : 0;
}

uint64_t kl_matcher_limit_total(const struct kl_matcher *m)
{
	return m->limit_total;
}

bool kl_matcher_failed(const struct kl_matcher *m, size_t rule)
{
	return rule < m->rs->nrules && m->failed[rule];
}

static int activate(struct kl_matcher *m, uint32_t r)
{
	if (m->is_active[r])
		return 0;
	if (KL_ALLOC_GROW(m->active, m->nactive + 1, m->aactive))
		return KL_ENOMEM;
	m->active[m->nactive++] = r;
	m->is_active[r] = 1;
	return 0;
}

static int add_window(struct kl_matcher *m, uint32_t r, size_t lo, size_t hi)
{
	struct rule_windows *rw = &m->rw[r];
	int rc;

	if ((rc = activate(m, r)))
		return rc;
	/* Occurrences arrive by end position, so hi never decreases; lo of
	 * a longer keyword may be a little lower than the previous one's. */
	if (rw->n && lo <= rw->w[rw->n - 1].hi + 1) {
		struct window *last = &rw->w[rw->n - 1];

		if (hi > last->hi)
			last->hi = hi;
		if (lo < last->lo)
			last->lo = lo;
		return 0;
	}
	if (KL_ALLOC_GROW(rw->w, rw->n + 1, rw->alloc))
		return KL_ENOMEM;
	rw->w[rw->n].lo = lo;
	rw->w[rw->n].hi = hi;
	rw->n++;
	return 0;
}

static int on_keyword(void *ud, uint32_t kw, size_t start)
{
	struct kl_matcher *m = ud;
	const struct kl_ruleset *rs = m->rs;
	size_t kwlen = rs->kw_len[kw];

	for (uint32_t i = rs->kw_start[kw]; i < rs->kw_start[kw + 1]; i++) {
		uint32_t r = rs->kw_rules[i];
		size_t radius = rs->rules[r].window, lo, hi;
		int rc;

		if (m->mask && !m->mask[r])
			continue;
		if (m->opts.whole) {
			if (!m->is_active[r] &&
			    (rc = add_window(m, r, 0, m->len)))
				return rc;
			continue;
		}
		lo = start > radius ? start - radius : 0;
		hi = start + kwlen + radius;
		if (hi > m->len)
			hi = m->len;
		if ((rc = add_window(m, r, lo, hi)))
			return rc;
	}
	return 0;
}

static void line_bounds(const char *data, size_t len, size_t pos, size_t *ls,
                        size_t *le)
{
	const char *nl;
	size_t s = pos;

	while (s > 0 && data[s - 1] != '\n')
		s--;
	nl = pos < len ? memchr(data + pos, '\n', len - pos) : NULL;
	*ls = s;
	*le = nl ? (size_t)(nl - data) : len;
}

static bool regex_hits(struct kl_matcher *m, pcre2_code *code, const char *s,
                       size_t n)
{
	int rc;

	pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
	rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, m->md, m->mctx);
	return rc >= 0;
}

/* The text an allow regex looks at. */
static void allow_text(enum kl_allow_target target, const char *data,
                       size_t len, const struct kl_hit *hit, const char **t,
                       size_t *tlen)
{
	size_t ls, le, unused;

	switch (target) {
	case KL_ALLOW_MATCH:
		*t = data + hit->start;
		*tlen = hit->end - hit->start;
		break;
	case KL_ALLOW_LINE:
		line_bounds(data, len, hit->start, &ls, &unused);
		line_bounds(data, len,
		            hit->end > hit->start ? hit->end - 1 : hit->start,
		            &unused, &le);
		*t = data + ls;
		*tlen = le - ls;
		break;
	default:
		*t = data + hit->secret_start;
		*tlen = hit->secret_end - hit->secret_start;
		break;
	}
}

/* KL_VERDICT_KEPT, or the stopword or allow regex verdict of this list
 * (the config's when config is set). */
static enum kl_verdict allow_verdict(struct kl_matcher *m,
                                     const struct kl_allow *allow,
                                     const char *data, size_t len,
                                     const struct kl_hit *hit, bool config)
{
	const char *secret = data + hit->secret_start;
	size_t slen = hit->secret_end - hit->secret_start;
	const char *t;
	size_t tlen;

	if (!allow)
		return KL_VERDICT_KEPT;
	for (size_t i = 0; i < allow->stopwords.n; i++) {
		const char *w = allow->stopwords.v[i];

		if (kl_text_memcasemem(secret, slen, w, strlen(w)))
			return config ? KL_VERDICT_CONFIG_STOPWORD
			              : KL_VERDICT_STOPWORD;
	}
	for (size_t i = 0; i < allow->nregexes; i++) {
		allow_text(allow->targets[i], data, len, hit, &t, &tlen);
		if (regex_hits(m, allow->regexes[i], t, tlen))
			return config ? KL_VERDICT_CONFIG_ALLOWLIST
			              : KL_VERDICT_ALLOWLIST;
	}
	return KL_VERDICT_KEPT;
}

bool kl_matcher_allowed(struct kl_matcher *m, const struct kl_allow *allow,
                        const char *data, size_t len, const struct kl_hit *hit)
{
	return allow_verdict(m, allow, data, len, hit, false) !=
	       KL_VERDICT_KEPT;
}

/* Markers that silence a line: keylint's, then those of the scanners
 * teams move over from (gitleaks, trufflehog, detect-secrets,
 * secretlint), so their annotated code stays quiet. */
static const char *const markers[] = {
    "keylint:allow",           "gitleaks:allow",
    "trufflehog:ignore",       "pragma: allowlist secret",
    "secretlint-disable-line", NULL,
};

/* Markers on the line before, for the line after. */
static const char *const next_markers[] = {
    "secretlint-disable-next-line",
    "pragma: allowlist nextline secret",
    NULL,
};

static bool has_marker(const char *data, size_t ls, size_t le,
                       const char *const *list, size_t n)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (kl_text_memcasemem(data + ls, le - ls, list[i],
		                       strlen(list[i])))
			return true;
	return false;
}

/* The inline marker that silences the line [ls, le): keylint:allow
 * (KL_VERDICT_INLINE_ALLOW), unless own, another scanner's on the line or
 * on the line before (KL_VERDICT_INLINE_MARKER), or KL_VERDICT_KEPT. */
static enum kl_verdict marker_verdict(const char *data, size_t ls, size_t le,
                                      bool own)
{
	size_t ps;

	if (has_marker(data, ls, le, markers, 1))
		return KL_VERDICT_INLINE_ALLOW;
	if (own)
		return KL_VERDICT_KEPT;
	if (has_marker(data, ls, le, markers + 1, SIZE_MAX))
		return KL_VERDICT_INLINE_MARKER;
	if (ls == 0)
		return KL_VERDICT_KEPT;
	for (ps = ls - 1; ps > 0 && data[ps - 1] != '\n'; ps--)
		;
	return has_marker(data, ps, ls - 1, next_markers, SIZE_MAX)
	           ? KL_VERDICT_INLINE_MARKER
	           : KL_VERDICT_KEPT;
}

/* The generic plausibility evidence, with the name: the text from up to
 * 128 bytes before the match to the value. */
static enum kl_verdict generic_verdict(const char *data,
                                       const struct kl_hit *hit)
{
	size_t from = hit->start > 128 ? hit->start - 128 : 0;

	return kl_filter_generic(
	    data + hit->secret_start, hit->secret_end - hit->secret_start,
	    data + from, hit->secret_start - from, hit->start - from);
}

/* Decide whether a regex match is a finding: KL_VERDICT_KEPT, or the
 * evidence that drops it.  Fills in hit's entropy and line bounds. */
static enum kl_verdict judge(struct kl_matcher *m, const struct kl_rule *rule,
                             const char *data, size_t len, struct kl_hit *hit)
{
	const char *secret = data + hit->secret_start;
	size_t slen = hit->secret_end - hit->secret_start;
	enum kl_verdict v;

	hit->entropy = kl_text_entropy(secret, slen);
	if (rule->entropy > 0 && hit->entropy < rule->entropy)
		return KL_VERDICT_ENTROPY;
	if (kl_filter_is_placeholder(secret, slen) ||
	    ((rule->flags & KL_RULE_GENERIC) &&
	     kl_filter_is_typed(secret, slen)))
		return KL_VERDICT_PLACEHOLDER;
	if (kl_filter_is_known_example(secret, slen))
		return KL_VERDICT_KNOWN_EXAMPLE;
	if ((rule->flags & KL_RULE_GENERIC) &&
	    (v = generic_verdict(data, hit)) != KL_VERDICT_KEPT)
		return v;
	if (rule->decode &&
	    !kl_filter_decoded_plausible(
	        secret, slen, rule->decode == KL_DECODE_BASE64_USERPASS))
		return KL_VERDICT_DECODE;
	if ((v = allow_verdict(m, &rule->allow, data, len, hit, false)) ||
	    (v = allow_verdict(m, m->opts.global_allow, data, len, hit, true)))
		return v;
	line_bounds(data, len, hit->secret_start, &hit->line_start,
	            &hit->line_end);
	return marker_verdict(data, hit->line_start, hit->line_end,
	                      m->opts.own_markers_only);
}

static int push_hit(struct kl_matcher *m, const struct kl_hit *h)
{
	if (KL_ALLOC_GROW(m->hits, m->nhits + 1, m->ahits))
		return KL_ENOMEM;
	m->hits[m->nhits++] = *h;
	return 0;
}

static int record(struct kl_matcher *m, const struct kl_hit *h,
                  enum kl_verdict v)
{
	struct kl_candidate *c;

	if (KL_ALLOC_GROW(m->cands, m->ncands + 1, m->acands))
		return KL_ENOMEM;
	c = &m->cands[m->ncands++];
	c->hit = *h;
	c->verdict = v;
	c->by_rule = UINT32_MAX;
	return 0;
}

static int run_rule(struct kl_matcher *m, uint32_t r, const char *data,
                    size_t len)
{
	const struct kl_rule *rule = &m->rs->rules[r];
	struct rule_windows *rw = &m->rw[r];
	size_t pos = 0;
	int rc;

	if (!kl_rules_prepare(m->rs, rule)) {
		m->failed[r] = 1; /* reported as a warning, never silent */
		return 0;
	}
	for (size_t wi = 0; wi < rw->n; wi++) {
		const struct window *w = &rw->w[wi];
		size_t start = w->lo > pos ? w->lo : pos;

		while (start <= w->hi && start <= len) {
			PCRE2_SIZE *ov;
			struct kl_hit hit;
			uint32_t g = rule->secret_group;

			/* Allowlist regexes share the match context and data,
			 * so the limit is set before every attempt and the
			 * ovector is copied out before judge() runs. */
			pcre2_set_offset_limit(m->mctx, w->hi);
			rc = pcre2_match(rule->code, (PCRE2_SPTR)data, len,
			                 start, 0, m->md, m->mctx);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				/* Match, depth, heap or JIT stack limit: count
				 * it and give up on this window only. */
				m->limits[r]++;
				m->limit_total++;
				break;
			}
			ov = pcre2_get_ovector_pointer(m->md);
			memset(&hit, 0, sizeof(hit));
			hit.rule = r;
			hit.start = ov[0];
			hit.end = ov[1];
			pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
			start = pos;
			if ((uint32_t)rc > g && ov[2 * g] != PCRE2_UNSET &&
			    ov[2 * g + 1] > ov[2 * g]) {
				enum kl_verdict v;

				hit.secret_start = ov[2 * g];
				hit.secret_end = ov[2 * g + 1];
				v = judge(m, rule, data, len, &hit);
				/* A candidate dropped early has no line yet; a
				 * recorded one is located like a finding. */
				if (m->opts.record && v != KL_VERDICT_KEPT)
					line_bounds(data, len, hit.secret_start,
					            &hit.line_start,
					            &hit.line_end);
				if (m->opts.record && (rc = record(m, &hit, v)))
					return rc;
				if (v == KL_VERDICT_KEPT &&
				    (rc = push_hit(m, &hit)))
					return rc;
			}
		}
	}
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct kl_hit *x = a, *y = b;

	if (x->secret_start != y->secret_start)
		return x->secret_start < y->secret_start ? -1 : 1;
	if (x->secret_end != y->secret_end)
		return x->secret_end < y->secret_end ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

/* How specific a rule is: generic < broad (a format such as JWT) <
 * provider rules. */
static int level(const struct kl_rule *r)
{
	if (r->flags & KL_RULE_GENERIC)
		return 0;
	return (r->flags & KL_RULE_BROAD) ? 1 : 2;
}

/* Whether [s, e) overlaps one of the kept intervals (sorted by start,
 * with prefix maxima of their ends in pmax). */
static bool overlaps_kept(const size_t (*kept)[2], const size_t *pmax,
                          size_t nkept, size_t s, size_t e)
{
	size_t lo = 0, hi = nkept;

	/* Number of kept intervals starting before e. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kept[mid][0] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && pmax[lo - 1] > s;
}

/* Drop hits whose secret overlaps the secret of a kept hit of a more
 * specific rule: that rule says more about the same bytes.  Levels are
 * settled from the most specific down, so a hit that was itself dropped
 * never drops another.  Hits are sorted by secret_start. */
static int drop_overlaps(struct kl_matcher *m)
{
	const struct kl_rule *rules = m->rs->rules;
	size_t(*kept)[2] = NULL, *pmax = NULL, nkept = 0, w = 0;
	int rc = KL_ENOMEM;

	if (KL_ALLOC_GROW(m->drop, m->nhits, m->adrop))
		return KL_ENOMEM;
	kept = malloc(m->nhits * sizeof(*kept));
	pmax = malloc(m->nhits * sizeof(*pmax));
	if (!kept || !pmax)
		goto done;
	memset(m->drop, 0, m->nhits);
	for (int lv = 2; lv >= 0; lv--) {
		for (size_t i = 0; i < m->nhits; i++) {
			const struct kl_hit *h = &m->hits[i];

			if (level(&rules[h->rule]) == lv &&
			    overlaps_kept((const size_t(*)[2])kept, pmax, nkept,
			                  h->secret_start, h->secret_end))
				m->drop[i] = 1;
		}
		/* The kept hits of this level and above, in start order. */
		nkept = 0;
		for (size_t i = 0; i < m->nhits; i++) {
			const struct kl_hit *h = &m->hits[i];

			if (m->drop[i] || level(&rules[h->rule]) < lv)
				continue;
			kept[nkept][0] = h->secret_start;
			kept[nkept][1] = h->secret_end;
			pmax[nkept] = nkept && pmax[nkept - 1] > h->secret_end
			                  ? pmax[nkept - 1]
			                  : h->secret_end;
			nkept++;
		}
	}
	/* Two rules of one level on exactly the same bytes: report once. */
	for (size_t i = 1, last = 0; i < m->nhits; i++) {
		if (m->drop[i])
			continue;
		if (!m->drop[last] &&
		    m->hits[i].secret_start == m->hits[last].secret_start &&
		    m->hits[i].secret_end == m->hits[last].secret_end)
			m->drop[i] = 1;
		else
			last = i;
	}
	for (size_t i = 0; i < m->nhits; i++)
		if (!m->drop[i])
			m->hits[w++] = m->hits[i];
	m->nhits = w;
	rc = 0;
done:
	free(kept);
	free(pmax);
	return rc;
}

/* A forward walk over the content that sets lines and columns. */
struct cursor {
	size_t pos, line, line_start;
	size_t cp; /* code points from line_start to pos */
};

/* Lines and columns of h; h must not start before the cursor.  Code points
 * are counted once however long the line. */
static void locate_one(struct cursor *cur, const char *data, struct kl_hit *h)
{
	size_t p, l, ls;
	const char *nl;

	while (
	    (nl = memchr(data + cur->pos, '\n', h->secret_start - cur->pos))) {
		cur->line++;
		cur->pos = cur->line_start = (size_t)(nl - data) + 1;
		cur->cp = 0;
	}
	cur->cp +=
	    kl_text_utf8_count(data + cur->pos, h->secret_start - cur->pos);
	cur->pos = h->secret_start;
	h->line = (uint32_t)cur->line;
	h->column = (uint32_t)(cur->pos - cur->line_start + 1);
	h->column_cp = (uint32_t)(cur->cp + 1);
	/* The end may be on a later line (key blocks). */
	p = cur->pos;
	l = cur->line;
	ls = cur->line_start;
	while ((nl = memchr(data + p, '\n', h->secret_end - p))) {
		l++;
		p = ls = (size_t)(nl - data) + 1;
	}
	h->end_line = (uint32_t)l;
	h->end_column = (uint32_t)(h->secret_end - ls + 1);
	h->end_column_cp =
	    (uint32_t)((l == cur->line ? cur->cp + kl_text_utf8_count(
	                                               data + cur->pos,
	                                               h->secret_end - cur->pos)
	                               : kl_text_utf8_count(
	                                     data + ls, h->secret_end - ls)) +
	               1);
}

/* Lines and columns for all hits in one forward pass over the content. */
static void locate(struct kl_matcher *m, const char *data)
{
	struct cursor cur = {0, 1, 0, 0};

	/* Hits are sorted by secret_start, so this only moves on. */
	for (size_t i = 0; i < m->nhits; i++)
		locate_one(&cur, data, &m->hits[i]);
}

/* Drop hits of secondary rules on lines where another rule reported. */
static void drop_secondary(struct kl_matcher *m)
{
	const struct kl_rule *rules = m->rs->rules;
	size_t i = 0, w = 0;

	while (i < m->nhits) {
		size_t j = i;
		bool primary = false;

		/* Hits are sorted by position, so one line's hits are adjacent.
		 */
		while (j < m->nhits && m->hits[j].line == m->hits[i].line) {
			primary |=
			    !(rules[m->hits[j].rule].flags & KL_RULE_SECONDARY);
			j++;
		}
		for (; i < j; i++)
			if (!primary ||
			    !(rules[m->hits[i].rule].flags & KL_RULE_SECONDARY))
				m->hits[w++] = m->hits[i];
	}
	m->nhits = w;
}

static int cmp_cand(const void *a, const void *b)
{
	return cmp_hit(&((const struct kl_candidate *)a)->hit,
	               &((const struct kl_candidate *)b)->hit);
}

/* The kept hit that covers some bytes of c's secret, or NULL. */
static const struct kl_hit *covering(const struct kl_matcher *m,
                                     const struct kl_candidate *c)
{
	for (size_t i = 0; i < m->nhits; i++) {
		const struct kl_hit *h = &m->hits[i];

		if (h->secret_start < c->hit.secret_end &&
		    c->hit.secret_start < h->secret_end)
			return h;
	}
	return NULL;
}

/* Record mode, after the hits are final: locate every candidate and tell
 * the ones that passed the filters but lost to another hit why. */
static void settle_candidates(struct kl_matcher *m, const char *data)
{
	struct cursor cur = {0, 1, 0, 0};

	if (m->ncands > 1)
		qsort(m->cands, m->ncands, sizeof(*m->cands), cmp_cand);
	for (size_t i = 0; i < m->ncands; i++) {
		struct kl_candidate *c = &m->cands[i];
		const struct kl_hit *h;
		bool reported = false;

		locate_one(&cur, data, &c->hit);
		if (c->verdict != KL_VERDICT_KEPT)
			continue;
		for (size_t j = 0; j < m->nhits && !reported; j++)
			reported =
			    m->hits[j].rule == c->hit.rule &&
			    m->hits[j].secret_start == c->hit.secret_start &&
			    m->hits[j].secret_end == c->hit.secret_end;
		if (reported)
			continue;
		h = covering(m, c);
		c->verdict = h ? KL_VERDICT_OVERLAP : KL_VERDICT_SECONDARY;
		c->by_rule = h ? h->rule : UINT32_MAX;
	}
}

void kl_matcher_candidates(const struct kl_matcher *m,
                           const struct kl_candidate **out, size_t *n)
{
	*out = m->cands;
	*n = m->ncands;
}

int kl_matcher_scan(struct kl_matcher *m, const char *data, size_t len,
                    const uint8_t *rule_mask, const struct kl_hit **hits,
                    size_t *nhits)
{
	const struct kl_ruleset *rs = m->rs;
	int rc = 0;

	m->mask = rule_mask;
	m->len = len;
	m->nhits = 0;
	m->ncands = 0;
	for (size_t i = 0; i < m->nactive; i++) {
		m->rw[m->active[i]].n = 0;
		m->is_active[m->active[i]] = 0;
	}
	m->nactive = 0;

	for (size_t i = 0; i < rs->nalways; i++) {
		uint32_t r = rs->always[i];

		if (rule_mask && !rule_mask[r])
			continue;
		if ((rc = add_window(m, r, 0, len)))
			goto done;
	}
	if (rs->kw.n &&
	    (rc = kl_prefilter_scan(rs->prefilter, data, len, on_keyword, m)))
		goto done;
	for (size_t i = 0; i < m->nactive; i++)
		if ((rc = run_rule(m, m->active[i], data, len)))
			goto done;
	if (m->nhits > 1) {
		qsort(m->hits, m->nhits, sizeof(*m->hits), cmp_hit);
		if ((rc = drop_overlaps(m)))
			goto done;
	}
	locate(m, data);
	if (m->nhits > 1)
		drop_secondary(m);
	if (m->opts.record)
		settle_candidates(m, data);
done:
	*hits = m->hits;
	*nhits = rc ? 0 : m->nhits;
	return rc;
}
