/* Unit tests for rules: parsing, validation messages, globs, macros. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "examples.h"
#include "pathspec.h"
#include "rules.h"

static int load(struct kl_ruleset *rs, const char *json, struct kl_buf *err)
{
	kl_buf_clear(err);
	return kl_rules_load_buffer(rs, "t.json", json, strlen(json), err);
}

static void parses_a_rule_with_defaults(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;
	const struct kl_rule *r;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(
	    load(rs,
	         "{\"id\":\"x-token\",\"description\":\"X\","
	         "\"severity\":\"high\",\"regex\":\"(x_[a-z]{4})\","
	         "\"keywords\":[\"X_\"],\"tags\":[\"x\",\"generic\"]}",
	         &err),
	    0);
	assert_int_equal(rs->nrules, 1);
	r = &rs->rules[0];
	assert_string_equal(r->id, "x-token");
	assert_int_equal(r->severity, KL_SEV_HIGH);
	assert_int_equal(r->secret_group, 1);        /* default: first group */
	assert_string_equal(r->keywords.v[0], "x_"); /* lower-cased */
	assert_true(r->flags & KL_RULE_GENERIC);
	assert_string_equal(r->origin, "t.json");
	kl_rules_free(rs);
	kl_buf_free(&err);
}

static void errors_name_file_rule_and_offset(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(load(rs,
	                      "[{\"id\":\"bad\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"ab(c\"}]",
	                      &err),
	                 KL_EINVAL);
	assert_non_null(strstr(err.ptr, "t.json: rule \"bad\": regex error "
	                                "at offset 4: "));
	assert_null(strchr(err.ptr, '\n'));

	assert_int_equal(load(rs,
	                      "{\"id\":\"u\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"a\","
	                      "\"colour\":1}",
	                      &err),
	                 KL_EINVAL);
	assert_string_equal(err.ptr,
	                    "t.json: rule \"u\": unknown key \"colour\"");

	assert_int_equal(load(rs,
	                      "{\"id\":\"g\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"(a)b\","
	                      "\"secret_group\":2}",
	                      &err),
	                 KL_EINVAL);
	assert_non_null(strstr(err.ptr, "\"secret_group\" is 2 but the regex "
	                                "has 1 capture group"));

	assert_int_equal(load(rs,
	                      "{\"id\":\"s\",\"description\":\"d\","
	                      "\"severity\":\"urgent\",\"regex\":\"a\"}",
	                      &err),
	                 KL_EINVAL);
	assert_non_null(strstr(err.ptr, "\"severity\" must be one of"));

	assert_int_equal(load(rs,
	                      "{\"id\":\"a\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"a\","
	                      "\"allow\":{\"regexes\":[\"ok\",\"[\"]}}",
	                      &err),
	                 KL_EINVAL);
	assert_non_null(strstr(err.ptr, "rule \"a\": allow regex 2: regex "
	                                "error at offset 1"));

	assert_int_equal(load(rs, "{\"id\": \n  \"x\",,}", &err), KL_EINVAL);
	assert_non_null(strstr(err.ptr, "t.json: invalid JSON at line 2"));
	assert_int_equal(rs->nrules, 0);
	kl_rules_free(rs);
	kl_buf_free(&err);
}

static void a_failing_file_keeps_nothing(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(
	    load(rs,
	         "{\"rules\":[{\"id\":\"one\",\"description\":\"d\","
	         "\"severity\":\"low\",\"regex\":\"a\"},"
	         "{\"id\":\"one\",\"description\":\"d\","
	         "\"severity\":\"low\",\"regex\":\"b\"}]}",
	         &err),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "rule \"one\": duplicate rule id"));
	assert_int_equal(rs->nrules, 0);
	kl_rules_free(rs);
	kl_buf_free(&err);
}

static void finalize_indexes_keywords(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(load(rs,
	                      "[{\"id\":\"a\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"a\","
	                      "\"keywords\":[\"foo\",\"bar\",\"foo\"]},"
	                      "{\"id\":\"b\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"b\","
	                      "\"keywords\":[\"bar\"]},"
	                      "{\"id\":\"c\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"c\"},"
	                      "{\"id\":\"d\",\"description\":\"d\","
	                      "\"severity\":\"low\",\"regex\":\"d\","
	                      "\"keywords\":[\"zap\"]}]",
	                      &err),
	                 0);
	assert_int_equal(kl_rules_disable(rs, "d"), 0);
	assert_int_equal(kl_rules_disable(rs, "nope"), KL_ENOTFOUND);
	assert_int_equal(kl_rules_finalize(rs, &err), 0);
	assert_int_equal(rs->nenabled, 3);
	assert_int_equal(rs->kw.n, 2); /* foo, bar; zap is disabled */
	assert_int_equal(rs->nalways, 1);
	assert_int_equal(rs->always[0], 2);
	for (size_t k = 0; k < rs->kw.n; k++) {
		size_t n = rs->kw_start[k + 1] - rs->kw_start[k];

		if (strcmp(rs->kw.v[k], "foo") == 0)
			assert_int_equal(n, 1); /* listed twice, wakes once */
		else
			assert_int_equal(n, 2);
	}
	kl_rules_free(rs);
	kl_buf_free(&err);
}

static void globs(void **state)
{
	(void)state;
	assert_true(kl_pathspec_match("*.lock", "a/b/yarn.lock"));
	assert_true(kl_pathspec_match("testdata/", "testdata/x/y.txt"));
	assert_true(kl_pathspec_match("testdata/", "sub/testdata/x"));
	assert_false(kl_pathspec_match("testdata/", "mytestdata/x"));
	assert_true(kl_pathspec_match("src/*.js", "src/a/b.js"));
	assert_false(kl_pathspec_match("src/*.js", "lib/src/b.js"));
	assert_true(kl_pathspec_match(".npmrc", "home/.npmrc"));
	assert_false(kl_pathspec_match(".npmrc", "home/x.npmrc"));
}

static void example_macros(void **state)
{
	struct kl_buf a = KL_BUF_INIT, b = KL_BUF_INIT, err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(
	    kl_examples_expand(&a, "k=ghp_{{rand:36:alnum}};", 7, &err), 0);
	assert_int_equal(a.len, strlen("k=ghp_;") + 36);
	assert_int_equal(
	    kl_examples_expand(&b, "k=ghp_{{rand:36:alnum}};", 7, &err), 0);
	assert_string_equal(a.ptr, b.ptr); /* deterministic */
	for (size_t i = 6; i < 42; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
		                       "nopqrstuvwxyz0123456789",
		                       a.ptr[i]));
	kl_buf_clear(&a);
	assert_int_equal(kl_examples_expand(&a, "{{rand:5:0-1}}", 1, &err), 0);
	assert_int_equal(strspn(a.ptr, "01"), 5);
	kl_buf_clear(&a);
	assert_int_equal(
	    kl_examples_expand(&a, "Basic {{b64:user:pw}}", 1, &err), 0);
	assert_string_equal(a.ptr, "Basic dXNlcjpwdw==");
	kl_buf_clear(&a);
	assert_int_equal(
	    kl_examples_expand(&a, "gh{{}}p_x {{b64:u{{}}:p}}", 1, &err), 0);
	assert_string_equal(a.ptr, "ghp_x dTpw");
	kl_buf_clear(&a);
	assert_int_equal(kl_examples_expand(&a, "{{ var }}", 1, &err), 0);
	assert_string_equal(a.ptr, "{{ var }}");
	assert_int_equal(kl_examples_expand(&a, "{{rand:x:hex}}", 1, &err),
	                 KL_EINVAL);
	kl_buf_free(&a);
	kl_buf_free(&b);
	kl_buf_free(&err);
}

static void builtin_rules_load(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(kl_rules_load_builtin(rs, &err), 0);
	assert_int_equal(kl_rules_finalize(rs, &err), 0);
	assert_true(rs->nrules >= 200);
	/* Deferred until first use, then all compile and validate. */
	assert_null(rs->rules[0].code);
	assert_true(kl_rules_prepare(rs, &rs->rules[0]));
	assert_non_null(rs->rules[0].code);
	assert_int_equal(kl_rules_compile_all(rs, &err), 0);
	for (size_t i = 0; i < rs->nrules; i++) {
		assert_non_null(rs->rules[i].code);
		assert_true(rs->rules[i].capture_count < KL_DEFERRED_OVECTOR);
		assert_true(rs->rules[i].secret_group <=
		            rs->rules[i].capture_count);
	}
	kl_rules_free(rs);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_a_rule_with_defaults),
	    cmocka_unit_test(errors_name_file_rule_and_offset),
	    cmocka_unit_test(a_failing_file_keeps_nothing),
	    cmocka_unit_test(finalize_indexes_keywords),
	    cmocka_unit_test(globs),
	    cmocka_unit_test(example_macros),
	    cmocka_unit_test(builtin_rules_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
