/*
 * unpack: libarchive reading from memory, with every filter and format
 * (and the raw format for plain compressed files), wrapped in keylint's
 * own limits.  Skipping a member of a compressed stream (tar.gz) means
 * inflating it, so a member over the size limit there ends the archive;
 * zip reads from its central directory and skips cheaply.
 */
#include "unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define READ_BLOCK (64u << 10)

void kl_unpack_limits_init(struct kl_unpack_limits *lim, uint64_t max_file_size)
{
	lim->max_member = max_file_size;
	lim->max_total = 4 * max_file_size;
	lim->max_ratio = 200;
	lim->max_members = 100000;
}

/* Compressed single files (gzip, bzip2, xz, zstd) by magic bytes. */
static bool compressed(const unsigned char *d, size_t n)
{
	return (n >= 2 && d[0] == 0x1f && d[1] == 0x8b) ||
	       (n >= 3 && memcmp(d, "BZh", 3) == 0) ||
	       (n >= 6 && memcmp(d,
	                         "\xfd"
	                         "7zXZ\0",
	                         6) == 0) ||
	       (n >= 4 && memcmp(d, "\x28\xb5\x2f\xfd", 4) == 0);
}

bool kl_unpack_sniff(const char *name, const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;

	(void)name;
	if (len >= 4 && d[0] == 'P' && d[1] == 'K' &&
	    ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6)))
		return true; /* zip, jar, war, apk, whl, docx, ... */
	if (len >= 6 && memcmp(d, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return true;
	if (len >= 262 && memcmp(d + 257, "ustar", 5) == 0)
		return true;
	return compressed(d, len);
}

struct reader {
	const char *name;
	const struct kl_unpack_limits *lim;
	const struct kl_unpack_cb *cb;
	uint64_t archived, inflated, members;
	struct kl_buf data, member, msg;
	bool stop;
};

static void warn(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	kl_buf_clear(&r->msg);
	kl_buf_printf(&r->msg, "%s: ", r->name);
	va_start(ap, fmt);
	kl_buf_vprintf(&r->msg, fmt, ap);
	va_end(ap);
	if (r->msg.ptr)
		r->cb->warning(r->cb->ud, r->msg.ptr);
}

/* The member's name as reported: relative, without control characters
 * (each becomes '?'); a name that needed that, or climbs with "..", is
 * warned about. */
static int member_name(struct reader *r, const char *raw)
{
	const char *p = raw ? raw : "";
	bool odd = false;

	kl_buf_clear(&r->member);
	while (*p == '/' || (p[0] == '.' && p[1] == '/'))
		p += *p == '/' ? 1 : 2;
	for (const char *q = p; *q; q++) {
		bool ctl = (unsigned char)*q < 0x20 || *q == 0x7f;

		odd |= ctl;
		if (kl_buf_putc(&r->member, ctl ? '?' : *q))
			return KL_ENOMEM;
	}
	odd |= strcmp(p, "..") == 0 || strncmp(p, "../", 3) == 0 ||
	       strstr(p, "/../") != NULL;
	if (!r->member.len && kl_buf_puts(&r->member, "?"))
		return KL_ENOMEM;
	if (odd)
		warn(r,
		     "member name with \"..\" or control characters, "
		     "reported as \"%s\"",
		     r->member.ptr);
	return 0;
}

/* A plain compressed file's single member: its name without the
 * compression extension. */
static int raw_name(struct reader *r)
{
	static const char *const exts[] = {".gz",  ".tgz", ".bz2", ".xz",
	                                   ".zst", ".z",   NULL};
	const char *base = strrchr(r->name, '/');
	size_t n;

	base = base ? base + 1 : r->name;
	n = strlen(base);
	for (size_t i = 0; exts[i]; i++) {
		size_t l = strlen(exts[i]);

		if (n > l && strcasecmp(base + n - l, exts[i]) == 0) {
			n -= l;
			break;
		}
	}
	kl_buf_clear(&r->member);
	return kl_buf_put(&r->member, base, n);
}

/* Read the current entry's data, within the limits.  1: not read (too
 * large or a limit), 0: in r->data. */
static int read_entry(struct reader *r, struct archive *a)
{
	char block[READ_BLOCK];
	la_ssize_t n;

	kl_buf_clear(&r->data);
	while ((n = archive_read_data(a, block, sizeof(block))) > 0) {
		r->inflated += (uint64_t)n;
		if (r->data.len + (size_t)n > r->lim->max_member) {
			r->cb->too_large(r->cb->ud, r->member.ptr);
			/* Skipping the rest of a compressed stream would
			 * inflate it all. */
			if (archive_format(a) != ARCHIVE_FORMAT_ZIP) {
				warn(r,
				     "member \"%s\" is over the size limit "
				     "of %llu bytes; the rest of the "
				     "archive was not read",
				     r->member.ptr,
				     (unsigned long long)r->lim->max_member);
				r->stop = true;
			}
			return 1;
		}
		if (r->inflated > r->lim->max_total ||
		    (r->inflated > (1u << 20) &&
		     r->inflated / r->lim->max_ratio > r->archived)) {
			warn(r,
			     "stopped after inflating %llu bytes (limit: "
			     "%llu bytes, or %llu times the archive's "
			     "size)",
			     (unsigned long long)r->inflated,
			     (unsigned long long)r->lim->max_total,
			     (unsigned long long)r->lim->max_ratio);
			r->stop = true;
			return 1;
		}
		if (kl_buf_put(&r->data, block, (size_t)n))
			return KL_ENOMEM;
	}
	if (n < 0) {
		warn(r, "member \"%s\" cannot be read: %s", r->member.ptr,
		     archive_error_string(a) ? archive_error_string(a)
		                             : "unknown error");
		r->stop = n == ARCHIVE_FATAL;
		return 1;
	}
	return 0;
}

/* One entry: name, checks, data, callback. */
static int entry(struct reader *r, struct archive *a, struct archive_entry *e)
{
	int rc;

	if (++r->members > r->lim->max_members) {
		warn(r, "more than %llu members; the rest were not read",
		     (unsigned long long)r->lim->max_members);
		r->stop = true;
		return 0;
	}
	if (archive_entry_filetype(e) != AE_IFREG)
		return 0; /* folders, links, devices */
	rc = archive_format(a) == ARCHIVE_FORMAT_RAW
	         ? raw_name(r)
	         : member_name(r, archive_entry_pathname(e));
	if (rc)
		return rc;
	if (archive_entry_is_encrypted(e)) {
		warn(r, "member \"%s\" is encrypted and was not read",
		     r->member.ptr);
		return 0;
	}
	if ((rc = read_entry(r, a)))
		return rc == 1 ? 0 : rc;
	return r->cb->member(r->cb->ud, r->member.ptr,
	                     r->data.ptr ? r->data.ptr : "", r->data.len);
}

int kl_unpack_each(const char *name, const char *data, size_t len,
                   const struct kl_unpack_limits *lim,
                   const struct kl_unpack_cb *cb)
{
	struct reader r = {name, lim,         cb,          len,         0,
	                   0,    KL_BUF_INIT, KL_BUF_INIT, KL_BUF_INIT, false};
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int rc = 0, h, retries = 0;

	if (!a)
		return KL_ENOMEM;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (compressed((const unsigned char *)data, len))
		archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		warn(&r, "not a readable archive: %s",
		     archive_error_string(a) ? archive_error_string(a)
		                             : "unknown format");
		goto done;
	}
	while (!rc && !r.stop) {
		h = archive_read_next_header(a, &e);
		if (h == ARCHIVE_EOF)
			break;
		if (h == ARCHIVE_FATAL) {
			warn(&r, "corrupt or truncated archive: %s",
			     archive_error_string(a) ? archive_error_string(a)
			                             : "unknown error");
			break;
		}
		if (h == ARCHIVE_RETRY) {
			if (++retries > 10) {
				warn(&r, "the archive keeps asking to retry; "
				         "stopped");
				break;
			}
			continue;
		}
		retries = 0;
		rc = entry(&r, a, e);
	}
done:
	archive_read_free(a);
	kl_buf_free(&r.data);
	kl_buf_free(&r.member);
	kl_buf_free(&r.msg);
	return rc;
}
