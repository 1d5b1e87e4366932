/*
 * strv: string vectors, grown with KL_ALLOC_GROW.
 */
#include "strv.h"

#include <string.h>

#include "buf.h"

int kl_strv_push_owned(struct kl_strv *sv, char *s)
{
	if (!s || KL_ALLOC_GROW(sv->v, sv->n + 1, sv->alloc)) {
		free(s);
		return KL_ENOMEM;
	}
	sv->v[sv->n++] = s;
	return 0;
}

int kl_strv_push(struct kl_strv *sv, const char *s)
{
	return kl_strv_push_owned(sv, strdup(s));
}

int kl_strv_pushn(struct kl_strv *sv, const char *s, size_t len)
{
	return kl_strv_push_owned(sv, strndup(s, len));
}

int kl_strv_copy(struct kl_strv *dst, const struct kl_strv *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (kl_strv_push(dst, src->v[i]))
			return KL_ENOMEM;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void kl_strv_sort(struct kl_strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), cmp_str);
}

bool kl_strv_has(const struct kl_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void kl_strv_free(struct kl_strv *sv)
{
	if (!sv)
		return;
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}
