/*
 * apps: walk up from a finding's folder, asking the source for each
 * manifest name, and remember the answer per folder.
 */
#include "apps.h"

#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "strv.h"

static const char *const manifests[] = {
    "package.json",
    "go.mod",
    "pyproject.toml",
    "setup.py",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    "Gemfile",
    NULL,
};

struct kl_apps {
	kl_clientside_read_fn read;
	void *ud;
	struct kl_map *seen;   /* folder -> 1 + has a manifest */
	struct kl_buf scratch; /* file contents, discarded */
};

int kl_apps_new(struct kl_apps **out, kl_clientside_read_fn read, void *ud)
{
	struct kl_apps *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (!a || kl_map_new(&a->seen)) {
		free(a);
		return KL_ENOMEM;
	}
	a->read = read;
	a->ud = ud;
	*out = a;
	return 0;
}

void kl_apps_free(struct kl_apps *a)
{
	if (!a)
		return;
	kl_map_free(a->seen);
	kl_buf_free(&a->scratch);
	free(a);
}

static const char *last_slash(const char *s, size_t n)
{
	while (n--)
		if (s[n] == '/')
			return s + n;
	return NULL;
}

static bool exists(struct kl_apps *a, const char *dir, size_t dlen,
                   const char *name)
{
	struct kl_buf p = KL_BUF_INIT;
	bool found;

	if (dlen)
		kl_buf_printf(&p, "%.*s/%s", (int)dlen, dir, name);
	else
		kl_buf_puts(&p, name);
	found = p.ptr && a->read(a->ud, p.ptr, &a->scratch) == 0;
	kl_buf_clear(&a->scratch);
	kl_buf_free(&p);
	return found;
}

/* Whether folder dir[0, dlen) holds a manifest (cached). */
static bool is_app(struct kl_apps *a, const char *dir, size_t dlen)
{
	const char *base = last_slash(dir, dlen);
	struct kl_buf csproj = KL_BUF_INIT;
	uint64_t v;
	bool app = false;

	if (kl_map_get(a->seen, dir, dlen, &v))
		return v == 2;
	for (size_t i = 0; manifests[i] && !app; i++)
		app = exists(a, dir, dlen, manifests[i]);
	base = base ? base + 1 : dir;
	if (!app && dlen &&
	    !kl_buf_printf(&csproj, "%.*s.csproj",
	                   (int)(dlen - (size_t)(base - dir)), base))
		app = exists(a, dir, dlen, csproj.ptr);
	kl_buf_free(&csproj);
	kl_map_put(a->seen, dir, dlen, app ? 2 : 1, NULL);
	return app;
}

int kl_apps_classify(struct kl_apps *a, struct kl_finding *f)
{
	const char *path = f->path, *bang;
	size_t len;

	if (!path || f->application)
		return 0;
	/* A member belongs to the application of its archive. */
	bang = strchr(path, '!');
	len = bang ? (size_t)(bang - path) : strlen(path);
	for (;;) {
		const char *slash = last_slash(path, len);

		len = slash ? (size_t)(slash - path) : 0;
		if (!len || is_app(a, path, len))
			break;
	}
	f->application = strndup(path, len);
	return f->application ? 0 : KL_ENOMEM;
}
