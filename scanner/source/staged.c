/*
 * staged: git_diff_tree_to_index with rename detection, then one patch per
 * file for the added line numbers.  The index's cache-tree first narrows
 * the comparison to the folders it cannot vouch for, the way `git commit`
 * uses it, so a small change in a large repository reads a few trees
 * instead of all of HEAD's; without a usable cache-tree everything is
 * compared.  The staged blob is scanned whole so
 * that multi-line secrets keep their context; a finding is kept when any
 * of its lines is an added line.  Staged changes are small, so this runs
 * on the calling thread.
 */
#include "staged.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "cachetree.h"
#include "repo.h"
#include "scan.h"
#include "text.h"

struct kl_staged {
	const struct kl_options *opts;
	git_repository *repo;
	git_index *index;
};

int kl_staged_open(struct kl_staged **out, const struct kl_options *opts,
		   struct kl_buf *err)
{
	const char *path = opts->ntargets ? opts->targets[0] : ".";
	struct kl_staged *s = calloc(1, sizeof(*s));
	int e;

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	s->opts = opts;
	e = kl_repo_open(&s->repo, path, err);
	if (e < 0) {
		kl_staged_free(s);
		return KL_EREPO;
	}
	if (git_repository_is_bare(s->repo)) {
		kl_buf_printf(err, "%s: a bare repository has no staged changes",
			      path);
		kl_staged_free(s);
		return KL_EREPO;
	}
	if (git_repository_index(&s->index, s->repo) < 0) {
		const git_error *ge = git_error_last();

		kl_buf_printf(err, "%s: cannot read the index: %s", path,
			      ge && ge->message ? ge->message : "unknown error");
		kl_staged_free(s);
		return KL_EREPO;
	}
	*out = s;
	return 0;
}

void kl_staged_free(struct kl_staged *s)
{
	if (!s)
		return;
	git_index_free(s->index);
	git_repository_free(s->repo);
	free(s);
}

int kl_staged_setup_file(struct kl_staged *s, const char *path,
			 struct kl_buf *out)
{
	const git_index_entry *e = git_index_get_bypath(s->index, path, 0);
	git_blob *blob = NULL;
	int rc;

	if (!e || git_blob_lookup(&blob, s->repo, &e->id) < 0)
		return KL_ENOTFOUND;
	kl_buf_clear(out);
	rc = kl_buf_put(out, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return rc;
}

int kl_staged_read_file(void *ud, const char *relpath, struct kl_buf *out)
{
	return kl_staged_setup_file(ud, relpath, out);
}

/* Added line numbers of one file, sorted (patch order is ascending). */
struct lines {
	uint32_t *v;
	size_t n, alloc;
};

static int line_cb(const git_diff_delta *d, const git_diff_hunk *h,
		   const git_diff_line *l, void *payload)
{
	struct lines *ls = payload;

	(void)d;
	(void)h;
	if (l->origin != GIT_DIFF_LINE_ADDITION || l->new_lineno <= 0)
		return 0;
	if (KL_ALLOC_GROW(ls->v, ls->n + 1, ls->alloc))
		return -1;
	ls->v[ls->n++] = (uint32_t)l->new_lineno;
	return 0;
}

static bool any_added(const struct lines *ls, uint32_t first, uint32_t last)
{
	size_t lo = 0, hi = ls->n;

	/* First added line >= first, by binary search. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ls->v[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ls->n && ls->v[lo] <= last;
}

static int scan_delta(struct kl_staged *s, struct kl_worker *w,
		      git_diff *diff, size_t idx, struct kl_report *rep)
{
	const git_diff_delta *d = git_diff_get_delta(diff, idx);
	const char *path = d->new_file.path;
	struct kl_findings found = KL_FINDINGS_INIT;
	struct lines added = {NULL, 0, 0};
	git_patch *patch = NULL;
	git_blob *blob = NULL;
	const char *data;
	size_t len;
	int rc = 0;

	switch (d->status) {
	case GIT_DELTA_ADDED:
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_RENAMED:
	case GIT_DELTA_COPIED:
	case GIT_DELTA_TYPECHANGE:
		break;
	default:
		return 0; /* deleted, unmodified: nothing is added */
	}
	if (d->new_file.mode != GIT_FILEMODE_BLOB &&
	    d->new_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0; /* symlinks and submodules */
	if (kl_engine_path_allowed(w->eng, path)) {
		w->counts.ignored++;
		return 0;
	}
	if (git_blob_lookup(&blob, s->repo, &d->new_file.id) < 0) {
		kl_errors_add(&w->errors, path, "staged blob cannot be read");
		return 0;
	}
	len = (size_t)git_blob_rawsize(blob);
	data = git_blob_rawcontent(blob);
	if (len > w->eng->max_file_size) {
		w->counts.too_large++;
		goto done;
	}
	if (kl_text_is_binary(data, len)) {
		w->counts.binary++;
		goto done;
	}
	w->counts.files++;
	w->counts.bytes += len;
	if ((rc = kl_engine_scan(w, data, len, path, &found)) || !found.n)
		goto done;
	if (git_patch_from_diff(&patch, diff, idx) < 0) {
		kl_errors_add(&w->errors, path, "cannot compute the staged diff");
		goto done;
	}
	{
		size_t nh = git_patch_num_hunks(patch);

		for (size_t h = 0; h < nh; h++) {
			size_t nl = (size_t)git_patch_num_lines_in_hunk(patch, h);

			for (size_t l = 0; l < nl; l++) {
				const git_diff_line *line;

				if (git_patch_get_line_in_hunk(&line, patch, h,
							       l) == 0 &&
				    line_cb(d, NULL, line, &added) < 0) {
					rc = KL_ENOMEM;
					goto done;
				}
			}
		}
	}
	for (size_t i = 0; i < found.n && !rc; i++) {
		const struct kl_finding *f = &found.v[i];

		if (!any_added(&added, f->line, f->end_line))
			continue;
		rc = kl_findings_add_copy(&rep->findings, f, NULL);
		if (!rc)
			rc = kl_engine_emit(w->eng, &rep->findings,
					    rep->findings.n - 1);
	}
done:
	kl_findings_free(&found);
	free(added.v);
	git_patch_free(patch);
	git_blob_free(blob);
	return rc;
}

/* ---- narrowing with the cache-tree --------------------------------------- */

#define NARROW_MAX_DEPTH 4096
#define INDEX_MAX_SIZE ((size_t)1 << 30)

struct narrow {
	struct kl_staged *s;
	const struct kl_cache_tree *ct;
	char **paths;
	size_t npaths, apaths;
	struct kl_buf prefix; /* "" or "a/b/" */
};

/* Add prefix + name (+ "/" for a whole folder) to the paths to compare. */
static int narrow_add(struct narrow *n, const char *name, size_t len,
		      bool folder)
{
	size_t plen = n->prefix.len;
	char *p;

	if (KL_ALLOC_GROW(n->paths, n->npaths + 1, n->apaths) ||
	    !(p = malloc(plen + len + 2)))
		return KL_ENOMEM;
	memcpy(p, n->prefix.ptr ? n->prefix.ptr : "", plen);
	memcpy(p + plen, name, len);
	if (folder)
		p[plen + len++] = '/';
	p[plen + len] = '\0';
	n->paths[n->npaths++] = p;
	return 0;
}

static int node_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct kl_ct_node *const *)a)->name,
		      (*(const struct kl_ct_node *const *)b)->name);
}

/* The child of a folder called name (len bytes) among kids, sorted. */
static ptrdiff_t kid_find(const struct kl_ct_node **kids, size_t nkids,
			  const char *name, size_t len)
{
	size_t lo = 0, hi = nkids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(kids[mid]->name, name, len);

		if (!c && kids[mid]->name[len])
			c = 1;
		if (!c)
			return (ptrdiff_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int narrow_dir(struct narrow *n, const struct kl_ct_node *node,
		      git_tree *tree, unsigned depth);

/* HEAD's entries of a changed folder: its files are compared, its folders
 * followed where the cache-tree knows them and compared whole where not. */
static int narrow_head(struct narrow *n, git_tree *tree,
		       const struct kl_ct_node **kids, size_t nkids,
		       bool *matched, unsigned depth)
{
	size_t plen = n->prefix.len;
	int rc = 0;

	for (size_t i = 0; tree && i < git_tree_entrycount(tree) && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		ptrdiff_t k;
		git_tree *sub = NULL;

		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			rc = narrow_add(n, name, strlen(name), false);
			continue;
		}
		k = kid_find(kids, nkids, name, strlen(name));
		if (k < 0) {
			rc = narrow_add(n, name, strlen(name), true);
			continue;
		}
		matched[k] = true;
		/* Unchanged folders are skipped before their tree is read. */
		if (kids[k]->entries >= 0 &&
		    git_oid_equal(&kids[k]->id, git_tree_entry_id(e)))
			continue;
		if (git_tree_lookup(&sub, n->s->repo, git_tree_entry_id(e)) < 0)
			return KL_EREPO;
		if (!(rc = kl_buf_puts(&n->prefix, name)) &&
		    !(rc = kl_buf_putc(&n->prefix, '/')))
			rc = narrow_dir(n, kids[k], sub, depth + 1);
		kl_buf_truncate(&n->prefix, plen);
		git_tree_free(sub);
	}
	return rc;
}

/* The index's entries of a changed folder: its files are compared, and
 * so is any folder that neither HEAD nor the cache-tree has. */
static int narrow_index(struct narrow *n, git_tree *tree,
			const struct kl_ct_node **kids, size_t nkids)
{
	const char *prefix = n->prefix.ptr ? n->prefix.ptr : "";
	size_t plen = n->prefix.len, count = git_index_entrycount(n->s->index);
	size_t pos;
	int rc = 0;

	if (git_index_find_prefix(&pos, n->s->index, prefix) < 0)
		return 0;
	while (pos < count && !rc) {
		const git_index_entry *e = git_index_get_byindex(n->s->index, pos);
		const char *rest, *slash;
		size_t len;

		if (strncmp(e->path, prefix, plen))
			break;
		rest = e->path + plen;
		if (!(slash = strchr(rest, '/'))) {
			rc = narrow_add(n, rest, strlen(rest), false);
			pos++;
			continue;
		}
		len = (size_t)(slash - rest);
		if (kid_find(kids, nkids, rest, len) < 0) {
			char *name = kl_strndup(rest, len);
			const git_tree_entry *te;

			if (!name)
				return KL_ENOMEM;
			te = tree ? git_tree_entry_byname(tree, name) : NULL;
			if (!te || git_tree_entry_type(te) != GIT_OBJECT_TREE)
				rc = narrow_add(n, rest, len, true);
			free(name);
		}
		/* Step over the rest of that folder. */
		while (pos < count &&
		       !strncmp(git_index_get_byindex(n->s->index, pos)->path,
				e->path, plen + len + 1))
			pos++;
	}
	return rc;
}

/* A folder the cache-tree records: unchanged when its recorded tree is
 * HEAD's tree at the same path, otherwise narrowed entry by entry. */
static int narrow_dir(struct narrow *n, const struct kl_ct_node *node,
		      git_tree *tree, unsigned depth)
{
	const struct kl_ct_node **kids = NULL;
	size_t nkids = 0;
	bool *matched = NULL;
	int rc;

	if (node->entries >= 0 && tree &&
	    git_oid_equal(&node->id, git_tree_id(tree)))
		return 0;
	if (depth > NARROW_MAX_DEPTH)
		return KL_ETOOBIG;
	if (node->nsub && (!(kids = calloc(node->nsub, sizeof(*kids))) ||
			   !(matched = calloc(node->nsub, sizeof(*matched))))) {
		free(kids);
		return KL_ENOMEM;
	}
	for (uint32_t i = node->child; i && nkids < node->nsub;
	     i = n->ct->nodes[i].next)
		kids[nkids++] = &n->ct->nodes[i];
	if (nkids > 1)
		qsort(kids, nkids, sizeof(*kids), node_cmp);
	rc = narrow_head(n, tree, kids, nkids, matched, depth);
	for (size_t k = 0; k < nkids && !rc; k++)
		if (!matched[k])
			rc = narrow_add(n, kids[k]->name, strlen(kids[k]->name),
					true);
	if (!rc)
		rc = narrow_index(n, tree, kids, nkids);
	free(kids);
	free(matched);
	return rc;
}

/* The paths that may differ between tree (HEAD) and the index, as a
 * pathspec list (folders end in '/').  0 with *paths set on success,
 * even when empty (nothing is staged); nonzero when the cache-tree cannot
 * be used and everything must be compared. */
static int narrow_paths(struct kl_staged *s, git_tree *tree, char ***paths,
			size_t *npaths)
{
	struct narrow n = {.s = s};
	struct kl_cache_tree ct;
	struct kl_buf data = KL_BUF_INIT, ignored = KL_BUF_INIT;
	unsigned char sum[20];
	const char *path = git_index_path(s->index);
	const git_oid *loaded = git_index_checksum(s->index);
	int rc;

	*paths = NULL;
	*npaths = 0;
	if (!tree || !path || !loaded ||
	    kl_buf_read_file(&data, path, INDEX_MAX_SIZE, false, "index",
			     &ignored))
		goto fail;
	rc = kl_cache_tree_parse(&ct, (const unsigned char *)data.ptr,
				 data.len, sum);
	kl_buf_free(&data);
	if (rc)
		goto fail;
	/* The file must be the one libgit2 loaded, not a newer one. */
	if (memcmp(sum, loaded->id, sizeof(sum))) {
		kl_cache_tree_free(&ct);
		goto fail;
	}
	n.ct = &ct;
	rc = narrow_dir(&n, &ct.nodes[0], tree, 0);
	kl_cache_tree_free(&ct);
	kl_buf_free(&n.prefix);
	if (rc) {
		for (size_t i = 0; i < n.npaths; i++)
			free(n.paths[i]);
		free(n.paths);
		git_error_clear();
		goto fail;
	}
	*paths = n.paths;
	*npaths = n.npaths;
	return 0;
fail:
	kl_buf_free(&data);
	kl_buf_free(&ignored);
	return KL_ENOTFOUND;
}

int kl_staged_run(struct kl_staged *s, struct kl_engine *eng,
		  struct kl_report *rep, struct kl_buf *err)
{
	git_diff_options dopts;
	git_diff_find_options fopts;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	struct kl_worker w;
	char **paths = NULL;
	size_t npaths = 0;
	const char *full;
	bool narrowed;
	int rc;

	if ((rc = kl_worker_init(&w, eng)))
		return rc;
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	/* An unborn HEAD compares as an empty tree. */
	if (git_revparse_single(&head, s->repo, "HEAD^{tree}") == 0)
		tree = (git_tree *)head;
	dopts.flags = GIT_DIFF_IGNORE_SUBMODULES;
	dopts.context_lines = 0;
	/* KEYLINT_STAGED_FULL_DIFF=1 compares everything (for tests). */
	full = getenv("KEYLINT_STAGED_FULL_DIFF");
	narrowed = !(full && *full) &&
		   narrow_paths(s, tree, &paths, &npaths) == 0;
	if (narrowed) {
		dopts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
		dopts.pathspec.strings = paths;
		dopts.pathspec.count = npaths;
	}
	if (narrowed && !npaths) {
		/* The cache-tree vouches for every folder: nothing staged. */
	} else if (git_diff_tree_to_index(&diff, s->repo, tree, s->index,
					  &dopts) < 0) {
		const git_error *ge = git_error_last();

		kl_buf_printf(err, "cannot compare HEAD with the index: %s",
			      ge && ge->message ? ge->message : "unknown error");
		rep->incomplete = true;
		rc = 0;
		goto done;
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
	if (diff && git_diff_find_similar(diff, &fopts) < 0) {
		kl_buf_puts(err, "cannot detect renames in the staged diff");
		rep->incomplete = true;
		goto done;
	}
	for (size_t i = 0; diff && i < git_diff_num_deltas(diff) && !rc; i++)
		rc = scan_delta(s, &w, diff, i, rep);
	kl_engine_report_limits(eng, &w, 1, s->opts->quiet);
	rep->counts.files += w.counts.files;
	rep->counts.bytes += w.counts.bytes;
	rep->counts.binary += w.counts.binary;
	rep->counts.too_large += w.counts.too_large;
	rep->counts.ignored += w.counts.ignored;
	if (!rc)
		rc = kl_errors_move(&rep->errors, &w.errors);
done:
	git_diff_free(diff);
	git_object_free(head);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	kl_worker_release(&w);
	return rc;
}
