/*
 * buf: the one growable byte buffer of keylint, with a size cap, and the one
 * array-growth macro.  Every other module grows memory through these two, so
 * overflow checks and caps live in one place.  A buffer owns its bytes; its
 * content is (ptr, len) and is always followed by a NUL that is not counted,
 * so it can be handed to functions that want a C string.
 */
#ifndef KL_BUF_H
#define KL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct kl_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max; /* 0: no cap beyond SIZE_MAX/2 */
};

#define KL_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/* Errors shared by every module: 0 is success, negative values are these. */
enum {
	KL_OK = 0,
	KL_ENOMEM = -1,
	KL_ETOOBIG = -2, /* a buffer cap or size limit was reached */
	KL_EIO = -3,
	KL_EINVAL = -4,
	KL_ENOTFOUND = -5,
	KL_EREPO = -6, /* a repository cannot be opened or read at all */
};

/* Make room for at least `extra` more bytes (plus the NUL).  Fails with
 * KL_ETOOBIG when buf->max would be exceeded and KL_ENOMEM on allocation
 * failure; the buffer is unchanged on failure. */
int kl_buf_grow(struct kl_buf *buf, size_t extra);

int kl_buf_put(struct kl_buf *buf, const void *data, size_t len);
int kl_buf_puts(struct kl_buf *buf, const char *s);
int kl_buf_putc(struct kl_buf *buf, char c);
int kl_buf_printf(struct kl_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int kl_buf_vprintf(struct kl_buf *buf, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Forget the content but keep the memory for reuse. */
void kl_buf_clear(struct kl_buf *buf);

/* Shorten the content to len bytes (no-op if it is not longer). */
void kl_buf_truncate(struct kl_buf *buf, size_t len);

/* Hand the content to the caller (malloc'd, NUL-terminated, never NULL on
 * success) and reset the buffer.  Returns NULL only on allocation failure. */
char *kl_buf_detach(struct kl_buf *buf, size_t *len);

void kl_buf_free(struct kl_buf *buf);

/* Read everything from fd, appending to buf, up to `limit` bytes in total in
 * buf.  Returns 0 at end of file, KL_ETOOBIG if the content is longer than
 * limit (buf then holds limit bytes), KL_EIO with errno set on a read error.
 * A descriptor opened with O_NONBLOCK that has no data yet (EAGAIN) counts as
 * end of file, so FIFOs and devices never block the caller. */
int kl_buf_read_fd(struct kl_buf *buf, int fd, size_t limit);

/* Read the file at path into buf, up to limit bytes.  Returns 0;
 * KL_ENOTFOUND when optional and the file does not exist (err untouched);
 * otherwise KL_EIO (it cannot be opened or read) or KL_EINVAL (it is larger
 * than limit), with "PATH: cannot open|read WHAT: REASON" appended to err.
 * Opened non-blocking, so a FIFO or device never hangs the caller. */
int kl_buf_read_file(struct kl_buf *buf, const char *path, size_t limit,
                     bool optional, const char *what, struct kl_buf *err);

/* Copy n bytes, NULs included, and add a NUL: for content, where POSIX
 * strndup would stop at the first NUL.  NULL on allocation failure. */
char *kl_memdup0(const void *p, size_t n);

/*
 * Grow array `ptr` (of *ptr's type) so that it can hold at least `nr`
 * elements; `alloc` tracks the allocated count.  Evaluates to 0 or
 * KL_ENOMEM; on failure ptr and alloc are unchanged.  Growth is 1.5x, and
 * the multiplication is checked for overflow.
 */
#define KL_ALLOC_GROW(ptr, nr, alloc)                                          \
	((size_t)(nr) <= (alloc)                                               \
	     ? 0                                                               \
	     : kl_alloc_grow(&(ptr), sizeof(*(ptr)), (nr), &(alloc)))

/* The function behind KL_ALLOC_GROW; `pptr` is the address of the array
 * pointer (any object pointer type). */
int kl_alloc_grow(void *pptr, size_t elem, size_t nr, size_t *alloc);

#endif
