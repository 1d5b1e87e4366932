/*
 * ignore: .keylintignore patterns (few, matched as pathspecs per part) and
 * baseline fingerprints (possibly many, kept sorted for binary search).
 */
#include "ignore.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pathspec.h"

#define KL_IGNORE_FILE_MAX (64u << 20)

struct pattern {
	char *rule, *path, *digest;
};

struct kl_ignore {
	struct pattern *pat;
	size_t npat, apat;
	struct kl_strv exact; /* baseline fingerprints, sorted after loading */
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
	free(ig->pat);
	kl_strv_free(&ig->exact);
	free(ig);
}

size_t kl_ignore_count(const struct kl_ignore *ig)
{
	return ig ? ig->npat + ig->exact.n : 0;
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_exact(struct kl_ignore *ig)
{
	kl_strv_sort(&ig->exact);
}

static int add_exact(struct kl_ignore *ig, const char *fp)
{
	return kl_strv_push(&ig->exact, fp);
}

static int baseline_finding(struct kl_ignore *ig, const char *origin,
                            const cJSON *f, size_t idx, struct kl_buf *err)
{
	const cJSON *fp = cJSON_GetObjectItemCaseSensitive(f, "fingerprint");

	if (!cJSON_IsString(fp) || !fp->valuestring[0]) {
		kl_buf_printf(err,
		              "%s: finding %zu has no \"fingerprint\" string",
		              origin, idx);
		return KL_EINVAL;
	}
	return add_exact(ig, fp->valuestring);
}

int kl_ignore_load_baseline_buffer(struct kl_ignore *ig, const char *origin,
                                   const char *data, size_t len,
                                   struct kl_buf *err)
{
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	const cJSON *findings, *f;
	size_t idx = 0;
	int rc = 0;

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
		/* JSON Lines: one finding object per line. */
		size_t pos = 0, lineno = 0;

		while (pos < len) {
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
				              "%s: not a keylint JSON report: "
				              "invalid JSON at line %zu",
				              origin, lineno);
				return KL_EINVAL;
			}
			if (cJSON_GetObjectItemCaseSensitive(obj,
			                                     "fingerprint"))
				rc = baseline_finding(ig, origin, obj, lineno,
				                      err);
			cJSON_Delete(obj);
			if (rc)
				return rc;
		}
		sort_exact(ig);
		return 0;
	}
	findings = cJSON_GetObjectItemCaseSensitive(json, "findings");
	if (!cJSON_IsArray(findings)) {
		kl_buf_printf(err,
		              "%s: not a keylint JSON report: no \"findings\" "
		              "array",
		              origin);
		cJSON_Delete(json);
		return KL_EINVAL;
	}
	cJSON_ArrayForEach(f, findings)
	{
		idx++;
		if ((rc = baseline_finding(ig, origin, f, idx, err)))
			break;
	}
	cJSON_Delete(json);
	sort_exact(ig);
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

bool kl_ignore_matches(const struct kl_ignore *ig, const char *rule,
                       const char *path, const char *digest)
{
	struct kl_buf fp = KL_BUF_INIT;
	bool found = false;

	if (!ig)
		return false;
	for (size_t i = 0; i < ig->npat; i++) {
		const struct pattern *p = &ig->pat[i];

		if (part_match(p->rule, rule) && part_match(p->path, path) &&
		    (strcmp(p->digest, "*") == 0 ||
		     strncmp(p->digest, digest, 16) == 0))
			return true;
	}
	if (!ig->exact.n)
		return false;
	if (kl_buf_printf(&fp, "%s:%s:%s", rule, path, digest) == 0) {
		const char *key = fp.ptr;

		found = bsearch(&key, ig->exact.v, ig->exact.n,
		                sizeof(*ig->exact.v), cmp_str) != NULL;
	}
	kl_buf_free(&fp);
	return found;
}
