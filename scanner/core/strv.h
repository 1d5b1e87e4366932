/*
 * strv: a growable vector of owned, NUL-terminated strings, the one type
 * keylint uses for lists of paths, keywords, tags and ref names.  The
 * vector owns every string in it; kl_strv_free releases them all.
 */
#ifndef KL_STRV_H
#define KL_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct kl_strv {
	char **v;
	size_t n, alloc;
};

#define KL_STRV_INIT                                                           \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append a copy of s.  0 or KL_ENOMEM (the vector is then unchanged). */
int kl_strv_push(struct kl_strv *sv, const char *s);

/* Append a copy of s[0, len). */
int kl_strv_pushn(struct kl_strv *sv, const char *s, size_t len);

/* Append s itself: the vector takes ownership, also when it fails. */
int kl_strv_push_owned(struct kl_strv *sv, char *s);

/* Append copies of every string of src. */
int kl_strv_copy(struct kl_strv *dst, const struct kl_strv *src);

/* Sort by strcmp. */
void kl_strv_sort(struct kl_strv *sv);

/* Whether s is in the vector (linear). */
bool kl_strv_has(const struct kl_strv *sv, const char *s);

void kl_strv_free(struct kl_strv *sv);

#endif
