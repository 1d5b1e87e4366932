/*
 * base64: RFC 4648 encoding and decoding, standard and URL-safe alphabets.
 */
#ifndef KL_BASE64_H
#define KL_BASE64_H

#include <stddef.h>

#include "buf.h"

/* Append the standard, padded encoding of s[0, n) to out. */
int kl_base64_encode(struct kl_buf *out, const unsigned char *s, size_t n);

/* Decode standard or URL-safe base64 (padding optional, no whitespace)
 * into out, which must hold n bytes.  Returns the decoded length, or -1
 * if s is not base64. */
long kl_base64_decode(const char *s, size_t n, unsigned char *out);

#endif
