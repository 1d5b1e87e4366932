/*
 * staged: git_diff_tree_to_index with rename detection, then one patch per
 * file for the added line numbers.  The staged blob is scanned whole so
 * that multi-line secrets keep their context; a finding is kept when any
 * of its lines is an added line.  Staged changes are small, so this runs
 * on the calling thread.
 */
#include "staged.h"

#include <git2.h>
#include <string.h>

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

int kl_staged_run(struct kl_staged *s, struct kl_engine *eng,
		  struct kl_report *rep, struct kl_buf *err)
{
	git_diff_options dopts;
	git_diff_find_options fopts;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	struct kl_worker w;
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
	if (git_diff_tree_to_index(&diff, s->repo, tree, s->index, &dopts) < 0) {
		const git_error *ge = git_error_last();

		kl_buf_printf(err, "cannot compare HEAD with the index: %s",
			      ge && ge->message ? ge->message : "unknown error");
		rep->incomplete = true;
		rc = 0;
		goto done;
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_COPIES;
	if (git_diff_find_similar(diff, &fopts) < 0) {
		kl_buf_puts(err, "cannot detect renames in the staged diff");
		rep->incomplete = true;
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !rc; i++)
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
	kl_worker_release(&w);
	return rc;
}
