/*
 * cli: turns argv into a command and options.  It validates every option,
 * rejects options that do not apply to the command, suggests the option
 * or command that was probably meant, and prints nothing; main decides
 * what to print and which exit code to use.
 */
#ifndef KL_CLI_H
#define KL_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "help.h"
#include "options.h"

struct kl_cli {
	enum kl_command command;
	enum kl_command help_for; /* KL_CMD_HELP: which command's help */
	bool usage_error;         /* a bare `keylint`: usage, exit 2 */
	struct kl_options opts;
	bool rules_check; /* rules --check */
	char **rule_args; /* rules --check FILE... */
	size_t nrule_args;
	bool format_set;
	/* explain PATH[:LINE]: the path (owned) and the line (0: all). */
	char *explain_path;
	uint32_t explain_line;
	/* Storage behind opts' arrays. */
	char **positional;
	size_t npositional, apositional;
	char **rules_storage;
	size_t arules_storage;
};

/* Parse argv.  On a usage error returns KL_EINVAL with one line in err
 * (exit code 2).  stdout_is_terminal decides the default format of
 * standard output. */
int kl_cli_parse(struct kl_cli *cli, int argc, char **argv,
                 bool stdout_is_terminal, struct kl_buf *err);
void kl_cli_release(struct kl_cli *cli);

/* Parse a size: a number of bytes, or with a unit k, K, KB, KiB, M, MB,
 * MiB, G, GB, GiB (all powers of 1024).  0 or KL_EINVAL. */
int kl_cli_size(const char *s, uint64_t *out);

#endif
