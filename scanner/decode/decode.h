/*
 * decode: finds runs of encoded text in a chunk (base64 in the standard
 * and URL alphabets, hex, percent-encoding, JSON and JavaScript string
 * escapes), decodes the ones long enough to hide a secret, and hands each
 * decoded run on as a chunk of its own: the run's line with the run
 * replaced by what it decodes to, so that rules keep their context
 * (`password: cGFzc3dvcmQ=` becomes `password: password`).  Decoded bytes
 * that are not text are dropped.  The origin says how the chunk was
 * decoded and where the run sits in the original content.  Every decoded
 * byte counts against a budget, so no input can make decoding unbounded.
 */
#ifndef KL_DECODE_H
#define KL_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "chunk.h"

enum kl_encoding {
	KL_ENC_BASE64 = 0,
	KL_ENC_HEX,
	KL_ENC_PERCENT,
	KL_ENC_ESCAPE,
};

/* "base64", "hex", "percent", "escape". */
const char *kl_decode_name(enum kl_encoding e);

/* Called with each decoded chunk (valid for the call only). */
typedef int (*kl_decoded_fn)(void *ud, const struct kl_chunk *decoded);

/*
 * Decode the encoded runs of c and call fn with each decoded chunk, in
 * order.  *budget is the number of decoded bytes still allowed (shared by
 * nested calls); when a run does not fit, decoding stops and
 * *budget_hit is set.  Returns 0, fn's first non-zero value, or
 * KL_ENOMEM.
 */
int kl_decode_chunk(const struct kl_chunk *c, size_t *budget, bool *budget_hit,
                    kl_decoded_fn fn, void *ud);

/* Whether decoded bytes are text worth matching: valid UTF-8, no control
 * characters but tab and line breaks, and some letters or digits. */
bool kl_decode_is_text(const char *s, size_t n);

/* The decoders, exposed for rules and tests.  Each appends to out and
 * returns 0, or KL_EINVAL when s[0, n) is not of its encoding. */
int kl_decode_base64(const char *s, size_t n, struct kl_buf *out);
int kl_decode_hex(const char *s, size_t n, struct kl_buf *out);
int kl_decode_percent(const char *s, size_t n, struct kl_buf *out);
int kl_decode_escapes(const char *s, size_t n, struct kl_buf *out);

#endif
