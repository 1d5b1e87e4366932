/*
 * reuse: sort pointers to the findings by secret hash, then walk each run
 * of one hash and keep it when it covers two (repository, application)
 * pairs or more.
 */
#include "reuse.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_hash(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;
	int c = strcmp(x->secret_hash, y->secret_hash);

	if (!c)
		c = cmp_str(x->repository, y->repository);
	if (!c)
		c = cmp_str(x->application, y->application);
	if (!c)
		c = cmp_str(x->path, y->path);
	return c;
}

static bool same_app(const struct kl_finding *x, const struct kl_finding *y)
{
	return !cmp_str(x->repository, y->repository) &&
	       !cmp_str(x->application, y->application);
}

/* One group from v[0, n), all of one hash and sorted. */
static int add_group(struct kl_reuse *r, size_t *alloc,
                     const struct kl_finding **v, size_t n)
{
	struct kl_reuse_group *g;

	if (KL_ALLOC_GROW(r->v, r->n + 1, *alloc))
		return KL_ENOMEM;
	g = &r->v[r->n];
	memset(g, 0, sizeof(*g));
	g->first = v[0];
	if (!(g->places = calloc(n, sizeof(*g->places))))
		return KL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (i && same_app(v[i - 1], v[i]) &&
		    !cmp_str(v[i - 1]->path, v[i]->path))
			continue;
		g->places[g->n].repository = v[i]->repository;
		g->places[g->n].application = v[i]->application;
		g->places[g->n].path = v[i]->path;
		g->n++;
	}
	r->n++;
	return 0;
}

int kl_reuse_build(const struct kl_findings *fs, struct kl_reuse *out)
{
	const struct kl_finding **v;
	size_t alloc = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!fs->n)
		return 0;
	if (!(v = malloc(fs->n * sizeof(*v))))
		return KL_ENOMEM;
	for (size_t i = 0; i < fs->n; i++)
		v[i] = &fs->v[i];
	qsort(v, fs->n, sizeof(*v), cmp_hash);
	for (size_t i = 0, j; i < fs->n && !rc; i = j) {
		bool spread = false;

		for (j = i + 1;
		     j < fs->n && !strcmp(v[j]->secret_hash, v[i]->secret_hash);
		     j++)
			spread |= !same_app(v[j], v[i]);
		if (spread)
			rc = add_group(out, &alloc, v + i, j - i);
	}
	free(v);
	if (rc)
		kl_reuse_free(out);
	return rc;
}

void kl_reuse_free(struct kl_reuse *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].places);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
