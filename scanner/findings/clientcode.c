/*
 * clientcode: path and code signals of browser and app code.  Import
 * detection is a scan for `from`, `import` and `require(` followed by a
 * quoted module name, compared against short tables; it reads no more than
 * the caller hands it and allocates nothing.
 */
#include "clientcode.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text.h"

struct module {
	const char *name;
	bool prefix; /* also name/... and name-... */
	const char *reason;
};

/* Modules whose import marks browser or app code. */
static const struct module modules[] = {
    {"react-native", true, "mobile app code (imports react-native)"},
    {"@react-native", true, "mobile app code (imports react-native)"},
    {"expo", true, "mobile app code (imports expo)"},
    {"@expo/", true, "mobile app code (imports expo)"},
    {"react", false, "browser code (imports react)"},
    {"react-dom", true, "browser code (imports react-dom)"},
    {"vue", false, "browser code (imports vue)"},
    {"svelte", true, "browser code (imports svelte)"},
    {"@angular/", true, "browser code (imports @angular)"},
    {"preact", true, "browser code (imports preact)"},
    {"solid-js", true, "browser code (imports solid-js)"},
    {"lit", false, "browser code (imports lit)"},
    {"jquery", false, "browser code (imports jquery)"},
    {"alpinejs", false, "browser code (imports alpinejs)"},
    {"@builder.io/qwik", true, "browser code (imports qwik)"},
    {"next/router", false, "browser code (imports next/router)"},
    {"next/navigation", false, "browser code (imports next/navigation)"},
    {"next/link", false, "browser code (imports next/link)"},
    {"@remix-run/react", false, "browser code (imports @remix-run/react)"},
    {NULL, false, NULL}};

/* Modules whose import marks code that runs on a server. */
static const char *const server_modules[] = {
    "server-only", "next/server", "next/headers", "node:fs", "fs",
    "express",     NULL};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* An Android resource: res/values/, res/values-fr/, res/xml/. */
static bool android_res(const char *path)
{
	for (const char *p = path; (p = strstr(p, "res/")); p += 4) {
		if (p != path && p[-1] != '/')
			continue;
		if (strncmp(p + 4, "xml/", 4) == 0 ||
		    (strncmp(p + 4, "values", 6) == 0 &&
		     (p[10] == '/' || p[10] == '-')))
			return true;
	}
	return false;
}

const char *kl_clientcode_path_reason(const char *path)
{
	const char *base = base_name(path);

	if (ends_with(path, ".vue"))
		return "browser code (Vue component)";
	if (ends_with(path, ".svelte"))
		return "browser code (Svelte component)";
	if (ends_with(path, ".astro"))
		return "browser code (Astro component)";
	/* Android: resources and the manifest are packed into the APK. */
	if (ends_with(path, ".xml") && android_res(path))
		return "Android app resource (ships in the app)";
	if (strcmp(base, "AndroidManifest.xml") == 0)
		return "Android app manifest (ships in the app)";
	if (strcmp(base, "BuildConfig.java") == 0 ||
	    strcmp(base, "BuildConfig.kt") == 0)
		return "Android BuildConfig (compiled into the app)";
	if (strcmp(base, "google-services.json") == 0)
		return "Firebase Android config (ships in the app)";
	/* iOS: Info.plist and build settings end up in the app bundle. */
	if (strcmp(base, "GoogleService-Info.plist") == 0)
		return "Firebase iOS config (ships in the app)";
	if (strcmp(base, "Info.plist") == 0 || ends_with(base, "-Info.plist"))
		return "iOS Info.plist (ships in the app)";
	if (ends_with(base, ".xcconfig"))
		return "iOS build settings (.xcconfig, compiled into the app)";
	return NULL;
}

bool kl_clientcode_is_script(const char *path)
{
	static const char *const exts[] = {".js",   ".jsx", ".ts",
	                                   ".tsx",  ".mjs", ".cjs",
	                                   ".html", ".htm", NULL};

	for (size_t i = 0; exts[i]; i++)
		if (ends_with(path, exts[i]))
			return true;
	return false;
}

/* The quoted module name after a `from`, `import` or `require(` that ends
 * at p, or false. */
static bool module_after(const char *p, const char *end, const char **name,
                         size_t *len)
{
	const char *q;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '('))
		p++;
	if (p >= end || (*p != '"' && *p != '\'' && *p != '`'))
		return false;
	q = memchr(p + 1, *p,
	           (size_t)(end - p - 1) < 200 ? (size_t)(end - p - 1) : 200);
	if (!q)
		return false;
	*name = p + 1;
	*len = (size_t)(q - p - 1);
	return true;
}

static bool module_is(const char *name, size_t len, const char *want,
                      bool prefix)
{
	size_t n = strlen(want);

	if (len == n && memcmp(name, want, n) == 0)
		return true;
	return prefix && len > n && memcmp(name, want, n) == 0 &&
	       (want[n - 1] == '/' || name[n] == '/' || name[n] == '-');
}

/* A directive such as "use client" among the first statements. */
static bool directive(const char *text, size_t len, const char *what)
{
	size_t head = len < 512 ? len : 512;
	char dq[32], sq[32];

	snprintf(dq, sizeof(dq), "\"%s\"", what);
	snprintf(sq, sizeof(sq), "'%s'", what);
	return kl_text_memcasemem(text, head, dq, strlen(dq)) ||
	       kl_text_memcasemem(text, head, sq, strlen(sq));
}

const char *kl_clientcode_content_reason(const char *text, size_t len)
{
	static const char *const kws[] = {"from", "import", "require(", NULL};
	const char *end = text + len, *found = NULL;

	if (directive(text, len, "use server"))
		return NULL;
	for (size_t k = 0; kws[k]; k++) {
		size_t kl = strlen(kws[k]);
		const char *p = text;

		while ((
		    p = kl_text_memcasemem(p, (size_t)(end - p), kws[k], kl))) {
			const char *name;
			size_t n;

			p += kl;
			if (!module_after(p, end, &name, &n))
				continue;
			for (size_t i = 0; server_modules[i]; i++)
				if (module_is(name, n, server_modules[i],
				              false))
					return NULL;
			for (size_t i = 0; !found && modules[i].name; i++)
				if (module_is(name, n, modules[i].name,
				              modules[i].prefix))
					found = modules[i].reason;
		}
	}
	if (found)
		return found;
	if (directive(text, len, "use client"))
		return "browser code (\"use client\")";
	if (kl_text_memcasemem(text, len, "import.meta.env", 15))
		return "browser code (reads import.meta.env)";
	return NULL;
}

const char *kl_clientcode_line_reason(const char *text, size_t len)
{
	static const char *const calls[] = {"buildConfigField", "resValue",
	                                    "manifestPlaceholders", NULL};

	for (size_t i = 0; calls[i]; i++)
		if (kl_text_memcasemem(text, len, calls[i], strlen(calls[i])))
			return "Android build value compiled into the app";
	return NULL;
}
