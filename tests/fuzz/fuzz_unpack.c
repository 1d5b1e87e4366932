/* Fuzz target: the archive reader (libarchive from memory, with keylint's
 * limits), members read recursively the way the runner reads them. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "unpack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	struct kl_unpack_limits lim;
	int depth;
	size_t bytes;
};

static int member(void *ud, const char *name, const char *data, size_t len);

static void too_large(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

static void warning(void *ud, const char *message)
{
	(void)ud;
	/* Every message names the archive. */
	if (!strstr(message, ": "))
		__builtin_trap();
}

static int member(void *ud, const char *name, const char *data, size_t len)
{
	struct ctx *c = ud;
	struct kl_unpack_cb cb = {member, too_large, warning, c};
	int rc = 0;

	if (len > c->lim.max_member || strchr(name, '\x1b'))
		__builtin_trap(); /* the limit and the name cleaning hold */
	for (size_t i = 0; i < len; i++)
		c->bytes += (unsigned char)data[i] != 0; /* touch every byte */
	if (c->depth < 3 && kl_unpack_sniff(name, data, len)) {
		c->depth++;
		rc = kl_unpack_each(name, data, len, &c->lim, &cb);
		c->depth--;
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx c = {{0}, 0, 0};
	struct kl_unpack_cb cb = {member, too_large, warning, &c};

	kl_unpack_limits_init(&c.lim, 1 << 20);
	c.lim.max_members = 1000;
	kl_unpack_sniff("fuzz.zip", (const char *)data, size);
	kl_unpack_each("fuzz.tar.gz", (const char *)data, size, &c.lim, &cb);
	return 0;
}
