/* Fuzz target: every decoder, and the decoding stage over a chunk,
 * nested the way the runner nests it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	size_t budget;
	bool hit;
	int depth;
};

static int decoded(void *ud, const struct kl_chunk *d)
{
	struct ctx *c = ud;
	int rc = 0;

	/* The run lies in the chunk, and the chunk is text. */
	if (d->origin.run_start > d->origin.run_end ||
	    d->origin.run_end > d->len || !d->origin.nsteps ||
	    !kl_decode_is_text(d->data + d->origin.run_start,
	                       d->origin.run_end - d->origin.run_start))
		__builtin_trap();
	if (c->depth < 2) {
		c->depth++;
		rc = kl_decode_chunk(d, &c->budget, &c->hit, decoded, c);
		c->depth--;
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int (*const decoders[])(const char *, size_t, struct kl_buf *) = {
	    kl_decode_base64, kl_decode_hex, kl_decode_percent,
	    kl_decode_escapes};
	struct kl_buf out = KL_BUF_INIT;
	struct kl_chunk c = {.data = (const char *)data, .len = size};
	struct ctx x = {1 << 16, false, 0};

	for (size_t i = 0; i < sizeof(decoders) / sizeof(*decoders); i++) {
		kl_buf_clear(&out);
		decoders[i]((const char *)data, size, &out);
	}
	kl_buf_free(&out);
	c.origin.path = c.origin.rule_path = "fuzz.txt";
	c.origin.blob = KL_NO_BLOB;
	kl_decode_chunk(&c, &x.budget, &x.hit, decoded, &x);
	return 0;
}
