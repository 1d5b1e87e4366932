/*
 * rules_parse: turns one rule object into a struct kl_rule, checking every
 * key: unknown keys are errors, so a typo never switches a setting off.
 * Messages name the file and the rule.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "rules_int.h"

int kl_rules__fail(struct kl_rules_ctx *c, const char *fmt, ...)
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
	for (size_t i = 0; i < sizeof(severity_names) / sizeof(*severity_names);
	     i++) {
		if (strcmp(name, severity_names[i]) == 0) {
			*out = (enum kl_severity)i;
			return 0;
		}
	}
	return KL_EINVAL;
}

void kl_rules_allow_free(struct kl_allow *allow)
{
	if (!allow)
		return;
	for (size_t i = 0; i < allow->nregexes; i++)
		pcre2_code_free(allow->regexes[i]);
	free(allow->regexes);
	free(allow->targets);
	kl_strv_free(&allow->stopwords);
	kl_strv_free(&allow->paths);
	memset(allow, 0, sizeof(*allow));
}

static int get_string(struct kl_rules_ctx *c, const cJSON *v, const char *key,
                      char **out)
{
	if (!cJSON_IsString(v))
		return kl_rules__fail(c, "\"%s\" must be a string", key);
	*out = strdup(v->valuestring);
	return *out ? 0 : KL_ENOMEM;
}

/* Append an array of non-empty strings to out. */
static int get_strv(struct kl_rules_ctx *c, const cJSON *v, const char *key,
                    struct kl_strv *out, bool lower)
{
	const cJSON *it;

	if (!cJSON_IsArray(v))
		return kl_rules__fail(c, "\"%s\" must be an array of strings",
		                      key);
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) || !it->valuestring[0])
			return kl_rules__fail(c,
			                      "\"%s\" must hold non-empty "
			                      "strings",
			                      key);
		if (kl_strv_push(out, it->valuestring))
			return KL_ENOMEM;
		if (lower)
			for (char *p = out->v[out->n - 1]; *p; p++)
				*p = (char)tolower((unsigned char)*p);
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

/* One entry of allow.regexes: a string, or {"regex": ..., "target": ...}
 * when one regex must see something other than the others. */
static int parse_allow_regex(struct kl_rules_ctx *c, struct kl_allow *allow,
                             const cJSON *re, size_t i)
{
	struct kl_buf msg = KL_BUF_INIT;
	enum kl_allow_target target = allow->target;
	const cJSON *src = re, *k, *t;
	pcre2_code *code;

	if (cJSON_IsObject(re)) {
		cJSON_ArrayForEach(k, re)
		{
			if (strcmp(k->string, "regex") &&
			    strcmp(k->string, "target"))
				return kl_rules__fail(
				    c, "unknown key \"allow.regexes[].%s\"",
				    k->string);
		}
		src = cJSON_GetObjectItemCaseSensitive(re, "regex");
		t = cJSON_GetObjectItemCaseSensitive(re, "target");
		if (t && parse_target(t, &target))
			return kl_rules__fail(c,
			                      "allow regex %zu: bad "
			                      "\"target\"",
			                      i);
	}
	if (!cJSON_IsString(src))
		return kl_rules__fail(c, "\"allow.regexes\" must hold strings "
		                         "or {\"regex\", \"target\"} objects");
	if (kl_rules_compile(&code, src->valuestring, &msg)) {
		kl_rules__fail(c, "allow regex %zu: %s", i,
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
	return 0;
}

int kl_rules_parse_allow(struct kl_allow *allow, const cJSON *json,
                         bool allow_paths, const char *what, struct kl_buf *err)
{
	static const char *const keys[] = {"regexes", "stopwords", "target",
	                                   "paths", NULL};
	struct kl_rules_ctx c = {what, NULL, err, false};
	const cJSON *it, *re;
	size_t i = 0;
	int rc;

	if (!cJSON_IsObject(json))
		return kl_rules__fail(&c, "\"allow\" must be an object");
	cJSON_ArrayForEach(it, json)
	{
		if (!key_in(it->string, keys) ||
		    (!allow_paths && strcmp(it->string, "paths") == 0))
			return kl_rules__fail(&c, "unknown key \"allow.%s\"",
			                      it->string);
	}
	it = cJSON_GetObjectItemCaseSensitive(json, "target");
	if (it && parse_target(it, &allow->target))
		return kl_rules__fail(&c, "\"allow.target\" must be "
		                          "\"secret\", \"match\" or \"line\"");
	it = cJSON_GetObjectItemCaseSensitive(json, "stopwords");
	if (it &&
	    (rc = get_strv(&c, it, "allow.stopwords", &allow->stopwords, true)))
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(json, "paths");
	if (it && (rc = get_strv(&c, it, "allow.paths", &allow->paths, false)))
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(json, "regexes");
	if (!it)
		return 0;
	if (!cJSON_IsArray(it))
		return kl_rules__fail(&c, "\"allow.regexes\" must be an array "
		                          "of strings");
	cJSON_ArrayForEach(re, it)
	{
		if ((rc = parse_allow_regex(&c, allow, re, ++i)))
			return rc;
	}
	return 0;
}

/* One example: a string, or {"text": ..., "path": ...}. */
static int parse_example(struct kl_rules_ctx *c, const cJSON *it,
                         const char *key, struct kl_example *ex)
{
	const cJSON *t, *p, *k;

	if (cJSON_IsString(it)) {
		ex->text = strdup(it->valuestring);
		return ex->text ? 0 : KL_ENOMEM;
	}
	if (!cJSON_IsObject(it))
		return kl_rules__fail(c,
		                      "\"examples.%s\" must hold strings or "
		                      "{\"path\", \"text\"} objects",
		                      key);
	cJSON_ArrayForEach(k, it)
	{
		if (strcmp(k->string, "text") && strcmp(k->string, "path"))
			return kl_rules__fail(
			    c, "unknown key \"examples.%s[].%s\"", key,
			    k->string);
	}
	t = cJSON_GetObjectItemCaseSensitive(it, "text");
	p = cJSON_GetObjectItemCaseSensitive(it, "path");
	if (!cJSON_IsString(t) ||
	    (p && (!cJSON_IsString(p) || !p->valuestring[0])))
		return kl_rules__fail(c,
		                      "\"examples.%s\" objects need a "
		                      "\"text\" string and may have a "
		                      "\"path\" string",
		                      key);
	ex->text = strdup(t->valuestring);
	if (p)
		ex->path = strdup(p->valuestring);
	return ex->text && (!p || ex->path) ? 0 : KL_ENOMEM;
}

static int parse_examples(struct kl_rules_ctx *c, const cJSON *v,
                          const char *key, struct kl_examples *out)
{
	const cJSON *it;
	int rc;

	if (!cJSON_IsArray(v))
		return kl_rules__fail(c, "\"examples.%s\" must be an array",
		                      key);
	cJSON_ArrayForEach(it, v)
	{
		struct kl_example ex = {NULL, NULL};

		if ((rc = parse_example(c, it, key, &ex)) ||
		    KL_ALLOC_GROW(out->v, out->n + 1, out->alloc)) {
			free(ex.text);
			free(ex.path);
			return rc ? rc : KL_ENOMEM;
		}
		out->v[out->n++] = ex;
	}
	return 0;
}

static bool valid_id(const char *id)
{
	if (!*id)
		return false;
	for (const char *p = id; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return false;
	}
	return true;
}

/* id, origin, unknown keys, description and severity. */
static int parse_identity(struct kl_ruleset *rs, struct kl_rules_ctx *c,
                          const cJSON *obj, struct kl_rule *r)
{
	static const char *const keys[] = {
	    "id",          "description",  "severity",
	    "regex",       "secret_group", "keywords",
	    "entropy",     "paths",        "exclude_paths",
	    "allow",       "tags",         "examples",
	    "client_side", "decode",       "window",
	    NULL};
	const cJSON *it, *v;
	int rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "id");
	if (!cJSON_IsString(v) || !valid_id(v->valuestring))
		return kl_rules__fail(c,
		                      "rule without a valid \"id\" (letters, "
		                      "digits, '-', '_', '.')");
	if (!(r->id = strdup(v->valuestring)) ||
	    !(r->origin = strdup(c->origin)))
		return KL_ENOMEM;
	c->rule_id = r->id;
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, r->id) == 0)
			return kl_rules__fail(c,
			                      "duplicate rule id (also "
			                      "defined in %s)",
			                      rs->rules[i].origin);
	cJSON_ArrayForEach(it, obj)
	{
		if (!key_in(it->string, keys))
			return kl_rules__fail(c, "unknown key \"%s\"",
			                      it->string);
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "description");
	if (!v)
		return kl_rules__fail(c, "missing \"description\"");
	if ((rc = get_string(c, v, "description", &r->description)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "severity");
	if (!cJSON_IsString(v) ||
	    kl_severity_parse(v->valuestring, &r->severity))
		return kl_rules__fail(c, "\"severity\" must be one of low, "
		                         "medium, high, critical");
	return 0;
}

/* regex and secret_group; rules from files compile now. */
static int parse_regex(struct kl_rules_ctx *c, const cJSON *obj,
                       struct kl_rule *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "regex");
	struct kl_buf msg = KL_BUF_INIT;
	int rc;

	if (!v)
		return kl_rules__fail(c, "missing \"regex\"");
	if ((rc = get_string(c, v, "regex", &r->regex)))
		return rc;
	if (!r->regex[0])
		return kl_rules__fail(c, "\"regex\" is empty");
	if ((rc = kl_rules__jit_new(r)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "secret_group");
	if (v) {
		/* Range first: casting 2e121 to int is undefined. */
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble > 65535 ||
		    v->valuedouble != (double)(int)v->valuedouble)
			return kl_rules__fail(c, "\"secret_group\" must be a "
			                         "non-negative integer");
		r->secret_group = (uint32_t)v->valueint;
		r->secret_group_set = true;
	}
	r->deferred = c->defer;
	if (r->deferred)
		return 0;
	if ((rc = kl_rules__compile_rule(r, &msg)))
		kl_rules__fail(c, "%s", msg.ptr ? msg.ptr : "");
	kl_buf_free(&msg);
	return rc;
}

/* Where and on what the rule runs: keywords, entropy, paths, allow. */
static int parse_scope(struct kl_rules_ctx *c, const cJSON *obj,
                       struct kl_rule *r)
{
	struct kl_buf what = KL_BUF_INIT;
	const cJSON *v;
	int rc;

	v = cJSON_GetObjectItemCaseSensitive(obj, "keywords");
	if (v && (rc = get_strv(c, v, "keywords", &r->keywords, true)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "entropy");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble > 8)
			return kl_rules__fail(c, "\"entropy\" must be a number "
			                         "from 0 to 8 (bits per byte)");
		r->entropy = v->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "paths");
	if (v && (rc = get_strv(c, v, "paths", &r->paths, false)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "exclude_paths");
	if (v &&
	    (rc = get_strv(c, v, "exclude_paths", &r->exclude_paths, false)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(obj, "allow");
	if (!v)
		return 0;
	kl_buf_printf(&what, "%s: rule \"%s\"", c->origin, r->id);
	rc = kl_rules_parse_allow(&r->allow, v, false,
	                          what.ptr ? what.ptr : c->origin, c->err);
	kl_buf_free(&what);
	return rc;
}

/* tags (and the flags they set), window, decode, client_side. */
static int parse_behaviour(struct kl_rules_ctx *c, const cJSON *obj,
                           struct kl_rule *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "tags");
	int rc;

	if (v && (rc = get_strv(c, v, "tags", &r->tags, false)))
		return rc;
	if (kl_strv_has(&r->tags, "generic"))
		r->flags |= KL_RULE_GENERIC;
	if (kl_strv_has(&r->tags, "secondary"))
		r->flags |= KL_RULE_SECONDARY;
	if (kl_strv_has(&r->tags, "broad"))
		r->flags |= KL_RULE_BROAD;
	r->window = KL_RULE_WINDOW;
	v = cJSON_GetObjectItemCaseSensitive(obj, "window");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
		    v->valuedouble > 4096 ||
		    v->valuedouble != (double)(int)v->valuedouble)
			return kl_rules__fail(c, "\"window\" must be a whole "
			                         "number of bytes from 1 to "
			                         "4096");
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
			return kl_rules__fail(c,
			                      "\"decode\" must be \"base64\" "
			                      "or \"base64-userpass\"");
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "client_side");
	if (v && (rc = get_string(c, v, "client_side", &r->client_side)))
		return rc;
	return 0;
}

static int parse_rule_examples(struct kl_rules_ctx *c, const cJSON *obj,
                               struct kl_rule *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "examples");
	const cJSON *it, *p, *n;
	int rc;

	if (!v)
		return 0;
	if (!cJSON_IsObject(v))
		return kl_rules__fail(c, "\"examples\" must be an object");
	cJSON_ArrayForEach(it, v)
	{
		if (strcmp(it->string, "positive") &&
		    strcmp(it->string, "negative"))
			return kl_rules__fail(c, "unknown key \"examples.%s\"",
			                      it->string);
	}
	p = cJSON_GetObjectItemCaseSensitive(v, "positive");
	n = cJSON_GetObjectItemCaseSensitive(v, "negative");
	if (p && (rc = parse_examples(c, p, "positive", &r->positive)))
		return rc;
	if (n && (rc = parse_examples(c, n, "negative", &r->negative)))
		return rc;
	return 0;
}

int kl_rules__parse_rule(struct kl_ruleset *rs, struct kl_rules_ctx *c,
                         const cJSON *obj, struct kl_rule *r)
{
	int rc;

	if (!cJSON_IsObject(obj))
		return kl_rules__fail(c, "a rule must be a JSON object");
	if ((rc = parse_identity(rs, c, obj, r)) ||
	    (rc = parse_regex(c, obj, r)) || (rc = parse_scope(c, obj, r)) ||
	    (rc = parse_behaviour(c, obj, r)) ||
	    (rc = parse_rule_examples(c, obj, r)))
		return rc;
	return 0;
}
