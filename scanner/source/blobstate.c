/*
 * blobstate: a map lookup before a blob is read, and two arrays filled
 * as the walk numbers blobs and the runner finds things in them.
 */
#include "blobstate.h"

#include <stdlib.h>
#include <string.h>

bool kl_blobstate_known(const struct kl_blobstate *bs,
                        const unsigned char id[KL_BLOB_ID_SIZE])
{
	return bs && bs->clean &&
	       kl_map_get(bs->clean, id, KL_BLOB_ID_SIZE, NULL);
}

int kl_blobstate_seen(struct kl_blobstate *bs,
                      const unsigned char id[KL_BLOB_ID_SIZE], const char *path)
{
	if (KL_ALLOC_GROW(bs->seen, bs->nseen + 1, bs->aseen) ||
	    KL_ALLOC_GROW(bs->paths, bs->nseen + 1, bs->apaths) ||
	    !(bs->paths[bs->nseen] = strdup(path)))
		return KL_ENOMEM;
	memcpy(bs->seen[bs->nseen++], id, KL_BLOB_ID_SIZE);
	return 0;
}

/* Error paths, up to an archive's '!', as map keys. */
static int error_paths(const struct kl_errors *errors, struct kl_map **out)
{
	int rc = kl_map_new(out);

	for (size_t i = 0; !rc && errors && i < errors->n; i++) {
		const char *p = errors->v[i].path, *bang = strchr(p, '!');
		size_t n = bang ? (size_t)(bang - p) : strlen(p);

		if (n && kl_map_put(*out, p, n, 1, NULL) < 0)
			rc = KL_ENOMEM;
	}
	return rc;
}

int kl_blobstate_found(struct kl_blobstate *bs, const struct kl_findings *fs,
                       const struct kl_errors *errors)
{
	size_t old = bs->afound;
	struct kl_map *bad = NULL;
	int rc;

	if (KL_ALLOC_GROW(bs->found, bs->nseen, bs->afound))
		return KL_ENOMEM;
	memset(bs->found + old, 0, (bs->afound - old) * sizeof(*bs->found));
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].blob < bs->nseen)
			bs->found[fs->v[i].blob] = true;
	if (!(rc = error_paths(errors, &bad)) && kl_map_count(bad))
		for (size_t b = 0; b < bs->nseen; b++)
			if (kl_map_get(bad, bs->paths[b], strlen(bs->paths[b]),
			               NULL))
				bs->found[b] = true;
	kl_map_free(bad);
	return rc;
}

void kl_blobstate_release(struct kl_blobstate *bs)
{
	for (size_t i = 0; i < bs->nseen; i++)
		free(bs->paths[i]);
	free(bs->paths);
	free(bs->seen);
	free(bs->found);
	bs->seen = NULL;
	bs->paths = NULL;
	bs->found = NULL;
	bs->nseen = bs->aseen = bs->apaths = bs->afound = 0;
	bs->skipped = 0;
}
