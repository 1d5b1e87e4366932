/*
 * auditreport: one kl_finding per finding record, its strings copied (the
 * records may go once the report is built), its rule looked up among the
 * rules rebuilt so far by id.  Numbers absent from a record stay 0.
 */
#include "auditreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str_of(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static uint32_t num_of(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	double d = cJSON_IsNumber(n) ? n->valuedouble : 0;

	return d > 0 && d < 4294967295.0 ? (uint32_t)d : 0;
}

static int dup_to(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	return (*out = strdup(s)) ? 0 : KL_ENOMEM;
}

static int strv_of(struct kl_strv *sv, const cJSON *o, const char *key)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key), *e;
	int rc = 0;

	cJSON_ArrayForEach(e, arr)
	{
		if (!rc && cJSON_IsString(e))
			rc = kl_strv_push(sv, e->valuestring);
	}
	return rc;
}

static void rule_free(struct kl_rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->description);
	kl_strv_free(&r->tags);
	free(r);
}

/* The rule a record names, rebuilt on its first finding. */
static int rule_of(struct kl_auditreport *ar, const cJSON *rec,
                   const struct kl_rule **out)
{
	const char *id = str_of(rec, "rule_id"), *sev = str_of(rec, "severity");
	struct kl_rule *r;
	int rc;

	for (size_t i = 0; i < ar->nrules; i++)
		if (!strcmp(ar->rules[i]->id, id)) {
			*out = ar->rules[i];
			return 0;
		}
	if (KL_ALLOC_GROW(ar->rules, ar->nrules + 1, ar->arules) ||
	    !(r = calloc(1, sizeof(*r))))
		return KL_ENOMEM;
	if ((rc = dup_to(&r->id, id)) ||
	    (rc = dup_to(&r->description, str_of(rec, "description"))) ||
	    (rc = strv_of(&r->tags, rec, "tags"))) {
		rule_free(r);
		return rc;
	}
	if (!sev || kl_severity_parse(sev, &r->severity))
		r->severity = KL_SEV_MEDIUM;
	ar->rules[ar->nrules++] = r;
	*out = r;
	return 0;
}

static int commit_of(struct kl_finding *f, const cJSON *rec)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(rec, "commit");
	const char *id, *date;
	int rc;

	if (!cJSON_IsObject(c))
		return 0;
	if (!(f->commit = calloc(1, sizeof(*f->commit))))
		return KL_ENOMEM;
	id = str_of(c, "id");
	date = str_of(c, "date");
	snprintf(f->commit->id, sizeof(f->commit->id), "%s", id ? id : "");
	snprintf(f->commit->date, sizeof(f->commit->date), "%s",
	         date ? date : "");
	if ((rc = dup_to(&f->commit->author, str_of(c, "author"))) ||
	    (rc = dup_to(&f->commit->email, str_of(c, "email"))) ||
	    (rc = dup_to(&f->commit->summary, str_of(c, "summary"))))
		return rc;
	f->present_at_head = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(rec, "present_at_head"));
	if ((rc = strv_of(&f->head_paths, rec, "head_paths")))
		return rc;
	return strv_of(&f->reachable_from, rec, "reachable_from");
}

static int finding_of(struct kl_auditreport *ar, const cJSON *rec,
                      struct kl_finding *f)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(rec, "entropy");
	const char *hash = str_of(rec, "secret_hash"), *sev;
	int rc;

	f->blob = KL_NO_BLOB;
	f->order = ar->rep.findings.n;
	if ((rc = rule_of(ar, rec, &f->rule)))
		return rc;
	sev = str_of(rec, "severity");
	if (!sev || kl_severity_parse(sev, &f->severity))
		f->severity = f->rule->severity;
	if ((rc = dup_to(&f->path, str_of(rec, "path"))) ||
	    (rc = dup_to(&f->secret, str_of(rec, "secret"))) ||
	    (rc = dup_to(&f->repository, str_of(rec, "repository"))) ||
	    (rc = dup_to(&f->application, str_of(rec, "application"))) ||
	    (rc = dup_to(&f->client_side_reason,
	                 str_of(rec, "client_side_reason"))) ||
	    (rc = strv_of(&f->decoded, rec, "decoded")))
		return rc;
	if (!f->secret && (rc = dup_to(&f->secret, "")))
		return rc;
	f->secret_len = strlen(f->secret);
	f->line = num_of(rec, "line");
	f->column = num_of(rec, "column");
	f->end_line = num_of(rec, "end_line");
	f->end_column = num_of(rec, "end_column");
	snprintf(f->secret_hash, sizeof(f->secret_hash), "%s",
	         hash ? hash : "");
	/* The digest is the hash's first 16 digits (findings.h). */
	memcpy(f->digest, f->secret_hash, sizeof(f->digest) - 1);
	f->digest[sizeof(f->digest) - 1] = '\0';
	f->entropy = cJSON_IsNumber(e) ? e->valuedouble : 0;
	f->classified = true;
	f->client_side =
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "client_side"));
	return commit_of(f, rec);
}

/* Errors of a scanned repository: [{"path": P, "message": M}]. */
static int errors_of(struct kl_report *rep, const char *name, const cJSON *rec)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rec, "errors"), *e;
	struct kl_buf where = KL_BUF_INIT;
	int rc = 0;

	cJSON_ArrayForEach(e, arr)
	{
		const char *path = str_of(e, "path"),
		           *msg = str_of(e, "message");

		if (rc || !msg)
			continue;
		kl_buf_clear(&where);
		rc = kl_buf_printf(&where, "%s: %s", name, path ? path : "");
		if (!rc)
			rc = kl_errors_add(&rep->errors, where.ptr, msg);
	}
	kl_buf_free(&where);
	return rc;
}

/* A repository's scan record: its counts add up, its time too (the
 * repositories' scans one after another, whatever ran in parallel), the
 * rules are the most any repository had. */
static void counts_of(struct kl_report *rep, const cJSON *rec)
{
	const cJSON *scan = cJSON_GetObjectItemCaseSensitive(rec, "scan");
	const cJSON *sk = cJSON_GetObjectItemCaseSensitive(scan, "skipped");
	struct kl_counts *c = &rep->counts;
	uint32_t rules = num_of(scan, "rules");

	if (rules > rep->nrules)
		rep->nrules = rules;
	rep->duration_ms += num_of(scan, "duration_ms");
	rep->show_secrets |= cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(scan, "show_secrets"));

	c->commits += num_of(scan, "commits");
	c->blobs += num_of(scan, "blobs");
	c->bytes += num_of(scan, "bytes");
	c->binary += num_of(sk, "binary");
	c->too_large += num_of(sk, "too_large");
	c->ignored += num_of(sk, "ignored");
}

struct build {
	struct kl_auditreport *ar;
	enum kl_severity min;
};

static int add_record(const cJSON *rec, void *ud)
{
	struct build *b = ud;
	struct kl_report *rep = &b->ar->rep;
	struct kl_findings *fs = &rep->findings;
	const char *name = str_of(rec, "repository"), *error;
	int rc;

	if (!rep->targets.n || strcmp(rep->targets.v[rep->targets.n - 1], name))
		if ((rc = kl_strv_push(&rep->targets, name)))
			return rc;
	if ((error = str_of(rec, "error"))) {
		rep->incomplete = true;
		return kl_errors_add(&rep->errors, name, error);
	}
	if (!str_of(rec, "rule_id")) {
		counts_of(rep, rec);
		return errors_of(rep, name, rec);
	}
	if (KL_ALLOC_GROW(fs->v, fs->n + 1, fs->alloc))
		return KL_ENOMEM;
	memset(&fs->v[fs->n], 0, sizeof(fs->v[fs->n]));
	/* Counted before it is filled, so that a half-built finding is
	 * released with the report. */
	fs->n++;
	if ((rc = finding_of(b->ar, rec, &fs->v[fs->n - 1])))
		return rc;
	if (fs->v[fs->n - 1].severity >= b->min)
		rep->gated++;
	return 0;
}

int kl_auditreport_build(struct kl_auditreport *ar, struct kl_auditlog *l,
                         enum kl_severity min)
{
	struct build b = {ar, min};
	int rc;

	ar->rep.mode = KL_MODE_HISTORY;
	ar->rep.secrets_redacted = true;
	if ((rc = kl_auditlog_each(l, add_record, &b)))
		return rc;
	return kl_reuse_build(&ar->rep.findings, &ar->rep.reuse);
}

void kl_auditreport_release(struct kl_auditreport *ar)
{
	kl_report_release(&ar->rep);
	for (size_t i = 0; i < ar->nrules; i++)
		rule_free(ar->rules[i]);
	free(ar->rules);
	memset(ar, 0, sizeof(*ar));
}
