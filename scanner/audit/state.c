/*
 * state: one JSON file, {"keylint_state": 1, "repositories": {NAME:
 * {"fingerprint", "refs", "clean": [blob ids], "records": [...]}}}.  The
 * old file is read whole; the new one is built as repositories finish and
 * written with the report.
 */
#include "state.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "report.h"

#define STATE_MAX (1u << 30)

struct kl_state {
	cJSON *old;  /* the file as read: "repositories" */
	cJSON *next; /* what this run writes */
	struct kl_map *clean;
	/* The rules files, config and baseline of this run, read once for
	 * every repository's fingerprint. */
	uint64_t files_hash;
	bool files_hashed;
};

int kl_state_load(struct kl_state **out, const char *path, struct kl_buf *err)
{
	struct kl_state *st = calloc(1, sizeof(*st));
	struct kl_buf data = KL_BUF_INIT;
	cJSON *root = NULL, *v;
	int rc;

	*out = NULL;
	if (!st)
		return KL_ENOMEM;
	rc = kl_buf_read_file(&data, path, STATE_MAX, true, "the state", err);
	if (rc == KL_ENOTFOUND) {
		rc = 0;
	} else if (!rc) {
		root =
		    cJSON_ParseWithLength(data.ptr ? data.ptr : "", data.len);
		v = cJSON_GetObjectItemCaseSensitive(root, "keylint_state");
		if (!cJSON_IsNumber(v) || v->valuedouble != 1 ||
		    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(
		        root, "repositories"))) {
			kl_buf_printf(err,
			              "%s: not a keylint state file (version "
			              "1)",
			              path);
			rc = KL_EINVAL;
		}
	}
	if (!rc && !(st->next = cJSON_CreateObject()))
		rc = KL_ENOMEM;
	if (!rc && root)
		st->old = cJSON_DetachItemFromObjectCaseSensitive(
		    root, "repositories");
	cJSON_Delete(root);
	kl_buf_free(&data);
	if (rc) {
		kl_state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

void kl_state_free(struct kl_state *st)
{
	if (!st)
		return;
	cJSON_Delete(st->old);
	cJSON_Delete(st->next);
	kl_map_free(st->clean);
	free(st);
}

struct refs_walk {
	git_repository *repo;
	cJSON *obj;
};

static int add_ref(const char *name, void *payload)
{
	struct refs_walk *w = payload;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;

	if (git_reference_name_to_id(&id, w->repo, name) < 0) {
		git_error_clear();
		return 0;
	}
	git_oid_tostr(hex, sizeof(hex), &id);
	return cJSON_AddStringToObject(w->obj, name, hex) ? 0 : -1;
}

cJSON *kl_state_refs(const char *path)
{
	struct refs_walk w = {NULL, cJSON_CreateObject()};

	if (!w.obj || git_repository_open_ext(&w.repo, path, 0, NULL) < 0 ||
	    add_ref("HEAD", &w) ||
	    git_reference_foreach_name(w.repo, add_ref, &w) < 0) {
		git_error_clear();
		cJSON_Delete(w.obj);
		w.obj = NULL;
	}
	git_repository_free(w.repo);
	return w.obj;
}

/* The bytes of a file named on the command line (a rules file, the
 * config, the baseline): an allowlist or a baseline entry added there
 * changes the findings without changing a rule's regex.  A file that
 * cannot be read counts by its name, so the next run that can read it
 * scans again. */
static uint64_t hash_file(uint64_t h, const char *path)
{
	char chunk[8192];
	FILE *f;
	size_t n;

	if (!path)
		return kl_hash_fnv1a(h, "-", 1);
	h = kl_hash_fnv1a(h, path, strlen(path) + 1);
	if (!(f = fopen(path, "rb")))
		return h;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		h = kl_hash_fnv1a(h, chunk, n);
	fclose(f);
	return h;
}

void kl_state_fingerprint(struct kl_state *st, const struct kl_ruleset *rs,
                          const struct kl_options *o, char out[17])
{
	char opts[160];
	uint64_t h = kl_hash_str(KEYLINT_VERSION);

	for (size_t i = 0; rs && i < rs->nrules; i++) {
		const struct kl_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		h = kl_hash_fnv1a(h, r->id, strlen(r->id) + 1);
		h = kl_hash_fnv1a(h, r->regex, strlen(r->regex) + 1);
		h = kl_hash_fnv1a(h, &r->severity, sizeof(r->severity));
		h = kl_hash_fnv1a(h, &r->entropy, sizeof(r->entropy));
	}
	snprintf(opts, sizeof(opts), "%llu %u %u %d %d",
	         (unsigned long long)o->max_file_size, o->max_archive_depth,
	         o->max_decode_depth, (int)o->whole_match,
	         (int)o->show_secrets);
	h = kl_hash_fnv1a(h, opts, strlen(opts));
	if (!st->files_hashed) {
		uint64_t f = kl_hash_str("files");

		for (size_t i = 0; i < o->nrule_files; i++)
			f = hash_file(f, o->rule_files[i]);
		f = hash_file(f, o->config);
		st->files_hash = hash_file(f, o->baseline);
		st->files_hashed = true;
	}
	h = kl_hash_fnv1a(h, &st->files_hash, sizeof(st->files_hash));
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static cJSON *entry(const struct kl_state *st, const char *name,
                    const char *fingerprint)
{
	cJSON *e = cJSON_GetObjectItemCaseSensitive(st->old, name);
	const char *fp = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(e, "fingerprint"));

	return fp && !strcmp(fp, fingerprint) ? e : NULL;
}

const cJSON *kl_state_replay(const struct kl_state *st, const char *name,
                             const cJSON *refs, const char *fingerprint)
{
	cJSON *e = entry(st, name, fingerprint), *records;

	if (!e || !refs ||
	    !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(e, "refs"), refs,
	                   true))
		return NULL;
	records = cJSON_GetObjectItemCaseSensitive(e, "records");
	return cJSON_IsArray(records) ? records : NULL;
}

int kl_state_clean(struct kl_state *st, const char *name,
                   const char *fingerprint, struct kl_blobstate *bs)
{
	cJSON *e = entry(st, name, fingerprint), *id;
	unsigned char raw[KL_BLOB_ID_SIZE];
	int rc;

	kl_map_free(st->clean);
	st->clean = NULL;
	bs->clean = NULL;
	if (!e)
		return 0;
	if ((rc = kl_map_new(&st->clean)))
		return rc;
	cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(e, "clean"))
	{
		git_oid oid;
		const char *hex = cJSON_GetStringValue(id);

		if (!hex || strlen(hex) != GIT_OID_HEXSZ ||
		    git_oid_fromstr(&oid, hex) < 0)
			continue;
		memcpy(raw, oid.id, sizeof(raw));
		if (kl_map_put(st->clean, raw, sizeof(raw), 1, NULL) < 0)
			return KL_ENOMEM;
	}
	bs->clean = st->clean;
	return 0;
}

int kl_state_record(struct kl_state *st, const char *name, cJSON *refs,
                    const char *fingerprint, const struct kl_blobstate *bs,
                    cJSON *records)
{
	cJSON *e = cJSON_CreateObject(), *clean;
	char hex[GIT_OID_HEXSZ + 1];

	if (!e || !cJSON_AddStringToObject(e, "fingerprint", fingerprint) ||
	    !(clean = cJSON_AddArrayToObject(e, "clean")))
		goto fail;
	if (refs)
		cJSON_AddItemToObject(e, "refs", refs);
	refs = NULL;
	if (records)
		cJSON_AddItemToObject(e, "records", records);
	records = NULL;
	for (size_t i = 0; i < bs->nseen; i++) {
		git_oid oid;

		if (i < bs->afound && bs->found[i])
			continue;
		memcpy(oid.id, bs->seen[i], KL_BLOB_ID_SIZE);
		git_oid_tostr(hex, sizeof(hex), &oid);
		if (!cJSON_AddItemToArray(clean, cJSON_CreateString(hex)))
			goto fail;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(st->next, name);
	if (!cJSON_AddItemToObject(st->next, name, e))
		goto fail;
	return 0;
fail:
	cJSON_Delete(refs);
	cJSON_Delete(records);
	cJSON_Delete(e);
	return KL_ENOMEM;
}

int kl_state_keep(struct kl_state *st, const char *name)
{
	cJSON *e = cJSON_GetObjectItemCaseSensitive(st->old, name);
	cJSON *copy = e ? cJSON_Duplicate(e, true) : NULL;

	if (!e)
		return 0;
	if (!copy || !cJSON_AddItemToObject(st->next, name, copy)) {
		cJSON_Delete(copy);
		return KL_ENOMEM;
	}
	return 0;
}

int kl_state_history_key(const struct kl_options *o, struct kl_buf *key)
{
	char *abs = realpath(o->ntargets ? o->targets[0] : ".", NULL);
	int rc =
	    kl_buf_puts(key, abs ? abs : (o->ntargets ? o->targets[0] : "."));

	free(abs);
	return rc;
}

int kl_state_save(struct kl_state *st, const char *path, struct kl_buf *err)
{
	cJSON *root = cJSON_CreateObject();
	char *s = NULL;
	int rc = KL_ENOMEM;

	if (root && cJSON_AddNumberToObject(root, "keylint_state", 1) &&
	    cJSON_AddItemReferenceToObject(root, "repositories", st->next) &&
	    (s = cJSON_PrintUnformatted(root)))
		rc = kl_report_write_file(path, s, strlen(s), err);
	cJSON_free(s);
	cJSON_Delete(root);
	return rc;
}
