/*
 * engine: rule masks by path and the matching of one chunk.  Most rules
 * apply everywhere; only the few with path lists, and the generic ones
 * (quiet in lock files), are looked at per path, and each distinct glob
 * of theirs is tested at most once per chunk.
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pathspec.h"

/* One distinct path glob of the rules, tested at most once per chunk. */
struct kl_glob {
	char *pattern;
};

struct kl_engine {
	const struct kl_ruleset *rules;
	const struct kl_config *cfg;
	bool whole;
	bool record; /* workers keep every candidate (--explain) */
	/* Rules whose use depends on the path. */
	uint32_t *pathdep;
	size_t npathdep, apathdep;
	/* Their distinct globs; rule_globs[r] lists rule r's globs as
	 * (index << 1 | is_exclude), ending with UINT32_MAX. */
	struct kl_glob *globs;
	size_t nglobs, aglobs;
	uint32_t **rule_globs;
};

struct kl_worker {
	const struct kl_engine *eng;
	struct kl_matcher *matcher;
	uint8_t *mask;
	int8_t *glob_cache;      /* per glob: -1 not evaluated, 0, 1 */
	struct kl_buf norm;      /* content with escaped quotes unescaped */
	struct kl_buf mask_path; /* the path mask was made for */
	bool mask_valid;
	char **limit_path;    /* per rule: first path where a limit hit */
	uint64_t limit_total; /* regex limit hits seen so far */
};

bool kl_engine_is_lockfile(const char *path)
{
	static const char *const names[] = {"package-lock.json",
	                                    "npm-shrinkwrap.json",
	                                    "yarn.lock",
	                                    "pnpm-lock.yaml",
	                                    "bun.lockb",
	                                    "go.sum",
	                                    "go.work.sum",
	                                    "Cargo.lock",
	                                    "Gemfile.lock",
	                                    "poetry.lock",
	                                    "Pipfile.lock",
	                                    "composer.lock",
	                                    "packages.lock.json",
	                                    "flake.lock",
	                                    "mix.lock",
	                                    "pubspec.lock",
	                                    "Podfile.lock",
	                                    "uv.lock",
	                                    "pdm.lock",
	                                    "gradle.lockfile",
	                                    "SHA256SUMS",
	                                    "SHA512SUMS",
	                                    "MD5SUMS",
	                                    "checksums.txt",
	                                    "deno.lock",
	                                    "Package.resolved",
	                                    NULL};
	static const char *const exts[] = {
	    ".lock", ".sum", ".sha256", ".sha512", ".sha1", ".md5", NULL};
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(base, names[i]) == 0)
			return true;
	n = strlen(base);
	for (size_t i = 0; exts[i]; i++) {
		size_t l = strlen(exts[i]);

		if (n > l && strcasecmp(base + n - l, exts[i]) == 0)
			return true;
	}
	return false;
}

bool kl_engine_rule_keeps(const struct kl_rule *r, const char *path)
{
	if (!kl_rules_applies_to_path(r, path))
		return false;
	if ((r->flags & KL_RULE_GENERIC) && kl_engine_is_lockfile(path))
		return false;
	return true;
}

static int glob_index(struct kl_engine *eng, const char *pattern, uint32_t *out)
{
	for (size_t i = 0; i < eng->nglobs; i++) {
		if (strcmp(eng->globs[i].pattern, pattern) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	if (KL_ALLOC_GROW(eng->globs, eng->nglobs + 1, eng->aglobs))
		return KL_ENOMEM;
	eng->globs[eng->nglobs].pattern = strdup(pattern);
	if (!eng->globs[eng->nglobs].pattern)
		return KL_ENOMEM;
	*out = (uint32_t)eng->nglobs++;
	return 0;
}

/* Rule r's globs, as (index << 1 | is_exclude), ending with UINT32_MAX. */
static int rule_globs(struct kl_engine *eng, uint32_t r)
{
	const struct kl_rule *rule = &eng->rules->rules[r];
	size_t n = rule->paths.n + rule->exclude_paths.n, k = 0;
	uint32_t *v = malloc((n + 1) * sizeof(*v));
	int rc = 0;

	if (!v)
		return KL_ENOMEM;
	for (size_t j = 0; j < rule->paths.n && !rc; j++, k++) {
		rc = glob_index(eng, rule->paths.v[j], &v[k]);
		v[k] <<= 1;
	}
	for (size_t j = 0; j < rule->exclude_paths.n && !rc; j++, k++) {
		rc = glob_index(eng, rule->exclude_paths.v[j], &v[k]);
		v[k] = v[k] << 1 | 1;
	}
	v[k] = UINT32_MAX;
	eng->rule_globs[r] = v;
	return rc;
}

int kl_engine_new(struct kl_engine **out, const struct kl_ruleset *rs,
                  const struct kl_config *cfg, bool whole)
{
	struct kl_engine *eng = calloc(1, sizeof(*eng));
	int rc = 0;

	*out = NULL;
	if (!eng || !(eng->rule_globs = calloc(rs->nrules ? rs->nrules : 1,
	                                       sizeof(*eng->rule_globs)))) {
		free(eng);
		return KL_ENOMEM;
	}
	eng->rules = rs;
	eng->cfg = cfg;
	eng->whole = whole;
	for (size_t i = 0; i < rs->nrules && !rc; i++) {
		const struct kl_rule *r = &rs->rules[i];

		if (r->disabled || (!r->paths.n && !r->exclude_paths.n &&
		                    !(r->flags & KL_RULE_GENERIC)))
			continue;
		if (KL_ALLOC_GROW(eng->pathdep, eng->npathdep + 1,
		                  eng->apathdep)) {
			rc = KL_ENOMEM;
			break;
		}
		eng->pathdep[eng->npathdep++] = (uint32_t)i;
		rc = rule_globs(eng, (uint32_t)i);
	}
	if (rc) {
		kl_engine_free(eng);
		return rc;
	}
	*out = eng;
	return 0;
}

void kl_engine_free(struct kl_engine *eng)
{
	if (!eng)
		return;
	for (size_t i = 0; i < eng->rules->nrules; i++)
		free(eng->rule_globs[i]);
	free(eng->rule_globs);
	for (size_t i = 0; i < eng->nglobs; i++)
		free(eng->globs[i].pattern);
	free(eng->globs);
	free(eng->pathdep);
	free(eng);
}

void kl_engine_record(struct kl_engine *eng, bool on)
{
	eng->record = on;
}

void kl_worker_candidates(const struct kl_worker *w,
                          const struct kl_candidate **out, size_t *n)
{
	kl_matcher_candidates(w->matcher, out, n);
}

int kl_worker_new(struct kl_worker **out, const struct kl_engine *eng)
{
	struct kl_matcher_opts mo = {.global_allow = &eng->cfg->allow,
	                             .whole = eng->whole,
	                             .record = eng->record,
	                             .own_markers_only =
	                                 eng->cfg->own_markers_only};
	size_t n = eng->rules->nrules ? eng->rules->nrules : 1;
	struct kl_worker *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return KL_ENOMEM;
	w->eng = eng;
	w->mask = malloc(n);
	w->limit_path = calloc(n, sizeof(*w->limit_path));
	w->glob_cache = malloc(eng->nglobs ? eng->nglobs : 1);
	if (!w->mask || !w->limit_path || !w->glob_cache ||
	    kl_matcher_new(&w->matcher, eng->rules, &mo)) {
		kl_worker_free(w);
		return KL_ENOMEM;
	}
	*out = w;
	return 0;
}

void kl_worker_free(struct kl_worker *w)
{
	if (!w)
		return;
	kl_matcher_free(w->matcher);
	free(w->mask);
	if (w->limit_path)
		for (size_t i = 0; i < w->eng->rules->nrules; i++)
			free(w->limit_path[i]);
	free(w->limit_path);
	free(w->glob_cache);
	kl_buf_free(&w->norm);
	kl_buf_free(&w->mask_path);
	free(w);
}

/* Remember the first path where each rule hit a regex limit. */
static void note_limits(struct kl_worker *w, const char *path)
{
	const struct kl_ruleset *rs = w->eng->rules;

	for (size_t i = 0; i < rs->nrules; i++) {
		if (kl_matcher_limit_count(w->matcher, i) && !w->limit_path[i])
			w->limit_path[i] =
			    strdup(path && *path ? path : "<blob>");
	}
	w->limit_total = kl_matcher_limit_total(w->matcher);
}

/* The rule mask for a path: every rule on, except path-dependent ones
 * whose globs (each tested once) or the lock-file check turn them off. */
static const uint8_t *path_mask(struct kl_worker *w, const char *path)
{
	const struct kl_engine *eng = w->eng;
	bool lock;

	/* Decoded content and archive members ask again for one path. */
	if (w->mask_valid && strcmp(w->mask_path.ptr, path) == 0)
		return w->mask;
	kl_buf_clear(&w->mask_path);
	w->mask_valid = kl_buf_puts(&w->mask_path, path) == 0;
	lock = kl_engine_is_lockfile(path);
	memset(w->mask, 1, eng->rules->nrules);
	memset(w->glob_cache, -1, eng->nglobs);
	for (size_t i = 0; i < eng->npathdep; i++) {
		uint32_t r = eng->pathdep[i];
		const struct kl_rule *rule = &eng->rules->rules[r];
		bool in = rule->paths.n == 0;

		if ((rule->flags & KL_RULE_GENERIC) && lock) {
			w->mask[r] = 0;
			continue;
		}
		for (const uint32_t *g = eng->rule_globs[r]; *g != UINT32_MAX;
		     g++) {
			uint32_t idx = *g >> 1;

			if (w->glob_cache[idx] < 0)
				w->glob_cache[idx] = kl_pathspec_match(
				    eng->globs[idx].pattern, path);
			if (w->glob_cache[idx] && (*g & 1)) {
				in = false; /* excluded */
				break;
			}
			if (w->glob_cache[idx])
				in = true;
		}
		w->mask[r] = in;
	}
	return w->mask;
}

/*
 * Code inside string literals escapes its quotes: a notebook cell in
 * .ipynb JSON, a module in a source map's sourcesContent, a C string.
 * Rules are written for the unescaped form, so a backslash before a quote
 * is matched as a space: the same length, so every offset, line and column
 * stays that of the file.  Returns data, or a normalized copy in w->norm.
 */
static const char *unescape_quotes(struct kl_worker *w, const char *data,
                                   size_t len)
{
	const char *p = data, *end = data + len;
	char *q;

	while ((p = memchr(p, '\\', (size_t)(end - p))) && p + 1 < end &&
	       p[1] != '"' && p[1] != '\'')
		p++;
	if (!p || p + 1 >= end)
		return data;
	kl_buf_clear(&w->norm);
	if (kl_buf_put(&w->norm, data, len))
		return data;
	/* Nothing before p needs a change. */
	for (q = w->norm.ptr + (p - data);
	     (q = memchr(q, '\\', (size_t)(w->norm.ptr + len - q))); q++)
		if (q + 1 < w->norm.ptr + len && (q[1] == '"' || q[1] == '\''))
			*q = ' ';
	return w->norm.ptr;
}

int kl_worker_match(struct kl_worker *w, const struct kl_chunk *c,
                    const struct kl_hit **hits, size_t *nhits,
                    const char **text)
{
	const struct kl_engine *eng = w->eng;
	const char *rule_path = c->origin.rule_path;
	const uint8_t *mask = NULL;
	const char *data = unescape_quotes(w, c->data, c->len);
	int rc;

	*nhits = 0;
	*text = data;
	if (rule_path && eng->npathdep)
		mask = path_mask(w, rule_path);
	rc = kl_matcher_scan(w->matcher, data, c->len, mask, hits, nhits);
	/* Only walk the rules when the matcher's total moved. */
	if (!rc && kl_matcher_limit_total(w->matcher) != w->limit_total)
		note_limits(w, rule_path);
	return rc;
}

int kl_engine_warnings(const struct kl_engine *eng,
                       struct kl_worker *const *workers, size_t nworkers,
                       struct kl_strv *out)
{
	struct kl_buf msg = KL_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < eng->rules->nrules && !rc; i++) {
		const struct kl_rule *r = &eng->rules->rules[i];
		uint64_t count = 0;
		const char *path = NULL;
		bool failed = false;

		for (size_t t = 0; t < nworkers; t++) {
			count += kl_matcher_limit_count(workers[t]->matcher, i);
			failed |= kl_matcher_failed(workers[t]->matcher, i);
			if (!path && workers[t]->limit_path[i])
				path = workers[t]->limit_path[i];
		}
		kl_buf_clear(&msg);
		if (failed)
			rc = kl_buf_printf(&msg,
			                   "rule \"%s\" (%s) was skipped: %s",
			                   r->id, r->origin,
			                   kl_rules_prepare_error(r)
			                       ? kl_rules_prepare_error(r)
			                       : "its regex cannot run");
		if (!rc && failed)
			rc = kl_strv_push(out, msg.ptr);
		if (rc || !count)
			continue;
		kl_buf_clear(&msg);
		rc = kl_buf_printf(&msg,
		                   "rule \"%s\": regex match limit reached "
		                   "%llu time%s (first in %s); those regions "
		                   "were not fully matched",
		                   r->id, (unsigned long long)count,
		                   count == 1 ? "" : "s", path ? path : "?");
		if (!rc)
			rc = kl_strv_push(out, msg.ptr);
	}
	kl_buf_free(&msg);
	return rc;
}
