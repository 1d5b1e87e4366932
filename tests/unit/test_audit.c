/* Unit tests for audits: list entries, shards, URLs and the audit log. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auditlog.h"
#include "cli.h"
#include "fetch.h"

/* argv strings: keylint keeps pointers into argv, never writes them. */
#define S(x) ((char *)(x))

static void urls(void **state)
{
	struct kl_buf b = KL_BUF_INIT;

	(void)state;
	assert_true(kl_fetch_is_url("https://example.test/a.git"));
	assert_true(kl_fetch_is_url("git://127.0.0.1:9418/a"));
	assert_true(kl_fetch_is_url("git@example.test:org/a.git"));
	assert_false(kl_fetch_is_url("repos/api"));
	assert_false(kl_fetch_is_url("/srv/a@b:c"));
	assert_false(kl_fetch_is_url("./x:y"));
	assert_int_equal(
	    kl_fetch_display("https://u:pw@example.test/a.git", &b), 0);
	assert_string_equal(b.ptr, "https://example.test/a.git");
	kl_buf_clear(&b);
	kl_fetch_display("https://example.test/a@b", &b);
	assert_string_equal(b.ptr, "https://example.test/a@b");
	kl_buf_free(&b);
}

static void list_and_shards(void **state)
{
	char path[] = "/tmp/kl-audit-list-XXXXXX";
	struct kl_strv v = {0};
	struct kl_buf err = KL_BUF_INIT;
	const char *text = "# comment\n\n  api  \r\nweb\n\tapi\nmono";
	unsigned counts[3] = {0};
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	assert_int_equal(kl_audit_read_list(path, &v, &err), 0);
	unlink(path);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[0], "api");
	assert_string_equal(v.v[1], "web");
	assert_string_equal(v.v[2], "mono");
	/* Every entry in exactly one shard, and no shard for N = 0. */
	for (int i = 0; i < 100; i++) {
		char name[16];
		unsigned in = 0;

		snprintf(name, sizeof(name), "repo%d", i);
		for (unsigned k = 1; k <= 3; k++)
			if (kl_audit_in_shard(name, k, 3)) {
				in++;
				counts[k - 1]++;
			}
		assert_int_equal(in, 1);
		assert_true(kl_audit_in_shard(name, 0, 0));
	}
	for (int k = 0; k < 3; k++)
		assert_true(counts[k] > 15);
	kl_strv_free(&v);
	kl_buf_free(&err);
}

static void log_merges_in_name_order(void **state)
{
	static const char a[] =
	    "{\"tool\":{},\"audit\":{}}\n"
	    "{\"repository\":\"b\",\"scan\":{}}\n"
	    "{\"repository\":\"b\",\"application\":\"\",\"rule_id\":\"r\","
	    "\"severity\":\"high\",\"path\":\"x\",\"secret\":\"kl*****\","
	    "\"secret_hash\":\"h1\"}\n";
	static const char b[] =
	    "{\"repository\":\"a\",\"application\":\"s\",\"rule_id\":\"r\","
	    "\"severity\":\"low\",\"path\":\"s/y\",\"secret\":\"kl*****\","
	    "\"secret_hash\":\"h1\"}\n"
	    "{\"reuse\":{}}\n"
	    "{\"repository\":\"b\",\"error\":\"twice\"}\n";
	struct kl_auditlog *l = NULL;
	struct kl_auditlog_counts c;
	struct kl_buf out = KL_BUF_INIT, err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_auditlog_new(&l), 0);
	assert_int_equal(kl_auditlog_load(l, a, strlen(a), "a", &err), 0);
	assert_int_equal(kl_auditlog_load(l, b, strlen(b), "b", &err), 0);
	assert_int_equal(kl_auditlog_render(l, KL_SEV_HIGH, &out, &c), 0);
	assert_int_equal(c.repositories, 2);
	assert_int_equal(c.findings, 2);
	assert_int_equal(c.gated, 1);
	assert_int_equal(c.failed, 0); /* b's second copy was dropped */
	assert_int_equal(c.reuse, 1);
	assert_non_null(strstr(out.ptr, "\"repositories\":2"));
	assert_true(strstr(out.ptr, "{\"repository\":\"a\"") <
	            strstr(out.ptr, "{\"repository\":\"b\""));
	assert_non_null(strstr(out.ptr, "{\"reuse\":{\"secret_hash\":\"h1\""));
	assert_int_equal(kl_auditlog_load(l, "[1]\n", 4, "bad.jsonl", &err),
	                 KL_EINVAL);
	assert_string_equal(err.ptr, "bad.jsonl:1: not a record of an audit "
	                             "report");
	kl_auditlog_free(l);
	kl_buf_free(&out);
	kl_buf_free(&err);
}

static void cli_audit(void **state)
{
	char *argv[] = {S("keylint"), S("audit"),   S("list.txt"), S("--shard"),
	                S("2/5"),     S("--cache"), S("c"),        S("--state"),
	                S("s.json"),  NULL};
	char *bad[] = {S("keylint"), S("audit"), S("l"),
	               S("--shard"), S("3/2"),   NULL};
	char *merge[] = {S("keylint"), S("merge"), S("a.jsonl"), S("--no-jit"),
	                 NULL};
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(kl_cli_parse(&cli, 9, argv, true, &err), 0);
	assert_int_equal(cli.command, KL_CMD_AUDIT);
	assert_int_equal(cli.opts.shard_k, 2);
	assert_int_equal(cli.opts.shard_n, 5);
	assert_string_equal(cli.opts.cache_dir, "c");
	assert_string_equal(cli.opts.state_file, "s.json");
	/* JSON Lines even on a terminal. */
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_JSONL);
	kl_cli_release(&cli);
	assert_int_equal(kl_cli_parse(&cli, 5, bad, true, &err), KL_EINVAL);
	kl_cli_release(&cli);
	kl_buf_clear(&err);
	assert_int_equal(kl_cli_parse(&cli, 4, merge, true, &err), KL_EINVAL);
	assert_non_null(strstr(err.ptr, "does not apply"));
	kl_cli_release(&cli);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(urls),
	    cmocka_unit_test(list_and_shards),
	    cmocka_unit_test(log_merges_in_name_order),
	    cmocka_unit_test(cli_audit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
