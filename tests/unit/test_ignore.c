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
	assert_true(
	    kl_ignore_match(ig, "github-pat", "src/a.py", "0123456789abcdef"));
	assert_false(
	    kl_ignore_match(ig, "github-pat", "src/b.py", "0123456789abcdef"));
	assert_false(
	    kl_ignore_match(ig, "github-pat", "src/a.py", "0123456789abcdee"));
	assert_true(kl_ignore_match(ig, "slack-bot", "docs/x/y.md",
	                            "fedcba9876543210"));
	assert_true(kl_ignore_match(ig, "aws-access-key-id", "any/where",
	                            "1111111111111111"));
	assert_true(kl_ignore_match(ig, "jwt", "c:\\dir:with:colons.txt",
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
	assert_int_equal(kl_ignore_match(ig, "c", "d.py", "fedcba9876543210"),
	                 KL_IGNORED_BASELINE);
	assert_true(kl_ignore_match(ig, "g", "h", "1111111111111111"));
	/* Keyed on rule and secret: the same secret after a rename is
	 * known, another rule's or another secret is not. */
	assert_true(
	    kl_ignore_match(ig, "c", "renamed/d.py", "fedcba9876543210"));
	assert_false(kl_ignore_match(ig, "a", "d.py", "fedcba9876543210"));
	assert_false(kl_ignore_match(ig, "c", "d.py", "fedcba9876543211"));
	assert_int_equal(
	    kl_ignore_load_baseline_buffer(ig, "x.json", "{}", 2, &err),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "x.json: not a keylint baseline"));
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

static void baselines_written_by_keylint(void **state)
{
	struct kl_ignore *ig;
	struct kl_buf err = KL_BUF_INIT;
	const char *json =
	    "{\"keylint_baseline\": 1, \"entries\": [\n"
	    "  {\"rule\": \"aws-key\", \"digest\": \"0123456789ABCDEF\"},\n"
	    "  {\"rule\": \"aws-key\", \"digest\": \"0123456789abcdef\"},\n"
	    "  {\"rule\": \"jwt\", \"digest\": \"1111111111111111\",\n"
	    "   \"path\": \"test/**\"}]}";

	(void)state;
	assert_int_equal(kl_ignore_new(&ig), 0);
	assert_int_equal(kl_ignore_load_baseline_buffer(ig, "kb.json", json,
	                                                strlen(json), &err),
	                 0);
	/* The repeated entry (digests compare without case) is one. */
	assert_int_equal(kl_ignore_count(ig), 2);
	assert_int_equal(
	    kl_ignore_match(ig, "aws-key", "any/file", "0123456789abcdef"),
	    KL_IGNORED_BASELINE);
	/* A scoped entry holds only under its path. */
	assert_true(
	    kl_ignore_match(ig, "jwt", "test/a/b.txt", "1111111111111111"));
	assert_false(
	    kl_ignore_match(ig, "jwt", "src/b.txt", "1111111111111111"));
	assert_int_equal(
	    kl_ignore_load_baseline_buffer(
	        ig, "bad.json",
	        "{\"keylint_baseline\":1,\"entries\":[{\"rule\":\"x\"}]}", 47,
	        &err),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "bad.json: entry 1: expected"));
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

static void unknown_rules_and_stale_entries(void **state)
{
	struct kl_ignore *ig;
	struct kl_buf err = KL_BUF_INIT;
	struct kl_strv warn = KL_STRV_INIT;
	struct kl_rule rules[2];
	struct kl_ruleset rs;
	char id0[] = "github-pat-classic", id1[] = "slack-bot-token";
	const char *base = "{\"keylint_baseline\": 1, \"entries\": ["
	                   "{\"rule\": \"slack-bot\", \"digest\": "
	                   "\"2222222222222222\"},"
	                   "{\"rule\": \"slakc-bot-token\", \"digest\": "
	                   "\"3333333333333333\"}]}";

	(void)state;
	memset(rules, 0, sizeof(rules));
	memset(&rs, 0, sizeof(rs));
	rules[0].id = id0;
	rules[1].id = id1;
	rs.rules = rules;
	rs.nrules = 2;
	assert_int_equal(kl_ignore_new(&ig), 0);
	assert_int_equal(load(ig,
	                      "github-pat:docs/*:*\n"
	                      "github-*:src/a.py:0123456789abcdef\n",
	                      &err),
	                 0);
	assert_int_equal(kl_ignore_load_baseline_buffer(ig, "kb.json", base,
	                                                strlen(base), &err),
	                 0);
	assert_int_equal(kl_ignore_check_rules(ig, &rs, &warn), 0);
	assert_int_equal(warn.n, 3);
	assert_string_equal(warn.v[0],
	                    ".keylintignore:1: no rule \"github-pat\", so "
	                    "this entry matches nothing (did you mean "
	                    "github-pat-classic?)");
	assert_non_null(strstr(warn.v[1], "kb.json: no rule \"slack-bot\""));
	assert_non_null(strstr(warn.v[2], "did you mean slack-bot-token?"));
	kl_strv_free(&warn);
	/* Nothing matched yet: everything is stale. */
	assert_true(kl_ignore_match(ig, "github-pat-classic", "src/a.py",
	                            "0123456789abcdef"));
	assert_int_equal(kl_ignore_report_stale(ig, &warn), 0);
	assert_int_equal(warn.n, 2);
	assert_string_equal(warn.v[0], ".keylintignore:1: matched no finding; "
	                               "remove the line if the secret is gone");
	assert_non_null(strstr(warn.v[1], "kb.json: 2 of 2 entries matched "
	                                  "no finding"));
	kl_strv_free(&warn);
	kl_ignore_free(ig);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(patterns_with_wildcards),
	    cmocka_unit_test(malformed_lines_name_file_and_line),
	    cmocka_unit_test(baseline_reports),
	    cmocka_unit_test(baselines_written_by_keylint),
	    cmocka_unit_test(unknown_rules_and_stale_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
