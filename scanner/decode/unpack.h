/*
 * unpack: reads the members of an archive held in memory through
 * libarchive (zip and its family, tar with any common compression, 7z,
 * plain .gz/.bz2/.xz/.zst files), never a hand-written unpacker, and never
 * writes a member to disk.  Every archive is read within limits on the
 * bytes it inflates, its compression ratio, its member count and each
 * member's size; a limit hit, an encrypted member, a corrupt archive or a
 * strange member name is a warning, and what was read so far stands.
 */
#ifndef KL_UNPACK_H
#define KL_UNPACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct kl_unpack_limits {
	uint64_t max_member;  /* bytes of one member (--max-file-size) */
	uint64_t max_total;   /* bytes inflated from one archive */
	uint64_t max_ratio;   /* inflated : archived bytes */
	uint64_t max_members; /* entries of one archive */
};

/* Defaults for a given --max-file-size. */
void kl_unpack_limits_init(struct kl_unpack_limits *lim,
                           uint64_t max_file_size);

/* Whether data (named name) is an archive or compressed file this module
 * reads: by its magic bytes, and for plain compressed files by its name's
 * extension too. */
bool kl_unpack_sniff(const char *name, const char *data, size_t len);

struct kl_unpack_cb {
	/* A member's content (valid for the call only); name is relative,
	 * '/' separated, without control characters.  Non-zero stops. */
	int (*member)(void *ud, const char *name, const char *data, size_t len);
	/* A member larger than the limit, not read. */
	void (*too_large)(void *ud, const char *name);
	/* A limit or a problem, one line that names what happened. */
	void (*warning)(void *ud, const char *message);
	void *ud;
};

/* Read every regular member of the archive data[0, len) (named name, for
 * plain compressed files and messages).  Returns 0 (problems are
 * warnings), the member callback's first non-zero value, or KL_ENOMEM. */
int kl_unpack_each(const char *name, const char *data, size_t len,
                   const struct kl_unpack_limits *lim,
                   const struct kl_unpack_cb *cb);

#endif
