/*
 * gitleaksignore: lines split from the right (LINE, then RULE, then the
 * path, with a commit in front only when it is 40 or 64 hex digits, so
 * that paths may hold ':'), entries sorted by path and line, found by
 * binary search.
 */
#include "gitleaksignore.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitleaks_ids.h"

static void entry_free(struct kl_gitleaksignore_entry *e)
{
	free(e->commit);
	free(e->path);
	free(e->rule);
}

void kl_gitleaksignore_free(struct kl_gitleaksignore *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		entry_free(&g->v[i]);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/* A path as gitleaks compares it: '/' separators, no leading "./". */
static char *norm_path(const char *s, size_t n)
{
	char *p;

	while (n >= 2 && (s[0] == '.' && (s[1] == '/' || s[1] == '\\'))) {
		s += 2;
		n -= 2;
	}
	if (!(p = kl_memdup0(s, n)))
		return NULL;
	for (char *q = p; *q; q++)
		if (*q == '\\')
			*q = '/';
	return p;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* One trimmed, non-comment line s[0, n) into e; false if malformed. */
static bool parse_entry(const char *s, size_t n,
                        struct kl_gitleaksignore_entry *e)
{
	const char *c3 = NULL, *c2 = NULL, *c1;
	unsigned long long line = 0;

	for (size_t i = n; i-- > 0 && !c2;) {
		if (s[i] != ':')
			continue;
		if (!c3)
			c3 = s + i;
		else
			c2 = s + i;
	}
	if (!c2 || c2 == s || c2 + 1 == c3 || c3 + 1 == s + n)
		return false;
	for (const char *p = c3 + 1; p < s + n; p++) {
		if (*p < '0' || *p > '9' || line > UINT32_MAX)
			return false;
		line = line * 10 + (unsigned)(*p - '0');
	}
	if (!line || line > UINT32_MAX)
		return false;
	e->line = (uint32_t)line;
	c1 = memchr(s, ':', (size_t)(c2 - s));
	if (c1 && (c1 - s == 40 || c1 - s == 64) &&
	    all_hex(s, (size_t)(c1 - s)) && c1 + 1 < c2) {
		if (!(e->commit = kl_memdup0(s, (size_t)(c1 - s))))
			return false;
		for (char *p = e->commit; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		s = c1 + 1;
	}
	e->rule = kl_memdup0(c2 + 1, (size_t)(c3 - c2 - 1));
	e->path = norm_path(s, (size_t)(c2 - s));
	return e->rule && e->path && *e->path;
}

static int warn(struct kl_strv *warnings, const char *origin, size_t lineno)
{
	struct kl_buf w = KL_BUF_INIT;
	int rc;

	if (!warnings)
		return 0;
	rc = kl_buf_printf(&w,
	                   "%s:%zu: not a gitleaks fingerprint (FILE:RULE:LINE "
	                   "or COMMIT:FILE:RULE:LINE); ignored",
	                   origin, lineno);
	if (!rc)
		rc = kl_strv_push(warnings, w.ptr);
	kl_buf_free(&w);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct kl_gitleaksignore_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

int kl_gitleaksignore_load_buffer(struct kl_gitleaksignore *g,
                                  const char *origin, const char *data,
                                  size_t len, struct kl_strv *warnings)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0;
	int rc = 0;

	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = nl ? nl : end;
		struct kl_gitleaksignore_entry ent = {NULL, NULL, NULL, 0, 0};

		p = nl ? nl + 1 : end;
		lineno++;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || *s == '#')
			continue;
		ent.lineno = lineno;
		if (!parse_entry(s, (size_t)(e - s), &ent)) {
			entry_free(&ent);
			rc = warn(warnings, origin, lineno);
			continue;
		}
		if (KL_ALLOC_GROW(g->v, g->n + 1, g->alloc)) {
			entry_free(&ent);
			rc = KL_ENOMEM;
			break;
		}
		g->v[g->n++] = ent;
	}
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_entry);
	return rc;
}

/* Whether a gitleaks rule id names the keylint rule `id`: the same id,
 * the id an import gives it (characters keylint ids cannot hold as '-',
 * maybe "-gitleaks" after), or a rule the id table lists for it. */
static bool rule_matches(const char *gitleaks, const char *id)
{
	const struct kl_gitleaks_id *t;
	const char *g = gitleaks, *k = id;

	for (; *g && *k; g++, k++) {
		bool valid = isalnum((unsigned char)*g) || *g == '-' ||
		             *g == '_' || *g == '.';

		if (valid ? *g != *k : *k != '-')
			break;
	}
	if (!*g && (!*k || strcmp(k, "-gitleaks") == 0))
		return true;
	t = kl_gitleaks_ids_find(gitleaks);
	return t && kl_gitleaks_ids_has(t, id);
}

size_t kl_gitleaksignore_find(const struct kl_gitleaksignore *g,
                              const char *keylint_rule_id, const char *path,
                              uint32_t line, const char *commit_or_null)
{
	struct kl_gitleaksignore_entry key = {NULL, NULL, NULL, line, 0};
	size_t lo = 0, hi = g->n;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	key.path = (char *)path;
	/* The first entry not below (path, line). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_entry(&g->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < g->n && !cmp_entry(&g->v[i], &key); i++) {
		const struct kl_gitleaksignore_entry *e = &g->v[i];

		if (e->commit &&
		    (!commit_or_null || strcasecmp(e->commit, commit_or_null)))
			continue;
		if (rule_matches(e->rule, keylint_rule_id))
			return i;
	}
	return g->n;
}

bool kl_gitleaksignore_matches(const struct kl_gitleaksignore *g,
                               const char *keylint_rule_id, const char *path,
                               uint32_t line, const char *commit_or_null)
{
	return kl_gitleaksignore_find(g, keylint_rule_id, path, line,
	                              commit_or_null) < g->n;
}
