/*
 * cli: turns argv into a command and options.  It validates every option
 * and prints nothing; main decides what to print and which exit code to
 * use.  Help texts live here so that they stay next to the options they
 * describe.
 */
#ifndef KL_CLI_H
#define KL_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "options.h"

enum kl_command {
	KL_CMD_NONE = 0,
	KL_CMD_SCAN,
	KL_CMD_HISTORY,
	KL_CMD_STAGED,
	KL_CMD_RULES,
	KL_CMD_VERSION,
	KL_CMD_HELP,
};

struct kl_cli {
	enum kl_command command;
	enum kl_command help_for; /* KL_CMD_HELP: which command's help */
	struct kl_options opts;
	bool rules_check; /* rules --check */
	char **rule_args; /* rules --check FILE... */
	size_t nrule_args;
	bool format_set;
	/* Storage behind opts' arrays. */
	char **positional;
	size_t npositional, apositional;
	char **rules_storage;
	size_t arules_storage;
};

/* Parse argv.  On a usage error returns KL_EINVAL with one line in err
 * (exit code 2). */
int kl_cli_parse(struct kl_cli *cli, int argc, char **argv, struct kl_buf *err);
void kl_cli_release(struct kl_cli *cli);

/* The help text for a command (KL_CMD_NONE: the overview). */
const char *kl_cli_help(enum kl_command cmd);

#endif
