/* Unit tests for argument parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"

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
	return kl_cli_parse(cli, argc, argv, err);
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
	assert_string_equal(cli.opts.output, "out.sarif");
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
	assert_string_equal(err.ptr, "unknown option \"--bogus\"");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scan_options),
	    cmocka_unit_test(usage_errors),
	    cmocka_unit_test(history_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
