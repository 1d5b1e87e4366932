/*
 * rules: the rule set and loading it from files, buffers, parsed JSON and
 * the files embedded in the binary.  Nothing from a file that fails
 * validation is kept.
 */
#include "rules.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pathspec.h"
#include "rules_int.h"

/* Provided by the generated builtin_rules.c. */
struct kl_builtin_file {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct kl_builtin_file kl_builtin_rule_files[];
extern const size_t kl_builtin_rule_nfiles;

#define KL_RULE_FILE_MAX (16u << 20)

int kl_rules_new(struct kl_ruleset **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : KL_ENOMEM;
}

static void examples_free(struct kl_examples *ex)
{
	for (size_t i = 0; i < ex->n; i++) {
		free(ex->v[i].text);
		free(ex->v[i].path);
	}
	free(ex->v);
}

static void rule_release(struct kl_rule *r)
{
	free(r->id);
	free(r->description);
	free(r->regex);
	pcre2_code_free(r->code);
	kl_strv_free(&r->keywords);
	kl_strv_free(&r->paths);
	kl_strv_free(&r->exclude_paths);
	kl_rules_allow_free(&r->allow);
	kl_strv_free(&r->tags);
	examples_free(&r->positive);
	examples_free(&r->negative);
	free(r->client_side);
	free(r->origin);
	kl_rules__jit_free(r);
	memset(r, 0, sizeof(*r));
}

void kl_rules_free(struct kl_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	kl_rules__index_free(rs);
	free(rs);
}

/* Line and column (1-based) of byte offset `off` in data. */
static void offset_to_line_col(const char *data, size_t len, size_t off,
                               size_t *line, size_t *col)
{
	size_t l = 1, lc = 0;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			lc = i + 1;
		}
	}
	*line = l;
	*col = off - lc + 1;
}

/* Append one parsed rule, or nothing when it is invalid. */
static int add_rule(struct kl_ruleset *rs, struct kl_rules_ctx *c,
                    const cJSON *obj)
{
	struct kl_rule *r;
	int rc;

	c->rule_id = NULL;
	if (KL_ALLOC_GROW(rs->rules, rs->nrules + 1, rs->arules))
		return KL_ENOMEM;
	r = &rs->rules[rs->nrules];
	memset(r, 0, sizeof(*r));
	if ((rc = kl_rules__parse_rule(rs, c, obj, r))) {
		rule_release(r);
		return rc;
	}
	rs->nrules++;
	return 0;
}

/* The list of rules of a file: the file itself, or its "rules" array
 * when it is {"rules": [...]}. */
static int rule_list(struct kl_rules_ctx *c, const cJSON *json,
                     const cJSON **list)
{
	const cJSON *inner, *k;

	*list = json;
	if (!cJSON_IsObject(json) ||
	    !(inner = cJSON_GetObjectItemCaseSensitive(json, "rules")) ||
	    cJSON_GetObjectItemCaseSensitive(json, "id"))
		return 0;
	cJSON_ArrayForEach(k, json)
	{
		if (strcmp(k->string, "rules") &&
		    strcmp(k->string, "$schema") && strcmp(k->string, "family"))
			return kl_rules__fail(c, "unknown key \"%s\"",
			                      k->string);
	}
	*list = inner;
	return 0;
}

static int load_json(struct kl_ruleset *rs, const char *origin,
                     const cJSON *json, bool defer, struct kl_buf *err)
{
	struct kl_rules_ctx c = {origin, NULL, err, defer};
	const cJSON *list, *it;
	size_t first = rs->nrules;
	int rc;

	if (rs->finalized)
		return kl_rules__fail(&c, "internal error: rule set already "
		                          "finalized");
	if ((rc = rule_list(&c, json, &list)))
		return rc;
	if (cJSON_IsObject(list))
		return add_rule(rs, &c, list);
	if (!cJSON_IsArray(list))
		return kl_rules__fail(&c, "expected a rule object, an array of "
		                          "rules or {\"rules\": [...]}");
	cJSON_ArrayForEach(it, list)
	{
		if ((rc = add_rule(rs, &c, it)))
			break;
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
	for (size_t i = 0; i < kl_builtin_rule_nfiles; i++) {
		const struct kl_builtin_file *f = &kl_builtin_rule_files[i];
		/* Built-in rules were validated by the test suite; their
		 * regexes compile when they first wake. */
		int rc = load_buffer(rs, f->name, f->data, f->len, true, err);

		if (rc)
			return rc;
	}
	return 0;
}

int kl_rules_disable(struct kl_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		if (strcmp(rs->rules[i].id, id) == 0) {
			rs->rules[i].disabled = true;
			return 0;
		}
	}
	return KL_ENOTFOUND;
}

const struct kl_rule *kl_rules_find(const struct kl_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (!rs->rules[i].disabled && strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

bool kl_rules_applies_to_path(const struct kl_rule *rule, const char *path)
{
	if (rule->paths.n && !kl_pathspec_any(&rule->paths, path))
		return false;
	if (rule->exclude_paths.n &&
	    kl_pathspec_any(&rule->exclude_paths, path))
		return false;
	return true;
}

int kl_rules_finalize(struct kl_ruleset *rs, struct kl_buf *err)
{
	return kl_rules__index_build(rs, err);
}

int kl_rules_compile_all(struct kl_ruleset *rs, struct kl_buf *err)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		struct kl_rule *r = &rs->rules[i];
		struct kl_rules_ctx c = {r->origin, r->id, err, false};
		struct kl_buf msg = KL_BUF_INIT;
		int rc;

		if (r->code)
			continue;
		rc = kl_rules__compile_rule(r, &msg);
		if (rc)
			kl_rules__fail(&c, "%s", msg.ptr ? msg.ptr : "");
		kl_buf_free(&msg);
		if (rc)
			return rc;
	}
	return 0;
}
