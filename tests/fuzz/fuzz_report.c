/* Fuzz target: the JSON, JSON Lines, SARIF, text and HTML reporters on
 * findings whose path, secret and snippet are arbitrary bytes.  Every JSON
 * report must parse back and be valid UTF-8; the text report must hold no
 * control byte except newlines; the HTML report must be valid UTF-8 with
 * no control byte but newlines and tabs, and hold its own one script and
 * one style and no other element those bytes could have opened. */
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <git2.h>

#include "findings.h"
#include "secrethash.h"
#include "report_html.h"
#include "report_json.h"
#include "report_sarif.h"
#include "report_text.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kl_ruleset *rs;

static void check_json(const struct kl_buf *b, int lines)
{
	if (!kl_text_is_utf8(b->ptr ? b->ptr : "", b->len))
		abort();
	if (lines) {
		const char *p = b->ptr, *end = b->ptr + b->len;

		while (p && p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			cJSON *j = cJSON_ParseWithLength(p, (size_t)(nl - p));

			if (!j)
				abort();
			cJSON_Delete(j);
			p = nl + 1;
		}
		return;
	}
	{
		cJSON *j = cJSON_ParseWithLength(b->ptr, b->len);

		if (!j)
			abort();
		cJSON_Delete(j);
	}
}

static size_t count(const struct kl_buf *b, const char *needle)
{
	size_t n = 0, len = strlen(needle), off = 0;
	const char *hit;

	while ((hit = kl_text_memcasemem(b->ptr + off, b->len - off, needle,
	                                 len))) {
		n++;
		off = (size_t)(hit - b->ptr) + len;
	}
	return n;
}

static void check_html(const struct kl_buf *b)
{
	if (!kl_text_is_utf8(b->ptr, b->len))
		abort();
	for (size_t i = 0; i < b->len; i++)
		if (((unsigned char)b->ptr[i] < 0x20 && b->ptr[i] != '\n' &&
		     b->ptr[i] != '\t') ||
		    b->ptr[i] == 0x7f)
			abort();
	if (count(b, "<script") != 1 || count(b, "</script") != 1 ||
	    count(b, "<style") != 1 || count(b, "</style") != 1 ||
	    count(b, "<img") || count(b, "<iframe") || count(b, "<a ") != 5)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_report rep;
	struct kl_finding *f;
	struct kl_buf b = KL_BUF_INIT;
	char *targets[] = {(char *)"."};
	size_t third = size / 3;
	const char *d = (const char *)data;

	if (!rs) {
		struct kl_buf err = KL_BUF_INIT;

		/* A few rules keep SARIF's rule list short, so the fuzzer
		 * spends its time on the findings. */
		static const char rules[] =
		    "[{\"id\":\"a-token\",\"description\":\"A\","
		    "\"severity\":\"high\",\"regex\":\"(a)\","
		    "\"tags\":[\"x\"]},"
		    "{\"id\":\"jwt\",\"description\":\"J \\u001b[1m\","
		    "\"severity\":\"low\",\"regex\":\"b\"}]";

		git_libgit2_init();
		if (kl_rules_new(&rs) ||
		    kl_rules_load_buffer(rs, "fuzz.json", rules,
		                         sizeof(rules) - 1, &err) ||
		    kl_rules_finalize(rs, &err))
			abort();
		kl_buf_free(&err);
	}
	memset(&rep, 0, sizeof(rep));
	rep.mode = size % 3;
	rep.targets.v = targets;
	rep.targets.n = 1;
	rep.rules = rs;
	rep.show_secrets = size & 1;
	rep.findings.v = calloc(1, sizeof(*rep.findings.v));
	if (!rep.findings.v)
		return 0;
	rep.findings.n = rep.findings.alloc = 1;
	f = &rep.findings.v[0];
	f->rule = &rs->rules[size % rs->nrules];
	f->severity = f->rule->severity;
	f->path = strndup(d, third);
	f->secret = kl_memdup0(d + third, third);
	f->secret_len = third;
	f->snippet = kl_memdup0(d + 2 * third, size - 2 * third);
	f->snippet_len = size - 2 * third;
	f->snippet_redacted = kl_memdup0(d, size - 2 * third);
	f->snippet_redacted_len = size - 2 * third;
	f->line = f->column = f->end_line = f->end_column = 1;
	kl_secret_hash(f->secret, f->secret_len, 5.0, f->secret_hash);
	memcpy(f->digest, f->secret_hash, 16);
	if (size % 5 == 0) {
		f->client_side = true;
		f->client_side_reason = strndup(d, third);
	}
	if (rep.mode == KL_MODE_HISTORY) {
		struct kl_commit_info ci;

		memset(&ci, 0, sizeof(ci));
		ci.author = strndup(d, third);
		ci.email = strndup(d + third, third);
		ci.summary = strndup(d + 2 * third, size - 2 * third);
		kl_commit_info_copy(&f->commit, &ci);
		free(ci.author);
		free(ci.email);
		free(ci.summary);
	}
	if (kl_report_json_render(&rep, &b) == 0)
		check_json(&b, 0);
	kl_buf_clear(&b);
	if (kl_report_json_render_lines(&rep, &b) == 0)
		check_json(&b, 1);
	kl_buf_clear(&b);
	if (kl_report_sarif_render(&rep, &b) == 0)
		check_json(&b, 0);
	kl_buf_clear(&b);
	if (kl_report_html_render(&rep, &b) == 0)
		check_html(&b);
	kl_buf_clear(&b);
	if (kl_report_text_render(&rep, false, &b) == 0)
		for (size_t i = 0; i < b.len; i++)
			if (((unsigned char)b.ptr[i] < 0x20 &&
			     b.ptr[i] != '\n') ||
			    b.ptr[i] == 0x7f)
				abort();
	kl_buf_free(&b);
	kl_findings_free(&rep.findings);
	return 0;
}
