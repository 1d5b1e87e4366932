/* Unit tests for the gitleaks import: the TOML reader, the mapping of a
 * gitleaks config onto .keylint.json, and .gitleaksignore matching. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
