/*
 * staged: the source for `keylint staged`, the pre-commit check.  It
 * compares HEAD's tree (empty when HEAD is unborn) with the index through
 * git_diff_tree_to_index with rename and copy detection, and hands the
 * staged version of each added, modified, renamed or copied file on whole,
 * so that multi-line secrets keep their context; the chunk keeps only
 * findings on lines the index adds (from that file's patch, computed only
 * when there is a finding).  The index's cache-tree first narrows the
 * comparison to the folders it cannot vouch for, the way `git commit` uses
 * it, so a small change in a large repository reads a few trees instead of
 * all of HEAD's; without a usable cache-tree everything is compared.
 * Staged changes are small, so this runs on one thread.  Unstaged changes
 * in the work tree are never read; the repository is only read.
 */
#include "staged.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>

#include "cachetree.h"
#include "path.h"
#include "repo.h"

struct kl_staged {
	struct kl_source base;
	const struct kl_options *opts;
	git_repository *repo;
	git_index *index;
	git_diff *diff; /* during produce */
	struct kl_path_view view;
};

static int read_file(struct kl_source *src, const char *path, size_t max,
                     struct kl_buf *out, struct kl_buf *err)
{
	struct kl_staged *s = (struct kl_staged *)src;
	const git_index_entry *e = git_index_get_bypath(s->index, path, 0);
	git_blob *blob = NULL;
	int rc = KL_ENOTFOUND;

	(void)err;
	if (!e || git_blob_lookup(&blob, s->repo, &e->id) < 0)
		return KL_ENOTFOUND;
	if ((size_t)git_blob_rawsize(blob) <= max) {
		kl_buf_clear(out);
		rc = kl_buf_put(out, git_blob_rawcontent(blob),
		                (size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	return rc;
}

/* The added lines of one staged file, from its patch, computed on the
 * first question. */
struct added {
	struct kl_staged *s;
	size_t delta;
	bool known, failed;
	uint32_t *v; /* sorted (patch order is ascending) */
	size_t n, alloc;
};

static int added_lines(struct added *a)
{
	git_patch *patch = NULL;
	size_t nh;

	a->known = true;
	if (git_patch_from_diff(&patch, a->s->diff, a->delta) < 0)
		return KL_EIO;
	nh = git_patch_num_hunks(patch);
	for (size_t h = 0; h < nh; h++) {
		size_t nl = (size_t)git_patch_num_lines_in_hunk(patch, h);

		for (size_t l = 0; l < nl; l++) {
			const git_diff_line *line;

			if (git_patch_get_line_in_hunk(&line, patch, h, l) ||
			    line->origin != GIT_DIFF_LINE_ADDITION ||
			    line->new_lineno <= 0)
				continue;
			if (KL_ALLOC_GROW(a->v, a->n + 1, a->alloc)) {
				git_patch_free(patch);
				return KL_ENOMEM;
			}
			a->v[a->n++] = (uint32_t)line->new_lineno;
		}
	}
	git_patch_free(patch);
	return 0;
}

/* Whether any line in [first, last] was added. */
static bool keep_lines(void *ud, uint32_t first, uint32_t last)
{
	struct added *a = ud;
	size_t lo = 0, hi;

	if (!a->known && (a->failed = added_lines(a) != 0))
		return false; /* reported by load() */
	if (a->failed)
		return false;
	hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->v[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n && a->v[lo] <= last;
}

/* Whether a delta adds content worth reading. */
static bool wanted(const git_diff_delta *d)
{
	switch (d->status) {
	case GIT_DELTA_ADDED:
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_RENAMED:
	case GIT_DELTA_COPIED:
	case GIT_DELTA_TYPECHANGE:
		break;
	default:
		return false; /* deleted, unmodified: nothing is added */
	}
	/* Not symlinks or submodules. */
	return d->new_file.mode == GIT_FILEMODE_BLOB ||
	       d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static void load(struct kl_source *src, struct kl_lane *lane, void *job)
{
	struct kl_staged *s = (struct kl_staged *)src;
	struct added a = {s, *(size_t *)job, false, false, NULL, 0, 0};
	const git_diff_delta *d = git_diff_get_delta(s->diff, a.delta);
	const char *path = d->new_file.path;
	git_blob *blob = NULL;

	free(job);
	if (git_blob_lookup(&blob, s->repo, &d->new_file.id) < 0) {
		lane->error(lane, path, "staged blob cannot be read");
		return;
	}
	if ((uint64_t)git_blob_rawsize(blob) > lane->max_file_size) {
		lane->skip(lane, KL_SKIP_TOO_LARGE);
	} else {
		struct kl_chunk c = {git_blob_rawcontent(blob),
		                     (size_t)git_blob_rawsize(blob),
		                     {.path = path,
		                      .rule_path = path,
		                      .blob = KL_NO_BLOB,
		                      .keep_lines = keep_lines,
		                      .keep_ud = &a}};

		lane->chunk(lane, &c);
		if (a.failed)
			lane->error(lane, path,
			            "cannot compute the staged diff");
	}
	free(a.v);
	git_blob_free(blob);
}

/* ---- narrowing with the cache-tree --------------------------------------- */

#define NARROW_MAX_DEPTH 4096
#define INDEX_MAX_SIZE   ((size_t)1 << 30)

struct narrow {
	struct kl_staged *s;
	const struct kl_cache_tree *ct;
	struct kl_strv paths;
	struct kl_buf prefix; /* "" or "a/b/" */
};

/* Add prefix + name (+ "/" for a whole folder) to the paths to compare. */
static int narrow_add(struct narrow *n, const char *name, size_t len,
                      bool folder)
{
	size_t plen = n->prefix.len;
	char *p = malloc(plen + len + 2);

	if (!p)
		return KL_ENOMEM;
	memcpy(p, n->prefix.ptr ? n->prefix.ptr : "", plen);
	memcpy(p + plen, name, len);
	if (folder)
		p[plen + len++] = '/';
	p[plen + len] = '\0';
	return kl_strv_push_owned(&n->paths, p);
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
		const git_index_entry *e =
		    git_index_get_byindex(n->s->index, pos);
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
			char *name = strndup(rest, len);
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
static int narrow_paths(struct kl_staged *s, git_tree *tree,
                        struct kl_strv *paths)
{
	struct narrow n = {.s = s};
	struct kl_cache_tree ct;
	struct kl_buf data = KL_BUF_INIT, ignored = KL_BUF_INIT;
	unsigned char sum[20];
	const char *path = git_index_path(s->index);
	const git_oid *loaded = git_index_checksum(s->index);
	int rc;

	if (!tree || !path || !loaded ||
	    kl_buf_read_file(&data, path, INDEX_MAX_SIZE, false, "index",
	                     &ignored))
		goto fail;
	rc = kl_cache_tree_parse(&ct, (const unsigned char *)data.ptr, data.len,
	                         sum);
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
		kl_strv_free(&n.paths);
		git_error_clear();
		goto fail;
	}
	*paths = n.paths;
	return 0;
fail:
	kl_buf_free(&data);
	kl_buf_free(&ignored);
	return KL_ENOTFOUND;
}

/* HEAD against the index, narrowed by the cache-tree when it can be. */
static int diff_index(struct kl_staged *s, git_tree *tree, struct kl_buf *err)
{
	git_diff_options dopts;
	git_diff_find_options fopts;
	struct kl_strv paths = KL_STRV_INIT;
	bool narrowed;
	int rc = 0;

	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	dopts.flags = GIT_DIFF_IGNORE_SUBMODULES;
	dopts.context_lines = 0;
	narrowed = !s->opts->full_diff && narrow_paths(s, tree, &paths) == 0;
	if (narrowed) {
		dopts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
		dopts.pathspec.strings = paths.v;
		dopts.pathspec.count = paths.n;
	}
	if (narrowed && !paths.n) {
		/* The cache-tree vouches for every folder: nothing staged. */
	} else if (git_diff_tree_to_index(&s->diff, s->repo, tree, s->index,
	                                  &dopts) < 0) {
		const git_error *ge = git_error_last();

		kl_buf_printf(err, "cannot compare HEAD with the index: %s",
		              ge && ge->message ? ge->message
		                                : "unknown error");
		rc = KL_EIO;
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
	if (!rc && s->diff && git_diff_find_similar(s->diff, &fopts) < 0) {
		kl_buf_puts(err, "cannot detect renames in the staged diff");
		rc = KL_EIO;
	}
	kl_strv_free(&paths);
	return rc;
}

static int produce(struct kl_source *src, struct kl_feed *feed,
                   struct kl_buf *err)
{
	struct kl_staged *s = (struct kl_staged *)src;
	git_object *head = NULL;
	int rc;

	/* An unborn HEAD compares as an empty tree. */
	git_revparse_single(&head, s->repo, "HEAD^{tree}");
	rc = diff_index(s, (git_tree *)head, err);
	for (size_t i = 0; !rc && s->diff && i < git_diff_num_deltas(s->diff);
	     i++) {
		const git_diff_delta *d = git_diff_get_delta(s->diff, i);
		size_t *job;

		if (!wanted(d))
			continue;
		if (kl_config_path_allowed(feed->config, d->new_file.path)) {
			feed->counts->ignored++;
			continue;
		}
		if (!(job = malloc(sizeof(*job)))) {
			rc = KL_ENOMEM;
			break;
		}
		*job = i;
		rc = feed->job(feed, job);
	}
	git_diff_free(s->diff);
	s->diff = NULL;
	git_object_free(head);
	return rc;
}

static void staged_free(struct kl_source *src)
{
	struct kl_staged *s = (struct kl_staged *)src;

	git_diff_free(s->diff);
	git_index_free(s->index);
	git_repository_free(s->repo);
	kl_path_view_release(&s->view);
	free(s);
}

static const struct kl_source_ops staged_ops = {
    .name = "staged",
    .max_threads = 1, /* jobs run inline, while the diff lives */
    .read_file = read_file,
    .produce = produce,
    .load = load,
    .free = staged_free,
};

int kl_staged_new(struct kl_source **out, const struct kl_options *opts,
                  struct kl_buf *err)
{
	const char *path = opts->ntargets ? opts->targets[0] : ".";
	struct kl_staged *s = calloc(1, sizeof(*s));
	char real[PATH_MAX];
	const git_error *ge;

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	s->base.ops = &staged_ops;
	s->opts = opts;
	if (kl_repo_open(&s->repo, path, err) < 0) {
		staged_free(&s->base);
		return KL_EREPO;
	}
	if (git_repository_is_bare(s->repo)) {
		kl_buf_printf(
		    err, "%s: a bare repository has no staged changes", path);
		staged_free(&s->base);
		return KL_EREPO;
	}
	if (git_repository_index(&s->index, s->repo) < 0) {
		ge = git_error_last();
		kl_buf_printf(err, "%s: cannot read the index: %s", path,
		              ge && ge->message ? ge->message
		                                : "unknown error");
		staged_free(&s->base);
		return KL_EREPO;
	}
	/* Text names the staged files as they open from here. */
	if (realpath(git_repository_workdir(s->repo), real) &&
	    kl_path_view_init(&s->view, real) == KL_ENOMEM) {
		staged_free(&s->base);
		return KL_ENOMEM;
	}
	s->base.view = &s->view;
	*out = &s->base;
	return 0;
}
