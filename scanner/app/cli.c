/*
 * cli: getopt_long over one option table, where each option says which
 * commands it applies to.  Numbers and sizes are parsed strictly (no
 * trailing junk, no overflow); arguments after the options are checked
 * per command; an unknown option or command gets the nearest known one as
 * a suggestion.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "text.h"

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
	OPT_MAX_ARCHIVE_DEPTH,
	OPT_MAX_DECODE_DEPTH,
	OPT_EXPLAIN,
	OPT_SHARD,
	OPT_CACHE,
	OPT_STATE,
};

/* Which commands an option applies to. */
#define C_SCAN    (1u << KL_CMD_SCAN)
#define C_HISTORY (1u << KL_CMD_HISTORY)
#define C_STAGED  (1u << KL_CMD_STAGED)
#define C_RULES   (1u << KL_CMD_RULES)
#define C_VERSION (1u << KL_CMD_VERSION)
#define C_AUDIT   (1u << KL_CMD_AUDIT)
#define C_MERGE   (1u << KL_CMD_MERGE)
#define C_CONFIG  (1u << KL_CMD_CONFIG)
#define C_EXPLAIN (1u << KL_CMD_EXPLAIN)
#define C_SOURCES (C_SCAN | C_HISTORY | C_STAGED)
#define C_ALL                                                                  \
	(C_SOURCES | C_RULES | C_VERSION | C_CONFIG | C_EXPLAIN | C_AUDIT |    \
	 C_MERGE)

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
    {"trust-repo", no_argument, NULL, OPT_TRUST_REPO},
    {"max-archive-depth", required_argument, NULL, OPT_MAX_ARCHIVE_DEPTH},
    {"max-decode-depth", required_argument, NULL, OPT_MAX_DECODE_DEPTH},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"cache", required_argument, NULL, OPT_CACHE},
    {"state", required_argument, NULL, OPT_STATE},
    {"help", no_argument, NULL, 'h'},
    /* Reference paths for tests (options.h); not in the help. */
    {"whole-match", no_argument, NULL, OPT_WHOLE_MATCH},
    {"no-jit", no_argument, NULL, OPT_NO_JIT},
    {"full-diff", no_argument, NULL, OPT_FULL_DIFF},
    {"no-pack-reader", no_argument, NULL, OPT_NO_PACK_READER},
    {NULL, 0, NULL, 0},
};

/* The commands each option applies to (by its getopt value). */
static unsigned applies(int c)
{
	switch (c) {
	case OPT_FORMAT:
		return C_SOURCES | C_RULES | C_EXPLAIN | C_AUDIT | C_MERGE;
	case 'o':
		return C_SOURCES | C_CONFIG | C_AUDIT | C_MERGE;
	case OPT_MIN_SEVERITY:
	case OPT_EXIT_CODE:
		return C_SOURCES | C_AUDIT | C_MERGE;
	case OPT_SHARD:
	case OPT_CACHE:
		return C_AUDIT;
	case OPT_STATE:
		return C_HISTORY | C_AUDIT;
	case OPT_CONFIG:
	case OPT_RULES:
	case OPT_NO_DEFAULT_RULES:
	case OPT_COLOR:
	case OPT_WHOLE_MATCH:
	case OPT_NO_JIT:
		return C_SOURCES | C_RULES | C_EXPLAIN | C_AUDIT;
	case OPT_BASELINE:
	case OPT_SHOW_SECRETS:
	case OPT_MAX_FILE_SIZE:
	case OPT_MAX_ARCHIVE_DEPTH:
	case OPT_MAX_DECODE_DEPTH:
		return C_SOURCES | C_EXPLAIN | C_AUDIT;
	case OPT_NO_GIT_IGNORE:
	case OPT_STDIN_NAME:
		return C_SCAN;
	case OPT_CHECK:
		return C_RULES;
	case OPT_FULL_DIFF:
		return C_STAGED;
	case OPT_NO_PACK_READER:
		return C_HISTORY;
	case OPT_TRUST_REPO:
		return C_HISTORY | C_STAGED | C_AUDIT;
	case 'q':
	case 'h':
		return C_ALL;
	default: /* every option of a scan */
		return C_SOURCES | C_AUDIT;
	}
}

static const char *const commands[] = {
    [KL_CMD_SCAN] = "scan",     [KL_CMD_HISTORY] = "history",
    [KL_CMD_STAGED] = "staged", [KL_CMD_BASELINE] = "baseline",
    [KL_CMD_RULES] = "rules",   [KL_CMD_VERSION] = "version",
    [KL_CMD_CONFIG] = "config", [KL_CMD_EXPLAIN] = "explain",
    [KL_CMD_AUDIT] = "audit",   [KL_CMD_MERGE] = "merge",
    [KL_CMD_HELP] = "help",
};

void kl_cli_release(struct kl_cli *cli)
{
	free(cli->positional);
	free(cli->rules_storage);
	free(cli->explain_path);
	memset(cli, 0, sizeof(*cli));
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

static int unknown_option(const char *arg, struct kl_buf *err)
{
	const char *names[sizeof(long_opts) / sizeof(*long_opts)];
	const char *s = arg, *eq, *hint;
	char name[64];
	size_t n = 0;

	for (const struct option *o = long_opts; o->name; o++)
		names[n++] = o->name;
	while (*s == '-')
		s++;
	eq = strchr(s, '=');
	snprintf(name, sizeof(name), "%.*s",
	         (int)(eq ? (size_t)(eq - s) : strlen(s)), s);
	hint = kl_text_nearest(name, names, n);
	if (hint)
		return usage(err, "unknown option \"%s\"; did you mean --%s?",
		             arg, hint);
	return usage(err, "unknown option \"%s\" (see keylint --help)", arg);
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

int kl_cli_size(const char *s, uint64_t *out)
{
	static const struct {
		const char *unit;
		unsigned shift;
	} units[] = {{"", 0},     {"b", 0},   {"k", 10},  {"kb", 10},
	             {"kib", 10}, {"m", 20},  {"mb", 20}, {"mib", 20},
	             {"g", 30},   {"gb", 30}, {"gib", 30}};
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+')
		return KL_EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return KL_EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++) {
		if (strcasecmp(end, units[i].unit))
			continue;
		if (v > (UINT64_MAX >> units[i].shift))
			return KL_EINVAL;
		*out = (uint64_t)v << units[i].shift;
		return 0;
	}
	return KL_EINVAL;
}

static int parse_format(const char *a, enum kl_format *out)
{
	static const struct {
		const char *name;
		enum kl_format format;
	} formats[] = {{"json", KL_FORMAT_JSON},   {"sarif", KL_FORMAT_SARIF},
	               {"text", KL_FORMAT_TEXT},   {"txt", KL_FORMAT_TEXT},
	               {"jsonl", KL_FORMAT_JSONL}, {"html", KL_FORMAT_HTML}};

	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		if (strcmp(a, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return KL_EINVAL;
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

/* Options with a number or a size. */
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
		if (kl_cli_size(a, &v) || v == 0 || v > ((uint64_t)1 << 40))
			return usage(err,
			             "--max-file-size: expected a size such "
			             "as 26214400, 512k or 10MB, not "
			             "\"%s\"",
			             a);
		o->max_file_size = v;
		o->max_file_size_set = true;
		return 0;
	case OPT_MAX_ARCHIVE_DEPTH:
	case OPT_MAX_DECODE_DEPTH:
		if (parse_u64(a, 16, &v))
			return usage(err,
			             "--%s: expected a number from 0 to "
			             "16, not \"%s\"",
			             c == OPT_MAX_ARCHIVE_DEPTH
			                 ? "max-archive-depth"
			                 : "max-decode-depth",
			             a);
		if (c == OPT_MAX_ARCHIVE_DEPTH)
			o->max_archive_depth = (unsigned)v;
		else
			o->max_decode_depth = (unsigned)v;
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
	case OPT_EXPLAIN:
		o->explain = true;
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

/* -o FILE: the report's format is its extension's. */
static int add_output(struct kl_options *o, const char *path,
                      struct kl_buf *err)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	struct kl_output *out;

	if (o->noutputs == KL_MAX_OUTPUTS)
		return usage(err, "-o: at most %d reports", KL_MAX_OUTPUTS);
	out = &o->outputs[o->noutputs];
	out->path = path;
	if (!dot || (slash && dot < slash) ||
	    parse_format(dot + 1, &out->format))
		out->format = (enum kl_format) - 1; /* settled after parsing */
	o->noutputs++;
	return 0;
}

/* --shard K/N: 1 <= K <= N. */
static int parse_shard(struct kl_options *o, const char *a, struct kl_buf *err)
{
	const char *slash = strchr(a, '/');
	char k[24];
	uint64_t kv, nv;

	if (!slash || (size_t)(slash - a) >= sizeof(k))
		goto bad;
	memcpy(k, a, (size_t)(slash - a));
	k[slash - a] = '\0';
	if (parse_u64(k, 65536, &kv) || parse_u64(slash + 1, 65536, &nv) ||
	    !kv || kv > nv)
		goto bad;
	o->shard_k = (unsigned)kv;
	o->shard_n = (unsigned)nv;
	return 0;
bad:
	return usage(err,
	             "--shard: expected K/N with 1 <= K <= N, such as 2/8, "
	             "not \"%s\"",
	             a);
}

static int parse_option(struct kl_cli *cli, int c, const char *a, char **argv,
                        struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;

	if (parse_flag(cli, c))
		return 0;
	switch (c) {
	case OPT_FORMAT:
		cli->format_set = true;
		if (parse_format(a, &o->format))
			return usage(err,
			             "--format: expected text, json, "
			             "jsonl, sarif or html, not \"%s\"",
			             a);
		return 0;
	case 'o':
		return add_output(o, a, err);
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
	case OPT_SHARD:
		return parse_shard(o, a, err);
	case OPT_CACHE:
		o->cache_dir = a;
		return 0;
	case OPT_STATE:
		o->state_file = a;
		return 0;
	case ':':
		return usage(err, "option %s needs a value", argv[optind - 1]);
	case '?':
		return unknown_option(argv[optind - 1], err);
	default:
		return parse_number(o, c, a, err);
	}
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* history [REPO] [REV...]: a first argument that is a folder is the
 * repository; one that looks like a path but is none is an error, not a
 * revision git would not know either. */
static int history_args(struct kl_cli *cli, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	const char *first = cli->npositional ? cli->positional[0] : NULL;
	struct stat st;

	if (first && is_dir(first)) {
		o->targets = cli->positional;
		o->ntargets = 1;
		o->revs = cli->positional + 1;
		o->nrevs = cli->npositional - 1;
		return 0;
	}
	if (first &&
	    (first[0] == '/' || first[0] == '.' || stat(first, &st) == 0) &&
	    !strstr(first, ".."))
		return usage(err,
		             "%s: not a folder, so not a repository "
		             "(and not a revision)",
		             first);
	o->revs = cli->positional;
	o->nrevs = cli->npositional;
	return 0;
}

/* explain PATH[:LINE]: a path that exists is taken whole, so a file
 * whose name holds ':' works; otherwise the part after the last ':' must
 * be a line number. */
static int explain_args(struct kl_cli *cli, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	const char *arg = cli->npositional == 1 ? cli->positional[0] : NULL;
	const char *colon;
	struct stat st;
	uint64_t line = 0;

	if (!arg)
		return usage(err, "explain: give one PATH or PATH:LINE, as in "
		                  "keylint explain config.py:12");
	colon = strrchr(arg, ':');
	if (stat(arg, &st) != 0 && colon && colon > arg &&
	    !parse_u64(colon + 1, UINT32_MAX, &line) && line > 0) {
		cli->explain_path = strndup(arg, (size_t)(colon - arg));
		cli->explain_line = (uint32_t)line;
	} else {
		cli->explain_path = strdup(arg);
	}
	if (!cli->explain_path)
		return KL_ENOMEM;
	if (stat(cli->explain_path, &st) != 0)
		return usage(err, "explain: %s: no such file or folder",
		             cli->explain_path);
	o->targets = &cli->explain_path;
	o->ntargets = 1;
	o->explain = true;
	o->progress = KL_PROGRESS_OFF;
	if (cli->format_set && o->format != KL_FORMAT_JSON &&
	    o->format != KL_FORMAT_TEXT)
		return usage(err, "explain: --format must be json or text");
	if (!cli->format_set)
		o->format = KL_FORMAT_TEXT;
	return 0;
}

/* What the arguments after the options mean for each command. */
static int assign_positional(struct kl_cli *cli, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;

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
		return history_args(cli, err);
	case KL_CMD_STAGED:
		if (cli->npositional > 1)
			return usage(err,
			             "staged takes at most one repository, "
			             "got \"%s\" too",
			             cli->positional[1]);
		o->targets = cli->positional;
		o->ntargets = cli->npositional;
		return 0;
	case KL_CMD_AUDIT:
		if (cli->npositional != 1)
			return usage(err, "audit takes one list of "
			                  "repositories, as in keylint audit "
			                  "repos.txt");
		o->targets = cli->positional;
		o->ntargets = 1;
		return 0;
	case KL_CMD_MERGE:
		if (!cli->npositional)
			return usage(err, "merge: name the reports to merge, "
			                  "as in keylint merge shard-*.jsonl");
		o->targets = cli->positional;
		o->ntargets = cli->npositional;
		return 0;
	case KL_CMD_RULES:
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
			             commands[cli->command]);
		return 0;
	}
}

/* Standard output as one more report, in --format's format. */
static int add_stdout(struct kl_options *o, struct kl_buf *err)
{
	if (o->noutputs == KL_MAX_OUTPUTS)
		return usage(err, "-o: at most %d reports", KL_MAX_OUTPUTS - 1);
	o->outputs[o->noutputs].path = NULL;
	o->outputs[o->noutputs++].format = o->format;
	return 0;
}

/* Where reports go: every -o in its extension's format (or --format's),
 * and standard output unless -o came without --format. */
static int settle_outputs(struct kl_cli *cli, bool terminal, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	size_t nfiles = o->noutputs;

	if (!cli->format_set)
		o->format = terminal ? KL_FORMAT_TEXT : KL_FORMAT_JSON;
	for (size_t i = 0; i < nfiles; i++) {
		struct kl_output *out = &o->outputs[i];

		if (out->format != (enum kl_format) - 1)
			continue;
		/* No extension that names a format (a FIFO, /dev/stdout):
		 * --format's, else JSON. */
		out->format = cli->format_set ? o->format : KL_FORMAT_JSON;
	}
	if (nfiles && !cli->format_set)
		return 0;
	/* Kept for old command lines: --format X -o FILE without an
	 * extension wrote X to FILE only. */
	for (size_t i = 0; i < nfiles; i++)
		if (!strchr(strrchr(o->outputs[i].path, '/')
		                ? strrchr(o->outputs[i].path, '/')
		                : o->outputs[i].path,
		            '.'))
			return 0;
	return add_stdout(o, err);
}

/* audit and merge: each -o FILE in its extension's format (or
 * --format's), and standard output unless -o came without --format: text
 * on a terminal, else JSON Lines.  A shard writes JSON Lines only, as its
 * report is for merge. */
static bool audit_format(enum kl_format f)
{
	return f == KL_FORMAT_JSONL || f == KL_FORMAT_JSON ||
	       f == KL_FORMAT_TEXT || f == KL_FORMAT_HTML;
}

static int audit_outputs(struct kl_cli *cli, bool terminal, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	bool shard = cli->command == KL_CMD_AUDIT && o->shard_n;

	if (cli->format_set && shard && o->format != KL_FORMAT_JSONL)
		return usage(err, "audit --shard writes JSON Lines for merge: "
		                  "--format jsonl");
	if (cli->format_set && !audit_format(o->format))
		return usage(err,
		             "%s: --format must be text, html, json or "
		             "jsonl",
		             commands[cli->command]);
	if (!cli->format_set)
		o->format =
		    terminal && !shard ? KL_FORMAT_TEXT : KL_FORMAT_JSONL;
	for (size_t i = 0; i < o->noutputs; i++) {
		struct kl_output *out = &o->outputs[i];

		if (out->format == (enum kl_format) - 1)
			out->format =
			    cli->format_set ? o->format : KL_FORMAT_JSONL;
		if (shard && out->format != KL_FORMAT_JSONL)
			return usage(err,
			             "audit --shard: %s: a shard's report is "
			             "JSON Lines (.jsonl)",
			             out->path);
		if (!audit_format(out->format))
			return usage(
			    err, "%s: %s: write .txt, .html, .json or .jsonl",
			    commands[cli->command], out->path);
	}
	if (o->noutputs && !cli->format_set)
		return 0;
	return add_stdout(o, err);
}

/* The command: argv[1], with "baseline scan|history" as one command. */
static int parse_command(struct kl_cli *cli, int argc, char **argv,
                         struct kl_buf *err)
{
	const char *cmd = argv[1], *hint;

	if (!strcmp(cmd, "--version"))
		cmd = "version";
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		cmd = "help";
	for (size_t i = 1; i < sizeof(commands) / sizeof(*commands); i++)
		if (commands[i] && strcmp(cmd, commands[i]) == 0)
			cli->command = (enum kl_command)i;
	if (cli->command == KL_CMD_NONE) {
		hint = kl_text_nearest(cmd, commands,
		                       sizeof(commands) / sizeof(*commands));
		if (hint)
			return usage(err,
			             "unknown command \"%s\"; did you "
			             "mean %s?",
			             cmd, hint);
		return usage(err,
		             "unknown command \"%s\" (see keylint "
		             "--help)",
		             cmd);
	}
	if (cli->command != KL_CMD_BASELINE && cli->command != KL_CMD_CONFIG)
		return 0;
	if (argc >= 3 &&
	    (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		cli->help_for = cli->command;
		cli->command = KL_CMD_HELP;
		return 0;
	}
	if (cli->command == KL_CMD_CONFIG) {
		if (argc < 3 || strcmp(argv[2], "import"))
			return usage(err,
			             "config: expected import, as in "
			             "keylint config import .gitleaks.toml");
		return 0;
	}
	if (argc < 3 || (strcmp(argv[2], "scan") && strcmp(argv[2], "history")))
		return usage(err, "baseline: expected scan or history, as in "
		                  "keylint baseline scan . -o FILE");
	cli->opts.baseline_of =
	    !strcmp(argv[2], "scan") ? KL_MODE_SCAN : KL_MODE_HISTORY;
	return 0;
}

static int parse_options(struct kl_cli *cli, int argc, char **argv,
                         struct kl_buf *err)
{
	enum kl_command as = cli->command;
	int c, rc;

	/* A baseline takes the options of the scan it runs. */
	if (as == KL_CMD_BASELINE)
		as = cli->opts.baseline_of == KL_MODE_SCAN ? KL_CMD_SCAN
		                                           : KL_CMD_HISTORY;
	optind =
	    cli->command == KL_CMD_BASELINE || cli->command == KL_CMD_CONFIG
	        ? 3
	        : 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:qh", long_opts, NULL)) != -1) {
		if (c == 'h') {
			cli->help_for = cli->command;
			cli->command = KL_CMD_HELP;
			return 0;
		}
		if (c != '?' && c != ':' && !(applies(c) & (1u << as)))
			return usage(err,
			             "option %s does not apply to "
			             "'keylint %s'",
			             argv[optind - 1], commands[as]);
		if ((rc = parse_option(cli, c, optarg, argv, err)))
			return rc;
	}
	for (int i = optind; i < argc; i++) {
		if (KL_ALLOC_GROW(cli->positional, cli->npositional + 1,
		                  cli->apositional))
			return KL_ENOMEM;
		cli->positional[cli->npositional++] = argv[i];
	}
	return 0;
}

int kl_cli_parse(struct kl_cli *cli, int argc, char **argv,
                 bool stdout_is_terminal, struct kl_buf *err)
{
	struct kl_options *o = &cli->opts;
	enum kl_command real;
	int rc;

	memset(cli, 0, sizeof(*cli));
	kl_options_init(o);
	if (argc < 2) {
		cli->command = KL_CMD_HELP;
		cli->usage_error = true;
		return 0;
	}
	if ((rc = parse_command(cli, argc, argv, err)))
		return rc;
	if (cli->command == KL_CMD_HELP) {
		for (size_t i = 1; argc > 2 && i < KL_CMD_HELP; i++)
			if (commands[i] && strcmp(argv[2], commands[i]) == 0)
				cli->help_for = (enum kl_command)i;
		return 0;
	}
	real = cli->command == KL_CMD_BASELINE
	           ? (o->baseline_of == KL_MODE_SCAN ? KL_CMD_SCAN
	                                             : KL_CMD_HISTORY)
	           : cli->command;
	o->mode = real == KL_CMD_HISTORY || real == KL_CMD_AUDIT
	              ? KL_MODE_HISTORY
	          : real == KL_CMD_STAGED ? KL_MODE_STAGED
	                                  : KL_MODE_SCAN;
	if ((rc = parse_options(cli, argc, argv, err)) ||
	    cli->command == KL_CMD_HELP)
		return rc;
	if (cli->rules_check && cli->command != KL_CMD_RULES)
		return usage(err, "--check is an option of 'keylint rules'");
	if (cli->command == KL_CMD_RULES) {
		/* A listing: text unless asked. */
		if (cli->format_set && o->format != KL_FORMAT_JSON &&
		    o->format != KL_FORMAT_TEXT)
			return usage(err, "rules: --format must be json or "
			                  "text");
		if (!cli->format_set)
			o->format = KL_FORMAT_TEXT;
	} else if (cli->command == KL_CMD_EXPLAIN) {
		return explain_args(cli, err);
	} else if (cli->command == KL_CMD_CONFIG) {
		if (cli->npositional != 1)
			return usage(err, "config import: give one gitleaks "
			                  "config, as in keylint config import "
			                  ".gitleaks.toml");
		if (o->noutputs > 1)
			return usage(err, "config import: -o at most once");
		return 0;
	} else if (cli->command == KL_CMD_BASELINE) {
		if (o->noutputs != 1)
			return usage(err, "baseline: give the file to write "
			                  "with -o FILE (once)");
		o->write_baseline = true;
		o->outputs[0].format = KL_FORMAT_JSON;
		cli->command = real;
	} else if (cli->command == KL_CMD_AUDIT ||
	           cli->command == KL_CMD_MERGE) {
		if ((rc = audit_outputs(cli, stdout_is_terminal, err)))
			return rc;
	} else if ((rc = settle_outputs(cli, stdout_is_terminal, err))) {
		return rc;
	}
	return assign_positional(cli, err);
}
