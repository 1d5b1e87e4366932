/*
 * cachetree: locate the TREE extension by stepping over the index entries
 * (versions 2, 3 and 4, as git's index-format documentation describes
 * them), then read its pre-order list of folders with an explicit stack.
 * Every length and count comes from the file, so every step is checked
 * against the end of the data.
 */
#include "cachetree.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define HEADER_SIZE   12
#define HASH_SIZE     20
#define ENTRY_FIXED   62 /* stat data, object id and flags */
#define FLAG_EXTENDED 0x4000
#define NAME_MASK     0x0fff

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Git's offset varint (index v4 path prefixes).  0 on success. */
static int varint(const unsigned char **p, const unsigned char *end,
                  uint64_t *out)
{
	uint64_t v;
	unsigned char c;

	if (*p >= end)
		return -1;
	c = *(*p)++;
	v = c & 127;
	while (c & 128) {
		if (*p >= end || v > (UINT64_MAX >> 8))
			return -1;
		c = *(*p)++;
		v = ((v + 1) << 7) | (c & 127);
	}
	*out = v;
	return 0;
}

/* Step over `count` entries starting at *p; entries end at `end`. */
static int skip_entries(const unsigned char **p, const unsigned char *end,
                        uint32_t version, uint32_t count)
{
	const unsigned char *q = *p;

	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *start = q, *name, *nul;
		size_t fixed = ENTRY_FIXED;
		unsigned flags;

		if ((size_t)(end - q) < ENTRY_FIXED)
			return -1;
		flags = (unsigned)q[60] << 8 | q[61];
		if (flags & FLAG_EXTENDED) {
			if (version < 3)
				return -1;
			fixed += 2;
		}
		if ((size_t)(end - q) < fixed)
			return -1;
		name = q + fixed;
		if (version == 4) {
			uint64_t strip;

			if (varint(&name, end, &strip))
				return -1;
		}
		if (!(nul = memchr(name, 0, (size_t)(end - name))))
			return -1;
		if (version < 4 && (flags & NAME_MASK) != NAME_MASK &&
		    (size_t)(nul - name) != (flags & NAME_MASK))
			return -1;
		if (version == 4) {
			q = nul + 1;
		} else {
			/* NUL padding to a multiple of eight bytes. */
			size_t len = ((size_t)(nul - start) + 8) & ~(size_t)7;

			if ((size_t)(end - start) < len)
				return -1;
			q = start + len;
		}
	}
	*p = q;
	return 0;
}

/* A decimal count ended by `stop`; -1 is allowed when allow_neg. */
static int number(const unsigned char **p, const unsigned char *end, char stop,
                  bool allow_neg, int64_t *out)
{
	const unsigned char *q = *p;
	int64_t v = 0;
	bool neg = false;

	if (q < end && *q == '-' && allow_neg) {
		neg = true;
		q++;
	}
	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		v = v * 10 + (*q++ - '0');
		if (v > INT32_MAX)
			return -1;
	}
	if (q >= end || *q != (unsigned char)stop)
		return -1;
	*out = neg ? -v : v;
	*p = q + 1;
	return 0;
}

struct frame {
	uint32_t node, left, last;
};

static int parse_tree_ext(struct kl_cache_tree *ct, const unsigned char *p,
                          const unsigned char *end)
{
	struct frame *stack = NULL;
	size_t depth = 0, adepth = 0, anodes = 0, used = 0;
	int rc = KL_EINVAL;

	if (!(ct->names = malloc((size_t)(end - p) + 1)))
		return KL_ENOMEM;
	while (p < end || depth) {
		const unsigned char *nul;
		int64_t entries, nsub;
		struct kl_ct_node *nd;
		size_t len;

		/* Close folders whose children have all been read. */
		if (depth && !stack[depth - 1].left) {
			depth--;
			continue;
		}
		if ((!depth && ct->n) || p >= end)
			goto out; /* a second root, or children missing */
		if (!(nul = memchr(p, 0, (size_t)(end - p))))
			goto out;
		len = (size_t)(nul - p);
		if (!ct->n && len)
			goto out; /* the root has no name */
		if (ct->n && (!len || memchr(p, '/', len)))
			goto out;
		memcpy(ct->names + used, p, len + 1);
		p = nul + 1;
		if (number(&p, end, ' ', true, &entries) ||
		    number(&p, end, '\n', false, &nsub))
			goto out;
		if (ct->n >= UINT32_MAX - 1 ||
		    KL_ALLOC_GROW(ct->nodes, ct->n + 1, anodes)) {
			rc = KL_ENOMEM;
			goto out;
		}
		nd = &ct->nodes[ct->n];
		memset(nd, 0, sizeof(*nd));
		nd->name = ct->names + used;
		used += len + 1;
		nd->entries = (int32_t)entries;
		nd->nsub = (uint32_t)nsub;
		if (entries >= 0) {
			if ((size_t)(end - p) < HASH_SIZE)
				goto out;
			git_oid_fromraw(&nd->id, p);
			p += HASH_SIZE;
		}
		if (depth) {
			struct frame *f = &stack[depth - 1];

			if (f->last)
				ct->nodes[f->last].next = (uint32_t)ct->n;
			else
				ct->nodes[f->node].child = (uint32_t)ct->n;
			f->last = (uint32_t)ct->n;
			f->left--;
		}
		if (KL_ALLOC_GROW(stack, depth + 1, adepth)) {
			rc = KL_ENOMEM;
			goto out;
		}
		stack[depth++] =
		    (struct frame){(uint32_t)ct->n, (uint32_t)nsub, 0};
		ct->n++;
	}
	rc = ct->n ? 0 : KL_EINVAL;
out:
	free(stack);
	return rc;
}

int kl_cache_tree_parse(struct kl_cache_tree *ct, const unsigned char *data,
                        size_t len, unsigned char checksum[20])
{
	const unsigned char *p, *end;
	uint32_t version, count;
	int rc = KL_ENOTFOUND;

	memset(ct, 0, sizeof(*ct));
	if (len < HEADER_SIZE + HASH_SIZE || memcmp(data, "DIRC", 4))
		return KL_EINVAL;
	version = be32(data + 4);
	count = be32(data + 8);
	if (version < 2 || version > 4)
		return KL_EINVAL;
	end = data + len - HASH_SIZE;
	memcpy(checksum, end, HASH_SIZE);
	p = data + HEADER_SIZE;
	if (skip_entries(&p, end, version, count))
		return KL_EINVAL;
	while (p < end) {
		uint32_t size;

		if ((size_t)(end - p) < 8 ||
		    (size_t)(end - p - 8) < (size = be32(p + 4))) {
			rc = KL_EINVAL;
			break;
		}
		/* A split index keeps entries elsewhere; sparse ones collapse
		 * folders.  Neither matches what the entries above say. */
		if (!memcmp(p, "link", 4) || !memcmp(p, "sdir", 4)) {
			rc = KL_EINVAL;
			break;
		}
		if (!memcmp(p, "TREE", 4) && !ct->n &&
		    (rc = parse_tree_ext(ct, p + 8, p + 8 + size)))
			break;
		p += 8 + size;
	}
	if (ct->n && p == end)
		return 0;
	kl_cache_tree_free(ct);
	return rc ? rc : KL_EINVAL;
}

void kl_cache_tree_free(struct kl_cache_tree *ct)
{
	free(ct->nodes);
	free(ct->names);
	memset(ct, 0, sizeof(*ct));
}
