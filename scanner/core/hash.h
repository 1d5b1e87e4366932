/*
 * hash: the one non-cryptographic hash of keylint, 64-bit FNV-1a, for hash
 * tables and for deterministic seeds derived from names.  Secrets are
 * hashed elsewhere, with libgit2's SHA-1 (findings.h).
 */
#ifndef KL_HASH_H
#define KL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define KL_FNV1A_BASIS 1469598103934665603ull

/* FNV-1a of data[0, len), continuing from h (start with KL_FNV1A_BASIS). */
uint64_t kl_hash_fnv1a(uint64_t h, const void *data, size_t len);

/* The same over a NUL-terminated string. */
uint64_t kl_hash_str(const char *s);

#endif
