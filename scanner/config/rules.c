/*
 * rules: parse rule files with cJSON, validate every field, compile every
 * regex once (with JIT), and index keywords for the prefilter.  Validation
 * errors name the file and the rule; regex errors add the offset.  This
 * module never runs a rule on content.
 */
#include "rules.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "map.h"
#include "prefilter.h"

/* Provided by the generated builtin_rules.c. */
struct kl_builtin_file {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct kl_builtin_file kl_builtin_rule_files[];
extern const size_t kl_builtin_rule_nfiles;

#define KL_RULE_FILE_MAX (16u << 20)

struct kl_rule_jit {
	_Atomic int done;
	pthread_mutex_t lock;
};

static int compile_rule(struct kl_rule *r, struct kl_buf *msg);

static const char *const severity_names[] = {"low", "medium", "high",
					     "critical"};

const char *kl_severity_name(enum kl_severity sev)
{
	if ((unsigned)sev > KL_SEV_CRITICAL)
		return "unknown";
	return severity_names[sev];
}

int kl_severity_parse(const char *name, enum kl_severity *out)
{
	size_t i;

	for (i = 0; i < sizeof(severity_names) / sizeof(*severity_names); i++) {
		if (strcmp(name, severity_names[i]) == 0) {
			*out = (enum kl_severity)i;
			return 0;
		}
	}
	return KL_EINVAL;
}

int kl_rules_new(struct kl_ruleset **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : KL_ENOMEM;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kl_rules_allow_free(struct kl_allow *allow)
{
	size_t i;

	if (!allow)
		return;
	for (i = 0; i < allow->nregexes; i++)
		pcre2_code_free(allow->regexes[i]);
	free(allow->regexes);
	free(allow->targets);
	free_strv(allow->stopwords, allow->nstopwords);
	free_strv(allow->paths, allow->npaths);
	memset(allow, 0, sizeof(*allow));
}

static void free_examples(struct kl_example *ex, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ex[i].text);
		free(ex[i].path);
	}
	free(ex);
}

static void rule_release(struct kl_rule *r)
{
	free(r->id);
	free(r->description);
	free(r->regex);
	pcre2_code_free(r->code);
	free_strv(r->keywords, r->nkeywords);
	free_strv(r->paths, r->npaths);
	free_strv(r->exclude_paths, r->nexclude_paths);
	kl_rules_allow_free(&r->allow);
	free_strv(r->tags, r->ntags);
	free_examples(r->positive, r->npositive);
	free_examples(r->negative, r->nnegative);
	free(r->client_side);
	free(r->origin);
	if (r->jit) {
		pthread_mutex_destroy(&r->jit->lock);
		free(r->jit);
	}
	memset(r, 0, sizeof(*r));
}

static void index_free(struct kl_ruleset *rs)
{
	kl_prefilter_free(rs->prefilter);
	rs->prefilter = NULL;
	free_strv(rs->kw, rs->nkw);
	rs->kw = NULL;
	free(rs->kw_len);
	rs->kw_len = NULL;
	rs->nkw = 0;
	free(rs->kw_start);
	free(rs->kw_rules);
	free(rs->always);
	rs->kw_start = rs->kw_rules = rs->always = NULL;
	rs->nalways = 0;
}

void kl_rules_free(struct kl_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nrules; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	index_free(rs);
	free(rs);
}

int kl_rules_compile(pcre2_code **out, const char *pattern, struct kl_buf *err)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code;

	*out = NULL;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			     PCRE2_USE_OFFSET_LIMIT, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		kl_buf_printf(err, "regex error at offset %zu: %s",
			      (size_t)erroff, (const char *)msg);
		return KL_EINVAL;
	}
	*out = code;
	return 0;
}

bool kl_rules_prepare(const struct kl_rule *rule)
{
	struct kl_rule_jit *j = rule->jit;

	if (atomic_load_explicit(&j->done, memory_order_acquire))
		return rule->code != NULL;
	pthread_mutex_lock(&j->lock);
	if (!atomic_load_explicit(&j->done, memory_order_relaxed)) {
		/* The rule is shared: its fields change only here, once,
		 * under the lock, before `done` publishes them. */
		struct kl_rule *r = (struct kl_rule *)rule;
		struct kl_buf msg = KL_BUF_INIT;

		if (!r->code && compile_rule(r, &msg)) {
			pcre2_code_free(r->code);
			r->code = NULL;
		}
		kl_buf_free(&msg);
		/* JIT failure is not an error: PCRE2 falls back to the
		 * interpreter.  KEYLINT_NO_JIT=1 asks for the interpreter,
		 * for memory checkers that cannot follow JIT code. */
		if (r->code && !getenv("KEYLINT_NO_JIT"))
			(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
		atomic_store_explicit(&j->done, 1, memory_order_release);
	}
	pthread_mutex_unlock(&j->lock);
	return rule->code != NULL;
}

/* ---- JSON field helpers ------------------------------------------------ */

struct ctx {
	const char *origin;
	const char *rule_id; /* NULL before the id is known */
	struct kl_buf *err;
	bool defer; /* built-in rules: compile regexes on first use */
};

static int fail(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	kl_buf_clear(c->err);
	if (c->rule_id)
		kl_buf_printf(c->err, "%s: rule \"%s\": ", c->origin,
			      c->rule_id);
	else
		kl_buf_printf(c->err, "%s: ", c->origin);
	va_start(ap, fmt);
	kl_buf_vprintf(c->err, fmt, ap);
	va_end(ap);
	return KL_EINVAL;
}

static int get_string(struct ctx *c, const cJSON *v, const char *key,
		      char **out)
{
	if (!cJSON_IsString(v))
		return fail(c, "\"%s\" must be a string", key);
	*out = strdup(v->valuestring);
	return *out ? 0 : KL_ENOMEM;
}

/* Parse an array of non-empty strings into (v, n, alloc). */
static int get_strv(struct ctx *c, const cJSON *v, const char *key, char ***out,
		    size_t *n, size_t *alloc, bool lower)
{
	const cJSON *it;

	if (!cJSON_IsArray(v))
		return fail(c, "\"%s\" must be an array of strings", key);
	cJSON_ArrayForEach(it, v)
	{
		char *s, *p;

		if (!cJSON_IsString(it) || !it->valuestring[0])
			return fail(c, "\"%s\" must hold non-empty strings",
				    key);
		if (KL_ALLOC_GROW(*out, *n + 1, *alloc))
			return KL_ENOMEM;
		s = strdup(it->valuestring);
		if (!s)
			return KL_ENOMEM;
		if (lower)
			for (p = s; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		(*out)[(*n)++] = s;
	}
	return 0;
}

static bool key_in(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(key, *keys) == 0)
			return true;
	return false;
}

static int parse_target(const cJSON *v, enum kl_allow_target *out)
{
	const char *t = cJSON_IsString(v) ? v->valuestring : "";

	if (strcmp(t, "secret") == 0)
		*out = KL_ALLOW_SECRET;
	else if (strcmp(t, "match") == 0)
		*out = KL_ALLOW_MATCH;
	else if (strcmp(t, "line") == 0)
		*out = KL_ALLOW_LINE;
	else
		return KL_EINVAL;
	return 0;
}

int kl_rules_parse_allow(struct kl_allow *allow, const cJSON *json,
			 bool allow_paths, const char *what, struct kl_buf *err)
{
	static const char *const keys[] = {"regexes", "stopwords", "target",
					   "paths", NULL};
	struct ctx c = {what, NULL, err, false};
	const cJSON *it;
	int rc;

	if (!cJSON_IsObject(json))
		return fail(&c, "\"allow\" must be an object");
	cJSON_ArrayForEach(it, json)
	{
		if (!key_in(it->string, keys) ||
		    (!allow_paths && strcmp(it->string, "paths") == 0))
			return fail(&c, "unknown key \"allow.%s\"",
				    it->string);
	}
	it = cJSON_GetObjectItemCaseSensitive(json, "target");
	if (it && parse_target(it, &allow->target))
		return fail(&c, "\"allow.target\" must be \"secret\", "
				"\"match\" or \"line\"");
	it = cJSON_GetObjectItemCaseSensitive(json, "stopwords");
	if (it) {
		rc = get_strv(&c, it, "allow.stopwords", &allow->stopwords,
			      &allow->nstopwords, &allow->astopwords, true);
		if (rc)
			return rc;
	}
	it = cJSON_GetObjectItemCaseSensitive(json, "paths");
	if (it) {
		rc = get_strv(&c, it, "allow.paths", &allow->paths,
			      &allow->npaths, &allow->apaths, false);
		if (rc)
			return rc;
	}
	it = cJSON_GetObjectItemCaseSensitive(json, "regexes");
	if (it) {
		const cJSON *re;
		size_t i = 0;

		if (!cJSON_IsArray(it))
			return fail(&c, "\"allow.regexes\" must be an array "
					"of strings");
		cJSON_ArrayForEach(re, it)
		{
			struct kl_buf msg = KL_BUF_INIT;
			enum kl_allow_target target = allow->target;
			const cJSON *src = re;
			pcre2_code *code;

			i++;
			/* A string, or {"regex": ..., "target": ...} when one
			 * regex must see something other than the others. */
			if (cJSON_IsObject(re)) {
				const cJSON *k, *t;

				cJSON_ArrayForEach(k, re)
				{
					if (strcmp(k->string, "regex") &&
					    strcmp(k->string, "target"))
						return fail(&c,
							    "unknown key "
							    "\"allow.regexes[]."
							    "%s\"",
							    k->string);
				}
				src = cJSON_GetObjectItemCaseSensitive(re,
								       "regex");
				t = cJSON_GetObjectItemCaseSensitive(re,
								     "target");
				if (t && parse_target(t, &target))
					return fail(&c, "allow regex %zu: bad "
							"\"target\"", i);
			}
			if (!cJSON_IsString(src))
				return fail(&c, "\"allow.regexes\" must hold "
						"strings or {\"regex\", "
						"\"target\"} objects");
			if (kl_rules_compile(&code, src->valuestring, &msg)) {
				fail(&c, "allow regex %zu: %s", i,
				     msg.ptr ? msg.ptr : "");
				kl_buf_free(&msg);
				return KL_EINVAL;
			}
			if (KL_ALLOC_GROW(allow->regexes, allow->nregexes + 1,
					  allow->aregexes) ||
			    KL_ALLOC_GROW(allow->targets, allow->nregexes + 1,
					  allow->atargets)) {
				pcre2_code_free(code);
				return KL_ENOMEM;
			}
			allow->targets[allow->nregexes] = target;
			allow->regexes[allow->nregexes++] = code;
		}
	}
	return 0;
}

static int parse_examples(struct ctx *c, const cJSON *v, const char *key,
			  struct kl_example **out, size_t *n, size_t *alloc)
{
	const cJSON *it;

	if (!cJSON_IsArray(v))
		return fail(c, "\"examples.%s\" must be an array", key);
	cJSON_ArrayForEach(it, v)
	{
		struct kl_example ex = {NULL, NULL};

		if (cJSON_IsString(it)) {
			ex.text = strdup(it->valuestring);
		} else if (cJSON_IsObject(it)) {
			const cJSON *t =
				cJSON_GetObjectItemCaseSensitive(it, "text");
			const cJSON *p =
				cJSON_GetObjectItemCaseSensitive(it, "path");
			const cJSON *k;

			cJSON_ArrayForEach(k, it)
			{
				if (strcmp(k->string, "text") &&
				    strcmp(k->string, "path"))
					return fail(c,
						    "unknown key \"examples.%s"
						    "[].%s\"",
						    key, k->string);
			}
			if (!cJSON_IsString(t) ||
			    (p && (!cJSON_IsString(p) || !p->valuestring[0])))
				return fail(c,
					    "\"examples.%s\" objects need "
					    "a \"text\" string and may have "
					    "a \"path\" string",
					    key);
			ex.text = strdup(t->valuestring);
			if (p && !(ex.path = strdup(p->valuestring))) {
				free(ex.text);
				return KL_ENOMEM;
			}
		} else {
			return fail(c,
				    "\"examples.%s\" must hold strings or "
				    "{\"path\", \"text\"} objects",
				    key);
		}
		if (!ex.text || KL_ALLOC_GROW(*out, *n + 1, *alloc)) {
			free(ex.text);
			free(ex.path);
			return KL_ENOMEM;
		}
		(*out)[(*n)++] = ex;
	}
	return 0;
}

static bool valid_id(const char *id)
{
	const char *p;

	if (!*id)
		return false;
	for (p = id; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return false;
	}
	return true;
}

static const struct kl_rule *find_rule(const struct kl_ruleset *rs,
				       const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

/* Compile a rule's regex and settle what depends on its groups.  On error
 * writes "regex error at offset N: ...", the secret_group problem, or (for
 * a deferred rule, whose match data is shared) too many groups. */
static int compile_rule(struct kl_rule *r, struct kl_buf *msg)
{
	int rc = kl_rules_compile(&r->code, r->regex, msg);

	if (rc)
		return rc;
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT,
			   &r->capture_count);
	if (!r->secret_group_set)
		r->secret_group = r->capture_count ? 1 : 0;
	if (r->secret_group > r->capture_count) {
		kl_buf_printf(msg,
			      "\"secret_group\" is %u but the regex has %u "
			      "capture group%s",
			      r->secret_group, r->capture_count,
			      r->capture_count == 1 ? "" : "s");
		return KL_EINVAL;
	}
	if (r->deferred && r->capture_count >= KL_DEFERRED_OVECTOR) {
		kl_buf_printf(msg,
			      "the regex has %u capture groups; built-in rules "
			      "may have at most %d",
			      r->capture_count, KL_DEFERRED_OVECTOR - 1);
		return KL_EINVAL;
	}
	return 0;
}

static int parse_rule(struct kl_ruleset *rs, struct ctx *c, const cJSON *obj,
		      struct kl_rule *r)
{
	static const char *const keys[] = {
		"id",	    "description",   "severity", "regex",
		"secret_group", "keywords", "entropy",  "paths",
		"exclude_paths", "allow",    "tags",	    "examples",
		"client_side",	 "decode",   "window",	  NULL};
	const cJSON *it, *v;
	const struct kl_rule *dup;
	int rc;

	if (!cJSON_IsObject(obj))
		return fail(c, "a rule must be a JSON object");
	v = cJSON_GetObjectItemCaseSensitive(obj, "id");
	if (!cJSON_IsString(v) || !valid_id(v->valuestring))
		return fail(c, "rule without a valid \"id\" (letters, digits, "
			       "'-', '_', '.')");
	if (!(r->id = strdup(v->valuestring)))
		return KL_ENOMEM;
	c->rule_id = r->id;
	if (!(r->origin = strdup(c->origin)))
		return KL_ENOMEM;
	dup = find_rule(rs, r->id, rs->nrules);
	if (dup)
		return fail(c, "duplicate rule id (also defined in %s)",
			    dup->origin);

	cJSON_ArrayForEach(it, obj)
	{
		if (!key_in(it->string, keys))
			return fail(c, "unknown key \"%s\"", it->string);
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "description");
	if (!v)
		return fail(c, "missing \"description\"");
	if ((rc = get_string(c, v, "description", &r->description)))
		return rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "severity");
	if (!cJSON_IsString(v) ||
	    kl_severity_parse(v->valuestring, &r->severity))
		return fail(c, "\"severity\" must be one of low, medium, "
			       "high, critical");

	v = cJSON_GetObjectItemCaseSensitive(obj, "regex");
	if (!v)
		return fail(c, "missing \"regex\"");
	if ((rc = get_string(c, v, "regex", &r->regex)))
		return rc;
	if (!r->regex[0])
		return fail(c, "\"regex\" is empty");
	if (!(r->jit = calloc(1, sizeof(*r->jit))))
		return KL_ENOMEM;
	pthread_mutex_init(&r->jit->lock, NULL);

	v = cJSON_GetObjectItemCaseSensitive(obj, "secret_group");
	if (v) {
		/* Range first: casting 2e121 to int is undefined. */
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble > 65535 ||
		    v->valuedouble != (double)(int)v->valuedouble)
			return fail(c, "\"secret_group\" must be a "
				       "non-negative integer");
		r->secret_group = (uint32_t)v->valueint;
		r->secret_group_set = true;
	}
	r->deferred = c->defer;
	if (!r->deferred) {
		struct kl_buf msg = KL_BUF_INIT;

		rc = compile_rule(r, &msg);
		if (rc) {
			fail(c, "%s", msg.ptr ? msg.ptr : "");
			kl_buf_free(&msg);
			return rc;
		}
		kl_buf_free(&msg);
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "keywords");
	if (v && (rc = get_strv(c, v, "keywords", &r->keywords, &r->nkeywords,
				&r->akeywords, true)))
		return rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "entropy");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble > 8)
			return fail(c, "\"entropy\" must be a number from 0 "
				       "to 8 (bits per byte)");
		r->entropy = v->valuedouble;
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "paths");
	if (v && (rc = get_strv(c, v, "paths", &r->paths, &r->npaths,
				&r->apaths, false)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "exclude_paths");
	if (v && (rc = get_strv(c, v, "exclude_paths", &r->exclude_paths,
				&r->nexclude_paths, &r->aexclude_paths,
				false)))
		return rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "allow");
	if (v) {
		struct kl_buf what = KL_BUF_INIT;

		kl_buf_printf(&what, "%s: rule \"%s\"", c->origin, r->id);
		rc = kl_rules_parse_allow(&r->allow, v, false,
					  what.ptr ? what.ptr : c->origin,
					  c->err);
		kl_buf_free(&what);
		if (rc)
			return rc;
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "tags");
	if (v && (rc = get_strv(c, v, "tags", &r->tags, &r->ntags, &r->atags,
				false)))
		return rc;
	for (size_t i = 0; i < r->ntags; i++)
		if (strcmp(r->tags[i], "generic") == 0)
			r->flags |= KL_RULE_GENERIC;
		else if (strcmp(r->tags[i], "secondary") == 0)
			r->flags |= KL_RULE_SECONDARY;
		else if (strcmp(r->tags[i], "broad") == 0)
			r->flags |= KL_RULE_BROAD;

	r->window = KL_RULE_WINDOW;
	v = cJSON_GetObjectItemCaseSensitive(obj, "window");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
		    v->valuedouble > 4096 ||
		    v->valuedouble != (double)(int)v->valuedouble)
			return fail(c, "\"window\" must be a whole number of "
				       "bytes from 1 to 4096");
		r->window = (uint32_t)v->valueint;
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "decode");
	if (v) {
		const char *d = cJSON_IsString(v) ? v->valuestring : "";

		if (strcmp(d, "base64") == 0)
			r->decode = KL_DECODE_BASE64;
		else if (strcmp(d, "base64-userpass") == 0)
			r->decode = KL_DECODE_BASE64_USERPASS;
		else
			return fail(c, "\"decode\" must be \"base64\" or "
				       "\"base64-userpass\"");
	}

	v = cJSON_GetObjectItemCaseSensitive(obj, "client_side");
	if (v && (rc = get_string(c, v, "client_side", &r->client_side)))
		return rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "examples");
	if (v) {
		const cJSON *p, *n;

		if (!cJSON_IsObject(v))
			return fail(c, "\"examples\" must be an object");
		cJSON_ArrayForEach(it, v)
		{
			if (strcmp(it->string, "positive") &&
			    strcmp(it->string, "negative"))
				return fail(c, "unknown key \"examples.%s\"",
					    it->string);
		}
		p = cJSON_GetObjectItemCaseSensitive(v, "positive");
		n = cJSON_GetObjectItemCaseSensitive(v, "negative");
		if (p && (rc = parse_examples(c, p, "positive", &r->positive,
					      &r->npositive, &r->apositive)))
			return rc;
		if (n && (rc = parse_examples(c, n, "negative", &r->negative,
					      &r->nnegative, &r->anegative)))
			return rc;
	}
	return 0;
}

/* Line and column (1-based) of byte offset `off` in data. */
static void offset_to_line_col(const char *data, size_t len, size_t off,
			       size_t *line, size_t *col)
{
	size_t i, l = 1, lc = 0;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			lc = i + 1;
		}
	}
	*line = l;
	*col = off - lc + 1;
}

static int load_json(struct kl_ruleset *rs, const char *origin,
		     const cJSON *json, bool defer, struct kl_buf *err)
{
	struct ctx c = {origin, NULL, err, defer};
	const cJSON *list = json, *it;
	size_t first = rs->nrules;
	int rc = 0;

	if (rs->finalized)
		return fail(&c, "internal error: rule set already finalized");
	if (cJSON_IsObject(json)) {
		const cJSON *inner =
			cJSON_GetObjectItemCaseSensitive(json, "rules");

		if (inner && !cJSON_GetObjectItemCaseSensitive(json, "id")) {
			const cJSON *k;

			cJSON_ArrayForEach(k, json)
			{
				if (strcmp(k->string, "rules") &&
				    strcmp(k->string, "$schema") &&
				    strcmp(k->string, "family"))
					return fail(&c, "unknown key \"%s\"",
						    k->string);
			}
			list = inner;
		}
	}
	if (cJSON_IsObject(list)) {
		if (KL_ALLOC_GROW(rs->rules, rs->nrules + 1, rs->arules))
			return KL_ENOMEM;
		memset(&rs->rules[rs->nrules], 0, sizeof(struct kl_rule));
		rc = parse_rule(rs, &c, list, &rs->rules[rs->nrules]);
		if (rc) {
			rule_release(&rs->rules[rs->nrules]);
			return rc;
		}
		rs->nrules++;
		return 0;
	}
	if (!cJSON_IsArray(list))
		return fail(&c, "expected a rule object, an array of rules or "
				"{\"rules\": [...]}");
	cJSON_ArrayForEach(it, list)
	{
		c.rule_id = NULL;
		if (KL_ALLOC_GROW(rs->rules, rs->nrules + 1, rs->arules)) {
			rc = KL_ENOMEM;
			break;
		}
		memset(&rs->rules[rs->nrules], 0, sizeof(struct kl_rule));
		rc = parse_rule(rs, &c, it, &rs->rules[rs->nrules]);
		if (rc) {
			rule_release(&rs->rules[rs->nrules]);
			break;
		}
		rs->nrules++;
	}
	if (rc) {
		/* Nothing from a failing file is kept. */
		while (rs->nrules > first)
			rule_release(&rs->rules[--rs->nrules]);
		if (rc == KL_ENOMEM && !err->len)
			kl_buf_printf(err, "%s: out of memory", origin);
	}
	return rc;
}

int kl_rules_load_json(struct kl_ruleset *rs, const char *origin,
		       const cJSON *json, struct kl_buf *err)
{
	return load_json(rs, origin, json, false, err);
}

static int load_buffer(struct kl_ruleset *rs, const char *origin,
		       const char *data, size_t len, bool defer,
		       struct kl_buf *err)
{
	const char *end = NULL;
	cJSON *json;
	int rc;

	json = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!json) {
		size_t line, col, off = end ? (size_t)(end - data) : 0;

		offset_to_line_col(data, len, off, &line, &col);
		kl_buf_clear(err);
		kl_buf_printf(err,
			      "%s: invalid JSON at line %zu, column %zu "
			      "(offset %zu)",
			      origin, line, col, off);
		return KL_EINVAL;
	}
	rc = load_json(rs, origin, json, defer, err);
	cJSON_Delete(json);
	return rc;
}

int kl_rules_load_buffer(struct kl_ruleset *rs, const char *origin,
			 const char *data, size_t len, struct kl_buf *err)
{
	return load_buffer(rs, origin, data, len, false, err);
}

int kl_rules_load_file(struct kl_ruleset *rs, const char *path,
		       struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc;

	kl_buf_clear(err);
	if ((rc = kl_buf_read_file(&data, path, KL_RULE_FILE_MAX, false,
				   "rule file", err))) {
		kl_buf_free(&data);
		return rc;
	}
	rc = kl_rules_load_buffer(rs, path, data.ptr ? data.ptr : "", data.len,
				  err);
	kl_buf_free(&data);
	return rc;
}

int kl_rules_load_builtin(struct kl_ruleset *rs, struct kl_buf *err)
{
	size_t i;
	int rc;

	for (i = 0; i < kl_builtin_rule_nfiles; i++) {
		const struct kl_builtin_file *f = &kl_builtin_rule_files[i];

		/* Built-in rules were validated by the test suite; their
		 * regexes compile when they first wake. */
		rc = load_buffer(rs, f->name, f->data, f->len, true, err);
		if (rc)
			return rc;
	}
	return 0;
}

int kl_rules_disable(struct kl_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++) {
		if (strcmp(rs->rules[i].id, id) == 0) {
			rs->rules[i].disabled = true;
			return 0;
		}
	}
	return KL_ENOTFOUND;
}

int kl_rules_finalize(struct kl_ruleset *rs, struct kl_buf *err)
{
	struct kl_map *index = NULL; /* keyword -> keyword number */
	struct pair {
		uint32_t kw, rule;
	} *pairs = NULL;
	size_t npairs = 0, apairs = 0, akw = 0, aalways = 0;
	size_t *lens = NULL;
	uint32_t *fill = NULL;
	int rc = KL_ENOMEM;

	index_free(rs);
	rs->ovector_pairs = 1;
	rs->nenabled = 0;
	if (kl_map_new(&index))
		goto done;
	for (size_t i = 0; i < rs->nrules; i++) {
		struct kl_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		rs->nenabled++;
		if (r->deferred && rs->ovector_pairs < KL_DEFERRED_OVECTOR)
			rs->ovector_pairs = KL_DEFERRED_OVECTOR;
		if (r->capture_count + 1 > rs->ovector_pairs)
			rs->ovector_pairs = r->capture_count + 1;
		for (size_t j = 0; j < r->allow.nregexes; j++) {
			uint32_t cc = 0;

			pcre2_pattern_info(r->allow.regexes[j],
					   PCRE2_INFO_CAPTURECOUNT, &cc);
			if (cc + 1 > rs->ovector_pairs)
				rs->ovector_pairs = cc + 1;
		}
		if (!r->nkeywords) {
			if (KL_ALLOC_GROW(rs->always, rs->nalways + 1, aalways))
				goto done;
			rs->always[rs->nalways++] = (uint32_t)i;
			continue;
		}
		for (size_t j = 0; j < r->nkeywords; j++) {
			const char *k = r->keywords[j];
			uint64_t id;
			bool twice = false;
			int put = kl_map_put(index, k, strlen(k), rs->nkw, &id);

			if (put < 0)
				goto done;
			if (put == 1) {
				if (KL_ALLOC_GROW(rs->kw, rs->nkw + 1, akw) ||
				    !(rs->kw[rs->nkw] = strdup(k)))
					goto done;
				id = rs->nkw++;
			}
			/* A rule listing a keyword twice wakes once. */
			for (size_t x = npairs; x > 0 && pairs[x - 1].rule == i;
			     x--)
				twice |= pairs[x - 1].kw == id;
			if (twice)
				continue;
			if (KL_ALLOC_GROW(pairs, npairs + 1, apairs))
				goto done;
			pairs[npairs].kw = (uint32_t)id;
			pairs[npairs].rule = (uint32_t)i;
			npairs++;
		}
	}
	/* Keyword -> rules, as a compressed sparse row table, rules in rule
	 * order within each keyword. */
	rs->kw_start = calloc(rs->nkw + 1, sizeof(*rs->kw_start));
	rs->kw_rules = calloc(npairs ? npairs : 1, sizeof(*rs->kw_rules));
	fill = calloc(rs->nkw + 1, sizeof(*fill));
	lens = calloc(rs->nkw ? rs->nkw : 1, sizeof(*lens));
	if (!rs->kw_start || !rs->kw_rules || !fill || !lens)
		goto done;
	for (size_t p = 0; p < npairs; p++)
		rs->kw_start[pairs[p].kw + 1]++;
	for (size_t k = 0; k < rs->nkw; k++)
		rs->kw_start[k + 1] += rs->kw_start[k];
	for (size_t p = 0; p < npairs; p++)
		rs->kw_rules[rs->kw_start[pairs[p].kw] + fill[pairs[p].kw]++] =
			pairs[p].rule;
	for (size_t k = 0; k < rs->nkw; k++)
		lens[k] = strlen(rs->kw[k]);
	rc = kl_prefilter_new(&rs->prefilter, (const char *const *)rs->kw, lens,
			      rs->nkw);
	if (!rc) {
		rs->kw_len = lens;
		lens = NULL;
	}
	if (rc) {
		kl_buf_clear(err);
		kl_buf_puts(err, "cannot build the keyword prefilter");
		goto done;
	}
	rs->finalized = true;
	rc = 0;
done:
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_puts(err, "out of memory while indexing rules");
	kl_map_free(index);
	free(pairs);
	free(fill);
	free(lens);
	return rc;
}

bool kl_rules_glob_match(const char *pattern, const char *path)
{
	size_t plen = strlen(pattern);
	const char *base;

	if (plen && pattern[plen - 1] == '/') {
		/* "dir/" matches everything under any folder named so. */
		const char *p = path;

		while (p) {
			if (strncmp(p, pattern, plen) == 0)
				return true;
			p = strchr(p, '/');
			if (p)
				p++;
		}
		return false;
	}
	base = strrchr(path, '/');
	/* The common shapes answer as fnmatch would, without it: "*.ext"
	 * ('*' crosses '/' here) is a suffix test, a plain name a base-name
	 * comparison. */
	if (pattern[0] == '*' && !strpbrk(pattern + 1, "*?[\\")) {
		size_t n = strlen(path);

		return n >= plen - 1 &&
		       memcmp(path + n - (plen - 1), pattern + 1, plen - 1) == 0;
	}
	if (!strpbrk(pattern, "*?[\\/"))
		return strcmp(base ? base + 1 : path, pattern) == 0;
	if (fnmatch(pattern, path, 0) == 0)
		return true;
	if (strchr(pattern, '/'))
		return false;
	return base && fnmatch(pattern, base + 1, 0) == 0;
}

bool kl_rules_glob_any(char *const *patterns, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (kl_rules_glob_match(patterns[i], path))
			return true;
	return false;
}

bool kl_rules_applies_to_path(const struct kl_rule *rule, const char *path)
{
	if (rule->npaths && !kl_rules_glob_any(rule->paths, rule->npaths, path))
		return false;
	if (rule->nexclude_paths &&
	    kl_rules_glob_any(rule->exclude_paths, rule->nexclude_paths, path))
		return false;
	return true;
}

/* ---- example macros ---------------------------------------------------- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Expand a class body such as "A-Za-z0-9_" or a class name into `set`. */
static int class_set(const char *cls, size_t n, char *set, size_t *nset)
{
	static const struct {
		const char *name, *body;
	} named[] = {
		{"hex", "0-9a-f"},
		{"HEX", "0-9A-F"},
		{"alnum", "A-Za-z0-9"},
		{"base64", "A-Za-z0-9+/"},
		{"base64url", "A-Za-z0-9_-"},
		{"upper", "A-Z"},
		{"lower", "a-z"},
		{"digits", "0-9"},
		{"base32", "A-Z2-7"},
	};
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(*named); i++) {
		if (strlen(named[i].name) == n &&
		    memcmp(named[i].name, cls, n) == 0) {
			cls = named[i].body;
			n = strlen(cls);
			break;
		}
	}
	*nset = 0;
	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)cls[i], b = a;

		if (i + 2 < n && cls[i + 1] == '-') {
			b = (unsigned char)cls[i + 2];
			i += 2;
		}
		if (b < a)
			return KL_EINVAL;
		for (unsigned c = a; c <= b && *nset < 256; c++)
			set[(*nset)++] = (char)c;
	}
	return *nset ? 0 : KL_EINVAL;
}

static int b64_encode(struct kl_buf *out, const unsigned char *s, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = tab[(v >> 18) & 63];
		q[1] = tab[(v >> 12) & 63];
		q[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? tab[v & 63] : '=';
		rc = kl_buf_put(out, q, 4);
	}
	return rc;
}

/* Where the macro whose body starts at p ends: the "}}" that closes it,
 * counting nested "{{...}}"; a run of closing braces ends at its last two,
 * so {{b64:{"a":1}}} encodes a whole JSON object. */
static const char *macro_end(const char *p)
{
	int depth = 1;

	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			depth++;
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			if (--depth == 0) {
				while (p[2] == '}')
					p++;
				return p;
			}
			p += 2;
		} else {
			p++;
		}
	}
	return NULL;
}

int kl_rules_expand_example(struct kl_buf *out, const char *text,
			    uint64_t seed, struct kl_buf *err)
{
	const char *p = text;
	uint64_t state = seed;
	int rc = 0;

	while (*p && !rc) {
		const char *open = strstr(p, "{{rand:"), *b64 = strstr(p, "{{b64:");
		const char *empty = strstr(p, "{{}}");
		const char *m = open;
		const char *close;

		if (!m || (b64 && b64 < m))
			m = b64;
		if (empty && (!m || empty < m)) {
			/* {{}} is nothing: it splits a literal token that must
			 * stay exact so that other scanners do not see it. */
			if ((rc = kl_buf_put(out, p, (size_t)(empty - p))))
				return rc;
			p = empty + 4;
			continue;
		}
		if (!m)
			return kl_buf_puts(out, p);
		close = macro_end(m + 2);
		if (!close) {
			kl_buf_printf(err, "unterminated example macro");
			return KL_EINVAL;
		}
		if ((rc = kl_buf_put(out, p, (size_t)(m - p))))
			return rc;
		if (m == b64) {
			/* The text may hold macros itself: expand, then
			 * encode. */
			struct kl_buf inner = KL_BUF_INIT;
			char *body = kl_strndup(m + 6, (size_t)(close - m - 6));

			rc = body ? kl_rules_expand_example(&inner, body,
							    splitmix(&state),
							    err)
				  : KL_ENOMEM;
			if (!rc)
				rc = b64_encode(out,
						(const unsigned char *)(inner.ptr
									? inner.ptr
									: ""),
						inner.len);
			free(body);
			kl_buf_free(&inner);
		} else {
			char set[256];
			size_t nset = 0, count;
			char *end;
			const char *cls;

			count = strtoul(m + 7, &end, 10);
			if (end == m + 7 || *end != ':' || count > 65536) {
				kl_buf_printf(err, "bad {{rand:N:CLASS}} macro");
				return KL_EINVAL;
			}
			cls = end + 1;
			if (class_set(cls, (size_t)(close - cls), set, &nset)) {
				kl_buf_printf(err, "bad class in {{rand}} macro");
				return KL_EINVAL;
			}
			for (size_t i = 0; i < count && !rc; i++)
				rc = kl_buf_putc(out,
						 set[splitmix(&state) % nset]);
		}
		p = close + 2;
	}
	return rc;
}

int kl_rules_compile_all(struct kl_ruleset *rs, struct kl_buf *err)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		struct kl_rule *r = &rs->rules[i];
		struct ctx c = {r->origin, r->id, err, false};
		struct kl_buf msg = KL_BUF_INIT;
		int rc;

		if (r->code)
			continue;
		rc = compile_rule(r, &msg);
		if (rc) {
			fail(&c, "%s", msg.ptr ? msg.ptr : "");
			kl_buf_free(&msg);
			return rc;
		}
		kl_buf_free(&msg);
	}
	return 0;
}
