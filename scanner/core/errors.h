/*
 * errors: the list of problems a scan met on single files, blobs or
 * repositories (permission denied, an unreadable object, a limit hit),
 * reported in the "errors" array while the scan goes on.
 */
#ifndef KL_ERRORS_H
#define KL_ERRORS_H

#include <stddef.h>

struct kl_error_entry {
	char *path;
	char *message;
};

struct kl_errors {
	struct kl_error_entry *v;
	size_t n, alloc;
};

#define KL_ERRORS_INIT                                                         \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append copies of path ("" when NULL) and message. */
int kl_errors_add(struct kl_errors *e, const char *path, const char *message);

/* Move every entry of src to the end of dst; src is left empty. */
int kl_errors_move(struct kl_errors *dst, struct kl_errors *src);

/* Sort by path, then message. */
void kl_errors_sort(struct kl_errors *e);

void kl_errors_free(struct kl_errors *e);

#endif
