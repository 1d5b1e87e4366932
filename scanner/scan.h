/*
 * scan: the orchestrator.  It turns options into an engine, runs the
 * source for the mode (a work tree, git history, the index or stdin) on a
 * pool of workers, and post-processes what they found: client-side
 * classification, .keylintignore and baseline, sorting and de-duplication.
 * The result is a report for the reporters; exit codes are main's business.
 */
#ifndef KL_SCAN_H
#define KL_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "engine.h"
#include "findings.h"
#include "rules.h"

enum kl_mode {
	KL_MODE_SCAN = 0,
	KL_MODE_HISTORY,
	KL_MODE_STAGED,
};

enum kl_format {
	KL_FORMAT_JSON = 0,
	KL_FORMAT_SARIF,
	KL_FORMAT_TEXT,
	KL_FORMAT_JSONL,
};

enum kl_progress {
	KL_PROGRESS_AUTO = 0, /* on when stderr is a terminal */
	KL_PROGRESS_ON,
	KL_PROGRESS_OFF,
};

struct kl_options {
	enum kl_mode mode;
	char **targets; /* scan: paths; history/staged: [REPO] */
	size_t ntargets;
	char **revs; /* history: revisions as git log takes them */
	size_t nrevs;
	bool use_stdin;
	const char *stdin_name;
	enum kl_format format;
	const char *output;
	const char *config;
	char **rule_files;
	size_t nrule_files;
	bool no_default_rules;
	const char *baseline;
	bool show_secrets;
	unsigned threads;
	uint64_t max_file_size;
	bool max_file_size_set;
	enum kl_severity min_severity;
	int exit_code;
	enum kl_progress progress;
	bool quiet;
	bool no_git_ignore;
	bool whole_match;     /* reference matching path, for tests */
	bool trust_repo;      /* ignore git's safe.directory ownership rule */
	int color;	      /* -1 auto, 0 never, 1 always */
};

#define KL_DEFAULT_MAX_FILE_SIZE (25ull << 20)

/* Fill opts with defaults (threads: online CPUs). */
void kl_options_init(struct kl_options *opts);

struct kl_report {
	enum kl_mode mode;
	char **targets;
	size_t ntargets;
	const struct kl_ruleset *rules; /* the rules in force */
	struct kl_counts counts;
	uint64_t duration_ms;
	struct kl_findings findings;
	struct kl_errors errors;
	size_t gated;	 /* findings at or above --min-severity */
	bool incomplete; /* the scan could not complete */
	bool show_secrets;
	bool streamed; /* findings were already written (JSON Lines) */
};

struct kl_scan;

/* Prepare a scan: read config, rules, ignore file and baseline.  Returns
 * KL_EINVAL/KL_EIO with one line in err for anything wrong with them
 * (exit code 2), KL_ENOMEM. */
int kl_scan_new(struct kl_scan **out, const struct kl_options *opts,
		struct kl_buf *err);

/* Run the scan.  Per-file problems end up in the report's errors.  A
 * failure of the scan as a whole (unreadable repository) returns KL_EIO
 * with a message in err and leaves a report marked incomplete. */
int kl_scan_run(struct kl_scan *s, struct kl_buf *err);

/* The report of the last run (owned by the scan). */
const struct kl_report *kl_scan_report(const struct kl_scan *s);

/* The engine (rules and config) of a prepared scan. */
struct kl_engine *kl_scan_engine(struct kl_scan *s);

void kl_scan_free(struct kl_scan *s);

/* Post-processing shared by every mode: classify client-side findings
 * (reading package.json files through read/ud), drop ignored and
 * baselined ones, sort, de-duplicate, count findings at or above
 * min-severity. */
int kl_scan_finish_findings(struct kl_engine *eng, struct kl_report *rep,
			    int (*read)(void *ud, const char *relpath,
					struct kl_buf *out),
			    void *ud);

/* Run every enabled rule's examples (positive must be found by that rule
 * on both matching paths; negative must not be).  Failures are written to
 * out, one line each; returns the number of failures. */
size_t kl_scan_check_rules(struct kl_engine *eng, struct kl_buf *out);

#endif
