/*
 * blobstate: what --state carries between history scans of one
 * repository at the level of blobs.  A blob is named by its id, so one
 * that an earlier run read and found nothing in (with the same rules)
 * has nothing to say this time either, whichever commits now hold it:
 * the history source does not read it again.  Blobs that had findings
 * are read again, so findings always come from content, never from a
 * file that could hold secrets.
 */
#ifndef KL_BLOBSTATE_H
#define KL_BLOBSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "findings.h"
#include "map.h"

#define KL_BLOB_ID_SIZE 20

struct kl_blobstate {
	/* In: ids (raw) of blobs known to hold no finding; may be NULL.
	 * Owned by the caller. */
	struct kl_map *clean;
	/* Out: every blob the walk numbered, by number, and which of them
	 * had findings (before ignores and baselines). */
	unsigned char (*seen)[KL_BLOB_ID_SIZE];
	char **paths; /* each seen blob's first path */
	size_t nseen, aseen, apaths;
	bool *found;
	size_t afound;
	uint64_t skipped; /* blobs not read: clean knew them */
};

#define KL_BLOBSTATE_INIT                                                      \
	{                                                                      \
		NULL, NULL, NULL, 0, 0, 0, NULL, 0, 0                          \
	}

/* Whether clean knows the blob (it is then not read). */
bool kl_blobstate_known(const struct kl_blobstate *bs,
                        const unsigned char id[KL_BLOB_ID_SIZE]);

/* Blob number bs->nseen is id, first seen at path (copied). */
int kl_blobstate_seen(struct kl_blobstate *bs,
                      const unsigned char id[KL_BLOB_ID_SIZE],
                      const char *path);

/* Mark the blobs of findings made per blob (their blob numbers), and
 * those whose reading left an error or warning (by their first path, the
 * one errors name): neither is clean, so both are read again. */
int kl_blobstate_found(struct kl_blobstate *bs, const struct kl_findings *fs,
                       const struct kl_errors *errors);

/* Release what the run added (seen, found), not clean. */
void kl_blobstate_release(struct kl_blobstate *bs);

#endif
