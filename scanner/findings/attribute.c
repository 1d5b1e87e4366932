/*
 * attribute: one pass over the ledger's first sightings, in walk order,
 * joined with the findings of each blob.  Commit details are looked up
 * once per commit.
 */
#include "attribute.h"

#include <string.h>

#include "engine.h"
#include "map.h"

/* The findings of each blob: v[start[b] .. start[b + 1]). */
struct by_blob {
	const struct kl_finding **v;
	size_t *start;
};

static int index_blobs(const struct kl_findings *fs, size_t nblobs,
                       struct by_blob *ix)
{
	size_t *fill = calloc(nblobs + 1, sizeof(*fill));

	ix->start = calloc(nblobs + 2, sizeof(*ix->start));
	ix->v = calloc(fs->n ? fs->n : 1, sizeof(*ix->v));
	if (!fill || !ix->start || !ix->v) {
		free(fill);
		return KL_ENOMEM;
	}
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].blob < nblobs)
			ix->start[fs->v[i].blob + 1]++;
	for (size_t b = 0; b < nblobs; b++)
		ix->start[b + 1] += ix->start[b];
	/* Stable: a blob's findings keep the matcher's order. */
	for (size_t i = 0; i < fs->n; i++) {
		uint32_t b = fs->v[i].blob;

		if (b < nblobs)
			ix->v[ix->start[b] + fill[b]++] = &fs->v[i];
	}
	free(fill);
	return 0;
}

/* Whether blob b has a finding with this secret (and this rule, if
 * given). */
static bool blob_has(const struct by_blob *ix, uint32_t b,
                     const struct kl_rule *rule, const char *secret_hash)
{
	for (size_t k = ix->start[b]; k < ix->start[b + 1]; k++)
		if ((!rule || ix->v[k]->rule == rule) &&
		    strcmp(ix->v[k]->secret_hash, secret_hash) == 0)
			return true;
	return false;
}

/* Whether the secret of f sat in a blob that the same commit deleted:
 * then the secret was moved (renamed), not introduced. */
static bool carried(const struct kl_ledger *l, const struct by_blob *ix,
                    uint32_t commit, const struct kl_finding *f)
{
	const uint32_t *blobs;
	size_t n = l->deleted(l, commit, &blobs);

	for (size_t i = 0; i < n; i++)
		if (blob_has(ix, blobs[i], f->rule, f->secret_hash))
			return true;
	return false;
}

/* Whether the excluded side of a range holds f's secret under its rule. */
static bool held(const struct kl_ledger *l, const struct by_blob *ix,
                 const struct kl_finding *f)
{
	for (size_t i = 0; i < l->nheld; i++)
		if (blob_has(ix, l->held[i], f->rule, f->secret_hash))
			return true;
	return false;
}

/* The finding of blob b with this secret, or NULL. */
static const struct kl_finding *blob_secret(const struct by_blob *ix,
                                            uint32_t b, const char *secret_hash)
{
	for (size_t k = ix->start[b]; k < ix->start[b + 1]; k++)
		if (strcmp(ix->v[k]->secret_hash, secret_hash) == 0)
			return ix->v[k];
	return NULL;
}

/* present_at_head and head_paths: HEAD's blobs that hold the secret (a
 * member of an archive is named PATH!MEMBER). */
static int head_paths(const struct kl_ledger *l, const struct by_blob *ix,
                      struct kl_finding *f, struct kl_buf *tmp)
{
	for (size_t i = 0; i < l->nhead; i++) {
		const struct kl_finding *h =
		    blob_secret(ix, l->head[i].blob, f->secret_hash);

		if (!h)
			continue;
		kl_buf_clear(tmp);
		if (kl_buf_puts(tmp, l->head[i].path) ||
		    (h->member &&
		     (kl_buf_putc(tmp, '!') || kl_buf_puts(tmp, h->member))) ||
		    (!kl_strv_has(&f->head_paths, tmp->ptr) &&
		     kl_strv_push(&f->head_paths, tmp->ptr)))
			return KL_ENOMEM;
	}
	kl_strv_sort(&f->head_paths);
	f->present_at_head = f->head_paths.n > 0;
	return 0;
}

/* Commit details, looked up once per commit. */
struct infos {
	struct kl_map *index; /* commit -> slot */
	struct kl_commit_info *v;
	size_t n, alloc;
};

static int commit_info(const struct kl_ledger *l, struct infos *in,
                       uint32_t commit, const struct kl_commit_info **out)
{
	uint64_t slot;
	int put = kl_map_put(in->index, &commit, sizeof(commit), in->n, &slot);
	int rc;

	if (put < 0)
		return put;
	if (put == 1) {
		if (KL_ALLOC_GROW(in->v, in->n + 1, in->alloc))
			return KL_ENOMEM;
		if ((rc = l->commit_info(l, commit, &in->v[in->n])))
			return rc;
		slot = in->n++;
	}
	*out = &in->v[slot];
	return 0;
}

/* The finding src of blob appearance a, if it is new: (rule, path,
 * secret) not seen yet. */
static int attribute_one(const struct kl_ledger *l, const struct by_blob *ix,
                         struct infos *in, struct kl_map *seen,
                         struct kl_buf *key, size_t a,
                         const struct kl_finding *src, struct kl_findings *out)
{
	const struct kl_appearance *ap = &l->apps[a];
	const char *path = l->paths[ap->path];
	const struct kl_commit_info *ci;
	struct kl_finding *f;
	int rc;

	/* A member's rules were chosen by its own path when it was read. */
	if ((!src->member && !kl_engine_rule_keeps(src->rule, path)) ||
	    (ap->new_path && carried(l, ix, ap->commit, src)) ||
	    held(l, ix, src))
		return 0;
	kl_buf_clear(key);
	if (kl_buf_puts(key, path) ||
	    (src->member &&
	     (kl_buf_putc(key, '!') || kl_buf_puts(key, src->member))))
		return KL_ENOMEM;
	if (kl_buf_putc(key, '\0') || kl_buf_puts(key, src->rule->id) ||
	    kl_buf_putc(key, '\0') || kl_buf_puts(key, src->secret_hash))
		return KL_ENOMEM;
	rc = kl_map_put(seen, key->ptr, key->len, 0, NULL);
	if (rc <= 0)
		return rc;
	/* The key starts with the finding's path. */
	if ((rc = kl_findings_add_copy(out, src, key->ptr)))
		return rc;
	f = &out->v[out->n - 1];
	f->order = a;
	if ((rc = commit_info(l, in, ap->commit, &ci)) ||
	    (rc = kl_commit_info_copy(&f->commit, ci)) ||
	    (rc = head_paths(l, ix, f, key)))
		return rc;
	return l->reachable(l, ap->commit, &f->reachable_from);
}

int kl_attribute(const struct kl_ledger *l,
                 const struct kl_findings *blob_findings,
                 struct kl_findings *out)
{
	struct by_blob ix = {NULL, NULL};
	struct infos in = {NULL, NULL, 0, 0};
	struct kl_map *seen = NULL;
	struct kl_buf key = KL_BUF_INIT;
	int rc;

	if ((rc = index_blobs(blob_findings, l->nblobs, &ix)) ||
	    (rc = kl_map_new(&seen)) || (rc = kl_map_new(&in.index)))
		goto done;
	for (size_t a = 0; a < l->napps && !rc; a++) {
		uint32_t b = l->apps[a].blob;

		for (size_t k = ix.start[b]; k < ix.start[b + 1] && !rc; k++)
			rc = attribute_one(l, &ix, &in, seen, &key, a, ix.v[k],
			                   out);
	}
done:
	for (size_t i = 0; i < in.n; i++) {
		free(in.v[i].author);
		free(in.v[i].email);
		free(in.v[i].summary);
	}
	free(in.v);
	kl_map_free(in.index);
	kl_map_free(seen);
	kl_buf_free(&key);
	free(ix.v);
	free(ix.start);
	return rc;
}
