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

static bool typed(const char *s)
{
	return kl_filter_is_typed(s, strlen(s));
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
	/* A run inside a value is typed, not a placeholder by itself. */
	assert_false(ph("12345678-ABCD-ABCD-ABCD-1234567890AB"));
	assert_true(typed("12345678-ABCD-ABCD-ABCD-1234567890AB"));
	assert_true(typed("key_aaaaaa_x9"));
	assert_false(typed("ghp_"
	                   "8fK2mQz9LwX4pT7rV1nB6cY3hJ5dS0aE2gU4"));
	assert_false(typed("12345"));
	/* Half of a longer value in one run. */
	assert_true(ph("AIzaSy"
	               "abcdefghijklmnopqrstuvwxyz1234567"));
	assert_false(ph("AIzaSy"
	                "abcdefg8fK2mQz9LwX4pT7rV1nB6cY3h"));
	assert_true(ph("[REDACTED]"));
	assert_true(ph("null"));
	/* Short values that were not chosen: user:1111@, xxx:yyy, user:abc@ */
	assert_true(ph("1111"));
	assert_true(ph("yyy"));
	assert_true(ph("abc"));
	/* HTML-escaped and cut brackets: &lt;YOURPASSWORD&gt;, the password>
	 * of curl -u <user:password>. */
	assert_true(ph("&lt;YOURPASSWORD&gt;"));
	assert_true(ph("&lt;secret"));
	assert_true(ph("password>"));
	assert_false(ph("Tr0ub4dor>"));
	assert_false(ph("q7"));
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
	/* Documentation marks long sample tokens with EXAMPLE. */
	memcpy(block + 100, "9EXAMPLE", 8);
	assert_true(ph(block));
}

static void known_examples(void **state)
{
	(void)state;
	assert_true(kl_filter_is_known_example("AKIAIOSFODNN7EXAMPLE", 20));
	assert_false(kl_filter_is_known_example("AKIA"
	                                        "QWERTYUIOPASDFGH",
	                                        20));
	/* Public constants: the SHA-256 of nothing. */
	assert_true(
	    kl_filter_is_known_example("e3b0c44298fc1c149afbf4c8996fb924"
	                               "27ae41e4649b934ca495991b7852b855",
	                               64));
}

static void decoded_userpass(void **state)
{
	(void)state;
	/* dXNlcjpzM2NyM3RQYTU1 is user:s3cr3tPa55 */
	assert_true(
	    kl_filter_decoded_plausible("dXNlcjpzM2NyM3RQYTU1", 20, true));
	/* The header of a JWT sent as Basic: {"alg":"HS256",...} */
	assert_false(kl_filter_decoded_plausible(
	    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", 36, true));
}

static enum kl_verdict gen(const char *line, const char *value)
{
	const char *at = strstr(line, value);
	size_t name_at = strspn(line, " \t");

	assert_non_null(at);
	return kl_filter_generic(value, strlen(value), line,
	                         (size_t)(at - line), name_at);
}

/* The evidence names why a generic candidate is dropped. */
static void generic_evidence(void **state)
{
	(void)state;
	assert_int_equal(gen("api_key = \"hJ7kL9mN2pQ4rS\"", "hJ7kL9mN2pQ4rS"),
	                 KL_VERDICT_KEPT);
	assert_int_equal(gen("token = \"abc\"", "abc"), KL_VERDICT_SHORT);
	assert_int_equal(gen("token = \"Enter a token\"", "Enter a token"),
	                 KL_VERDICT_SENTENCE);
	assert_int_equal(gen("token = \"1.2.3-4567\"", "1.2.3-4567"),
	                 KL_VERDICT_NUMBER);
	assert_int_equal(
	    gen("token = \"token_storage_key\"", "token_storage_key"),
	    KL_VERDICT_IDENTIFIER);
	assert_int_equal(
	    gen("token = \"https://h.example/x\"", "https://h.example/x"),
	    KL_VERDICT_PATH);
	assert_int_equal(
	    gen("\"PurchaseToken\": \"eyJ2IjoiMSIs...\"", "eyJ2IjoiMSIs..."),
	    KL_VERDICT_ELIDED);
	/* A UUID is an identifier under a token's name (idempotency, change
	 * and request tokens), a credential under a key's. */
	assert_int_equal(gen("\"ChangeToken\": "
	                     "\"abcd12f2-46da-4fdb-b8d5-fbd4c466928f\"",
	                     "abcd12f2-46da-4fdb-b8d5-fbd4c466928f"),
	                 KL_VERDICT_UUID);
	assert_int_equal(
	    gen("ApiKey = \"9c1e0f6a-46da-4fdb-b8d5-fbd4c466928f\"",
	        "9c1e0f6a-46da-4fdb-b8d5-fbd4c466928f"),
	    KL_VERDICT_KEPT);
	/* A quoted type name is a schema key; C++'s Foo::kApiKey is not. */
	{
		const char *l =
		    "\"AWS::ApiGateway::ApiKey\": \"48205d4ffd7feba3\"";

		assert_int_equal(
		    kl_filter_generic("48205d4ffd7feba3", 16, l,
		                      (size_t)(strstr(l, "48") - l),
		                      (size_t)(strstr(l, "ApiKey") - l)),
		    KL_VERDICT_TYPE_NAME);
		l = "const char *Config::kApiKey = \"48205d4ffd7feba3\"";
		assert_int_equal(
		    kl_filter_generic("48205d4ffd7feba3", 16, l,
		                      (size_t)(strstr(l, "48") - l),
		                      (size_t)(strstr(l, "kApiKey") - l)),
		    KL_VERDICT_KEPT);
	}
}

/* Every verdict has a name and a text. */
static void verdict_names(void **state)
{
	(void)state;
	for (int v = 0; v < KL_VERDICT_COUNT; v++) {
		assert_string_not_equal(kl_verdict_name((enum kl_verdict)v),
		                        "unknown");
		assert_string_not_equal(kl_verdict_text((enum kl_verdict)v),
		                        "unknown");
	}
	assert_string_equal(kl_verdict_name(KL_VERDICT_COUNT), "unknown");
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
	    cmocka_unit_test(decoded_userpass),
	    cmocka_unit_test(generic_evidence),
	    cmocka_unit_test(verdict_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
