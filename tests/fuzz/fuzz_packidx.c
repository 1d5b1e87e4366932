/* Fuzz target: the .idx v2 parser of the pack reader, and lookups and
 * offsets in whatever it accepts. */
#include <stddef.h>
#include <stdint.h>

#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_pack_idx idx;

	if (kl_pack_idx_parse(&idx, data, size))
		return 0;
	for (uint32_t i = 0; i < idx.n && i < 4096; i++) {
		const uint8_t *id = idx.ids + (size_t)i * KL_PACK_ID_LEN;
		uint64_t off;
		uint32_t pos;

		/* Every id it holds is found, where it is. */
		if (!kl_pack_idx_find(&idx, id, &pos) || pos != i)
			__builtin_trap();
		(void)kl_pack_idx_offset(&idx, i, &off);
	}
	return 0;
}
