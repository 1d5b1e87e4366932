/*
 * report_json: builds the report object of README.md with cJSON.  Key
 * order follows the README; numbers that are counts are printed as integers,
 * and entropy is rounded to two decimals so output is stable across platforms.
 */
#include "report_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *mode_name(enum kl_mode m)
{
	return m == KL_MODE_HISTORY  ? "history"
	       : m == KL_MODE_STAGED ? "staged"
	                             : "scan";
}

int kl_report_json_add_bytes(cJSON *obj, const char *key, const char *s,
                             size_t len)
{
	struct kl_buf b = KL_BUF_INIT;
	int rc = kl_text_utf8_sanitize(&b, s ? s : "", s ? len : 0);

	if (!rc && !cJSON_AddStringToObject(obj, key, b.ptr ? b.ptr : ""))
		rc = KL_ENOMEM;
	kl_buf_free(&b);
	return rc;
}

static int add_str(cJSON *obj, const char *key, const char *s)
{
	return kl_report_json_add_bytes(obj, key, s, s ? strlen(s) : 0);
}

static int add_num(cJSON *obj, const char *key, double v)
{
	return cJSON_AddNumberToObject(obj, key, v) ? 0 : KL_ENOMEM;
}

static int add_strv(cJSON *obj, const char *key, const struct kl_strv *sv)
{
	char *const *v = sv->v;
	size_t n = sv->n;

	cJSON *arr = cJSON_AddArrayToObject(obj, key);

	if (!arr)
		return KL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct kl_buf b = KL_BUF_INIT;
		cJSON *s;

		if (kl_text_utf8_sanitize(&b, v[i], strlen(v[i])))
			return KL_ENOMEM;
		s = cJSON_CreateString(b.ptr ? b.ptr : "");
		kl_buf_free(&b);
		if (!s || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			return KL_ENOMEM;
		}
	}
	return 0;
}

static int add_commit(cJSON *obj, const struct kl_commit_info *ci)
{
	cJSON *c = cJSON_AddObjectToObject(obj, "commit");
	int rc;

	if (!c)
		return KL_ENOMEM;
	if ((rc = add_str(c, "id", ci->id)) ||
	    (rc = add_str(c, "author", ci->author)) ||
	    (rc = add_str(c, "email", ci->email)) ||
	    (rc = add_str(c, "date", ci->date)) ||
	    (rc = add_str(c, "summary", ci->summary)))
		return rc;
	return 0;
}

int kl_report_json_finding(const struct kl_report *rep,
                           const struct kl_finding *f, cJSON **out)
{
	cJSON *o = cJSON_CreateObject();
	struct kl_buf b = KL_BUF_INIT;
	int rc = KL_ENOMEM;

	*out = NULL;
	if (!o)
		return KL_ENOMEM;
	/* Audits: which repository, first, as the records of one stream
	 * come from many. */
	if (f->repository && (rc = add_str(o, "repository", f->repository)))
		goto done;
	if ((rc = add_str(o, "rule_id", f->rule->id)) ||
	    (rc = add_str(o, "description", f->rule->description)) ||
	    (rc = add_str(o, "severity", kl_severity_name(f->severity))) ||
	    (rc = add_str(o, "path", f->path)) ||
	    (rc = add_num(o, "line", f->line)) ||
	    (rc = add_num(o, "column", f->column)) ||
	    (rc = add_num(o, "end_line", f->end_line)) ||
	    (rc = add_num(o, "end_column", f->end_column)))
		goto done;
	if (!(rc = kl_report_secret(rep, f->secret, f->secret_len, &b)))
		rc = kl_report_json_add_bytes(o, "secret", b.ptr, b.len);
	if (rc)
		goto done;
	kl_buf_clear(&b);
	if ((rc = kl_finding_fingerprint(f, &b)) ||
	    (rc = kl_report_json_add_bytes(o, "fingerprint", b.ptr, b.len)) ||
	    (rc = add_str(o, "secret_hash", f->secret_hash)) ||
	    (rc = add_num(o, "entropy", round(f->entropy * 100.0) / 100.0)))
		goto done;
	rc = KL_ENOMEM;
	if (!cJSON_AddBoolToObject(o, "client_side", f->client_side))
		goto done;
	if (f->client_side_reason) {
		if ((rc = add_str(o, "client_side_reason",
		                  f->client_side_reason)))
			goto done;
	} else if (!cJSON_AddNullToObject(o, "client_side_reason")) {
		goto done;
	}
	kl_buf_clear(&b);
	if ((rc = add_strv(o, "tags", &f->rule->tags)) ||
	    (rc = add_strv(o, "decoded", &f->decoded)) ||
	    (rc =
	         kl_finding_remediation(f, rep->mode == KL_MODE_HISTORY, &b)) ||
	    (rc = add_str(o, "remediation", b.ptr)))
		goto done;
	rc = KL_ENOMEM;
	if (rep->mode == KL_MODE_HISTORY && f->commit) {
		if ((rc = add_commit(o, f->commit)))
			goto done;
		rc = KL_ENOMEM;
		if (!cJSON_AddBoolToObject(o, "present_at_head",
		                           f->present_at_head))
			goto done;
		if ((rc = add_strv(o, "head_paths", &f->head_paths)) ||
		    (rc = add_strv(o, "reachable_from", &f->reachable_from)))
			goto done;
	} else if (rep->mode == KL_MODE_STAGED) {
		if (!cJSON_AddNullToObject(o, "commit"))
			goto done;
	}
	rc = 0;
done:
	kl_buf_free(&b);
	if (rc) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* "dropped" (--explain): each candidate that is not a finding, as a
 * finding would be written, with the verdict that dropped it. */
static int add_dropped(cJSON *root, const struct kl_report *rep)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "dropped"), *f;
	int rc = arr ? 0 : KL_ENOMEM;

	for (size_t i = 0; !rc && i < rep->dropped.n; i++) {
		const struct kl_finding *d = &rep->dropped.v[i];

		if ((rc = kl_report_json_finding(rep, d, &f)))
			break;
		cJSON_AddItemToArray(arr, f);
		if (add_str(f, "verdict", kl_verdict_name(d->verdict)) ||
		    add_str(f, "reason", kl_verdict_text(d->verdict)) ||
		    (d->verdict == KL_VERDICT_OVERLAP && rep->rules &&
		     d->by_rule < rep->rules->nrules &&
		     add_str(f, "by_rule", rep->rules->rules[d->by_rule].id)))
			rc = KL_ENOMEM;
	}
	return rc;
}

/* "reuse": each secret found in more than one application, redacted,
 * with every place that holds it. */
static int add_reuse(cJSON *root, const struct kl_report *rep)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "reuse"), *g, *places, *p;
	struct kl_buf red = KL_BUF_INIT;
	int rc = arr ? 0 : KL_ENOMEM;

	for (size_t i = 0; !rc && i < rep->reuse.n; i++) {
		const struct kl_reuse_group *grp = &rep->reuse.v[i];
		const struct kl_finding *f = grp->first;

		kl_buf_clear(&red);
		rc = KL_ENOMEM;
		if (!(g = cJSON_CreateObject()) ||
		    !cJSON_AddItemToArray(arr, g) ||
		    add_str(g, "secret_hash", f->secret_hash) ||
		    kl_report_secret(rep, f->secret, f->secret_len, &red) ||
		    kl_report_json_add_bytes(g, "secret", red.ptr, red.len) ||
		    !(places = cJSON_AddArrayToObject(g, "places")))
			break;
		rc = 0;
		for (size_t k = 0; !rc && k < grp->n; k++) {
			const struct kl_reuse_place *pl = &grp->places[k];

			rc = KL_ENOMEM;
			if (!(p = cJSON_CreateObject()) ||
			    !cJSON_AddItemToArray(places, p))
				break;
			rc = pl->repository
			         ? add_str(p, "repository", pl->repository)
			     : cJSON_AddNullToObject(p, "repository")
			         ? 0
			         : KL_ENOMEM;
			if (!rc)
				rc = add_str(p, "application",
				             pl->application ? pl->application
				                             : "");
			if (!rc)
				rc = add_str(p, "path", pl->path);
		}
	}
	kl_buf_free(&red);
	return rc;
}

static int build(const struct kl_report *rep, cJSON **out)
{
	cJSON *root = cJSON_CreateObject(), *tool, *scan, *skipped, *arr;
	int rc = KL_ENOMEM;

	*out = NULL;
	if (!root)
		return KL_ENOMEM;
	if (!(tool = cJSON_AddObjectToObject(root, "tool")) ||
	    add_str(tool, "name", "keylint") ||
	    add_str(tool, "version", KEYLINT_VERSION))
		goto done;
	if (!(scan = cJSON_AddObjectToObject(root, "scan")) ||
	    add_str(scan, "mode", mode_name(rep->mode)) ||
	    add_strv(scan, "targets", &rep->targets) ||
	    add_num(
	        scan, "rules",
	        (double)(rep->rules ? rep->rules->nenabled : rep->nrules)) ||
	    add_num(scan, "files", (double)rep->counts.files) ||
	    add_num(scan, "commits", (double)rep->counts.commits) ||
	    add_num(scan, "blobs", (double)rep->counts.blobs) ||
	    add_num(scan, "bytes", (double)rep->counts.bytes))
		goto done;
	if (!(skipped = cJSON_AddObjectToObject(scan, "skipped")) ||
	    add_num(skipped, "binary", (double)rep->counts.binary) ||
	    add_num(skipped, "too_large", (double)rep->counts.too_large) ||
	    add_num(skipped, "ignored", (double)rep->counts.ignored) ||
	    add_num(scan, "duration_ms", (double)rep->duration_ms))
		goto done;
	if (!(arr = cJSON_AddArrayToObject(root, "findings")))
		goto done;
	for (size_t i = 0; i < rep->findings.n; i++) {
		cJSON *f;

		if ((rc = kl_report_json_finding(rep, &rep->findings.v[i], &f)))
			goto done;
		cJSON_AddItemToArray(arr, f);
	}
	if (rep->explain && (rc = add_dropped(root, rep)))
		goto done;
	if ((rc = add_reuse(root, rep)))
		goto done;
	rc = KL_ENOMEM;
	if (!(arr = cJSON_AddArrayToObject(root, "errors")))
		goto done;
	for (size_t i = 0; i < rep->errors.n; i++) {
		cJSON *e = cJSON_CreateObject();

		if (!e || !cJSON_AddItemToArray(arr, e) ||
		    add_str(e, "path", rep->errors.v[i].path) ||
		    add_str(e, "message", rep->errors.v[i].message))
			goto done;
	}
	rc = 0;
done:
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	*out = root;
	return 0;
}

int kl_report_json_render(const struct kl_report *rep, struct kl_buf *out)
{
	cJSON *root;
	char *s;
	int rc = build(rep, &root);

	if (rc)
		return rc;
	s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		return KL_ENOMEM;
	rc = kl_buf_puts(out, s);
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	cJSON_free(s);
	return rc;
}

int kl_report_json_render_line(const struct kl_report *rep,
                               const struct kl_finding *f, struct kl_buf *out)
{
	cJSON *obj;
	char *s;
	int rc = kl_report_json_finding(rep, f, &obj);

	if (rc)
		return rc;
	s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!s)
		return KL_ENOMEM;
	rc = kl_buf_puts(out, s);
	cJSON_free(s);
	return rc ? rc : kl_buf_putc(out, '\n');
}

int kl_report_json_render_lines(const struct kl_report *rep, struct kl_buf *out)
{
	int rc = 0;

	for (size_t i = 0; i < rep->findings.n && !rc; i++)
		rc = kl_report_json_render_line(rep, &rep->findings.v[i], out);
	return rc;
}

/* ---- baselines ------------------------------------------------------------
 */

static int cmp_known(const void *a, const void *b)
{
	const struct kl_finding *x = *(const struct kl_finding *const *)a;
	const struct kl_finding *y = *(const struct kl_finding *const *)b;
	int c = strcmp(x->rule->id, y->rule->id);

	return c ? c : strcmp(x->digest, y->digest);
}

int kl_report_json_render_baseline(const struct kl_report *rep,
                                   struct kl_buf *out)
{
	const struct kl_finding **v;
	size_t n = rep->findings.n;
	int rc = 0;

	if (!(v = malloc((n ? n : 1) * sizeof(*v))))
		return KL_ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = &rep->findings.v[i];
	qsort(v, n, sizeof(*v), cmp_known);
	rc = kl_buf_puts(out, "{\n  \"keylint_baseline\": 1,\n"
	                      "  \"entries\": [");
	for (size_t i = 0, k = 0; !rc && i < n; i++) {
		cJSON *e;
		char *line;

		if (i && cmp_known(&v[i - 1], &v[i]) == 0)
			continue;
		if (!(e = cJSON_CreateObject()) ||
		    kl_report_json_add_bytes(e, "rule", v[i]->rule->id,
		                             strlen(v[i]->rule->id)) ||
		    !cJSON_AddStringToObject(e, "digest", v[i]->digest) ||
		    !(line = cJSON_PrintUnformatted(e))) {
			cJSON_Delete(e);
			rc = KL_ENOMEM;
			break;
		}
		cJSON_Delete(e);
		rc = kl_buf_printf(out, "%s\n    %s", k++ ? "," : "", line);
		cJSON_free(line);
	}
	if (!rc)
		rc = kl_buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
	free(v);
	return rc;
}
