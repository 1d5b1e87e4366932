/* Unit tests for pack: .idx files, entry headers and deltas built byte by
 * byte as git's pack-format documentation lays them out, and entries
 * compressed with libdeflate. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pack.h"

static void put32(struct kl_buf *b, uint32_t v)
{
	unsigned char x[4] = {v >> 24, v >> 16, v >> 8, v};

	assert_int_equal(kl_buf_put(b, x, 4), 0);
}

/* An .idx v2 of n objects whose ids are {first byte = ids[i], rest i},
 * with the given offsets (a set high bit refers to the large table). */
static void make_idx(struct kl_buf *b, const uint8_t *ids, const uint32_t *off,
                     size_t n, const uint64_t *big, size_t nbig)
{
	uint8_t id[KL_PACK_ID_LEN];

	kl_buf_clear(b);
	assert_int_equal(kl_buf_put(b, "\377tOc", 4), 0);
	put32(b, 2);
	for (int f = 0; f < 256; f++) {
		uint32_t c = 0;

		for (size_t i = 0; i < n; i++)
			c += ids[i] <= f;
		put32(b, c);
	}
	for (size_t i = 0; i < n; i++) {
		memset(id, (int)i, sizeof(id));
		id[0] = ids[i];
		assert_int_equal(kl_buf_put(b, id, sizeof(id)), 0);
	}
	for (size_t i = 0; i < n; i++)
		put32(b, 0); /* CRCs */
	for (size_t i = 0; i < n; i++)
		put32(b, off[i]);
	for (size_t i = 0; i < nbig; i++) {
		put32(b, (uint32_t)(big[i] >> 32));
		put32(b, (uint32_t)big[i]);
	}
	memset(id, 0, sizeof(id));
	assert_int_equal(kl_buf_put(b, id, sizeof(id)), 0);
	assert_int_equal(kl_buf_put(b, id, sizeof(id)), 0);
}

static void idx_lookups(void **state)
{
	static const uint8_t ids[] = {0x01, 0x10, 0x10, 0xfe};
	static const uint32_t off[] = {12, 0x80000000u, 300, 40};
	static const uint64_t big[] = {5000000000ull};
	struct kl_buf b = KL_BUF_INIT;
	struct kl_pack_idx idx;
	uint8_t id[KL_PACK_ID_LEN];
	uint64_t o;
	uint32_t pos;

	(void)state;
	make_idx(&b, ids, off, 4, big, 1);
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 0);
	assert_int_equal(idx.n, 4);
	for (uint32_t i = 0; i < 4; i++) {
		memset(id, (int)i, sizeof(id));
		id[0] = ids[i];
		assert_true(kl_pack_idx_find(&idx, id, &pos));
		assert_int_equal(pos, i);
	}
	memset(id, 9, sizeof(id));
	assert_false(kl_pack_idx_find(&idx, id, &pos));
	assert_int_equal(kl_pack_idx_offset(&idx, 0, &o), 0);
	assert_int_equal(o, 12);
	assert_int_equal(kl_pack_idx_offset(&idx, 1, &o), 0);
	assert_int_equal(o, 5000000000ull);
	kl_buf_free(&b);
}

static void idx_damage_is_refused(void **state)
{
	static const uint8_t ids[] = {0x01, 0x10};
	static const uint32_t off[] = {12, 0x80000001u};
	struct kl_buf b = KL_BUF_INIT;
	struct kl_pack_idx idx;
	uint64_t o;

	(void)state;
	make_idx(&b, ids, off, 2, NULL, 0);
	/* A reference past the large-offset table. */
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 0);
	assert_int_equal(kl_pack_idx_offset(&idx, 1, &o), KL_EINVAL);
	/* Truncated, by one byte and to nothing. */
	assert_int_equal(
	    kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len - 1),
	    KL_EINVAL);
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, 7),
	                 KL_EINVAL);
	/* Version 1 and a bad magic. */
	b.ptr[7] = 1;
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 KL_EINVAL);
	b.ptr[7] = 2;
	b.ptr[0] = 'x';
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 KL_EINVAL);
	b.ptr[0] = '\377';
	/* A fan-out that goes down, and ids out of order. */
	b.ptr[8 + 4 * 0x20 + 3] = 9;
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 KL_EINVAL);
	b.ptr[8 + 4 * 0x20 + 3] = 2;
	b.ptr[8 + 1024] = 0x20;
	assert_int_equal(kl_pack_idx_parse(&idx, (const uint8_t *)b.ptr, b.len),
	                 KL_EINVAL);
	kl_buf_free(&b);
}

static void entry_headers(void **state)
{
	/* A blob of 1000 bytes: type 3, size 1000 = 0x3e8: low 4 bits 8,
	 * then 0x3e. */
	static const uint8_t blob[] = {0xb8, 0x3e};
	/* An OFS_DELTA of 5 bytes whose base is 200 bytes back: 200 =
	 * (0 + 1) << 7 | 72. */
	static const uint8_t ofs[] = {0x65, 0x80, 72};
	uint8_t ref[21] = {0x75};
	struct kl_pack_entry e;

	(void)state;
	assert_int_equal(kl_pack_entry_parse(blob, sizeof(blob), 12, &e), 0);
	assert_int_equal(e.type, KL_PACK_BLOB);
	assert_int_equal(e.size, 1000);
	assert_int_equal(e.hdr_len, 2);
	assert_int_equal(kl_pack_entry_parse(ofs, sizeof(ofs), 1000, &e), 0);
	assert_int_equal(e.type, KL_PACK_OFS_DELTA);
	assert_int_equal(e.size, 5);
	assert_int_equal(e.base_off, 800);
	assert_int_equal(e.hdr_len, 3);
	memset(ref + 1, 0xab, 20);
	assert_int_equal(kl_pack_entry_parse(ref, sizeof(ref), 50, &e), 0);
	assert_int_equal(e.type, KL_PACK_REF_DELTA);
	assert_ptr_equal(e.base_id, ref + 1);
	/* A base at or before the start of the pack, truncated headers, and
	 * the unused type 5. */
	assert_int_equal(kl_pack_entry_parse(ofs, sizeof(ofs), 100, &e),
	                 KL_EINVAL);
	assert_int_equal(kl_pack_entry_parse(blob, 1, 12, &e), KL_EINVAL);
	assert_int_equal(kl_pack_entry_parse(ref, 20, 50, &e), KL_EINVAL);
	assert_int_equal(kl_pack_entry_parse((const uint8_t *)"\x55", 1, 9, &e),
	                 KL_EINVAL);
	{
		/* A size that does not fit 64 bits. */
		uint8_t big[12];

		memset(big, 0xff, sizeof(big));
		big[0] = 0xbf;
		assert_int_equal(kl_pack_entry_parse(big, sizeof(big), 12, &e),
		                 KL_EINVAL);
	}
}

static void deltas(void **state)
{
	static const char base[] = "the quick brown fox";
	/* Base 19 bytes, result 20: copy 10 bytes from offset 0 ("the quick
	 * "), insert "red", copy 4 bytes from offset 15 (" fox"), insert
	 * "!!!". */
	static const uint8_t d[] = {19,   20, 0x90, 10, 3,   'r', 'e', 'd',
	                            0x91, 15, 4,    3,  '!', '!', '!'};
	uint8_t out[20];
	uint64_t bs, rs;
	size_t h;

	(void)state;
	assert_int_equal(kl_pack_delta_sizes(d, sizeof(d), &bs, &rs, &h), 0);
	assert_int_equal(bs, 19);
	assert_int_equal(rs, 20);
	assert_int_equal(h, 2);
	assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 19, d,
	                                     sizeof(d), out, sizeof(out)),
	                 0);
	assert_memory_equal(out, "the quick red fox!!!", 20);
	/* The wrong base, a short result, a copy past the base, an insert
	 * past the delta, the reserved instruction 0. */
	assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 18, d,
	                                     sizeof(d), out, sizeof(out)),
	                 KL_EINVAL);
	assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 19, d,
	                                     sizeof(d) - 1, out, sizeof(out)),
	                 KL_EINVAL);
	{
		uint8_t bad[sizeof(d)];

		memcpy(bad, d, sizeof(d));
		bad[9] = 17; /* " fox" from offset 17 runs past the base */
		assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 19,
		                                     bad, sizeof(bad), out,
		                                     sizeof(out)),
		                 KL_EINVAL);
		memcpy(bad, d, sizeof(d));
		bad[11] = 0;
		assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 19,
		                                     bad, sizeof(bad), out,
		                                     sizeof(out)),
		                 KL_EINVAL);
		memcpy(bad, d, sizeof(d));
		bad[11] = 9;
		assert_int_equal(kl_pack_delta_apply((const uint8_t *)base, 19,
		                                     bad, sizeof(bad), out,
		                                     sizeof(out)),
		                 KL_EINVAL);
	}
}

static void inflating(void **state)
{
	static const char text[] = "blob text blob text blob text blob text";
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	uint8_t z[128], out[64];
	size_t zn;

	(void)state;
	assert_non_null(c);
	assert_non_null(d);
	zn = libdeflate_zlib_compress(c, text, sizeof(text) - 1, z, sizeof(z));
	assert_true(zn > 0);
	assert_int_equal(kl_pack_inflate(d, z, zn, out, sizeof(text) - 1), 0);
	assert_memory_equal(out, text, sizeof(text) - 1);
	/* A header that lies about the size, either way. */
	assert_int_equal(kl_pack_inflate(d, z, zn, out, sizeof(text) - 2),
	                 KL_EINVAL);
	assert_int_equal(kl_pack_inflate(d, z, zn, out, sizeof(text)),
	                 KL_EINVAL);
	/* A damaged stream (the checksum no longer matches). */
	z[zn - 1] ^= 1;
	assert_int_equal(kl_pack_inflate(d, z, zn, out, sizeof(text) - 1),
	                 KL_EINVAL);
	/* No buffer for a size the data cannot inflate to. */
	assert_false(kl_pack_size_plausible(10u << 20, 100));
	libdeflate_free_compressor(c);
	libdeflate_free_decompressor(d);
}

static void pack_headers(void **state)
{
	uint8_t p[32] = {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 1, 0};
	uint32_t n;

	(void)state;
	assert_int_equal(kl_pack_header(p, sizeof(p), &n), 0);
	assert_int_equal(n, 256);
	p[7] = 3;
	assert_int_equal(kl_pack_header(p, sizeof(p), &n), 0);
	p[7] = 4;
	assert_int_equal(kl_pack_header(p, sizeof(p), &n), KL_EINVAL);
	p[7] = 2;
	assert_int_equal(kl_pack_header(p, 20, &n), KL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(idx_lookups),
	    cmocka_unit_test(idx_damage_is_refused),
	    cmocka_unit_test(entry_headers),
	    cmocka_unit_test(deltas),
	    cmocka_unit_test(inflating),
	    cmocka_unit_test(pack_headers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
