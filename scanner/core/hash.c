/*
 * hash: FNV-1a.
 */
#include "hash.h"

#include <string.h>

uint64_t kl_hash_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

uint64_t kl_hash_str(const char *s)
{
	return kl_hash_fnv1a(KL_FNV1A_BASIS, s, strlen(s));
}
