/*
 * ignore: .keylintignore patterns (few, matched as pathspecs per part) and
 * baseline entries (possibly many, sorted by rule and digest for binary
 * search, with the path glob of a scoped entry checked after).
 */
#include "ignore.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pathspec.h"
#include "text.h"

#define KL_IGNORE_FILE_MAX (64u << 20)

/* A .keylintignore line. */
struct pattern {
	char *rule, *path, *digest;
	size_t line;
	uint64_t hits;
};

/* A baseline entry: rule and digest, and a path glob when scoped. */
struct entry {
	char *rule, *path;
	char digest[17];
	uint64_t hits;
};

struct kl_ignore {
	struct pattern *pat;
	size_t npat, apat;
	char *pat_origin;  /* the ignore file's name */
	struct entry *ent; /* sorted by rule and digest once loaded */
	size_t nent, aent;
	char *ent_origin; /* the baseline's name */
};

int kl_ignore_new(struct kl_ignore **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : KL_ENOMEM;
}

void kl_ignore_free(struct kl_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->npat; i++) {
		free(ig->pat[i].rule);
		free(ig->pat[i].path);
		free(ig->pat[i].digest);
	}
	for (size_t i = 0; i < ig->nent; i++) {
		free(ig->ent[i].rule);
		free(ig->ent[i].path);
	}
	free(ig->pat);
	free(ig->ent);
	free(ig->pat_origin);
	free(ig->ent_origin);
	free(ig);
}

size_t kl_ignore_count(const struct kl_ignore *ig)
{
	return ig ? ig->npat + ig->nent : 0;
}

/* Split RULE:PATH:DIGEST.  The rule has no ':' and the digest is the part
 * after the last ':', so paths may contain ':'. */
static int split(const char *s, size_t n, struct pattern *p)
{
	const char *c1 = memchr(s, ':', n), *c2 = NULL;

	for (size_t i = n; i > 0; i--) {
		if (s[i - 1] == ':') {
			c2 = s + i - 1;
			break;
		}
	}
	if (!c1 || c2 == c1 || c1 == s || (size_t)(c2 - s) + 1 == n ||
	    c2 == c1 + 1)
		return KL_EINVAL;
	p->rule = strndup(s, (size_t)(c1 - s));
	p->path = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
	p->digest = strndup(c2 + 1, n - (size_t)(c2 - s) - 1);
	if (!p->rule || !p->path || !p->digest) {
		free(p->rule);
		free(p->path);
		free(p->digest);
		return KL_ENOMEM;
	}
	return 0;
}

static bool valid_digest(const char *d)
{
	size_t n = strlen(d);

	if (strcmp(d, "*") == 0)
		return true;
	if (n < 16 || n > 40)
		return false;
	for (; *d; d++)
		if (!isxdigit((unsigned char)*d))
			return false;
	return true;
}

int kl_ignore_load_buffer(struct kl_ignore *ig, const char *origin,
                          const char *data, size_t len, struct kl_buf *err)
{
	size_t pos = 0, lineno = 0;

	free(ig->pat_origin);
	if (!(ig->pat_origin = strdup(origin)))
		return KL_ENOMEM;

	while (pos < len) {
		const char *line = data + pos, *nl;
		size_t n;
		struct pattern p;
		int rc;

		nl = memchr(line, '\n', len - pos);
		n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		while (n && isspace((unsigned char)line[n - 1]))
			n--;
		while (n && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		if (!n || *line == '#')
			continue;
		if (memchr(line, '\0', n)) {
			kl_buf_printf(err, "%s:%zu: NUL byte in fingerprint",
			              origin, lineno);
			return KL_EINVAL;
		}
		rc = split(line, n, &p);
		if (rc == KL_ENOMEM)
			return rc;
		if (rc || !valid_digest(p.digest)) {
			if (!rc) {
				free(p.rule);
				free(p.path);
				free(p.digest);
			}
			kl_buf_printf(err,
			              "%s:%zu: expected RULE:PATH:DIGEST "
			              "(DIGEST: 16 hex digits or '*')",
			              origin, lineno);
			return KL_EINVAL;
		}
		if (KL_ALLOC_GROW(ig->pat, ig->npat + 1, ig->apat)) {
			free(p.rule);
			free(p.path);
			free(p.digest);
			return KL_ENOMEM;
		}
		p.line = lineno;
		p.hits = 0;
		ig->pat[ig->npat++] = p;
	}
	return 0;
}

int kl_ignore_load_file(struct kl_ignore *ig, const char *path, bool optional,
                        struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = kl_buf_read_file(&data, path, KL_IGNORE_FILE_MAX, optional,
	                          "ignore file", err);

	if (rc == KL_ENOTFOUND)
		rc = 0;
	else if (!rc)
		rc = kl_ignore_load_buffer(ig, path, data.ptr ? data.ptr : "",
		                           data.len, err);
	kl_buf_free(&data);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->rule, y->rule);

	if (!c)
		c = strcmp(x->digest, y->digest);
	if (!c)
		c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
	return c;
}

/* Sort, and drop repeated entries (a report lists a secret once per
 * place; a baseline knows it once). */
static void settle_entries(struct kl_ignore *ig)
{
	size_t k = 0;

	if (!ig->nent)
		return;
	qsort(ig->ent, ig->nent, sizeof(*ig->ent), cmp_entry);
	for (size_t i = 1; i < ig->nent; i++) {
		if (cmp_entry(&ig->ent[k], &ig->ent[i]) == 0) {
			free(ig->ent[i].rule);
			free(ig->ent[i].path);
			continue;
		}
		ig->ent[++k] = ig->ent[i];
	}
	ig->nent = k + 1;
}

static bool hex16(const char *d, size_t n)
{
	if (n < 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)d[i]))
			return false;
	return true;
}

static int add_entry(struct kl_ignore *ig, const char *rule, size_t rule_len,
                     const char *digest, const char *path)
{
	struct entry *e;

	if (KL_ALLOC_GROW(ig->ent, ig->nent + 1, ig->aent))
		return KL_ENOMEM;
	e = &ig->ent[ig->nent];
	memset(e, 0, sizeof(*e));
	memcpy(e->digest, digest, 16);
	for (size_t i = 0; i < 16; i++)
		e->digest[i] = (char)tolower((unsigned char)e->digest[i]);
	if (!(e->rule = strndup(rule, rule_len)) ||
	    (path && !(e->path = strdup(path)))) {
		free(e->rule);
		return KL_ENOMEM;
	}
	ig->nent++;
	return 0;
}

/* A finding of an earlier report: its fingerprint's rule and digest. */
static int report_finding(struct kl_ignore *ig, const char *origin,
                          const cJSON *f, size_t idx, struct kl_buf *err)
{
	const cJSON *fp = cJSON_GetObjectItemCaseSensitive(f, "fingerprint");
	const char *s, *c1, *c2;

	if (!cJSON_IsString(fp) || !fp->valuestring[0]) {
		kl_buf_printf(err,
		              "%s: finding %zu has no \"fingerprint\" string",
		              origin, idx);
		return KL_EINVAL;
	}
	s = fp->valuestring;
	c1 = strchr(s, ':');
	c2 = strrchr(s, ':');
	if (!c1 || c1 == s || c2 == c1 || !hex16(c2 + 1, strlen(c2 + 1))) {
		kl_buf_printf(err,
		              "%s: finding %zu: fingerprint is not "
		              "RULE:PATH:DIGEST",
		              origin, idx);
		return KL_EINVAL;
	}
	return add_entry(ig, s, (size_t)(c1 - s), c2 + 1, NULL);
}

/* An entry of a baseline written by `keylint baseline`. */
static int baseline_entry(struct kl_ignore *ig, const char *origin,
                          const cJSON *e, size_t idx, struct kl_buf *err)
{
	const cJSON *rule = cJSON_GetObjectItemCaseSensitive(e, "rule");
	const cJSON *digest = cJSON_GetObjectItemCaseSensitive(e, "digest");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(e, "path");

	if (!cJSON_IsString(rule) || !rule->valuestring[0] ||
	    strchr(rule->valuestring, ':') || !cJSON_IsString(digest) ||
	    strlen(digest->valuestring) != 16 ||
	    !hex16(digest->valuestring, 16) ||
	    (path && !cJSON_IsNull(path) &&
	     (!cJSON_IsString(path) || !path->valuestring[0]))) {
		kl_buf_printf(err,
		              "%s: entry %zu: expected {\"rule\": ID, "
		              "\"digest\": 16 hex digits[, \"path\": GLOB]}",
		              origin, idx);
		return KL_EINVAL;
	}
	return add_entry(ig, rule->valuestring, strlen(rule->valuestring),
	                 digest->valuestring,
	                 cJSON_IsString(path) ? path->valuestring : NULL);
}

/* JSON Lines: one finding object per line. */
static int load_lines(struct kl_ignore *ig, const char *origin,
                      const char *data, size_t len, struct kl_buf *err)
{
	size_t pos = 0, lineno = 0;
	int rc = 0;

	while (pos < len && !rc) {
		const char *line = data + pos, *nl;
		size_t n;
		cJSON *obj;

		nl = memchr(line, '\n', len - pos);
		n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		if (!n || (n == 1 && line[0] == '\r'))
			continue;
		obj = cJSON_ParseWithLengthOpts(line, n, NULL, 0);
		if (!cJSON_IsObject(obj)) {
			cJSON_Delete(obj);
			kl_buf_printf(err,
			              "%s: not a keylint baseline or report: "
			              "invalid JSON at line %zu",
			              origin, lineno);
			return KL_EINVAL;
		}
		if (cJSON_GetObjectItemCaseSensitive(obj, "fingerprint"))
			rc = report_finding(ig, origin, obj, lineno, err);
		cJSON_Delete(obj);
	}
	return rc;
}

int kl_ignore_load_baseline_buffer(struct kl_ignore *ig, const char *origin,
                                   const char *data, size_t len,
                                   struct kl_buf *err)
{
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	const cJSON *list, *f;
	bool baseline = false;
	size_t idx = 0;
	int rc = 0;

	free(ig->ent_origin);
	if (!(ig->ent_origin = strdup(origin))) {
		cJSON_Delete(json);
		return KL_ENOMEM;
	}
	/* Text after the first value means JSON Lines, whose first line
	 * alone parses as a value. */
	if (json && end) {
		while (end < data + len && isspace((unsigned char)*end))
			end++;
		if (end < data + len) {
			cJSON_Delete(json);
			json = NULL;
		}
	}
	if (!json) {
		rc = load_lines(ig, origin, data, len, err);
		settle_entries(ig);
		return rc;
	}
	list = cJSON_GetObjectItemCaseSensitive(json, "entries");
	if (cJSON_IsArray(list) &&
	    cJSON_GetObjectItemCaseSensitive(json, "keylint_baseline"))
		baseline = true;
	else
		list = cJSON_GetObjectItemCaseSensitive(json, "findings");
	if (!cJSON_IsArray(list)) {
		kl_buf_printf(err,
		              "%s: not a keylint baseline (no \"entries\") or "
		              "report (no \"findings\")",
		              origin);
		cJSON_Delete(json);
		return KL_EINVAL;
	}
	cJSON_ArrayForEach(f, list)
	{
		idx++;
		rc = baseline ? baseline_entry(ig, origin, f, idx, err)
		              : report_finding(ig, origin, f, idx, err);
		if (rc)
			break;
	}
	cJSON_Delete(json);
	settle_entries(ig);
	return rc;
}

int kl_ignore_load_baseline(struct kl_ignore *ig, const char *path,
                            struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = kl_buf_read_file(&data, path, KL_IGNORE_FILE_MAX, false,
	                          "baseline", err);

	if (!rc)
		rc = kl_ignore_load_baseline_buffer(
		    ig, path, data.ptr ? data.ptr : "", data.len, err);
	kl_buf_free(&data);
	return rc;
}

/* A part with glob characters is a pathspec (the globs of every path
 * list in keylint); one without is compared exactly, so a fingerprint
 * names one file and no other. */
static bool part_match(const char *pattern, const char *s)
{
	if (!strpbrk(pattern, "*?["))
		return strcmp(pattern, s) == 0;
	return strcmp(pattern, "*") == 0 || kl_pathspec_match(pattern, s);
}

/* The first entry of rule and digest (entries are sorted). */
static size_t entry_lower(const struct kl_ignore *ig, const char *rule,
                          const char *digest)
{
	size_t lo = 0, hi = ig->nent;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ig->ent[mid].rule, rule);

		if (!c)
			c = strncmp(ig->ent[mid].digest, digest, 16);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index of the pattern or entry that silences the finding, by kind;
 * SIZE_MAX when none does. */
static enum kl_ignored find(const struct kl_ignore *ig, const char *rule,
                            const char *path, const char *digest, size_t *at)
{
	if (!ig)
		return KL_IGNORED_NOT;
	for (size_t i = 0; i < ig->npat; i++) {
		const struct pattern *p = &ig->pat[i];

		if (part_match(p->rule, rule) && part_match(p->path, path) &&
		    (strcmp(p->digest, "*") == 0 ||
		     strncasecmp(p->digest, digest, 16) == 0)) {
			*at = i;
			return KL_IGNORED_FILE;
		}
	}
	for (size_t i = entry_lower(ig, rule, digest); i < ig->nent; i++) {
		const struct entry *e = &ig->ent[i];

		if (strcmp(e->rule, rule) || strncmp(e->digest, digest, 16))
			break;
		if (!e->path || part_match(e->path, path)) {
			*at = i;
			return KL_IGNORED_BASELINE;
		}
	}
	return KL_IGNORED_NOT;
}

enum kl_ignored kl_ignore_lookup(const struct kl_ignore *ig, const char *rule,
                                 const char *path, const char *digest)
{
	size_t at;

	return find(ig, rule, path, digest, &at);
}

enum kl_ignored kl_ignore_match(struct kl_ignore *ig, const char *rule,
                                const char *path, const char *digest)
{
	size_t at;
	enum kl_ignored how = find(ig, rule, path, digest, &at);

	if (how == KL_IGNORED_FILE)
		ig->pat[at].hits++;
	else if (how == KL_IGNORED_BASELINE)
		ig->ent[at].hits++;
	return how;
}

/* Whether a rule part (an id or a glob) names some rule of rs; if not,
 * the id that was probably meant in *hint (or NULL). */
static bool rule_known(const struct kl_ruleset *rs, const char *part,
                       const char **hint)
{
	const char **ids = malloc(rs->nrules * sizeof(*ids));
	bool known = false;

	*hint = NULL;
	for (size_t i = 0; i < rs->nrules && !known; i++)
		known = part_match(part, rs->rules[i].id);
	/* A prefix is the usual slip ("github-pat" for
	 * "github-pat-classic"); otherwise the nearest id. */
	for (size_t i = 0; !known && i < rs->nrules && !*hint; i++)
		if (strncmp(rs->rules[i].id, part, strlen(part)) == 0)
			*hint = rs->rules[i].id;
	if (!known && !*hint && ids) {
		for (size_t i = 0; i < rs->nrules; i++)
			ids[i] = rs->rules[i].id;
		*hint = kl_text_nearest(part, ids, rs->nrules);
	}
	free(ids);
	return known;
}

static int unknown_rule(struct kl_strv *warnings, const char *where,
                        const char *rule, const char *hint)
{
	struct kl_buf msg = KL_BUF_INIT;
	int rc;

	kl_buf_printf(&msg,
	              "%s: no rule \"%s\", so this entry matches "
	              "nothing",
	              where, rule);
	if (hint)
		kl_buf_printf(&msg, " (did you mean %s?)", hint);
	rc = msg.ptr ? kl_strv_push(warnings, msg.ptr) : KL_ENOMEM;
	kl_buf_free(&msg);
	return rc;
}

int kl_ignore_check_rules(const struct kl_ignore *ig,
                          const struct kl_ruleset *rs, struct kl_strv *warnings)
{
	struct kl_buf where = KL_BUF_INIT;
	const char *hint;
	int rc = 0;

	for (size_t i = 0; ig && !rc && i < ig->npat; i++) {
		if (rule_known(rs, ig->pat[i].rule, &hint))
			continue;
		kl_buf_clear(&where);
		kl_buf_printf(&where, "%s:%zu", ig->pat_origin,
		              ig->pat[i].line);
		rc = unknown_rule(warnings, where.ptr, ig->pat[i].rule, hint);
	}
	for (size_t i = 0; ig && !rc && i < ig->nent; i++) {
		/* Entries are sorted by rule: one warning per rule. */
		if ((i && strcmp(ig->ent[i].rule, ig->ent[i - 1].rule) == 0) ||
		    rule_known(rs, ig->ent[i].rule, &hint))
			continue;
		rc = unknown_rule(warnings, ig->ent_origin, ig->ent[i].rule,
		                  hint);
	}
	kl_buf_free(&where);
	return rc;
}

int kl_ignore_report_stale(const struct kl_ignore *ig, struct kl_strv *warnings)
{
	struct kl_buf msg = KL_BUF_INIT;
	size_t stale = 0;
	int rc = 0;

	for (size_t i = 0; ig && !rc && i < ig->npat; i++) {
		if (ig->pat[i].hits)
			continue;
		kl_buf_clear(&msg);
		kl_buf_printf(&msg,
		              "%s:%zu: matched no finding; remove the line if "
		              "the secret is gone",
		              ig->pat_origin, ig->pat[i].line);
		rc = msg.ptr ? kl_strv_push(warnings, msg.ptr) : KL_ENOMEM;
	}
	for (size_t i = 0; ig && i < ig->nent; i++)
		stale += !ig->ent[i].hits;
	if (!rc && stale) {
		kl_buf_clear(&msg);
		kl_buf_printf(&msg,
		              "%s: %zu of %zu %s matched no finding; "
		              "`keylint baseline` writes a fresh one",
		              ig->ent_origin, stale, ig->nent,
		              ig->nent == 1 ? "entry" : "entries");
		rc = msg.ptr ? kl_strv_push(warnings, msg.ptr) : KL_ENOMEM;
	}
	kl_buf_free(&msg);
	return rc;
}
