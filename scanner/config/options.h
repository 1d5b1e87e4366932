/*
 * options: everything the command line decides, in one struct that every
 * stage receives as `const struct kl_options *`.  Nothing in keylint reads
 * options from globals or the environment.  The arrays point into argv
 * (borrowed for the life of the process).
 */
#ifndef KL_OPTIONS_H
#define KL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

struct kl_blobstate;

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
	KL_FORMAT_HTML,
};

/* Where a report goes: a file (path), or standard output (path NULL). */
struct kl_output {
	const char *path;
	enum kl_format format;
};

#define KL_MAX_OUTPUTS 8

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
	/* keylint baseline scan|history: write a baseline of the findings
	 * to outputs[0] instead of a report. */
	bool write_baseline;
	enum kl_mode baseline_of;
	const char *stdin_name;
	/* Every report to write: the -o files (format from the extension)
	 * and standard output (the --format, or text on a terminal and JSON
	 * otherwise) unless -o was given without --format. */
	struct kl_output outputs[KL_MAX_OUTPUTS];
	size_t noutputs;
	enum kl_format format; /* --format, or the default of standard output */
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
	bool trust_repo; /* ignore git's safe.directory ownership rule */
	unsigned max_archive_depth; /* archives in archives; 0: not read */
	unsigned max_decode_depth;  /* decoded in decoded; 0: no decoding */
	int color;                  /* -1 auto, 0 never, 1 always */
	/* --explain: keep every candidate the rules dropped, with the
	 * verdict that dropped it (kl_report.dropped). */
	bool explain;
	/* Reference paths for tests, each giving the same report as the
	 * fast one: matching whole content instead of keyword windows,
	 * PCRE2's interpreter instead of its JIT (for memory checkers), and
	 * staged's full HEAD-to-index comparison instead of the cache-tree's
	 * narrowed one, and history's blobs read one by one through libgit2
	 * instead of by the pack reader. */
	bool whole_match;
	bool no_jit;
	bool full_diff;
	bool no_pack_reader;
	/* audit: --shard K/N (shard_n 0: the whole list), --cache DIR for
	 * clones of URLs; history and audit: --state FILE. */
	unsigned shard_k, shard_n;
	const char *cache_dir;
	const char *state_file;
	/* Blobs an earlier run found clean, and what this run reads: set by
	 * the audit for each repository's history scan (blobstate.h). */
	struct kl_blobstate *blobstate;
};

#define KL_DEFAULT_MAX_FILE_SIZE (25ull << 20)

/* Fill opts with defaults (threads: online CPUs). */
void kl_options_init(struct kl_options *opts);

#endif
