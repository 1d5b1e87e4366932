/* Unit tests for findings: redaction, hashes, snippets, sort, dedupe. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <git2.h>
#include <crypt.h>
#include <string.h>

#include "findings.h"
#include "reuse.h"
#include "secrethash.h"
#include "text.h"
#include "matcher.h"

static const char rules_json[] =
    "[{\"id\":\"tok\",\"description\":\"T\",\"severity\":\"high\","
    "\"regex\":\"\\\\b(tok_[A-Za-z0-9]{20})\\\\b\",\"keywords\":[\"tok_\"]}]";

static void redaction(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	kl_findings_redact(&b, "ghp_abcdefghijklmnop", 20);
	assert_string_equal(b.ptr, "ghp_*****");
	kl_buf_clear(&b);
	kl_findings_redact(&b, "hunter2!", 8); /* short: 2 characters */
	assert_string_equal(b.ptr, "hu*****");
	kl_buf_clear(&b);
	kl_findings_redact(&b, "abc", 3);
	assert_string_equal(b.ptr, "*****");
	kl_buf_clear(&b);
	/* Never half a UTF-8 character. */
	kl_findings_redact(&b, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9xxxxxxxxxxxx",
	                   20);
	assert_string_equal(b.ptr, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9*****");
	kl_buf_free(&b);
}

static void strong_secrets_hash_to_the_git_blob_id(void **state)
{
	const char *tok = "tok_Q8m2Lz7Rk4Vt9Wc1Yp6Dx3Nf5Hb";
	size_t n = strlen(tok);
	char hex[41], blob[41];
	git_oid oid;

	(void)state;
	assert_false(kl_secret_is_weak(tok, n, kl_text_entropy(tok, n)));
	assert_int_equal(kl_secret_hash(tok, n, kl_text_entropy(tok, n), hex),
	                 0);
	/* printf %s TOKEN | git hash-object --stdin */
	git_odb_hash(&oid, tok, n, GIT_OBJECT_BLOB);
	git_oid_tostr(blob, sizeof(blob), &oid);
	assert_string_equal(hex, blob);
}

/* A weak secret's hash is the blob id of its yescrypt hash, so nobody can
 * test guesses against a committed fingerprint at hash speed. */
static void weak_secrets_hash_slowly(void **state)
{
	const char *pw = "Summer2024!";
	size_t n = strlen(pw);
	double e = kl_text_entropy(pw, n);
	char hex[41], again[41], fast[41], expect[41];
	struct crypt_data cd;
	git_oid oid;
	char *y;

	(void)state;
	assert_true(kl_secret_is_weak(pw, n, e));
	assert_int_equal(kl_secret_hash(pw, n, e, hex), 0);
	git_odb_hash(&oid, pw, n, GIT_OBJECT_BLOB);
	git_oid_tostr(fast, sizeof(fast), &oid);
	assert_string_not_equal(hex, fast);
	/* The scheme of docs/security.md, recomputed. */
	memset(&cd, 0, sizeof(cd));
	y = crypt_r("Summer2024!\00111",
	            "$y$j7T$fJKSgZaPo/WNdtqNZ75QmZaPo/WRl.", &cd);
	assert_non_null(y);
	git_odb_hash(&oid, y, strlen(y), GIT_OBJECT_BLOB);
	git_oid_tostr(expect, sizeof(expect), &oid);
	assert_string_equal(hex, expect);
	/* Stable (the cache gives the same answer), and distinct. */
	assert_int_equal(kl_secret_hash(pw, n, e, again), 0);
	assert_string_equal(hex, again);
	assert_int_equal(kl_secret_hash("Summer2025!", n, e, again), 0);
	assert_string_not_equal(hex, again);
}

static void findings_from_hits(void **state)
{
	struct kl_ruleset *rs;
	struct kl_matcher *m;
	struct kl_buf err = KL_BUF_INIT, fp = KL_BUF_INIT;
	struct kl_findings fs = KL_FINDINGS_INIT;
	struct kl_origin origin = {
	    .path = "src/a.py", .rule_path = "src/a.py", .blob = KL_NO_BLOB};
	const struct kl_hit *hits;
	size_t n;
	const char *text =
	    "a = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D; b = tok_Zz8m2Lz7Rk4Vt9Wc1Yp3\n"
	    "c = tok_Q8m2Lz7Rk4Vt9Wc1Yp6D\n";

	(void)state;
	assert_int_equal(kl_rules_new(&rs), 0);
	assert_int_equal(kl_rules_load_buffer(rs, "f.json", rules_json,
	                                      strlen(rules_json), &err),
	                 0);
	assert_int_equal(kl_rules_finalize(rs, &err), 0);
	assert_int_equal(kl_matcher_new(&m, rs, NULL), 0);
	assert_int_equal(
	    kl_matcher_scan(m, text, strlen(text), NULL, &hits, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(kl_findings_add_hits(&fs, rs, hits, n, text, &origin),
	                 0);
	assert_int_equal(fs.n, 3);
	/* The snippet of the first finding shows both secrets redacted. */
	assert_string_equal(fs.v[0].snippet_redacted,
	                    "a = tok_*****; b = tok_*****");
	assert_null(strstr(fs.v[0].snippet_redacted, "Zz8m"));
	assert_int_equal(kl_finding_fingerprint(&fs.v[0], &fp), 0);
	assert_int_equal(strncmp(fp.ptr, "tok:src/a.py:", 13), 0);
	assert_int_equal(strlen(fp.ptr), 13 + 16);
	/* Same secret on two lines: same digest, different position. */
	assert_string_equal(fs.v[0].digest, fs.v[2].digest);
	assert_int_equal(fs.v[2].line, 2);
	/* Sort is by path, line, column; dedupe drops exact copies. */
	assert_int_equal(kl_findings_add_copy(&fs, &fs.v[1], NULL), 0);
	kl_findings_sort(&fs);
	kl_findings_dedupe(&fs);
	assert_int_equal(fs.n, 3);
	assert_true(fs.v[0].column < fs.v[1].column);
	assert_int_equal(fs.v[2].line, 2);
	kl_findings_free(&fs);
	kl_matcher_free(m);
	kl_rules_free(rs);
	kl_buf_free(&err);
	kl_buf_free(&fp);
}

static void set(struct kl_finding *f, const char *hash, const char *repo,
                const char *app, const char *path)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->secret_hash, hash);
	f->repository = repo ? strdup(repo) : NULL;
	f->application = strdup(app);
	f->path = strdup(path);
}

/* One secret in two applications (or repositories) is a group; in two
 * files of one application it is not. */
static void reuse_groups(void **state)
{
	struct kl_finding v[6];
	struct kl_findings fs = {v, 6, 6};
	struct kl_reuse r;

	(void)state;
	set(&v[0], "bbbb", NULL, "svc/a", "svc/a/x.js");
	set(&v[1], "aaaa", NULL, "web", "web/one.js");
	set(&v[2], "bbbb", NULL, "svc/b", "svc/b/y.go");
	set(&v[3], "aaaa", NULL, "web", "web/two.js");
	set(&v[4], "cccc", "api", "", "config.py");
	set(&v[5], "cccc", "billing", "", "config.py");
	assert_int_equal(kl_reuse_build(&fs, &r), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].first->secret_hash, "bbbb");
	assert_int_equal(r.v[0].n, 2);
	assert_string_equal(r.v[0].places[0].application, "svc/a");
	assert_string_equal(r.v[0].places[1].path, "svc/b/y.go");
	assert_string_equal(r.v[1].places[0].repository, "api");
	assert_string_equal(r.v[1].places[1].repository, "billing");
	kl_reuse_free(&r);
	for (size_t i = 0; i < 6; i++)
		kl_finding_release(&v[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(redaction),
	    cmocka_unit_test(strong_secrets_hash_to_the_git_blob_id),
	    cmocka_unit_test(weak_secrets_hash_slowly),
	    cmocka_unit_test(reuse_groups),
	    cmocka_unit_test(findings_from_hits),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
