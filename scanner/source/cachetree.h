/*
 * cachetree: the index's cache-tree (its TREE extension), which records for
 * each folder the id of the tree its staged entries make, as long as none
 * of them changed since git last wrote a tree.  `git commit` trusts it to
 * skip unchanged folders; `keylint staged` trusts it the same way, so that
 * a ten-file change in a large repository is compared without reading
 * every tree of HEAD.  libgit2 parses the extension but does not expose
 * it, so the index file is read here; anything unexpected (another index
 * version, a split index, a truncated or malformed extension) makes the
 * parse fail and the caller compare everything instead.
 */
#ifndef KL_CACHETREE_H
#define KL_CACHETREE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kl_ct_node {
	const char *name; /* NUL-terminated; "" for the root */
	int32_t entries;  /* index entries it covers; -1: invalidated */
	uint32_t nsub;    /* child folders */
	uint32_t child;   /* first child's index, 0 for none */
	uint32_t next;    /* next sibling's index, 0 for none */
	git_oid id;       /* the tree, when entries >= 0 */
};

struct kl_cache_tree {
	struct kl_ct_node *nodes; /* nodes[0] is the root */
	size_t n;
	char *names; /* storage for the names */
};

/* Parse a whole index file (data, len).  Returns 0, KL_ENOTFOUND when the
 * index has no cache-tree, KL_EINVAL when the file is not an index this
 * parser understands, or KL_ENOMEM.  The trailing checksum is not verified
 * (libgit2 did when it loaded the index); it is copied to checksum so the
 * caller can check that both read the same file. */
int kl_cache_tree_parse(struct kl_cache_tree *ct, const unsigned char *data,
                        size_t len, unsigned char checksum[20]);

void kl_cache_tree_free(struct kl_cache_tree *ct);

#endif
