/* Unit tests for the matcher: windows, filters, positions, limits.
 * Token-shaped literals are split into adjacent string literals ("ghp_"
 * "..."): the compiler joins them; secret scanners reading the source see
 * no token. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"
#include "rules.h"

static const char rules_json[] =
    "[{\"id\":\"tok\",\"description\":\"T\",\"severity\":\"high\","
    "\"regex\":\"\\\\b(tok_[A-Za-z0-9]{20,400})\\\\b\",\"keywords\":[\"tok_\"],"
    "\"entropy\":3.0,\"allow\":{\"stopwords\":[\"zzstop\"]}},"
    "{\"id\":\"gen\",\"description\":\"G\",\"severity\":\"medium\","
    "\"regex\":\"(?i)secret\\\\s*=\\\\s*\\\"([^\\\"]{8,})\\\"\","
    "\"keywords\":[\"secret\"],\"tags\":[\"generic\"]},"
    "{\"id\":\"ctx\",\"description\":\"C\",\"severity\":\"low\","
    "\"regex\":\"(?i)acme_key\\\\s*:\\\\s*([a-f0-9]{32})\","
    "\"keywords\":[\"acme\"],"
    "\"allow\":{\"regexes\":[\"(?i)acme_key: *[a-f0-9]+ +# *test\"],"
    "\"target\":\"line\"}},"
    "{\"id\":\"blk\",\"description\":\"B\",\"severity\":\"critical\","
    "\"regex\":\"(-----BEGIN X-----[A-Za-z0-9\\\\n]{20,}-----END X-----)\","
    "\"keywords\":[\"-----begin x\"]},"
    "{\"id\":\"slow\",\"description\":\"S\",\"severity\":\"low\","
    "\"regex\":\"(slow(a+)+)[0-9]\",\"keywords\":[\"slow\"]}]";

struct fixture {
	struct kl_ruleset *rs;
	struct kl_matcher *win, *whole, *rec;
	struct kl_allow global;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct kl_buf err = KL_BUF_INIT;
	struct kl_matcher_opts ow = {.global_allow = &f->global},
	                       of = {.global_allow = &f->global, .whole = true},
	                       orec = {.global_allow = &f->global,
	                               .record = true};

	kl_strv_push(&f->global.stopwords, "globalstop");
	if (kl_rules_new(&f->rs) ||
	    kl_rules_load_buffer(f->rs, "m.json", rules_json,
	                         sizeof(rules_json) - 1, &err) ||
	    kl_rules_finalize(f->rs, &err) ||
	    kl_matcher_new(&f->win, f->rs, &ow) ||
	    kl_matcher_new(&f->whole, f->rs, &of) ||
	    kl_matcher_new(&f->rec, f->rs, &orec)) {
		fprintf(stderr, "setup: %s\n", err.ptr ? err.ptr : "?");
		return -1;
	}
	kl_buf_free(&err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kl_matcher_free(f->win);
	kl_matcher_free(f->whole);
	kl_matcher_free(f->rec);
	kl_rules_free(f->rs);
	kl_rules_allow_free(&f->global);
	free(f);
	return 0;
}

static size_t scan(struct kl_matcher *m, const char *text,
                   const struct kl_hit **hits)
{
	size_t n = 0;

	assert_int_equal(kl_matcher_scan(m, text, strlen(text), NULL, hits, &n),
	                 0);
	return n;
}

static const char *rule_of(struct fixture *f, const struct kl_hit *h)
{
	return f->rs->rules[h->rule].id;
}

/* Record mode keeps every candidate with the reason it was kept or dropped,
 * and reports exactly what the normal mode reports. */
static void record_mode_explains_every_candidate(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h, *hr;
	const struct kl_candidate *c;
	size_t n;
	const char *text = "secret = \"tok_Q8m2Lz7Rk4Vt9Wc1Yp6D\"\n"
	                   "x = tok_YOURxTOKENxHERExxxxQ8m2\n"
	                   "y = tok_Q8m2Lz7Rk4zzstopVt9Wc1\n"
	                   "z = tok_Q8m2Lz7Rk4Vt9Wc1Yp6E # keylint:allow\n";

	assert_int_equal(scan(f->win, text, &h), 1);
	assert_int_equal(scan(f->rec, text, &hr), 1);
	assert_int_equal(h->secret_start, hr->secret_start);
	kl_matcher_candidates(f->win, &c, &n);
	assert_int_equal(n, 0);
	kl_matcher_candidates(f->rec, &c, &n);
	assert_int_equal(n, 5);
	/* Line 1: the provider rule is kept, the generic one yields. */
	assert_int_equal(c[0].hit.line, 1);
	assert_int_equal(c[0].verdict == KL_VERDICT_KEPT ? c[1].verdict
	                                                 : c[0].verdict,
	                 KL_VERDICT_OVERLAP);
	assert_string_equal(kl_verdict_name(c[2].verdict), "placeholder");
	assert_int_equal(c[2].hit.line, 2);
	assert_int_equal(c[3].verdict, KL_VERDICT_STOPWORD);
	assert_int_equal(c[4].verdict, KL_VERDICT_INLINE_ALLOW);
	assert_int_equal(c[4].hit.line, 4);
	assert_int_equal(c[4].hit.column, 5);
	/* Every candidate is located like a finding: its first line holds
	 * where its secret starts (what a snippet is cut from). */
	for (size_t i = 0; i < n; i++) {
		assert_true(c[i].hit.line_start <= c[i].hit.secret_start);
		assert_true(c[i].hit.secret_start < c[i].hit.line_end);
		assert_true(c[i].hit.line_end <= strlen(text));
	}
}

/* Other scanners' markers drop a candidate too, with a verdict of their
 * own: on the line, or a next-line marker on the line before; with
 * own_markers_only only keylint:allow counts. */
static void record_mode_names_inline_markers(void **state)
{
	struct fixture *f = *state;
	struct kl_matcher *own = NULL;
	struct kl_matcher_opts oo = {.global_allow = &f->global,
	                             .own_markers_only = true,
	                             .record = true};
	const struct kl_hit *h;
	const struct kl_candidate *c;
	size_t n;
	const char *text = "a = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D # gitleaks:allow\n"
	                   "# secretlint-disable-next-line\n"
	                   "b = tok_Q8m2Lz7Rk4Vt9Wc1Yp6E\n"
	                   "c = tok_Q8m2Lz7Rk4Vt9Wc1Yp6F # keylint:allow\n";

	assert_int_equal(scan(f->rec, text, &h), 0);
	kl_matcher_candidates(f->rec, &c, &n);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].verdict, KL_VERDICT_INLINE_MARKER);
	assert_int_equal(c[1].verdict, KL_VERDICT_INLINE_MARKER);
	assert_int_equal(c[1].hit.line, 3);
	assert_int_equal(c[2].verdict, KL_VERDICT_INLINE_ALLOW);
	assert_string_equal(kl_verdict_name(c[0].verdict), "inline-marker");

	assert_int_equal(kl_matcher_new(&own, f->rs, &oo), 0);
	assert_int_equal(scan(own, text, &h), 2);
	kl_matcher_candidates(own, &c, &n);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].verdict, KL_VERDICT_KEPT);
	assert_int_equal(c[1].verdict, KL_VERDICT_KEPT);
	assert_int_equal(c[2].verdict, KL_VERDICT_INLINE_ALLOW);
	kl_matcher_free(own);
}

static void positions_are_one_based_bytes(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;
	const char *text = "line one\n  x = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D;\n";

	assert_int_equal(scan(f->win, text, &h), 1);
	assert_string_equal(rule_of(f, h), "tok");
	assert_int_equal(h->line, 2);
	assert_int_equal(h->column, 7);
	assert_int_equal(h->end_line, 2);
	assert_int_equal(h->end_column, 7 + 24);
	assert_int_equal(h->secret_end - h->secret_start, 24);
}

static void multi_line_secret_spans_lines(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;
	const char *text = "a\nk = -----BEGIN X-----\nQm7TzR2pLw9XkV4n\n"
	                   "Hc8JsYd3Fb6Gt-----END X-----\n";

	assert_int_equal(scan(f->win, text, &h), 1);
	assert_string_equal(rule_of(f, h), "blk");
	assert_int_equal(h->line, 2);
	assert_int_equal(h->column, 5);
	assert_int_equal(h->end_line, 4);
	assert_int_equal(h->end_column, 29);
}

static void filters_apply(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;

	/* Entropy below 3.0. */
	assert_int_equal(scan(f->win, "tok_abababababababababab", &h), 0);
	/* Placeholder. */
	assert_int_equal(scan(f->win, "tok_YOUR_xxxxTOKENxxxxHERE", &h), 0);
	/* Rule stopword. */
	assert_int_equal(scan(f->win, "tok_Q8m2Lz7Rk4zzstopVt9Wc1", &h), 0);
	/* Global stopword. */
	assert_int_equal(scan(f->win, "tok_Q8m2LglobalstopRk4Vt9", &h), 0);
	/* keylint:allow on the line, not on another line. */
	assert_int_equal(
	    scan(f->win, "tok_Q8m2Lz7Rk4Vt9Wc1Yp6D # keylint:allow", &h), 0);
	assert_int_equal(
	    scan(f->win, "# keylint:allow\ntok_Q8m2Lz7Rk4Vt9Wc1Yp6D", &h), 1);
	/* An allow regex that looks at the line. */
	assert_int_equal(scan(f->win,
	                      "acme_key: 0123"
	                      "abcd4567ef89"
	                      "0123abcd4567ef89 # test",
	                      &h),
	                 0);
	assert_int_equal(scan(f->win,
	                      "acme_key: 0a23"
	                      "abcd4567ef89"
	                      "0123abcd4567ef89 # prod",
	                      &h),
	                 1);
}

static void generic_yields_to_specific(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;

	assert_int_equal(
	    scan(f->win, "secret = \"tok_Q8m2Lz7Rk4Vt9Wc1Yp6D\"", &h), 1);
	assert_string_equal(rule_of(f, h), "tok");
	assert_int_equal(scan(f->win, "secret = \"Q8m2Lz7Rk4Vt9Wc1Yp6D\"", &h),
	                 1);
	assert_string_equal(rule_of(f, h), "gen");
}

static void rule_mask_keeps_rules_out(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;
	uint8_t mask[5] = {0, 1, 1, 1, 1};
	size_t n;
	const char *text = "tok_Q8m2Lz7Rk4Vt9Wc1Yp6D";

	assert_int_equal(
	    kl_matcher_scan(f->win, text, strlen(text), mask, &h, &n), 0);
	assert_int_equal(n, 0);
}

static void long_token_is_not_cut_by_the_window(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;
	char text[1000] = "x=tok_";
	size_t n;

	for (n = 6; n < 6 + 390; n++)
		text[n] = "Q8m2Lz7Rk4Vt9Wc1Yp6DaB3"[n % 23];
	text[n] = '\0';
	assert_int_equal(scan(f->win, text, &h), 1);
	assert_int_equal(h->secret_end - h->secret_start, 394);
}

static void windowed_equals_whole_on_mixed_content(void **state)
{
	struct fixture *f = *state;
	struct kl_buf text = KL_BUF_INIT;
	unsigned seed = 99;

	/* Filler with keyword decoys, and real hits at random places. */
	for (int i = 0; i < 3000; i++) {
		seed = seed * 1103515245 + 12345;
		switch ((seed >> 16) % 7) {
		case 0:
			kl_buf_printf(&text, "tok_%08xQ8m2Lz7Rk4Vt9W ", seed);
			break;
		case 1:
			kl_buf_printf(&text, "secret = \"Pq%08x!zZ\"\n", seed);
			break;
		case 2:
			kl_buf_puts(&text, "the secret token is elsewhere; ");
			break;
		case 3:
			kl_buf_printf(&text, "acme_key: %08x%08x%08x%08x\n",
			              seed, seed * 7u, seed * 13u, seed * 31u);
			break;
		default:
			kl_buf_puts(&text, "lorem ipsum dolor sit amet\n");
		}
	}
	{
		const struct kl_hit *a, *b;
		size_t na = 0, nb = 0;
		struct kl_hit *copy;

		assert_int_equal(
		    kl_matcher_scan(f->win, text.ptr, text.len, NULL, &a, &na),
		    0);
		copy = malloc(na * sizeof(*copy) + 1);
		memcpy(copy, a, na * sizeof(*copy));
		assert_int_equal(kl_matcher_scan(f->whole, text.ptr, text.len,
		                                 NULL, &b, &nb),
		                 0);
		assert_true(na > 500);
		assert_int_equal(na, nb);
		assert_memory_equal(copy, b, na * sizeof(*copy));
		free(copy);
	}
	kl_buf_free(&text);
}

static void catastrophic_regex_hits_the_limit(void **state)
{
	struct fixture *f = *state;
	const struct kl_hit *h;
	char text[40000];
	size_t n = 0;

	memcpy(text, "slow", 4);
	memset(text + 4, 'a', sizeof(text) - 5);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(
	    kl_matcher_scan(f->win, text, strlen(text), NULL, &h, &n), 0);
	assert_int_equal(n, 0);
	assert_true(kl_matcher_limit_count(f->win, 4) >= 1);
	assert_true(kl_matcher_limit_total(f->win) >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(record_mode_explains_every_candidate),
	    cmocka_unit_test(record_mode_names_inline_markers),
	    cmocka_unit_test(positions_are_one_based_bytes),
	    cmocka_unit_test(multi_line_secret_spans_lines),
	    cmocka_unit_test(filters_apply),
	    cmocka_unit_test(generic_yields_to_specific),
	    cmocka_unit_test(rule_mask_keeps_rules_out),
	    cmocka_unit_test(long_token_is_not_cut_by_the_window),
	    cmocka_unit_test(windowed_equals_whole_on_mixed_content),
	    cmocka_unit_test(catastrophic_regex_hits_the_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
