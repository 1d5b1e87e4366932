/*
 * pack: git's pack files read directly: the .idx v2 index, the entry
 * header of a .pack v2/v3 entry, inflating an entry with libdeflate (one
 * call, the size is known) and applying a delta.  Every function checks
 * its input against the bytes it was given, so a corrupt or hostile pack
 * is an error, never a read out of bounds.  It knows nothing of
 * repositories, revisions or scanning (bulk.c does); SHA-1 only.
 */
#ifndef KL_PACK_H
#define KL_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KL_PACK_ID_LEN 20

/* Object types as a pack entry header gives them. */
enum kl_pack_type {
	KL_PACK_COMMIT = 1,
	KL_PACK_TREE = 2,
	KL_PACK_BLOB = 3,
	KL_PACK_TAG = 4,
	KL_PACK_OFS_DELTA = 6,
	KL_PACK_REF_DELTA = 7,
};

/* A parsed .idx (version 2).  Pointers are borrowed from the bytes given
 * to kl_pack_idx_parse, which must outlive it. */
struct kl_pack_idx {
	uint32_t n;            /* objects */
	const uint8_t *fanout; /* 256 big-endian counts */
	const uint8_t *ids;    /* n sorted ids */
	const uint8_t *off32;  /* n big-endian offsets (or large-offset
	                          references) */
	const uint8_t *off64;  /* n64 big-endian 64-bit offsets */
	uint32_t n64;
};

/* Parse an .idx v2 file of len bytes.  0, or KL_EINVAL when it is not a
 * well-formed v2 index (bad magic or version, a fan-out that decreases,
 * a length that does not match the counts, unsorted ids). */
int kl_pack_idx_parse(struct kl_pack_idx *idx, const uint8_t *data, size_t len);

/* The pack offset of entry i (< n); KL_EINVAL for a large-offset
 * reference out of range. */
int kl_pack_idx_offset(const struct kl_pack_idx *idx, uint32_t i,
                       uint64_t *off);

/* The entry holding id: true with *pos set, or false. */
bool kl_pack_idx_find(const struct kl_pack_idx *idx, const uint8_t *id,
                      uint32_t *pos);

/* Check a .pack file's 12-byte header: 0 with the entry count, or
 * KL_EINVAL (bad magic, a version other than 2 or 3). */
int kl_pack_header(const uint8_t *data, size_t len, uint32_t *count);

/* One entry's header. */
struct kl_pack_entry {
	enum kl_pack_type type;
	uint64_t size;          /* inflated size of the entry's data */
	size_t hdr_len;         /* bytes before the compressed data */
	uint64_t base_off;      /* OFS_DELTA: the base's pack offset */
	const uint8_t *base_id; /* REF_DELTA: the base's id (borrowed) */
};

/* Parse the header of the entry at pack offset `off`, whose bytes start
 * at p with avail bytes readable.  KL_EINVAL for an unknown type, a size
 * or base offset that overflows, a base offset that does not point
 * before the entry, or a header longer than avail. */
int kl_pack_entry_parse(const uint8_t *p, size_t avail, uint64_t off,
                        struct kl_pack_entry *e);

/* A delta's header: the sizes of its base and of its result, and where
 * its instructions start.  KL_EINVAL when truncated or overflowing. */
int kl_pack_delta_sizes(const uint8_t *d, size_t len, uint64_t *base_size,
                        uint64_t *result_size, size_t *hdr_len);

/* Apply a delta (header included) to base, writing exactly out_len bytes
 * (its result size, from kl_pack_delta_sizes) to out.  KL_EINVAL when the
 * base size differs, an instruction is invalid or reads outside the base
 * or the delta, or the result is not exactly out_len bytes. */
int kl_pack_delta_apply(const uint8_t *base, size_t base_len,
                        const uint8_t *delta, size_t delta_len, uint8_t *out,
                        size_t out_len);

struct libdeflate_decompressor;

/* Inflate one entry's zlib stream (at most in_len bytes at in) into
 * exactly out_len bytes.  KL_EINVAL when the stream is corrupt or does
 * not inflate to exactly out_len bytes. */
int kl_pack_inflate(struct libdeflate_decompressor *d, const uint8_t *in,
                    size_t in_len, uint8_t *out, size_t out_len);

/* Whether an entry of in_len compressed bytes may inflate to size bytes:
 * deflate expands at most about 1032 to 1, so a larger size is a lie and
 * no buffer is allocated for it. */
bool kl_pack_size_plausible(uint64_t size, size_t in_len);

#endif
