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
                      const unsigned char id[KL_BLOB_ID_SIZE])
{
	if (KL_ALLOC_GROW(bs->seen, bs->nseen + 1, bs->aseen))
		return KL_ENOMEM;
	memcpy(bs->seen[bs->nseen++], id, KL_BLOB_ID_SIZE);
	return 0;
}

int kl_blobstate_found(struct kl_blobstate *bs, const struct kl_findings *fs)
{
	size_t old = bs->afound;

	if (KL_ALLOC_GROW(bs->found, bs->nseen, bs->afound))
		return KL_ENOMEM;
	memset(bs->found + old, 0, (bs->afound - old) * sizeof(*bs->found));
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].blob < bs->nseen)
			bs->found[fs->v[i].blob] = true;
	return 0;
}

void kl_blobstate_release(struct kl_blobstate *bs)
{
	free(bs->seen);
	free(bs->found);
	bs->seen = NULL;
	bs->found = NULL;
	bs->nseen = bs->aseen = bs->afound = 0;
	bs->skipped = 0;
}
