/*
 * recheck: the second round of a history scan with revisions, run only
 * when the walk found something.  The trees the range stops at (the
 * negative tips and the excluded parents of walked commits) are read,
 * and their blobs become the ledger's held list: a secret one of them
 * already holds was not introduced by the range.  HEAD's tree is read
 * here too, for present_at_head.  Blobs the walk did not scan are read
 * and matched only if they hold one of the wanted secrets' bytes, so a
 * range costs what its own commits cost plus one look per such blob.
 */
#include <string.h>

#include "history_int.h"
#include "prefilter.h"

static int hold(struct kl_history *h, uint32_t b)
{
	int put = kl_map_put(h->held_index, &b, sizeof(b), 0, NULL);

	if (put <= 0)
		return put;
	if (KL_ALLOC_GROW(h->held, h->nheld + 1, h->aheld))
		return KL_ENOMEM;
	h->held[h->nheld++] = b;
	return 0;
}

struct held_walk {
	struct kl_history *h;
	struct kl_map *trees; /* folders already walked, by id */
	struct kl_buf path;
	int rc;
};

static int held_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct held_walk *w = payload;
	struct kl_history *h = w->h;
	git_filemode_t mode = git_tree_entry_filemode(e);
	const git_oid *id = git_tree_entry_id(e);
	uint32_t pid, bid;
	int put;

	if (mode == GIT_FILEMODE_TREE) {
		/* A folder met in an earlier tree holds the same blobs. */
		put = kl_map_put(w->trees, id->id, GIT_OID_RAWSZ, 0, NULL);
		if (put < 0) {
			w->rc = put;
			return -1;
		}
		return put ? 0 : 1;
	}
	if (mode == GIT_FILEMODE_COMMIT || mode == GIT_FILEMODE_LINK ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	kl_buf_clear(&w->path);
	if ((w->rc =
	         kl_buf_printf(&w->path, "%s%s", root, git_tree_entry_name(e))))
		return -1;
	/* What the config allows to hold secrets does not count. */
	if (kl_config_path_allowed(h->feed->config, w->path.ptr))
		return 0;
	if ((w->rc = kl_history__intern_path(h, w->path.ptr, &pid)) ||
	    (w->rc = kl_history__blob_for(h, id, pid, &bid)) ||
	    (w->rc = hold(h, bid)))
		return -1;
	return 0;
}

/* The trees the range stops at: negative tips, and the parents of walked
 * commits that the walk excluded. */
static int boundary_trees(struct kl_history *h, struct oids *out)
{
	struct kl_map *seen = NULL;
	int rc = kl_map_new(&seen);

	for (size_t i = 0; !rc && i < h->neg.n + h->all_parents.n; i++) {
		const git_oid *c = i < h->neg.n
		                       ? &h->neg.v[i]
		                       : &h->all_parents.v[i - h->neg.n];
		git_commit *commit = NULL;
		int put;

		if (i >= h->neg.n &&
		    kl_map_get(h->commit_index, c->id, GIT_OID_RAWSZ, NULL))
			continue; /* walked */
		if ((put = kl_map_put(seen, c->id, GIT_OID_RAWSZ, 0, NULL)) <=
		    0) {
			rc = put;
			continue;
		}
		if (git_commit_lookup(&commit, h->repo, c) < 0) {
			kl_history__error(h, "", "excluded commit", c);
			continue;
		}
		if (KL_ALLOC_GROW(out->v, out->n + 1, out->alloc))
			rc = KL_ENOMEM;
		else
			git_oid_cpy(&out->v[out->n++],
			            git_commit_tree_id(commit));
		git_commit_free(commit);
	}
	kl_map_free(seen);
	return rc;
}

static int collect_held(struct kl_history *h)
{
	struct held_walk w = {h, NULL, KL_BUF_INIT, 0};
	struct oids trees = {NULL, 0, 0};
	int rc;

	if ((rc = kl_map_new(&w.trees)) || (rc = boundary_trees(h, &trees)))
		goto done;
	for (size_t i = 0; i < trees.n && !rc; i++) {
		git_tree *t = NULL;
		int e;

		if (kl_map_put(w.trees, trees.v[i].id, GIT_OID_RAWSZ, 0,
		               NULL) == 0)
			continue;
		if (git_tree_lookup(&t, h->repo, &trees.v[i]) < 0) {
			kl_history__error(h, "", "excluded tree", &trees.v[i]);
			continue;
		}
		e = git_tree_walk(t, GIT_TREEWALK_PRE, held_cb, &w);
		if (e == GIT_EUSER)
			rc = w.rc;
		else if (e < 0)
			kl_history__error(h, "", "part of excluded tree",
			                  &trees.v[i]);
		git_tree_free(t);
	}
done:
	free(trees.v);
	kl_map_free(w.trees);
	kl_buf_free(&w.path);
	return rc;
}

int kl_history__recheck(struct kl_source *src, struct kl_feed *feed,
                        const struct kl_secrets *secrets, struct kl_buf *err)
{
	struct kl_history *h = (struct kl_history *)src;
	int rc;

	(void)err;
	h->feed = feed;
	h->gating = true;
	if ((rc = kl_prefilter_new(&h->wanted, secrets->v, secrets->len,
	                           secrets->n)) ||
	    (rc = kl_map_new(&h->held_index)))
		return rc;
	if (h->neg.n || h->all_parents.n)
		rc = collect_held(h);
	if (!rc && h->defer_head)
		rc = kl_history__collect_head(h);
	return rc;
}

static int found(void *ud, uint32_t pattern, size_t start)
{
	(void)ud;
	(void)pattern;
	(void)start;
	return 1;
}

bool kl_history__wanted(const struct kl_history *h, const char *data,
                        size_t len)
{
	/* The automaton ignores ASCII case: a superset, which the matcher
	 * then decides on. */
	return kl_prefilter_scan(h->wanted, data, len, found, NULL) == 1;
}
