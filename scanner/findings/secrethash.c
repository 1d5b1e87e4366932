/*
 * secrethash: fast for strong secrets, yescrypt for weak ones (see the
 * header).  The salt is fixed, not random: fingerprints must be the same
 * on every machine and in every run, or no ignore file could name one.
 * What the salt buys is that tables built for other systems do not apply;
 * what the cost buys is that each guess is slow.
 */
#include "secrethash.h"

#include <crypt.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "strv.h"

/* yescrypt, cost 3 (N = 2^13 blocks, about 40 ms and 8 MiB a guess on a
 * 2020s laptop core), salted with the bytes "keylint fingerprint v1"
 * (crypt_gensalt's encoding of them).  Changing either changes every weak
 * secret's fingerprint. */
#define SLOW_SETTING "$y$j7T$fJKSgZaPo/WNdtqNZ75QmZaPo/WRl."

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
/* Blob hash of the secret -> index of its slow hash in slow. */
static struct kl_map *cache;
static struct kl_strv slow;

bool kl_secret_is_weak(const char *secret, size_t len, double entropy)
{
	(void)secret;
	return (double)len * entropy < KL_STRONG_BITS;
}

static int blob_hash(const char *data, size_t len, char out[41])
{
	git_oid oid;

	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		return KL_EINVAL;
	git_oid_tostr(out, 41, &oid);
	return 0;
}

static int slow_hash(const char *secret, size_t len, char out[41])
{
	struct crypt_data *cd;
	char *key, *h;
	int rc = KL_EINVAL;

	/* crypt takes a C string: a secret with a NUL in it is hashed up to
	 * the NUL, plus its length, which keeps distinct secrets distinct
	 * enough for a weak one (the strong path sees every byte). */
	if (!(cd = calloc(1, sizeof(*cd))) || !(key = malloc(len + 24))) {
		free(cd);
		return KL_ENOMEM;
	}
	memcpy(key, secret, len);
	key[len] = '\0';
	snprintf(key + strlen(key), 24, "\x01%zu", len);
	h = crypt_r(key, SLOW_SETTING, cd);
	if (h && h[0] == '$')
		rc = blob_hash(h, strlen(h), out);
	explicit_bzero(key, len);
	free(key);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return rc;
}

/* Under cache_lock. */
static const char *lookup(const char *fast)
{
	uint64_t i;

	return cache && kl_map_get(cache, fast, 40, &i) ? slow.v[i] : NULL;
}

static int remember(const char *fast, const char *hash)
{
	int rc;

	if (!cache && (rc = kl_map_new(&cache)))
		return rc;
	if (lookup(fast))
		return 0;
	if ((rc = kl_strv_push(&slow, hash)))
		return rc;
	rc = kl_map_put(cache, fast, 40, slow.n - 1, NULL);
	return rc < 0 ? rc : 0;
}

int kl_secret_hash(const char *secret, size_t len, double entropy, char out[41])
{
	char fast[41];
	const char *cached;
	int rc;

	if ((rc = blob_hash(secret, len, fast)))
		return rc;
	if (!kl_secret_is_weak(secret, len, entropy)) {
		memcpy(out, fast, 41);
		return 0;
	}
	pthread_mutex_lock(&cache_lock);
	cached = lookup(fast);
	if (cached)
		memcpy(out, cached, 41);
	pthread_mutex_unlock(&cache_lock);
	if (cached)
		return 0;
	/* Two threads may hash the same secret at once; both get the same
	 * answer, and the second insert is a no-op. */
	if ((rc = slow_hash(secret, len, out)))
		return rc;
	pthread_mutex_lock(&cache_lock);
	rc = remember(fast, out);
	pthread_mutex_unlock(&cache_lock);
	return rc;
}
