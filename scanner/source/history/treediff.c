/*
 * treediff: trees -> (path, blob) first sightings.  A commit's new pairs
 * come from comparing its tree with all its parents' trees at once: an
 * entry equal to the same entry in any parent is old, so a merge is blamed
 * only for content that differs from every parent.  With one parent
 * (nearly every commit) the two sorted entry lists are merged in one pass,
 * which also yields what the commit deleted.
 *
 * The folders one commit's walk looked up are kept for the next commit:
 * nearly every commit's first parent was walked just before it, so the
 * parent's folders along the changed paths are the previous commit's
 * folders, and keeping one generation back turns those lookups into hits.
 * (libgit2's own object cache, once full, evicts by scanning its hash
 * table from the start on every insertion, which profiled at a third of
 * the walk.)
 */
#include <string.h>

#include "blobstate.h"
#include "history_int.h"

int kl_history__intern_path(struct kl_history *h, const char *path,
                            uint32_t *id)
{
	uint64_t v;
	int put = kl_map_put(h->path_index, path, strlen(path), h->paths.n, &v);

	if (put < 0)
		return put;
	if (put == 0) {
		*id = (uint32_t)v;
		return 0;
	}
	if (kl_strv_push(&h->paths, path))
		return KL_ENOMEM;
	*id = (uint32_t)(h->paths.n - 1);
	return 0;
}

int kl_history__submit_blob(struct kl_history *h, uint32_t b)
{
	struct blob_job *j = malloc(sizeof(*j));

	if (!j)
		return KL_ENOMEM;
	j->kind = JOB_BLOB;
	j->blob = b;
	j->gated = h->gating;
	git_oid_cpy(&j->id, &h->blobs[b].id);
	if (!(j->path = strdup(h->paths.v[h->blobs[b].path]))) {
		free(j);
		return KL_ENOMEM;
	}
	return h->feed->job(h->feed, j);
}

int kl_history__blob_for(struct kl_history *h, const git_oid *id, uint32_t path,
                         uint32_t *out)
{
	struct kl_blobstate *bs = h->opts->blobstate;
	uint64_t v;
	int put =
	    kl_map_put(h->blob_index, id->id, GIT_OID_RAWSZ, h->nblobs, &v);

	if (put < 0)
		return put;
	if (put == 0) {
		*out = (uint32_t)v;
		return 0;
	}
	if (KL_ALLOC_GROW(h->blobs, h->nblobs + 1, h->ablobs))
		return KL_ENOMEM;
	git_oid_cpy(&h->blobs[h->nblobs].id, id);
	h->blobs[h->nblobs].path = path;
	*out = (uint32_t)h->nblobs++;
	if (bs && kl_blobstate_seen(bs, id->id, h->paths.v[path]))
		return KL_ENOMEM;
	if (kl_blobstate_known(bs, id->id)) {
		bs->skipped++;
		return 0;
	}
	/* The pack reader hands the blobs out once the walk is done. */
	return h->defer_jobs ? 0 : kl_history__submit_blob(h, *out);
}

static int record_pair(struct kl_history *h, const char *path,
                       const git_oid *blob, uint32_t commit, bool new_path)
{
	unsigned char key[GIT_OID_RAWSZ + 4];
	struct kl_appearance *a;
	uint32_t pid, bid;
	int rc, put;

	if ((rc = kl_history__intern_path(h, path, &pid)))
		return rc;
	memcpy(key, blob->id, GIT_OID_RAWSZ);
	memcpy(key + GIT_OID_RAWSZ, &pid, 4);
	put = kl_map_put(h->seen_pairs, key, sizeof(key), 0, NULL);
	if (put <= 0)
		return put; /* seen before: not a first sighting */
	if (kl_config_path_allowed(h->feed->config, path)) {
		h->feed->counts->ignored++;
		return 0;
	}
	if ((rc = kl_history__blob_for(h, blob, pid, &bid)))
		return rc;
	if (KL_ALLOC_GROW(h->apps, h->napps + 1, h->aapps))
		return KL_ENOMEM;
	a = &h->apps[h->napps++];
	a->blob = bid;
	a->path = pid;
	a->commit = commit;
	a->new_path = new_path;
	return 0;
}

static int deleted_blob(struct kl_history *h, const git_oid *id,
                        uint32_t commit)
{
	uint64_t b;

	/* Only blobs already scanned can carry a secret anywhere. */
	if (!kl_map_get(h->blob_index, id->id, GIT_OID_RAWSZ, &b))
		return 0;
	if (KL_ALLOC_GROW(h->dels, h->ndels + 1, h->adels))
		return KL_ENOMEM;
	h->dels[h->ndels++] = (uint32_t)b;
	h->commits[commit].ndel++;
	return 0;
}

struct del_walk {
	struct kl_history *h;
	uint32_t commit;
	int rc;
};

static int deleted_tree_cb(const char *root, const git_tree_entry *e,
                           void *payload)
{
	struct del_walk *d = payload;

	(void)root;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    (d->rc = deleted_blob(d->h, git_tree_entry_id(e), d->commit)))
		return -1;
	return 0;
}

/* Remember the blobs under a deleted entry (a file or a whole folder). */
static int record_deletion(struct kl_history *h, const git_tree_entry *e,
                           const char *prefix, uint32_t commit)
{
	struct del_walk d = {h, commit, 0};
	git_tree *t = NULL;
	int rc;

	if (h->commits[commit].ndel == 0)
		h->commits[commit].del_off = (uint32_t)h->ndels;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		return deleted_blob(h, git_tree_entry_id(e), commit);
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	if (git_tree_lookup(&t, h->repo, git_tree_entry_id(e)) < 0) {
		kl_history__error(h, prefix, "deleted tree",
		                  git_tree_entry_id(e));
		return 0;
	}
	rc = git_tree_walk(t, GIT_TREEWALK_PRE, deleted_tree_cb, &d);
	git_tree_free(t);
	if (rc == GIT_EUSER)
		return d.rc;
	if (rc < 0)
		kl_history__error(h, prefix, "deleted tree",
		                  git_tree_entry_id(e));
	return 0;
}

/* ---- the tree cache ----------------------------------------------------- */

/* The slot holding id, or the empty slot where it would go. */
static struct tree_slot *gen_probe(const struct tree_gen *g, const git_oid *id)
{
	size_t mask = g->cap - 1, i;
	uint64_t hv;

	memcpy(&hv, id->id, sizeof(hv)); /* object ids are uniformly spread */
	for (i = (size_t)hv & mask; g->slot[i].tree; i = (i + 1) & mask)
		if (git_oid_equal(&g->slot[i].id, id))
			break;
	return &g->slot[i];
}

static struct tree_slot *gen_find(const struct tree_gen *g, const git_oid *id)
{
	struct tree_slot *s = g->cap ? gen_probe(g, id) : NULL;

	return s && s->tree ? s : NULL;
}

/* Add id (not yet present) with its tree. */
static int gen_put(struct tree_gen *g, const git_oid *id, git_tree *tree)
{
	struct tree_slot *s;

	if (2 * (g->n + 1) > g->cap) {
		struct tree_gen big = {NULL, 0, g->cap ? 2 * g->cap : 64};

		if (!(big.slot = calloc(big.cap, sizeof(*big.slot))))
			return KL_ENOMEM;
		for (size_t i = 0; i < g->cap; i++)
			if (g->slot[i].tree)
				*gen_probe(&big, &g->slot[i].id) = g->slot[i];
		big.n = g->n;
		free(g->slot);
		*g = big;
	}
	s = gen_probe(g, id);
	git_oid_cpy(&s->id, id);
	s->tree = tree;
	g->n++;
	return 0;
}

/* Empty a generation, dropping its references. */
static void gen_clear(struct tree_gen *g)
{
	for (size_t i = 0; i < g->cap; i++)
		git_tree_free(g->slot[i].tree);
	if (g->cap)
		memset(g->slot, 0, g->cap * sizeof(*g->slot));
	g->n = 0;
}

/* A commit's walk is done: its folders become the previous generation. */
static void gen_next(struct kl_history *h)
{
	struct tree_gen t = h->trees[1];

	gen_clear(&t);
	h->trees[1] = h->trees[0];
	h->trees[0] = t;
}

void kl_history__trees_free(struct kl_history *h)
{
	for (size_t g = 0; g < 2; g++) {
		gen_clear(&h->trees[g]);
		free(h->trees[g].slot);
		memset(&h->trees[g], 0, sizeof(h->trees[g]));
	}
}

/* The tree `id`, borrowed: valid until the walk moves past the next
 * commit.  NULL when it cannot be read (libgit2's error is set). */
static git_tree *tree_get(struct kl_history *h, const git_oid *id)
{
	struct tree_slot *s = gen_find(&h->trees[0], id);
	git_tree *t;

	if (s)
		return s->tree;
	/* A hit one commit back takes another reference to the same tree. */
	if ((s = gen_find(&h->trees[1], id))
	        ? git_tree_dup(&t, s->tree) < 0
	        : git_tree_lookup(&t, h->repo, id) < 0)
		return NULL;
	if (gen_put(&h->trees[0], id, t)) {
		git_tree_free(t);
		return NULL;
	}
	return t;
}

/* ---- comparing trees ---------------------------------------------------- */

static int compare_tree(struct kl_history *h, git_tree *tree,
                        git_tree **parents, size_t np, struct kl_buf *prefix,
                        uint32_t commit);

/* A changed folder: compared with the parents' same-named folders. */
static int changed_folder(struct kl_history *h, const git_tree_entry *e,
                          const git_tree_entry *const *pe, size_t np,
                          struct kl_buf *prefix, uint32_t commit)
{
	git_tree *t, **sub = np ? calloc(np, sizeof(*sub)) : NULL;
	int rc = 0;

	if (np && !sub)
		return KL_ENOMEM;
	for (size_t p = 0; pe && p < np; p++)
		if (pe[p] && git_tree_entry_type(pe[p]) == GIT_OBJECT_TREE)
			sub[p] = tree_get(h, git_tree_entry_id(pe[p]));
	if (!(t = tree_get(h, git_tree_entry_id(e))))
		kl_history__error(h, prefix->ptr, "tree", git_tree_entry_id(e));
	else
		rc = compare_tree(h, t, sub, np, prefix, commit);
	free(sub);
	return rc;
}

/* Entry e of a commit's tree differs from every parent: a file is a new
 * (path, blob) pair, a folder is compared with the parents' same-named
 * folders (pe[p], or NULL). */
static int changed_entry(struct kl_history *h, const git_tree_entry *e,
                         const git_tree_entry *const *pe, size_t np,
                         struct kl_buf *prefix, uint32_t commit, bool existed)
{
	git_filemode_t mode = git_tree_entry_filemode(e);
	size_t plen = prefix->len;
	int rc;

	if (mode == GIT_FILEMODE_COMMIT || mode == GIT_FILEMODE_LINK)
		return 0; /* submodules and symlinks carry no text */
	if ((plen && (rc = kl_buf_putc(prefix, '/'))) ||
	    (rc = kl_buf_puts(prefix, git_tree_entry_name(e))))
		return rc;
	if (mode == GIT_FILEMODE_TREE)
		rc = changed_folder(h, e, pe, np, prefix, commit);
	else
		rc = record_pair(h, prefix->ptr, git_tree_entry_id(e), commit,
		                 !existed);
	kl_buf_truncate(prefix, plen);
	return rc;
}

/* One parent: merge the two sorted entry lists. */
static int compare_one(struct kl_history *h, git_tree *tree, git_tree *pt,
                       struct kl_buf *prefix, uint32_t commit)
{
	size_t n = git_tree_entrycount(tree), m = git_tree_entrycount(pt);
	size_t i = 0, j = 0;
	int rc = 0;

	while ((i < n || j < m) && !rc) {
		const git_tree_entry *e =
		    i < n ? git_tree_entry_byindex(tree, i) : NULL;
		const git_tree_entry *pe =
		    j < m ? git_tree_entry_byindex(pt, j) : NULL;
		int c = !e ? 1 : !pe ? -1 : git_tree_entry_cmp(e, pe);

		if (c < 0) {
			rc =
			    changed_entry(h, e, NULL, 1, prefix, commit, false);
			i++;
		} else if (c > 0) {
			rc = record_deletion(
			    h, pe, prefix->ptr ? prefix->ptr : "", commit);
			j++;
		} else {
			if (!git_oid_equal(git_tree_entry_id(e),
			                   git_tree_entry_id(pe)))
				rc = changed_entry(h, e, &pe, 1, prefix, commit,
				                   true);
			i++;
			j++;
		}
	}
	return rc;
}

/* Entries of `tree` that differ from the same entry in every parent tree
 * are new; folders recurse with the parents' matching subtrees. */
static int compare_tree(struct kl_history *h, git_tree *tree,
                        git_tree **parents, size_t np, struct kl_buf *prefix,
                        uint32_t commit)
{
	size_t n = git_tree_entrycount(tree);
	const git_tree_entry **pe = NULL;
	int rc = 0;

	if (np == 1 && parents[0])
		return compare_one(h, tree, parents[0], prefix, commit);
	if (np && !(pe = calloc(np, sizeof(*pe))))
		return KL_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		bool same = false, existed = false;

		for (size_t p = 0; p < np; p++) {
			pe[p] = parents[p]
			            ? git_tree_entry_byname(parents[p], name)
			            : NULL;
			existed |= pe[p] != NULL;
			if (pe[p] && git_oid_equal(git_tree_entry_id(pe[p]),
			                           git_tree_entry_id(e)))
				same = true;
		}
		if (!same)
			rc = changed_entry(h, e, np ? pe : NULL, np, prefix,
			                   commit, existed);
	}
	free(pe);
	return rc;
}

int kl_history__walk_commit(struct kl_history *h, uint32_t c)
{
	const struct commit *cm = &h->commits[c];
	struct kl_buf prefix = KL_BUF_INIT;
	git_tree *tree, **parents = NULL;
	size_t np = cm->nall;
	int rc;

	if (!(tree = tree_get(h, &cm->tree))) {
		kl_history__error(h, "", "tree of commit", &cm->id);
		return 0;
	}
	if (np && !(parents = calloc(np, sizeof(*parents))))
		return KL_ENOMEM;
	for (size_t p = 0; p < np; p++) {
		const git_oid *pid = &h->all_parents.v[cm->all_off + p];
		git_commit *pc = NULL;
		uint64_t j;

		/* Walked parents know their tree; hidden ones are looked up. */
		if (kl_map_get(h->commit_index, pid->id, GIT_OID_RAWSZ, &j)) {
			parents[p] = tree_get(h, &h->commits[j].tree);
			continue;
		}
		if (git_commit_lookup(&pc, h->repo, pid) == 0)
			parents[p] = tree_get(h, git_commit_tree_id(pc));
		git_commit_free(pc);
	}
	rc = compare_tree(h, tree, parents, np, &prefix, c);
	free(parents);
	kl_buf_free(&prefix);
	gen_next(h);
	return rc;
}
