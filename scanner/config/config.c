/*
 * config: .keylint.json parsing with cJSON.  Rule objects under "rules" are
 * kept as JSON and validated by the rules module when the rule set is
 * built, so they get exactly the checks of any rule file.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "pathspec.h"

#define KL_CONFIG_FILE_MAX (16u << 20)

void kl_config_release(struct kl_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->origin);
	cJSON_Delete(cfg->rules);
	kl_strv_free(&cfg->disabled_rules);
	kl_rules_allow_free(&cfg->allow);
	kl_strv_free(&cfg->client_paths);
	kl_strv_free(&cfg->env_prefixes);
	memset(cfg, 0, sizeof(*cfg));
}

int kl_config_build_rules(const struct kl_config *cfg,
                          const struct kl_options *o, struct kl_ruleset **out,
                          struct kl_buf *err)
{
	struct kl_ruleset *rs;
	int rc;

	*out = NULL;
	if ((rc = kl_rules_new(&rs)))
		return rc;
	rs->no_jit = o->no_jit;
	if (!o->no_default_rules)
		rc = kl_rules_load_builtin(rs, err);
	for (size_t i = 0; !rc && i < o->nrule_files; i++)
		rc = kl_rules_load_file(rs, o->rule_files[i], err);
	if (!rc && cfg->rules)
		rc = kl_rules_load_json(rs, cfg->origin, cfg->rules, err);
	for (size_t i = 0; !rc && i < cfg->disabled_rules.n; i++) {
		const char *id = cfg->disabled_rules.v[i];

		if (kl_rules_disable(rs, id)) {
			kl_buf_printf(err,
			              "%s: \"disabled_rules\": no rule \"%s\"",
			              cfg->origin, id);
			rc = KL_EINVAL;
		}
	}
	if (!rc)
		rc = kl_rules_finalize(rs, err);
	if (rc) {
		kl_rules_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}

bool kl_config_path_allowed(const struct kl_config *cfg, const char *path)
{
	return cfg->allow.paths.n && kl_pathspec_any(&cfg->allow.paths, path);
}

static int strv(const char *origin, const cJSON *v, const char *key,
                struct kl_strv *out, struct kl_buf *err)
{
	const cJSON *it;

	if (!cJSON_IsArray(v)) {
		kl_buf_printf(err, "%s: \"%s\" must be an array of strings",
		              origin, key);
		return KL_EINVAL;
	}
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) || !it->valuestring[0]) {
			kl_buf_printf(err,
			              "%s: \"%s\" must hold non-empty strings",
			              origin, key);
			return KL_EINVAL;
		}
		if (kl_strv_push(out, it->valuestring))
			return KL_ENOMEM;
	}
	return 0;
}

static int parse(struct kl_config *cfg, const cJSON *root, struct kl_buf *err)
{
	static const char *const keys[] = {
	    "$schema",     "rules",         "disabled_rules", "allow",
	    "client_side", "max_file_size", "inline_markers", NULL};
	const char *o = cfg->origin;
	const cJSON *it, *v;
	int rc;

	if (!cJSON_IsObject(root)) {
		kl_buf_printf(err, "%s: the config must be a JSON object", o);
		return KL_EINVAL;
	}
	cJSON_ArrayForEach(it, root)
	{
		size_t i;

		for (i = 0; keys[i]; i++)
			if (strcmp(it->string, keys[i]) == 0)
				break;
		if (!keys[i]) {
			kl_buf_printf(err, "%s: unknown key \"%s\"", o,
			              it->string);
			return KL_EINVAL;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "rules");
	if (v) {
		if (!cJSON_IsArray(v)) {
			kl_buf_printf(err,
			              "%s: \"rules\" must be an array of rule "
			              "objects",
			              o);
			return KL_EINVAL;
		}
		if (!(cfg->rules = cJSON_Duplicate(v, 1)))
			return KL_ENOMEM;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "disabled_rules");
	if (v && (rc = strv(o, v, "disabled_rules", &cfg->disabled_rules, err)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(root, "allow");
	if (v && (rc = kl_rules_parse_allow(&cfg->allow, v, true, o, err)))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(root, "client_side");
	if (v) {
		if (!cJSON_IsObject(v)) {
			kl_buf_printf(err,
			              "%s: \"client_side\" must be an "
			              "object",
			              o);
			return KL_EINVAL;
		}
		cJSON_ArrayForEach(it, v)
		{
			if (strcmp(it->string, "paths") &&
			    strcmp(it->string, "env_prefixes")) {
				kl_buf_printf(err,
				              "%s: unknown key "
				              "\"client_side.%s\"",
				              o, it->string);
				return KL_EINVAL;
			}
		}
		it = cJSON_GetObjectItemCaseSensitive(v, "paths");
		if (it && (rc = strv(o, it, "client_side.paths",
		                     &cfg->client_paths, err)))
			return rc;
		it = cJSON_GetObjectItemCaseSensitive(v, "env_prefixes");
		if (it && (rc = strv(o, it, "client_side.env_prefixes",
		                     &cfg->env_prefixes, err)))
			return rc;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "inline_markers");
	if (v) {
		if (!cJSON_IsString(v) || (strcmp(v->valuestring, "all") &&
		                           strcmp(v->valuestring, "keylint"))) {
			kl_buf_printf(err,
			              "%s: \"inline_markers\" must be \"all\" "
			              "(keylint's and other scanners') or "
			              "\"keylint\"",
			              o);
			return KL_EINVAL;
		}
		cfg->own_markers_only = !strcmp(v->valuestring, "keylint");
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "max_file_size");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
		    v->valuedouble > 9.0e15 ||
		    floor(v->valuedouble) != v->valuedouble) {
			kl_buf_printf(err,
			              "%s: \"max_file_size\" must be a "
			              "positive whole number of bytes",
			              o);
			return KL_EINVAL;
		}
		cfg->max_file_size = (uint64_t)v->valuedouble;
		cfg->has_max_file_size = true;
	}
	return 0;
}

int kl_config_load_buffer(struct kl_config *cfg, const char *origin,
                          const char *data, size_t len, struct kl_buf *err)
{
	const char *end = NULL;
	cJSON *root;
	int rc;

	kl_config_release(cfg);
	if (!(cfg->origin = strdup(origin)))
		return KL_ENOMEM;
	root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root) {
		size_t off = end ? (size_t)(end - data) : 0, line = 1, col = 1;

		for (size_t i = 0; i < off && i < len; i++) {
			col++;
			if (data[i] == '\n') {
				line++;
				col = 1;
			}
		}
		kl_buf_printf(err, "%s: invalid JSON at line %zu, column %zu",
		              origin, line, col);
		return KL_EINVAL;
	}
	rc = parse(cfg, root, err);
	cJSON_Delete(root);
	if (rc == KL_ENOMEM && !err->len)
		kl_buf_printf(err, "%s: out of memory", origin);
	if (!rc)
		cfg->loaded = true;
	return rc;
}

int kl_config_load_file(struct kl_config *cfg, const char *path, bool optional,
                        struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = kl_buf_read_file(&data, path, KL_CONFIG_FILE_MAX, optional,
	                          "config", err);

	if (rc) {
		kl_buf_free(&data);
		return rc == KL_ENOTFOUND ? 0 : rc;
	}
	rc = kl_config_load_buffer(cfg, path, data.ptr ? data.ptr : "",
	                           data.len, err);
	kl_buf_free(&data);
	return rc;
}
