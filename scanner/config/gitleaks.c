/*
 * gitleaks: the whole file: its TOML, [extend], the rules (converted by
 * gitleaks_rule.c, then checked by loading each next to keylint's
 * built-in rules), the global allowlists, and a last check that the result
 * loads as a .keylint.json.
 */
#include "gitleaks.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "gitleaks_ids.h"
#include "gitleaks_int.h"
#include "options.h"
#include "rules.h"
#include "toml.h"

/* As large as a .keylint.json may be. */
#define KL_GITLEAKS_FILE_MAX (16u << 20)

int kl_gitleaks__note(struct kl_gitleaks_ctx *c, const char *fmt, ...)
{
	struct kl_buf line = KL_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = kl_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = kl_strv_push(c->nc, line.ptr);
	kl_buf_free(&line);
	return rc;
}

int kl_gitleaks__fail(struct kl_gitleaks_ctx *c, const char *fmt, ...)
{
	va_list ap;

	kl_buf_clear(c->err);
	kl_buf_printf(c->err, "%s: ", c->origin);
	va_start(ap, fmt);
	kl_buf_vprintf(c->err, fmt, ap);
	va_end(ap);
	return KL_EINVAL;
}

const char *kl_gitleaks__shown(struct kl_gitleaks_ctx *c, const char *s)
{
	size_t n = 0;

	kl_buf_clear(&c->scratch);
	kl_buf_putc(&c->scratch, '"');
	for (; *s && n < 80; s++, n++) {
		unsigned char b = (unsigned char)*s;

		if (b == '"' || b == '\\')
			kl_buf_printf(&c->scratch, "\\%c", b);
		else if (b >= 0x20 && b < 0x7f)
			kl_buf_putc(&c->scratch, (char)b);
		else
			kl_buf_printf(&c->scratch, "\\x%02X", b);
	}
	kl_buf_puts(&c->scratch, *s ? "...\"" : "\"");
	return c->scratch.ptr ? c->scratch.ptr : "\"\"";
}

int kl_gitleaks__string(struct kl_gitleaks_ctx *c, const cJSON *obj,
                        const char *key, const char *what, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!cJSON_IsString(v))
		return kl_gitleaks__fail(c, "%s: \"%s\" must be a string", what,
		                         key);
	*out = v->valuestring;
	return 0;
}

int kl_gitleaks__strings(struct kl_gitleaks_ctx *c, const cJSON *obj,
                         const char *key, const char *what, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *it;

	*out = NULL;
	if (!v)
		return 0;
	if (!cJSON_IsArray(v))
		return kl_gitleaks__fail(c,
		                         "%s: \"%s\" must be an array of "
		                         "strings",
		                         what, key);
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it))
			return kl_gitleaks__fail(c,
			                         "%s: \"%s\" must be an array "
			                         "of strings",
			                         what, key);
	}
	*out = v->child ? v : NULL;
	return 0;
}

int kl_gitleaks__unknown_keys(struct kl_gitleaks_ctx *c, const cJSON *obj,
                              const char *const *known, const char *what)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, obj)
	{
		size_t i = 0;
		int rc;

		while (known[i] && strcmp(known[i], it->string))
			i++;
		if (!known[i] && (rc = kl_gitleaks__note(
		                      c,
		                      "%s: \"%s\" is not a gitleaks setting "
		                      "keylint knows; ignored",
		                      what, it->string)))
			return rc;
	}
	return 0;
}

/* ---- [extend] ---- */

static bool in_array(const cJSON *a, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, a)
	{
		if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
			return true;
	}
	return false;
}

/* One disabledRules entry: the keylint rules that find the same secrets,
 * when every gitleaks rule they stand for is disabled too. */
static int disable_one(struct kl_gitleaks_ctx *c, const char *id,
                       const cJSON *all, cJSON *disabled)
{
	const struct kl_gitleaks_id *e = kl_gitleaks_ids_find(id), *t;
	const char *what = "[extend] disabledRules";
	char k[128];
	size_t n;

	if (!e)
		return kl_gitleaks__note(c,
		                         "%s %s: not a gitleaks rule keylint "
		                         "knows; nothing disabled",
		                         what, kl_gitleaks__shown(c, id));
	if (!*e->keylint)
		return kl_gitleaks__note(
		    c,
		    "%s %s: keylint has no rule for what it "
		    "finds; nothing to disable",
		    what, kl_gitleaks__shown(c, id));
	if (!e->same)
		return kl_gitleaks__note(c,
		                         "%s %s: keylint's nearest rules (%s) "
		                         "find more than it; left on",
		                         what, kl_gitleaks__shown(c, id),
		                         e->keylint);
	for (const char *p = e->keylint; *p; p += strspn(p, " ")) {
		size_t w = strcspn(p, " ");
		const char *other = NULL;
		int rc;

		snprintf(k, sizeof(k), "%.*s", (int)w, p);
		p += w;
		t = kl_gitleaks_ids_table(&n);
		for (size_t i = 0; i < n && !other; i++) {
			const cJSON *it;
			bool off = false;

			if (!t[i].same || !kl_gitleaks_ids_has(&t[i], k))
				continue;
			cJSON_ArrayForEach(it, all)
			{
				off |=
				    strcmp(it->valuestring, t[i].gitleaks) == 0;
			}
			if (!off)
				other = t[i].gitleaks;
		}
		if (other)
			rc = kl_gitleaks__note(
			    c,
			    "%s %s: keylint's \"%s\" also finds "
			    "what gitleaks' \"%s\" finds, which "
			    "stays on; left on",
			    what, kl_gitleaks__shown(c, id), k, other);
		else if (!in_array(disabled, k))
			rc = cJSON_AddItemToArray(disabled,
			                          cJSON_CreateString(k))
			         ? 0
			         : KL_ENOMEM;
		if (rc)
			return rc;
	}
	return 0;
}

static int extend(struct kl_gitleaks_ctx *c, const cJSON *root, cJSON *disabled)
{
	static const char *const known[] = {"useDefault", "path",
	                                    "disabledRules", NULL};
	const cJSON *ext = cJSON_GetObjectItemCaseSensitive(root, "extend");
	const cJSON *use = cJSON_GetObjectItemCaseSensitive(ext, "useDefault");
	const cJSON *dis, *it;
	const char *path;
	int rc;

	if (ext && !cJSON_IsObject(ext))
		return kl_gitleaks__fail(c, "\"extend\" must be a table");
	if (use && !cJSON_IsBool(use))
		return kl_gitleaks__fail(c,
		                         "[extend]: \"useDefault\" must be a "
		                         "boolean");
	if ((rc = kl_gitleaks__unknown_keys(c, ext, known, "[extend]")) ||
	    (rc = kl_gitleaks__string(c, ext, "path", "[extend]", &path)) ||
	    (rc = kl_gitleaks__strings(c, ext, "disabledRules", "[extend]",
	                               &dis)))
		return rc;
	if (path && (rc = kl_gitleaks__note(c,
	                                    "[extend] path %s: extending "
	                                    "another file is not supported; "
	                                    "import that file too and merge "
	                                    "the results by hand",
	                                    kl_gitleaks__shown(c, path))))
		return rc;
	if (!cJSON_IsTrue(use) && !path &&
	    (rc = kl_gitleaks__note(c, "[extend]: without useDefault = true "
	                               "gitleaks runs only this file's rules; "
	                               ".keylint.json cannot turn keylint's "
	                               "built-in rules off (run keylint with "
	                               "--no-default-rules for that)")))
		return rc;
	cJSON_ArrayForEach(it, dis)
	{
		if ((rc = disable_one(c, it->valuestring, dis, disabled)))
			return rc;
	}
	return 0;
}

/* ---- rules and global allowlists ---- */

struct imported {
	const char *gitleaks_id;
	cJSON *rule; /* NULL: not imported */
};

/* Convert every [[rules]] table; a rule whose id comes again later is
 * replaced by the later one, as gitleaks does. */
static int rules(struct kl_gitleaks_ctx *c, const cJSON *root,
                 struct imported **out, size_t *n)
{
	const cJSON *rs = cJSON_GetObjectItemCaseSensitive(root, "rules"), *r;
	size_t i = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!rs)
		return 0;
	if (!cJSON_IsArray(rs))
		return kl_gitleaks__fail(c, "\"rules\" must be an array of "
		                            "tables ([[rules]])");
	if (!(*out = calloc((size_t)cJSON_GetArraySize(rs) + 1, sizeof(**out))))
		return KL_ENOMEM;
	cJSON_ArrayForEach(r, rs)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id"), *l;
		bool again = false;

		i++;
		for (l = r->next; l && cJSON_IsString(id); l = l->next) {
			const cJSON *lid =
			    cJSON_GetObjectItemCaseSensitive(l, "id");

			again |= cJSON_IsString(lid) &&
			         strcmp(lid->valuestring, id->valuestring) == 0;
		}
		if (again) {
			rc = kl_gitleaks__note(
			    c,
			    "rule %s is defined again later; "
			    "the later one is kept, as in "
			    "gitleaks",
			    kl_gitleaks__shown(c, id->valuestring));
		} else if (!(rc = kl_gitleaks__rule(c, r, i,
		                                    &(*out)[*n].rule))) {
			(*out)[*n].gitleaks_id =
			    cJSON_IsString(id) ? id->valuestring : "";
			*n += (*out)[*n].rule != NULL;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* One global allowlist: into `allow`, or into the rules its targetRules
 * name. */
static int global_allowlist(struct kl_gitleaks_ctx *c, const cJSON *al,
                            const char *what, cJSON *allow,
                            struct imported *imp, size_t nimp)
{
	struct kl_gitleaks_allow dst = {allow, "paths", allow, true};
	const cJSON *targets, *t;
	char name[300];
	int rc;

	if (!cJSON_IsObject(al))
		return kl_gitleaks__fail(c, "%s must be a table", what);
	if ((rc = kl_gitleaks__strings(c, al, "targetRules", what, &targets)))
		return rc;
	if (!targets)
		return kl_gitleaks__allowlist(c, al, what, &dst);
	cJSON_ArrayForEach(t, targets)
	{
		size_t i = 0;

		while (i < nimp && strcmp(imp[i].gitleaks_id, t->valuestring))
			i++;
		snprintf(name, sizeof(name), "%s for rule %s", what,
		         kl_gitleaks__shown(c, t->valuestring));
		if (i == nimp) {
			rc = kl_gitleaks__note(
			    c,
			    "%s: not a rule imported from this "
			    "file, and .keylint.json cannot add "
			    "allowlists to keylint's built-in "
			    "rules; not carried",
			    name);
		} else {
			dst.paths_owner = imp[i].rule;
			dst.paths_key = "exclude_paths";
			dst.allow = cJSON_GetObjectItemCaseSensitive(
			    imp[i].rule, "allow");
			if (!dst.allow)
				dst.allow = cJSON_AddObjectToObject(imp[i].rule,
				                                    "allow");
			rc = dst.allow
			         ? kl_gitleaks__allowlist(c, al, name, &dst)
			         : KL_ENOMEM;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* [allowlist] and [[allowlists]]. */
static int global_allowlists(struct kl_gitleaks_ctx *c, const cJSON *root,
                             cJSON *allow, struct imported *imp, size_t nimp)
{
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(root, "allowlist");
	const cJSON *many =
	    cJSON_GetObjectItemCaseSensitive(root, "allowlists");
	const cJSON *al;
	size_t n = (one != NULL) + (size_t)cJSON_GetArraySize(many), i = 0;
	char what[64];
	int rc = 0;

	if (many && !cJSON_IsArray(many))
		return kl_gitleaks__fail(c,
		                         "\"allowlists\" must be an array of "
		                         "tables ([[allowlists]])");
	if (one) {
		snprintf(what, sizeof(what), "global allowlist%s",
		         n > 1 ? " 1" : "");
		rc = global_allowlist(c, one, what, allow, imp, nimp);
		i++;
	}
	cJSON_ArrayForEach(al, many)
	{
		if (rc)
			break;
		if (n > 1)
			snprintf(what, sizeof(what), "global allowlist %zu",
			         ++i);
		else
			snprintf(what, sizeof(what), "global allowlist");
		rc = global_allowlist(c, al, what, allow, imp, nimp);
	}
	return rc;
}

/* Drop empty arrays and objects from obj (one level down too). */
static void prune(cJSON *obj)
{
	cJSON *it = obj->child, *next;

	for (; it; it = next) {
		next = it->next;
		if (cJSON_IsObject(it))
			prune(it);
		if ((cJSON_IsArray(it) || cJSON_IsObject(it)) && !it->child)
			cJSON_DeleteItemFromObjectCaseSensitive(obj,
			                                        it->string);
	}
}

/* The result must load as a .keylint.json and build a rule set with
 * keylint's built-in rules: anything else is a bug here. */
static int final_check(struct kl_gitleaks_ctx *c, const cJSON *res)
{
	struct kl_config cfg = KL_CONFIG_INIT;
	struct kl_buf msg = KL_BUF_INIT;
	struct kl_ruleset *rs = NULL;
	struct kl_options o;
	char *text = cJSON_PrintUnformatted(res);
	int rc = KL_ENOMEM;

	kl_options_init(&o);
	if (text && !(rc = kl_config_load_buffer(&cfg, c->origin, text,
	                                         strlen(text), &msg)))
		rc = kl_config_build_rules(&cfg, &o, &rs, &msg);
	if (rc && rc != KL_ENOMEM)
		rc = kl_gitleaks__fail(c,
		                       "the converted config does not load: %s",
		                       msg.ptr ? msg.ptr : "");
	kl_rules_free(rs);
	free(text);
	kl_config_release(&cfg);
	kl_buf_free(&msg);
	return rc;
}

static int import(struct kl_gitleaks_ctx *c, const cJSON *root, cJSON *res)
{
	static const char *const known[] = {
	    "title",     "description", "extend",     "rules",
	    "allowlist", "allowlists",  "minVersion", NULL};
	cJSON *rs = cJSON_AddArrayToObject(res, "rules");
	cJSON *disabled = cJSON_AddArrayToObject(res, "disabled_rules");
	cJSON *allow = cJSON_AddObjectToObject(res, "allow");
	struct imported *imp = NULL;
	size_t nimp = 0, kept_n = 0;
	int rc;

	if (!rs || !disabled || !allow)
		return KL_ENOMEM;
	if ((rc = kl_gitleaks__unknown_keys(c, root, known, "the config")) ||
	    (rc = extend(c, root, disabled)) ||
	    (rc = rules(c, root, &imp, &nimp)) ||
	    (rc = global_allowlists(c, root, allow, imp, nimp)))
		goto done;
	for (size_t i = 0; !rc && i < nimp; i++) {
		bool kept = false;

		if (!(rc = kl_gitleaks__rule_finish(c, imp[i].rule, &kept)) &&
		    kept) {
			cJSON_AddItemToArray(rs, imp[i].rule);
			imp[i].rule = NULL;
			kept_n++;
		}
	}
	if (!rc && kept_n)
		rc =
		    kl_gitleaks__note(c,
		                      "severity: gitleaks rules have none; the "
		                      "%zu imported rule%s \"medium\", edit to "
		                      "taste",
		                      kept_n, kept_n == 1 ? " is" : "s are");
done:
	for (size_t i = 0; imp && i < nimp; i++)
		cJSON_Delete(imp[i].rule);
	free(imp);
	return rc;
}

int kl_gitleaks_import(const char *origin, const char *data, size_t len,
                       cJSON **out, struct kl_strv *not_carried,
                       struct kl_buf *err)
{
	struct kl_gitleaks_ctx c = {origin, not_carried, err, NULL,
	                            KL_BUF_INIT};
	cJSON *root = NULL, *res = NULL;
	int rc;

	*out = NULL;
	if ((rc = kl_toml_parse(origin, data, len, &root, err)))
		return rc;
	if ((rc = kl_rules_new(&c.keep)) ||
	    (rc = kl_rules_load_builtin(c.keep, err)))
		goto done;
	if (!(res = cJSON_CreateObject())) {
		rc = KL_ENOMEM;
		goto done;
	}
	if ((rc = import(&c, root, res)))
		goto done;
	prune(res);
	if ((rc = final_check(&c, res)))
		goto done;
	*out = res;
	res = NULL;
done:
	if (rc == KL_ENOMEM) {
		kl_buf_clear(err);
		kl_buf_printf(err, "%s: out of memory", origin);
	}
	cJSON_Delete(res);
	cJSON_Delete(root);
	kl_rules_free(c.keep);
	kl_buf_free(&c.scratch);
	return rc;
}

bool kl_gitleaks_is_config(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".toml") == 0;
}

int kl_gitleaks_import_file(const char *path, cJSON **out,
                            struct kl_strv *not_carried, struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = kl_buf_read_file(&data, path, KL_GITLEAKS_FILE_MAX, false,
	                          "config", err);

	*out = NULL;
	if (!rc)
		rc = kl_gitleaks_import(path, data.ptr ? data.ptr : "",
		                        data.len, out, not_carried, err);
	kl_buf_free(&data);
	return rc;
}

int kl_gitleaks_load_config(struct kl_config *cfg, const char *path,
                            struct kl_strv *warnings, struct kl_buf *err)
{
	struct kl_buf msg = KL_BUF_INIT;
	struct kl_strv lost = KL_STRV_INIT;
	cJSON *conf = NULL;
	char *json = NULL;
	int rc = kl_gitleaks_import_file(path, &conf, &lost, err);

	if (!rc && !(json = cJSON_PrintUnformatted(conf)))
		rc = KL_ENOMEM;
	if (!rc)
		rc = kl_config_load_buffer(cfg, path, json, strlen(json), err);
	if (!rc)
		rc = kl_buf_printf(
		    &msg,
		    "%s: a gitleaks config, converted for this run (%zu "
		    "note%s on what could not be carried over); `keylint "
		    "config import %s -o .keylint.json` shows them and "
		    "keeps the result",
		    path, lost.n, lost.n == 1 ? "" : "s", path);
	if (!rc && warnings)
		rc = kl_strv_push(warnings, msg.ptr);
	free(json);
	cJSON_Delete(conf);
	kl_strv_free(&lost);
	kl_buf_free(&msg);
	return rc;
}
