/* Fuzz target: a pack entry's header, then its data inflated with the
 * size the header claims (the first 8 bytes are the entry's offset). */
#include <libdeflate.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct libdeflate_decompressor *d;
	struct kl_pack_entry e;
	uint64_t off = 0;
	uint8_t *out;

	if (size < 8)
		return 0;
	memcpy(&off, data, 8);
	data += 8;
	size -= 8;
	if (kl_pack_entry_parse(data, size, off, &e))
		return 0;
	if (e.hdr_len > size ||
	    (e.type == KL_PACK_OFS_DELTA && e.base_off >= off))
		__builtin_trap();
	if (e.base_id &&
	    (e.base_id < data || e.base_id + KL_PACK_ID_LEN > data + e.hdr_len))
		__builtin_trap();
	if (!kl_pack_size_plausible(e.size, size - e.hdr_len))
		return 0;
	if (!d && !(d = libdeflate_alloc_decompressor()))
		return 0;
	if (!(out = malloc(e.size ? (size_t)e.size : 1)))
		return 0;
	(void)kl_pack_inflate(d, data + e.hdr_len, size - e.hdr_len, out,
	                      (size_t)e.size);
	free(out);
	return 0;
}
