/* Unit tests for argument parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"

static bool terminal; /* what standard output is, for the default */

static int parse(struct kl_cli *cli, struct kl_buf *err, int argc, ...)
{
	char *argv[32];
	va_list ap;

	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	kl_buf_clear(err);
	return kl_cli_parse(cli, argc, argv, terminal, err);
}

static void scan_options(void **state)
{
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(parse(&cli, &err, 11, "keylint", "scan", "src",
	                       "--format", "sarif", "-o", "out.sarif",
	                       "--threads", "3", "lib", "--show-secrets"),
	                 0);
	assert_int_equal(cli.command, KL_CMD_SCAN);
	assert_int_equal(cli.opts.format, KL_FORMAT_SARIF);
	/* --format is standard output's, -o's follows the extension. */
	assert_int_equal(cli.opts.noutputs, 2);
	assert_string_equal(cli.opts.outputs[0].path, "out.sarif");
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_SARIF);
	assert_null(cli.opts.outputs[1].path);
	assert_int_equal(cli.opts.threads, 3);
	assert_true(cli.opts.show_secrets);
	assert_int_equal(cli.opts.ntargets, 2);
	kl_cli_release(&cli);

	assert_int_equal(parse(&cli, &err, 5, "keylint", "scan", "-",
	                       "--stdin-name", "x.env"),
	                 0);
	assert_true(cli.opts.use_stdin);
	assert_string_equal(cli.opts.stdin_name, "x.env");
	kl_cli_release(&cli);
	kl_buf_free(&err);
}

static void usage_errors(void **state)
{
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "scan", "--threads", "0"),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "--threads"));
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 3, "keylint", "scan", "--bogus"),
	                 KL_EINVAL);
	assert_string_equal(err.ptr,
	                    "unknown option \"--bogus\" (see keylint --help)");
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 3, "keylint", "scan", "--format"),
	                 KL_EINVAL);
	kl_cli_release(&cli);
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "scan", "--min-severity", "urgent"),
	    KL_EINVAL);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 2, "keylint", "frobnicate"),
	                 KL_EINVAL);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 4, "keylint", "staged", "a", "b"),
	                 KL_EINVAL);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 4, "keylint", "scan", "-", "x"),
	                 KL_EINVAL);
	kl_cli_release(&cli);
	kl_buf_free(&err);
}

static void history_arguments(void **state)
{
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	/* "." is a folder, so it is the repository. */
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "history", ".", "main..topic"), 0);
	assert_int_equal(cli.opts.ntargets, 1);
	assert_int_equal(cli.opts.nrevs, 1);
	assert_string_equal(cli.opts.revs[0], "main..topic");
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 4, "keylint", "history",
	                       "no-such-folder-xyz", "^v1"),
	                 0);
	assert_int_equal(cli.opts.ntargets, 0);
	assert_int_equal(cli.opts.nrevs, 2);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 3, "keylint", "rules", "--help"), 0);
	assert_int_equal(cli.command, KL_CMD_HELP);
	assert_int_equal(cli.help_for, KL_CMD_RULES);
	kl_cli_release(&cli);
	kl_buf_free(&err);
}

static void outputs(void **state)
{
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;

	(void)state;
	/* Standard output: text on a terminal, JSON otherwise. */
	terminal = true;
	assert_int_equal(parse(&cli, &err, 2, "keylint", "scan"), 0);
	assert_int_equal(cli.opts.noutputs, 1);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_TEXT);
	kl_cli_release(&cli);
	terminal = false;
	assert_int_equal(parse(&cli, &err, 2, "keylint", "scan"), 0);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_JSON);
	kl_cli_release(&cli);
	/* Several -o, each in its extension's format, nothing on stdout. */
	assert_int_equal(parse(&cli, &err, 8, "keylint", "scan", "-o",
	                       "a.sarif", "--output", "b.jsonl", "-o", "c.txt"),
	                 0);
	assert_int_equal(cli.opts.noutputs, 3);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_SARIF);
	assert_int_equal(cli.opts.outputs[1].format, KL_FORMAT_JSONL);
	assert_int_equal(cli.opts.outputs[2].format, KL_FORMAT_TEXT);
	kl_cli_release(&cli);
	/* The page for people: by extension, or --format html. */
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "history", "-o", "report.html"), 0);
	assert_int_equal(cli.opts.noutputs, 1);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_HTML);
	kl_cli_release(&cli);
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "scan", "--format", "html"), 0);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_HTML);
	kl_cli_release(&cli);
	/* An extension that says nothing: --format's format, else JSON. */
	terminal = true;
	assert_int_equal(parse(&cli, &err, 4, "keylint", "scan", "-o", "out"),
	                 0);
	assert_int_equal(cli.opts.noutputs, 1);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_JSON);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 6, "keylint", "scan", "-o", "out",
	                       "--format", "sarif"),
	                 0);
	assert_int_equal(cli.opts.noutputs, 1);
	assert_int_equal(cli.opts.outputs[0].format, KL_FORMAT_SARIF);
	kl_cli_release(&cli);
	terminal = false;
	/* baseline scan: one -o, JSON, and the scan's own options. */
	assert_int_equal(parse(&cli, &err, 6, "keylint", "baseline", "scan",
	                       "src", "-o", "kb.json"),
	                 0);
	assert_int_equal(cli.command, KL_CMD_SCAN);
	assert_true(cli.opts.write_baseline);
	assert_int_equal(cli.opts.ntargets, 1);
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 3, "keylint", "baseline", "scan"),
	                 KL_EINVAL);
	kl_cli_release(&cli);
	kl_buf_free(&err);
}

static void hygiene(void **state)
{
	struct kl_cli cli;
	struct kl_buf err = KL_BUF_INIT;
	uint64_t size = 0;

	(void)state;
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "scan", "--formt", "json"),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "did you mean --format?"));
	kl_cli_release(&cli);
	assert_int_equal(parse(&cli, &err, 2, "keylint", "histroy"), KL_EINVAL);
	assert_non_null(strstr(err.ptr, "did you mean history?"));
	kl_cli_release(&cli);
	/* Options that do not apply to the command. */
	assert_int_equal(
	    parse(&cli, &err, 3, "keylint", "history", "--no-git-ignore"),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "does not apply"));
	kl_cli_release(&cli);
	assert_int_equal(
	    parse(&cli, &err, 4, "keylint", "version", "--format", "sarif"),
	    KL_EINVAL);
	kl_cli_release(&cli);
	/* A bare keylint is a usage error. */
	assert_int_equal(parse(&cli, &err, 1, "keylint"), 0);
	assert_true(cli.usage_error);
	kl_cli_release(&cli);
	/* A path that is not there is not taken for a revision. */
	assert_int_equal(
	    parse(&cli, &err, 3, "keylint", "history", "/nonexistent"),
	    KL_EINVAL);
	assert_non_null(strstr(err.ptr, "not a repository"));
	kl_cli_release(&cli);
	/* Sizes, in powers of 1024. */
	assert_int_equal(kl_cli_size("10MB", &size), 0);
	assert_int_equal(size, 10u << 20);
	assert_int_equal(kl_cli_size("512k", &size), 0);
	assert_int_equal(size, 512u << 10);
	assert_int_equal(kl_cli_size("2GiB", &size), 0);
	assert_int_equal(size, 2ull << 30);
	assert_int_equal(kl_cli_size("77", &size), 0);
	assert_int_equal(size, 77);
	assert_int_equal(kl_cli_size("10 parsecs", &size), KL_EINVAL);
	assert_int_equal(kl_cli_size("", &size), KL_EINVAL);
	kl_buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scan_options),      cmocka_unit_test(usage_errors),
	    cmocka_unit_test(history_arguments), cmocka_unit_test(outputs),
	    cmocka_unit_test(hygiene),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
