/*
 * gitleaks_rule: one gitleaks [[rules]] table as a keylint rule object,
 * and one gitleaks allowlist carried into a rule's or the config's allow
 * lists.  What has no equivalent is noted, never guessed.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitleaks_example.h"
#include "gitleaks_int.h"
#include "gitleaks_regex.h"
#include "pathspec.h"
#include "rules.h"

/* The array under key in owner, made when missing; NULL on ENOMEM. */
static cJSON *array_at(cJSON *owner, const char *key)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(owner, key);

	return a ? a : cJSON_AddArrayToObject(owner, key);
}

/* Append s to the array under key in owner unless it is there. */
static int add_string(cJSON *owner, const char *key, const char *s)
{
	cJSON *a = array_at(owner, key), *it;

	if (!a)
		return KL_ENOMEM;
	cJSON_ArrayForEach(it, a)
	{
		if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
			return 0;
	}
	return cJSON_AddItemToArray(a, cJSON_CreateString(s)) ? 0 : KL_ENOMEM;
}

/* Path regexes as globs under dst's paths key. */
static int allow_paths(struct kl_gitleaks_ctx *c, const cJSON *paths,
                       const char *what, struct kl_gitleaks_allow *dst)
{
	const cJSON *it;
	int rc = 0;

	cJSON_ArrayForEach(it, paths)
	{
		struct kl_strv globs = KL_STRV_INIT;
		struct kl_buf why = KL_BUF_INIT;

		if (kl_gitleaks_regex_globs(it->valuestring, &globs, &why))
			rc = kl_gitleaks__note(
			    c,
			    "%s: path regex %s has no glob equivalent (%s); "
			    "not carried",
			    what, kl_gitleaks__shown(c, it->valuestring),
			    why.ptr ? why.ptr : "");
		for (size_t i = 0; !rc && i < globs.n; i++)
			rc = add_string(dst->paths_owner, dst->paths_key,
			                globs.v[i]);
		kl_strv_free(&globs);
		kl_buf_free(&why);
		if (rc)
			return rc;
	}
	return 0;
}

/* Go regexes as keylint allow regexes seeing `target`. */
static int allow_regexes(struct kl_gitleaks_ctx *c, const cJSON *regexes,
                         const char *target, const char *what,
                         struct kl_gitleaks_allow *dst)
{
	const cJSON *it;
	int rc = 0;

	cJSON_ArrayForEach(it, regexes)
	{
		struct kl_buf re = KL_BUF_INIT, why = KL_BUF_INIT;
		pcre2_code *code = NULL;
		cJSON *a, *item;

		if (kl_gitleaks_regex_pcre2(it->valuestring, &re, &why) ||
		    kl_rules_compile(&code, re.ptr ? re.ptr : "", &why)) {
			rc = kl_gitleaks__note(
			    c, "%s: regex %s: %s; not carried", what,
			    kl_gitleaks__shown(c, it->valuestring),
			    why.ptr ? why.ptr : "");
		} else if (!(a = array_at(dst->allow, "regexes"))) {
			rc = KL_ENOMEM;
		} else if (strcmp(target, "secret") == 0) {
			rc = cJSON_AddItemToArray(a, cJSON_CreateString(re.ptr))
			         ? 0
			         : KL_ENOMEM;
		} else {
			item = cJSON_CreateObject();
			rc = item &&
			             cJSON_AddStringToObject(item, "regex",
			                                     re.ptr) &&
			             cJSON_AddStringToObject(item, "target",
			                                     target) &&
			             cJSON_AddItemToArray(a, item)
			         ? 0
			         : KL_ENOMEM;
		}
		pcre2_code_free(code);
		kl_buf_free(&re);
		kl_buf_free(&why);
		if (rc)
			return rc;
	}
	return 0;
}

int kl_gitleaks__allowlist(struct kl_gitleaks_ctx *c, const cJSON *al,
                           const char *what, struct kl_gitleaks_allow *dst)
{
	static const char *const known[] = {
	    "description", "condition", "commits",     "paths", "regexTarget",
	    "regexes",     "stopwords", "targetRules", NULL};
	const cJSON *commits, *paths, *regexes, *stopwords, *it;
	const char *cond = NULL, *target = NULL;
	int rc;

	if (!cJSON_IsObject(al))
		return kl_gitleaks__fail(c, "%s must be a table", what);
	if ((rc = kl_gitleaks__unknown_keys(c, al, known, what)) ||
	    (rc = kl_gitleaks__string(c, al, "condition", what, &cond)) ||
	    (rc = kl_gitleaks__string(c, al, "regexTarget", what, &target)) ||
	    (rc = kl_gitleaks__strings(c, al, "commits", what, &commits)) ||
	    (rc = kl_gitleaks__strings(c, al, "paths", what, &paths)) ||
	    (rc = kl_gitleaks__strings(c, al, "regexes", what, &regexes)) ||
	    (rc = kl_gitleaks__strings(c, al, "stopwords", what, &stopwords)))
		return rc;
	if (!dst->global && cJSON_GetObjectItemCaseSensitive(al, "targetRules"))
		return kl_gitleaks__note(
		    c,
		    "%s: \"targetRules\" belongs to global "
		    "allowlists; not carried",
		    what);
	if (cond && strcasecmp(cond, "OR") && strcasecmp(cond, "AND"))
		return kl_gitleaks__fail(c,
		                         "%s: \"condition\" must be \"OR\" or "
		                         "\"AND\"",
		                         what);
	if (cond && !strcasecmp(cond, "AND") &&
	    !!commits + !!paths + !!regexes + !!stopwords > 1)
		return kl_gitleaks__note(
		    c,
		    "%s: condition \"AND\" over more than one kind of "
		    "criterion has no keylint equivalent (a keylint allowlist "
		    "allows on any one); not carried",
		    what);
	if (!target)
		target = "secret";
	if (strcmp(target, "secret") && strcmp(target, "match") &&
	    strcmp(target, "line"))
		return kl_gitleaks__fail(c,
		                         "%s: \"regexTarget\" must be "
		                         "\"secret\", \"match\" or \"line\"",
		                         what);
	if (commits && (rc = kl_gitleaks__note(c,
	                                       "%s \"commits\" has no keylint "
	                                       "equivalent",
	                                       what)))
		return rc;
	if ((paths && (rc = allow_paths(c, paths, what, dst))) ||
	    (regexes && (rc = allow_regexes(c, regexes, target, what, dst))))
		return rc;
	cJSON_ArrayForEach(it, stopwords)
	{
		if (it->valuestring[0] &&
		    (rc = add_string(dst->allow, "stopwords", it->valuestring)))
			return rc;
	}
	return 0;
}

/* The keylint id of a gitleaks id: characters keylint ids cannot hold
 * become '-', and an id of a built-in rule gets "-gitleaks". */
static int rule_id(struct kl_gitleaks_ctx *c, const char *gl, const char *what,
                   char **out)
{
	struct kl_buf id = KL_BUF_INIT;
	bool changed = false;
	int rc = 0;

	for (const char *p = gl; *p && !rc; p++) {
		bool ok = isalnum((unsigned char)*p) || *p == '-' ||
		          *p == '_' || *p == '.';

		changed |= !ok;
		rc = kl_buf_putc(&id, ok ? *p : '-');
	}
	if (!rc && kl_rules_find(c->keep, id.ptr)) {
		rc = kl_buf_puts(&id, "-gitleaks");
		if (!rc)
			rc =
			    kl_gitleaks__note(c,
			                      "%s: keylint has a built-in rule "
			                      "of that id; imported as \"%s\" "
			                      "next to it",
			                      what, id.ptr);
	} else if (!rc && changed) {
		rc = kl_gitleaks__note(c,
		                       "%s: imported as \"%s\" (keylint ids "
		                       "hold letters, digits, '-', '_' and "
		                       "'.')",
		                       what, id.ptr);
	}
	*out = rc ? NULL : kl_buf_detach(&id, NULL);
	kl_buf_free(&id);
	return rc ? rc : *out ? 0 : KL_ENOMEM;
}

/* "regex", rewritten for PCRE2 and compiled once to see that it can be;
 * *imported false (noted) when it cannot. */
static int rule_regex(struct kl_gitleaks_ctx *c, const char *go,
                      const char *what, cJSON *rule, uint32_t *groups,
                      bool *imported)
{
	struct kl_buf re = KL_BUF_INIT, why = KL_BUF_INIT;
	pcre2_code *code = NULL;
	int rc = 0;

	*imported = false;
	if (kl_gitleaks_regex_pcre2(go, &re, &why) ||
	    kl_rules_compile(&code, re.ptr ? re.ptr : "", &why))
		rc = kl_gitleaks__note(c, "%s: regex: %s; not imported", what,
		                       why.ptr ? why.ptr : "");
	else if (!cJSON_AddStringToObject(rule, "regex", re.ptr))
		rc = KL_ENOMEM;
	else
		*imported = true;
	if (code)
		pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, groups);
	pcre2_code_free(code);
	kl_buf_free(&re);
	kl_buf_free(&why);
	return rc;
}

/* secretGroup and entropy. */
static int rule_numbers(struct kl_gitleaks_ctx *c, const cJSON *r,
                        const char *what, cJSON *rule, uint32_t groups)
{
	const cJSON *sg = cJSON_GetObjectItemCaseSensitive(r, "secretGroup");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(r, "entropy");

	if (sg && (!cJSON_IsNumber(sg) || sg->valuedouble < 0 ||
	           sg->valuedouble > 65535 ||
	           sg->valuedouble != (double)(int)sg->valuedouble))
		return kl_gitleaks__fail(c,
		                         "%s: \"secretGroup\" must be a "
		                         "non-negative integer",
		                         what);
	if (en && !cJSON_IsNumber(en))
		return kl_gitleaks__fail(c, "%s: \"entropy\" must be a number",
		                         what);
	if (sg && sg->valueint > 0 &&
	    !cJSON_AddNumberToObject(rule, "secret_group", sg->valueint))
		return KL_ENOMEM;
	if ((!sg || sg->valueint == 0) && groups > 1) {
		int rc = kl_gitleaks__note(
		    c,
		    "%s: without \"secretGroup\" gitleaks takes the first "
		    "group that matched, keylint group 1; set \"secret_group\" "
		    "where that differs",
		    what);

		if (rc)
			return rc;
	}
	if (en && en->valuedouble > 0 &&
	    !cJSON_AddNumberToObject(rule, "entropy", en->valuedouble))
		return KL_ENOMEM;
	return 0;
}

/* keywords (lower-cased, as gitleaks compares them), path, tags. */
static int rule_scope(struct kl_gitleaks_ctx *c, const cJSON *r,
                      const char *what, cJSON *rule)
{
	static const char *const special[] = {"generic", "broad", "secondary",
	                                      NULL};
	const cJSON *kw, *tags, *it;
	const char *path;
	int rc;

	if ((rc = kl_gitleaks__strings(c, r, "keywords", what, &kw)) ||
	    (rc = kl_gitleaks__strings(c, r, "tags", what, &tags)) ||
	    (rc = kl_gitleaks__string(c, r, "path", what, &path)))
		return rc;
	cJSON_ArrayForEach(it, kw)
	{
		char *k = strdup(it->valuestring);

		for (char *p = k; p && *p; p++)
			*p = (char)tolower((unsigned char)*p);
		rc = !k ? KL_ENOMEM : *k ? add_string(rule, "keywords", k) : 0;
		free(k);
		if (rc)
			return rc;
	}
	if (path) {
		struct kl_strv globs = KL_STRV_INIT;
		struct kl_buf why = KL_BUF_INIT;

		if (kl_gitleaks_regex_globs(path, &globs, &why))
			rc = kl_gitleaks__note(
			    c,
			    "%s: \"path\" regex %s has no glob "
			    "equivalent (%s); the rule runs on "
			    "every path",
			    what, kl_gitleaks__shown(c, path),
			    why.ptr ? why.ptr : "");
		for (size_t i = 0; !rc && i < globs.n; i++)
			rc = add_string(rule, "paths", globs.v[i]);
		kl_strv_free(&globs);
		kl_buf_free(&why);
		if (rc)
			return rc;
	}
	cJSON_ArrayForEach(it, tags)
	{
		size_t i = 0;

		while (special[i] && strcmp(special[i], it->valuestring))
			i++;
		if (special[i])
			rc = kl_gitleaks__note(
			    c,
			    "%s: tag \"%s\" changes how keylint "
			    "runs a rule (docs/rules.md); left "
			    "out",
			    what, special[i]);
		else if (it->valuestring[0])
			rc = add_string(rule, "tags", it->valuestring);
		if (rc)
			return rc;
	}
	return 0;
}

/* [rules.allowlist] and [[rules.allowlists]]. */
static int rule_allowlists(struct kl_gitleaks_ctx *c, const cJSON *r,
                           const char *what, cJSON *rule)
{
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(r, "allowlist");
	const cJSON *many = cJSON_GetObjectItemCaseSensitive(r, "allowlists");
	struct kl_gitleaks_allow dst = {rule, "exclude_paths", NULL, false};
	size_t n = (one != NULL) + (size_t)cJSON_GetArraySize(many), i = 0;
	const cJSON *al;
	char name[300];
	int rc = 0;

	if (many && !cJSON_IsArray(many))
		return kl_gitleaks__fail(
		    c,
		    "%s: \"allowlists\" must be an array of "
		    "tables",
		    what);
	if (!n)
		return 0;
	if (!(dst.allow = cJSON_AddObjectToObject(rule, "allow")))
		return KL_ENOMEM;
	if (one) {
		snprintf(name, sizeof(name), "%s: allowlist%s", what,
		         n > 1 ? " 1" : "");
		rc = kl_gitleaks__allowlist(c, one, name, &dst);
		i++;
	}
	cJSON_ArrayForEach(al, many)
	{
		if (rc)
			break;
		if (n > 1)
			snprintf(name, sizeof(name), "%s: allowlist %zu", what,
			         ++i);
		else
			snprintf(name, sizeof(name), "%s: allowlist", what);
		rc = kl_gitleaks__allowlist(c, al, name, &dst);
	}
	return rc;
}

/* A rule without a regex: noted, not imported. */
static int no_regex(struct kl_gitleaks_ctx *c, const cJSON *r, const char *what)
{
	if (cJSON_GetObjectItemCaseSensitive(r, "path"))
		return kl_gitleaks__note(
		    c,
		    "%s: a rule with a \"path\" and no "
		    "\"regex\" reports files by name, which "
		    "keylint rules cannot do; not imported",
		    what);
	return kl_gitleaks__note(c,
	                         "%s: without a \"regex\" it changes gitleaks' "
	                         "default rule of that id, which .keylint.json "
	                         "cannot do to keylint's built-in rules; not "
	                         "imported",
	                         what);
}

int kl_gitleaks__rule(struct kl_gitleaks_ctx *c, const cJSON *r, size_t idx,
                      cJSON **out)
{
	static const char *const known[] = {
	    "id",         "description", "regex", "secretGroup", "entropy",
	    "path",       "keywords",    "tags",  "allowlist",   "allowlists",
	    "skipReport", "required",    NULL};
	const char *id, *desc, *regex;
	const cJSON *skip;
	char what[128], *kid = NULL;
	uint32_t groups = 0;
	bool imported = false;
	cJSON *rule = NULL;
	int rc;

	*out = NULL;
	snprintf(what, sizeof(what), "rule %zu", idx);
	if (!cJSON_IsObject(r))
		return kl_gitleaks__fail(c, "%s must be a table", what);
	if ((rc = kl_gitleaks__string(c, r, "id", what, &id)))
		return rc;
	if (!id || !*id)
		return kl_gitleaks__note(c, "%s has no \"id\"; not imported",
		                         what);
	snprintf(what, sizeof(what), "rule %s", kl_gitleaks__shown(c, id));
	skip = cJSON_GetObjectItemCaseSensitive(r, "skipReport");
	if ((rc = kl_gitleaks__unknown_keys(c, r, known, what)) ||
	    (rc = kl_gitleaks__string(c, r, "description", what, &desc)) ||
	    (rc = kl_gitleaks__string(c, r, "regex", what, &regex)))
		return rc;
	if (cJSON_IsTrue(skip))
		return kl_gitleaks__note(
		    c,
		    "%s: \"skipReport\" (a rule that only "
		    "serves composite rules) has no keylint "
		    "equivalent; not imported",
		    what);
	if (cJSON_GetObjectItemCaseSensitive(r, "required") &&
	    (rc = kl_gitleaks__note(c,
	                            "%s: [[rules.required]] (a composite "
	                            "rule) has no keylint equivalent; the rule "
	                            "reports on its own",
	                            what)))
		return rc;
	if (!regex || !*regex)
		return no_regex(c, r, what);
	if (!(rule = cJSON_CreateObject()))
		return KL_ENOMEM;
	/* id, description and severity first, as keylint's own files have
	 * them; the id is replaced once it is known. */
	if (!cJSON_AddStringToObject(rule, "id", id) ||
	    !cJSON_AddStringToObject(rule, "description",
	                             desc && *desc ? desc : id) ||
	    !cJSON_AddStringToObject(rule, "severity", "medium")) {
		rc = KL_ENOMEM;
		goto done;
	}
	if ((rc = rule_regex(c, regex, what, rule, &groups, &imported)) ||
	    !imported || (rc = rule_id(c, id, what, &kid)))
		goto done;
	if (!cJSON_ReplaceItemInObjectCaseSensitive(rule, "id",
	                                            cJSON_CreateString(kid))) {
		rc = KL_ENOMEM;
		goto done;
	}
	if ((rc = rule_numbers(c, r, what, rule, groups)) ||
	    (rc = rule_scope(c, r, what, rule)) ||
	    (rc = rule_allowlists(c, r, what, rule)))
		goto done;
	*out = rule;
	rule = NULL;
done:
	cJSON_Delete(rule);
	free(kid);
	return rc;
}

/* A path that the glob matches, for an example: '*' as nothing, '?' and
 * a bracket as one character they allow.  False for a negated bracket. */
static bool glob_sample(const char *glob, struct kl_buf *out)
{
	for (const char *p = glob; *p; p++) {
		if (*p == '*' || *p == '?') {
			kl_buf_putc(out, 'x');
		} else if (*p == '\\' && p[1]) {
			kl_buf_putc(out, *++p);
		} else if (*p == '[') {
			if (p[1] == '!' || p[1] == '^' || p[1] == '[')
				return false;
			p += p[1] == '\\';
			if (!p[1])
				return false;
			kl_buf_putc(out, p[1]);
			for (p += 2; *p && *p != ']'; p++)
				p += *p == '\\' && p[1];
			if (!*p)
				return false;
		} else {
			kl_buf_putc(out, *p);
		}
	}
	return out->len > 0;
}

/* The example of a converted rule, as the value "positive" holds. */
static cJSON *example(const cJSON *rule)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rule, "id");
	const cJSON *re = cJSON_GetObjectItemCaseSensitive(rule, "regex");
	const cJSON *sg =
	    cJSON_GetObjectItemCaseSensitive(rule, "secret_group");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(rule, "entropy");
	const cJSON *kw = cJSON_GetObjectItemCaseSensitive(rule, "keywords");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(rule, "paths");
	const cJSON *it;
	struct kl_strv keywords = KL_STRV_INIT, ex = KL_STRV_INIT;
	struct kl_buf text = KL_BUF_INIT, path = KL_BUF_INIT;
	cJSON *res = NULL;

	cJSON_ArrayForEach(it, kw) kl_strv_push(&keywords, it->valuestring);
	if (kl_gitleaks_example(id->valuestring, re->valuestring,
	                        sg ? (uint32_t)sg->valueint : 0, sg != NULL,
	                        en ? en->valuedouble : 0, &keywords, &text))
		goto done;
	cJSON_ArrayForEach(
	    it, cJSON_GetObjectItemCaseSensitive(rule, "exclude_paths"))
	{
		kl_strv_push(&ex, it->valuestring);
	}
	if (paths && paths->child) {
		/* The example must sit where the rule runs. */
		if (!glob_sample(paths->child->valuestring, &path) ||
		    !kl_pathspec_match(paths->child->valuestring, path.ptr) ||
		    kl_pathspec_any(&ex, path.ptr))
			goto done;
		res = cJSON_CreateObject();
		if (res && (!cJSON_AddStringToObject(res, "path", path.ptr) ||
		            !cJSON_AddStringToObject(res, "text", text.ptr))) {
			cJSON_Delete(res);
			res = NULL;
		}
	} else if (!kl_pathspec_any(&ex, "example")) {
		res = cJSON_CreateString(text.ptr);
	}
done:
	kl_strv_free(&keywords);
	kl_strv_free(&ex);
	kl_buf_free(&text);
	kl_buf_free(&path);
	return res;
}

int kl_gitleaks__rule_finish(struct kl_gitleaks_ctx *c, cJSON *rule, bool *kept)
{
	cJSON *allow = cJSON_GetObjectItemCaseSensitive(rule, "allow");
	cJSON *ex = example(rule), *examples, *pos;
	struct kl_buf msg = KL_BUF_INIT;
	int rc = 0;

	if (allow && !allow->child)
		cJSON_DeleteItemFromObjectCaseSensitive(rule, "allow");
	if (ex) {
		if (!(examples = cJSON_AddObjectToObject(rule, "examples")) ||
		    !(pos = cJSON_AddArrayToObject(examples, "positive")) ||
		    !cJSON_AddItemToArray(pos, ex)) {
			cJSON_Delete(ex);
			return KL_ENOMEM;
		}
	}
	*kept = !kl_rules_load_json(c->keep, c->origin, rule, &msg);
	if (!*kept)
		rc = kl_gitleaks__note(
		    c, "rule %s: keylint rejects it (%s); not imported",
		    kl_gitleaks__shown(
		        c, cJSON_GetObjectItemCaseSensitive(rule, "id")
		               ->valuestring),
		    msg.ptr ? msg.ptr : "");
	kl_buf_free(&msg);
	return rc;
}
