/*
 * filter: placeholder, example-key and plausibility checks.  Each check is a
 * handful of byte scans over a short secret, so they run on every candidate
 * without measurable cost.  Lists are kept short and general: they describe
 * kinds of non-secrets, not individual fixtures.
 */
#include "filter.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "text.h"

static bool has_ci(const char *s, size_t n, const char *needle)
{
	return kl_text_memcasemem(s, n, needle, strlen(needle)) != NULL;
}

static bool has(const char *s, size_t n, const char *needle)
{
	size_t l = strlen(needle);

	if (l > n)
		return false;
	for (size_t i = 0; i + l <= n; i++)
		if (memcmp(s + i, needle, l) == 0)
			return true;
	return false;
}

/* Longest run of one repeated byte. */
static size_t longest_repeat(const char *s, size_t n)
{
	size_t best = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		run = (i && s[i] == s[i - 1]) ? run + 1 : 1;
		if (run > best)
			best = run;
	}
	return best;
}

/* Longest run of consecutive ascending (or descending) characters, such as
 * 123456 or abcdef, ignoring case; 0 follows 9 as on a keyboard
 * (1234567890). */
static size_t longest_sequence(const char *s, size_t n)
{
	size_t best = n ? 1 : 0, up = 1, down = 1;

	for (size_t i = 1; i < n; i++) {
		int a = tolower((unsigned char)s[i - 1]);
		int b = tolower((unsigned char)s[i]);

		up = (isalnum(a) && (b == a + 1 || (a == '9' && b == '0')))
		         ? up + 1
		         : 1;
		down = (isalnum(a) && b == a - 1) ? down + 1 : 1;
		if (up > best)
			best = up;
		if (down > best)
			best = down;
	}
	return best;
}

/* True when the value is made of a small unit repeated, like abcabcabc. */
static bool periodic(const char *s, size_t n)
{
	for (size_t p = 1; p <= 4 && p * 3 <= n; p++) {
		size_t i;

		for (i = p; i < n; i++)
			if (s[i] != s[i - p])
				break;
		if (i == n)
			return true;
	}
	return false;
}

static bool enclosed(const char *s, size_t n, char open, char close)
{
	return n >= 2 && s[0] == open && s[n - 1] == close;
}

bool kl_filter_is_placeholder(const char *s, size_t n)
{
	static const char *const words[] = {"your_",
	                                    "your-",
	                                    "yourapi",
	                                    "yourkey",
	                                    "yoursecret",
	                                    "yourtoken",
	                                    "yourpass",
	                                    "your api",
	                                    "your key",
	                                    "your secret",
	                                    "your token",
	                                    "your password",
	                                    "example",
	                                    "placeholder",
	                                    "changeme",
	                                    "change_me",
	                                    "change-me",
	                                    "changethis",
	                                    "replaceme",
	                                    "replace_me",
	                                    "replace-me",
	                                    "replace_with",
	                                    "insert_",
	                                    "insert-",
	                                    "dummy",
	                                    "redacted",
	                                    "<redacted",
	                                    "xxxx",
	                                    "****",
	                                    "....",
	                                    "\xE2\x80\xA2\xE2\x80\xA2",
	                                    "not_a_real",
	                                    "not-a-real",
	                                    "notarealkey",
	                                    "not_real",
	                                    "fake_",
	                                    "fake-",
	                                    "_here",
	                                    "-here",
	                                    "here_",
	                                    "goes_here",
	                                    "goeshere",
	                                    "enter_",
	                                    "enter-your",
	                                    "put_your",
	                                    "put-your",
	                                    "lorem",
	                                    "secret_key_here",
	                                    "todo",
	                                    "fixme",
	                                    "sample_",
	                                    "sample-",
	                                    "mock_",
	                                    "mock-",
	                                    "foobar",
	                                    NULL};
	/* Whole values that mean "no value". */
	static const char *const empties[] = {
	    "n/a", "na", "nil", "none", "null", "tbd", "undefined", "unset",
	    "empty",
	    /* Whole values that are defaults everybody knows, not
	     * secrets anybody chose. */
	    "password", "passw0rd", "p@ssw0rd", "passwd", "secret", "changeit",
	    "admin", "administrator", "root", "toor", "test", "guest",
	    "postgres", "mysql", "default", "demo", "letmein", "welcome",
	    "qwerty", "pass", "user", "username", NULL};
	static const char *const refs[] = {
	    "${", "{{", "}}", "<%", "%>", "#{", "$(", "%(", "process.env",
	    "import.meta.env", "os.environ", "os.getenv", "getenv(", "env(",
	    "env[", "env.", "environ[", "environ.get", "config(", "config[",
	    "settings.", "secrets.", "vault(", "@{", "$env:", "%env", "\\(",
	    /* Encrypted values: SOPS, jasypt, Spring Cloud Config, Ansible
	     * Vault, Vault transit.  Ciphertext is not the secret. */
	    "ENC[", "ENC(", "{cipher}", "$ANSIBLE_VAULT", "vault:v1:", NULL};
	size_t i, rep, seq;

	if (n == 0)
		return true;
	/* A value that is one character repeated or one ascending run,
	 * however short (user:1111@, xxx:yyy, user:abc@), was not chosen;
	 * nor was a longer one that is half a single run
	 * (AIzaSyabcdefghijklmnopqrstuvwxyz1234567). */
	rep = longest_repeat(s, n);
	seq = longest_sequence(s, n);
	if (n >= 2 && (rep == n || (n >= 3 && seq == n)))
		return true;
	if (n >= 12 && 2 * (rep > seq ? rep : seq) >= n)
		return true;
	/* HTML-escaped brackets: &lt;YOURPASSWORD&gt; */
	if ((n > 4 && strncasecmp(s, "&lt;", 4) == 0) ||
	    (n > 4 && strncasecmp(s + n - 4, "&gt;", 4) == 0))
		return true;
	/* The rest of a bracketed template cut by the regex: password> of
	 * <user:password>. */
	if (n > 2 && (s[n - 1] == '>' || s[0] == '<') &&
	    kl_filter_is_placeholder(s + (s[0] == '<'),
	                             n - 1 - (s[0] == '<' && s[n - 1] == '>')))
		return true;
	for (i = 0; empties[i]; i++)
		if (strlen(empties[i]) == n &&
		    strncasecmp(s, empties[i], n) == 0)
			return true;
	/* Long values that are not URLs (key blocks) are checked only for
	 * template syntax and masking: by chance alone a kilobyte of base64
	 * holds short words, and ASN.1 zero bytes make runs of 'A'. */
	if (n > 128 && !has(s, n, "://")) {
		return has(s, n, "${") || has(s, n, "{{") ||
		       has(s, n, "ENC[") || has(s, n, "$ANSIBLE_VAULT") ||
		       /* Documentation marks sample tokens and key
		        * blocks with EXAMPLE; seven given capitals in a
		        * row do not happen in random base64. */
		       has(s, n, "EXAMPLE") || has_ci(s, n, "xxxxxxxx") ||
		       has(s, n, "********") || has(s, n, "00000000") ||
		       longest_repeat(s, n) >= 16;
	}
	for (i = 0; words[i]; i++)
		if (has_ci(s, n, words[i]))
			return true;
	for (i = 0; refs[i]; i++)
		if (has_ci(s, n, refs[i]))
			return true;
	/* <token>, [REDACTED], {api_key}, %KEY%, __TOKEN__ */
	if (enclosed(s, n, '<', '>') || enclosed(s, n, '[', ']') ||
	    enclosed(s, n, '{', '}') || enclosed(s, n, '%', '%') ||
	    (n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' &&
	     s[n - 2] == '_'))
		return true;
	/* $VAR or $var_name: a shell or language variable reference. */
	if (s[0] == '$' && n > 1 &&
	    (isalpha((unsigned char)s[1]) || s[1] == '_')) {
		for (i = 1; i < n; i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '_')
				break;
		if (i == n)
			return true;
	}
	if (n >= 6 && periodic(s, n))
		return true;
	return false;
}

bool kl_filter_is_typed(const char *s, size_t n)
{
	/* Long values are judged by kl_filter_is_placeholder alone: ASN.1
	 * zero bytes make runs of 'A' in base64 key blocks. */
	return n <= 128 &&
	       (longest_repeat(s, n) >= 6 || longest_sequence(s, n) >= 6);
}

bool kl_filter_is_known_example(const char *s, size_t n)
{
	/* Published example keys.  Only distinctive fragments are stored, so
	 * this file does not itself look like it holds a key. */
	static const char *const fragments[] = {
	    "IOSFODNN7EXAMPLE",           /* AWS access key id docs */
	    "K7MDENG/bPxRfiCYEXAMPLEKEY", /* AWS secret key docs */
	    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", /* jwt.io */
	    "4eC39HqLyjWDarjtT1zdp7dc", /* Stripe docs test key */
	    "TYooMQauvdEDq54NiTphI7jx", /* Stripe docs publishable */
	    "BQokikJOvBiI2HlWgH4olfQ2", /* Stripe docs */
	    "16C7e42F292c6912E7710c838347Ae178B4a", /* GitHub docs */
	    "wJalrXUtnFEMI/K7MDENG", "AKIAI44QH8DHBEXAMPLE",
	    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
	    /* The bootstrap token of kubeadm's documentation. */
	    "abcdef.0123456789abcdef",
	    /* Laravel's factory hash of "password". */
	    "92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi",
	    /* The Google Cloud SDK's OAuth client, public by design. */
	    "d-FL95Q19q7MQmFpd7hHD0Ty",
	    /* Algolia's search-only key of the public npm-search index,
	     * shipped in Yarn and many docs sites. */
	    "6fe4476ee5a1832882e326b5",
	    /* Digests of the empty input (MD5, SHA-1, SHA-256): public
	     * constants that fill default and test values. */
	    "d41d8cd98f00b204e9800998ecf8427e",
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    NULL};

	for (size_t i = 0; fragments[i]; i++)
		if (has(s, n, fragments[i]))
			return true;
	return false;
}

/* Decoded text (or its password) is a value nothing vouches for: not a
 * placeholder, not typed by hand, not a published example. */
static bool decoded_value_ok(const char *s, size_t n)
{
	return !kl_filter_is_placeholder(s, n) && !kl_filter_is_typed(s, n) &&
	       !kl_filter_is_known_example(s, n);
}

bool kl_filter_decoded_plausible(const char *s, size_t n, bool userpass)
{
	unsigned char buf[1024];
	const char *text = (const char *)buf, *colon;
	long len;

	if (n > sizeof(buf) * 4 / 3 || n < 4)
		return false;
	len = kl_base64_decode(s, n, buf);
	if (len <= 0)
		return false;
	for (long i = 0; i < len; i++)
		if (buf[i] < 0x20 && buf[i] != '\t' && buf[i] != '\n' &&
		    buf[i] != '\r')
			return false;
	if (!kl_text_is_utf8(text, (size_t)len))
		return false;
	if (!userpass)
		return decoded_value_ok(text, (size_t)len);
	colon = memchr(text, ':', (size_t)len);
	if (!colon || colon == text || colon + 1 == text + len)
		return false;
	/* A user name has no quotes or braces: {"alg":"HS256"} is the
	 * header of a JWT sent as Basic, not user:password. */
	for (const char *p = text; p < colon; p++)
		if (*p == '"' || *p == '{' || *p == '}')
			return false;
	len -= colon + 1 - text;
	text = colon + 1;
	return decoded_value_ok(text, (size_t)len);
}

int kl_filter_char_classes(const char *s, size_t n)
{
	int lower = 0, upper = 0, digit = 0, other = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (islower(c))
			lower = 1;
		else if (isupper(c))
			upper = 1;
		else if (isdigit(c))
			digit = 1;
		else
			other = 1;
	}
	return lower + upper + digit + other;
}

/* Words that are values of api_key/secret/token/password-named settings
 * without being credentials. */
static bool is_common_value(const char *s, size_t n)
{
	static const char *const values[] = {
	    "password",    "passwd",     "secret",   "token",    "apikey",
	    "api_key",     "true",       "false",    "required", "optional",
	    "string",      "number",     "boolean",  "default",  "hidden",
	    "bearer",      "basic",      "oauth",    "admin",    "root",
	    "guest",       "user",       "test",     "testing",  "public",
	    "private",     "enabled",    "disabled", "empty",    "invalid",
	    "unknown",     "value",      "config",   "settings", "local",
	    "development", "production", "staging",  NULL};

	for (size_t i = 0; values[i]; i++)
		if (strlen(values[i]) == n && strncasecmp(s, values[i], n) == 0)
			return true;
	return false;
}

/* Whether letters split mostly into word-like parts: lower-case runs,
 * Capitalized runs and ALL-CAPS runs of three letters or more, as in
 * PasswordConfirmation, SECRET_KEY_NAME or id-it-revPassphrase.  Random
 * letters (eYHhFaiXdXKz) break into short parts. */
static bool looks_like_words(const char *s, size_t n)
{
	size_t i = 0, letters = 0, in_words = 0;

	while (i < n) {
		size_t start = i;

		if (!isalpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (isupper((unsigned char)s[i])) {
			i++;
			if (i < n && isupper((unsigned char)s[i])) {
				/* ALL-CAPS run (its last capital may start
				 * the next word: HTTPResponse). */
				while (i < n && isupper((unsigned char)s[i]))
					i++;
				if (i < n && islower((unsigned char)s[i]))
					i--;
			}
		}
		while (i < n && islower((unsigned char)s[i]))
			i++;
		letters += i - start;
		if (i - start >= 3)
			in_words += i - start;
	}
	return in_words * 10 >= letters * 6;
}

/* How many different bytes s holds. */
static size_t distinct(const char *s, size_t n)
{
	unsigned char seen[256] = {0};
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!seen[(unsigned char)s[i]]++)
			k++;
	return k;
}

/* 8-4-4-4-12 hex digits, optionally in braces. */
static bool is_uuid(const char *s, size_t n)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n -= 2;
	}
	if (n != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == '-' ? s[i] != '-'
		                    : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Whether the name (the matched text up to the value) says its value is a
 * key or password rather than a token of some protocol: under such names a UUID
 * is the credential (many providers issue UUID-shaped keys); under others
 * (RequestToken, ChangeToken, update_token) it is an identifier. */
static bool name_of_key(const char *name, size_t n)
{
	static const char *const parts[] = {"key",  "secret", "pass", "pwd",
	                                    "auth", "api",    NULL};

	for (size_t i = 0; parts[i]; i++)
		if (has_ci(name, n, parts[i]))
			return true;
	return false;
}

/* A quoted type or schema name that ends in the matched name:
 * "AWS::ApiGateway::ApiKey", 'Acme::Secret'.  An unquoted Foo::kApiKey is
 * a C++ or PHP constant and may well hold a secret. */
static bool in_type_name(const char *ctx, size_t at)
{
	size_t i = at;
	bool scoped = false;

	while (i > 0 && (isalnum((unsigned char)ctx[i - 1]) ||
	                 ctx[i - 1] == '_' || ctx[i - 1] == ':')) {
		if (i >= 2 && ctx[i - 1] == ':' && ctx[i - 2] == ':')
			scoped = true;
		i--;
	}
	return scoped && i > 0 && (ctx[i - 1] == '"' || ctx[i - 1] == '\'');
}

/* Lower-case names with separators whose parts are words with at most a
 * short number: oauth2-client-credentials, prod-db-v2, tls_1_3.  Random
 * lower-case values (hex, base32) do not split that way. */
static bool separated_words(const char *s, size_t n)
{
	size_t i = 0, seps = 0, words = 0;

	while (i < n) {
		size_t a = i, letters, digits;

		while (i < n && islower((unsigned char)s[i]))
			i++;
		letters = i - a;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		digits = i - a - letters;
		if (i < n && !strchr("-_.", s[i]))
			return false;
		if (letters == 1 || (!letters && !digits) || digits > 4 ||
		    (letters && digits > 3))
			return false;
		words += letters >= 3;
		if (i < n) {
			seps++;
			i++;
		}
	}
	return seps && words;
}

/* A name of code: letters, digits and '_', starting with a letter or '_',
 * made of words (self, apiKey, SECRET_KEY, environ) rather than random
 * letters, with at most two digits. */
static bool code_name(const char *s, size_t n)
{
	size_t digits = 0;

	if (!n || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!isalpha((unsigned char)s[i]) && s[i] != '_')
			return false;
	}
	return digits <= 2 && looks_like_words(s, n);
}

/* Code rather than a literal, for values without quotes: a member path
 * (config.apiKey, settings.SECRET_KEY, $this->token, Foo::BAR), a call
 * or an index on one (getenv(...) is a placeholder already), or a name
 * that ends a statement (nextToken;). */
static bool code_expression(const char *s, size_t n)
{
	size_t i = 0, parts = 0;
	bool ended = n > 1 && (s[n - 1] == ';' || s[n - 1] == ',');

	if (ended)
		n--;
	while (i < n) {
		size_t a = i;

		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		if (!code_name(s + a, i - a))
			return false;
		parts++;
		if (i < n && s[i] == '.')
			i++;
		else if (i + 1 < n && (memcmp(s + i, "->", 2) == 0 ||
		                       memcmp(s + i, "::", 2) == 0))
			i += 2;
		else
			break;
	}
	/* A call or an index on the name (its arguments may go on over
	 * the next lines). */
	if (i < n && (s[i] == '(' || s[i] == '['))
		return true;
	return i == n && (parts >= 2 || ended);
}

/* The evidence about the value alone. */
static enum kl_verdict generic_value(const char *s, size_t n)
{
	size_t digits = 0, letters = 0, spaces = 0, i;
	bool lower_or_sep_only = true;

	if (n < 8)
		return KL_VERDICT_SHORT;
	if (is_common_value(s, n))
		return KL_VERDICT_WORD;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c))
			digits++;
		else if (isalpha(c))
			letters++;
		else if (c == ' ')
			spaces++;
		if (!(islower(c) || c == '_' || c == '-' || c == '.'))
			lower_or_sep_only = false;
	}
	/* Sentences and labels ("Enter your API key"). */
	if (spaces)
		return KL_VERDICT_SENTENCE;
	/* URLs, paths, file names, e-mail addresses. */
	if (has(s, n, "://") || s[0] == '/' || has(s, n, "./") ||
	    has(s, n, "\\\\") || (has(s, n, "@") && has(s, n, ".")))
		return KL_VERDICT_PATH;
	{
		static const char *const exts[] = {
		    ".json", ".yaml", ".yml", ".pem", ".key", ".txt",
		    ".crt",  ".p12",  ".env", ".js",  ".py",  NULL};

		for (i = 0; exts[i]; i++) {
			size_t l = strlen(exts[i]);

			if (n > l && strncasecmp(s + n - l, exts[i], l) == 0)
				return KL_VERDICT_PATH;
		}
	}
	/* Pure numbers, versions and dates. */
	if (!letters)
		return KL_VERDICT_NUMBER;
	/* identifiers_like_this, kebab-names, dotted.names */
	if (lower_or_sep_only || separated_words(s, n))
		return KL_VERDICT_IDENTIFIER;
	/* UPPER_CASE_NAMES and CamelCaseNames without digits: identifiers. */
	if (!digits) {
		bool ident = true;

		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (!isalpha(c) && c != '_' && c != '-' && c != '.')
				ident = false;
		}
		if (ident && looks_like_words(s, n) &&
		    (n < 20 || kl_text_entropy(s, n) < 4.0))
			return KL_VERDICT_IDENTIFIER;
	}
	/* Four characters or fewer, however arranged (aa11bb22, 1212abab):
	 * made up by hand.  Random values of eight or more characters from
	 * any credential alphabet almost never are. */
	if (distinct(s, n) <= 4)
		return KL_VERDICT_LOW_MIX;
	/* Shortened in documentation: "eyJ2IjoiMSIsInMi...", "AB...YZ". */
	if (has(s, n, "...") || has(s, n, "\xE2\x80\xA6"))
		return KL_VERDICT_ELIDED;
	return KL_VERDICT_KEPT;
}

enum kl_verdict kl_filter_generic(const char *s, size_t n, const char *ctx,
                                  size_t ctxlen, size_t name_at)
{
	enum kl_verdict v = generic_value(s, n);
	bool named = ctx && name_at <= ctxlen;

	if (v != KL_VERDICT_KEPT)
		return v;
	if (named && ctxlen && !strchr("\"'`", ctx[ctxlen - 1]) &&
	    code_expression(s, n))
		return KL_VERDICT_EXPRESSION;
	if (named && in_type_name(ctx, name_at))
		return KL_VERDICT_TYPE_NAME;
	/* The match up to the value holds the name (and for header and
	 * call forms, the header or argument name). */
	if (is_uuid(s, n) &&
	    !(named && name_of_key(ctx + name_at, ctxlen - name_at)))
		return KL_VERDICT_UUID;
	return KL_VERDICT_KEPT;
}

bool kl_filter_generic_plausible(const char *s, size_t n)
{
	return kl_filter_generic(s, n, NULL, 0, 0) == KL_VERDICT_KEPT;
}
