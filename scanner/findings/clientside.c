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
                                         NULL};

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

static int frontend_reason(struct kl_clientside *cs, const char *path,
                           struct kl_buf *reason)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (!ext_in(path, frontend_exts))
		return 0;
	/* Nearest folder with a package.json, walking up to the root. */
	for (;;) {
		const struct dir_entry *e;
		int rc = dir_info(cs, path, n, &e);

		if (rc)
			return rc;
		if (e->has_package) {
			const char *rel = path + n + (n ? 1 : 0);

			if (!e->framework || server_only(rel))
				return 0;
			for (size_t i = 0; frontend_dirs[i]; i++) {
				if (strncmp(rel, frontend_dirs[i],
				            strlen(frontend_dirs[i])) == 0)
					return kl_buf_printf(
					    reason,
					    "frontend source of a web app "
					    "(package.json depends on %s)",
					    e->framework);
			}
			return 0;
		}
		if (!n)
			return 0;
		while (n && path[n - 1] != '/')
			n--;
		if (n)
			n--;
	}
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
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
		/* A web app's package.json describes files on disk, not
		 * members of an archive. */
		if (!rc && !reason.len && path == f->path)
			rc = frontend_reason(cs, path, &reason);
	}
	if (!rc && reason.len)
		rc = set(f, reason.ptr);
	kl_buf_free(&reason);
	return rc;
}
