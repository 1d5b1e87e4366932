/* Unit tests for .keylintignore and baselines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ignore.h"

static int load(struct kl_ignore *ig, const char *text, struct kl_buf *err)
{
	kl_buf_clear(err);
	return kl_ignore_load_buffer(ig, ".keylintignore", text, strlen(text),
	                             err);
}

static void patterns_with_wildcards(void **state)
{
	struct kl_ignore *ig;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_ignore_new(&ig), 0);
	assert_int_equal(
	    load(ig,
	         "# comment\n\n"
	         "github-pat:src/a.py:0123456789abcdef\n"
	         "*:docs/*:fedcba9876543210\n"
	         "  aws-access-key-id:*:*  \n"
	         "jwt:c:\\dir:with:colons.txt:00112233445566778899\n",
	         &err),
	    0);
	assert_true(kl_ignore_matches(ig, "github-pat", "src/a.py",
	                              "0123456789abcdef"));
	assert_false(kl_ignore_matches(ig, "github-pat", "src/b.py",
	                               "0123456789abcdef"));
	assert_false(kl_ignore_matches(ig, "github-pat", "src/a.py",
	                               "0123456789abcdee"));
	assert_true(kl_ignore_matches(ig, "slack-bot", "docs/x/y.md",
	                              "fedcba9876543210"));
	assert_true(kl_ignore_matches(ig, "aws-access-key-id", "any/where",
	                              "1111111111111111"));
	assert_true(kl_ignore_matches(ig, "jwt", "c:\\dir:with:colons.txt",
	                              "0011223344556677"));
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

static void malformed_lines_name_file_and_line(void **state)
{
	struct kl_ignore *ig;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_ignore_new(&ig), 0);
	assert_int_equal(
	    load(ig, "ok:a:0123456789abcdef\nnot a fingerprint\n", &err),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, ".keylintignore:2: expected "
	                                "RULE:PATH:DIGEST"));
	assert_int_equal(load(ig, "rule:path:xyz\n", &err), KL_EINVAL);
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

static void baseline_reports(void **state)
{
	struct kl_ignore *ig;
	struct kl_buf err = KL_BUF_INIT;
	const char *json =
	    "{\"findings\":[{\"fingerprint\":\"a:b.py:0123456789abcdef\"},"
	    "{\"fingerprint\":\"c:d.py:fedcba9876543210\"}]}";
	const char *lines = "{\"fingerprint\":\"e:f:0000000000000000\"}\n"
	                    "{\"fingerprint\":\"g:h:1111111111111111\"}\n";

	(void)state;
	assert_int_equal(kl_ignore_new(&ig), 0);
	assert_int_equal(kl_ignore_load_baseline_buffer(ig, "b.json", json,
	                                                strlen(json), &err),
	                 0);
	assert_int_equal(kl_ignore_load_baseline_buffer(ig, "b.jsonl", lines,
	                                                strlen(lines), &err),
	                 0);
	assert_int_equal(kl_ignore_count(ig), 4);
	assert_true(kl_ignore_matches(ig, "c", "d.py", "fedcba9876543210"));
	assert_true(kl_ignore_matches(ig, "g", "h", "1111111111111111"));
	assert_false(kl_ignore_matches(ig, "c", "d.py", "fedcba9876543211"));
	assert_int_equal(
	    kl_ignore_load_baseline_buffer(ig, "x.json", "{}", 2, &err),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "x.json: not a keylint JSON report"));
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(patterns_with_wildcards),
	    cmocka_unit_test(malformed_lines_name_file_and_line),
	    cmocka_unit_test(baseline_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
