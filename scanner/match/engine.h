/*
 * engine: what every source shares once it has bytes in hand.  The engine
 * holds the read-only scan setup (options, rules, config, ignore list);
 * a worker is one thread's mutable state (matcher, read buffer, findings,
 * errors, counters).  Sources (worktree, history, staged) produce content
 * and call kl_engine_scan; they never touch the matcher directly.
 */
#ifndef KL_ENGINE_H
#define KL_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "findings.h"
#include "ignore.h"
#include "matcher.h"
#include "rules.h"

struct kl_options;

/* One distinct path glob of the rules, tested at most once per file. */
struct kl_glob {
	char *pattern;
};

struct kl_error_entry {
	char *path;
	char *message;
};

struct kl_errors {
	struct kl_error_entry *v;
	size_t n, alloc;
};

#define KL_ERRORS_INIT {NULL, 0, 0}

int kl_errors_add(struct kl_errors *e, const char *path, const char *message);
int kl_errors_move(struct kl_errors *dst, struct kl_errors *src);
void kl_errors_sort(struct kl_errors *e);
void kl_errors_free(struct kl_errors *e);

struct kl_counts {
	uint64_t files, commits, blobs, bytes;
	uint64_t binary, too_large, ignored;
};

struct kl_engine {
	const struct kl_options *opts;	/* borrowed */
	struct kl_ruleset *rules;	/* owned */
	struct kl_config config;	/* owned */
	struct kl_ignore *ignore;	/* owned: .keylintignore + baseline */
	uint64_t max_file_size;
	/* Rules whose use depends on the path: path lists, or generic rules
	 * (which stay quiet in lock and checksum files). */
	uint32_t *pathdep;
	size_t npathdep, apathdep;
	/* The distinct globs of those rules' path lists, each evaluated at
	 * most once per file; rule_globs[r] lists rule r's globs as
	 * (index << 1 | is_exclude), ending with UINT32_MAX. */
	struct kl_glob *globs;
	size_t nglobs, aglobs;
	uint32_t **rule_globs;
	/* Called with each finding once its path is final, as soon as it is
	 * confirmed (JSON Lines streaming); may be NULL.  Called from worker
	 * threads: the callee locks. */
	int (*emit)(void *ud, struct kl_finding *f);
	void *emit_ud;
	/* Live totals for progress lines, updated by workers. */
	_Atomic uint64_t live_files, live_bytes, live_findings;
};

struct kl_worker {
	struct kl_engine *eng;
	struct kl_matcher *matcher;
	uint8_t *mask;
	struct kl_buf buf; /* read buffer, reused */
	struct kl_findings findings;
	struct kl_errors errors;
	struct kl_counts counts;
	uint64_t limit_total; /* regex limit hits seen so far */
	int8_t *glob_cache;   /* per glob: -1 not evaluated, 0, 1 */
	struct kl_buf norm;   /* content with escaped quotes unescaped */
	char **limit_path;    /* per rule: first path where a limit hit */
	void *source;	      /* per-thread state of the source, if any */
};

/* Set up from options: config (root/.keylint.json or --config), rules
 * (built-in, --rules files, config rules, disabled rules), ignore file at
 * root and baseline.  `root` is where .keylint.json and .keylintignore are
 * looked for (NULL: do not look).  Errors (bad rules, config, ignore file,
 * baseline) return KL_EINVAL or KL_EIO with one line in err. */
int kl_engine_init(struct kl_engine *eng, const struct kl_options *opts,
		   const char *root, struct kl_buf *err);

/* Same, with the config and ignore file given as content (for history and
 * staged, which read them from a commit or the index).  NULL: none. */
int kl_engine_init_with(struct kl_engine *eng, const struct kl_options *opts,
			const char *config_origin, const char *config_data,
			size_t config_len, const char *ignore_origin,
			const char *ignore_data, size_t ignore_len,
			struct kl_buf *err);

void kl_engine_release(struct kl_engine *eng);

int kl_worker_init(struct kl_worker *w, struct kl_engine *eng);
void kl_worker_release(struct kl_worker *w);

/* Whether a path is a lock or checksum file (generic rules stay quiet). */
bool kl_engine_is_lockfile(const char *path);

/*
 * Scan content and append findings to `out` (the worker's own list when
 * NULL).  With a path, only rules that apply to it run and findings get
 * that path.  With path NULL (history blobs, scanned once for all their
 * paths), every rule runs and findings carry an empty path; use
 * kl_engine_path_keeps to filter them per path later.
 */
int kl_engine_scan(struct kl_worker *w, const char *data, size_t len,
		   const char *path, struct kl_findings *out);

/* Hand findings v[first..n) of a list to the emit callback, if any. */
int kl_engine_emit(struct kl_engine *eng, struct kl_findings *fs,
		   size_t first);

/* Scan a blob that will be reported at several paths: findings carry no
 * path, and only rules that apply to mask_path (the first path the blob
 * was seen at) run.  Filter per path with kl_engine_path_keeps. */
int kl_engine_scan_blob(struct kl_worker *w, const char *data, size_t len,
			const char *mask_path, struct kl_findings *out);

/* Whether a finding made without a path still holds at this path (rule
 * paths, lock files). */
bool kl_engine_path_keeps(const struct kl_engine *eng, const struct kl_rule *r,
			  const char *path);

/* Whether the global allowlist's paths skip this path. */
bool kl_engine_path_allowed(const struct kl_engine *eng, const char *path);

/* Print warnings for rules whose regex hit a PCRE2 limit (across workers)
 * to stderr, naming the rule and a path.  Returns how many rules. */
size_t kl_engine_report_limits(const struct kl_engine *eng,
			       struct kl_worker *workers, size_t nworkers,
			       bool quiet);

#endif
