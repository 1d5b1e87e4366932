/* Fuzz target: the delta applier.  The input is a base length (2 bytes),
 * the base, then the delta; the result buffer has the size the delta's
 * header claims, capped. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t bsize, rsize;
	size_t blen, hdr;
	uint8_t *out;

	if (size < 2)
		return 0;
	blen = (size_t)data[0] | (size_t)data[1] << 8;
	data += 2;
	size -= 2;
	if (blen > size)
		blen = size;
	if (kl_pack_delta_sizes(data + blen, size - blen, &bsize, &rsize, &hdr))
		return 0;
	if (hdr > size - blen)
		__builtin_trap();
	if (rsize > (1u << 20))
		return 0;
	if (!(out = malloc(rsize ? (size_t)rsize : 1)))
		return 0;
	(void)kl_pack_delta_apply(data, blen, data + blen, size - blen, out,
	                          (size_t)rsize);
	free(out);
	return 0;
}
