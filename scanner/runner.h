/*
 * runner: runs any source on a pool of worker threads.  It owns the
 * workers (one matcher each), the progress line, the counters and the
 * merge of what each worker found; a source only finds work and turns it
 * into chunks (source.h).  Findings whose path is final are handed to an
 * optional callback as soon as they are made (JSON Lines streaming).
 */
#ifndef KL_RUNNER_H
#define KL_RUNNER_H

#include "engine.h"
#include "findings.h"
#include "report.h"
#include "source.h"

struct kl_run {
	struct kl_source *source;       /* borrowed */
	const struct kl_engine *engine; /* borrowed */
	const struct kl_ruleset *rules; /* borrowed */
	const struct kl_options *opts;  /* borrowed */
	const struct kl_config *config; /* borrowed */
	uint64_t max_file_size;
	/* Called from worker threads with each finding that has its final
	 * path (the callee locks); may be NULL. */
	int (*on_final)(void *ud, struct kl_finding *f);
	void *ud;
	/* When set, the run is the source's second round (ops->recheck)
	 * for these secrets instead of produce(). */
	const struct kl_secrets *recheck;
};

/*
 * Run the source: produce, load every job on the workers, finish.  The
 * report gets the counts, errors, warnings and findings (those of blob
 * chunks without a path yet).  A source that could read nothing marks the
 * report incomplete, with the reason in err, and returns 0; other failures
 * (out of memory, a worker that cannot start) return non-zero with a
 * message in err.
 */
int kl_runner_run(const struct kl_run *run, struct kl_report *rep,
                  struct kl_buf *err);

/* Files (or blobs) and bytes read so far by the current run.
 * Async-signal-safe. */
void kl_runner_live(uint64_t *files, uint64_t *bytes);

#endif
