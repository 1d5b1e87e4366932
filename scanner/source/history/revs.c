/*
 * revs: the refs of a repository and the revisions a history scan walks,
 * taken the way `git log` takes them: A, ^A, A..B, A...B; with none, every
 * ref and HEAD.  The tip (HEAD, or the first revision) is where the scan's
 * config is read.
 */
#include <string.h>

#include "history_int.h"

static int git_fail(struct kl_buf *err, const char *what, const char *arg)
{
	const git_error *e = git_error_last();

	kl_buf_printf(err, "%s%s%s: %s", what, arg ? " " : "", arg ? arg : "",
	              e && e->message ? e->message : "unknown error");
	return KL_EINVAL;
}

static int add_oid(struct oids *o, const git_oid *id)
{
	if (KL_ALLOC_GROW(o->v, o->n + 1, o->alloc))
		return KL_ENOMEM;
	git_oid_cpy(&o->v[o->n++], id);
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

static int add_ref(struct kl_history *h, git_reference *ref)
{
	git_object *obj = NULL;
	struct ref *r;
	int rc = 0;

	if (git_reference_type(ref) != GIT_REFERENCE_DIRECT ||
	    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) < 0)
		return 0; /* symbolic (HEAD is added on its own) or no commit */
	if (KL_ALLOC_GROW(h->refs, h->nrefs + 1, h->arefs)) {
		rc = KL_ENOMEM;
	} else {
		r = &h->refs[h->nrefs];
		git_oid_cpy(&r->tip, git_object_id(obj));
		if ((r->name = strdup(git_reference_name(ref))))
			h->nrefs++;
		else
			rc = KL_ENOMEM;
	}
	git_object_free(obj);
	return rc;
}

/* Remember a problem with the refs for the report's errors: the scan
 * goes on with the refs that can be read. */
static int ref_problem(struct kl_history *h, const char *what)
{
	const git_error *e = git_error_last();
	struct kl_buf msg = KL_BUF_INIT;
	int rc = kl_buf_printf(&msg, "%s: %s", what,
	                       e && e->message ? e->message : "unknown error");

	if (!rc)
		rc = kl_strv_push_owned(&h->open_errors,
		                        kl_buf_detach(&msg, NULL));
	kl_buf_free(&msg);
	return rc;
}

/* Every ref that peels to a commit, sorted by name.  A ref that cannot be
 * read is skipped and named in the errors; a repository whose refs cannot
 * be listed at all is walked from HEAD alone. */
static int load_refs(struct kl_history *h)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t broken = 0;
	int rc = 0, e;

	if (git_reference_iterator_new(&it, h->repo) < 0)
		return ref_problem(h, "refs cannot be listed");
	while (!rc && (e = git_reference_next(&ref, it)) != GIT_ITEROVER) {
		if (e < 0) {
			/* Bounded, in case the iterator cannot move on. */
			if (++broken > 1000)
				break;
			rc = broken <= 10 ? ref_problem(h, "a ref cannot be "
			                                   "read")
			                  : 0;
			continue;
		}
		rc = add_ref(h, ref);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (h->nrefs > 1)
		qsort(h->refs, h->nrefs, sizeof(*h->refs), cmp_ref);
	return rc;
}

/* A..B or A...B. */
static int parse_range(struct kl_history *h, const char *rev, git_revspec *spec,
                       struct kl_buf *err)
{
	git_object *from = NULL, *to = NULL;
	git_oid base;
	int rc = 0;

	if (git_object_peel(&from, spec->from, GIT_OBJECT_COMMIT) < 0 ||
	    git_object_peel(&to, spec->to, GIT_OBJECT_COMMIT) < 0) {
		rc = git_fail(err, "unknown revision", rev);
	} else if (spec->flags & GIT_REVSPEC_MERGE_BASE) {
		/* A...B: both sides, minus their merge base. */
		rc = add_oid(&h->pos, git_object_id(from));
		if (!rc)
			rc = add_oid(&h->pos, git_object_id(to));
		if (!rc && git_merge_base(&base, h->repo, git_object_id(from),
		                          git_object_id(to)) == 0)
			rc = add_oid(&h->neg, &base);
	} else {
		rc = add_oid(&h->neg, git_object_id(from));
		if (!rc)
			rc = add_oid(&h->pos, git_object_id(to));
	}
	git_object_free(from);
	git_object_free(to);
	return rc;
}

static int parse_rev(struct kl_history *h, const char *rev, struct kl_buf *err)
{
	git_revspec spec;
	git_oid id;
	int rc;

	if (rev[0] == '^') {
		if ((rc = resolve_commit(h->repo, rev + 1, &id, err)))
			return rc;
		return add_oid(&h->neg, &id);
	}
	if (git_revparse(&spec, h->repo, rev) < 0)
		return git_fail(err, "unknown revision", rev);
	if (spec.flags & GIT_REVSPEC_SINGLE) {
		git_object_free(spec.from);
		if ((rc = resolve_commit(h->repo, rev, &id, err)))
			return rc;
		return add_oid(&h->pos, &id);
	}
	rc = parse_range(h, rev, &spec, err);
	git_object_free(spec.from);
	git_object_free(spec.to);
	return rc;
}

int kl_history__revs(struct kl_history *h, struct kl_buf *err)
{
	const struct kl_options *o = h->opts;
	git_oid head;
	bool has_head;
	int rc;

	if ((rc = load_refs(h)))
		return rc;
	for (size_t i = 0; i < o->nrevs; i++)
		if ((rc = parse_rev(h, o->revs[i], err)))
			return rc;
	has_head = git_reference_name_to_id(&head, h->repo, "HEAD") == 0;
	if (!o->nrevs) {
		/* Every ref and HEAD. */
		for (size_t i = 0; i < h->nrefs; i++)
			if ((rc = add_oid(&h->pos, &h->refs[i].tip)))
				return rc;
		if (has_head && (rc = add_oid(&h->pos, &head)))
			return rc;
		/* The tip whose tree holds the config. */
		h->tip = head;
		h->has_tip = has_head;
	} else if (h->pos.n) {
		git_oid_cpy(&h->tip, &h->pos.v[0]);
		h->has_tip = true;
	}
	return 0;
}
