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
	assert_int_equal(kl_prefilter_scan(pf, text, sizeof(text) - 1, collect,
					   &h),
			 0);
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
			      "aws", "akia", "xoxb-", "a", "sk-"};
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
			text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		kl_prefilter_scan(pf, text, sizeof(text), collect, &h);
		assert_int_equal(h.n,
				 naive_count(pats, lens, 10, text, sizeof(text)));
	}
	kl_prefilter_free(pf);
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
		cmocka_unit_test(empty_pattern_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
