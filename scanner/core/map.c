/*
 * map: linear probing over a power-of-two table of (hash, key pointer,
 * length, value) slots, grown at 70% load.  Keys live in large chunks so
 * that a million object ids cost a few allocations, not a million.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"

#define CHUNK_SIZE (1u << 20)

struct slot {
	uint64_t hash; /* 0: empty */
	const unsigned char *key;
	uint32_t len;
	uint64_t value;
};

struct chunk {
	struct chunk *next;
	size_t used, size;
	unsigned char data[];
};

struct kl_map {
	struct slot *slots;
	size_t cap, count;
	struct chunk *chunks;
};

static uint64_t hash_bytes(const void *key, size_t len)
{
	/* FNV-1a, then a final avalanche; keys are short. */
	uint64_t h = kl_hash_fnv1a(0x9E3779B97F4A7C15ull ^ len, key, len);

	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	return h ? h : 1;
}

int kl_map_new(struct kl_map **out)
{
	struct kl_map *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return KL_ENOMEM;
	m->cap = 64;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		free(m);
		return KL_ENOMEM;
	}
	*out = m;
	return 0;
}

void kl_map_free(struct kl_map *m)
{
	if (!m)
		return;
	while (m->chunks) {
		struct chunk *c = m->chunks;

		m->chunks = c->next;
		free(c);
	}
	free(m->slots);
	free(m);
}

size_t kl_map_count(const struct kl_map *m)
{
	return m->count;
}

static struct slot *find(struct slot *slots, size_t cap, uint64_t h,
                         const void *key, size_t len)
{
	size_t i = (size_t)h & (cap - 1);

	for (;;) {
		struct slot *s = &slots[i];

		if (!s->hash)
			return s;
		if (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (cap - 1);
	}
}

bool kl_map_get(const struct kl_map *m, const void *key, size_t len,
                uint64_t *value)
{
	struct slot *s = find(m->slots, m->cap, hash_bytes(key, len), key, len);

	if (!s->hash)
		return false;
	if (value)
		*value = s->value;
	return true;
}

static int grow(struct kl_map *m)
{
	size_t cap = m->cap * 2;
	struct slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return KL_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct slot *s = &m->slots[i];

		if (s->hash)
			*find(slots, cap, s->hash, s->key, s->len) = *s;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

static const unsigned char *store(struct kl_map *m, const void *key, size_t len)
{
	struct chunk *c = m->chunks;
	unsigned char *p;

	if (!c || c->size - c->used < len) {
		size_t size = len > CHUNK_SIZE ? len : CHUNK_SIZE;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = m->chunks;
		m->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, key, len);
	c->used += len;
	return p;
}

int kl_map_put(struct kl_map *m, const void *key, size_t len, uint64_t value,
               uint64_t *existing)
{
	uint64_t h = hash_bytes(key, len);
	struct slot *s;

	if (len > UINT32_MAX)
		return KL_EINVAL;
	s = find(m->slots, m->cap, h, key, len);
	if (s->hash) {
		if (existing)
			*existing = s->value;
		return 0;
	}
	if ((m->count + 1) * 10 > m->cap * 7) {
		if (grow(m))
			return KL_ENOMEM;
		s = find(m->slots, m->cap, h, key, len);
	}
	s->key = store(m, key, len);
	if (!s->key)
		return KL_ENOMEM;
	s->hash = h;
	s->len = (uint32_t)len;
	s->value = value;
	m->count++;
	return 1;
}
