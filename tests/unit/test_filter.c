/* Unit tests for the shared precision filters.
 * Token-shaped literals are split into adjacent string literals ("ghp_"
 * "..."): the compiler joins them; secret scanners reading the source see
 * no token. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "filter.h"

static bool ph(const char *s)
{
	return kl_filter_is_placeholder(s, strlen(s));
}

static bool plausible(const char *s)
{
	return kl_filter_generic_plausible(s, strlen(s));
}

static void placeholders(void **state)
{
	(void)state;
	assert_true(ph("YOUR_API_KEY"));
	assert_true(ph("your-api-key-here"));
	assert_true(ph("<token>"));
	assert_true(ph("xxxxxxxxxxxxxxxx"));
	assert_true(ph("sk_live_"
	               "xxxxxxxxxxxx"));
	assert_true(ph("${STRIPE_KEY}"));
	assert_true(ph("{{ api_key }}"));
	assert_true(ph("process.env.API_KEY"));
	assert_true(ph("os.environ['TOKEN']"));
	assert_true(ph("%(password)s"));
	assert_true(ph("$SECRET_TOKEN"));
	assert_true(ph("changeme"));
	assert_true(ph("********"));
	assert_true(ph("1234567890"));
	assert_true(ph("abcdefghij"));
	assert_true(ph("aaaaaaaaaaaa"));
	assert_true(ph("abcabcabcabc"));
	assert_true(ph("[REDACTED]"));
	assert_true(ph("null"));
	/* Real-looking secrets are not placeholders. */
	assert_false(ph("ghp_"
	                "8fK2mQz9LwX4pT7rV1nB6cY3hJ5dS0aE2gU4"));
	assert_false(ph("Tr0ub4dor&3"));
	assert_false(ph("wJ8fh3LK92nd83Hs9dk2"));
}

static void long_values_only_fail_on_templates(void **state)
{
	char block[600];

	(void)state;
	/* A kilobyte of base64 contains short words by chance. */
	memset(block, 'Q', sizeof(block));
	for (size_t i = 0; i < sizeof(block) - 1; i++)
		block[i] = "MIIEowIBAAKCAQEAn0nEtodoxNuLLKeyexampleRz9"[i % 41];
	block[sizeof(block) - 1] = '\0';
	assert_false(ph(block));
	memcpy(block + 100, "${KEY}", 6);
	assert_true(ph(block));
}

static void known_examples(void **state)
{
	(void)state;
	assert_true(kl_filter_is_known_example("AKIAIOSFODNN7EXAMPLE", 20));
	assert_false(kl_filter_is_known_example("AKIA"
	                                        "QWERTYUIOPASDFGH",
	                                        20));
}

static void generic_plausibility(void **state)
{
	(void)state;
	assert_true(plausible("hJ7#kL9!mN2pQ"));
	assert_true(plausible("5f4dcc3b5aa765d61d8327deb882cf99"));
	assert_false(plausible("password_field"));
	assert_false(plausible("Enter your password"));
	assert_false(plausible("https://example.com/token"));
	assert_false(plausible("/etc/ssl/private/key.pem"));
	assert_false(plausible("credentials.json"));
	assert_false(plausible("SECRET_KEY_NAME"));
	assert_false(plausible("PasswordConfirmation"));
	assert_false(plausible("2024-05-01"));
	assert_false(plausible("short"));
	assert_false(plausible("user@example.com"));
	/* Letters only: random case is a secret, words are a name. */
	assert_true(plausible("eYHhFaiXdXKz"));
	assert_false(plausible("id-it-revPassphrase"));
	assert_false(plausible("HTTPResponseHeader"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(placeholders),
	    cmocka_unit_test(long_values_only_fail_on_templates),
	    cmocka_unit_test(known_examples),
	    cmocka_unit_test(generic_plausibility),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
