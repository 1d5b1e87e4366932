/* Unit tests for .keylint.json parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "config.h"

static int load(struct kl_config *c, const char *text, struct kl_buf *err)
{
	kl_buf_clear(err);
	return kl_config_load_buffer(c, ".keylint.json", text, strlen(text),
	                             err);
}

static void full_config(void **state)
{
	struct kl_config c = KL_CONFIG_INIT;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(
	    load(&c,
	         "{\"rules\":[{\"id\":\"x\"}],"
	         "\"disabled_rules\":[\"jwt\"],"
	         "\"allow\":{\"paths\":[\"testdata/\"],"
	         "\"regexes\":[\"^dev-\"],\"stopwords\":[\"Dummy\"]},"
	         "\"client_side\":{\"paths\":[\"web/*\"],"
	         "\"env_prefixes\":[\"MYAPP_PUBLIC_\"]},"
	         "\"max_file_size\":1048576}",
	         &err),
	    0);
	assert_true(c.loaded);
	assert_non_null(c.rules);
	assert_int_equal(c.disabled_rules.n, 1);
	assert_string_equal(c.allow.paths.v[0], "testdata/");
	assert_int_equal(c.allow.nregexes, 1);
	assert_string_equal(c.allow.stopwords.v[0], "dummy");
	assert_string_equal(c.client_paths.v[0], "web/*");
	assert_string_equal(c.env_prefixes.v[0], "MYAPP_PUBLIC_");
	assert_true(c.has_max_file_size);
	assert_int_equal(c.max_file_size, 1048576);
	kl_config_release(&c);
	kl_buf_free(&err);
}

static void errors_name_the_key(void **state)
{
	struct kl_config c = KL_CONFIG_INIT;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(load(&c, "{\"allowed\":{}}", &err), KL_EINVAL);
	assert_string_equal(err.ptr, ".keylint.json: unknown key \"allowed\"");
	assert_int_equal(load(&c, "{\"client_side\":{\"prefixes\":[]}}", &err),
	                 KL_EINVAL);
	assert_string_equal(
	    err.ptr, ".keylint.json: unknown key \"client_side.prefixes\"");
	assert_int_equal(load(&c, "{\"allow\":{\"path\":[]}}", &err),
	                 KL_EINVAL);
	assert_string_equal(err.ptr,
	                    ".keylint.json: unknown key \"allow.path\"");
	assert_int_equal(load(&c, "{\"max_file_size\":-1}", &err), KL_EINVAL);
	assert_int_equal(load(&c, "{\n\"rules\": [,]\n}", &err), KL_EINVAL);
	assert_non_null(strstr(err.ptr, "invalid JSON at line 2"));
	assert_int_equal(load(&c, "[]", &err), KL_EINVAL);
	kl_config_release(&c);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_config),
	    cmocka_unit_test(errors_name_the_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
