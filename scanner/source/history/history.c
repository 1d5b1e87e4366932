/*
 * history: the source's operations.  produce() reads the commit graph
 * (graph.c), walks each commit's trees for first sightings (treediff.c),
 * handing every new blob to the workers, and notes HEAD's blobs; load()
 * reads one blob through the thread's own repository handle, as libgit2
 * asks, and hands it on as a chunk without a path: its findings get their
 * paths and commits from the ledger.
 */
#include "history.h"

#include <git2.h>
#include <libdeflate.h>
#include <stdio.h>
#include <string.h>

#include "history_int.h"
#include "prefilter.h"
#include "repo.h"

static int read_file(struct kl_source *src, const char *path, size_t max,
                     struct kl_buf *out, struct kl_buf *err)
{
	struct kl_history *h = (struct kl_history *)src;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc = KL_ENOTFOUND;

	(void)err;
	if (!h->has_tip || git_commit_lookup(&c, h->repo, &h->tip) < 0 ||
	    git_commit_tree(&tree, c) < 0 ||
	    git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, h->repo, git_tree_entry_id(e)) < 0 ||
	    (size_t)git_blob_rawsize(blob) > max)
		goto done;
	kl_buf_clear(out);
	rc = kl_buf_put(out, git_blob_rawcontent(blob),
	                (size_t)git_blob_rawsize(blob));
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

static int thread_new(struct kl_source *src, void **state)
{
	struct kl_history *h = (struct kl_history *)src;
	struct hthread *t = calloc(1, sizeof(*t));

	*state = t;
	if (!t)
		return KL_ENOMEM;
	/* One repository handle per thread, as libgit2 asks. */
	if (git_repository_open(&t->repo, h->repo_path) < 0 ||
	    git_repository_odb(&t->odb, t->repo) < 0)
		return KL_EREPO;
	if (!(t->inflate = libdeflate_alloc_decompressor()))
		return KL_ENOMEM;
	return 0;
}

static void thread_free(struct kl_source *src, void *state)
{
	struct hthread *t = state;

	(void)src;
	if (!t)
		return;
	kl_history__bulk_thread_free(t);
	libdeflate_free_decompressor(t->inflate);
	git_odb_free(t->odb);
	git_repository_free(t->repo);
	free(t);
}

struct head_walk {
	struct kl_history *h;
	struct kl_buf path;
	int rc;
};

static int head_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct head_walk *hw = payload;
	struct kl_history *h = hw->h;
	struct kl_head_entry *he;
	uint64_t b;
	uint32_t pid, bid;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
		return 0;
	kl_buf_clear(&hw->path);
	if ((hw->rc = kl_buf_printf(&hw->path, "%s%s", root,
	                            git_tree_entry_name(e))))
		return -1;
	if (!kl_map_get(h->blob_index, git_tree_entry_id(e)->id, GIT_OID_RAWSZ,
	                &b)) {
		/* Not in the walked history (a range scan): scan it so that
		 * presence at HEAD is still known. */
		if ((hw->rc = kl_history__intern_path(h, hw->path.ptr, &pid)) ||
		    (hw->rc = kl_history__blob_for(h, git_tree_entry_id(e), pid,
		                                   &bid)))
			return -1;
		b = bid;
	}
	if (KL_ALLOC_GROW(h->head, h->nhead + 1, h->ahead)) {
		hw->rc = KL_ENOMEM;
		return -1;
	}
	he = &h->head[h->nhead];
	he->blob = (uint32_t)b;
	if (!(he->path = strdup(hw->path.ptr))) {
		hw->rc = KL_ENOMEM;
		return -1;
	}
	h->nhead++;
	return 0;
}

/* HEAD's blobs, for present_at_head and head_paths.  An unborn HEAD holds
 * nothing; a tree that cannot be read fully is an error in the report,
 * since presence at HEAD is then not known for everything. */
int kl_history__collect_head(struct kl_history *h)
{
	struct head_walk hw = {h, KL_BUF_INIT, 0};
	git_object *obj = NULL;
	git_oid head;
	int e;

	if (git_reference_name_to_id(&head, h->repo, "HEAD") < 0)
		return 0;
	if (git_revparse_single(&obj, h->repo, "HEAD^{tree}") < 0) {
		kl_history__error(h, "", "tree of HEAD", &head);
		return 0;
	}
	e = git_tree_walk((git_tree *)obj, GIT_TREEWALK_PRE, head_cb, &hw);
	if (e < 0 && e != GIT_EUSER)
		kl_history__error(h, "", "part of the tree of HEAD",
		                  git_object_id(obj));
	git_object_free(obj);
	kl_buf_free(&hw.path);
	return hw.rc;
}

static void missing_parents(struct kl_history *h)
{
	struct kl_buf msg = KL_BUF_INIT;
	size_t n = h->missing_parents;

	if (h->shallow)
		kl_buf_printf(
		    &msg,
		    "shallow clone: history before %zu commit%s is "
		    "not here, so it was not scanned and secrets from "
		    "it are attributed to the oldest commit that has "
		    "them; `git fetch --unshallow` fetches the rest",
		    n, n == 1 ? "" : "s");
	else
		kl_buf_printf(&msg,
		              "missing objects: %zu parent commit%s not in the "
		              "repository; history before %s was not scanned "
		              "and secrets there are attributed to the oldest "
		              "commit that has them",
		              n, n == 1 ? " is" : "s are",
		              n == 1 ? "it" : "them");
	/* One entry in the report's errors either way: what was not scanned
	 * is part of the result, not only a line on a terminal. */
	if (msg.ptr)
		h->feed->error(h->feed, "", msg.ptr);
	kl_buf_free(&msg);
}

static int produce(struct kl_source *src, struct kl_feed *feed,
                   struct kl_buf *err)
{
	struct kl_history *h = (struct kl_history *)src;
	int rc;

	h->feed = feed;
	for (size_t i = 0; i < h->open_errors.n; i++)
		feed->error(feed, "", h->open_errors.v[i]);
	if ((rc = kl_map_new(&h->path_index)) ||
	    (rc = kl_map_new(&h->blob_index)) ||
	    (rc = kl_map_new(&h->seen_pairs)) || (rc = kl_history__graph(h)))
		return rc;
	feed->counts->commits = h->ncommits;
	h->defer_jobs = !h->opts->no_pack_reader;
	for (size_t i = 0; i < h->ncommits && !rc; i++) {
		rc = kl_history__walk_commit(h, h->order[i]);
		feed->progress(feed, i + 1, h->ncommits);
	}
	kl_history__trees_free(h);
	if (!rc && !h->defer_head)
		rc = kl_history__collect_head(h);
	if (!rc && h->defer_jobs)
		rc = kl_history__bulk(h);
	h->defer_jobs = false;
	if (!rc && h->missing_parents)
		missing_parents(h);
	if (!rc && h->pos.n && !h->ncommits && h->first_error) {
		kl_buf_printf(err, "no commit could be read: %s",
		              h->first_error);
		rc = KL_EIO;
	}
	return rc;
}

static void blob_error(struct kl_lane *lane, const git_oid *id,
                       const char *path, const char *fallback)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct kl_buf msg = KL_BUF_INIT;
	const git_error *e = git_error_last();

	git_oid_tostr(hex, sizeof(hex), id);
	kl_buf_printf(&msg, "blob %s cannot be read: %s", hex,
	              e && e->message ? e->message : fallback);
	lane->error(lane, path, msg.ptr ? msg.ptr : "");
	kl_buf_free(&msg);
}

void kl_history__load_blob(const struct kl_history *h, struct kl_lane *lane,
                           struct hthread *t, uint32_t blob, const git_oid *id,
                           const char *path, bool gated)
{
	git_odb_object *obj = NULL;
	git_object_t type;
	size_t size;

	if (git_odb_read_header(&size, &type, t->odb, id) < 0) {
		blob_error(lane, id, path, "missing object");
	} else if (size > lane->max_file_size) {
		lane->skip(lane, KL_SKIP_TOO_LARGE);
	} else if (git_odb_read(&obj, t->odb, id) < 0) {
		blob_error(lane, id, path, "corrupt object");
	} else if (!gated || kl_history__wanted(h, git_odb_object_data(obj),
	                                        git_odb_object_size(obj))) {
		struct kl_chunk c = {
		    git_odb_object_data(obj),
		    git_odb_object_size(obj),
		    {.rule_path = path, .blob = blob},
		};

		lane->chunk(lane, &c);
	}
	git_odb_object_free(obj);
}

static void load(struct kl_source *src, struct kl_lane *lane, void *job)
{
	const struct kl_history *h = (const struct kl_history *)src;
	struct blob_job *j = job;

	if (j->kind == JOB_PACK) {
		kl_history__bulk_load(h, lane, lane->state, job);
		return;
	}
	kl_history__load_blob(h, lane, lane->state, j->blob, &j->id, j->path,
	                      j->gated);
	free(j->path);
	free(j);
}

static size_t deleted(const struct kl_ledger *l, uint32_t commit,
                      const uint32_t **blobs)
{
	const struct kl_history *h = l->ud;
	const struct commit *cm = &h->commits[commit];

	*blobs = h->dels + cm->del_off;
	return cm->ndel;
}

static const struct kl_ledger *ledger(struct kl_source *src)
{
	struct kl_history *h = (struct kl_history *)src;

	h->ledger.apps = h->apps;
	h->ledger.napps = h->napps;
	h->ledger.paths = h->paths.v;
	h->ledger.nblobs = h->nblobs;
	h->ledger.head = h->head;
	h->ledger.nhead = h->nhead;
	h->ledger.held = h->held;
	h->ledger.nheld = h->nheld;
	h->ledger.deleted = deleted;
	h->ledger.commit_info = kl_history__commit_info;
	h->ledger.reachable = kl_history__reachable;
	h->ledger.ud = h;
	return &h->ledger;
}

static void history_free(struct kl_source *src)
{
	struct kl_history *h = (struct kl_history *)src;

	for (size_t i = 0; i < h->nrefs; i++)
		free(h->refs[i].name);
	free(h->refs);
	free(h->pos.v);
	free(h->neg.v);
	free(h->repo_path);
	kl_strv_free(&h->open_errors);
	free(h->first_error);
	free(h->commits);
	kl_map_free(h->commit_index);
	kl_map_free(h->hidden);
	free(h->all_parents.v);
	free(h->edges);
	free(h->order);
	kl_map_free(h->path_index);
	kl_strv_free(&h->paths);
	kl_map_free(h->blob_index);
	free(h->blobs);
	kl_map_free(h->seen_pairs);
	free(h->apps);
	free(h->dels);
	kl_history__trees_free(h);
	for (size_t i = 0; i < h->nhead; i++)
		free(h->head[i].path);
	free(h->head);
	kl_prefilter_free(h->wanted);
	kl_history__bulk_free(h);
	free(h->held);
	kl_map_free(h->held_index);
	git_repository_free(h->repo);
	free(h);
}

static const struct kl_source_ops history_ops = {
    .name = "history",
    .read_file = read_file,
    .thread_new = thread_new,
    .thread_free = thread_free,
    .produce = produce,
    .load = load,
    .ledger = ledger,
    .free = history_free,
};

/* With revisions: the excluded side and HEAD's tree are looked at only
 * for the secrets the walk found (recheck.c). */
static const struct kl_source_ops history_revs_ops = {
    .name = "history",
    .read_file = read_file,
    .thread_new = thread_new,
    .thread_free = thread_free,
    .produce = produce,
    .load = load,
    .recheck = kl_history__recheck,
    .ledger = ledger,
    .free = history_free,
};

int kl_history_new(struct kl_source **out, const struct kl_options *opts,
                   struct kl_buf *err)
{
	const char *path = opts->ntargets ? opts->targets[0] : ".";
	struct kl_history *h = calloc(1, sizeof(*h));
	int rc;

	*out = NULL;
	if (!h)
		return KL_ENOMEM;
	h->base.ops = &history_ops;
	h->opts = opts;
	if (kl_repo_open(&h->repo, path, err) < 0) {
		history_free(&h->base);
		return KL_EREPO;
	}
	h->shallow = git_repository_is_shallow(h->repo) == 1;
	if (!(h->repo_path = strdup(git_repository_path(h->repo))))
		rc = KL_ENOMEM;
	else
		rc = kl_history__revs(h, err);
	if (rc) {
		history_free(&h->base);
		return rc;
	}
	if (opts->nrevs) {
		h->base.ops = &history_revs_ops;
		h->defer_head = true;
	}
	*out = &h->base;
	return 0;
}
