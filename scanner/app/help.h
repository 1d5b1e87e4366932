/*
 * help: the commands of keylint and the usage text of each.
 */
#ifndef KL_HELP_H
#define KL_HELP_H

enum kl_command {
	KL_CMD_NONE = 0,
	KL_CMD_SCAN,
	KL_CMD_HISTORY,
	KL_CMD_STAGED,
	KL_CMD_BASELINE,
	KL_CMD_RULES,
	KL_CMD_VERSION,
	KL_CMD_CONFIG,
	KL_CMD_EXPLAIN,
	KL_CMD_AUDIT,
	KL_CMD_MERGE,
	KL_CMD_HELP,
};

/* The usage text of a command (KL_CMD_NONE: the overview). */
const char *kl_help(enum kl_command cmd);

#endif
