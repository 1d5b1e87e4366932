/* Unit tests for client-side exposure classification. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "clientcode.h"
#include "clientside.h"

/* A fake tree: web/package.json depends on react, api/package.json on
 * express only. */
static int fake_read(void *ud, const char *relpath, struct kl_buf *out)
{
	(void)ud;
	if (strcmp(relpath, "web/package.json") == 0)
		return kl_buf_puts(out,
		                   "{\"dependencies\":{\"react\":\"18\"}}");
	if (strcmp(relpath, "api/package.json") == 0)
		return kl_buf_puts(out,
		                   "{\"dependencies\":{\"express\":\"4\"}}");
	return KL_ENOTFOUND;
}

static struct kl_rule rule = {.id = (char *)"r", .severity = KL_SEV_HIGH};

static struct kl_finding finding(const char *path, const char *line)
{
	struct kl_finding f;

	memset(&f, 0, sizeof(f));
	f.rule = &rule;
	f.severity = rule.severity;
	f.path = (char *)path;
	f.snippet = (char *)line;
	f.snippet_len = strlen(line);
	f.snippet_secret_off = strlen(line);
	return f;
}

static void classify(struct kl_clientside *cs, struct kl_finding *f)
{
	assert_int_equal(kl_clientside_classify(cs, f), 0);
}

static void signals(void **state)
{
	struct kl_clientside *cs;
	struct kl_config cfg = KL_CONFIG_INIT;
	char *paths[] = {(char *)"public-assets/*"};
	char *prefixes[] = {(char *)"MYAPP_PUBLIC_"};
	struct kl_finding f;

	(void)state;
	cfg.client_paths.v = paths;
	cfg.client_paths.n = 1;
	cfg.env_prefixes.v = prefixes;
	cfg.env_prefixes.n = 1;
	assert_int_equal(kl_clientside_new(&cs, &cfg, fake_read, NULL), 0);

	f = finding("web/src/App.tsx", "const key = \"");
	classify(cs, &f);
	assert_true(f.client_side);
	assert_int_equal(f.severity, KL_SEV_CRITICAL);
	assert_non_null(strstr(f.client_side_reason, "react"));
	free(f.client_side_reason);

	f = finding("api/src/server.js", "const key = \"");
	classify(cs, &f);
	assert_false(f.client_side);
	assert_int_equal(f.severity, KL_SEV_HIGH);

	f = finding("web/pages/api/pay.ts", "const key = \"");
	classify(cs, &f);
	assert_false(f.client_side); /* a server route */

	f = finding("web/dist/assets/index-1a2b.js", "x=\"");
	classify(cs, &f);
	assert_true(f.client_side);
	assert_string_equal(f.client_side_reason, "built bundle in dist/");
	free(f.client_side_reason);

	f = finding("web/dist/assets/index-1a2b.js.map", "x=\"");
	classify(cs, &f);
	assert_string_equal(f.client_side_reason, "source map");
	free(f.client_side_reason);

	f = finding(".env.production", "VITE_OPENAI_KEY=");
	classify(cs, &f);
	assert_string_equal(f.client_side_reason,
	                    "browser-exposed variable prefix VITE_");
	free(f.client_side_reason);

	f = finding("config.yml", "  MYAPP_PUBLIC_TOKEN: \"");
	classify(cs, &f);
	assert_true(f.client_side);
	free(f.client_side_reason);

	f = finding("public-assets/x.txt", "token ");
	classify(cs, &f);
	assert_string_equal(f.client_side_reason,
	                    "client-side path from config");
	free(f.client_side_reason);

	f = finding("build/lib/tool.py", "token = \"");
	classify(cs, &f);
	assert_false(f.client_side); /* not a web file */

	kl_clientside_free(cs);
}

static void framework_detection(void **state)
{
	(void)state;
	assert_string_equal(kl_clientside_framework(
	                        "{\"devDependencies\":{\"vite\":\"5\"}}", 35),
	                    "vite");
	assert_null(kl_clientside_framework("{\"dependencies\":{}}", 19));
	assert_null(kl_clientside_framework("not json", 8));
}

static const char *code(const char *text)
{
	return kl_clientcode_content_reason(text, strlen(text));
}

/* Browser code by itself, without a package.json. */
static void code_signals(void **state)
{
	(void)state;
	assert_string_equal(code("import { h } from 'preact';\n"),
	                    "browser code (imports preact)");
	assert_string_equal(code("const x = require(\"react-dom/client\");"),
	                    "browser code (imports react-dom)");
	assert_string_equal(code("import { View } from 'react-native';"),
	                    "mobile app code (imports react-native)");
	assert_string_equal(code("import * as C from \"expo-constants\";"),
	                    "mobile app code (imports expo)");
	assert_string_equal(code("'use client'\nexport const a = 1;"),
	                    "browser code (\"use client\")");
	assert_string_equal(code("const u = import.meta.env.VITE_URL;"),
	                    "browser code (reads import.meta.env)");
	/* Server code, and names that only start like a framework. */
	assert_null(code("'use server'\nimport React from 'react';"));
	assert_null(code("import 'server-only';\nimport React from 'react';"));
	assert_null(code("import x from 'reactive-store';"));
	assert_null(code("import lite from 'lite-server';"));
	assert_null(code("const from = 'react';"));
	assert_null(code(""));
}

static void app_paths(void **state)
{
	(void)state;
	assert_non_null(kl_clientcode_path_reason("ui/Card.svelte"));
	assert_non_null(kl_clientcode_path_reason(
	    "android/app/src/main/res/values/strings.xml"));
	assert_null(kl_clientcode_path_reason("docs/res/values.xml"));
	assert_non_null(kl_clientcode_path_reason("ios/App/Info.plist"));
	assert_non_null(kl_clientcode_path_reason("Config/Release.xcconfig"));
	assert_non_null(kl_clientcode_path_reason("app/google-services.json"));
	assert_null(kl_clientcode_path_reason("server/config.json"));
	assert_non_null(kl_clientcode_line_reason(
	    "buildConfigField \"String\", \"KEY\", \"", 35));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(signals),
	    cmocka_unit_test(framework_detection),
	    cmocka_unit_test(code_signals),
	    cmocka_unit_test(app_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
