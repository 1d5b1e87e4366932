/*
 * history: commit graph -> (path, blob) first sightings -> unique blobs on
 * the pool -> findings per (rule, path, secret).
 *
 * The commit graph is walked here rather than with git_revwalk: libgit2
 * 1.5's revwalk stops with an error at the first missing parent, which
 * makes shallow and partial clones unscannable, while `git log` reads them.
 * Commits are ordered topologically, oldest commit time first among the
 * ready ones (Kahn's algorithm with a heap), so the first sighting of a
 * secret is the commit that introduced it.
 *
 * A commit's new pairs come from comparing its tree with all its parents'
 * trees at once: an entry equal to the same entry in any parent is old,
 * so a merge is blamed only for content that differs from every parent.
 */
#include "history.h"

#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "map.h"
#include "pool.h"
#include "repo.h"
#include "scan.h"
#include "text.h"

struct commit {
	git_oid id;
	git_oid tree;
	int64_t time;
	uint32_t parent_off, nparents;	 /* in-walk parents: edges[] */
	uint32_t child_off, nchildren;	 /* in-walk children: edges[] */
	uint32_t all_off, nall;		 /* readable parents (walked or
					    hidden), for tree comparison */
	uint32_t del_off, ndel;		 /* deletions[] of this commit */
	bool boundary;			 /* a parent could not be read */
};

struct ref {
	char *name;
	git_oid tip;
};

struct blob {
	git_oid id;
	uint32_t path; /* first path, for messages */
	bool scanned;
};

struct appearance {
	uint32_t blob, path, commit;
	bool new_path; /* the path did not exist in the parent */
};

/* A blob whose path a commit removed: with an added path in the same
 * commit, it is how a rename shows up. */
struct deletion {
	uint32_t commit, blob;
};

struct blob_result {
	uint32_t blob;
	struct kl_findings findings;
};

/* Per-thread state of a history worker. */
struct hworker {
	git_repository *repo;
	git_odb *odb;
	struct blob_result *results;
	size_t nresults, aresults;
};

struct blob_job {
	uint32_t blob;
	git_oid id;
	char *path;
};

struct kl_history {
	const struct kl_options *opts;
	git_repository *repo;
	char *repo_path; /* for per-thread handles */
	git_oid *pos, *neg;
	size_t npos, apos, nneg, aneg;
	git_oid tip;
	bool has_tip;
	struct ref *refs;
	size_t nrefs, arefs;
	bool shallow;
};

/* State of one run. */
/* The folders one commit's walk looked up, by object id.  Nearly every
 * commit's first parent was walked just before it, so the parent's folders
 * along the changed paths are the previous commit's folders: keeping one
 * generation back turns those lookups into hits.  (libgit2's own object
 * cache, once full, evicts by scanning its hash table from the start on
 * every insertion, which profiled at a third of the walk.) */
struct tree_slot {
	git_oid id;
	git_tree *tree; /* NULL: empty slot; a reference the slot owns */
};

struct tree_gen {
	struct tree_slot *slot; /* open addressing; cap is a power of two */
	size_t n, cap;
};

struct run {
	struct kl_history *h;
	struct kl_engine *eng;
	struct kl_report *rep;
	struct commit *commits;
	size_t ncommits, acommits;
	struct kl_map *commit_index; /* oid -> commit */
	struct kl_map *hidden;	     /* oids excluded by ^rev / A..B */
	git_oid *all_parents;	     /* readable parents, by all_off */
	size_t nall, aall;
	uint32_t *edges;
	size_t nedges, aedges;
	uint32_t *order;

	struct kl_map *path_index; /* path -> id */
	char **paths;
	size_t npaths, apaths;
	struct kl_map *blob_index; /* oid -> blob */
	struct blob *blobs;
	size_t nblobs, ablobs;
	struct kl_map *seen_pairs; /* oid + path id */
	struct appearance *apps;
	size_t napps, aapps;
	struct deletion *dels;
	size_t ndels, adels;
	struct kl_findings **blob_findings; /* per blob, after the scan */

	struct kl_pool *pool;
	struct kl_worker *workers;
	struct hworker *hw;
	void **ctx;
	size_t nworkers;
	struct kl_errors errors;
	size_t missing_parents;
	struct tree_gen trees[2]; /* [0] this commit's, [1] the previous */

	bool progress;
	uint64_t start_ms, last_ms;
	size_t walked;
};

/* ---- setup ------------------------------------------------------------- */

static int git_fail(struct kl_buf *err, const char *what, const char *arg)
{
	const git_error *e = git_error_last();

	kl_buf_printf(err, "%s%s%s: %s", what, arg ? " " : "", arg ? arg : "",
		      e && e->message ? e->message : "unknown error");
	return KL_EINVAL;
}

static int add_oid(git_oid **v, size_t *n, size_t *alloc, const git_oid *id)
{
	if (KL_ALLOC_GROW(*v, *n + 1, *alloc))
		return KL_ENOMEM;
	git_oid_cpy(&(*v)[(*n)++], id);
	return 0;
}

/* Resolve a revision to a commit id. */
static int resolve_commit(git_repository *repo, const char *spec, git_oid *out,
			  struct kl_buf *err)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc = 0;

	if (git_revparse_single(&obj, repo, spec) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0)
		rc = git_fail(err, "unknown revision", spec);
	else
		git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct ref *)a)->name,
		      ((const struct ref *)b)->name);
}

/* Every ref that peels to a commit, sorted by name. */
static int load_refs(struct kl_history *h)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int rc = 0;

	if (git_reference_iterator_new(&it, h->repo) < 0)
		return 0; /* no refs readable: nothing reachable */
	while (!rc) {
		git_object *obj = NULL;
		int e = git_reference_next(&ref, it);

		if (e == GIT_ITEROVER)
			break;
		if (e < 0)
			continue; /* a broken ref: skip it, read the rest */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			if (KL_ALLOC_GROW(h->refs, h->nrefs + 1, h->arefs)) {
				rc = KL_ENOMEM;
			} else {
				struct ref *r = &h->refs[h->nrefs];

				r->name = strdup(git_reference_name(ref));
				git_oid_cpy(&r->tip, git_object_id(obj));
				if (r->name)
					h->nrefs++;
				else
					rc = KL_ENOMEM;
			}
		}
		git_object_free(obj);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (h->nrefs > 1)
		qsort(h->refs, h->nrefs, sizeof(*h->refs), cmp_ref);
	return rc;
}

static int parse_revs(struct kl_history *h, struct kl_buf *err)
{
	const struct kl_options *o = h->opts;
	git_oid id;
	int rc;

	for (size_t i = 0; i < o->nrevs; i++) {
		const char *rev = o->revs[i];
		git_revspec spec;

		if (rev[0] == '^') {
			if ((rc = resolve_commit(h->repo, rev + 1, &id, err)) ||
			    (rc = add_oid(&h->neg, &h->nneg, &h->aneg, &id)))
				return rc;
			continue;
		}
		if (git_revparse(&spec, h->repo, rev) < 0)
			return git_fail(err, "unknown revision", rev);
		if (spec.flags & GIT_REVSPEC_SINGLE) {
			git_object_free(spec.from);
			if ((rc = resolve_commit(h->repo, rev, &id, err)) ||
			    (rc = add_oid(&h->pos, &h->npos, &h->apos, &id)))
				return rc;
			continue;
		}
		{
			git_object *from = NULL, *to = NULL;

			rc = 0;
			if (git_object_peel(&from, spec.from,
					    GIT_OBJECT_COMMIT) < 0 ||
			    git_object_peel(&to, spec.to, GIT_OBJECT_COMMIT) <
				    0) {
				rc = git_fail(err, "unknown revision", rev);
			} else if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
				/* A...B: both sides, minus their merge base. */
				git_oid base;

				rc = add_oid(&h->pos, &h->npos, &h->apos,
					     git_object_id(from));
				if (!rc)
					rc = add_oid(&h->pos, &h->npos,
						     &h->apos,
						     git_object_id(to));
				if (!rc && git_merge_base(&base, h->repo,
							  git_object_id(from),
							  git_object_id(to)) ==
						   0)
					rc = add_oid(&h->neg, &h->nneg,
						     &h->aneg, &base);
			} else {
				rc = add_oid(&h->neg, &h->nneg, &h->aneg,
					     git_object_id(from));
				if (!rc)
					rc = add_oid(&h->pos, &h->npos,
						     &h->apos,
						     git_object_id(to));
			}
			git_object_free(from);
			git_object_free(to);
			git_object_free(spec.from);
			git_object_free(spec.to);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int kl_history_open(struct kl_history **out, const struct kl_options *opts,
		    struct kl_buf *err)
{
	const char *path = opts->ntargets ? opts->targets[0] : ".";
	struct kl_history *h = calloc(1, sizeof(*h));
	git_oid head;
	int rc = 0, e;

	*out = NULL;
	if (!h)
		return KL_ENOMEM;
	h->opts = opts;
	e = kl_repo_open(&h->repo, path, err);
	if (e < 0) {
		kl_history_free(h);
		return KL_EREPO;
	}
	h->repo_path = strdup(git_repository_path(h->repo));
	h->shallow = git_repository_is_shallow(h->repo) == 1;
	if (!h->repo_path || (rc = load_refs(h)) || (rc = parse_revs(h, err))) {
		kl_history_free(h);
		return rc ? rc : KL_ENOMEM;
	}
	if (!opts->nrevs) {
		/* Every ref and HEAD. */
		for (size_t i = 0; i < h->nrefs; i++)
			if ((rc = add_oid(&h->pos, &h->npos, &h->apos,
					  &h->refs[i].tip))) {
				kl_history_free(h);
				return rc;
			}
		if (git_reference_name_to_id(&head, h->repo, "HEAD") == 0 &&
		    (rc = add_oid(&h->pos, &h->npos, &h->apos, &head))) {
			kl_history_free(h);
			return rc;
		}
	}
	/* The tip whose tree holds the config: HEAD when walking everything,
	 * else the first positive revision. */
	if (!opts->nrevs) {
		h->has_tip = git_reference_name_to_id(&h->tip, h->repo,
						      "HEAD") == 0;
	} else if (h->npos) {
		git_oid_cpy(&h->tip, &h->pos[0]);
		h->has_tip = true;
	}
	*out = h;
	return 0;
}

void kl_history_free(struct kl_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nrefs; i++)
		free(h->refs[i].name);
	free(h->refs);
	free(h->pos);
	free(h->neg);
	free(h->repo_path);
	git_repository_free(h->repo);
	free(h);
}

static int read_tree_file(git_repository *repo, const git_oid *commit_id,
			  const char *path, size_t max, struct kl_buf *out)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc = KL_ENOTFOUND;

	if (git_commit_lookup(&c, repo, commit_id) < 0 ||
	    git_commit_tree(&tree, c) < 0 ||
	    git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0)
		goto done;
	if ((size_t)git_blob_rawsize(blob) > max)
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

int kl_history_setup_file(struct kl_history *h, const char *path,
			  struct kl_buf *out)
{
	if (!h->has_tip)
		return KL_ENOTFOUND;
	return read_tree_file(h->repo, &h->tip, path, 16u << 20, out);
}

int kl_history_read_file(void *ud, const char *relpath, struct kl_buf *out)
{
	return kl_history_setup_file(ud, relpath, out);
}

/* ---- commit graph -------------------------------------------------------- */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* An error entry "WHAT ID cannot be read: REASON". */
static void add_error(struct run *r, const char *path, const char *what,
		      const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct kl_buf msg = KL_BUF_INIT;
	const git_error *e = git_error_last();

	git_oid_tostr(hex, sizeof(hex), id);
	kl_buf_printf(&msg, "%s %s cannot be read", what, hex);
	if (e && e->message)
		kl_buf_printf(&msg, ": %s", e->message);
	if (msg.ptr)
		kl_errors_add(&r->errors, path, msg.ptr);
	kl_buf_free(&msg);
}

/* Mark everything reachable from the negative revisions as hidden. */
static int mark_hidden(struct run *r)
{
	git_repository *repo = r->h->repo;
	git_oid *queue = NULL;
	size_t n = 0, alloc = 0, head = 0;
	int rc = 0;

	for (size_t i = 0; i < r->h->nneg && !rc; i++)
		if (kl_map_put(r->hidden, r->h->neg[i].id, GIT_OID_RAWSZ, 0,
			       NULL) == 1)
			rc = add_oid(&queue, &n, &alloc, &r->h->neg[i]);
	while (!rc && head < n) {
		git_commit *c = NULL;
		git_oid id = queue[head++];

		if (git_commit_lookup(&c, repo, &id) < 0)
			continue;
		for (unsigned p = 0; p < git_commit_parentcount(c) && !rc; p++) {
			const git_oid *pid = git_commit_parent_id(c, p);
			int put = kl_map_put(r->hidden, pid->id, GIT_OID_RAWSZ,
					     0, NULL);

			if (put < 0)
				rc = put;
			else if (put == 1)
				rc = add_oid(&queue, &n, &alloc, pid);
		}
		git_commit_free(c);
	}
	free(queue);
	return rc;
}

static int add_edge(struct run *r, uint32_t v)
{
	if (KL_ALLOC_GROW(r->edges, r->nedges + 1, r->aedges))
		return KL_ENOMEM;
	r->edges[r->nedges++] = v;
	return 0;
}

/* Collect every commit reachable from the positive tips and not hidden. */
static int collect_commits(struct run *r)
{
	git_repository *repo = r->h->repo;
	git_oid *queue = NULL;
	size_t n = 0, alloc = 0, head = 0;
	/* Parent ids per commit, resolved to indexes once all are known. */
	git_oid *pids = NULL;
	uint32_t *poff = NULL;
	size_t npids = 0, apids = 0, apoff = 0;
	int rc = 0;

	for (size_t i = 0; i < r->h->npos && !rc; i++) {
		const git_oid *id = &r->h->pos[i];
		int put;

		if (kl_map_get(r->hidden, id->id, GIT_OID_RAWSZ, NULL))
			continue;
		put = kl_map_put(r->commit_index, id->id, GIT_OID_RAWSZ,
				 UINT64_MAX, NULL);
		if (put < 0)
			rc = put;
		else if (put == 1)
			rc = add_oid(&queue, &n, &alloc, id);
	}
	while (!rc && head < n) {
		git_oid id = queue[head++];
		git_commit *c = NULL;
		struct commit *cm;

		if (git_commit_lookup(&c, repo, &id) < 0) {
			add_error(r, "", "commit", &id);
			continue;
		}
		if (KL_ALLOC_GROW(r->commits, r->ncommits + 1, r->acommits) ||
		    KL_ALLOC_GROW(poff, r->ncommits + 2, apoff)) {
			git_commit_free(c);
			rc = KL_ENOMEM;
			break;
		}
		cm = &r->commits[r->ncommits];
		memset(cm, 0, sizeof(*cm));
		git_oid_cpy(&cm->id, &id);
		git_oid_cpy(&cm->tree, git_commit_tree_id(c));
		cm->time = git_commit_time(c);
		poff[r->ncommits] = (uint32_t)npids;
		for (unsigned p = 0; p < git_commit_parentcount(c) && !rc; p++) {
			const git_oid *pid = git_commit_parent_id(c, p);

			if (KL_ALLOC_GROW(pids, npids + 1, apids)) {
				rc = KL_ENOMEM;
				break;
			}
			git_oid_cpy(&pids[npids++], pid);
			if (kl_map_get(r->hidden, pid->id, GIT_OID_RAWSZ, NULL))
				continue;
			{
				int put = kl_map_put(r->commit_index, pid->id,
						     GIT_OID_RAWSZ, UINT64_MAX,
						     NULL);

				if (put < 0)
					rc = put;
				else if (put == 1)
					rc = add_oid(&queue, &n, &alloc, pid);
			}
		}
		git_commit_free(c);
		if (rc)
			break;
		r->ncommits++;
		poff[r->ncommits] = (uint32_t)npids;
	}
	free(queue);
	if (rc)
		goto done;
	/* Index the commits that could be read. */
	{
		struct kl_map *idx;

		if ((rc = kl_map_new(&idx)))
			goto done;
		kl_map_free(r->commit_index);
		r->commit_index = idx;
		for (size_t i = 0; i < r->ncommits && !rc; i++)
			if (kl_map_put(idx, r->commits[i].id.id, GIT_OID_RAWSZ,
				       i, NULL) < 0)
				rc = KL_ENOMEM;
	}
	/* Parent edges within the walk, and readable parents for trees. */
	for (size_t i = 0; i < r->ncommits && !rc; i++) {
		struct commit *cm = &r->commits[i];

		cm->parent_off = (uint32_t)r->nedges;
		cm->all_off = (uint32_t)r->nall;
		for (uint32_t p = poff[i]; p < poff[i + 1] && !rc; p++) {
			uint64_t j;

			if (kl_map_get(r->commit_index, pids[p].id,
				       GIT_OID_RAWSZ, &j)) {
				rc = add_edge(r, (uint32_t)j);
				cm->nparents++;
				if (!rc)
					rc = add_oid(&r->all_parents, &r->nall,
						     &r->aall, &pids[p]);
				cm->nall++;
			} else if (kl_map_get(r->hidden, pids[p].id,
					      GIT_OID_RAWSZ, NULL)) {
				rc = add_oid(&r->all_parents, &r->nall,
					     &r->aall, &pids[p]);
				cm->nall++;
			} else {
				cm->boundary = true;
				r->missing_parents++;
			}
		}
	}
	/* Children edges. */
	for (size_t i = 0; i < r->ncommits && !rc; i++)
		r->commits[i].nchildren = 0;
	for (size_t i = 0; i < r->ncommits; i++)
		for (uint32_t e = 0; e < r->commits[i].nparents; e++)
			r->commits[r->edges[r->commits[i].parent_off + e]]
				.nchildren++;
	{
		size_t off = r->nedges;

		for (size_t i = 0; i < r->ncommits && !rc; i++) {
			r->commits[i].child_off = (uint32_t)off;
			off += r->commits[i].nchildren;
			r->commits[i].nchildren = 0;
		}
		if (!rc && KL_ALLOC_GROW(r->edges, off, r->aedges))
			rc = KL_ENOMEM;
		for (size_t i = 0; i < r->ncommits && !rc; i++) {
			for (uint32_t e = 0; e < r->commits[i].nparents; e++) {
				struct commit *p =
					&r->commits[r->edges[r->commits[i]
								     .parent_off +
							     e]];

				r->edges[p->child_off + p->nchildren++] =
					(uint32_t)i;
			}
		}
		if (!rc)
			r->nedges = off;
	}
done:
	free(pids);
	free(poff);
	return rc;
}

/* Min-heap of commit indexes by (time, id). */
static bool older(const struct run *r, uint32_t a, uint32_t b)
{
	const struct commit *x = &r->commits[a], *y = &r->commits[b];

	if (x->time != y->time)
		return x->time < y->time;
	return git_oid_cmp(&x->id, &y->id) < 0;
}

static void heap_push(const struct run *r, uint32_t *heap, size_t *n,
		      uint32_t v)
{
	size_t i = (*n)++;

	heap[i] = v;
	while (i && older(r, heap[i], heap[(i - 1) / 2])) {
		uint32_t t = heap[i];

		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static uint32_t heap_pop(const struct run *r, uint32_t *heap, size_t *n)
{
	uint32_t top = heap[0];
	size_t i = 0;

	heap[0] = heap[--(*n)];
	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l < *n && older(r, heap[l], heap[m]))
			m = l;
		if (l + 1 < *n && older(r, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			break;
		{
			uint32_t t = heap[i];

			heap[i] = heap[m];
			heap[m] = t;
		}
		i = m;
	}
	return top;
}

/* Parents before children; among ready commits, the oldest first. */
static int order_commits(struct run *r)
{
	uint32_t *indeg = calloc(r->ncommits ? r->ncommits : 1, sizeof(*indeg));
	uint32_t *heap = calloc(r->ncommits ? r->ncommits : 1, sizeof(*heap));
	size_t nheap = 0, k = 0;

	r->order = calloc(r->ncommits ? r->ncommits : 1, sizeof(*r->order));
	if (!indeg || !heap || !r->order) {
		free(indeg);
		free(heap);
		return KL_ENOMEM;
	}
	for (size_t i = 0; i < r->ncommits; i++) {
		indeg[i] = r->commits[i].nparents;
		if (!indeg[i])
			heap_push(r, heap, &nheap, (uint32_t)i);
	}
	while (nheap) {
		uint32_t c = heap_pop(r, heap, &nheap);
		const struct commit *cm = &r->commits[c];

		r->order[k++] = c;
		for (uint32_t e = 0; e < cm->nchildren; e++) {
			uint32_t ch = r->edges[cm->child_off + e];

			if (--indeg[ch] == 0)
				heap_push(r, heap, &nheap, ch);
		}
	}
	free(indeg);
	free(heap);
	return 0;
}

/* ---- trees -> (path, blob) pairs ----------------------------------------- */

static int intern_path(struct run *r, const char *path, uint32_t *id)
{
	uint64_t v;
	int put;

	put = kl_map_put(r->path_index, path, strlen(path), r->npaths, &v);
	if (put < 0)
		return put;
	if (put == 0) {
		*id = (uint32_t)v;
		return 0;
	}
	if (KL_ALLOC_GROW(r->paths, r->npaths + 1, r->apaths))
		return KL_ENOMEM;
	if (!(r->paths[r->npaths] = strdup(path)))
		return KL_ENOMEM;
	*id = (uint32_t)r->npaths++;
	return 0;
}

static int submit_blob(struct run *r, uint32_t b)
{
	struct blob_job *j = malloc(sizeof(*j));

	if (!j)
		return KL_ENOMEM;
	j->blob = b;
	git_oid_cpy(&j->id, &r->blobs[b].id);
	j->path = strdup(r->paths[r->blobs[b].path]);
	if (!j->path) {
		free(j);
		return KL_ENOMEM;
	}
	r->blobs[b].scanned = true;
	return kl_pool_submit(r->pool, j);
}

/* Get or create the blob record; new blobs are queued for scanning. */
static int blob_for(struct run *r, const git_oid *id, uint32_t path,
		    uint32_t *out)
{
	uint64_t v;
	int put = kl_map_put(r->blob_index, id->id, GIT_OID_RAWSZ, r->nblobs,
			     &v);

	if (put < 0)
		return put;
	if (put == 0) {
		*out = (uint32_t)v;
		return 0;
	}
	if (KL_ALLOC_GROW(r->blobs, r->nblobs + 1, r->ablobs))
		return KL_ENOMEM;
	git_oid_cpy(&r->blobs[r->nblobs].id, id);
	r->blobs[r->nblobs].path = path;
	r->blobs[r->nblobs].scanned = false;
	*out = (uint32_t)r->nblobs++;
	return submit_blob(r, *out);
}

static int record_pair(struct run *r, const char *path, const git_oid *blob,
		       uint32_t commit, bool new_path)
{
	unsigned char key[GIT_OID_RAWSZ + 4];
	uint32_t pid, bid;
	int rc, put;

	if ((rc = intern_path(r, path, &pid)))
		return rc;
	memcpy(key, blob->id, GIT_OID_RAWSZ);
	memcpy(key + GIT_OID_RAWSZ, &pid, 4);
	put = kl_map_put(r->seen_pairs, key, sizeof(key), 0, NULL);
	if (put <= 0)
		return put; /* seen before: not a first sighting */
	if (kl_engine_path_allowed(r->eng, path)) {
		r->rep->counts.ignored++;
		return 0;
	}
	if ((rc = blob_for(r, blob, pid, &bid)))
		return rc;
	if (KL_ALLOC_GROW(r->apps, r->napps + 1, r->aapps))
		return KL_ENOMEM;
	r->apps[r->napps].blob = bid;
	r->apps[r->napps].path = pid;
	r->apps[r->napps].commit = commit;
	r->apps[r->napps].new_path = new_path;
	r->napps++;
	return 0;
}

static void progress(struct run *r, bool final);

static int deleted_blob(struct run *r, const git_oid *id, uint32_t commit)
{
	uint64_t b;

	/* Only blobs already scanned can carry a secret anywhere. */
	if (!kl_map_get(r->blob_index, id->id, GIT_OID_RAWSZ, &b))
		return 0;
	if (KL_ALLOC_GROW(r->dels, r->ndels + 1, r->adels))
		return KL_ENOMEM;
	r->dels[r->ndels].commit = commit;
	r->dels[r->ndels].blob = (uint32_t)b;
	r->ndels++;
	r->commits[commit].ndel++;
	return 0;
}

static int deleted_tree_cb(const char *root, const git_tree_entry *e,
			   void *payload)
{
	struct run *r = ((void **)payload)[0];
	uint32_t commit = *(uint32_t *)((void **)payload)[1];

	(void)root;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    deleted_blob(r, git_tree_entry_id(e), commit))
		return -1;
	return 0;
}

/* Remember the blobs under a deleted entry (a file or a whole folder). */
static int record_deletion(struct run *r, const git_tree_entry *e,
			   uint32_t commit)
{
	git_tree *t = NULL;
	void *payload[2] = {r, &commit};
	int rc;

	if (r->commits[commit].ndel == 0)
		r->commits[commit].del_off = (uint32_t)r->ndels;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		return deleted_blob(r, git_tree_entry_id(e), commit);
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&t, r->h->repo, git_tree_entry_id(e)) < 0)
		return 0;
	rc = git_tree_walk(t, GIT_TREEWALK_PRE, deleted_tree_cb, payload);
	git_tree_free(t);
	/* The callback stops the walk only when out of memory. */
	return rc == GIT_EUSER ? KL_ENOMEM : 0;
}

static int compare_tree(struct run *r, git_tree *tree, git_tree **parents,
			size_t np, struct kl_buf *prefix, uint32_t commit);

/* The slot holding id, or the empty slot where it would go. */
static struct tree_slot *gen_probe(const struct tree_gen *g, const git_oid *id)
{
	size_t mask = g->cap - 1, i;
	uint64_t h;

	memcpy(&h, id->id, sizeof(h)); /* object ids are uniformly spread */
	for (i = (size_t)h & mask; g->slot[i].tree; i = (i + 1) & mask)
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
static void gen_next(struct run *r)
{
	struct tree_gen t = r->trees[1];

	gen_clear(&t);
	r->trees[1] = r->trees[0];
	r->trees[0] = t;
}

/* The tree `id`, borrowed: valid until the walk moves past the next
 * commit.  NULL when it cannot be read (libgit2's error is set). */
static git_tree *tree_get(struct run *r, const git_oid *id)
{
	struct tree_slot *s = gen_find(&r->trees[0], id);
	git_tree *t;

	if (s)
		return s->tree;
	/* A hit one commit back takes another reference to the same tree. */
	if ((s = gen_find(&r->trees[1], id)) ? git_tree_dup(&t, s->tree) < 0
					     : git_tree_lookup(&t, r->h->repo,
							       id) < 0)
		return NULL;
	if (gen_put(&r->trees[0], id, t)) {
		git_tree_free(t);
		return NULL;
	}
	return t;
}

/* Entry e of a commit's tree differs from every parent: a file is a new
 * (path, blob) pair, a folder is compared with the parents' same-named
 * folders (pe[p], or NULL). */
static int changed_entry(struct run *r, const git_tree_entry *e,
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
	if (mode == GIT_FILEMODE_TREE) {
		git_tree *t, **sub = np ? calloc(np, sizeof(*sub)) : NULL;

		if (np && !sub)
			return KL_ENOMEM;
		for (size_t p = 0; pe && p < np; p++)
			if (pe[p] && git_tree_entry_type(pe[p]) == GIT_OBJECT_TREE)
				sub[p] = tree_get(r, git_tree_entry_id(pe[p]));
		if (!(t = tree_get(r, git_tree_entry_id(e)))) {
			add_error(r, prefix->ptr, "tree", git_tree_entry_id(e));
			rc = 0;
		} else {
			rc = compare_tree(r, t, sub, np, prefix, commit);
		}
		free(sub);
	} else {
		rc = record_pair(r, prefix->ptr, git_tree_entry_id(e), commit,
				 !existed);
	}
	kl_buf_truncate(prefix, plen);
	return rc;
}

/* Entries of `tree` that differ from the same entry in every parent tree
 * are new; folders recurse with the parents' matching subtrees.  With one
 * parent (nearly every commit) the two sorted entry lists are merged in
 * one pass, which also yields what the commit deleted. */
static int compare_tree(struct run *r, git_tree *tree, git_tree **parents,
			size_t np, struct kl_buf *prefix, uint32_t commit)
{
	size_t n = git_tree_entrycount(tree);
	int rc = 0;

	if (np == 1 && parents[0]) {
		git_tree *pt = parents[0];
		size_t m = git_tree_entrycount(pt), i = 0, j = 0;

		while ((i < n || j < m) && !rc) {
			const git_tree_entry *e =
				i < n ? git_tree_entry_byindex(tree, i) : NULL;
			const git_tree_entry *pe =
				j < m ? git_tree_entry_byindex(pt, j) : NULL;
			int c = !e ? 1 : !pe ? -1 : git_tree_entry_cmp(e, pe);

			if (c < 0) {
				rc = changed_entry(r, e, NULL, 1, prefix,
						   commit, false);
				i++;
			} else if (c > 0) {
				rc = record_deletion(r, pe, commit);
				j++;
			} else {
				if (!git_oid_equal(git_tree_entry_id(e),
						   git_tree_entry_id(pe)))
					rc = changed_entry(r, e, &pe, 1, prefix,
							   commit, true);
				i++;
				j++;
			}
		}
		return rc;
	}
	const git_tree_entry **pe = np ? calloc(np, sizeof(*pe)) : NULL;

	if (np && !pe)
		return KL_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		bool same = false, existed = false;

		for (size_t p = 0; p < np; p++) {
			pe[p] = parents[p] ? git_tree_entry_byname(parents[p],
								   name)
					   : NULL;
			existed |= pe[p] != NULL;
			if (pe[p] && git_oid_equal(git_tree_entry_id(pe[p]),
						   git_tree_entry_id(e)))
				same = true;
		}
		if (!same)
			rc = changed_entry(r, e, pe, np, prefix, commit,
					   existed);
	}
	free(pe);
	return rc;
}

static int walk_commit(struct run *r, uint32_t c)
{
	const struct commit *cm = &r->commits[c];
	struct kl_buf prefix = KL_BUF_INIT;
	git_tree *tree, **parents = NULL;
	size_t np = cm->nall;
	int rc = 0;

	if (!(tree = tree_get(r, &cm->tree))) {
		add_error(r, "", "tree of commit", &cm->id);
		return 0;
	}
	if (np && !(parents = calloc(np, sizeof(*parents))))
		return KL_ENOMEM;
	for (size_t p = 0; p < np; p++) {
		const git_oid *pid = &r->all_parents[cm->all_off + p];
		git_commit *pc = NULL;
		uint64_t j;

		/* Walked parents know their tree; hidden ones are looked up. */
		if (kl_map_get(r->commit_index, pid->id, GIT_OID_RAWSZ, &j)) {
			parents[p] = tree_get(r, &r->commits[j].tree);
			continue;
		}
		if (git_commit_lookup(&pc, r->h->repo, pid) == 0)
			parents[p] = tree_get(r, git_commit_tree_id(pc));
		git_commit_free(pc);
	}
	rc = compare_tree(r, tree, parents, np, &prefix, c);
	free(parents);
	kl_buf_free(&prefix);
	gen_next(r);
	return rc;
}

/* ---- blob scanning -------------------------------------------------------- */

static void scan_blob(void *worker, void *job)
{
	struct kl_worker *w = worker;
	struct hworker *hw = w->source;
	struct blob_job *j = job;
	struct kl_findings found = KL_FINDINGS_INIT;
	git_odb_object *obj = NULL;
	git_object_t type;
	size_t size;
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &j->id);
	if (git_odb_read_header(&size, &type, hw->odb, &j->id) < 0) {
		struct kl_buf msg = KL_BUF_INIT;
		const git_error *e = git_error_last();

		kl_buf_printf(&msg, "blob %s cannot be read: %s", hex,
			      e && e->message ? e->message : "missing object");
		kl_errors_add(&w->errors, j->path, msg.ptr ? msg.ptr : "");
		kl_buf_free(&msg);
		goto done;
	}
	if (size > w->eng->max_file_size) {
		w->counts.too_large++;
		goto done;
	}
	if (git_odb_read(&obj, hw->odb, &j->id) < 0) {
		struct kl_buf msg = KL_BUF_INIT;
		const git_error *e = git_error_last();

		kl_buf_printf(&msg, "blob %s cannot be read: %s", hex,
			      e && e->message ? e->message : "corrupt object");
		kl_errors_add(&w->errors, j->path, msg.ptr ? msg.ptr : "");
		kl_buf_free(&msg);
		goto done;
	}
	{
		const char *data = git_odb_object_data(obj);
		size_t len = git_odb_object_size(obj);

		if (kl_text_is_binary(data, len)) {
			w->counts.binary++;
			goto done;
		}
		w->counts.blobs++;
		w->counts.bytes += len;
		atomic_fetch_add(&w->eng->live_files, 1);
		atomic_fetch_add(&w->eng->live_bytes, len);
		if (kl_engine_scan_blob(w, data, len, j->path, &found)) {
			kl_errors_add(&w->errors, j->path,
				      "out of memory while scanning");
			goto done;
		}
	}
	if (found.n) {
		if (KL_ALLOC_GROW(hw->results, hw->nresults + 1,
				  hw->aresults)) {
			kl_errors_add(&w->errors, j->path, "out of memory");
			goto done;
		}
		hw->results[hw->nresults].blob = j->blob;
		hw->results[hw->nresults].findings = found;
		hw->nresults++;
		found.v = NULL;
		found.n = found.alloc = 0;
	}
done:
	kl_findings_free(&found);
	git_odb_object_free(obj);
	free(j->path);
	free(j);
}

static void progress(struct run *r, bool final)
{
	uint64_t t = now_ms(), bytes, blobs;
	double secs, rate, eta = 0;

	if (!r->progress || (!final && t - r->last_ms < 250))
		return;
	r->last_ms = t;
	secs = (double)(t - r->start_ms) / 1000.0;
	bytes = atomic_load(&r->eng->live_bytes);
	blobs = atomic_load(&r->eng->live_files);
	rate = secs > 0 ? (double)bytes / 1048576.0 / secs : 0;
	if (r->walked && r->walked < r->ncommits)
		eta = secs * (double)(r->ncommits - r->walked) /
		      (double)r->walked;
	fprintf(stderr,
		"\r\033[Kcommits %zu/%zu, blobs %llu, %.1f MiB, %.1f MiB/s, "
		"%llu findings, ETA %.0fs%s",
		r->walked, r->ncommits, (unsigned long long)blobs,
		(double)bytes / 1048576.0, rate,
		(unsigned long long)atomic_load(&r->eng->live_findings), eta,
		final ? "\n" : "");
}

/* ---- attribution ------------------------------------------------------- */

static int commit_info(struct run *r, uint32_t c, struct kl_commit_info *ci)
{
	git_commit *commit = NULL;
	const git_signature *a;
	struct tm tm;
	time_t t;

	memset(ci, 0, sizeof(*ci));
	git_oid_tostr(ci->id, sizeof(ci->id), &r->commits[c].id);
	if (git_commit_lookup(&commit, r->h->repo, &r->commits[c].id) < 0)
		return 0;
	a = git_commit_author(commit);
	t = a ? (time_t)a->when.time : (time_t)r->commits[c].time;
	if (gmtime_r(&t, &tm))
		strftime(ci->date, sizeof(ci->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ci->author = strdup(a && a->name ? a->name : "");
	ci->email = strdup(a && a->email ? a->email : "");
	ci->summary = strdup(git_commit_summary(commit)
				     ? git_commit_summary(commit)
				     : "");
	git_commit_free(commit);
	if (!ci->author || !ci->email || !ci->summary) {
		free(ci->author);
		free(ci->email);
		free(ci->summary);
		return KL_ENOMEM;
	}
	return 0;
}

/* refs (names) whose history contains commit c. */
static int reachable(struct run *r, uint32_t c, uint8_t *mark,
		     uint32_t *queue, struct kl_finding *f)
{
	size_t head = 0, n = 0;

	memset(mark, 0, r->ncommits);
	mark[c] = 1;
	queue[n++] = c;
	while (head < n) {
		const struct commit *cm = &r->commits[queue[head++]];

		for (uint32_t e = 0; e < cm->nchildren; e++) {
			uint32_t ch = r->edges[cm->child_off + e];

			if (!mark[ch]) {
				mark[ch] = 1;
				queue[n++] = ch;
			}
		}
	}
	for (size_t i = 0; i < r->h->nrefs; i++) {
		const struct ref *ref = &r->h->refs[i];
		uint64_t tip;
		bool yes;

		if (kl_map_get(r->commit_index, ref->tip.id, GIT_OID_RAWSZ,
			       &tip))
			yes = mark[tip];
		else
			yes = git_graph_descendant_of(r->h->repo, &ref->tip,
						      &r->commits[c].id) == 1;
		if (!yes)
			continue;
		if (KL_ALLOC_GROW(f->reachable_from, f->nreachable_from + 1,
				  f->areachable_from))
			return KL_ENOMEM;
		if (!(f->reachable_from[f->nreachable_from] =
			      strdup(ref->name)))
			return KL_ENOMEM;
		f->nreachable_from++;
	}
	return 0;
}

struct head_walk {
	struct run *r;
	struct kl_buf path;
	struct head_entry {
		uint32_t blob;
		char *path;
	} *v;
	size_t n, alloc;
	int rc;
};

static int head_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct head_walk *hw = payload;
	struct run *r = hw->r;
	git_filemode_t mode = git_tree_entry_filemode(e);
	uint64_t b;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    mode == GIT_FILEMODE_LINK)
		return 0;
	kl_buf_clear(&hw->path);
	if (kl_buf_printf(&hw->path, "%s%s", root, git_tree_entry_name(e)))
		goto nomem;
	if (!kl_map_get(r->blob_index, git_tree_entry_id(e)->id, GIT_OID_RAWSZ,
			&b)) {
		/* Not in the walked history (a range scan): scan it so that
		 * presence at HEAD is still known. */
		uint32_t pid, bid;

		if (intern_path(r, hw->path.ptr, &pid) ||
		    blob_for(r, git_tree_entry_id(e), pid, &bid))
			goto nomem;
		b = bid;
	}
	if (KL_ALLOC_GROW(hw->v, hw->n + 1, hw->alloc))
		goto nomem;
	hw->v[hw->n].blob = (uint32_t)b;
	if (!(hw->v[hw->n].path = strdup(hw->path.ptr)))
		goto nomem;
	hw->n++;
	return 0;
nomem:
	hw->rc = KL_ENOMEM;
	return -1;
}

static int collect_head(struct run *r, struct head_walk *hw)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;

	if (git_revparse_single(&obj, r->h->repo, "HEAD^{tree}") < 0)
		return 0; /* unborn HEAD: nothing is present at HEAD */
	tree = (git_tree *)obj;
	git_tree_walk(tree, GIT_TREEWALK_PRE, head_cb, hw);
	git_object_free(obj);
	return hw->rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Set present_at_head/head_paths on f from the HEAD blobs. */
static int head_paths(struct run *r, const struct head_walk *hw,
		      struct kl_finding *f)
{
	for (size_t i = 0; i < hw->n; i++) {
		const struct kl_findings *bf = r->blob_findings[hw->v[i].blob];
		bool has = false;

		for (size_t k = 0; bf && k < bf->n && !has; k++)
			has = strcmp(bf->v[k].secret_hash, f->secret_hash) == 0;
		if (!has)
			continue;
		if (KL_ALLOC_GROW(f->head_paths, f->nhead_paths + 1,
				  f->ahead_paths) ||
		    !(f->head_paths[f->nhead_paths] = strdup(hw->v[i].path)))
			return KL_ENOMEM;
		f->nhead_paths++;
	}
	if (f->nhead_paths > 1)
		qsort(f->head_paths, f->nhead_paths, sizeof(char *), cmp_str);
	f->present_at_head = f->nhead_paths > 0;
	return 0;
}

/* Whether the secret of f sat in a blob that the same commit deleted:
 * then the secret was moved (renamed), not introduced. */
static bool carried(struct run *r, uint32_t commit, const struct kl_finding *f)
{
	const struct commit *cm = &r->commits[commit];

	for (uint32_t i = 0; i < cm->ndel; i++) {
		const struct kl_findings *bf =
			r->blob_findings[r->dels[cm->del_off + i].blob];

		for (size_t k = 0; bf && k < bf->n; k++)
			if (bf->v[k].rule == f->rule &&
			    strcmp(bf->v[k].secret_hash, f->secret_hash) == 0)
				return true;
	}
	return false;
}

static int attribute(struct run *r, const struct head_walk *hw)
{
	struct kl_map *seen = NULL, *infos = NULL;
	struct kl_commit_info *ci = NULL;
	size_t nci = 0, aci = 0;
	uint8_t *mark = calloc(r->ncommits ? r->ncommits : 1, 1);
	uint32_t *queue = calloc(r->ncommits ? r->ncommits : 1,
				 sizeof(*queue));
	struct kl_buf key = KL_BUF_INIT;
	int rc = 0;

	if (!mark || !queue || kl_map_new(&seen) || kl_map_new(&infos)) {
		rc = KL_ENOMEM;
		goto done;
	}
	for (size_t a = 0; a < r->napps && !rc; a++) {
		const struct appearance *ap = &r->apps[a];
		const struct kl_findings *bf = r->blob_findings[ap->blob];
		const char *path = r->paths[ap->path];

		for (size_t k = 0; bf && k < bf->n && !rc; k++) {
			const struct kl_finding *src = &bf->v[k];
			struct kl_finding *f;
			uint64_t info;
			int put;

			if (!kl_engine_path_keeps(r->eng, src->rule, path) ||
			    (ap->new_path && carried(r, ap->commit, src)))
				continue;
			kl_buf_clear(&key);
			if (kl_buf_printf(&key, "%s", src->rule->id) ||
			    kl_buf_putc(&key, '\0') || kl_buf_puts(&key, path) ||
			    kl_buf_putc(&key, '\0') ||
			    kl_buf_puts(&key, src->secret_hash)) {
				rc = KL_ENOMEM;
				break;
			}
			put = kl_map_put(seen, key.ptr, key.len, 0, NULL);
			if (put <= 0) {
				rc = put;
				continue;
			}
			if ((rc = kl_findings_add_copy(&r->rep->findings, src,
						       path)))
				break;
			f = &r->rep->findings.v[r->rep->findings.n - 1];
			f->order = a;
			/* Commit info, looked up once per commit. */
			put = kl_map_put(infos, &ap->commit, sizeof(ap->commit),
					 nci, &info);
			if (put < 0) {
				rc = put;
				break;
			}
			if (put == 1) {
				if (KL_ALLOC_GROW(ci, nci + 1, aci) ||
				    (rc = commit_info(r, ap->commit, &ci[nci]))) {
					rc = rc ? rc : KL_ENOMEM;
					break;
				}
				info = nci++;
			}
			if ((rc = kl_commit_info_copy(&f->commit, &ci[info])) ||
			    (rc = head_paths(r, hw, f)) ||
			    (rc = reachable(r, ap->commit, mark, queue, f)) ||
			    (rc = kl_engine_emit(r->eng, &r->rep->findings,
						 r->rep->findings.n - 1)))
				break;
		}
	}
done:
	for (size_t i = 0; i < nci; i++) {
		free(ci[i].author);
		free(ci[i].email);
		free(ci[i].summary);
	}
	free(ci);
	kl_map_free(seen);
	kl_map_free(infos);
	kl_buf_free(&key);
	free(mark);
	free(queue);
	return rc;
}

/* ---- run ------------------------------------------------------------------ */

static int start_workers(struct run *r)
{
	size_t n = r->h->opts->threads ? r->h->opts->threads : 1;
	void **ctx;
	int rc = 0;

	r->workers = calloc(n, sizeof(*r->workers));
	r->hw = calloc(n, sizeof(*r->hw));
	ctx = calloc(n, sizeof(*ctx));
	if (!r->workers || !r->hw || !ctx) {
		free(ctx);
		return KL_ENOMEM;
	}
	for (; r->nworkers < n && !rc; r->nworkers++) {
		struct hworker *hw = &r->hw[r->nworkers];

		if ((rc = kl_worker_init(&r->workers[r->nworkers], r->eng)))
			break;
		/* One repository handle per thread, as libgit2 asks. */
		if (git_repository_open(&hw->repo, r->h->repo_path) < 0 ||
		    git_repository_odb(&hw->odb, hw->repo) < 0) {
			rc = KL_EREPO;
			r->nworkers++;
			break;
		}
		r->workers[r->nworkers].source = hw;
		ctx[r->nworkers] = &r->workers[r->nworkers];
	}
	if (!rc)
		rc = kl_pool_new(&r->pool, n, ctx, scan_blob);
	/* The pool borrows the ctx array until it finishes. */
	r->ctx = ctx;
	return rc;
}

static void run_release(struct run *r)
{
	if (r->pool)
		kl_pool_finish(r->pool);
	for (size_t i = 0; i < r->nworkers; i++) {
		struct hworker *hw = &r->hw[i];

		for (size_t k = 0; k < hw->nresults; k++)
			kl_findings_free(&hw->results[k].findings);
		free(hw->results);
		git_odb_free(hw->odb);
		git_repository_free(hw->repo);
		kl_worker_release(&r->workers[i]);
	}
	free(r->workers);
	free(r->hw);
	free(r->ctx);
	free(r->commits);
	for (size_t g = 0; g < 2; g++) {
		gen_clear(&r->trees[g]);
		free(r->trees[g].slot);
	}
	kl_map_free(r->commit_index);
	kl_map_free(r->hidden);
	free(r->all_parents);
	free(r->edges);
	free(r->order);
	kl_map_free(r->path_index);
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	kl_map_free(r->blob_index);
	free(r->blobs);
	kl_map_free(r->seen_pairs);
	free(r->apps);
	free(r->dels);
	free(r->blob_findings);
	kl_errors_free(&r->errors);
}

int kl_history_run(struct kl_history *h, struct kl_engine *eng,
		   struct kl_report *rep, struct kl_buf *err)
{
	struct run r;
	struct head_walk hw;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&hw, 0, sizeof(hw));
	r.h = h;
	r.eng = eng;
	r.rep = rep;
	r.hw = NULL;
	hw.r = &r;
	r.progress = !h->opts->quiet &&
		     (h->opts->progress == KL_PROGRESS_ON ||
		      (h->opts->progress == KL_PROGRESS_AUTO &&
		       isatty(STDERR_FILENO)));
	r.start_ms = now_ms();
	if ((rc = kl_map_new(&r.commit_index)) || (rc = kl_map_new(&r.hidden)) ||
	    (rc = kl_map_new(&r.path_index)) ||
	    (rc = kl_map_new(&r.blob_index)) ||
	    (rc = kl_map_new(&r.seen_pairs)))
		goto done;
	if ((rc = mark_hidden(&r)) || (rc = collect_commits(&r)) ||
	    (rc = order_commits(&r)))
		goto done;
	if (h->npos && !r.ncommits && r.errors.n) {
		kl_buf_printf(err, "no commit could be read: %s",
			      r.errors.v[0].message);
		rep->incomplete = true;
	}
	if ((rc = start_workers(&r)))
		goto done;
	for (size_t i = 0; i < r.ncommits && !rc; i++) {
		rc = walk_commit(&r, r.order[i]);
		r.walked++;
		progress(&r, false);
	}
	if (!rc)
		rc = collect_head(&r, &hw);
	kl_pool_finish(r.pool);
	r.pool = NULL;
	progress(&r, true);
	if (rc)
		goto done;
	kl_engine_report_limits(eng, r.workers, r.nworkers, h->opts->quiet);
	/* Blob results, indexed by blob. */
	r.blob_findings = calloc(r.nblobs ? r.nblobs : 1,
				 sizeof(*r.blob_findings));
	if (!r.blob_findings) {
		rc = KL_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < r.nworkers; i++)
		for (size_t k = 0; k < r.hw[i].nresults; k++)
			r.blob_findings[r.hw[i].results[k].blob] =
				&r.hw[i].results[k].findings;
	for (size_t i = 0; i < r.nworkers; i++) {
		struct kl_worker *w = &r.workers[i];

		rep->counts.blobs += w->counts.blobs;
		rep->counts.bytes += w->counts.bytes;
		rep->counts.binary += w->counts.binary;
		rep->counts.too_large += w->counts.too_large;
		if ((rc = kl_errors_move(&rep->errors, &w->errors)))
			goto done;
	}
	rep->counts.commits = r.ncommits;
	if (r.missing_parents) {
		struct kl_buf msg = KL_BUF_INIT;

		kl_buf_printf(&msg,
			      "%s: %zu parent commit%s not in the repository; "
			      "history before %s was not scanned and secrets "
			      "there are attributed to the oldest commit that "
			      "has them",
			      h->shallow ? "shallow clone" : "missing objects",
			      r.missing_parents,
			      r.missing_parents == 1 ? " is" : "s are",
			      r.missing_parents == 1 ? "it" : "them");
		kl_errors_add(&r.errors, "", msg.ptr ? msg.ptr : "");
		kl_buf_free(&msg);
	}
	if ((rc = kl_errors_move(&rep->errors, &r.errors)))
		goto done;
	rc = attribute(&r, &hw);
done:
	for (size_t i = 0; i < hw.n; i++)
		free(hw.v[i].path);
	free(hw.v);
	kl_buf_free(&hw.path);
	run_release(&r);
	if (!rc && rep->incomplete)
		rc = 0; /* the scan layer turns incomplete into KL_EIO */
	return rc;
}
