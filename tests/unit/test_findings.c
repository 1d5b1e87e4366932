/* Unit tests for findings: redaction, hashes, snippets, sort, dedupe. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <git2.h>
#include <string.h>

#include "findings.h"
#include "matcher.h"

static const char rules_json[] =
    "[{\"id\":\"tok\",\"description\":\"T\",\"severity\":\"high\","
    "\"regex\":\"\\\\b(tok_[A-Za-z0-9]{20})\\\\b\",\"keywords\":[\"tok_\"]}]";

static void redaction(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	kl_findings_redact(&b, "ghp_abcdefghijklmnop", 20);
	assert_string_equal(b.ptr, "ghp_*****");
	kl_buf_clear(&b);
	kl_findings_redact(&b, "hunter2!", 8); /* short: 2 characters */
	assert_string_equal(b.ptr, "hu*****");
	kl_buf_clear(&b);
	kl_findings_redact(&b, "abc", 3);
	assert_string_equal(b.ptr, "*****");
	kl_buf_clear(&b);
	/* Never half a UTF-8 character. */
	kl_findings_redact(&b, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9xxxxxxxxxxxx",
	                   20);
	assert_string_equal(b.ptr, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9*****");
	kl_buf_free(&b);
}

static void hash_is_the_git_blob_id(void **state)
{
	char hex[41];

	(void)state;
	/* printf 'hello' | git hash-object --stdin */
	assert_int_equal(kl_findings_hash("hello", 5, hex), 0);
	assert_string_equal(hex, "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0");
}

static void findings_from_hits(void **state)
{
	struct kl_ruleset *rs;
	struct kl_matcher *m;
	struct kl_buf err = KL_BUF_INIT, fp = KL_BUF_INIT;
	struct kl_findings fs = KL_FINDINGS_INIT;
	struct kl_origin origin = {
	    .path = "src/a.py", .rule_path = "src/a.py", .blob = KL_NO_BLOB};
	const struct kl_hit *hits;
	size_t n;
	const char *text =
	    "a = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D; b = tok_Zz8m2Lz7Rk4Vt9Wc1Yp3\n"
	    "c = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D\n";

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(kl_rules_load_buffer(rs, "f.json", rules_json,
	                                      strlen(rules_json), &err),
	                 0);
	assert_int_equal(kl_rules_finalize(rs, &err), 0);
	assert_int_equal(kl_matcher_new(&m, rs, NULL), 0);
	assert_int_equal(
	    kl_matcher_scan(m, text, strlen(text), NULL, &hits, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(kl_findings_add_hits(&fs, rs, hits, n, text, &origin),
	                 0);
	assert_int_equal(fs.n, 3);
	/* The snippet of the first finding shows both secrets redacted. */
	assert_string_equal(fs.v[0].snippet_redacted,
	                    "a = tok_*****; b = tok_*****");
	assert_null(strstr(fs.v[0].snippet_redacted, "Zz8m"));
	assert_int_equal(kl_finding_fingerprint(&fs.v[0], &fp), 0);
	assert_int_equal(strncmp(fp.ptr, "tok:src/a.py:", 13), 0);
	assert_int_equal(strlen(fp.ptr), 13 + 16);
	/* Same secret on two lines: same digest, different position. */
	assert_string_equal(fs.v[0].digest, fs.v[2].digest);
	assert_int_equal(fs.v[2].line, 2);
	/* Sort is by path, line, column; dedupe drops exact copies. */
	assert_int_equal(kl_findings_add_copy(&fs, &fs.v[1], NULL), 0);
	kl_findings_sort(&fs);
	kl_findings_dedupe(&fs);
	assert_int_equal(fs.n, 3);
	assert_true(fs.v[0].column < fs.v[1].column);
	assert_int_equal(fs.v[2].line, 2);
	kl_findings_free(&fs);
	kl_matcher_free(m);
	kl_rules_free(rs);
	kl_buf_free(&err);
	kl_buf_free(&fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(redaction),
	    cmocka_unit_test(hash_is_the_git_blob_id),
	    cmocka_unit_test(findings_from_hits),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
