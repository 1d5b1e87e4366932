/*
 * buf: growable byte buffers with a cap, and checked array growth.
 * Nothing else in keylint calls realloc.
 */
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KL_BUF_HARD_MAX (SIZE_MAX / 2)

int kl_alloc_grow(void *pptr, size_t elem, size_t nr, size_t *alloc)
{
	void *old, *p;
	size_t n;

	if (nr <= *alloc)
		return 0;
	n = *alloc + *alloc / 2 + 16;
	if (n < nr)
		n = nr;
	if (elem && n > SIZE_MAX / elem)
		return KL_ENOMEM;
	memcpy(&old, pptr, sizeof(old));
	p = realloc(old, n * elem);
	if (!p)
		return KL_ENOMEM;
	memcpy(pptr, &p, sizeof(p));
	*alloc = n;
	return 0;
}

int kl_buf_grow(struct kl_buf *buf, size_t extra)
{
	size_t max = buf->max ? buf->max : KL_BUF_HARD_MAX;
	size_t want, n;
	char *p;

	if (extra > max || buf->len > max - extra)
		return KL_ETOOBIG;
	want = buf->len + extra + 1;
	if (want <= buf->cap)
		return 0;
	n = buf->cap + buf->cap / 2 + 64;
	if (n < want)
		n = want;
	if (n > max + 1)
		n = max + 1;
	p = realloc(buf->ptr, n);
	if (!p)
		return KL_ENOMEM;
	p[buf->len] = '\0'; /* a first allocation is terminated too */
	buf->ptr = p;
	buf->cap = n;
	return 0;
}

int kl_buf_put(struct kl_buf *buf, const void *data, size_t len)
{
	int rc = kl_buf_grow(buf, len);

	if (rc)
		return rc;
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int kl_buf_puts(struct kl_buf *buf, const char *s)
{
	return kl_buf_put(buf, s, strlen(s));
}

int kl_buf_putc(struct kl_buf *buf, char c)
{
	return kl_buf_put(buf, &c, 1);
}

int kl_buf_vprintf(struct kl_buf *buf, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return KL_EINVAL;
	rc = kl_buf_grow(buf, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return 0;
}

int kl_buf_printf(struct kl_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = kl_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return rc;
}

void kl_buf_clear(struct kl_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void kl_buf_truncate(struct kl_buf *buf, size_t len)
{
	if (len >= buf->len)
		return;
	buf->len = len;
	buf->ptr[len] = '\0';
}

char *kl_buf_detach(struct kl_buf *buf, size_t *len)
{
	char *p;

	if (!buf->ptr && kl_buf_grow(buf, 0))
		return NULL;
	buf->ptr[buf->len] = '\0';
	p = buf->ptr;
	if (len)
		*len = buf->len;
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return p;
}

void kl_buf_free(struct kl_buf *buf)
{
	if (!buf)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}

int kl_buf_read_fd(struct kl_buf *buf, int fd, size_t limit)
{
	for (;;) {
		size_t room;
		ssize_t n;
		int rc;

		if (buf->len >= limit) {
			/* One probe byte tells "exactly limit" from "more". */
			char probe;

			do
				n = read(fd, &probe, 1);
			while (n < 0 && errno == EINTR);
			if (n > 0)
				return KL_ETOOBIG;
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
				return KL_EIO;
			return 0;
		}
		room = buf->cap > buf->len + 1 ? buf->cap - buf->len - 1 : 0;
		if (room < 16384) {
			size_t want =
			    limit - buf->len < 65536 ? limit - buf->len : 65536;

			rc = kl_buf_grow(buf, want);
			if (rc)
				return rc;
			room = buf->cap - buf->len - 1;
		}
		if (room > limit - buf->len)
			room = limit - buf->len;
		do
			n = read(fd, buf->ptr + buf->len, room);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return KL_EIO;
		}
		if (n == 0)
			return 0;
		buf->len += (size_t)n;
		buf->ptr[buf->len] = '\0';
	}
}

char *kl_memdup0(const void *p, size_t n)
{
	char *q = malloc(n + 1);

	if (!q)
		return NULL;
	if (n)
		memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

int kl_buf_read_file(struct kl_buf *buf, const char *path, size_t limit,
                     bool optional, const char *what, struct kl_buf *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	int rc, saved;

	if (fd < 0) {
		if (optional && errno == ENOENT)
			return KL_ENOTFOUND;
		kl_buf_printf(err, "%s: cannot open %s: %s", path, what,
		              strerror(errno));
		return KL_EIO;
	}
	rc = kl_buf_read_fd(buf, fd, limit);
	saved = errno;
	close(fd);
	if (!rc)
		return 0;
	if (rc == KL_ETOOBIG)
		kl_buf_printf(err, "%s: cannot read %s: larger than %zu MiB",
		              path, what, limit >> 20);
	else
		kl_buf_printf(err, "%s: cannot read %s: %s", path, what,
		              strerror(saved));
	return rc == KL_ETOOBIG ? KL_EINVAL : KL_EIO;
}
