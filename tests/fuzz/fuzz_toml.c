/* Fuzz target: the TOML reader; the gitleaks regex walkers (PCRE2
 * rewrite, path globs, examples) on the strings it yields; and the
 * .gitleaksignore reader on the same bytes.  The whole import is left
 * out: loading the built-in rules for each input would leave few runs. */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gitleaks_example.h"
#include "gitleaks_regex.h"
#include "gitleaksignore.h"
#include "toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const char *s)
{
	struct kl_buf re = KL_BUF_INIT, why = KL_BUF_INIT, ex = KL_BUF_INIT;
	struct kl_strv globs = KL_STRV_INIT, kw = KL_STRV_INIT;

	if (!kl_gitleaks_regex_pcre2(s, &re, &why) && re.ptr)
		kl_gitleaks_example("fuzz", re.ptr, 0, false, 0, &kw, &ex);
	kl_gitleaks_regex_globs(s, &globs, &why);
	kl_buf_free(&re);
	kl_buf_free(&why);
	kl_buf_free(&ex);
	kl_strv_free(&globs);
}

/* Every string value, up to *budget of them (the tree's depth is
 * bounded by KL_TOML_MAX_DEPTH). */
static void strings(const cJSON *j, unsigned *budget)
{
	for (const cJSON *it = j->child; it && *budget; it = it->next) {
		if (cJSON_IsString(it)) {
			(*budget)--;
			walk(it->valuestring);
		} else {
			strings(it, budget);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_gitleaksignore g = KL_GITLEAKSIGNORE_INIT;
	struct kl_buf err = KL_BUF_INIT;
	cJSON *j = NULL;
	unsigned budget = 16;

	if (!kl_toml_parse("fuzz.toml", (const char *)data, size, &j, &err)) {
		char *s = cJSON_PrintUnformatted(j);
		cJSON *back = s ? cJSON_Parse(s) : NULL;

		/* What the reader yields is valid JSON. */
		if (!back)
			abort();
		cJSON_Delete(back);
		free(s);
		strings(j, &budget);
	}
	kl_gitleaksignore_load_buffer(&g, ".gitleaksignore", (const char *)data,
	                              size, NULL);
	kl_gitleaksignore_matches(&g, "generic-api-key", "a", 1, NULL);
	cJSON_Delete(j);
	kl_gitleaksignore_free(&g);
	kl_buf_free(&err);
	return 0;
}
