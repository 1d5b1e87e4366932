/*
 * engine: builds the read-only scan setup from options and files, and turns
 * content into findings for any source.  The per-path rule mask is computed
 * here, from the few rules whose use depends on the path, so the common
 * case costs nothing.
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scan.h"

int kl_errors_add(struct kl_errors *e, const char *path, const char *message)
{
	struct kl_error_entry *x;

	if (KL_ALLOC_GROW(e->v, e->n + 1, e->alloc))
		return KL_ENOMEM;
	x = &e->v[e->n];
	x->path = strdup(path ? path : "");
	x->message = strdup(message ? message : "");
	if (!x->path || !x->message) {
		free(x->path);
		free(x->message);
		return KL_ENOMEM;
	}
	e->n++;
	return 0;
}

int kl_errors_move(struct kl_errors *dst, struct kl_errors *src)
{
	if (KL_ALLOC_GROW(dst->v, dst->n + src->n, dst->alloc))
		return KL_ENOMEM;
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
	return 0;
}

static int cmp_error(const void *pa, const void *pb)
{
	const struct kl_error_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c ? c : strcmp(a->message, b->message);
}

void kl_errors_sort(struct kl_errors *e)
{
	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), cmp_error);
}

void kl_errors_free(struct kl_errors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].message);
	}
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = 0;
}

bool kl_engine_is_lockfile(const char *path)
{
	static const char *const names[] = {
		"package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
		"pnpm-lock.yaml",    "bun.lockb",	    "go.sum",
		"go.work.sum",	     "Cargo.lock",	    "Gemfile.lock",
		"poetry.lock",	     "Pipfile.lock",	    "composer.lock",
		"packages.lock.json", "flake.lock",	    "mix.lock",
		"pubspec.lock",	     "Podfile.lock",	    "uv.lock",
		"pdm.lock",	     "gradle.lockfile",	    "SHA256SUMS",
		"SHA512SUMS",	     "MD5SUMS",		    "checksums.txt",
		"deno.lock",	     "Package.resolved",    NULL};
	static const char *const exts[] = {".lock", ".sum", ".sha256",
					   ".sha512", ".sha1", ".md5", NULL};
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

static int build_rules(struct kl_engine *eng, struct kl_buf *err)
{
	const struct kl_options *o = eng->opts;
	int rc;

	if ((rc = kl_rules_new(&eng->rules)))
		return rc;
	if (!o->no_default_rules && (rc = kl_rules_load_builtin(eng->rules, err)))
		return rc;
	for (size_t i = 0; i < o->nrule_files; i++)
		if ((rc = kl_rules_load_file(eng->rules, o->rule_files[i], err)))
			return rc;
	if (eng->config.rules &&
	    (rc = kl_rules_load_json(eng->rules, eng->config.origin,
				     eng->config.rules, err)))
		return rc;
	for (size_t i = 0; i < eng->config.ndisabled_rules; i++) {
		const char *id = eng->config.disabled_rules[i];

		if (kl_rules_disable(eng->rules, id)) {
			kl_buf_printf(err,
				      "%s: \"disabled_rules\": no rule \"%s\"",
				      eng->config.origin, id);
			return KL_EINVAL;
		}
	}
	if ((rc = kl_rules_finalize(eng->rules, err)))
		return rc;
	for (size_t i = 0; i < eng->rules->nrules; i++) {
		const struct kl_rule *r = &eng->rules->rules[i];

		if (r->disabled)
			continue;
		if (!r->npaths && !r->nexclude_paths &&
		    !(r->flags & KL_RULE_GENERIC))
			continue;
		if (KL_ALLOC_GROW(eng->pathdep, eng->npathdep + 1,
				  eng->apathdep))
			return KL_ENOMEM;
		eng->pathdep[eng->npathdep++] = (uint32_t)i;
	}
	return 0;
}

static int glob_index(struct kl_engine *eng, const char *pattern,
		      uint32_t *out)
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

/* Index the path lists of the path-dependent rules by distinct glob. */
static int index_globs(struct kl_engine *eng)
{
	const struct kl_ruleset *rs = eng->rules;

	eng->rule_globs = calloc(rs->nrules ? rs->nrules : 1,
				 sizeof(*eng->rule_globs));
	if (!eng->rule_globs)
		return KL_ENOMEM;
	for (size_t i = 0; i < eng->npathdep; i++) {
		const struct kl_rule *r = &rs->rules[eng->pathdep[i]];
		size_t n = r->npaths + r->nexclude_paths, k = 0;
		uint32_t *v = malloc((n + 1) * sizeof(*v));
		int rc = 0;

		if (!v)
			return KL_ENOMEM;
		for (size_t j = 0; j < r->npaths && !rc; j++, k++) {
			rc = glob_index(eng, r->paths[j], &v[k]);
			v[k] <<= 1;
		}
		for (size_t j = 0; j < r->nexclude_paths && !rc; j++, k++) {
			rc = glob_index(eng, r->exclude_paths[j], &v[k]);
			v[k] = v[k] << 1 | 1;
		}
		v[k] = UINT32_MAX;
		eng->rule_globs[eng->pathdep[i]] = v;
		if (rc)
			return rc;
	}
	return 0;
}

static int finish_init(struct kl_engine *eng, struct kl_buf *err)
{
	const struct kl_options *o = eng->opts;
	int rc;

	if ((rc = build_rules(eng, err)))
		return rc;
	if ((rc = index_globs(eng)))
		return rc;
	if (o->baseline &&
	    (rc = kl_ignore_load_baseline(eng->ignore, o->baseline, err)))
		return rc;
	eng->max_file_size = KL_DEFAULT_MAX_FILE_SIZE;
	if (eng->config.has_max_file_size)
		eng->max_file_size = eng->config.max_file_size;
	if (o->max_file_size_set)
		eng->max_file_size = o->max_file_size;
	return 0;
}

int kl_engine_init(struct kl_engine *eng, const struct kl_options *opts,
		   const char *root, struct kl_buf *err)
{
	struct kl_buf path = KL_BUF_INIT;
	int rc;

	memset(eng, 0, sizeof(*eng));
	eng->opts = opts;
	if ((rc = kl_ignore_new(&eng->ignore)))
		return rc;
	if (opts->config) {
		rc = kl_config_load_file(&eng->config, opts->config, false,
					 err);
	} else if (root) {
		rc = kl_buf_printf(&path, "%s/.keylint.json", root);
		if (!rc)
			rc = kl_config_load_file(&eng->config, path.ptr, true,
						 err);
	}
	if (!rc && root) {
		kl_buf_clear(&path);
		rc = kl_buf_printf(&path, "%s/.keylintignore", root);
		if (!rc)
			rc = kl_ignore_load_file(eng->ignore, path.ptr, true,
						 err);
	}
	kl_buf_free(&path);
	if (!rc)
		rc = finish_init(eng, err);
	return rc;
}

int kl_engine_init_with(struct kl_engine *eng, const struct kl_options *opts,
			const char *config_origin, const char *config_data,
			size_t config_len, const char *ignore_origin,
			const char *ignore_data, size_t ignore_len,
			struct kl_buf *err)
{
	int rc;

	memset(eng, 0, sizeof(*eng));
	eng->opts = opts;
	if ((rc = kl_ignore_new(&eng->ignore)))
		return rc;
	if (opts->config)
		rc = kl_config_load_file(&eng->config, opts->config, false,
					 err);
	else if (config_data)
		rc = kl_config_load_buffer(&eng->config, config_origin,
					   config_data, config_len, err);
	if (!rc && ignore_data)
		rc = kl_ignore_load_buffer(eng->ignore, ignore_origin,
					   ignore_data, ignore_len, err);
	if (!rc)
		rc = finish_init(eng, err);
	return rc;
}

void kl_engine_release(struct kl_engine *eng)
{
	if (!eng)
		return;
	for (size_t i = 0; eng->rule_globs && i < eng->rules->nrules; i++)
		free(eng->rule_globs[i]);
	free(eng->rule_globs);
	kl_rules_free(eng->rules);
	kl_config_release(&eng->config);
	kl_ignore_free(eng->ignore);
	for (size_t i = 0; i < eng->nglobs; i++)
		free(eng->globs[i].pattern);
	free(eng->globs);
	free(eng->pathdep);
	memset(eng, 0, sizeof(*eng));
}

int kl_worker_init(struct kl_worker *w, struct kl_engine *eng)
{
	struct kl_matcher_opts mo = {&eng->config.allow,
				     eng->opts->whole_match};
	size_t n = eng->rules->nrules ? eng->rules->nrules : 1;
	int rc;

	memset(w, 0, sizeof(*w));
	w->eng = eng;
	if ((rc = kl_matcher_new(&w->matcher, eng->rules, &mo)))
		return rc;
	w->mask = malloc(n);
	w->limit_path = calloc(n, sizeof(*w->limit_path));
	w->glob_cache = malloc(eng->nglobs ? eng->nglobs : 1);
	if (!w->mask || !w->limit_path || !w->glob_cache) {
		kl_worker_release(w);
		return KL_ENOMEM;
	}
	return 0;
}

void kl_worker_release(struct kl_worker *w)
{
	if (!w)
		return;
	kl_matcher_free(w->matcher);
	free(w->mask);
	if (w->limit_path && w->eng && w->eng->rules)
		for (size_t i = 0; i < w->eng->rules->nrules; i++)
			free(w->limit_path[i]);
	free(w->limit_path);
	free(w->glob_cache);
	kl_buf_free(&w->norm);
	kl_buf_free(&w->buf);
	kl_findings_free(&w->findings);
	kl_errors_free(&w->errors);
	memset(w, 0, sizeof(*w));
}

int kl_engine_emit(struct kl_engine *eng, struct kl_findings *fs,
		   size_t first)
{
	int rc = 0;

	for (size_t i = first; eng->emit && i < fs->n && !rc; i++)
		rc = eng->emit(eng->emit_ud, &fs->v[i]);
	return rc;
}

bool kl_engine_path_keeps(const struct kl_engine *eng, const struct kl_rule *r,
			  const char *path)
{
	(void)eng;
	if (!kl_rules_applies_to_path(r, path))
		return false;
	if ((r->flags & KL_RULE_GENERIC) && kl_engine_is_lockfile(path))
		return false;
	return true;
}

bool kl_engine_path_allowed(const struct kl_engine *eng, const char *path)
{
	const struct kl_allow *a = &eng->config.allow;

	return a->npaths && kl_rules_glob_any(a->paths, a->npaths, path);
}

/* Remember the first path where each rule hit a regex limit. */
static void note_limits(struct kl_worker *w, const char *path)
{
	const struct kl_ruleset *rs = w->eng->rules;

	for (size_t i = 0; i < rs->nrules; i++) {
		if (kl_matcher_limit_count(w->matcher, i) && !w->limit_path[i])
			w->limit_path[i] = strdup(path && *path ? path
								: "<blob>");
	}
	w->limit_total = kl_matcher_limit_total(w->matcher);
}

/* The rule mask for a path: every rule on, except path-dependent ones
 * whose globs (each tested once) or the lock-file check turn them off. */
static const uint8_t *path_mask(struct kl_worker *w, const char *path)
{
	const struct kl_engine *eng = w->eng;
	bool lock = kl_engine_is_lockfile(path);

	memset(w->mask, 1, eng->rules->nrules);
	memset(w->glob_cache, -1, eng->nglobs);
	for (size_t i = 0; i < eng->npathdep; i++) {
		uint32_t r = eng->pathdep[i];
		const struct kl_rule *rule = &eng->rules->rules[r];
		bool in = rule->npaths == 0;

		if ((rule->flags & KL_RULE_GENERIC) && lock) {
			w->mask[r] = 0;
			continue;
		}
		for (const uint32_t *g = eng->rule_globs[r]; *g != UINT32_MAX;
		     g++) {
			uint32_t idx = *g >> 1;

			if (w->glob_cache[idx] < 0)
				w->glob_cache[idx] =
					kl_rules_glob_match(
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
	for (q = w->norm.ptr + (p - data); (q = memchr(q, '\\',
					  (size_t)(w->norm.ptr + len - q)));
	     q++)
		if (q + 1 < w->norm.ptr + len && (q[1] == '"' || q[1] == '\''))
			*q = ' ';
	return w->norm.ptr;
}

static int scan(struct kl_worker *w, const char *data, size_t len,
		const char *mask_path, const char *path,
		struct kl_findings *out)
{
	const struct kl_engine *eng = w->eng;
	const uint8_t *mask = NULL;
	const struct kl_hit *hits;
	size_t nhits;
	int rc;

	data = unescape_quotes(w, data, len);
	if (mask_path && eng->npathdep)
		mask = path_mask(w, mask_path);
	rc = kl_matcher_scan(w->matcher, data, len, mask, &hits, &nhits);
	if (rc)
		return rc;
	/* Only walk the rules when the matcher's total moved. */
	if (kl_matcher_limit_total(w->matcher) != w->limit_total)
		note_limits(w, mask_path);
	if (!nhits)
		return 0;
	atomic_fetch_add(&w->eng->live_findings, nhits);
	return kl_findings_add_hits(out ? out : &w->findings, eng->rules, hits,
				    nhits, data, len, path);
}

int kl_engine_scan(struct kl_worker *w, const char *data, size_t len,
		   const char *path, struct kl_findings *out)
{
	return scan(w, data, len, path, path, out);
}

int kl_engine_scan_blob(struct kl_worker *w, const char *data, size_t len,
			const char *mask_path, struct kl_findings *out)
{
	return scan(w, data, len, mask_path, NULL, out);
}

size_t kl_engine_report_limits(const struct kl_engine *eng,
			       struct kl_worker *workers, size_t nworkers,
			       bool quiet)
{
	size_t nrules = 0;

	for (size_t i = 0; i < eng->rules->nrules; i++) {
		uint64_t count = 0;
		const char *path = NULL;

		for (size_t t = 0; t < nworkers; t++) {
			count += kl_matcher_limit_count(workers[t].matcher, i);
			if (!path && workers[t].limit_path[i])
				path = workers[t].limit_path[i];
		}
		if (!count)
			continue;
		nrules++;
		if (!quiet)
			fprintf(stderr,
				"keylint: warning: rule \"%s\": regex match "
				"limit reached %llu time%s (first in %s); "
				"those regions were not fully matched\n",
				eng->rules->rules[i].id,
				(unsigned long long)count,
				count == 1 ? "" : "s", path ? path : "?");
	}
	return nrules;
}
