/*
 * help: the usage text of keylint and of each command.  The man page and
 * the shell completions list the same options; a test keeps them in step.
 */
#include "help.h"

static const char help_main[] =
    "usage: keylint <command> [options]\n"
    "\n"
    "Find hardcoded secrets and keys that would ship to a browser.\n"
    "\n"
    "commands:\n"
    "  scan [PATH...]            files and folders on disk (default: .)\n"
    "  scan -                    standard input (--stdin-name NAME)\n"
    "  history [REPO] [REV...]   git history (default: every ref and "
    "HEAD)\n"
    "  staged [REPO]             what is staged for the next commit\n"
    "  audit LIST [--shard K/N]  the history of every repository in LIST\n"
    "  merge REPORT...           combine the reports of an audit's shards\n"
    "  baseline scan|history ... record today's findings (-o FILE)\n"
    "  rules [--format json|text] list the rules in force\n"
    "  rules --check [FILE...]   validate rules and run their examples\n"
    "  explain PATH[:LINE]       every candidate there, kept or dropped, and "
    "why\n"
    "  config import FILE        turn a .gitleaks.toml into .keylint.json\n"
    "  version                   print the version\n"
    "\n"
    "Run 'keylint <command> --help' for the options of a command.\n"
    "Exit codes: 0 no findings, 1 findings (--exit-code), 2 usage,\n"
    "config or rule error, 3 the scan could not complete, 130/143\n"
    "interrupted.\n";

#define OUTPUT_HELP                                                            \
	"  --format text|json|jsonl|sarif|html\n"                              \
	"                          standard output's format (default: text "   \
	"on\n"                                                                 \
	"                          a terminal, json otherwise)\n"              \
	"  -o, --output FILE       also write a report to FILE, in the "       \
	"format of its\n"                                                      \
	"                          extension (.json .jsonl .sarif .txt\n"      \
	"                          .html); repeatable; written atomically, "   \
	"mode 0600\n"

#define SCAN_HELP                                                              \
	"  --config FILE           config file (default: .keylint.json at "    \
	"the root)\n"                                                          \
	"  --rules FILE            extra rule file (repeatable)\n"             \
	"  --no-default-rules      do not load the built-in rules\n"           \
	"  --baseline FILE         do not report findings the baseline "       \
	"knows\n"                                                              \
	"  --show-secrets          print secrets unredacted\n"                 \
	"  --explain               also list what the rules dropped, and "     \
	"why\n"                                                                \
	"  --threads N             worker threads (default: online CPUs)\n"    \
	"  --max-file-size SIZE    skip larger files (default 25MB; 512k, "    \
	"10MB, 1G)\n"                                                          \
	"  --max-archive-depth N   read archives in archives N deep "          \
	"(default 3, 0: off)\n"                                                \
	"  --max-decode-depth N    decode encoded text N deep (default 2, "    \
	"0: off)\n"                                                            \
	"  --min-severity LEVEL    low|medium|high|critical: findings below "  \
	"do not fail the run\n"                                                \
	"  --exit-code N           exit code when there are findings "         \
	"(default 1)\n"                                                        \
	"  --progress, --no-progress  progress on stderr (default: when a "    \
	"terminal)\n"                                                          \
	"  --color auto|always|never  colour in text output\n"                 \
	"  -q, --quiet             no progress, warnings or summary line\n"    \
	"  -h, --help              this help\n"

static const char help_scan[] =
    "usage: keylint scan [options] [PATH...]\n"
    "       keylint scan [options] -\n"
    "\n"
    "Scan files and folders as they are on disk.  Inside a git work tree\n"
    "paths are relative to the repository's root, its .keylint.json and\n"
    ".keylintignore apply, what git ignores is skipped and .git is never\n"
    "entered; symbolic links are not followed; binary and oversized files\n"
    "are skipped and counted.\n"
    "\n"
    "options:\n" OUTPUT_HELP SCAN_HELP
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
    "options:\n" OUTPUT_HELP SCAN_HELP
    "  --trust-repo            scan a repository owned by another user\n"
    "                          (git's safe.directory rule)\n"
    "  --state FILE            remember the blobs read clean; the next run\n"
    "                          reads only new blobs and those with findings\n";

static const char help_staged[] =
    "usage: keylint staged [options] [REPO]\n"
    "\n"
    "Scan the lines added in the index relative to HEAD: what the next\n"
    "commit would add.  Used by the pre-commit hook.\n"
    "\n"
    "options:\n" OUTPUT_HELP SCAN_HELP
    "  --trust-repo            scan a repository owned by another user\n";

static const char help_baseline[] =
    "usage: keylint baseline scan [options] [PATH...] -o FILE\n"
    "       keylint baseline history [options] [REPO] [REV...] -o FILE\n"
    "\n"
    "Record the secrets found today, so that a later scan with\n"
    "--baseline FILE reports only new ones.  An entry holds a rule and a\n"
    "digest of the secret, not its path, so a moved or renamed secret\n"
    "stays known; a weak secret's digest is a deliberately slow, salted\n"
    "hash, so the file is safe to commit.\n"
    "\n"
    "options: those of scan or history, and\n"
    "  -o, --output FILE       where to write the baseline (required)\n";

static const char help_audit[] =
    "usage: keylint audit [options] LIST\n"
    "\n"
    "Scan the history of every repository named in LIST, one a line: a\n"
    "path (relative to LIST's folder), a bare clone, or a URL that keylint\n"
    "clones into the cache and fetches again on the next run.  Blank lines\n"
    "and # comments are skipped.  The JSON Lines report has a header, then\n"
    "each repository's scan record (or its error) and findings, in the\n"
    "order of the names, then the secrets reused across repositories and\n"
    "applications; text, HTML and JSON list the reused secrets first.  A\n"
    "repository that cannot be fetched or read is an error and the audit\n"
    "goes on.  A shard's report is JSON Lines, for keylint merge.\n"
    "\n"
    "options:\n"
    "  --shard K/N             scan only share K of N (1 <= K <= N), chosen\n"
    "                          by a hash of each entry; keylint merge joins\n"
    "                          the shares\n"
    "  --cache DIR             where clones of URLs are kept (default:\n"
    "                          $XDG_CACHE_HOME/keylint/repos)\n"
    "  --state FILE            remember what this run covered; the next run\n"
    "                          reads only blobs it has not seen\n"
    "  --format FORMAT         text|html|json|jsonl: standard output's\n"
    "                          format (default: text on a terminal, else\n"
    "                          jsonl; jsonl only with --shard)\n"
    "  -o, --output FILE       write the report to FILE, in the format of\n"
    "                          its extension (.txt .html .json "
    ".jsonl)\n" SCAN_HELP
    "  --trust-repo            scan repositories owned by another user\n";

static const char help_merge[] =
    "usage: keylint merge [options] REPORT...\n"
    "\n"
    "Combine the JSON Lines reports of an audit's shards into the report\n"
    "one unsharded audit gives: repositories in name order, the summary\n"
    "and the reuse groups computed again across every shard.  A\n"
    "repository found in two reports is taken from the first.  Text, HTML\n"
    "and JSON are rendered from the merged records, reused secrets first,\n"
    "secrets as the reports have them (redacted).\n"
    "\n"
    "options:\n"
    "  --format FORMAT         text|html|json|jsonl: standard output's\n"
    "                          format (default: text on a terminal, else\n"
    "                          jsonl)\n"
    "  -o, --output FILE       write the report to FILE, in the format of\n"
    "                          its extension (.txt .html .json .jsonl)\n"
    "  --min-severity LEVEL    low|medium|high|critical: findings below "
    "do not fail the run\n"
    "  --exit-code N           exit code when there are findings "
    "(default 1)\n"
    "  -q, --quiet             no summary line\n"
    "  -h, --help              this help\n";

static const char help_rules[] =
    "usage: keylint rules [--format json|text] [--rules FILE] "
    "[--no-default-rules] [--config FILE]\n"
    "       keylint rules --check [FILE...]\n"
    "\n"
    "List the rules in force, sorted by id, or validate rule files and\n"
    "run every rule's positive and negative examples (with FILEs: only\n"
    "those files).\n";

static const char help_version[] = "usage: keylint version\n";

static const char help_explain[] =
    "usage: keylint explain [options] PATH[:LINE]\n"
    "\n"
    "Scan PATH as 'keylint scan' would and show every candidate the rules\n"
    "produced there (on LINE only, when given), with what became of it:\n"
    "reported, or dropped as a placeholder, below the rule's entropy, by\n"
    "an allowlist or stopword, an inline marker, .keylintignore, the\n"
    "baseline, .gitleaksignore, or a better rule's finding on the same\n"
    "bytes.  Exits 0 whatever it shows.\n"
    "\n"
    "options:\n"
    "  --format text|json      text (default), or the JSON report with its\n"
    "                          \"dropped\" list\n"
    "  --config FILE           the config to use instead of .keylint.json\n"
    "  --rules FILE            add rules from a JSON file (repeatable)\n"
    "  --no-default-rules      do not load the built-in rules\n"
    "  --baseline FILE         show what the baseline silences\n"
    "  --show-secrets          print candidates unredacted\n"
    "  --color auto|always|never  colours on a terminal (default: auto)\n";

static const char help_config[] =
    "usage: keylint config import [options] FILE\n"
    "\n"
    "Convert a gitleaks config (.gitleaks.toml) into the .keylint.json\n"
    "that does the same, as far as keylint can, and say on standard\n"
    "error what could not be carried over.  A scan given a .toml config\n"
    "converts it the same way for that run; a .gitleaksignore is read\n"
    "as it is.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE       write the result there (never over an\n"
    "                          existing file) instead of standard output\n";

const char *kl_help(enum kl_command cmd)
{
	switch (cmd) {
	case KL_CMD_SCAN:
		return help_scan;
	case KL_CMD_HISTORY:
		return help_history;
	case KL_CMD_STAGED:
		return help_staged;
	case KL_CMD_BASELINE:
		return help_baseline;
	case KL_CMD_RULES:
		return help_rules;
	case KL_CMD_VERSION:
		return help_version;
	case KL_CMD_CONFIG:
		return help_config;
	case KL_CMD_EXPLAIN:
		return help_explain;
	case KL_CMD_AUDIT:
		return help_audit;
	case KL_CMD_MERGE:
		return help_merge;
	default:
		return help_main;
	}
}
