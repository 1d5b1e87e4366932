/*
 * pack: the .idx v2 and .pack v2/v3 formats, as git's
 * Documentation/gitformat-pack describes them, and the delta format.
 * Pure functions over bytes the caller mapped; libdeflate inflates.
 */
#include "pack.h"

#include <libdeflate.h>
#include <string.h>

#include "buf.h"

#define IDX_HEADER 8
#define FANOUT     (256 * 4)

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ---- the index ------------------------------------------------------------
 */

int kl_pack_idx_parse(struct kl_pack_idx *idx, const uint8_t *data, size_t len)
{
	static const uint8_t magic[4] = {0xff, 't', 'O', 'c'};
	uint64_t n, fixed, n64 = 0;
	uint32_t prev = 0;

	memset(idx, 0, sizeof(*idx));
	if (len < IDX_HEADER + FANOUT || memcmp(data, magic, 4) ||
	    be32(data + 4) != 2)
		return KL_EINVAL;
	for (int i = 0; i < 256; i++) {
		uint32_t c = be32(data + IDX_HEADER + 4 * i);

		if (c < prev)
			return KL_EINVAL;
		prev = c;
	}
	n = prev;
	/* ids, CRCs, 32-bit offsets, then the large offsets and two SHA-1
	 * trailers. */
	fixed = IDX_HEADER + FANOUT + n * (KL_PACK_ID_LEN + 4 + 4) +
	        2 * KL_PACK_ID_LEN;
	if (fixed > len || (len - fixed) % 8)
		return KL_EINVAL;
	n64 = (len - fixed) / 8;
	if (n64 > n)
		return KL_EINVAL;
	idx->n = (uint32_t)n;
	idx->fanout = data + IDX_HEADER;
	idx->ids = idx->fanout + FANOUT;
	idx->off32 = idx->ids + n * (KL_PACK_ID_LEN + 4);
	idx->off64 = idx->off32 + n * 4;
	idx->n64 = (uint32_t)n64;
	/* Sorted, and each id in the fan-out bucket of its first byte, or
	 * lookups would miss what the index holds. */
	for (uint32_t i = 0; i < idx->n; i++) {
		const uint8_t *id = idx->ids + (size_t)i * KL_PACK_ID_LEN;
		uint32_t below =
		    id[0] ? be32(idx->fanout + 4 * (id[0] - 1)) : 0;

		if (below > i || be32(idx->fanout + 4 * id[0]) <= i ||
		    (i && memcmp(id - KL_PACK_ID_LEN, id, KL_PACK_ID_LEN) >= 0))
			return KL_EINVAL;
	}
	return 0;
}

int kl_pack_idx_offset(const struct kl_pack_idx *idx, uint32_t i, uint64_t *off)
{
	uint32_t v = be32(idx->off32 + (size_t)i * 4);

	if (!(v & 0x80000000u)) {
		*off = v;
		return 0;
	}
	v &= 0x7fffffffu;
	if (v >= idx->n64)
		return KL_EINVAL;
	*off = be64(idx->off64 + (size_t)v * 8);
	return 0;
}

bool kl_pack_idx_find(const struct kl_pack_idx *idx, const uint8_t *id,
                      uint32_t *pos)
{
	uint32_t lo = id[0] ? be32(idx->fanout + 4 * (id[0] - 1)) : 0;
	uint32_t hi = be32(idx->fanout + 4 * id[0]);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(idx->ids + (size_t)mid * KL_PACK_ID_LEN, id,
		               KL_PACK_ID_LEN);

		if (!c) {
			*pos = mid;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- the pack -------------------------------------------------------------
 */

int kl_pack_header(const uint8_t *data, size_t len, uint32_t *count)
{
	uint32_t v;

	if (len < 12 + KL_PACK_ID_LEN || memcmp(data, "PACK", 4))
		return KL_EINVAL;
	v = be32(data + 4);
	if (v != 2 && v != 3)
		return KL_EINVAL;
	*count = be32(data + 8);
	return 0;
}

int kl_pack_entry_parse(const uint8_t *p, size_t avail, uint64_t off,
                        struct kl_pack_entry *e)
{
	size_t i = 0;
	unsigned shift = 4;
	uint8_t c;

	memset(e, 0, sizeof(*e));
	if (!avail)
		return KL_EINVAL;
	c = p[i++];
	e->type = (enum kl_pack_type)((c >> 4) & 7);
	e->size = c & 15;
	while (c & 0x80) {
		if (i >= avail || shift > 57)
			return KL_EINVAL;
		c = p[i++];
		e->size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	switch (e->type) {
	case KL_PACK_COMMIT:
	case KL_PACK_TREE:
	case KL_PACK_BLOB:
	case KL_PACK_TAG:
		break;
	case KL_PACK_OFS_DELTA: {
		/* A big-endian number in 7-bit groups, each continuation
		 * adding one (git's offset encoding). */
		uint64_t rel;

		if (i >= avail)
			return KL_EINVAL;
		c = p[i++];
		rel = c & 0x7f;
		while (c & 0x80) {
			if (i >= avail || rel >= (UINT64_MAX >> 7) - 1)
				return KL_EINVAL;
			c = p[i++];
			rel = ((rel + 1) << 7) | (c & 0x7f);
		}
		if (!rel || rel > off)
			return KL_EINVAL;
		e->base_off = off - rel;
		break;
	}
	case KL_PACK_REF_DELTA:
		if (avail - i < KL_PACK_ID_LEN)
			return KL_EINVAL;
		e->base_id = p + i;
		i += KL_PACK_ID_LEN;
		break;
	default:
		return KL_EINVAL;
	}
	e->hdr_len = i;
	return 0;
}

/* ---- deltas ---------------------------------------------------------------
 */

static int varint(const uint8_t *d, size_t len, size_t *i, uint64_t *out)
{
	unsigned shift = 0;
	uint8_t c;

	*out = 0;
	do {
		if (*i >= len || shift > 63)
			return KL_EINVAL;
		c = d[(*i)++];
		*out |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return 0;
}

int kl_pack_delta_sizes(const uint8_t *d, size_t len, uint64_t *base_size,
                        uint64_t *result_size, size_t *hdr_len)
{
	size_t i = 0;

	if (varint(d, len, &i, base_size) || varint(d, len, &i, result_size))
		return KL_EINVAL;
	*hdr_len = i;
	return 0;
}

int kl_pack_delta_apply(const uint8_t *base, size_t base_len,
                        const uint8_t *delta, size_t delta_len, uint8_t *out,
                        size_t out_len)
{
	uint64_t bsize, rsize;
	size_t i, o = 0;

	if (kl_pack_delta_sizes(delta, delta_len, &bsize, &rsize, &i) ||
	    bsize != base_len || rsize != out_len)
		return KL_EINVAL;
	while (i < delta_len) {
		uint8_t cmd = delta[i++];

		if (cmd & 0x80) {
			uint64_t cp_off = 0, cp_len = 0;

			/* Which offset and size bytes follow: bits 0-3 and
			 * 4-6 of the command. */
			for (int b = 0; b < 4; b++)
				if (cmd & (1u << b)) {
					if (i >= delta_len)
						return KL_EINVAL;
					cp_off |= (uint64_t)delta[i++]
					          << (8 * b);
				}
			for (int b = 0; b < 3; b++)
				if (cmd & (0x10u << b)) {
					if (i >= delta_len)
						return KL_EINVAL;
					cp_len |= (uint64_t)delta[i++]
					          << (8 * b);
				}
			if (!cp_len)
				cp_len = 0x10000;
			if (cp_off > base_len || cp_len > base_len - cp_off ||
			    cp_len > out_len - o)
				return KL_EINVAL;
			memcpy(out + o, base + cp_off, cp_len);
			o += cp_len;
		} else if (cmd) {
			if (cmd > delta_len - i || cmd > out_len - o)
				return KL_EINVAL;
			memcpy(out + o, delta + i, cmd);
			i += cmd;
			o += cmd;
		} else {
			return KL_EINVAL; /* reserved */
		}
	}
	return o == out_len ? 0 : KL_EINVAL;
}

/* ---- inflating ------------------------------------------------------------
 */

bool kl_pack_size_plausible(uint64_t size, size_t in_len)
{
	return size <= (uint64_t)in_len * 1100 + 64;
}

int kl_pack_inflate(struct libdeflate_decompressor *d, const uint8_t *in,
                    size_t in_len, uint8_t *out, size_t out_len)
{
	size_t used_in = 0, used_out = 0;
	enum libdeflate_result r;

	if (!kl_pack_size_plausible(out_len, in_len))
		return KL_EINVAL;
	r = libdeflate_zlib_decompress_ex(d, in, in_len, out, out_len, &used_in,
	                                  &used_out);
	return r == LIBDEFLATE_SUCCESS && used_out == out_len ? 0 : KL_EINVAL;
}
