/* Unit tests for the gitleaks import: the TOML reader, the mapping of a
 * gitleaks config onto .keylint.json, and .gitleaksignore matching. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "gitleaks.h"
#include "gitleaks_example.h"
#include "gitleaks_ids.h"
#include "gitleaks_regex.h"
#include "gitleaksignore.h"
#include "hash.h"
#include "options.h"
#include "pathspec.h"
#include "rules.h"
#include "toml.h"

/* ---- TOML ---- */

static cJSON *toml(const char *text)
{
	struct kl_buf err = KL_BUF_INIT;
	cJSON *j = NULL;
	int rc = kl_toml_parse("t.toml", text, strlen(text), &j, &err);

	if (rc)
		fail_msg("unexpected error: %s", err.ptr);
	kl_buf_free(&err);
	return j;
}

/* The error message for text, which must not parse. */
static char *toml_error(const char *text, size_t len)
{
	struct kl_buf err = KL_BUF_INIT;
	cJSON *j = NULL;

	assert_int_equal(kl_toml_parse("t.toml", text, len, &j, &err),
	                 KL_EINVAL);
	assert_null(j);
	return kl_buf_detach(&err, NULL);
}

/* cJSON_PrintUnformatted of the parse of text. */
static char *toml_json(const char *text)
{
	cJSON *j = toml(text);
	char *s = cJSON_PrintUnformatted(j);

	cJSON_Delete(j);
	return s;
}

static void check_json(const char *text, const char *want)
{
	char *got = toml_json(text);

	assert_string_equal(got, want);
	free(got);
}

static void toml_tables_and_keys(void **state)
{
	(void)state;
	/* Comments, bare, quoted and dotted keys, whitespace around dots. */
	check_json("# a comment\n"
	           "title = \"x\" # trailing\n"
	           "bare_key-1 = 1\n"
	           "\"quoted key\" = 2\n"
	           "'literal key' = 3\n"
	           "a . b.\"c d\" = 4\n"
	           "a.e = 5\n"
	           "\"\" = 6\n",
	           "{\"title\":\"x\",\"bare_key-1\":1,\"quoted key\":2,"
	           "\"literal key\":3,\"a\":{\"b\":{\"c d\":4},\"e\":5},"
	           "\"\":6}");
	/* Tables, sub-tables before their parent, dotted headers. */
	check_json("[a.b.c]\nx = 1\n[a]\ny = 2\n[ a . \"q\" ]\nz = 3\n",
	           "{\"a\":{\"b\":{\"c\":{\"x\":1}},\"y\":2,\"q\":{\"z\":3}}}");
	/* A byte order mark and CRLF line ends. */
	check_json("\xEF\xBB\xBF"
	           "a = 1\r\nb = 2\r\n",
	           "{\"a\":1,\"b\":2}");
	check_json("", "{}");
}

static void toml_arrays_of_tables(void **state)
{
	cJSON *j, *rules, *r1, *al;

	(void)state;
	/* [[rules.allowlists]] and [rules.allowlist] attach to the last
	 * [[rules]] table. */
	j = toml("[[rules]]\nid = \"one\"\n"
	         "  [[rules.allowlists]]\n  regexes = ['''a''']\n"
	         "[[rules]]\nid = \"two\"\n"
	         "  [[rules.allowlists]]\n  paths = ['''p1''']\n"
	         "  [[rules.allowlists]]\n  paths = ['''p2''']\n"
	         "  [rules.allowlist]\n  stopwords = [\"w\"]\n"
	         "[[allowlists]]\ndescription = \"g\"\n");
	rules = cJSON_GetObjectItemCaseSensitive(j, "rules");
	assert_int_equal(cJSON_GetArraySize(rules), 2);
	r1 = cJSON_GetArrayItem(rules, 1);
	assert_string_equal(
	    cJSON_GetObjectItemCaseSensitive(r1, "id")->valuestring, "two");
	al = cJSON_GetObjectItemCaseSensitive(r1, "allowlists");
	assert_int_equal(cJSON_GetArraySize(al), 2);
	assert_string_equal(
	    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
	                           cJSON_GetArrayItem(al, 1), "paths"),
	                       0)
	        ->valuestring,
	    "p2");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(r1, "allowlist"));
	al = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rules, 0),
	                                      "allowlists");
	assert_int_equal(cJSON_GetArraySize(al), 1);
	assert_int_equal(cJSON_GetArraySize(
	                     cJSON_GetObjectItemCaseSensitive(j, "allowlists")),
	                 1);
	cJSON_Delete(j);
	/* A table under an array of tables' last element. */
	check_json("[[a]]\nx = 1\n[[a]]\n[a.b]\ny = 2\n",
	           "{\"a\":[{\"x\":1},{\"b\":{\"y\":2}}]}");
}

static void toml_strings(void **state)
{
	(void)state;
	check_json(
	    "s = \"tab\\t nl\\n q\\\" bs\\\\ u\\u00e9 U\\U0001F600 "
	    "b\\b f\\f r\\r\"\n",
	    "{\"s\":\"tab\\t nl\\n q\\\" bs\\\\ u\xC3\xA9 U\xF0\x9F\x98\x80"
	    " b\\b f\\f r\\r\"}");
	/* Literal strings keep backslashes: how regexes are written. */
	check_json("r = '\\d{3}\\.x'\n", "{\"r\":\"\\\\d{3}\\\\.x\"}");
	/* Multi-line literal: first newline trimmed, quotes inside, up to
	 * two quotes before the closing three. */
	check_json("r = '''\n(?i)a'b''c\n'''\nq = '''x'''''\n",
	           "{\"r\":\"(?i)a'b''c\\n\",\"q\":\"x''\"}");
	/* Multi-line basic: trimmed first newline, line-ending backslash,
	 * five quotes. */
	check_json("m = \"\"\"\none \\\n    two \\\n\n   three\"\"\"\n"
	           "q = \"\"\"\"x\"\"\"\"\"\n",
	           "{\"m\":\"one two three\",\"q\":\"\\\"x\\\"\\\"\"}");
	check_json("e = ''\nf = \"\"\n", "{\"e\":\"\",\"f\":\"\"}");
}

static void toml_numbers_and_booleans(void **state)
{
	(void)state;
	check_json("a = 1_000\nb = -17\nc = +3\nd = 0\ne = 0xDEAD_beef\n"
	           "f = 0o17\ng = 0b101\nh = 3.5\ni = -0.5e3\nj = 1E2\n"
	           "k = true\nl = false\nm = 9_007_199\n",
	           "{\"a\":1000,\"b\":-17,\"c\":3,\"d\":0,\"e\":3735928559,"
	           "\"f\":15,\"g\":5,\"h\":3.5,\"i\":-500,\"j\":100,"
	           "\"k\":true,\"l\":false,\"m\":9007199}");
}

static void toml_arrays_and_inline_tables(void **state)
{
	(void)state;
	check_json("a = [\n  1, # one\n  'two',\n  [3, [4]],\n  {x = 5},\n]\n"
	           "b = []\n"
	           "c = { d = 1, e.f = \"g\", h = {}, i = [1, 2] }\n",
	           "{\"a\":[1,\"two\",[3,[4]],{\"x\":5}],\"b\":[],"
	           "\"c\":{\"d\":1,\"e\":{\"f\":\"g\"},\"h\":{},\"i\":[1,2]}}");
}

static void toml_errors_name_line_and_column(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
	    {"a = 1\na = 2\n", "t.toml: line 2, column 1: key \"a\" is defined "
	                       "twice"},
	    {"[t]\nx = 1\n\n[t]\n", "t.toml: line 4, column 1: table \"t\" is "
	                            "defined twice"},
	    {"[[t]]\n[t]\n", "t.toml: line 2, column 1: table \"t\" is defined "
	                     "twice"},
	    {"t = []\n[[t]]\n", "t.toml: line 2, column 1: \"t\" is already "
	                        "defined and is not an array of tables"},
	    {"t = {x = 1}\n[t.y]\n", "t.toml: line 2, column 1: key \"t\" is "
	                             "a value, not a table"},
	    {"t = {x = 1}\nt.y = 2\n", "t.toml: line 2, column 1: key \"t\" is "
	                               "already defined; a dotted key cannot "
	                               "add to it"},
	    {"[a]\nb.c = 1\n[a.b]\n", "t.toml: line 3, column 1: table \"b\" "
	                              "is defined twice"},
	    {"a = {x = 1,}\n", "t.toml: line 1, column 12: trailing comma in "
	                       "an inline table"},
	    {"a = {x = 1\n}\n", "t.toml: line 1, column 11: expected ',' or "
	                        "'}' in an inline table"},
	    {"a = [1,,2]\n", "t.toml: line 1, column 8: expected a value"},
	    {"a = [1 2]\n", "t.toml: line 1, column 8: expected ',' or ']' in "
	                    "an array"},
	    {"a = \"open\n", "t.toml: line 1, column 10: newline in a "
	                     "single-line string"},
	    {"a = '''open\n", "t.toml: line 1, column 5: unterminated string"},
	    {"a = \"\\q\"\n", "t.toml: line 1, column 6: invalid escape "
	                      "sequence"},
	    {"a = \"\\u0000\"\n", "t.toml: line 1, column 6: a NUL character "
	                          "(\\u0000) in a string is not supported"},
	    {"a = \"\\uD800\"\n", "t.toml: line 1, column 6: unicode escape "
	                          "is not a scalar value"},
	    {"a = \"\\u12\"\n", "t.toml: line 1, column 6: bad hex digit in "
	                        "unicode escape"},
	    {"a = \"\"\"x\"\"\"\"\"\"\n", "t.toml: line 1, column 9: too many "
	                                  "quotes in a row"},
	    {"a = 'x\x01'\n", "t.toml: line 1, column 7: control character "
	                      "in a string"},
	    {"# x\x7f\n", "t.toml: line 1, column 4: control character in a "
	                  "comment"},
	    {"a = \"\xC3\"\n", "t.toml: line 1, column 6: invalid UTF-8"},
	    {"a = 1979-05-27\n", "t.toml: line 1, column 5: dates and times "
	                         "are not supported"},
	    {"a = 07:32:00\n", "t.toml: line 1, column 5: dates and times are "
	                       "not supported"},
	    {"a = -inf\n", "t.toml: line 1, column 5: inf and nan are not "
	                   "supported"},
	    {"a = 0123\n", "t.toml: line 1, column 5: invalid number or "
	                   "value"},
	    {"a = 1__0\n", "t.toml: line 1, column 5: invalid number or "
	                   "value"},
	    {"a = 9223372036854775808\n", "t.toml: line 1, column 5: invalid "
	                                  "number or value"},
	    {"a = 1e999\n", "t.toml: line 1, column 5: invalid number or "
	                    "value"},
	    {"a = 1.\n", "t.toml: line 1, column 5: invalid number or value"},
	    {"a = yes\n", "t.toml: line 1, column 5: invalid number or value"},
	    {"a = true false\n", "t.toml: line 1, column 10: expected the end "
	                         "of the line"},
	    {"a\n= 1\n", "t.toml: line 1, column 2: expected '=' after a key"},
	    {"= 1\n", "t.toml: line 1, column 1: expected a key"},
	    {"\"\"\"k\"\"\" = 1\n", "t.toml: line 1, column 1: a key cannot be "
	                            "a multi-line string"},
	    {"[a\n", "t.toml: line 1, column 3: expected ']' to end a table "
	             "header"},
	    {"[[a]\n", "t.toml: line 1, column 4: expected ']]' to end a "
	               "table header"},
	    {"a = 1\rb = 2\n", "t.toml: line 1, column 6: expected the end of "
	                       "the line"},
	    {"x = \"\"\"a\\ b\"\"\"\n", "t.toml: line 1, column 9: invalid "
	                                "escape: only whitespace may follow "
	                                "a line-ending backslash"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *e = toml_error(cases[i].text, strlen(cases[i].text));

		if (strcmp(e, cases[i].err))
			fail_msg("case %zu: got \"%s\"", i, e);
		free(e);
	}
}

/* Hostile input: deep nesting and long keys stop at the depth limit; NUL
 * bytes and truncation are errors, not reads past the end. */
static void toml_bounds(void **state)
{
	size_t n = 100000;
	char *s = malloc(n + 8), *e;

	(void)state;
	assert_non_null(s);
	memcpy(s, "a = ", 4);
	memset(s + 4, '[', n);
	e = toml_error(s, n + 4);
	assert_non_null(strstr(e, "nest deeper than 64"));
	free(e);
	memset(s + 4, '{', n);
	e = toml_error(s, n + 4);
	free(e);
	for (size_t i = 0; i < n; i += 2)
		memcpy(s + i, "a.", 2);
	memcpy(s + n, "a = 1", 5);
	e = toml_error(s, n + 5);
	assert_non_null(strstr(e, "a key of more than 64 parts"));
	free(e);
	e = toml_error("a = 1\0b = 2", 11);
	assert_string_equal(e, "t.toml: line 1, column 6: expected the end "
	                       "of the line");
	free(e);
	/* Without its NUL the input is only as long as len says. */
	e = toml_error("a = \"x\"", 6);
	assert_string_equal(e, "t.toml: line 1, column 5: unterminated "
	                       "string");
	free(e);
	free(s);
}

/* ---- Go regexes ---- */

/* The PCRE2 form of go, or (when it has none) the reason. */
static char *pcre2_of(const char *go, int want)
{
	struct kl_buf out = KL_BUF_INIT, why = KL_BUF_INIT;
	int rc = kl_gitleaks_regex_pcre2(go, &out, &why);

	if (rc != want)
		fail_msg("%s: got %d (%s)", go, rc, why.ptr ? why.ptr : "");
	if (rc) {
		kl_buf_free(&out);
		return kl_buf_detach(&why, NULL);
	}
	kl_buf_free(&why);
	return kl_buf_detach(&out, NULL);
}

/* Whether the PCRE2 form of go finds a match in s, as gitleaks' Go
 * regexp would. */
static bool re_finds(const char *go, const char *s, size_t n)
{
	struct kl_buf err = KL_BUF_INIT;
	char *re = pcre2_of(go, 0);
	pcre2_code *code = NULL;
	pcre2_match_data *md;
	int rc;

	if (kl_rules_compile(&code, re, &err))
		fail_msg("%s: %s", re, err.ptr);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	kl_buf_free(&err);
	free(re);
	return rc > 0;
}

static void regex_go_to_pcre2(void **state)
{
	static const struct {
		const char *go, *pcre;
	} cases[] = {
	    /* What means the same stays as it is. */
	    {"(?i)\\b(ghp_[0-9a-zA-Z]{36})(?:['|\\\"|\\n|\\r|\\s|\\x60]|$)",
	     "(?i)\\b(ghp_[0-9a-zA-Z]{36})(?:['|\\\"|\\n|\\r|\\s|\\x60]|$)"},
	    {"(?P<tok>x)(?-i:Y)[]a][^]a][[:alpha:]\\d]",
	     "(?P<tok>x)(?-i:Y)[]a][^]a][[:alpha:]\\d]"},
	    {"\\Qa\\v\\1\\E", "\\Qa\\v\\1\\E"},
	    {"\\x{41}\\x60", "\\x{41}\\x60"},
	    /* What differs is rewritten. */
	    {"a\\vb[\\v]", "a\\x0Bb[\\x0B]"},
	    {"\\101\\0\\012", "\\o{101}\\o{0}\\o{012}"},
	    {"x\\x{263A}y", "x(?:\\xE2\\x98\\xBA)y"},
	};
	static const struct {
		const char *go, *why;
	} refused[] = {
	    {"[\xC3\xA9]", "a non-ASCII character inside a class: Go matches "
	                   "characters, keylint bytes"},
	    {"[\\x{100}]", "a character above \\xFF inside a class: Go "
	                   "matches characters, keylint bytes"},
	    {"(a)\\1", "backreferences are not RE2 syntax"},
	    {"a\\", "the regex ends with a backslash"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = pcre2_of(cases[i].go, 0);

		assert_string_equal(got, cases[i].pcre);
		free(got);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		char *why = pcre2_of(refused[i].go, KL_EINVAL);

		assert_string_equal(why, refused[i].why);
		free(why);
	}
	/* The rewrites match what Go matches. */
	assert_true(re_finds("a\\vb",
	                     "a\x0B"
	                     "b",
	                     3));
	assert_false(re_finds("a\\vb", "a\nb", 3));
	assert_true(re_finds("^\\101\\060$", "A0", 2));
	assert_true(re_finds("x\\x{263A}", "x\xE2\x98\xBA", 4));
}

/* The globs of go joined with '|', or "!REASON". */
static char *globs_of(const char *go)
{
	struct kl_strv g = KL_STRV_INIT;
	struct kl_buf why = KL_BUF_INIT, out = KL_BUF_INIT;

	if (kl_gitleaks_regex_globs(go, &g, &why)) {
		assert_int_equal(g.n, 0);
		kl_buf_printf(&out, "!%s", why.ptr);
	}
	for (size_t i = 0; i < g.n; i++)
		kl_buf_printf(&out, "%s%s", i ? "|" : "", g.v[i]);
	kl_strv_free(&g);
	kl_buf_free(&why);
	return kl_buf_detach(&out, NULL);
}

static void regex_path_to_globs(void **state)
{
	static const struct {
		const char *go, *globs;
	} cases[] = {
	    {"gitleaks\\.toml", "*gitleaks.toml*"},
	    {"(?i)\\.(?:png|jpe?g)$", "*.[pP][nN][gG]|*.[jJ][pP][gG]|"
	                              "*.[jJ][pP][eE][gG]"},
	    {"(?:^|/)node_modules(?:/.*)?$", "node_modules|node_modules/*|"
	                                     "*/node_modules/*"},
	    {"go\\.(?:mod|sum|work(?:\\.sum)?)$", "*go.mod|*go.sum|*go.work|"
	                                          "*go.work.sum"},
	    {"(?:^|/)\\.git$", ".git"},
	    {"(?:^|/)config/.*\\.ya?ml$", "config/*.yml|config/*.yaml|"
	                                  "*/config/*.yml|*/config/*.yaml"},
	    {"tests/expected/.*\\.json$", "*tests/expected/*.json"},
	    {"^src/[a-c]\\]x?\\.py$", "src/[a-c]\\].py|src/[a-c]\\]x.py"},
	    {"(.*?)(jpg|gif)", "*jpg*|*gif*"},
	    {"(?i)^test/", "[tT][eE][sS][tT]/*"},
	    {"[0-9]{2}\\.log$", "*[0-9][0-9].log"},
	    {"a.b|^x/\\d$", "*a?b*|x/[0-9]"},
	    {"(?:^|/)a\\*b$", "a\\*b"},
	    {"^$|^docs/.+$", "docs/?*"},
	    /* No exact glob: refused, with the reason. */
	    {"(?:^|/)[a-z]+-lock\\.json$", "!a repeated character, class or "
	                                   "group has no glob form"},
	    {"[^/]*\\.lock", "!a repeated character, class or group has no "
	                     "glob form"},
	    {"\\bfoo", "!an escape such as \\b, \\S or \\p has no glob form"},
	    {"^\\.env$", "!it matches a name only in the top folder, and a "
	                 "keylint glob without '/' matches it in every folder"},
	    {"build/$", "!it matches paths that end in '/', which a keylint "
	                "glob cannot say"},
	    {"(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b)", "!it expands into too many "
	                                         "globs"},
	    {"a{1,20}", "!a repetition range is too wide"},
	    {"(?i)[[:alpha:]]", "!a POSIX class under (?i) has no glob form"},
	    {"(a", "!a group is not closed"},
	    {"a)", "!unbalanced parentheses"},
	};
	static const char *const paths[] = {
	    "go.mod",
	    "a/go.mod",
	    "go.modx",
	    "node_modules",
	    "node_modules/x/y",
	    "a/node_modules/b",
	    "xnode_modules",
	    "a/node_modules",
	    "img/a.PNG",
	    "img/a.png",
	    "a.pngx",
	    "a.Jpeg",
	    "gitleaks.toml",
	    "d/gitleaks.toml.b",
	    "src/b].py",
	    "src/b]x.py",
	    "src/d].py",
	    "x/src/b].py",
	    "tests/expected/a.json",
	    "tests/expected/a/b.json",
	    "tests/expectedX.json",
	    "config/app.yml",
	    "a/config/b.yaml",
	    "config.yml",
	    ".git",
	    "a/.git",
	    "a/.gitx",
	    "Test/x",
	    "test/x",
	    "a/test/x",
	    "12.log",
	    "x/7.log",
	    "a.log",
	    "axb",
	    "x",
	    "x1",
	    "y/x1",
	    "docs/",
	    "docs/a",
	    "a*b",
	    "d/a*b",
	    "ab",
	    "a/jpg/x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = globs_of(cases[i].go);
		struct kl_strv g = KL_STRV_INIT;
		struct kl_buf why = KL_BUF_INIT;

		if (strcmp(got, cases[i].globs))
			fail_msg("%s: got %s", cases[i].go, got);
		free(got);
		if (cases[i].globs[0] == '!')
			continue;
		/* The globs match exactly the paths the regex finds. */
		assert_int_equal(kl_gitleaks_regex_globs(cases[i].go, &g, &why),
		                 0);
		for (size_t j = 0; j < sizeof(paths) / sizeof(*paths); j++)
			if (re_finds(cases[i].go, paths[j], strlen(paths[j])) !=
			    kl_pathspec_any(&g, paths[j]))
				fail_msg("%s and %s disagree on %s",
				         cases[i].go, cases[i].globs, paths[j]);
		kl_strv_free(&g);
		kl_buf_free(&why);
	}
}

static char *example_of(const char *pcre, double entropy, const char *kw,
                        int want)
{
	struct kl_strv keywords = KL_STRV_INIT;
	struct kl_buf out = KL_BUF_INIT;
	int rc;

	if (kw)
		kl_strv_push(&keywords, kw);
	rc = kl_gitleaks_example("r", pcre, 0, false, entropy, &keywords, &out);
	assert_int_equal(rc, want);
	kl_strv_free(&keywords);
	return kl_buf_detach(&out, NULL);
}

static void regex_examples(void **state)
{
	static const struct {
		const char *pcre, *kw, *example;
		double entropy;
	} cases[] = {
	    {"\\b(acme_[a-z0-9]{32})\\b", "acme_", "acme_{{rand:32:0-9a-z}}",
	     3},
	    /* First branches, no optional parts, terminators that are
	     * not bare anchors. */
	    {"(?i)[\\w.-]{0,50}?(?:acme|corp)(?:[ \\t\\w.-]{0,20})[\\s'\"]{0,3}"
	     "(?:=|>|:{1,3}=)[\\x60'\"\\s=]{0,5}([a-f0-9]{40})"
	     "(?:[\\x60'\"\\s;]|$)",
	     "acme", "acme={{rand:40:0-9a-f}}\"", 3},
	    {"(?:^|[\\s=])(AC[0-9]{4}-(?:[A-Z]{8}|x))(?:$|\\s)", NULL,
	     "AC{{rand:4:0-9}}-{{rand:8:A-Z}}", 0},
	    {"key-(?:ab){2}[01]", NULL, "key-abab0", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *ex =
		    example_of(cases[i].pcre, cases[i].entropy, cases[i].kw, 0);

		assert_string_equal(ex, cases[i].example);
		free(ex);
	}
	/* What the walk cannot write, or what fails its own check. */
	free(example_of("\\p{L}{10}", 0, NULL, KL_EINVAL));
	free(example_of("a(?=b)", 0, NULL, KL_EINVAL));
	free(example_of("tok_[01]{8}", 3.5, NULL, KL_EINVAL));
	free(example_of("tok_[a-z]{32}", 0, "nowhere", KL_EINVAL));
	/* The seed is the one `rules --check` gives a first example. */
	assert_true(kl_check_seed("acme-token", 0) ==
	            kl_hash_str("acme-token"));
}

/* ---- the import ---- */

/* A gitleaks config as a team moving to keylint might have it, written
 * from the format gitleaks' README documents. */
static const char realistic[] =
    "# Acme's gitleaks config: the defaults plus our own formats.\n"
    "title = \"Acme gitleaks config\"\n"
    "\n"
    "[extend]\n"
    "useDefault = true\n"
    "disabledRules = [ \"generic-api-key\", \"gitlab-pat\",\n"
    "                  \"curl-auth-header\", \"sidekiq-secret\", "
    "\"not-a-rule\" ]\n"
    "\n"
    "[[rules]]\n"
    "id = \"acme-api-token\"\n"
    "description = \"Acme internal API token\"\n"
    "regex = '''\\b(acme_(?:live|test)_[a-zA-Z0-9]{32})"
    "(?:[\\x60'\"\\s;]|\\\\[nr]|$)'''\n"
    "secretGroup = 1\n"
    "entropy = 3.5\n"
    "keywords = [ \"acme_live_\", \"ACME_TEST_\" ]\n"
    "tags = [ \"acme\", \"api-token\", \"generic\" ]\n"
    "\n"
    "    [[rules.allowlists]]\n"
    "    description = \"documentation placeholders\"\n"
    "    regexTarget = \"line\"\n"
    "    regexes = [ '''(?i)example''' ]\n"
    "    stopwords = [ \"dummy\" ]\n"
    "\n"
    "    [[rules.allowlists]]\n"
    "    condition = \"AND\"\n"
    "    paths = [ '''(?:^|/)fixtures/''' ]\n"
    "    regexes = [ '''acme_test_''' ]\n"
    "\n"
    "    [[rules.allowlists]]\n"
    "    commits = [ \"COMMIT\" ]\n"
    "    paths = [ '''(?i)\\.(?:md|rst)$''' ]\n"
    "\n"
    "[[rules]]\n"
    "id = \"acme-db-password\"\n"
    "description = \"Acme database password in service configs\"\n"
    "regex = '''(?i)acme[_.-]?db[_.-]?pass(?:word)?\\s*[:=]\\s*[\"']"
    "([^\"'\\s]{12,64})[\"']'''\n"
    "path = '''(?:^|/)config/.*\\.ya?ml$'''\n"
    "keywords = [ \"acme\" ]\n"
    "\n"
    "[[rules]]\n"
    "id = \"acme-legacy-key\"\n"
    "description = \"Acme legacy signing key\"\n"
    "regex = '''ACMEKEY-[0-9A-F]{40}'''\n"
    "path = '''^services/[a-z]+/keys\\.txt$'''\n"
    "keywords = [\"acmekey-\"]\n"
    "    [rules.allowlist]\n"
    "    paths = [ '''testdata''' ]\n"
    "\n"
    "# A rule of the defaults, told about our custom prefix.\n"
    "[[rules]]\n"
    "id = \"gitlab-pat\"\n"
    "    [[rules.allowlists]]\n"
    "    regexTarget = \"line\"\n"
    "    regexes = [ '''MY-glpat-''' ]\n"
    "\n"
    "[[rules]]\n"
    "id = \"terraform-state\"\n"
    "description = \"Terraform state files hold secrets\"\n"
    "path = '''\\.tfstate$'''\n"
    "\n"
    "[[rules]]\n"
    "id = \"jwt\"\n"
    "description = \"Our own JWT rule\"\n"
    "regex = '''\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\."
    "[A-Za-z0-9_-]{10,}'''\n"
    "keywords = [\"eyj\"]\n"
    "\n"
    "[[rules]]\n"
    "id = \"wide chars\"\n"
    "description = \"a class of non-ASCII characters\"\n"
    "regex = '''secret[\xEF\xBC\x9A:]\\s*(\\w{16})'''\n"
    "\n"
    "[allowlist]\n"
    "description = \"global allow lists\"\n"
    "paths = [\n"
    "  '''gitleaks\\.toml''',\n"
    "  '''(?i)\\.(?:bmp|gif|jpe?g|png|svg)$''',\n"
    "  '''(?:^|/)node_modules(?:/.*)?$''',\n"
    "  '''(?:^|/)[a-z]+-lock\\.json$''',\n"
    "]\n"
    "regexes = [ '''219-09-9999''', '''^\\$\\{[A-Z_]+\\}$''' ]\n"
    "stopwords = [ \"placeholder\" ]\n"
    "\n"
    "[[allowlists]]\n"
    "description = \"test assets for our rules\"\n"
    "targetRules = [ \"acme-api-token\", \"aws-access-token\" ]\n"
    "paths = [ '''tests/expected/.*\\.json$''' ]\n"
    "\n"
    "[[allowlists]]\n"
    "regexTarget = \"match\"\n"
    "commits = [ \"COMMIT\" ]\n"
    "regexes = [ '''(?i)fake''' ]\n";

/* Import text: the result (NULL on failure, *err set), and in *nc the
 * not-carried lines, each ending in '\n'. */
static cJSON *import(const char *text, char **nc, char **err)
{
	struct kl_strv lines = KL_STRV_INIT;
	struct kl_buf e = KL_BUF_INIT, all = KL_BUF_INIT;
	cJSON *j = NULL;
	int rc = kl_gitleaks_import(".gitleaks.toml", text, strlen(text), &j,
	                            &lines, &e);

	kl_buf_puts(&all, "");
	for (size_t i = 0; i < lines.n; i++)
		kl_buf_printf(&all, "%s\n", lines.v[i]);
	*nc = kl_buf_detach(&all, NULL);
	*err = rc ? kl_buf_detach(&e, NULL) : NULL;
	assert_true(rc ? j == NULL : j != NULL);
	kl_strv_free(&lines);
	kl_buf_free(&e);
	return j;
}

/* The value at a dotted path (array indexes as numbers), as a string if
 * it is one, else as compact JSON; "(none)" when absent.  Owned by the
 * caller. */
static char *value_at(const cJSON *obj, const char *path)
{
	char key[64];

	for (;;) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		obj = cJSON_IsArray(obj)
		          ? cJSON_GetArrayItem(obj, atoi(key))
		          : cJSON_GetObjectItemCaseSensitive(obj, key);
		if (!path[n])
			break;
		path += n + 1;
	}
	if (cJSON_IsString(obj))
		return strdup(obj->valuestring);
	return obj ? cJSON_PrintUnformatted(obj) : strdup("(none)");
}

static void check_at(const cJSON *obj, const char *path, const char *want)
{
	char *got = value_at(obj, path);

	if (strcmp(got, want))
		fail_msg("%s: got %s, want %s", path, got, want);
	free(got);
}

/* Run the imported rules' examples as `keylint rules --check` does;
 * returns how many there are. */
static size_t run_examples(const cJSON *j)
{
	struct kl_config cfg = KL_CONFIG_INIT;
	struct kl_options o;
	struct kl_ruleset *rs = NULL;
	struct kl_buf err = KL_BUF_INIT, out = KL_BUF_INIT;
	cJSON *copy = cJSON_Duplicate(j, 1);
	char *text;
	size_t n = 0;

	/* disabled_rules name built-in rules, which are not loaded here. */
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "disabled_rules");
	text = cJSON_PrintUnformatted(copy);
	kl_options_init(&o);
	o.no_default_rules = true;
	if (kl_config_load_buffer(&cfg, "imported", text, strlen(text), &err) ||
	    kl_config_build_rules(&cfg, &o, &rs, &err))
		fail_msg("%s", err.ptr);
	if (kl_check_rules(rs, &cfg, &out))
		fail_msg("%s", out.ptr);
	for (size_t i = 0; i < rs->nrules; i++)
		n += rs->rules[i].positive.n;
	kl_rules_free(rs);
	kl_config_release(&cfg);
	kl_buf_free(&err);
	kl_buf_free(&out);
	free(text);
	cJSON_Delete(copy);
	return n;
}

static void import_realistic_config(void **state)
{
	char *nc, *err, *text = strdup(realistic), *p;
	const char *want =
	    "[extend] disabledRules \"gitlab-pat\": keylint's \"gitlab-pat\" "
	    "also finds what gitleaks' \"gitlab-pat-routable\" finds, which "
	    "stays on; left on\n"
	    "[extend] disabledRules \"curl-auth-header\": keylint's nearest "
	    "rules (http-basic-auth-header http-bearer-token-header "
	    "http-token-auth-header http-api-key-header) find more than it; "
	    "left on\n"
	    "[extend] disabledRules \"sidekiq-secret\": keylint has no rule "
	    "for what it finds; nothing to disable\n"
	    "[extend] disabledRules \"not-a-rule\": not a gitleaks rule "
	    "keylint knows; nothing disabled\n"
	    "rule \"acme-api-token\": tag \"generic\" changes how keylint "
	    "runs a rule (docs/rules.md); left out\n"
	    "rule \"acme-api-token\": allowlist 2: condition \"AND\" over "
	    "more than one kind of criterion has no keylint equivalent (a "
	    "keylint allowlist allows on any one); not carried\n"
	    "rule \"acme-api-token\": allowlist 3 \"commits\" has no keylint "
	    "equivalent\n"
	    "rule \"acme-legacy-key\": \"path\" regex \"^services/[a-z]+/keys"
	    "\\\\.txt$\" has no glob equivalent (a repeated character, class "
	    "or group has no glob form); the rule runs on every path\n"
	    "rule \"gitlab-pat\": without a \"regex\" it changes gitleaks' "
	    "default rule of that id, which .keylint.json cannot do to "
	    "keylint's built-in rules; not imported\n"
	    "rule \"terraform-state\": a rule with a \"path\" and no \"regex\" "
	    "reports files by name, which keylint rules cannot do; not "
	    "imported\n"
	    "rule \"jwt\": keylint has a built-in rule of that id; imported "
	    "as \"jwt-gitleaks\" next to it\n"
	    "rule \"wide chars\": regex: a non-ASCII character inside a "
	    "class: Go matches characters, keylint bytes; not imported\n"
	    "global allowlist 1: path regex \"(?:^|/)[a-z]+-lock\\\\.json$\" "
	    "has no glob equivalent (a repeated character, class or group has "
	    "no glob form); not carried\n"
	    "global allowlist 2 for rule \"aws-access-token\": not a rule "
	    "imported from this file, and .keylint.json cannot add allowlists "
	    "to keylint's built-in rules; not carried\n"
	    "global allowlist 3 \"commits\" has no keylint equivalent\n"
	    "severity: gitleaks rules have none; the 4 imported rules are "
	    "\"medium\", edit to taste\n";
	cJSON *j;

	(void)state;
	/* Commit ids are made here, so that no fixture holds one. */
	while ((p = strstr(text, "COMMIT")))
		memcpy(p, "c0ffee", 6);
	j = import(text, &nc, &err);
	assert_null(err);
	assert_string_equal(nc, want);
	check_at(j, "rules.0.id", "acme-api-token");
	check_at(j, "rules.0.severity", "medium");
	check_at(j, "rules.0.regex",
	         "\\b(acme_(?:live|test)_[a-zA-Z0-9]{32})(?:[\\x60'\"\\s;]|"
	         "\\\\[nr]|$)");
	check_at(j, "rules.0.secret_group", "1");
	check_at(j, "rules.0.entropy", "3.5");
	check_at(j, "rules.0.keywords", "[\"acme_live_\",\"acme_test_\"]");
	check_at(j, "rules.0.tags", "[\"acme\",\"api-token\"]");
	check_at(
	    j, "rules.0.allow",
	    "{\"regexes\":[{\"regex\":\"(?i)example\",\"target\":\"line\"}],"
	    "\"stopwords\":[\"dummy\"]}");
	check_at(
	    j, "rules.0.exclude_paths",
	    "[\"*.[mM][dD]\",\"*.[rR][sS][tT]\",\"*tests/expected/*.json\"]");
	check_at(j, "rules.0.examples.positive.0",
	         "acme_live_{{rand:32:0-9A-Za-z}}\"");
	check_at(j, "rules.1.paths",
	         "[\"config/*.yml\",\"config/*.yaml\",\"*/config/*.yml\","
	         "\"*/config/*.yaml\"]");
	check_at(j, "rules.1.examples.positive.0.path", "config/x.yml");
	check_at(j, "rules.2.id", "acme-legacy-key");
	check_at(j, "rules.2.paths", "(none)");
	check_at(j, "rules.2.exclude_paths", "[\"*testdata*\"]");
	check_at(j, "rules.3.id", "jwt-gitleaks");
	check_at(j, "rules.4", "(none)");
	check_at(j, "disabled_rules",
	         "[\"generic-api-key\",\"generic-secret\",\"generic-token\","
	         "\"generic-password\",\"generic-password-unquoted\","
	         "\"generic-secret-unquoted\"]");
	check_at(j, "allow",
	         "{\"paths\":[\"*gitleaks.toml*\",\"*.[bB][mM][pP]\","
	         "\"*.[gG][iI][fF]\",\"*.[jJ][pP][gG]\",\"*.[jJ][pP][eE][gG]\","
	         "\"*.[pP][nN][gG]\",\"*.[sS][vV][gG]\",\"node_modules\","
	         "\"node_modules/*\",\"*/node_modules/*\"],"
	         "\"regexes\":[\"219-09-9999\",\"^\\\\$\\\\{[A-Z_]+\\\\}$\","
	         "{\"regex\":\"(?i)fake\",\"target\":\"match\"}],"
	         "\"stopwords\":[\"placeholder\"]}");
	/* Every imported rule has an example, and each is found. */
	assert_int_equal(run_examples(j), 4);
	cJSON_Delete(j);
	free(nc);
	free(text);
}

/* One small config per construct: the not-carried lines it gives and a
 * value of the result. */
static void import_each_construct(void **state)
{
	static const struct {
		const char *toml, *nc, *path, *value;
	} cases[] = {
	    /* [extend] */
	    {"[extend]\nuseDefault = true\n", "", "rules", "(none)"},
	    {"[[rules]]\nid = \"a\"\nregex = 'a_[0-9]{8}'\n",
	     "[extend]: without useDefault = true gitleaks runs only this "
	     "file's rules; .keylint.json cannot turn keylint's built-in rules "
	     "off (run keylint with --no-default-rules for that)\n"
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0.regex", "a_[0-9]{8}"},
	    {"[extend]\npath = \"base.toml\"\n",
	     "[extend] path \"base.toml\": extending another file is not "
	     "supported; import that file too and merge the results by hand\n",
	     "disabled_rules", "(none)"},
	    {"[extend]\nuseDefault = true\n"
	     "disabledRules = [\"private-key\", \"slack-bot-token\", "
	     "\"slack-legacy-bot-token\", \"jwt-base64\"]\n",
	     "[extend] disabledRules \"jwt-base64\": keylint's nearest rules "
	     "(jwt) find more than it; left on\n",
	     "disabled_rules",
	     "[\"private-key-rsa\",\"private-key-ec\",\"private-key-dsa\","
	     "\"private-key-openssh\",\"private-key-pkcs8\",\"private-key-"
	     "pgp\","
	     "\"private-key-encrypted\",\"slack-bot-token\"]"},
	    /* Rules: ids, numbers, keywords, tags. */
	    {"[extend]\nuseDefault = true\n[[rules]]\nid = \"my rule!\"\n"
	     "regex = '''(x)(y)'''\nentropy = 2.5\nkeywords = [\"X\", \"\"]\n"
	     "tags = [\"broad\", \"mine\"]\n",
	     "rule \"my rule!\": imported as \"my-rule-\" (keylint ids hold "
	     "letters, digits, '-', '_' and '.')\n"
	     "rule \"my rule!\": without \"secretGroup\" gitleaks takes the "
	     "first group that matched, keylint group 1; set \"secret_group\" "
	     "where that differs\n"
	     "rule \"my rule!\": tag \"broad\" changes how keylint runs a rule "
	     "(docs/rules.md); left out\n"
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0",
	     "{\"id\":\"my-rule-\",\"description\":\"my rule!\",\"severity\":"
	     "\"medium\",\"regex\":\"(x)(y)\",\"entropy\":2.5,\"keywords\":"
	     "[\"x\"],\"tags\":[\"mine\"]}"},
	    {"[extend]\nuseDefault = true\n"
	     "[[rules]]\nid = \"d\"\nregex = 'first'\n"
	     "[[rules]]\nid = \"d\"\nregex = 'second'\n",
	     "rule \"d\" is defined again later; the later one is kept, as in "
	     "gitleaks\n"
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0.regex", "second"},
	    {"[extend]\nuseDefault = true\n[[rules]]\nid = \"c\"\n"
	     "regex = 'c'\nskipReport = true\n",
	     "rule \"c\": \"skipReport\" (a rule that only serves composite "
	     "rules) has no keylint equivalent; not imported\n",
	     "rules", "(none)"},
	    {"[extend]\nuseDefault = true\n[[rules]]\nid = \"p\"\n"
	     "regex = 'p_[a-z]{12}'\nnotAKey = 1\n"
	     "[[rules.required]]\nid = \"q\"\n",
	     "rule \"p\": \"notAKey\" is not a gitleaks setting keylint knows; "
	     "ignored\n"
	     "rule \"p\": [[rules.required]] (a composite rule) has no keylint "
	     "equivalent; the rule reports on its own\n"
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0.id", "p"},
	    {"[extend]\nuseDefault = true\n[[rules]]\ndescription = \"x\"\n",
	     "rule 1 has no \"id\"; not imported\n", "rules", "(none)"},
	    {"[extend]\nuseDefault = true\n[[rules]]\nid = \"bad\"\n"
	     "regex = 'a(?<!b+)'\n",
	     "rule \"bad\": regex: regex error at offset 1: lookbehind "
	     "assertion is not fixed length; not imported\n",
	     "rules", "(none)"},
	    /* Allowlists: targets, legacy tables, AND with one criterion. */
	    {"[extend]\nuseDefault = true\n[[rules]]\nid = \"t\"\n"
	     "regex = 't_[a-z]{12}'\n[rules.allowlist]\nregexTarget = "
	     "\"match\"\nregexes = ['''^t_x''']\n[[rules.allowlists]]\n"
	     "condition = \"AND\"\nstopwords = [\"Sample\"]\n",
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0.allow",
	     "{\"regexes\":[{\"regex\":\"^t_x\",\"target\":\"match\"}],"
	     "\"stopwords\":[\"Sample\"]}"},
	    {"[extend]\nuseDefault = true\n[[allowlists]]\n"
	     "targetRules = [\"t\"]\nstopwords = [\"s\"]\n[[rules]]\n"
	     "id = \"t\"\nregex = 't_[a-z]{12}'\n",
	     "severity: gitleaks rules have none; the 1 imported rule is "
	     "\"medium\", edit to taste\n",
	     "rules.0.allow", "{\"stopwords\":[\"s\"]}"},
	    {"[extend]\nuseDefault = true\n[[allowlists]]\n"
	     "paths = ['''\\.lock$''']\nregexTarget = \"line\"\n"
	     "regexes = ['''nosecret''']\n[allowlists.extra]\n",
	     "global allowlist: \"extra\" is not a gitleaks setting keylint "
	     "knows; ignored\n",
	     "allow",
	     "{\"paths\":[\"*.lock\"],\"regexes\":[{\"regex\":\"nosecret\","
	     "\"target\":\"line\"}]}"},
	    {"unknown = 1\n[extend]\nuseDefault = true\nother = 2\n",
	     "the config: \"unknown\" is not a gitleaks setting keylint knows; "
	     "ignored\n"
	     "[extend]: \"other\" is not a gitleaks setting keylint knows; "
	     "ignored\n",
	     "allow", "(none)"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *nc, *err;
		cJSON *j = import(cases[i].toml, &nc, &err);

		if (err)
			fail_msg("case %zu: %s", i, err);
		if (strcmp(nc, cases[i].nc))
			fail_msg("case %zu: not carried:\n%s", i, nc);
		check_at(j, cases[i].path, cases[i].value);
		cJSON_Delete(j);
		free(nc);
	}
}

/* A file gitleaks would reject is an error that says where. */
static void import_errors(void **state)
{
	static const struct {
		const char *toml, *err;
	} cases[] = {
	    {"[[rules]\n", ".gitleaks.toml: line 1, column 8: expected ']]' "
	                   "to end a table header"},
	    {"rules = 1\n", ".gitleaks.toml: \"rules\" must be an array of "
	                    "tables ([[rules]])"},
	    {"[[rules]]\nid = \"x\"\nregex = 1\n", ".gitleaks.toml: rule "
	                                           "\"x\": \"regex\" must be a "
	                                           "string"},
	    {"[[rules]]\nid = 7\n", ".gitleaks.toml: rule 1: \"id\" must be a "
	                            "string"},
	    {"[[rules]]\nid = \"x\"\nregex = 'x'\nsecretGroup = -1\n",
	     ".gitleaks.toml: rule \"x\": \"secretGroup\" must be a "
	     "non-negative integer"},
	    {"[[rules]]\nid = \"x\"\nregex = 'x'\nkeywords = \"x\"\n",
	     ".gitleaks.toml: rule \"x\": \"keywords\" must be an array of "
	     "strings"},
	    {"[[rules]]\nid = \"x\"\nregex = 'x'\n[[rules.allowlists]]\n"
	     "condition = \"XOR\"\n",
	     ".gitleaks.toml: rule \"x\": allowlist: \"condition\" must be "
	     "\"OR\" or \"AND\""},
	    {"[allowlist]\nregexTarget = \"file\"\n",
	     ".gitleaks.toml: global allowlist: \"regexTarget\" must be "
	     "\"secret\", \"match\" or \"line\""},
	    {"[extend]\nuseDefault = \"yes\"\n", ".gitleaks.toml: [extend]: "
	                                         "\"useDefault\" must be a "
	                                         "boolean"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *nc, *err;
		cJSON *j = import(cases[i].toml, &nc, &err);

		assert_null(j);
		if (!err || strcmp(err, cases[i].err))
			fail_msg("case %zu: got %s", i, err ? err : "no error");
		free(err);
		free(nc);
	}
}

/* The id table: sorted for its binary search, and every keylint id in
 * it is a built-in rule. */
static void ids_table(void **state)
{
	struct kl_ruleset *rs;
	struct kl_buf err = KL_BUF_INIT;
	const struct kl_gitleaks_id *t;
	size_t n;

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(kl_rules_load_builtin(rs, &err), 0);
	t = kl_gitleaks_ids_table(&n);
	assert_int_equal(n, 96);
	for (size_t i = 0; i < n; i++) {
		char id[128];

		if (i && strcmp(t[i - 1].gitleaks, t[i].gitleaks) >= 0)
			fail_msg("not sorted at %s", t[i].gitleaks);
		assert_ptr_equal(kl_gitleaks_ids_find(t[i].gitleaks), &t[i]);
		for (const char *p = t[i].keylint; *p; p += strspn(p, " ")) {
			size_t w = strcspn(p, " ");

			snprintf(id, sizeof(id), "%.*s", (int)w, p);
			if (!kl_rules_find(rs, id))
				fail_msg("%s: no keylint rule %s",
				         t[i].gitleaks, id);
			assert_true(kl_gitleaks_ids_has(&t[i], id));
			p += w;
		}
	}
	assert_null(kl_gitleaks_ids_find("no-such-rule"));
	assert_false(kl_gitleaks_ids_has(kl_gitleaks_ids_find("github-pat"),
	                                 "github-pat"));
	kl_rules_free(rs);
	kl_buf_free(&err);
}

/* ---- .gitleaksignore ---- */

static void gitleaksignore_entries(void **state)
{
	struct kl_gitleaksignore g = KL_GITLEAKSIGNORE_INIT;
	struct kl_strv warn = KL_STRV_INIT;
	char commit[41], other[41], text[1024];

	(void)state;
	/* Commit ids made here, so that no fixture holds one. */
	memset(commit, 'c', 40);
	commit[40] = 0;
	memset(other, 'd', 40);
	other[40] = 0;
	snprintf(text, sizeof(text),
	         "# accepted findings\n"
	         "\n"
	         "src/config.py:github-pat:12\n"
	         "  .\\src\\win\\app.cs:aws-access-token:3  \r\n"
	         "%s:deploy/env:generic-api-key:7\n"
	         "docs/a:b.md:my rule!:2\n"
	         "lib/x.go:acme-token:9\n"
	         "not a fingerprint\n"
	         "a:rule:0\n"
	         "a::1\n"
	         "a:b:c\n",
	         commit);
	assert_int_equal(kl_gitleaksignore_load_buffer(
	                     &g, ".gitleaksignore", text, strlen(text), &warn),
	                 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(warn.n, 4);
	assert_string_equal(warn.v[0],
	                    ".gitleaksignore:8: not a gitleaks fingerprint "
	                    "(FILE:RULE:LINE or COMMIT:FILE:RULE:LINE); "
	                    "ignored");
	/* The rule maps through the table; file and line must agree. */
	assert_true(kl_gitleaksignore_matches(&g, "github-pat-classic",
	                                      "src/config.py", 12, NULL));
	assert_false(kl_gitleaksignore_matches(&g, "github-fine-grained-pat",
	                                       "src/config.py", 12, NULL));
	assert_false(kl_gitleaksignore_matches(&g, "github-pat-classic",
	                                       "src/config.py", 13, NULL));
	assert_false(kl_gitleaksignore_matches(&g, "github-pat-classic",
	                                       "config.py", 12, NULL));
	/* An entry without a commit holds in every commit, as in gitleaks. */
	assert_true(kl_gitleaksignore_matches(&g, "github-pat-classic",
	                                      "./src/config.py", 12, commit));
	/* Backslashes and "./" as gitleaks normalises them. */
	assert_true(kl_gitleaksignore_matches(&g, "aws-access-key-id",
	                                      "src/win/app.cs", 3, NULL));
	/* A commit entry holds in that commit only. */
	assert_true(kl_gitleaksignore_matches(&g, "generic-token", "deploy/env",
	                                      7, commit));
	assert_false(kl_gitleaksignore_matches(&g, "generic-token",
	                                       "deploy/env", 7, other));
	assert_false(kl_gitleaksignore_matches(&g, "generic-token",
	                                       "deploy/env", 7, NULL));
	/* Custom rules by id, as the import names them; paths with ':'. */
	assert_true(
	    kl_gitleaksignore_matches(&g, "my-rule-", "docs/a:b.md", 2, NULL));
	assert_true(
	    kl_gitleaksignore_matches(&g, "acme-token", "lib/x.go", 9, NULL));
	assert_true(kl_gitleaksignore_matches(&g, "acme-token-gitleaks",
	                                      "lib/x.go", 9, NULL));
	assert_false(kl_gitleaksignore_matches(&g, "acme-token-other",
	                                       "lib/x.go", 9, NULL));
	assert_int_equal(
	    kl_gitleaksignore_find(&g, "acme-token", "lib/x.go", 9, NULL), 2);
	assert_int_equal(g.v[2].lineno, 7);
	kl_gitleaksignore_free(&g);
	kl_gitleaksignore_free(&g);
	kl_strv_free(&warn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(toml_tables_and_keys),
	    cmocka_unit_test(toml_arrays_of_tables),
	    cmocka_unit_test(toml_strings),
	    cmocka_unit_test(toml_numbers_and_booleans),
	    cmocka_unit_test(toml_arrays_and_inline_tables),
	    cmocka_unit_test(toml_errors_name_line_and_column),
	    cmocka_unit_test(toml_bounds),
	    cmocka_unit_test(regex_go_to_pcre2),
	    cmocka_unit_test(regex_path_to_globs),
	    cmocka_unit_test(regex_examples),
	    cmocka_unit_test(import_realistic_config),
	    cmocka_unit_test(import_each_construct),
	    cmocka_unit_test(import_errors),
	    cmocka_unit_test(ids_table),
	    cmocka_unit_test(gitleaksignore_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
