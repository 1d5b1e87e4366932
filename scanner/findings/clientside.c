/*
 * clientside: path and context signals for browser exposure.  Path checks
 * are string work on the relative path; the web-app check reads the nearest
 * package.json through the caller's reader and caches the answer per
 * folder, so each package.json is read at most once per scan.
 */
#include "clientside.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clientcode.h"
#include "pathspec.h"
#include "text.h"

static const char *const default_prefixes[] = {
    "NEXT_PUBLIC_", "VITE_",   "REACT_APP_", "EXPO_PUBLIC_",
    "NUXT_PUBLIC_", "GATSBY_", "PUBLIC_",    NULL};

/* Dependencies that make a package a browser app. */
static const char *const frameworks[] = {"react",
                                         "react-dom",
                                         "next",
                                         "vue",
                                         "nuxt",
                                         "svelte",
                                         "@sveltejs/kit",
                                         "@angular/core",
                                         "preact",
                                         "solid-js",
                                         "vite",
                                         "webpack",
                                         "parcel",
                                         "rollup",
                                         "esbuild",
                                         "gatsby",
                                         "@remix-run/react",
                                         "astro",
                                         "expo",
                                         "react-scripts",
                                         "lit",
                                         "ember-source",
                                         "jquery",
                                         "@vitejs/plugin-react",
                                         "react-native-web",
                                         "@builder.io/qwik",
                                         "alpinejs",
                                         "snowpack",
                                         "react-native",
                                         NULL};

/* Dependencies that make a package a mobile app: all of its scripts ship
 * to every installed copy, wherever they sit. */
static const char *const mobile_frameworks[] = {"expo", "react-native", NULL};

static const char *const frontend_dirs[] = {
    "src/", "app/", "pages/", "components/", "public/", "static/", NULL};
static const char *const frontend_exts[] = {".js",  ".jsx",    ".ts",   ".tsx",
                                            ".vue", ".svelte", ".html", ".mjs",
                                            ".cjs", NULL};
static const char *const bundle_dirs[] = {"dist/", "build/", "out/",
                                          ".next/static/", NULL};
static const char *const bundle_exts[] = {".js",  ".mjs", ".cjs",  ".html",
                                          ".htm", ".css", ".json", ".map",
                                          ".txt", NULL};

struct dir_entry {
	char *dir;
	const char *framework; /* NULL: no package.json or not a web app */
	bool has_package;
};

struct kl_clientside {
	const struct kl_config *cfg;
	kl_clientside_read_fn read;
	void *ud;
	struct dir_entry *dirs;
	size_t ndirs, adirs;
	/* The last file whose own code was read, and what it said. */
	char *code_path;
	const char *code_reason;
};

int kl_clientside_new(struct kl_clientside **out, const struct kl_config *cfg,
                      kl_clientside_read_fn read, void *ud)
{
	struct kl_clientside *cs = calloc(1, sizeof(*cs));

	*out = cs;
	if (!cs)
		return KL_ENOMEM;
	cs->cfg = cfg;
	cs->read = read;
	cs->ud = ud;
	return 0;
}

void kl_clientside_free(struct kl_clientside *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->ndirs; i++)
		free(cs->dirs[i].dir);
	free(cs->dirs);
	free(cs->code_path);
	free(cs);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static bool ext_in(const char *path, const char *const *exts)
{
	for (size_t i = 0; exts[i]; i++)
		if (ends_with(path, exts[i]))
			return true;
	return false;
}

/* Whether some '/'-separated folder prefix of path starts with dir. */
static bool under_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (strncmp(p, dir, n) == 0)
			return true;
	}
	return false;
}

const char *kl_clientside_framework(const char *json, size_t len)
{
	static const char *const sections[] = {
	    "dependencies", "devDependencies", "peerDependencies", NULL};
	cJSON *root = cJSON_ParseWithLength(json, len);
	const char *found = NULL;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	for (size_t s = 0; sections[s] && !found; s++) {
		const cJSON *deps =
		    cJSON_GetObjectItemCaseSensitive(root, sections[s]);

		if (!cJSON_IsObject(deps))
			continue;
		for (size_t i = 0; frameworks[i] && !found; i++)
			if (cJSON_GetObjectItemCaseSensitive(deps,
			                                     frameworks[i]))
				found = frameworks[i];
	}
	cJSON_Delete(root);
	return found;
}

/* Look up (and cache) the package.json of one folder ("" is the root). */
static int dir_info(struct kl_clientside *cs, const char *dir, size_t n,
                    const struct dir_entry **out)
{
	struct kl_buf path = KL_BUF_INIT, data = KL_BUF_INIT;
	struct dir_entry *e;
	int rc;

	for (size_t i = 0; i < cs->ndirs; i++) {
		if (strlen(cs->dirs[i].dir) == n &&
		    strncmp(cs->dirs[i].dir, dir, n) == 0) {
			*out = &cs->dirs[i];
			return 0;
		}
	}
	if (KL_ALLOC_GROW(cs->dirs, cs->ndirs + 1, cs->adirs))
		return KL_ENOMEM;
	e = &cs->dirs[cs->ndirs];
	memset(e, 0, sizeof(*e));
	if (!(e->dir = strndup(dir, n)))
		return KL_ENOMEM;
	if (n)
		rc = kl_buf_printf(&path, "%.*s/package.json", (int)n, dir);
	else
		rc = kl_buf_puts(&path, "package.json");
	if (!rc && cs->read) {
		rc = cs->read(cs->ud, path.ptr, &data);
		if (!rc) {
			e->has_package = true;
			e->framework = kl_clientside_framework(
			    data.ptr ? data.ptr : "", data.len);
		} else {
			rc = rc == KL_ENOMEM ? rc : 0;
		}
	}
	kl_buf_free(&path);
	kl_buf_free(&data);
	if (rc) {
		free(e->dir);
		return rc;
	}
	cs->ndirs++;
	*out = e;
	return 0;
}

/* Paths of a web app that run on the server even though they sit under
 * app/ or pages/ (Next.js API routes, server modules). */
static bool server_only(const char *rel)
{
	return strncmp(rel, "pages/api/", 10) == 0 ||
	       strncmp(rel, "app/api/", 8) == 0 ||
	       strncmp(rel, "src/pages/api/", 14) == 0 ||
	       strncmp(rel, "src/app/api/", 12) == 0 ||
	       under_dir(rel, "server/") || strstr(rel, ".server.") ||
	       strstr(rel, "/middleware.") ||
	       strncmp(rel, "middleware.", 11) == 0;
}

static bool is_mobile(const char *framework)
{
	for (size_t i = 0; mobile_frameworks[i]; i++)
		if (strcmp(framework, mobile_frameworks[i]) == 0)
			return true;
	return false;
}

/* The reason a web or mobile app's package.json gives for the file at rel
 * (its path from the package's folder, NULL when the package sits above
 * the scanned folder and that path is not known). */
static int package_reason(const struct dir_entry *e, const char *rel,
                          const char *path, struct kl_buf *reason)
{
	const char *where = rel ? "" : " above the scanned folder";

	if (!e->framework || server_only(rel ? rel : path))
		return 0;
	if (is_mobile(e->framework))
		return kl_buf_printf(reason,
		                     "mobile app code (package.json%s depends "
		                     "on %s)",
		                     where, e->framework);
	if (rel) {
		size_t i;

		for (i = 0; frontend_dirs[i]; i++)
			if (strncmp(rel, frontend_dirs[i],
			            strlen(frontend_dirs[i])) == 0)
				break;
		if (!frontend_dirs[i])
			return 0;
	}
	return kl_buf_printf(reason,
	                     "frontend source of a web app (package.json%s "
	                     "depends on %s)",
	                     where, e->framework);
}

static int frontend_reason(struct kl_clientside *cs, const char *path,
                           struct kl_buf *reason)
{
	static const char *const above[] = {"..", "../..", "../../..", NULL};
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	const struct dir_entry *e;
	int rc;

	if (!ext_in(path, frontend_exts))
		return 0;
	/* Nearest folder with a package.json, walking up to the root. */
	for (;;) {
		if ((rc = dir_info(cs, path, n, &e)))
			return rc;
		if (e->has_package)
			return package_reason(e, path + n + (n ? 1 : 0), path,
			                      reason);
		if (!n)
			break;
		while (n && path[n - 1] != '/')
			n--;
		if (n)
			n--;
	}
	/* Then above the scanned folder (scanning web/app/src directly). */
	for (size_t i = 0; above[i]; i++) {
		if ((rc = dir_info(cs, above[i], strlen(above[i]), &e)))
			return rc;
		if (e->has_package)
			return package_reason(e, NULL, path, reason);
	}
	return 0;
}

/* Whether a file read through the caller's reader contains one of the
 * needles (NULL-terminated) and, when also is not NULL, also.  A file that
 * cannot be read contains none. */
static int file_has(struct kl_clientside *cs, const char *relpath,
                    const char *const *needles, const char *also, bool *found)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = cs->read ? cs->read(cs->ud, relpath, &data) : KL_ENOTFOUND;
	const char *text = data.ptr ? data.ptr : "";

	*found = false;
	if (!rc &&
	    (!also || kl_text_memcasemem(text, data.len, also, strlen(also))))
		for (size_t i = 0; needles[i] && !*found; i++)
			*found = kl_text_memcasemem(text, data.len, needles[i],
			                            strlen(needles[i])) != NULL;
	kl_buf_free(&data);
	return rc == KL_ENOMEM ? rc : 0;
}

/* What the file's own code says (cached for the last file asked). */
static int code_reason(struct kl_clientside *cs, const char *path,
                       const char **out)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc;

	if (cs->code_path && strcmp(cs->code_path, path) == 0) {
		*out = cs->code_reason;
		return 0;
	}
	*out = NULL;
	rc = cs->read ? cs->read(cs->ud, path, &data) : KL_ENOTFOUND;
	if (rc == KL_ENOMEM)
		goto done;
	if (!rc)
		*out = kl_clientcode_content_reason(data.ptr ? data.ptr : "",
		                                    data.len);
	rc = 0;
	free(cs->code_path);
	if (!(cs->code_path = strdup(path)))
		rc = KL_ENOMEM;
	cs->code_reason = *out;
done:
	kl_buf_free(&data);
	return rc;
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The name of the property set on the finding's line (NAME=value). */
static int property_name(const struct kl_finding *f, struct kl_buf *out)
{
	const char *s = f->snippet;
	size_t n = f->snippet_secret_off, i = 0, start;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	start = i;
	while (i < n && (is_ident(s[i]) || s[i] == '.' || s[i] == '-'))
		i++;
	return i > start
	           ? kl_buf_printf(out, "%.*s", (int)(i - start), s + start)
	           : 0;
}

/* Mobile apps whose signal is another file: Dart under lib/ of a Flutter
 * package, gradle.properties read into an Android build. */
static int app_reason(struct kl_clientside *cs, const struct kl_finding *f,
                      struct kl_buf *reason)
{
	const char *path = f->path;
	static const char *const flutter[] = {"sdk: flutter", NULL};
	static const char *const gradle_calls[] = {
	    "buildConfigField", "resValue", "manifestPlaceholders", NULL};
	static const char *const builds[] = {"build.gradle", "build.gradle.kts",
	                                     "app/build.gradle",
	                                     "app/build.gradle.kts", NULL};
	struct kl_buf other = KL_BUF_INIT, name = KL_BUF_INIT;
	const char *lib = strstr(path, "lib/"), *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path + 1) : 0;
	bool found = false;
	int rc = 0;

	if (ends_with(path, ".dart") && lib &&
	    (lib == path || lib[-1] == '/')) {
		rc = kl_buf_printf(&other, "%.*spubspec.yaml",
		                   (int)(lib - path), path);
		if (!rc &&
		    !(rc = file_has(cs, other.ptr, flutter, NULL, &found)) &&
		    found)
			rc = kl_buf_puts(reason, "Flutter app code (ships in "
			                         "the app)");
	} else if (strcmp(path + dir, "gradle.properties") == 0 &&
	           !(rc = property_name(f, &name)) && name.len) {
		/* Only a property the app's build script uses with
		 * buildConfigField or resValue ships; one that signs in to a
		 * Maven repository stays with the build. */
		for (size_t i = 0; builds[i] && !found && !rc; i++) {
			kl_buf_clear(&other);
			if (!(rc = kl_buf_printf(&other, "%.*s%s", (int)dir,
			                         path, builds[i])))
				rc = file_has(cs, other.ptr, gradle_calls,
				              name.ptr, &found);
		}
		if (!rc && found)
			rc = kl_buf_puts(reason,
			                 "gradle.properties read into an "
			                 "Android app (buildConfigField)");
	}
	kl_buf_free(&other);
	kl_buf_free(&name);
	return rc;
}

/* The signals of the file itself and of the app around it, after the
 * path and prefix checks: its name, the line, its package.json, its own
 * code, and the Flutter or Android build it belongs to. */
static int self_reason(struct kl_clientside *cs, const struct kl_finding *f,
                       const char *path, struct kl_buf *reason)
{
	const char *why = kl_clientcode_path_reason(path);
	int rc;

	if (!why &&
	    (ends_with(path, ".gradle") || ends_with(path, ".gradle.kts")))
		why = kl_clientcode_line_reason(f->snippet,
		                                f->snippet_secret_off);
	if (why)
		return kl_buf_puts(reason, why);
	/* The rest reads files beside this one (package.json, manifests, the
	 * file itself): files on disk, not members of an archive. */
	if (path != f->path)
		return 0;
	if ((rc = frontend_reason(cs, path, reason)) || reason->len)
		return rc;
	if (kl_clientcode_is_script(path)) {
		if ((rc = code_reason(cs, path, &why)))
			return rc;
		if (why)
			return kl_buf_puts(reason, why);
	}
	return app_reason(cs, f, reason);
}

const char *kl_clientside_env_prefix(const struct kl_clientside *cs,
                                     const char *text, size_t len)
{
	/* Only the name being assigned counts: the identifier closest before
	 * the value, e.g. NEXT_PUBLIC_X in `NEXT_PUBLIC_X="..."` or in
	 * `NEXT_PUBLIC_X: ...`. */
	size_t end = len, start;

	while (end && !is_ident(text[end - 1]))
		end--;
	start = end;
	while (start && is_ident(text[start - 1]))
		start--;
	if (start == end)
		return NULL;
	for (size_t pass = 0; pass < 2; pass++) {
		char *const *list = NULL;
		size_t n = 0;

		if (pass == 0) {
			list = (char *const *)default_prefixes;
			while (default_prefixes[n])
				n++;
		} else if (cs && cs->cfg) {
			list = cs->cfg->env_prefixes.v;
			n = cs->cfg->env_prefixes.n;
		}
		for (size_t i = 0; i < n; i++) {
			size_t pl = strlen(list[i]);

			if (end - start > pl &&
			    strncmp(text + start, list[i], pl) == 0)
				return list[i];
		}
	}
	return NULL;
}

static int set(struct kl_finding *f, const char *reason)
{
	free(f->client_side_reason);
	if (!(f->client_side_reason = strdup(reason)))
		return KL_ENOMEM;
	f->client_side = true;
	if (f->severity < KL_SEV_CRITICAL)
		f->severity++;
	return 0;
}

int kl_clientside_classify(struct kl_clientside *cs, struct kl_finding *f)
{
	struct kl_buf reason = KL_BUF_INIT;
	const char *path = kl_finding_inner_path(f->path), *prefix;
	int rc = 0;

	if (f->classified)
		return 0;
	f->classified = true;
	if (f->rule->client_side)
		return set(f, f->rule->client_side);
	prefix =
	    kl_clientside_env_prefix(cs, f->snippet, f->snippet_secret_off);
	if (prefix) {
		rc = kl_buf_printf(
		    &reason, "browser-exposed variable prefix %s", prefix);
	} else if (ends_with(path, ".map")) {
		rc = kl_buf_puts(&reason, "source map");
	} else if (cs->cfg && kl_pathspec_any(&cs->cfg->client_paths, path)) {
		rc = kl_buf_puts(&reason, "client-side path from config");
	} else {
		for (size_t i = 0; bundle_dirs[i]; i++) {
			if (under_dir(path, bundle_dirs[i]) &&
			    ext_in(path, bundle_exts)) {
				rc =
				    kl_buf_printf(&reason, "built bundle in %s",
				                  bundle_dirs[i]);
				break;
			}
		}
		if (!rc && !reason.len)
			rc = self_reason(cs, f, path, &reason);
	}
	if (!rc && reason.len)
		rc = set(f, reason.ptr);
	kl_buf_free(&reason);
	return rc;
}
