/*
 * report_sarif: SARIF 2.1.0 built with cJSON.  Levels follow severity
 * (critical/high: error, medium: warning, low: note) and
 * security-severity uses the scale code-scanning services expect.  URIs
 * are percent-encoded relative paths; snippets are always redacted unless
 * --show-secrets.  Columns count Unicode code points, as the run's
 * columnKind says (the JSON report's columns count bytes).
 */
#include "report_sarif.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report_json.h"
#include "text.h"

static const char *level(enum kl_severity s)
{
	return s >= KL_SEV_HIGH     ? "error"
	       : s == KL_SEV_MEDIUM ? "warning"
	                            : "note";
}

static const char *security_severity(enum kl_severity s)
{
	switch (s) {
	case KL_SEV_CRITICAL:
		return "9.5";
	case KL_SEV_HIGH:
		return "8.0";
	case KL_SEV_MEDIUM:
		return "5.5";
	default:
		return "3.0";
	}
}

/* RFC 3986 path: keep unreserved characters and '/', encode the rest. */
static int uri_encode(struct kl_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (const unsigned char *p = (const unsigned char *)path; *p && !rc;
	     p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			rc = kl_buf_putc(out, (char)*p);
		else
			rc = kl_buf_printf(out, "%%%c%c", hex[*p >> 4],
			                   hex[*p & 15]);
	}
	return rc;
}

/* SARIF wants a readable name that differs from the opaque id:
 * github-pat-classic becomes GithubPatClassic; a one-word id such as
 * "jwt" gets no name, as the specification asks. */
static int rule_name(cJSON *o, const char *id)
{
	struct kl_buf b = KL_BUF_INIT;
	bool up = true;
	int rc = 0;

	for (const char *p = id; *p && !rc; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			up = true;
			continue;
		}
		rc =
		    kl_buf_putc(&b, up ? (char)toupper((unsigned char)*p) : *p);
		up = false;
	}
	if (!rc && b.ptr && strcasecmp(b.ptr, id) != 0 &&
	    !cJSON_AddStringToObject(o, "name", b.ptr))
		rc = KL_ENOMEM;
	kl_buf_free(&b);
	return rc;
}

static cJSON *text_obj(const char *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o && kl_report_json_add_bytes(o, "text", s, strlen(s))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int add_rule(cJSON *rules, const struct kl_rule *r)
{
	cJSON *o = cJSON_CreateObject(), *props, *tags, *cfg;
	struct kl_buf full = KL_BUF_INIT;
	int rc = KL_ENOMEM;

	if (!o || !cJSON_AddItemToArray(rules, o)) {
		cJSON_Delete(o);
		return KL_ENOMEM;
	}
	kl_buf_printf(&full, "%s. Detected by keylint rule %s", r->description,
	              r->id);
	if (r->keywords.n)
		kl_buf_printf(&full, " (keywords: %s%s)", r->keywords.v[0],
		              r->keywords.n > 1 ? ", ..." : "");
	kl_buf_puts(&full, ". Remove the secret from the code, rotate it, "
	                   "and load it from the environment or a secret "
	                   "manager.");
	if (!full.ptr || !cJSON_AddStringToObject(o, "id", r->id) ||
	    rule_name(o, r->id) ||
	    !cJSON_AddItemToObject(o, "shortDescription",
	                           text_obj(r->description)) ||
	    !cJSON_AddItemToObject(o, "fullDescription", text_obj(full.ptr)) ||
	    !cJSON_AddItemToObject(o, "help", text_obj(full.ptr)))
		goto done;
	if (!(cfg = cJSON_AddObjectToObject(o, "defaultConfiguration")) ||
	    !cJSON_AddStringToObject(cfg, "level", level(r->severity)))
		goto done;
	if (!(props = cJSON_AddObjectToObject(o, "properties")) ||
	    !(tags = cJSON_AddArrayToObject(props, "tags")))
		goto done;
	if (!cJSON_AddItemToArray(tags, cJSON_CreateString("security")))
		goto done;
	for (size_t i = 0; i < r->tags.n; i++)
		if (!cJSON_AddItemToArray(tags,
		                          cJSON_CreateString(r->tags.v[i])))
			goto done;
	if (!cJSON_AddStringToObject(props, "security-severity",
	                             security_severity(r->severity)) ||
	    !cJSON_AddStringToObject(props, "precision",
	                             (r->flags & KL_RULE_GENERIC) ? "medium"
	                                                          : "high") ||
	    !cJSON_AddStringToObject(props, "problem.severity",
	                             level(r->severity)))
		goto done;
	rc = 0;
done:
	kl_buf_free(&full);
	return rc;
}

/* The message: what was found, redacted, and where it ships. */
static int add_message(cJSON *o, const struct kl_report *rep,
                       const struct kl_finding *f)
{
	struct kl_buf b = KL_BUF_INIT;
	int rc = KL_ENOMEM;

	kl_buf_printf(&b, "%s found: ", f->rule->description);
	if (rep->show_secrets)
		kl_buf_put(&b, f->secret, f->secret_len);
	else
		kl_findings_redact(&b, f->secret, f->secret_len);
	if (f->decoded.n)
		kl_buf_puts(&b, ", in encoded text");
	if (strchr(f->path, '!'))
		kl_buf_printf(&b, ", in archive member %s, line %u",
		              strchr(f->path, '!') + 1, f->line);
	kl_buf_puts(&b, f->client_side ? ". It ships to the browser (" : ".");
	if (f->client_side)
		kl_buf_printf(&b, "%s).", f->client_side_reason);
	if (b.ptr && cJSON_AddItemToObject(o, "message", text_obj(b.ptr)))
		rc = 0;
	kl_buf_free(&b);
	return rc;
}

/* The location: the file in the repository.  A finding inside an archive
 * points at the archive, which viewers can open, with a byte region at its
 * start (its lines are the member's); the member is a logical location. */
static int add_location(cJSON *o, const struct kl_report *rep,
                        const struct kl_finding *f)
{
	const char *bang = strchr(f->path, '!');
	cJSON *locs, *loc, *phys, *art, *region, *snip, *logs, *lg;
	struct kl_buf b = KL_BUF_INIT;
	int rc = KL_ENOMEM;

	if (!(locs = cJSON_AddArrayToObject(o, "locations")) ||
	    !(loc = cJSON_CreateObject()) || !cJSON_AddItemToArray(locs, loc) ||
	    !(phys = cJSON_AddObjectToObject(loc, "physicalLocation")) ||
	    !(art = cJSON_AddObjectToObject(phys, "artifactLocation")))
		goto done;
	if (kl_buf_put(&b, f->path,
	               bang ? (size_t)(bang - f->path) : strlen(f->path)))
		goto done;
	{
		char *outer = kl_buf_detach(&b, NULL);

		rc = outer ? uri_encode(&b, outer) : KL_ENOMEM;
		free(outer);
	}
	if (rc || !b.ptr || !cJSON_AddStringToObject(art, "uri", b.ptr) ||
	    !cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%")) {
		rc = KL_ENOMEM;
		goto done;
	}
	rc = KL_ENOMEM;
	if (bang) {
		/* The archive is binary: its region is bytes, from the start.
		 */
		if ((region = cJSON_AddObjectToObject(phys, "region")) &&
		    cJSON_AddNumberToObject(region, "byteOffset", 0) &&
		    (logs = cJSON_AddArrayToObject(loc, "logicalLocations")) &&
		    (lg = cJSON_CreateObject()) &&
		    cJSON_AddItemToArray(logs, lg) &&
		    !kl_report_json_add_bytes(lg, "fullyQualifiedName", f->path,
		                              strlen(f->path)) &&
		    cJSON_AddStringToObject(lg, "kind", "resource"))
			rc = 0;
		goto done;
	}
	if (!(region = cJSON_AddObjectToObject(phys, "region")) ||
	    !cJSON_AddNumberToObject(region, "startLine", f->line) ||
	    !cJSON_AddNumberToObject(region, "startColumn", f->column_cp) ||
	    !cJSON_AddNumberToObject(region, "endLine", f->end_line) ||
	    !cJSON_AddNumberToObject(region, "endColumn", f->end_column_cp) ||
	    !(snip = cJSON_AddObjectToObject(region, "snippet")))
		goto done;
	if (rep->show_secrets)
		rc = kl_report_json_add_bytes(snip, "text", f->snippet,
		                              f->snippet_len);
	else
		rc = kl_report_json_add_bytes(snip, "text", f->snippet_redacted,
		                              f->snippet_redacted_len);
done:
	kl_buf_free(&b);
	return rc;
}

/* Fingerprint and properties: severity, hash, client side, decoding,
 * the member, and the commit in history mode. */
static int add_properties(cJSON *o, const struct kl_finding *f)
{
	const char *bang = strchr(f->path, '!');
	cJSON *fps, *props, *dec;
	struct kl_buf b = KL_BUF_INIT;
	int rc = KL_ENOMEM;

	if (kl_finding_fingerprint(f, &b) || !b.ptr ||
	    !(fps = cJSON_AddObjectToObject(o, "partialFingerprints")) ||
	    kl_report_json_add_bytes(fps, "keylint/v1", b.ptr, b.len))
		goto done;
	if (!(props = cJSON_AddObjectToObject(o, "properties")) ||
	    !cJSON_AddStringToObject(props, "severity",
	                             kl_severity_name(f->severity)) ||
	    !cJSON_AddStringToObject(props, "secretHash", f->secret_hash) ||
	    !cJSON_AddBoolToObject(props, "clientSide", f->client_side))
		goto done;
	if (f->decoded.n) {
		if (!(dec = cJSON_AddArrayToObject(props, "decoded")))
			goto done;
		for (size_t i = 0; i < f->decoded.n; i++)
			if (!cJSON_AddItemToArray(
			        dec, cJSON_CreateString(f->decoded.v[i])))
				goto done;
	}
	if (bang && (kl_report_json_add_bytes(props, "archiveMember", bang + 1,
	                                      strlen(bang + 1)) ||
	             !cJSON_AddNumberToObject(props, "memberLine", f->line)))
		goto done;
	if (f->commit &&
	    (!cJSON_AddStringToObject(props, "commit", f->commit->id) ||
	     kl_report_json_add_bytes(props, "author", f->commit->author,
	                              strlen(f->commit->author)) ||
	     !cJSON_AddStringToObject(props, "date", f->commit->date) ||
	     !cJSON_AddBoolToObject(props, "presentAtHead",
	                            f->present_at_head)))
		goto done;
	rc = 0;
done:
	kl_buf_free(&b);
	return rc;
}

static int add_result(cJSON *results, const struct kl_report *rep,
                      const struct kl_finding *f, size_t rule_index)
{
	cJSON *o = cJSON_CreateObject();
	int rc;

	if (!o || !cJSON_AddItemToArray(results, o)) {
		cJSON_Delete(o);
		return KL_ENOMEM;
	}
	if (!cJSON_AddStringToObject(o, "ruleId", f->rule->id) ||
	    !cJSON_AddNumberToObject(o, "ruleIndex", (double)rule_index) ||
	    !cJSON_AddStringToObject(o, "level", level(f->severity)))
		return KL_ENOMEM;
	if ((rc = add_message(o, rep, f)) || (rc = add_location(o, rep, f)))
		return rc;
	return add_properties(o, f);
}

int kl_report_sarif_render(const struct kl_report *rep, struct kl_buf *out)
{
	cJSON *root = cJSON_CreateObject(), *runs, *run, *tool, *driver, *rules,
	      *results;
	const struct kl_ruleset *rs = rep->rules;
	size_t *index = NULL, k = 0;
	char *s;
	int rc = KL_ENOMEM;

	if (!root)
		return KL_ENOMEM;
	if (!cJSON_AddStringToObject(root, "$schema",
	                             "https://json.schemastore.org/"
	                             "sarif-2.1.0.json") ||
	    !cJSON_AddStringToObject(root, "version", "2.1.0") ||
	    !(runs = cJSON_AddArrayToObject(root, "runs")) ||
	    !(run = cJSON_CreateObject()) || !cJSON_AddItemToArray(runs, run) ||
	    !(tool = cJSON_AddObjectToObject(run, "tool")) ||
	    !(driver = cJSON_AddObjectToObject(tool, "driver")) ||
	    !cJSON_AddStringToObject(driver, "name", "keylint") ||
	    !cJSON_AddStringToObject(driver, "version", KEYLINT_VERSION) ||
	    !cJSON_AddStringToObject(driver, "semanticVersion",
	                             KEYLINT_VERSION) ||
	    !cJSON_AddStringToObject(driver, "informationUri",
	                             KEYLINT_HOMEPAGE) ||
	    !(rules = cJSON_AddArrayToObject(driver, "rules")))
		goto done;
	index = calloc(rs && rs->nrules ? rs->nrules : 1, sizeof(*index));
	if (!index)
		goto done;
	for (size_t i = 0; rs && i < rs->nrules; i++) {
		if (rs->rules[i].disabled)
			continue;
		index[i] = k++;
		if ((rc = add_rule(rules, &rs->rules[i])))
			goto done;
		rc = KL_ENOMEM;
	}
	if (!(results = cJSON_AddArrayToObject(run, "results")))
		goto done;
	for (size_t i = 0; i < rep->findings.n; i++) {
		const struct kl_finding *f = &rep->findings.v[i];
		size_t ri = rs ? index[(size_t)(f->rule - rs->rules)] : 0;

		if ((rc = add_result(results, rep, f, ri)))
			goto done;
		rc = KL_ENOMEM;
	}
	if (!cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints"))
		goto done;
	s = cJSON_Print(root);
	if (!s)
		goto done;
	rc = kl_buf_puts(out, s);
	if (!rc)
		rc = kl_buf_putc(out, '\n');
	cJSON_free(s);
done:
	free(index);
	cJSON_Delete(root);
	return rc;
}
