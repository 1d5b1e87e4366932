/*
 * ledger: what a source whose chunks are blobs (git history) tells the
 * findings stage about where each blob appeared, so that findings made
 * once per blob can be given a path and the commit that introduced them.
 * The source owns everything here; it stays valid until the source is
 * freed.
 */
#ifndef KL_LEDGER_H
#define KL_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "strv.h"

/* A (blob, path) pair first seen in a commit. */
struct kl_appearance {
	uint32_t blob, path, commit;
	bool new_path; /* the path did not exist in the commit's parent */
};

/* A blob of HEAD's tree, at one of its paths. */
struct kl_head_entry {
	uint32_t blob;
	char *path;
};

struct kl_ledger {
	const struct kl_appearance *apps; /* in walk order, oldest first */
	size_t napps;
	char *const *paths; /* by path number */
	size_t nblobs;
	const struct kl_head_entry *head;
	size_t nhead;
	/* The blobs the excluded side of a range holds (the trees of the
	 * commits the range stops at, at any path): a secret one of them
	 * holds under the same rule was not introduced by the range. */
	const uint32_t *held;
	size_t nheld;
	/* The blobs commit `commit` removed from some path (with an added
	 * path in the same commit, this is how a rename shows). */
	size_t (*deleted)(const struct kl_ledger *l, uint32_t commit,
	                  const uint32_t **blobs);
	/* Author, date and summary of a commit. */
	int (*commit_info)(const struct kl_ledger *l, uint32_t commit,
	                   struct kl_commit_info *out);
	/* The refs whose history holds the commit, sorted, appended. */
	int (*reachable)(const struct kl_ledger *l, uint32_t commit,
	                 struct kl_strv *refs);
	void *ud;
};

#endif
