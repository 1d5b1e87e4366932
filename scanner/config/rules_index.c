/*
 * rules_index: freezing a rule set.  Every distinct keyword of the enabled
 * rules goes into one prefilter automaton, and each keyword points at the
 * rules it wakes, as a compressed sparse row table.
 */
#include <string.h>

#include "map.h"
#include "prefilter.h"
#include "rules_int.h"

struct pair {
	uint32_t kw, rule;
};

struct pairs {
	struct pair *v;
	size_t n, alloc;
};

void kl_rules__index_free(struct kl_ruleset *rs)
{
	kl_prefilter_free(rs->prefilter);
	rs->prefilter = NULL;
	kl_strv_free(&rs->kw);
	free(rs->kw_len);
	rs->kw_len = NULL;
	free(rs->kw_start);
	free(rs->kw_rules);
	free(rs->always);
	rs->kw_start = rs->kw_rules = rs->always = NULL;
	rs->nalways = 0;
}

/* Match data must hold the groups of every rule and allow regex. */
static void size_ovector(struct kl_ruleset *rs, const struct kl_rule *r)
{
	if (r->deferred && rs->ovector_pairs < KL_DEFERRED_OVECTOR)
		rs->ovector_pairs = KL_DEFERRED_OVECTOR;
	if (r->capture_count + 1 > rs->ovector_pairs)
		rs->ovector_pairs = r->capture_count + 1;
	for (size_t j = 0; j < r->allow.nregexes; j++) {
		uint32_t cc = 0;

		pcre2_pattern_info(r->allow.regexes[j], PCRE2_INFO_CAPTURECOUNT,
		                   &cc);
		if (cc + 1 > rs->ovector_pairs)
			rs->ovector_pairs = cc + 1;
	}
}

/* Number rule i's keywords (new ones get the next number) and record a
 * (keyword, rule) pair for each; a rule listing a keyword twice wakes
 * once. */
static int index_keywords(struct kl_ruleset *rs, struct kl_map *index,
                          uint32_t i, struct pairs *pairs)
{
	const struct kl_rule *r = &rs->rules[i];

	for (size_t j = 0; j < r->keywords.n; j++) {
		const char *k = r->keywords.v[j];
		uint64_t id;
		bool twice = false;
		int put = kl_map_put(index, k, strlen(k), rs->kw.n, &id);

		if (put < 0)
			return put;
		if (put == 1) {
			if (kl_strv_push(&rs->kw, k))
				return KL_ENOMEM;
			id = rs->kw.n - 1;
		}
		for (size_t x = pairs->n; x > 0 && pairs->v[x - 1].rule == i;
		     x--)
			twice |= pairs->v[x - 1].kw == id;
		if (twice)
			continue;
		if (KL_ALLOC_GROW(pairs->v, pairs->n + 1, pairs->alloc))
			return KL_ENOMEM;
		pairs->v[pairs->n].kw = (uint32_t)id;
		pairs->v[pairs->n++].rule = i;
	}
	return 0;
}

/* Keyword -> rules, in rule order within each keyword. */
static int build_table(struct kl_ruleset *rs, const struct pairs *pairs)
{
	size_t nkw = rs->kw.n;
	uint32_t *fill = calloc(nkw + 1, sizeof(*fill));

	rs->kw_start = calloc(nkw + 1, sizeof(*rs->kw_start));
	rs->kw_rules = calloc(pairs->n ? pairs->n : 1, sizeof(*rs->kw_rules));
	rs->kw_len = calloc(nkw ? nkw : 1, sizeof(*rs->kw_len));
	if (!fill || !rs->kw_start || !rs->kw_rules || !rs->kw_len) {
		free(fill);
		return KL_ENOMEM;
	}
	for (size_t p = 0; p < pairs->n; p++)
		rs->kw_start[pairs->v[p].kw + 1]++;
	for (size_t k = 0; k < nkw; k++)
		rs->kw_start[k + 1] += rs->kw_start[k];
	for (size_t p = 0; p < pairs->n; p++) {
		uint32_t kw = pairs->v[p].kw;

		rs->kw_rules[rs->kw_start[kw] + fill[kw]++] = pairs->v[p].rule;
	}
	for (size_t k = 0; k < nkw; k++)
		rs->kw_len[k] = strlen(rs->kw.v[k]);
	free(fill);
	return 0;
}

int kl_rules__index_build(struct kl_ruleset *rs, struct kl_buf *err)
{
	struct kl_map *index = NULL; /* keyword -> keyword number */
	struct pairs pairs = {NULL, 0, 0};
	size_t aalways = 0;
	int rc = KL_ENOMEM;

	kl_rules__index_free(rs);
	rs->ovector_pairs = 1;
	rs->nenabled = 0;
	if (kl_map_new(&index))
		goto done;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct kl_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		rs->nenabled++;
		size_ovector(rs, r);
		if (r->keywords.n) {
			if ((rc = index_keywords(rs, index, (uint32_t)i,
			                         &pairs)))
				goto done;
			continue;
		}
		rc = KL_ENOMEM;
		if (KL_ALLOC_GROW(rs->always, rs->nalways + 1, aalways))
			goto done;
		rs->always[rs->nalways++] = (uint32_t)i;
	}
	if ((rc = build_table(rs, &pairs)))
		goto done;
	rc = kl_prefilter_new(&rs->prefilter, (const char *const *)rs->kw.v,
	                      rs->kw_len, rs->kw.n);
	if (rc) {
		kl_buf_clear(err);
		kl_buf_puts(err, "cannot build the keyword prefilter");
		goto done;
	}
	rs->finalized = true;
done:
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_puts(err, "out of memory while indexing rules");
	kl_map_free(index);
	free(pairs.v);
	return rc;
}
