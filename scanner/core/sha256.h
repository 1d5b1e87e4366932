/*
 * sha256: SHA-256 (FIPS 180-4) of a byte string, for the HTML report's
 * Content-Security-Policy, which names its inline style and script by
 * their SHA-256.  The libraries keylint links expose SHA-1 only (libgit2's
 * object ids); this is not used for secrets, whose hashes live in
 * secrethash.
 */
#ifndef KL_SHA256_H
#define KL_SHA256_H

#include <stddef.h>

#define KL_SHA256_LEN 32

/* The digest of data[0, len) into out. */
void kl_sha256(const void *data, size_t len, unsigned char out[KL_SHA256_LEN]);

#endif
