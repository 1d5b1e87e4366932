/* Fuzz target: the index reader behind `keylint staged`'s cache-tree. */
#include <stddef.h>
#include <stdint.h>

#include "cachetree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_cache_tree ct;
	unsigned char sum[20];

	if (kl_cache_tree_parse(&ct, data, size, sum) == 0) {
		/* Every link stays inside the node array. */
		for (size_t i = 0; i < ct.n; i++)
			if (ct.nodes[i].child >= ct.n ||
			    ct.nodes[i].next >= ct.n)
				__builtin_trap();
		kl_cache_tree_free(&ct);
	}
	return 0;
}
