/*
 * cli: getopt_long over one option table shared by every command.
 * Numbers are parsed strictly (no trailing junk, no overflow); arguments
 * after the options are checked per command.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
	OPT_FORMAT = 256,
	OPT_CONFIG,
	OPT_RULES,
	OPT_NO_DEFAULT_RULES,
	OPT_BASELINE,
	OPT_SHOW_SECRETS,
	OPT_THREADS,
	OPT_MAX_FILE_SIZE,
	OPT_MIN_SEVERITY,
	OPT_EXIT_CODE,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_NO_GIT_IGNORE,
	OPT_STDIN_NAME,
	OPT_CHECK,
	OPT_COLOR,
	OPT_WHOLE_MATCH,
	OPT_NO_JIT,
	OPT_FULL_DIFF,
	OPT_NO_PACK_READER,
	OPT_TRUST_REPO,
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"rules", required_argument, NULL, OPT_RULES},
    {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"show-secrets", no_argument, NULL, OPT_SHOW_SECRETS},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"min-severity", required_argument, NULL, OPT_MIN_SEVERITY},
    {"exit-code", required_argument, NULL, OPT_EXIT_CODE},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"quiet", no_argument, NULL, 'q'},
    {"no-git-ignore", no_argument, NULL, OPT_NO_GIT_IGNORE},
    {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
    {"check", no_argument, NULL, OPT_CHECK},
    {"color", required_argument, NULL, OPT_COLOR},
    /* Reference paths for tests (options.h); not in the help. */
    {"whole-match", no_argument, NULL, OPT_WHOLE_MATCH},
    {"no-jit", no_argument, NULL, OPT_NO_JIT},
    {"full-diff", no_argument, NULL, OPT_FULL_DIFF},
    {"no-pack-reader", no_argument, NULL, OPT_NO_PACK_READER},
    {"trust-repo", no_argument, NULL, OPT_TRUST_REPO},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char help_main[] =
    "usage: keylint <command> [options]\n"
    "\n"
    "Find hardcoded secrets and keys that would ship to a browser.\n"
    "\n"
    "commands:\n"
    "  scan [PATH...]          files and folders on disk (default: .)\n"
    "  scan -                  standard input (--stdin-name NAME)\n"
    "  history [REPO] [REV...] git history (default: every ref and HEAD)\n"
    "  staged [REPO]           what is staged for the next commit\n"
    "  rules [--format json|text]     list the rules in force\n"
    "  rules --check [FILE...]        validate rules and run their "
    "examples\n"
    "  version                 print the version\n"
    "\n"
    "Run 'keylint <command> --help' for the options of a command.\n"
    "Exit codes: 0 no findings, 1 findings (--exit-code), 2 usage,\n"
    "config or rule error, 3 the scan could not complete.\n";

#define COMMON_HELP                                                            \
	"  --format json|sarif|text|jsonl  report format (default json)\n"     \
	"  -o, --output FILE       write the report to FILE (atomically, "     \
	"mode 0600)\n"                                                         \
	"  --config FILE           config file (default: .keylint.json at "    \
	"the root)\n"                                                          \
	"  --rules FILE            extra rule file (repeatable)\n"             \
	"  --no-default-rules      do not load the built-in rules\n"           \
	"  --baseline REPORT.json  do not report findings already in REPORT\n" \
	"  --show-secrets          print secrets unredacted\n"                 \
	"  --threads N             worker threads (default: online CPUs)\n"    \
	"  --max-file-size BYTES   skip larger files (default 26214400)\n"     \
	"  --min-severity LEVEL    low|medium|high|critical: findings below "  \
	"do not fail the run\n"                                                \
	"  --exit-code N           exit code when there are findings "         \
	"(default 1)\n"                                                        \
	"  --progress, --no-progress  progress on stderr (default: when a "    \
	"terminal)\n"                                                          \
	"  --color auto|always|never  colour in text output\n"                 \
	"  -q, --quiet             no progress and no warnings\n"              \
	"  -h, --help              this help\n"

static const char help_scan[] =
    "usage: keylint scan [options] [PATH...]\n"
    "       keylint scan [options] -\n"
    "\n"
    "Scan files and folders as they are on disk.  Inside a git work tree\n"
    "what git ignores is skipped; .git is never entered; symbolic links\n"
    "are not followed; binary and oversized files are skipped and "
    "counted.\n"
    "\n"
    "options:\n" COMMON_HELP
    "  --no-git-ignore         also scan what git ignores\n"
    "  --stdin-name NAME       path to report for standard input\n";

static const char help_history[] =
    "usage: keylint history [options] [REPO] [REV...]\n"
    "\n"
    "Scan every blob a repository's history ever held, once each.  REVs\n"
    "are taken the way git log takes them (main, v1.2, origin/main..HEAD,\n"
    "^A B); with none, every ref and HEAD is walked.  A first argument\n"
    "that is a folder is the repository (default: .).  Each secret is\n"
    "reported once per path, with the commit that introduced it.\n"
    "\n"
    "options:\n" COMMON_HELP
    "  --trust-repo            scan a repository owned by another user\n"
    "                          (git's safe.directory rule)\n";

static const char help_staged[] =
    "usage: keylint staged [options] [REPO]\n"
    "\n"
    "Scan the lines added in the index relative to HEAD: what the next\n"
    "commit would add.  Used by the pre-commit hook.\n"
    "\n"
    "options:\n" COMMON_HELP
    "  --trust-repo            scan a repository owned by another user\n";

static const char help_rules[] =
    "usage: keylint rules [--format json|text] [--rules FILE] "
    "[--no-default-rules] [--config FILE]\n"
    "       keylint rules --check [FILE...]\n"
    "\n"
    "List the rules in force, or validate rule files and run every rule's\n"
    "positive and negative examples (with FILEs: only those files).\n";

static const char help_version[] = "usage: keylint version\n";

const char *kl_cli_help(enum kl_command cmd)
{
	switch (cmd) {
	case KL_CMD_SCAN:
		return help_scan;
	case KL_CMD_HISTORY:
		return help_history;
	case KL_CMD_STAGED:
		return help_staged;
	case KL_CMD_RULES:
		return help_rules;
	case KL_CMD_VERSION:
		return help_version;
	default:
		return help_main;
	}
}

void kl_cli_release(struct kl_cli *cli)
{
	free(cli->positional);
	free(cli->rules_storage);
	memset(cli, 0, sizeof(*cli));
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+')
		return KL_EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return KL_EINVAL;
	*out = v;
	return 0;
}

static int usage(struct kl_buf *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage(struct kl_buf *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kl_buf_vprintf(err, fmt, ap);
	va_end(ap);
	return KL_EINVAL;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *command_name(enum kl_command c)
{
	switch (c) {
	case KL_CMD_SCAN:
		return "scan";
	case KL_CMD_HISTORY:
		return "history";
	case KL_CMD_STAGED:
		return "staged";
	case KL_CMD_RULES:
		return "rules";
	default:
		return "version";
	}
}

/* The command named by argv[1]; KL_CMD_NONE if none is. */
static enum kl_command parse_command(const char *cmd)
{
	static const struct {
		const char *name;
		enum kl_command cmd;
	} names[] = {
	    {"scan", KL_CMD_SCAN},       {"history", KL_CMD_HISTORY},
	    {"staged", KL_CMD_STAGED},   {"rules", KL_CMD_RULES},
	    {"version", KL_CMD_VERSION}, {"--version", KL_CMD_VERSION},
	    {"help", KL_CMD_HELP},       {"--help", KL_CMD_HELP},
	    {"-h", KL_CMD_HELP},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(cmd, names[i].name) == 0)
			return names[i].cmd;
	return KL_CMD_NONE;
}

static int parse_format(struct kl_cli *cli, const char *a, struct kl_buf *err)
{
	static const struct {
		const char *name;
		enum kl_format format;
	} formats[] = {{"json", KL_FORMAT_JSON},
	               {"sarif", KL_FORMAT_SARIF},
	               {"text", KL_FORMAT_TEXT},
	               {"jsonl", KL_FORMAT_JSONL}};

	cli->format_set = true;
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		if (strcmp(a, formats[i].name) == 0) {
			cli->opts.format = formats[i].format;
			return 0;
		}
	}
	return usage(err,
	             "--format: expected json, sarif, text or jsonl, not "
	             "\"%s\"",
	             a);
}

static int parse_color(struct kl_options *o, const char *a, struct kl_buf *err)
{
	if (!strcmp(a, "auto"))
		o->color = -1;
	else if (!strcmp(a, "always"))
		o->color = 1;
	else if (!strcmp(a, "never"))
		o->color = 0;
	else
		return usage(err,
		             "--color: expected auto, always or never, "
		             "not \"%s\"",
		             a);
	return 0;
}

/* Options with a number. */
static int parse_number(struct kl_options *o, int c, const char *a,
                        struct kl_buf *err)
{
	uint64_t v;

	switch (c) {
	case OPT_THREADS:
		if (parse_u64(a, 1024, &v) || v == 0)
			return usage(err,
			             "--threads: expected a number from 1 "
			             "to 1024, not \"%s\"",
			             a);
		o->threads = (unsigned)v;
		return 0;
	case OPT_MAX_FILE_SIZE:
		if (parse_u64(a, (uint64_t)1 << 40, &v) || v == 0)
			return usage(err,
			             "--max-file-size: expected a positive "
			             "number of bytes, not \"%s\"",
			             a);
		o->max_file_size = v;
		o->max_file_size_set = true;
		return 0;
	default: /* OPT_EXIT_CODE */
		if (parse_u64(a, 255, &v))
			return usage(err,
			             "--exit-code: expected a number from "
			             "0 to 255, not \"%s\"",
			             a);
		o->exit_code = (int)v;
		return 0;
	}
}

/* Options that only set a flag. */
static bool parse_flag(struct kl_cli *cli, int c)
{
	struct kl_options *o = &cli->opts;

	switch (c) {
	case OPT_NO_DEFAULT_RULES:
		o->no_default_rules = true;
		break;
	case OPT_SHOW_SECRETS:
		o->show_secrets = true;
		break;
	case OPT_PROGRESS:
		o->progress = KL_PROGRESS_ON;
		break;
	case OPT_NO_PROGRESS:
		o->progress = KL_PROGRESS_OFF;
		break;
	case 'q':
		o->quiet = true;
		break;
	case OPT_NO_GIT_IGNORE:
		o->no_git_ignore = true;
		break;
	case OPT_CHECK:
		cli->rules_check = true;
		break;
	case OPT_WHOLE_MATCH:
		o->whole_match = true;
		break;
	case OPT_NO_JIT:
		o->no_jit = true;
		break;
	case OPT_FULL_DIFF:
		o->full_diff = true;
		break;
	case OPT_NO_PACK_READER:
		o->no_pack_reader = true;
		break;
	case OPT_TRUST_REPO:
		o->trust_repo = true;
		break;
	default:
		return false;
	}
	return true;
}

static int parse_option(struct kl_cli *cli, int c, const char *a, char **argv,
                        struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;

	if (parse_flag(cli, c))
		return 0;
	switch (c) {
	case OPT_FORMAT:
		return parse_format(cli, a, err);
	case 'o':
		o->output = a;
		return 0;
	case OPT_CONFIG:
		o->config = a;
		return 0;
	case OPT_RULES:
		if (KL_ALLOC_GROW(cli->rules_storage, o->nrule_files + 1,
		                  cli->arules_storage))
			return KL_ENOMEM;
		cli->rules_storage[o->nrule_files++] = (char *)a;
		o->rule_files = cli->rules_storage;
		return 0;
	case OPT_BASELINE:
		o->baseline = a;
		return 0;
	case OPT_THREADS:
	case OPT_MAX_FILE_SIZE:
	case OPT_EXIT_CODE:
		return parse_number(o, c, a, err);
	case OPT_MIN_SEVERITY:
		if (kl_severity_parse(a, &o->min_severity))
			return usage(err,
			             "--min-severity: expected low, medium, "
			             "high or critical, not \"%s\"",
			             a);
		return 0;
	case OPT_STDIN_NAME:
		if (!*a)
			return usage(err, "--stdin-name: empty name");
		o->stdin_name = a;
		return 0;
	case OPT_COLOR:
		return parse_color(o, a, err);
	case ':':
		return usage(err, "option %s needs a value", argv[optind - 1]);
	default:
		return usage(err, "unknown option \"%s\"", argv[optind - 1]);
	}
}

/* What the arguments after the options mean for each command. */
static int assign_positional(struct kl_cli *cli, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;

	if (cli->rules_check && cli->command != KL_CMD_RULES)
		return usage(err, "--check is an option of 'keylint rules'");
	switch (cli->command) {
	case KL_CMD_SCAN:
		for (size_t i = 0; i < cli->npositional; i++) {
			if (strcmp(cli->positional[i], "-"))
				continue;
			if (cli->npositional != 1)
				return usage(err, "scan -: standard input "
				                  "cannot be mixed with paths");
			o->use_stdin = true;
		}
		if (!o->use_stdin) {
			o->targets = cli->positional;
			o->ntargets = cli->npositional;
		}
		return 0;
	case KL_CMD_HISTORY:
		/* A first argument that is a folder is the repository. */
		if (cli->npositional && is_dir(cli->positional[0])) {
			o->targets = cli->positional;
			o->ntargets = 1;
			o->revs = cli->positional + 1;
			o->nrevs = cli->npositional - 1;
		} else {
			o->revs = cli->positional;
			o->nrevs = cli->npositional;
		}
		return 0;
	case KL_CMD_STAGED:
		if (cli->npositional > 1)
			return usage(err,
			             "staged takes at most one repository, "
			             "got \"%s\" too",
			             cli->positional[1]);
		o->targets = cli->positional;
		o->ntargets = cli->npositional;
		return 0;
	case KL_CMD_RULES:
		if (cli->format_set && o->format != KL_FORMAT_JSON &&
		    o->format != KL_FORMAT_TEXT)
			return usage(err, "rules: --format must be json or "
			                  "text");
		if (!cli->format_set)
			o->format = KL_FORMAT_TEXT;
		if (cli->npositional && !cli->rules_check)
			return usage(err,
			             "rules: unexpected argument \"%s\" "
			             "(use --rules FILE or --check FILE)",
			             cli->positional[0]);
		cli->rule_args = cli->positional;
		cli->nrule_args = cli->npositional;
		return 0;
	default:
		if (cli->npositional)
			return usage(err, "%s takes no arguments",
			             command_name(cli->command));
		return 0;
	}
}

/* keylint help COMMAND: the help of that command. */
static void help_topic(struct kl_cli *cli, int argc, char **argv)
{
	enum kl_command topic;

	cli->command = KL_CMD_HELP;
	if (argc > 2 && (topic = parse_command(argv[2])) != KL_CMD_HELP)
		cli->help_for = topic;
}

int kl_cli_parse(struct kl_cli *cli, int argc, char **argv, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	int c, rc;

	memset(cli, 0, sizeof(*cli));
	kl_options_init(o);
	if (argc < 2) {
		cli->command = KL_CMD_HELP;
		return 0;
	}
	cli->command = parse_command(argv[1]);
	if (cli->command == KL_CMD_NONE)
		return usage(err, "unknown command \"%s\" (try keylint --help)",
		             argv[1]);
	if (cli->command == KL_CMD_HELP) {
		help_topic(cli, argc, argv);
		return 0;
	}
	o->mode = cli->command == KL_CMD_HISTORY  ? KL_MODE_HISTORY
	          : cli->command == KL_CMD_STAGED ? KL_MODE_STAGED
	                                          : KL_MODE_SCAN;
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:qh", long_opts, NULL)) != -1) {
		if (c == 'h') {
			cli->help_for = cli->command;
			cli->command = KL_CMD_HELP;
			return 0;
		}
		if ((rc = parse_option(cli, c, optarg, argv, err)))
			return rc;
	}
	for (int i = optind; i < argc; i++) {
		if (KL_ALLOC_GROW(cli->positional, cli->npositional + 1,
		                  cli->apositional))
			return KL_ENOMEM;
		cli->positional[cli->npositional++] = argv[i];
	}
	return assign_positional(cli, err);
}
