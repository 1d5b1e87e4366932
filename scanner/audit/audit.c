/*
 * audit: read the list, keep this shard's entries, sort them by name (the
 * order of the report), then for each: fetch it when it is a URL, run a
 * history scan (scan.h) with the audit's options, and turn the report
 * into records: one for the scan, one per finding, each naming the
 * repository.  Relative paths in the list are relative to the list's
 * folder, so a list can travel with the repositories it names.
 */
#include "audit.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "hash.h"
#include "report_json.h"
#include "scan.h"
#include "state.h"

#define LIST_MAX (64u << 20)

int kl_audit_read_list(const char *path, struct kl_strv *entries,
                       struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc =
	    kl_buf_read_file(&data, path, LIST_MAX, false, "the list", err);
	const char *p, *end;

	if (rc)
		return rc;
	p = data.ptr ? data.ptr : "";
	end = p + data.len;
	while (!rc && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p;
		bool dup = false;

		p = e + 1;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s == e || *s == '#')
			continue;
		for (size_t i = 0; !dup && i < entries->n; i++)
			dup = strlen(entries->v[i]) == (size_t)(e - s) &&
			      !memcmp(entries->v[i], s, (size_t)(e - s));
		if (!dup)
			rc = kl_strv_pushn(entries, s, (size_t)(e - s));
	}
	kl_buf_free(&data);
	return rc;
}

bool kl_audit_in_shard(const char *entry, unsigned k, unsigned n)
{
	return !n || kl_hash_str(entry) % n == (uint64_t)(k - 1);
}

/* ---- records ---------------------------------------------------------------
 */

static cJSON *record(const char *name)
{
	cJSON *o = cJSON_CreateObject();

	if (o && !cJSON_AddStringToObject(o, "repository", name)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int error_record(struct kl_auditlog *log, const char *name,
                        const char *msg)
{
	cJSON *o = record(name);

	if (!o || !cJSON_AddStringToObject(o, "error", msg)) {
		cJSON_Delete(o);
		return KL_ENOMEM;
	}
	return kl_auditlog_add(log, o);
}

static int scan_record(cJSON *recs, const char *name,
                       const struct kl_report *rep,
                       const struct kl_blobstate *bs)
{
	const struct kl_counts *c = &rep->counts;
	cJSON *o = record(name), *scan, *sk, *errs, *e;

	if (!o || !(scan = cJSON_AddObjectToObject(o, "scan")) ||
	    !cJSON_AddStringToObject(scan, "mode", "history") ||
	    !cJSON_AddNumberToObject(
	        scan, "rules",
	        (double)(rep->rules ? rep->rules->nenabled : 0)) ||
	    !cJSON_AddNumberToObject(scan, "commits", (double)c->commits) ||
	    !cJSON_AddNumberToObject(scan, "blobs", (double)c->blobs) ||
	    !cJSON_AddNumberToObject(scan, "bytes", (double)c->bytes) ||
	    !(sk = cJSON_AddObjectToObject(scan, "skipped")) ||
	    !cJSON_AddNumberToObject(sk, "binary", (double)c->binary) ||
	    !cJSON_AddNumberToObject(sk, "too_large", (double)c->too_large) ||
	    !cJSON_AddNumberToObject(sk, "ignored", (double)c->ignored) ||
	    (bs && !cJSON_AddNumberToObject(scan, "blobs_known",
	                                    (double)bs->skipped)) ||
	    !cJSON_AddNumberToObject(scan, "duration_ms",
	                             (double)rep->duration_ms) ||
	    /* For the reports merge rebuilds: these secrets are whole. */
	    (rep->show_secrets &&
	     !cJSON_AddTrueToObject(scan, "show_secrets")) ||
	    !(errs = cJSON_AddArrayToObject(o, "errors")))
		goto fail;
	for (size_t i = 0; i < rep->errors.n; i++)
		if (!(e = cJSON_CreateObject()) ||
		    !cJSON_AddItemToArray(errs, e) ||
		    kl_report_json_add_bytes(e, "path", rep->errors.v[i].path,
		                             strlen(rep->errors.v[i].path)) ||
		    kl_report_json_add_bytes(e, "message",
		                             rep->errors.v[i].message,
		                             strlen(rep->errors.v[i].message)))
			goto fail;
	if (cJSON_AddItemToArray(recs, o))
		return 0;
fail:
	cJSON_Delete(o);
	return KL_ENOMEM;
}

/* A finding as history's JSON gives it, after the repository and the
 * application. */
static int finding_record(cJSON *recs, const char *name,
                          const struct kl_report *rep,
                          const struct kl_finding *f)
{
	cJSON *o = record(name), *body = NULL, *item;
	int rc = KL_ENOMEM;

	if (!o ||
	    kl_report_json_add_bytes(
	        o, "application", f->application ? f->application : "",
	        f->application ? strlen(f->application) : 0) ||
	    (rc = kl_report_json_finding(rep, f, &body)))
		goto fail;
	while ((item = body->child)) {
		const char *key = item->string;

		cJSON_DetachItemViaPointer(body, item);
		if (!strcmp(key, "repository")) {
			cJSON_Delete(item);
			continue;
		}
		cJSON_AddItemToObject(o, key, item);
	}
	cJSON_Delete(body);
	if (cJSON_AddItemToArray(recs, o))
		return 0;
	rc = KL_ENOMEM;
fail:
	cJSON_Delete(body);
	cJSON_Delete(o);
	return rc ? rc : KL_ENOMEM;
}

/* ---- scanning one repository
 * -------------------------------------------------
 */

static int add_warnings(struct kl_strv *warnings, const char *name,
                        const struct kl_strv *w)
{
	struct kl_buf line = KL_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && i < w->n; i++) {
		kl_buf_clear(&line);
		if (!(rc = kl_buf_printf(&line, "%s: %s", name, w->v[i])))
			rc = kl_strv_push(warnings, line.ptr);
	}
	kl_buf_free(&line);
	return rc;
}

/* Move every record of recs into the log. */
static int add_all(struct kl_auditlog *log, cJSON *recs)
{
	cJSON *r;
	int rc = 0;

	while (!rc && (r = recs->child))
		rc = kl_auditlog_add(log, cJSON_DetachItemViaPointer(recs, r));
	return rc;
}

/* The records of an unchanged repository again: nothing was read. */
static int replay(struct kl_auditlog *log, const cJSON *old)
{
	cJSON *recs = cJSON_Duplicate(old, true), *r, *scan, *sk;
	int rc;

	if (!recs)
		return KL_ENOMEM;
	cJSON_ArrayForEach(r, recs)
	{
		if (!(scan = cJSON_GetObjectItemCaseSensitive(r, "scan")))
			continue;
		cJSON_SetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(scan, "blobs"), 0);
		cJSON_SetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(scan, "bytes"), 0);
		cJSON_SetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(scan, "duration_ms"), 0);
		sk = cJSON_GetObjectItemCaseSensitive(scan, "skipped");
		cJSON_SetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(sk, "binary"), 0);
		cJSON_SetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(sk, "too_large"), 0);
		cJSON_DeleteItemFromObjectCaseSensitive(scan, "from_state");
		cJSON_AddTrueToObject(scan, "from_state");
	}
	rc = add_all(log, recs);
	cJSON_Delete(recs);
	return rc;
}

struct one {
	const struct kl_options *opts;
	struct kl_state *state; /* NULL without --state */
	struct kl_auditlog *log;
	struct kl_strv *warnings;
};

/* With --state: replay an unchanged repository (1), or give the scan
 * the blobs known to be clean (0). */
static int use_state(struct one *a, const char *name, const char *path,
                     struct kl_scan *scan, const struct kl_options *sub,
                     cJSON **refs, char fp[17])
{
	const cJSON *old;
	int rc;

	*refs = kl_state_refs(path);
	kl_state_fingerprint(a->state, kl_scan_report(scan)->rules, sub, fp);
	if ((old = kl_state_replay(a->state, name, *refs, fp))) {
		if (!(rc = replay(a->log, old)))
			rc = kl_state_keep(a->state, name);
		return rc ? rc : 1;
	}
	return kl_state_clean(a->state, name, fp, sub->blobstate);
}

static int scan_one(struct one *a, const char *name, const char *path)
{
	struct kl_options sub = *a->opts;
	struct kl_blobstate bs = KL_BLOBSTATE_INIT;
	char *targets[1] = {(char *)path};
	struct kl_buf err = KL_BUF_INIT;
	cJSON *recs = cJSON_CreateArray(), *refs = NULL;
	const struct kl_report *rep;
	struct kl_scan *scan = NULL;
	char fp[17] = "";
	int rc;

	sub.mode = KL_MODE_HISTORY;
	sub.targets = targets;
	sub.ntargets = 1;
	sub.revs = NULL;
	sub.nrevs = 0;
	sub.noutputs = 0;
	sub.write_baseline = false;
	sub.blobstate = a->state ? &bs : NULL;
	if (!recs) {
		rc = KL_ENOMEM;
		goto done;
	}
	if (!(rc = kl_scan_new(&scan, &sub, &err)) && a->state &&
	    (rc = use_state(a, name, path, scan, &sub, &refs, fp)) == 1) {
		rc = 0;
		goto done;
	}
	if (!rc)
		rc = kl_scan_run(scan, NULL, &err);
	if (rc == KL_ENOMEM)
		goto done;
	if (rc) {
		rc = error_record(a->log, name,
		                  err.len ? err.ptr
		                          : "cannot scan the repository");
		goto done;
	}
	rep = kl_scan_report(scan);
	rc = scan_record(recs, name, rep, sub.blobstate);
	for (size_t i = 0; !rc && i < rep->findings.n; i++)
		rc = finding_record(recs, name, rep, &rep->findings.v[i]);
	if (!rc)
		rc = add_warnings(a->warnings, name, &rep->warnings);
	/* Records are kept only when they hold no secret. */
	if (!rc && a->state)
		rc = kl_state_record(
		    a->state, name, refs, fp, &bs,
		    sub.show_secrets ? NULL : cJSON_Duplicate(recs, true));
	refs = NULL;
	if (!rc)
		rc = add_all(a->log, recs);
done:
	cJSON_Delete(refs);
	cJSON_Delete(recs);
	kl_blobstate_release(&bs);
	kl_scan_free(scan);
	kl_buf_free(&err);
	return rc;
}

struct entry {
	const char *text; /* as in the list */
	char *name;       /* as reported: a URL without credentials */
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	              ((const struct entry *)b)->name);
}

/* Where the repository of an entry is: a clone in the cache, or the path
 * (relative to the list's folder). */
static int locate(const struct kl_options *opts, const char *text,
                  struct kl_buf *path, struct kl_buf *err)
{
	const char *list = opts->targets[0], *slash = strrchr(list, '/');

	kl_buf_clear(path);
	if (kl_fetch_is_url(text))
		return kl_fetch_repo(opts->cache_dir, text, path, err);
	if (text[0] == '/' || !slash)
		return kl_buf_puts(path, text);
	return kl_buf_printf(path, "%.*s/%s", (int)(slash - list), list, text);
}

int kl_audit_run(const struct kl_options *opts, struct kl_auditlog *log,
                 struct kl_strv *warnings, struct kl_buf *err)
{
	struct one a = {opts, NULL, log, warnings};
	struct kl_strv list = {0};
	struct kl_buf path = KL_BUF_INIT, name = KL_BUF_INIT, why = KL_BUF_INIT;
	struct entry *v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = kl_audit_read_list(opts->targets[0], &list, err)) ||
	    (opts->state_file &&
	     (rc = kl_state_load(&a.state, opts->state_file, err))))
		goto done;
	if (list.n && !(v = calloc(list.n, sizeof(*v)))) {
		rc = KL_ENOMEM;
		goto done;
	}
	for (size_t i = 0; !rc && i < list.n; i++) {
		kl_buf_clear(&name);
		if ((rc = kl_fetch_display(list.v[i], &name)))
			break;
		if (!kl_audit_in_shard(name.ptr, opts->shard_k, opts->shard_n))
			continue;
		v[n].text = list.v[i];
		if (!(v[n++].name = kl_buf_detach(&name, NULL)))
			rc = KL_ENOMEM;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_entry);
	for (size_t i = 0; !rc && i < n; i++) {
		kl_buf_clear(&why);
		if (locate(opts, v[i].text, &path, &why))
			rc = error_record(
			    log, v[i].name,
			    why.len ? why.ptr : "cannot fetch the repository");
		else
			rc = scan_one(&a, v[i].name, path.ptr);
	}
	if (!rc && a.state)
		rc = kl_state_save(a.state, opts->state_file, err);
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_puts(err, "out of memory");
done:
	kl_state_free(a.state);
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	kl_strv_free(&list);
	kl_buf_free(&path);
	kl_buf_free(&name);
	kl_buf_free(&why);
	return rc;
}
