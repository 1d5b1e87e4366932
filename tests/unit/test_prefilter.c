/* Unit tests for the keyword automaton, against a naive search. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "prefilter.h"

struct hits {
	uint32_t pat[4096];
	size_t start[4096];
	size_t n;
};

static int collect(void *ud, uint32_t pattern, size_t start)
{
	struct hits *h = ud;

	if (h->n < 4096) {
		h->pat[h->n] = pattern;
		h->start[h->n] = start;
	}
	h->n++;
	return 0;
}

static void finds_overlapping_and_case_insensitive(void **state)
{
	const char *pats[] = {"he", "she", "his", "hers", "ghp_"};
	size_t lens[] = {2, 3, 3, 4, 4};
	struct kl_prefilter *pf;
	struct hits h = {.n = 0};
	const char text[] = "uSHErs x GHP_abc";

	(void)state;
	assert_int_equal(kl_prefilter_new(&pf, pats, lens, 5), 0);
	assert_int_equal(
	    kl_prefilter_scan(pf, text, sizeof(text) - 1, collect, &h), 0);
	/* she@1, he@2, hers@2, ghp_@9 */
	assert_int_equal(h.n, 4);
	assert_int_equal(h.pat[0], 1);
	assert_int_equal(h.start[0], 1);
	assert_int_equal(h.pat[1], 0);
	assert_int_equal(h.start[1], 2);
	assert_int_equal(h.pat[2], 3);
	assert_int_equal(h.start[2], 2);
	assert_int_equal(h.pat[3], 4);
	assert_int_equal(h.start[3], 9);
	kl_prefilter_free(pf);
}

static size_t naive_count(const char *const *pats, const size_t *lens,
                          size_t np, const char *text, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t p = 0; p < np; p++)
			if (i + lens[p] <= n &&
			    strncasecmp(text + i, pats[p], lens[p]) == 0)
				c++;
	return c;
}

static void matches_naive_search_on_random_text(void **state)
{
	const char *pats[] = {"key", "api_key", "token", "secret", "ke",
	                      "aws", "akia",    "xoxb-", "a",      "sk-"};
	size_t lens[10];
	struct kl_prefilter *pf;
	char text[5000];
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < 10; i++)
		lens[i] = strlen(pats[i]);
	assert_int_equal(kl_prefilter_new(&pf, pats, lens, 10), 0);
	for (int round = 0; round < 20; round++) {
		struct hits h = {.n = 0};
		const char alphabet[] = "keyKEYapi_tosnrcwAKIxb-:\n \0";

		for (size_t i = 0; i < sizeof(text); i++) {
			seed = seed * 1103515245 + 12345;
			text[i] =
			    alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		kl_prefilter_scan(pf, text, sizeof(text), collect, &h);
		assert_int_equal(
		    h.n, naive_count(pats, lens, 10, text, sizeof(text)));
	}
	kl_prefilter_free(pf);
}

struct all_hits {
	size_t (*v)[2]; /* end, pattern */
	size_t n;
	const size_t *lens;
};

static int collect_all(void *ud, uint32_t pattern, size_t start)
{
	struct all_hits *h = ud;

	h->v[h->n][0] = start + h->lens[pattern];
	h->v[h->n][1] = pattern;
	h->n++;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Large content goes through the interleaved streams: hits must be the
 * same as a naive search, in order of end position, also for keywords that
 * cross the boundaries between streams and chunks. */
static void interleaved_streams_match_naive_search(void **state)
{
	const char *pats[] = {"ghp_", "api_key", "secret", "xoxb-", "k"};
	size_t lens[5];
	struct kl_prefilter *pf;
	size_t n = 300 * 1024 + 17;
	char *text = malloc(n);
	struct all_hits got = {malloc(sizeof(*got.v) * 400000), 0, lens};
	size_t(*want)[2] = malloc(sizeof(*want) * 400000);
	size_t nw = 0;
	unsigned seed = 7;

	(void)state;
	for (int i = 0; i < 5; i++)
		lens[i] = strlen(pats[i]);
	assert_int_equal(kl_prefilter_new(&pf, pats, lens, 5), 0);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		text[i] = "abcdefghijlmnopqrstuvwxyz _\n"[(seed >> 16) % 28];
	}
	for (size_t at = 100; at + 10 < n; at += 997)
		memcpy(text + at, pats[at % 4], lens[at % 4]);
	/* A dense stretch (more hits than a stream buffers: the fallback). */
	memset(text + 70000, 'k', 20000);
	/* Across every stream boundary (16 KiB) and chunk boundary. */
	for (size_t c = 16 * 1024; c + 4 < n; c += 16 * 1024)
		memcpy(text + c - 3, "SeCrEt", 6);
	assert_int_equal(kl_prefilter_scan(pf, text, n, collect_all, &got), 0);
	for (size_t i = 1; i < got.n; i++)
		assert_true(got.v[i - 1][0] <= got.v[i][0]);
	for (size_t i = 0; i < n; i++)
		for (size_t p = 0; p < 5; p++)
			if (i + lens[p] <= n &&
			    strncasecmp(text + i, pats[p], lens[p]) == 0) {
				want[nw][0] = i + lens[p];
				want[nw][1] = p;
				nw++;
			}
	assert_true(nw > 20000);
	assert_int_equal(got.n, nw);
	qsort(got.v, got.n, sizeof(*got.v), cmp_hit);
	qsort(want, nw, sizeof(*want), cmp_hit);
	assert_memory_equal(got.v, want, nw * sizeof(*want));
	kl_prefilter_free(pf);
	free(text);
	free(got.v);
	free(want);
}

static void empty_pattern_set(void **state)
{
	struct kl_prefilter *pf;
	struct hits h = {.n = 0};

	(void)state;
	assert_int_equal(kl_prefilter_new(&pf, NULL, NULL, 0), 0);
	assert_int_equal(kl_prefilter_scan(pf, "abc", 3, collect, &h), 0);
	assert_int_equal(h.n, 0);
	kl_prefilter_free(pf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_overlapping_and_case_insensitive),
	    cmocka_unit_test(matches_naive_search_on_random_text),
	    cmocka_unit_test(interleaved_streams_match_naive_search),
	    cmocka_unit_test(empty_pattern_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
