/*
 * errors: a list of (path, message) pairs.
 */
#include "errors.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

int kl_errors_add(struct kl_errors *e, const char *path, const char *message)
{
	struct kl_error_entry *x;

	if (KL_ALLOC_GROW(e->v, e->n + 1, e->alloc))
		return KL_ENOMEM;
	x = &e->v[e->n];
	x->path = strdup(path ? path : "");
	x->message = strdup(message ? message : "");
	if (!x->path || !x->message) {
		free(x->path);
		free(x->message);
		return KL_ENOMEM;
	}
	e->n++;
	return 0;
}

int kl_errors_move(struct kl_errors *dst, struct kl_errors *src)
{
	if (KL_ALLOC_GROW(dst->v, dst->n + src->n, dst->alloc))
		return KL_ENOMEM;
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
	return 0;
}

static int cmp_error(const void *pa, const void *pb)
{
	const struct kl_error_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c ? c : strcmp(a->message, b->message);
}

void kl_errors_sort(struct kl_errors *e)
{
	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), cmp_error);
}

void kl_errors_free(struct kl_errors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].message);
	}
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = 0;
}
